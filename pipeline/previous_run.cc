#include "pipeline/previous_run.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace govharvest {

TimestampUs PreviousRunStart(const std::vector<JobRecord>& jobs, std::vector<std::string> sites, int year_from,
                             int year_to) {
  using nlohmann::json;
  std::sort(sites.begin(), sites.end());
  const json wanted_years = {year_from, year_to};
  TimestampUs latest = 0;
  for (const JobRecord& job : jobs) {
    if (job.kind != "crawl" || job.ended_at == 0) continue;
    const json opts = json::parse(job.options_json, nullptr, /*allow_exceptions=*/false);
    if (!opts.is_object()) continue;
    const auto recorded_sites = opts.find("sites");
    const auto recorded_years = opts.find("years");
    if (recorded_sites == opts.end() || !recorded_sites->is_array() || recorded_years == opts.end()) continue;
    std::vector<std::string> names;
    for (const json& name : *recorded_sites) {
      if (name.is_string()) names.push_back(name.get<std::string>());
    }
    if (names.size() != recorded_sites->size()) continue;
    std::sort(names.begin(), names.end());
    if (names == sites && *recorded_years == wanted_years) latest = std::max(latest, job.started_at);
  }
  return latest;
}

}  // namespace govharvest
