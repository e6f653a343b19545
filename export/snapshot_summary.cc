// summary.html: one self-contained page (inline CSS and SVG, no script, no
// network) with the snapshot's coverage and quality figures. Every figure
// shown is also in the JSON block <script type="application/json"
// id="summary-data"> and on its chart bar as data-count, so tools (and the
// tests) can read the numbers the page shows.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>

#include "export/snapshot_writers.h"
#include "store/html_escape.h"

namespace govharvest {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using Counts = std::map<std::string, int64_t>;

std::string Percent(int64_t part, int64_t whole) {
  if (whole == 0) return "–";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}

Json ToJson(const Counts& counts) {
  Json j = Json::object();
  for (const auto& [k, v] : counts) j[k] = v;
  return j;
}

// The `limit` largest entries, ties by key.
std::vector<std::pair<std::string, int64_t>> Top(const Counts& counts, size_t limit) {
  std::vector<std::pair<std::string, int64_t>> items(counts.begin(), counts.end());
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (items.size() > limit) items.resize(limit);
  return items;
}

// A horizontal bar chart; every bar carries data-chart, data-label and data-count.
std::string BarChart(const std::string& id, const std::vector<std::pair<std::string, int64_t>>& bars,
                     const char* colour) {
  if (bars.empty()) return "<p class=\"empty\">none</p>\n";
  int64_t max = 1;
  for (const auto& [label, n] : bars) max = std::max(max, n);
  constexpr int kRow = 22, kLabel = 200, kBar = 420;
  const int height = static_cast<int>(bars.size()) * kRow + 4;
  std::string svg = "<svg class=\"chart\" id=\"" + id + "\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    std::to_string(kLabel + kBar + 70) + "\" height=\"" + std::to_string(height) + "\" role=\"img\">\n";
  int y = 2;
  for (const auto& [label, n] : bars) {
    const int width = std::max(1, static_cast<int>(static_cast<double>(n) / static_cast<double>(max) * kBar));
    svg += "<text x=\"" + std::to_string(kLabel - 6) + "\" y=\"" + std::to_string(y + 15) +
           "\" text-anchor=\"end\">" + HtmlEscape(label) + "</text>";
    svg += "<rect x=\"" + std::to_string(kLabel) + "\" y=\"" + std::to_string(y + 2) + "\" width=\"" +
           std::to_string(n == 0 ? 0 : width) + "\" height=\"" + std::to_string(kRow - 6) + "\" fill=\"" + colour +
           "\" data-chart=\"" + id + "\" data-label=\"" + HtmlEscape(label) + "\" data-count=\"" + std::to_string(n) +
           "\"/>";
    svg += "<text x=\"" + std::to_string(kLabel + (n == 0 ? 0 : width) + 6) + "\" y=\"" + std::to_string(y + 15) +
           "\">" + std::to_string(n) + "</text>\n";
    y += kRow;
  }
  return svg + "</svg>\n";
}

std::vector<std::pair<std::string, int64_t>> Items(const Counts& counts) { return {counts.begin(), counts.end()}; }

const Json& Member(const Json& j, const char* key) {
  static const Json kNull;  // immutable
  const auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

// "strict" (every hard check with data equal with all operands reported),
// "lenient" (equal only with blanks as 0), "fail" (any hard check failed),
// "no_checks" (no hard check had data).
std::string IdentityClass(const Json& report) {
  const Json& hard = Member(Member(report, "validation"), "hard");
  bool any_strict = false, any_lenient = false;
  if (hard.is_array()) {
    for (const Json& check : hard) {
      const std::string outcome = check.value("outcome", "");
      if (outcome == "fail") return "fail";
      any_strict |= outcome == "strict";
      any_lenient |= outcome == "lenient";
    }
  }
  if (any_lenient) return "lenient";
  return any_strict ? "strict" : "no_checks";
}

bool IsProblemOutcome(const std::string& outcome) {
  return outcome.starts_with("error:") || outcome == "blocked_challenge" || outcome == "robots_denied";
}

class SummaryWriter : public SnapshotWriter {
 public:
  explicit SummaryWriter(const SnapshotRun& run) : run_(run) {}

  Status AddDocument(const SnapshotDocument& d) override {
    ++documents_;
    if (!d.is_report()) return Status::Ok();
    ++reports_;
    const ReportContext& c = d.context;
    // Agencies are counted by agency_id (the body); a report without one is counted apart, never as an agency.
    if (c.agency_id.empty()) {
      ++reports_without_agency_id_;
    } else {
      agencies_.insert(c.agency_id);
    }
    ++by_year_[c.year == 0 ? "unknown" : std::to_string(c.year)];
    ++by_template_[c.template_version];
    ++by_level_[c.admin_level.empty() ? "unknown" : c.admin_level];
    const std::string province = ProvinceOfDivisionCode(c.division_code);
    ++by_province_[province.empty() ? "unknown" : province];
    ++identity_[IdentityClass(d.report)];
    const std::optional<bool> pass = IdentitiesPass(d.report);
    ++identities_pass_[pass ? (*pass ? "pass" : "fail") : "no_data"];
    const Json& validation = Member(d.report, "validation");
    std::set<std::string> failed_rules;
    const Json& hard = Member(validation, "hard");
    if (hard.is_array()) {
      for (const Json& check : hard) {
        if (check.value("outcome", "") == "fail") failed_rules.insert(check.value("rule", ""));
      }
    }
    for (const std::string& rule : failed_rules) ++failing_rules_[rule];
    const Json& flags = Member(validation, "flags");
    if (flags.is_array()) {
      for (const Json& flag : flags) {
        if (flag.is_string()) ++flags_[flag.get<std::string>()];
      }
    }
    return Status::Ok();
  }

  Status Finish(std::vector<std::string>* files) override {
    Json sites = Json::object();
    for (const auto& [site, outcomes] : run_.index->outcomes_by_site) {
      int64_t problems = 0, total = 0;
      for (const auto& [outcome, n] : outcomes) {
        total += n;
        if (IsProblemOutcome(outcome)) problems += n;
      }
      if (problems == 0) continue;
      Json entry = {{"captures", total}};
      for (const auto& [outcome, n] : outcomes) {
        if (IsProblemOutcome(outcome)) entry[outcome] = n;
      }
      sites[site.empty() ? "(no site)" : site] = entry;
    }
    Json data = {{"schema_version", kSnapshotSchemaVersion},
                 {"reports", reports_},
                 {"documents", documents_},
                 {"captures", run_.index->captures},
                 {"agencies", static_cast<int64_t>(agencies_.size())},
                 {"reports_without_agency_id", reports_without_agency_id_},
                 {"by_year", ToJson(by_year_)},
                 {"by_template", ToJson(by_template_)},
                 {"by_admin_level", ToJson(by_level_)},
                 {"by_province", ToJson(by_province_)},
                 {"identity", ToJson(identity_)},
                 {"identities_pass", ToJson(identities_pass_)},
                 {"failing_rules", ToJson(failing_rules_)},
                 {"flags", ToJson(flags_)},
                 {"sites_with_problems", sites}};
    std::string json_text = data.dump();
    for (size_t at = 0; (at = json_text.find("</", at)) != std::string::npos; at += 3) json_text.replace(at, 2, "<\\/");

    std::string html;
    html += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
    html += "<title>govharvest snapshot summary</title>\n<style>\n";
    html += "body{font-family:sans-serif;margin:24px;color:#1b1f23;background:#fff;max-width:980px}"
            "h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #d0d7de}h3{font-size:14px}"
            ".figures{display:flex;gap:16px;flex-wrap:wrap}.figure{border:1px solid #d0d7de;border-radius:6px;"
            "padding:10px 16px;min-width:120px}.figure b{display:block;font-size:26px;color:#0550ae}"
            "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #d0d7de;padding:3px 8px;"
            "text-align:left}td.n{text-align:right}svg.chart text{font-size:12px;fill:#1b1f23}"
            ".empty{color:#57606a}.filters{color:#57606a;font-size:13px}\n";
    html += "</style>\n</head>\n<body>\n<h1>govharvest snapshot: 政府信息公开工作年度报告</h1>\n";
    html += "<p class=\"filters\">Filters: " + HtmlEscape(run_.filters_text) + ". Snapshot schema version " +
            std::to_string(kSnapshotSchemaVersion) + ". Tool govharvest " + GOVHARVEST_VERSION + ".</p>\n";
    html += "<div class=\"figures\">";
    for (const auto& [label, key, n] : std::vector<std::tuple<std::string, std::string, int64_t>>{
             {"reports", "reports", reports_},
             {"agencies", "agencies", static_cast<int64_t>(agencies_.size())},
             {"documents", "documents", documents_},
             {"captures", "captures", run_.index->captures}}) {
      html += "<div class=\"figure\" data-figure=\"" + key + "\" data-count=\"" + std::to_string(n) + "\"><b>" +
              std::to_string(n) + "</b>" + label + "</div>";
    }
    html += "</div>\n";
    html += "<h2>Reports per year</h2>\n" + BarChart("by_year", Items(by_year_), "#0969da");
    html += "<h2>Reports per template</h2>\n" + BarChart("by_template", Items(by_template_), "#8250df");
    html += "<h2>Reports per province</h2>\n" + BarChart("by_province", Items(by_province_), "#1a7f37");
    html += "<h2>Reports per administrative level</h2>\n" + BarChart("by_admin_level", Items(by_level_), "#bf8700");
    html += "<h2>Identity checks (H1–H5)</h2>\n<table id=\"identity\"><tr><th>outcome</th><th>reports</th>"
            "<th>share</th></tr>\n";
    for (const char* cls : {"strict", "lenient", "fail", "no_checks"}) {
      const auto it = identity_.find(cls);
      const int64_t n = it == identity_.end() ? 0 : it->second;
      html += "<tr><td>" + std::string(cls) + "</td><td class=\"n\" data-identity=\"" + cls + "\" data-count=\"" +
              std::to_string(n) + "\">" + std::to_string(n) + "</td><td class=\"n\">" + Percent(n, reports_) +
              "</td></tr>\n";
    }
    const auto count = [](const Counts& counts, const char* key) {
      const auto it = counts.find(key);
      return it == counts.end() ? int64_t{0} : it->second;
    };
    const int64_t passing = count(identities_pass_, "pass"), failing = count(identities_pass_, "fail");
    html += "</table>\n<p>strict: every hard check with data holds with all operands reported; lenient: holds only "
            "with blank cells read as 0; fail: at least one hard check fails; no_checks: no hard check had data "
            "(a report without table cells): its identities_pass is null, and it is not counted as passing.</p>\n";
    html += "<p id=\"identities-pass\">Reports passing (identities_pass = 1): <b data-identities-pass=\"pass\" "
            "data-count=\"" + std::to_string(passing) + "\">" + std::to_string(passing) + "</b> of " +
            std::to_string(passing + failing) + " reports with checked data (" + Percent(passing, passing + failing) +
            "); failing: <b data-identities-pass=\"fail\" data-count=\"" + std::to_string(failing) + "\">" +
            std::to_string(failing) + "</b>; without data (null): <b data-identities-pass=\"no_data\" "
            "data-count=\"" + std::to_string(count(identities_pass_, "no_data")) + "\">" +
            std::to_string(count(identities_pass_, "no_data")) + "</b>.</p>\n";
    html += "<h2>Most common failures</h2>\n<h3>Failing hard checks (reports)</h3>\n" +
            BarChart("failing_rules", Top(failing_rules_, 10), "#cf222e");
    html += "<h3>Flags (reports)</h3>\n" + BarChart("flags", Top(flags_, 15), "#bc4c00");
    html += "<h2>Sites with errors or blocks</h2>\n";
    if (sites.empty()) {
      html += "<p class=\"empty\">none</p>\n";
    } else {
      html += "<table id=\"sites\"><tr><th>site</th><th>captures</th><th>problems (outcome: captures)</th></tr>\n";
      for (const auto& [site, entry] : sites.items()) {
        std::string problems;
        for (const auto& [k, v] : entry.items()) {
          if (k != "captures") problems += (problems.empty() ? "" : ", ") + HtmlEscape(k) + ": " + v.dump();
        }
        html += "<tr><td>" + HtmlEscape(site) + "</td><td class=\"n\">" + entry["captures"].dump() + "</td><td>" +
                problems + "</td></tr>\n";
      }
      html += "</table>\n";
    }
    html += "<h2>Crawl jobs covered</h2>\n<table id=\"jobs\"><tr><th>job</th><th>kind</th><th>started</th>"
            "<th>ended</th><th>counters</th></tr>\n";
    for (const JobRecord& job : run_.jobs) {
      std::string counters;
      for (const auto& [k, v] : job.counters) counters += (counters.empty() ? "" : ", ") + k + "=" + std::to_string(v);
      html += "<tr><td>" + HtmlEscape(job.id) + "</td><td>" + HtmlEscape(job.kind) + "</td><td>" +
              FormatTimestamp(job.started_at) + "</td><td>" +
              (job.ended_at == 0 ? std::string("not ended (killed or running)") : FormatTimestamp(job.ended_at)) +
              "</td><td>" + HtmlEscape(counters) + "</td></tr>\n";
    }
    html += "</table>\n";
    html += "<script type=\"application/json\" id=\"summary-data\">" + json_text + "</script>\n</body>\n</html>\n";

    const fs::path path = fs::path(run_.dir) / "summary.html";
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << html;
    out.close();
    if (out.fail()) return Status::IoError("cannot write '" + path.string() + "'");
    files->push_back("summary.html");
    return Status::Ok();
  }

 private:
  SnapshotRun run_;
  int64_t documents_ = 0;
  int64_t reports_ = 0;
  std::set<std::string> agencies_;  // agency_id values
  int64_t reports_without_agency_id_ = 0;
  Counts by_year_, by_template_, by_level_, by_province_, identity_, identities_pass_, failing_rules_, flags_;
};

}  // namespace

std::unique_ptr<SnapshotWriter> MakeSummaryWriter(const SnapshotRun& run) {
  return std::make_unique<SummaryWriter>(run);
}

}  // namespace govharvest
