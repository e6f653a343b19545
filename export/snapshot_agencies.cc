#include "export/snapshot_agencies.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "extract/division_table.h"

namespace govharvest {
namespace {

using Json = nlohmann::ordered_json;

std::string StringAt(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The lower-case host of an http(s) URL, "" for anything else.
std::string HostOf(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos || (url.compare(0, scheme, "http") != 0 && url.compare(0, scheme, "https") != 0)) {
    return "";
  }
  const size_t begin = scheme + 3;
  const size_t end = url.find_first_of(":/?#", begin);
  std::string host = url.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
  return host;
}

Json Array(const std::set<std::string>& values) {
  Json out = Json::array();
  for (const std::string& v : values) out.push_back(v);
  return out;
}

}  // namespace

void AgencyCollector::Add(const SnapshotDocument& d) {
  if (!d.is_report()) return;
  const Json& identity = d.report.contains("identity") ? d.report["identity"] : Json();
  const std::string id = StringAt(identity, "agency_id");
  if (id.empty()) {
    ++undecided_reports_;
    return;
  }
  AgencyRow& row = rows_[id];
  if (row.id.empty()) {
    row.id = id;
    const size_t colon = id.find(':');
    row.division_code = id.substr(0, colon);
    row.name = colon == std::string::npos ? std::string() : id.substr(colon + 1);
    row.level = StringAt(identity, "agency_level");
    const DivisionTable& table = DivisionTable::Builtin();
    if (const Division* division = table.Find(row.division_code)) {
      if (const Division* p = table.Province(*division)) row.province = p->name;
      if (const Division* p = table.Prefecture(*division)) row.prefecture = p->name;
      if (division->level == DivisionLevel::kCounty) row.county = division->name;
    }
  }
  const std::string name = StringAt(identity, "agency_name");
  if (!name.empty()) row.aliases.insert(name);
  for (const SnapshotCapture& c : d.captures) {
    if (c.host_class == "mirror") continue;
    const std::string host = HostOf(c.url);
    if (!host.empty()) row.sites.insert(host);
  }
  ++row.reports;
  const int year = d.context.year;
  if (year != 0) {
    row.first_year = row.first_year == 0 ? year : std::min(row.first_year, year);
    row.last_year = std::max(row.last_year, year);
  }
}

const std::vector<std::string>& AgencyCollector::Columns() {
  static const std::vector<std::string> kColumns = {"agency_id", "name",       "aliases",    "level",
                                                    "division_code", "province", "prefecture", "county",
                                                    "sites",     "reports",    "first_year", "last_year"};
  return kColumns;
}

std::vector<std::string> AgencyCollector::Cells(const AgencyRow& row) {
  auto year = [](int y) { return y == 0 ? std::string() : std::to_string(y); };
  return {row.id,         row.name,       Array(row.aliases).dump(),      row.level,
          row.division_code, row.province, row.prefecture,              row.county,
          Array(row.sites).dump(), std::to_string(row.reports), year(row.first_year), year(row.last_year)};
}

}  // namespace govharvest
