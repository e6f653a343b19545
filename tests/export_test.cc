// `govharvest export` report formats, run as a user would on an archive built
// from the fixtures (imports, plus crawl-like captures with config sites),
// then read back by other tools: the sqlite3 CLI, Python's csv module and
// headless Chromium.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "export/snapshot_writers.h"
#include "extract/fields.h"
#include "store/archive.h"
#include "store/records.h"
#include "tests/test_archive.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::ProcessResult;
using testing::ReadFile;
using testing::RunProcess;
using testing::ScratchDir;
using testing::Which;
using testing::WriteFile;

const std::string kBinary = GOVHARVEST_BIN;
const std::string kFixtures = std::string(GOVHARVEST_SOURCE_DIR) + "/tests/fixtures";

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

// Sites of the capture set, as a config gives them (docs/config.md).
constexpr char kConfig[] = R"toml(
[harvest]
user_agent = "govharvest-test (+https://example.org/contact)"
allowed_hosts = ["127.0.0.12", "127.0.0.13", "127.0.0.14"]

[[site]]
name = "hanweb"
agency = "淮安市人民政府"
level = "city"
division_code = "320800"
entries = ["http://127.0.0.12/col/col1229426/index.html"]
hosts = ["127.0.0.12"]

[[site]]
name = "gkmlpt"
agency = "广州市增城区人民政府"
level = "district"
division_code = "440118"
entries = ["http://127.0.0.13/gkmlpt/index"]
hosts = ["127.0.0.13"]

[[site]]
name = "generic"
agency = "开封市祥符区人民政府"
level = "district"
division_code = "410212"
entries = ["http://127.0.0.14/zfxxgk/ndbg/index.jsp"]
hosts = ["127.0.0.14"]
)toml";

TimestampUs T(const char* text) {
  TimestampUs t = 0;
  EXPECT_TRUE(ParseTimestamp(text, &t).ok()) << text;
  return t;
}

// A capture as the column walker makes it, for a site of kConfig.
CaptureRecord SiteCapture(const std::string& url, const std::string& site, const char* when, const std::string& role) {
  CaptureRecord c;
  c.requested_url = url;
  c.final_url = url;
  c.http_status = 200;
  c.fetched_at = T(when);
  c.content_type = "text/html";
  c.response_headers = {{"Content-Type", "text/html"}};
  c.job_id = "crawl-test";
  c.source = "http";
  c.site = site;
  c.role = role;
  c.listed_year = 2021;
  return c;
}

class ExportTest : public ::testing::Test {
 protected:
  // One archive for the whole suite: building and extracting it is the slow part.
  static void SetUpTestSuite() {
    dir_ = std::make_unique<ScratchDir>();
    archive_ = *dir_ / "archive";
    config_ = *dir_ / "sites.toml";
    WriteFile(config_, kConfig);
    // The five seed reports and two simulator pages, imported as files.
    const std::vector<std::pair<std::string, std::string>> imports = {
        {"seeds/000_9de06cae2ece0565.txt", "http://www.xiangfuqu.gov.cn/xxgk/nb/2019.html"},
        {"seeds/001_ae51e28a24af67cf.txt", "http://www.jingjiang.gov.cn/bjgz/nb/2017.html"},
        {"seeds/002_49ee148252c18417.txt", "http://www.huaxi.gov.cn/nb/2021.html"},
        {"seeds/003_b0c83f9a26583a92.txt", "http://www.lianhua.gov.cn/nb/2022.html"},
        {"seeds/004_36e6be138d2a2c92.txt", "http://www.wenzhou.gov.cn/nb/2019.html"},
        {"portal-pages/trs-2021.html", "http://www.hongze.gov.cn/xxgk/zfxxgknb/202201/t20220111_1245096.html"},
        {"portal-pages/trs-2021-tzgg.html", "http://www.hongze.gov.cn/xxgk/tzgg/202201/t20220112_1245100.html"},
        {"portal-pages/mirror-2021.html", "http://www.spam-mirror.example.com/nb/2021.html"},
    };
    for (const auto& [file, url] : imports) {
      ProcessResult r = Gh({"archive", "import", kFixtures + "/" + file, "--url", url, "--fetched-at",
                            "2022-03-01T10:00:00+08:00"});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    {
      // Crawl-like captures with config sites, fetched later, plus captures
      // that failed or were blocked.
      std::unique_ptr<Archive> archive = testing::CreateArchive(archive_);
      ASSERT_TRUE(archive);
      JobRecord job;
      job.id = "crawl-test";
      job.kind = "crawl";
      job.started_at = T("2022-06-01T08:00:00Z");
      job.ended_at = T("2022-06-01T09:00:00Z");
      job.counters = {{"sites_failed", 1}};
      ArchiveBatch batch;
      batch.PutJob(job);
      ASSERT_TRUE(archive->Write(std::move(batch)).ok());
      auto put = [&](CaptureRecord c, const std::string& file) {
        std::string payload = file.empty() ? std::string() : ReadFile(kFixtures + "/" + file);
        Status s = archive->PutCapture(std::move(c), std::move(payload));
        ASSERT_TRUE(s.ok()) << s.ToString();
      };
      put(SiteCapture("http://127.0.0.12/art/2022/1/20/art_1.html", "hanweb", "2022-06-01T08:10:00Z", "report"),
          "portal-pages/hanweb-2021.html");
      put(SiteCapture("http://127.0.0.13/gkmlpt/content/1/1.html", "gkmlpt", "2022-06-01T08:20:00Z", "report"),
          "portal-pages/gkmlpt-2021.html");
      put(SiteCapture("http://127.0.0.14/zfxxgk/ndbg/2021.htm", "generic", "2022-06-01T08:30:00Z", "report"),
          "portal-pages/generic-2021.htm");
      CaptureRecord error = SiteCapture("http://127.0.0.14/zfxxgk/ndbg/2020.htm", "generic", "2022-06-01T08:31:00Z",
                                        "report");
      error.outcome = "error:timeout";
      error.http_status = 0;
      error.error_detail = "timed out";
      put(error, "");
      CaptureRecord blocked = SiteCapture("http://127.0.0.13/gkmlpt/content/1/2.html", "gkmlpt",
                                          "2022-06-01T08:32:00Z", "report");
      blocked.outcome = "blocked_challenge";
      put(blocked, "");
    }
    ProcessResult r = Gh({"extract", "--jobs", "2"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    extract_summary_ = json::parse(r.out);
  }
  static void TearDownTestSuite() { dir_.reset(); }

  static ProcessResult Gh(std::vector<std::string> args, int timeout_s = 120) {
    std::vector<std::string> argv = {kBinary, "--archive", archive_, "--config", config_, "--log-level", "warn"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProcess(argv, timeout_s);
  }

  // Exports into `out` (under the scratch dir); the JSON summary line.
  static json Export(const std::string& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"export", "--out", out, "--force"};
    args.insert(args.end(), extra.begin(), extra.end());
    ProcessResult r = Gh(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? json::parse(r.out) : json();
  }

  // Sorted ids of the jobs of every capture, as `archive list` shows them.
  static std::vector<std::string> JobIds() {
    ProcessResult r = Gh({"archive", "list"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::set<std::string> ids;
    for (const auto& line : Lines(r.out)) ids.insert(json::parse(line)["job_id"].get<std::string>());
    EXPECT_GE(ids.size(), 2u);
    return {ids.begin(), ids.end()};
  }

  static std::vector<json> Reports(const std::string& snapshot) {
    std::vector<json> out;
    for (const auto& line : Lines(ReadFile(snapshot + "/reports.jsonl"))) out.push_back(json::parse(line));
    return out;
  }

  static std::unique_ptr<ScratchDir> dir_;
  static std::string archive_;
  static std::string config_;
  static json extract_summary_;
};

std::unique_ptr<ScratchDir> ExportTest::dir_;
std::string ExportTest::archive_;
std::string ExportTest::config_;
json ExportTest::extract_summary_;

// Every regular file under `root`, relative, sorted.
std::vector<std::string> FilesUnder(const std::string& root) {
  std::vector<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) names.push_back(fs::relative(e.path(), root).string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Rows of `sql` as printed by the sqlite3 CLI (-separator '|').
std::vector<std::string> Sql(const std::string& db, const std::string& sql) {
  ProcessResult r = RunProcess({Which("sqlite3"), "-readonly", db, sql});
  EXPECT_EQ(r.exit_code, 0) << sql << ": " << r.err;
  return Lines(r.out);
}

// Mirrors docs/export.md: the long CSV holds tables.cells, then the
// legacy_mapped cells whose field id is not already there.
std::vector<std::pair<std::string, json>> ExpectedStatCells(const json& report) {
  std::vector<std::pair<std::string, json>> out;
  std::set<std::string> seen;
  for (const json& c : report["tables"]["cells"]) {
    out.emplace_back(c["field"], c["value"]);
    seen.insert(c["field"].get<std::string>());
  }
  for (const json& c : report["tables"]["legacy_mapped"]) {
    if (seen.insert(c["field"].get<std::string>()).second) out.emplace_back(c["field"], c["value"]);
  }
  return out;
}

TEST_F(ExportTest, ReportsJsonlHoldsEveryExtractedReportWithIdentityContext) {
  const std::string snap = *dir_ / "full";
  const json summary = Export(snap);
  const std::vector<json> reports = Reports(snap);
  // Documents holding a report: the re-posted TRS page is the same document.
  ASSERT_GE(reports.size(), 8u);
  EXPECT_EQ(summary["reports"], reports.size());
  std::set<std::string> ids;
  std::vector<std::tuple<std::string, int, std::string>> keys;
  for (const json& r : reports) {
    EXPECT_EQ(r["schema_version"], kSnapshotSchemaVersion);
    const std::string digest = r["document_digest"];
    EXPECT_EQ(r["report_id"], "r-" + digest.substr(7, 16));
    EXPECT_TRUE(ids.insert(r["report_id"].get<std::string>()).second) << r["report_id"];
    EXPECT_EQ(r["agency_key"], r["report"]["identity"]["agency_key"]);
    EXPECT_EQ(r["agency_id"], r["report"]["identity"]["agency_id"]);
    EXPECT_EQ(r["template"], r["report"]["template"]["version"]);
    EXPECT_FALSE(r["captures"].empty());
    keys.emplace_back(r["agency_id"], r["year"].is_null() ? 0 : r["year"].get<int>(), r["report_id"]);
  }
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  // A report has an agency id, or says why not (莲花街道办事处, imported with no site and no county on the
  // page: undecided); one body has one report a year.
  std::set<std::pair<std::string, int>> agency_years;
  int undecided = 0;
  for (const json& r : reports) {
    const std::string evidence = r["report"]["identity"]["agency_id_evidence"];
    if (r["agency_id"] == "") {
      ++undecided;
      EXPECT_TRUE(evidence.starts_with("undecided: ")) << r["agency"] << " " << evidence;
      continue;
    }
    EXPECT_FALSE(evidence.starts_with("undecided")) << r["agency_id"];
    EXPECT_TRUE(agency_years.emplace(r["agency_id"], r["year"].is_null() ? 0 : r["year"].get<int>()).second)
        << r["agency_id"] << " " << r["year"];
  }
  EXPECT_EQ(undecided, 1);

  // Config sites complete the identity: division code and level from the config.
  std::map<std::string, json> by_site;
  for (const json& r : reports) by_site[r["site"]] = r;
  ASSERT_TRUE(by_site.count("hanweb"));
  EXPECT_EQ(by_site["hanweb"]["division_code"], "320800");
  EXPECT_EQ(by_site["hanweb"]["site_level"], "city");
  EXPECT_EQ(by_site["hanweb"]["province"], "江苏省");
  ASSERT_TRUE(by_site.count("gkmlpt"));
  EXPECT_EQ(by_site["gkmlpt"]["division_code"], "440118");
  EXPECT_EQ(by_site["gkmlpt"]["site_agency"], "广州市增城区人民政府");
  // The TRS report posted twice is one report listing both captures, and the
  // spam mirror's copy of it (names replaced) is a third capture of it, not a
  // report of its own (pipeline/mirror_merge.h).
  bool merged = false;
  for (const json& r : reports) {
    std::set<std::string> urls;
    bool all_mirror = true;
    for (const json& c : r["captures"]) {
      urls.insert(c["url"].get<std::string>());
      all_mirror = all_mirror && c["host_class"] == "mirror";
    }
    EXPECT_FALSE(all_mirror) << r["report_id"];
    merged |= urls == std::set<std::string>{"http://www.hongze.gov.cn/xxgk/zfxxgknb/202201/t20220111_1245096.html",
                                            "http://www.hongze.gov.cn/xxgk/tzgg/202201/t20220112_1245100.html",
                                            "http://www.spam-mirror.example.com/nb/2021.html"};
  }
  EXPECT_TRUE(merged);

  // The manifest names every file with its SHA-256, and counts the reports.
  const json manifest = json::parse(ReadFile(snap + "/manifest.json"));
  EXPECT_EQ(manifest["counts"]["reports"], reports.size());
  EXPECT_EQ(manifest["snapshot_schema_version"], kSnapshotSchemaVersion);
  EXPECT_EQ(manifest["jobs"], json(JobIds()));  // each import's job and crawl-test
  std::vector<std::string> listed;
  for (const json& f : manifest["files"]) {
    listed.push_back(f["path"]);
    const std::string bytes = ReadFile(snap + "/" + f["path"].get<std::string>());
    EXPECT_EQ("sha256:" + f["sha256"].get<std::string>(), PayloadDigest(bytes)) << f["path"];
  }
  std::vector<std::string> on_disk = FilesUnder(snap);
  on_disk.erase(std::find(on_disk.begin(), on_disk.end(), "manifest.json"));
  EXPECT_EQ(listed, on_disk);
  for (const char* f : {"reports.jsonl", "stats_long.csv", "stats_wide.csv", "govharvest.sqlite", "summary.html",
                        "warc/index.cdxj"}) {
    EXPECT_TRUE(std::count(listed.begin(), listed.end(), f)) << f;
  }
  EXPECT_FALSE(fs::exists(snap + "/texts"));  // only with --texts
}

TEST_F(ExportTest, SqliteCliReadsTheDatabaseAndItsCountsMatchTheJsonl) {
  if (Which("sqlite3").empty()) GTEST_SKIP() << "sqlite3 CLI missing (.ci/bootstrap.sh installs it)";
  const std::string snap = *dir_ / "sql";
  Export(snap, {"--format", "sqlite", "--format", "jsonl"});
  const std::vector<json> reports = Reports(snap);
  const std::string db = snap + "/govharvest.sqlite";
  EXPECT_EQ(Sql(db, "PRAGMA integrity_check;"), std::vector<std::string>{"ok"});
  EXPECT_EQ(Sql(db, "SELECT count(*) FROM reports;"), std::vector<std::string>{std::to_string(reports.size())});
  EXPECT_EQ(Sql(db, "SELECT count(*) FROM report_totals;"), std::vector<std::string>{std::to_string(reports.size())});
  size_t cells = 0, checks = 0;
  for (const json& r : reports) {
    cells += ExpectedStatCells(r["report"]).size();
    checks += r["report"]["validation"]["hard"].size() + r["report"]["validation"]["soft"].size();
  }
  EXPECT_EQ(Sql(db, "SELECT count(*) FROM cells;"), std::vector<std::string>{std::to_string(cells)});
  EXPECT_EQ(Sql(db, "SELECT count(*) FROM validations;"), std::vector<std::string>{std::to_string(checks)});
  EXPECT_EQ(Sql(db, "SELECT count(*) FROM captures WHERE outcome = 'blocked_challenge';"),
            std::vector<std::string>{"1"});
  EXPECT_EQ(Sql(db, "SELECT job_id FROM jobs ORDER BY job_id;"), JobIds());
  // agencies: one row per agency_id the reports carry.
  std::set<std::string> agency_ids;
  for (const json& r : reports) {
    if (r["agency_id"] != "") agency_ids.insert(r["agency_id"]);
  }
  EXPECT_EQ(Sql(db, "SELECT agency_id FROM agencies ORDER BY agency_id;"),
            std::vector<std::string>(agency_ids.begin(), agency_ids.end()));
  EXPECT_EQ(Sql(db, "SELECT count(*) FROM reports r WHERE r.agency_id != '' AND "
                    "NOT EXISTS (SELECT 1 FROM agencies a WHERE a.agency_id = r.agency_id);"),
            std::vector<std::string>{"0"});
  EXPECT_EQ(Sql(db, "SELECT sum(reports) FROM agencies;"),
            std::vector<std::string>{std::to_string(
                std::count_if(reports.begin(), reports.end(), [](const json& r) { return r["agency_id"] != ""; }))});
  // The view's totals are the reports' own values.
  for (const json& r : reports) {
    const json& apply_new = r["report"]["tables"]["apply"].value("apply.new.total", json());
    const std::vector<std::string> row =
        Sql(db, "SELECT coalesce(apply_new, 'NULL'), year FROM report_totals WHERE report_id = '" +
                    r["report_id"].get<std::string>() + "';");
    ASSERT_EQ(row.size(), 1u) << r["report_id"];
    const std::string expected_year = r["year"].is_null() ? "" : std::to_string(r["year"].get<int>());
    if (!r["report"]["tables"]["apply"].contains("apply.new.total")) continue;  // legacy: mapped value
    const std::string expected_value =
        apply_new.is_null() ? "NULL" : std::to_string(static_cast<int64_t>(apply_new.get<double>())) + ".0";
    EXPECT_EQ(row[0], expected_value + "|" + expected_year) << r["report_id"];
  }
}

TEST_F(ExportTest, PythonCsvReadsBothCsvsWithTheDocumentedColumns) {
  if (Which("python3").empty()) GTEST_SKIP() << "python3 missing";
  const std::string snap = *dir_ / "csv";
  Export(snap, {"--format", "csv", "--format", "jsonl", "--excel"});
  EXPECT_EQ(FilesUnder(snap),
            (std::vector<std::string>{"agencies.csv", "fields.csv", "manifest.json", "reports.jsonl", "rules.csv",
                                      "stats_long.csv", "stats_wide.csv"}));
  const std::vector<json> reports = Reports(snap);
  const std::string script = R"py(
import csv, json, sys
out = {}
for name in ("stats_long", "stats_wide", "agencies"):
    raw = open(sys.argv[1] + "/" + name + ".csv", "rb").read()
    out[name + "_bom"] = raw.startswith(b"\xef\xbb\xbf")
    with open(sys.argv[1] + "/" + name + ".csv", newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    out[name + "_header"] = rows[0]
    out[name + "_widths"] = sorted(set(len(r) for r in rows))
    out[name + "_rows"] = [dict(zip(rows[0], r)) for r in rows[1:]]
print(json.dumps(out, ensure_ascii=False))
)py";
  ProcessResult r = RunProcess({Which("python3"), "-c", script, snap});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json csv = json::parse(r.out);
  EXPECT_TRUE(csv["stats_long_bom"]);
  EXPECT_TRUE(csv["stats_wide_bom"]);
  EXPECT_EQ(csv["stats_long_header"],
            json({"report_id", "agency", "agency_key", "agency_id", "division_code", "admin_level", "year", "template",
                  "field_id", "value", "unit", "status", "approx", "map_quality"}));
  EXPECT_EQ(csv["stats_long_widths"].size(), 1u);  // every row as wide as the header
  EXPECT_EQ(csv["stats_wide_widths"].size(), 1u);

  // Long: one row per stat cell, values as in the record (blank = not reported).
  std::map<std::pair<std::string, std::string>, json> expected;
  for (const json& rep : reports) {
    for (const auto& [field, value] : ExpectedStatCells(rep["report"])) expected[{rep["report_id"], field}] = value;
  }
  ASSERT_EQ(csv["stats_long_rows"].size(), expected.size());
  std::set<std::string> wide_fields;
  for (const json& row : csv["stats_long_rows"]) {
    const auto it = expected.find({row["report_id"], row["field_id"]});
    ASSERT_NE(it, expected.end()) << row.dump();
    if (it->second.is_null()) {
      EXPECT_EQ(row["value"], "") << row.dump();
    } else {
      EXPECT_DOUBLE_EQ(std::stod(row["value"].get<std::string>()), it->second.get<double>()) << row.dump();
      const std::string field = row["field_id"];
      if (!field.starts_with("legacy.")) wide_fields.insert(field);
    }
  }
  // Wide: one row per report; every reported canonical value has its column and the same value.
  const json& header = csv["stats_wide_header"];
  EXPECT_EQ(std::vector<std::string>(header.begin(), header.begin() + 11),
            (std::vector<std::string>{"report_id", "agency", "agency_key", "agency_id", "division_code", "admin_level",
                                      "year", "template", "site", "url", "identities_pass"}));
  EXPECT_GT(header.size(), 250u);
  ASSERT_EQ(csv["stats_wide_rows"].size(), reports.size());
  for (const std::string& f : wide_fields) {
    EXPECT_NE(std::find(header.begin(), header.end(), f), header.end()) << f;
  }
  for (size_t i = 0; i < reports.size(); ++i) {
    const json& row = csv["stats_wide_rows"][i];
    EXPECT_EQ(row["report_id"], reports[i]["report_id"]);
    for (const auto& [field, value] : ExpectedStatCells(reports[i]["report"])) {
      if (field.starts_with("legacy.")) continue;
      if (value.is_null()) {
        EXPECT_EQ(row[field], "") << field;
      } else {
        EXPECT_DOUBLE_EQ(std::stod(row[field].get<std::string>()), value.get<double>()) << field;
      }
    }
  }

  // agencies.csv: one row per agency_id of the reports, sorted, every spelling of the name an alias.
  EXPECT_TRUE(csv["agencies_bom"]);
  EXPECT_EQ(csv["agencies_header"], json({"agency_id", "name", "aliases", "level", "division_code", "province",
                                          "prefecture", "county", "sites", "reports", "first_year", "last_year"}));
  EXPECT_EQ(csv["agencies_widths"].size(), 1u);
  std::map<std::string, std::set<std::string>> aliases;
  std::map<std::string, int> per_agency;
  for (const json& rep : reports) {
    if (rep["agency_id"] == "") continue;
    aliases[rep["agency_id"]].insert(rep["agency"].get<std::string>());
    ++per_agency[rep["agency_id"]];
  }
  ASSERT_FALSE(aliases.empty());
  ASSERT_EQ(csv["agencies_rows"].size(), aliases.size());
  std::string previous;
  for (const json& row : csv["agencies_rows"]) {
    const std::string id = row["agency_id"];
    EXPECT_LT(previous, id);
    previous = id;
    ASSERT_TRUE(aliases.count(id)) << id;
    EXPECT_EQ(json::parse(row["aliases"].get<std::string>()), json(aliases[id])) << id;
    EXPECT_EQ(row["reports"], std::to_string(per_agency[id])) << id;
    EXPECT_EQ(row["division_code"], id.substr(0, 6));
    EXPECT_EQ(row["name"], id.substr(7));
    EXPECT_NE(row["province"], "") << id;
    EXPECT_NE(row["level"], "") << id;
  }
}

// Reads a snapshot's CSV with Python's csv module: its rows as objects.
std::vector<json> PythonCsvRows(const std::string& path) {
  const std::string script = R"py(
import csv, json, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f))
print(json.dumps([dict(zip(rows[0], r)) for r in rows[1:]] if rows else [], ensure_ascii=False))
)py";
  ProcessResult r = RunProcess({Which("python3"), "-c", script, path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const json rows = json::parse(r.out.empty() ? "[]" : r.out);
  return std::vector<json>(rows.begin(), rows.end());
}

TEST_F(ExportTest, FieldDictionaryAndRulesTravelWithTheSnapshot) {
  if (Which("python3").empty() || Which("sqlite3").empty()) GTEST_SKIP() << "python3 or sqlite3 missing";
  const std::string snap = *dir_ / "dictionary";
  Export(snap, {"--format", "csv", "--format", "sqlite", "--format", "jsonl"});
  const json manifest = json::parse(ReadFile(snap + "/manifest.json"));
  std::set<std::string> listed;
  for (const json& f : manifest["files"]) listed.insert(f["path"].get<std::string>());
  EXPECT_TRUE(listed.count("fields.csv"));
  EXPECT_TRUE(listed.count("rules.csv"));

  // fields.csv: the dictionary, one row per field id, with its unit.
  const std::vector<json> fields = PythonCsvRows(snap + "/fields.csv");
  ASSERT_EQ(fields.size(), FieldDictionary().size());
  std::map<std::string, json> field_rows;
  for (size_t i = 0; i < fields.size(); ++i) {
    const FieldInfo& f = FieldDictionary()[i];
    EXPECT_EQ(fields[i]["field_id"], f.id);
    EXPECT_EQ(fields[i]["table_name"], f.table);
    EXPECT_EQ(fields[i]["row_label"], f.row_label);
    EXPECT_EQ(fields[i]["column_label"], f.column_label);
    EXPECT_EQ(fields[i]["unit"], f.unit);
    EXPECT_FALSE(fields[i]["templates"].get<std::string>().empty());
    field_rows[f.id] = fields[i];
  }
  EXPECT_EQ(field_rows["apply.new.total"]["row_label"], "一、本年新收政府信息公开申请数量");
  EXPECT_EQ(field_rows["apply.new.total"]["column_label"], "申请人情况 › 总计");
  EXPECT_EQ(field_rows["legacy.org.budget_wan"]["unit"], "万元");
  EXPECT_EQ(field_rows["legacy.training.trainees"]["unit"], "人次");
  EXPECT_EQ(field_rows["appeal.suit_all.total"]["kind"], "derived");
  // Every field id of the long table is in the dictionary, and its unit is the dictionary's.
  const std::vector<json> long_rows = PythonCsvRows(snap + "/stats_long.csv");
  ASSERT_GT(long_rows.size(), 1000u);
  std::set<std::string> seen;
  for (const json& row : long_rows) {
    const std::string id = row["field_id"];
    seen.insert(id);
    ASSERT_TRUE(field_rows.count(id)) << id;
    if (row["unit"] != "") {
      EXPECT_EQ(row["unit"], field_rows[id]["unit"]) << id;
    } else if (row["value"] != "") {
      EXPECT_EQ(field_rows[id]["unit"], "万元") << id;  // money written with no unit (money_unit_unknown)
    }
  }
  EXPECT_GT(seen.size(), 200u);
  // rules.csv: every rule with its formula.
  const std::vector<json> rules = PythonCsvRows(snap + "/rules.csv");
  ASSERT_EQ(rules.size(), ValidationRules().size());
  std::set<std::string> rule_ids;
  for (size_t i = 0; i < rules.size(); ++i) {
    EXPECT_EQ(rules[i]["rule_key"], ValidationRules()[i].key);
    EXPECT_EQ(rules[i]["formula"], ValidationRules()[i].formula);
    rule_ids.insert(rules[i]["rule"].get<std::string>());
  }
  EXPECT_EQ(rules[0]["formula"],
            "apply.new.{c} + apply.carried_over.{c} = apply.result_total.{c} + apply.carry_forward.{c}");

  // SQLite: the same tables, joinable with cells and validations.
  const std::string db = snap + "/govharvest.sqlite";
  EXPECT_EQ(Sql(db, "SELECT count(*) FROM fields;"), std::vector<std::string>{std::to_string(fields.size())});
  EXPECT_EQ(Sql(db, "SELECT count(*) FROM rules;"), std::vector<std::string>{std::to_string(rules.size())});
  EXPECT_EQ(Sql(db, "SELECT count(*) FROM cells WHERE field_id NOT IN (SELECT field_id FROM fields);"),
            std::vector<std::string>{"0"});
  EXPECT_EQ(Sql(db, "SELECT count(*) FROM cells c JOIN fields f USING (field_id) WHERE c.unit != f.unit AND "
                    "NOT (c.unit = '' AND f.unit = '万元');"),
            std::vector<std::string>{"0"});
  EXPECT_EQ(Sql(db, "SELECT count(*) FROM validations WHERE rule NOT IN (SELECT rule FROM rules);"),
            std::vector<std::string>{"0"});
  EXPECT_EQ(Sql(db, "SELECT formula FROM rules WHERE rule_key = 'H4';"),
            std::vector<std::string>{FindRule("H4")->formula});
  EXPECT_EQ(Sql(db, "SELECT row_label || '|' || unit FROM fields WHERE field_id = 'legacy.active.items';"),
            std::vector<std::string>{"（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）|条"});
  for (const std::string& rule : Sql(db, "SELECT DISTINCT rule FROM validations;")) {
    EXPECT_TRUE(rule_ids.count(rule)) << rule;
  }
}

TEST_F(ExportTest, IdentitiesPassIsNullForAReportWithoutCheckedData) {
  if (Which("python3").empty() || Which("sqlite3").empty()) GTEST_SKIP() << "python3 or sqlite3 missing";
  const std::string snap = *dir_ / "pass";
  Export(snap, {"--format", "csv", "--format", "sqlite", "--format", "jsonl", "--format", "summary"});
  const std::vector<json> reports = Reports(snap);
  const std::vector<json> wide = PythonCsvRows(snap + "/stats_wide.csv");
  ASSERT_EQ(wide.size(), reports.size());
  const std::string db = snap + "/govharvest.sqlite";
  std::map<std::string, int64_t> counts;
  for (size_t i = 0; i < reports.size(); ++i) {
    const json& r = reports[i];
    bool fail = false, data = false;
    for (const json& c : r["report"]["validation"]["hard"]) {
      fail |= c["outcome"] == "fail";
      data |= c["outcome"] == "strict" || c["outcome"] == "lenient";
    }
    const std::string expected = fail ? "0" : data ? "1" : "";
    ++counts[fail ? "fail" : data ? "pass" : "no_data"];
    const std::string id = r["report_id"];
    // JSON null, empty in the CSV, NULL in SQLite (report_totals too).
    if (expected.empty()) {
      EXPECT_TRUE(r["identities_pass"].is_null()) << id;
    } else {
      EXPECT_EQ(r["identities_pass"], expected == "1") << id;
    }
    EXPECT_EQ(wide[i]["report_id"], id);
    EXPECT_EQ(wide[i]["identities_pass"], expected) << id;
    const std::string sql_value = expected.empty() ? "NULL" : expected;
    EXPECT_EQ(Sql(db, "SELECT coalesce(identities_pass, 'NULL') FROM reports WHERE report_id = '" + id + "';"),
              std::vector<std::string>{sql_value})
        << id;
    EXPECT_EQ(Sql(db, "SELECT coalesce(identities_pass, 'NULL') FROM report_totals WHERE report_id = '" + id + "';"),
              std::vector<std::string>{sql_value})
        << id;
  }
  // The fixtures hold both: seed 000's tables are images, so nothing was checked.
  EXPECT_GT(counts["no_data"], 0);
  EXPECT_GT(counts["pass"], 0);
  // The summary counts the same, and a report without data is not passing.
  const std::string html = ReadFile(snap + "/summary.html");
  const std::string open_tag = "<script type=\"application/json\" id=\"summary-data\">";
  const size_t begin = html.find(open_tag);
  ASSERT_NE(begin, std::string::npos);
  const size_t end = html.find("</script>", begin);
  const json data = json::parse(html.substr(begin + open_tag.size(), end - begin - open_tag.size()));
  EXPECT_EQ(data["identities_pass"], json(counts));
  EXPECT_NE(html.find("data-identities-pass=\"pass\" data-count=\"" + std::to_string(counts["pass"]) + "\""),
            std::string::npos);
  EXPECT_NE(html.find("data-identities-pass=\"no_data\" data-count=\"" + std::to_string(counts["no_data"]) + "\""),
            std::string::npos);
}

TEST_F(ExportTest, SameArchiveAndOptionsGiveByteIdenticalFiles) {
  const std::string one = *dir_ / "same-one", two = *dir_ / "same-two";
  Export(one, {"--texts"});
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // another created_at second
  Export(two, {"--texts"});
  const std::vector<std::string> names = FilesUnder(one);
  ASSERT_EQ(names, FilesUnder(two));
  size_t texts = 0;
  for (const auto& n : names) {
    texts += n.starts_with("texts/") ? 1 : 0;
    if (n == "manifest.json") continue;
    EXPECT_EQ(ReadFile(one + "/" + n), ReadFile(two + "/" + n)) << n;
  }
  EXPECT_EQ(texts, Reports(one).size());
  json m1 = json::parse(ReadFile(one + "/manifest.json"));
  json m2 = json::parse(ReadFile(two + "/manifest.json"));
  EXPECT_NE(m1["created_at"], m2["created_at"]);
  m1.erase("created_at");
  m2.erase("created_at");
  EXPECT_EQ(m1, m2);
  // Each text is its report's clean text.
  for (const json& r : Reports(one)) {
    const std::string text = ReadFile(one + "/texts/" + r["report_id"].get<std::string>() + ".txt");
    EXPECT_NE(text.find(r["report"]["identity"]["agency_name"].get<std::string>()), std::string::npos)
        << r["report_id"];
  }
}

TEST_F(ExportTest, FiltersChooseReportsByYearSiteAndCaptureTime) {
  const std::vector<json> all = Reports(Export(*dir_ / "filter-all", {"--format", "jsonl"})["out"]);
  auto count = [&](auto pred) { return static_cast<size_t>(std::count_if(all.begin(), all.end(), pred)); };

  std::vector<json> some = Reports(Export(*dir_ / "filter-years", {"--format", "jsonl", "--years", "2019-2020"})["out"]);
  EXPECT_EQ(some.size(), count([](const json& r) { return r["year"] == 2019 || r["year"] == 2020; }));
  EXPECT_GT(some.size(), 0u);
  for (const json& r : some) EXPECT_TRUE(r["year"] == 2019 || r["year"] == 2020) << r["report_id"];

  some = Reports(Export(*dir_ / "filter-site", {"--format", "jsonl", "--site", "gkmlpt", "--site", "hanweb"})["out"]);
  EXPECT_EQ(some.size(), 2u);
  for (const json& r : some) EXPECT_TRUE(r["site"] == "gkmlpt" || r["site"] == "hanweb") << r["site"];

  // Only the crawl-like captures were fetched in June.
  some = Reports(Export(*dir_ / "filter-since", {"--format", "jsonl", "--since", "2022-06-01"})["out"]);
  EXPECT_EQ(some.size(), count([](const json& r) { return r["site"] != ""; }));

  // The WARC of a year holds the captures of that year's reports, and the
  // failed or blocked report fetches listed under it; no other capture.
  auto cdxj_urls = [](const std::string& snapshot) {
    std::set<std::string> urls;
    for (const auto& line : Lines(ReadFile(snapshot + "/warc/index.cdxj"))) {
      urls.insert(json::parse(line.substr(line.find('{')))["url"].get<std::string>());
    }
    return urls;
  };
  for (const std::string years : {"2019", "2021"}) {
    const std::string out = *dir_ / ("filter-warc-" + years);
    const json summary = Export(out, {"--format", "jsonl", "--format", "warc", "--years", years});
    std::set<std::string> report_urls;
    for (const json& report : Reports(out)) report_urls.insert(report["url"].get<std::string>());
    const std::set<std::string> urls = cdxj_urls(out);
    EXPECT_FALSE(report_urls.empty()) << years;
    for (const std::string& url : report_urls) EXPECT_TRUE(urls.count(url)) << years << ": " << url;
    // Captures without a payload: the timeout and the challenge of 2021.
    const int64_t without_payload = years == "2021" ? 2 : 0;
    EXPECT_EQ(summary["captures"].get<int64_t>(), static_cast<int64_t>(urls.size()) + without_payload) << years;
    if (years == "2019") {
      EXPECT_EQ(urls, report_urls);
      EXPECT_EQ(summary["captures"], 2);
    }
  }
  EXPECT_GT(cdxj_urls(Export(*dir_ / "filter-warc-all", {"--format", "warc"})["out"]).size(),
            cdxj_urls(*dir_ / "filter-warc-2021").size() + cdxj_urls(*dir_ / "filter-warc-2019").size());

  ProcessResult r = Gh({"export", "--out", *dir_ / "bad", "--years", "2021-2019"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--years"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(*dir_ / "bad"));
}

// Decodes an 8-bit RGB/RGBA PNG and counts its distinct colours (python3, zlib only).
constexpr char kPngColours[] = R"py(
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, width = 8, b"", 0
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and colour in (2, 6), (depth, colour)
        bpp = 3 if colour == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
raw, stride, prev, colours = zlib.decompress(idat), width * bpp, None, set()
for y in range(height):
    f, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    prev = prev or bytearray(stride)
    for i in range(stride):
        a = row[i - bpp] if i >= bpp else 0
        b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
        if f == 1: row[i] = (row[i] + a) & 255
        elif f == 2: row[i] = (row[i] + b) & 255
        elif f == 3: row[i] = (row[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    colours.update(bytes(row[i:i + 3]) for i in range(0, stride, bpp))
    prev = row
print(len(colours))
)py";

TEST_F(ExportTest, ChromiumRendersTheSummaryWithTheNumbersOfTheJsonl) {
  std::string chromium = Which("chromium");
  if (chromium.empty()) chromium = Which("chromium-browser");
  if (chromium.empty()) GTEST_SKIP() << "chromium is not installed (.ci/bootstrap.sh installs it)";
  const std::string snap = *dir_ / "summary";
  Export(snap, {"--format", "summary", "--format", "jsonl"});
  const std::vector<json> reports = Reports(snap);
  const std::string page = "file://" + snap + "/summary.html";
  const std::vector<std::string> flags = {"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                          "--disable-dev-shm-usage", "--user-data-dir=" + (*dir_ / "chromium-profile")};

  // The DOM as Chromium parsed it: the data block and the bars carry the numbers.
  std::vector<std::string> argv = {chromium};
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.insert(argv.end(), {"--dump-dom", page});
  ProcessResult r = RunProcess(argv, 120);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string dom = r.out;
  const std::string open_tag = "<script type=\"application/json\" id=\"summary-data\">";
  const size_t begin = dom.find(open_tag);
  ASSERT_NE(begin, std::string::npos) << dom.substr(0, 500);
  const size_t end = dom.find("</script>", begin);
  const json data = json::parse(dom.substr(begin + open_tag.size(), end - begin - open_tag.size()));

  std::map<std::string, int64_t> by_year, by_template, by_level, identity;
  std::set<std::string> agencies;
  for (const json& rep : reports) {
    ++by_year[rep["year"].is_null() ? "unknown" : std::to_string(rep["year"].get<int>())];
    ++by_template[rep["template"]];
    ++by_level[rep["admin_level"] == "" ? "unknown" : rep["admin_level"].get<std::string>()];
    if (rep["agency_id"] != "") agencies.insert(rep["agency_id"]);
    std::string cls = "no_checks";
    bool strict = false, lenient = false, fail = false;
    for (const json& c : rep["report"]["validation"]["hard"]) {
      fail |= c["outcome"] == "fail";
      lenient |= c["outcome"] == "lenient";
      strict |= c["outcome"] == "strict";
    }
    cls = fail ? "fail" : lenient ? "lenient" : strict ? "strict" : "no_checks";
    ++identity[cls];
  }
  EXPECT_EQ(data["reports"], reports.size());
  EXPECT_EQ(data["agencies"], agencies.size());
  EXPECT_EQ(data["by_year"], json(by_year));
  EXPECT_EQ(data["by_template"], json(by_template));
  EXPECT_EQ(data["by_admin_level"], json(by_level));
  EXPECT_EQ(data["identity"], json(identity));
  // Sites with errors or blocks, from the capture outcomes.
  EXPECT_EQ(data["sites_with_problems"]["generic"]["error:timeout"], 1);
  EXPECT_EQ(data["sites_with_problems"]["gkmlpt"]["blocked_challenge"], 1);
  EXPECT_FALSE(data["sites_with_problems"].contains("hanweb"));
  // The bars drawn show the same numbers.
  for (const auto& [year, n] : by_year) {
    const std::string bar = "data-chart=\"by_year\" data-label=\"" + year + "\" data-count=\"" + std::to_string(n) + "\"";
    EXPECT_NE(dom.find(bar), std::string::npos) << bar;
  }
  EXPECT_NE(dom.find("data-figure=\"reports\" data-count=\"" + std::to_string(reports.size()) + "\""),
            std::string::npos);
  // No network: nothing is loaded from anywhere.
  const std::string html = ReadFile(snap + "/summary.html");
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);

  // A screenshot, and it is not blank.
  const std::string png = *dir_ / "summary.png";
  argv = {chromium};
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.insert(argv.end(), {"--hide-scrollbars", "--window-size=1000,1400", "--screenshot=" + png, page});
  r = RunProcess(argv, 120);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(fs::exists(png)) << r.err;
  r = RunProcess({Which("python3"), "-c", kPngColours, png}, 120);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GT(std::stoi(r.out), 20) << "distinct colours in the screenshot";
}

TEST_F(ExportTest, KilledExportNeverLeavesAHalfSnapshot) {
  const std::string out = *dir_ / "killed";
  Export(out, {"--texts"});
  const std::string complete_manifest = ReadFile(out + "/manifest.json");
  // Kill -9 at several points of a forced re-export: `out` is always a whole
  // snapshot (the old one or the new one) or, between the two renames, absent.
  for (int delay_ms : {5, 20, 40, 80, 150, 300}) {
    const int pid = testing::SpawnQuiet({kBinary, "--archive", archive_, "--config", config_, "--log-level", "warn",
                                         "export", "--out", out, "--force", "--texts"});
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!fs::exists(out)) continue;
    ASSERT_TRUE(fs::exists(out + "/manifest.json")) << "delay " << delay_ms;
    const json manifest = json::parse(ReadFile(out + "/manifest.json"));
    std::vector<std::string> listed;
    for (const json& f : manifest["files"]) {
      listed.push_back(f["path"]);
      EXPECT_EQ("sha256:" + f["sha256"].get<std::string>(),
                PayloadDigest(ReadFile(out + "/" + f["path"].get<std::string>())));
    }
    std::vector<std::string> on_disk = FilesUnder(out);
    on_disk.erase(std::find(on_disk.begin(), on_disk.end(), "manifest.json"));
    EXPECT_EQ(listed, on_disk) << "delay " << delay_ms;
  }
  // The next export finishes and clears the killed runs' temporaries.
  Export(out, {"--texts"});
  for (const auto& e : fs::directory_iterator(dir_->path())) {
    EXPECT_EQ(e.path().filename().string().find(".killed.tmp-"), std::string::npos) << e.path();
    EXPECT_EQ(e.path().filename().string().find(".killed.old-"), std::string::npos) << e.path();
  }
  json m1 = json::parse(complete_manifest), m2 = json::parse(ReadFile(out + "/manifest.json"));
  EXPECT_EQ(m1["files"], m2["files"]);
}

// A sibling whose name looks like a killed export's temporary but carries no
// pid an export could have (too large for pid_t) is neither a crash nor removed.
TEST_F(ExportTest, ForeignTemporaryNamesAreLeftAlone) {
  const std::string out = *dir_ / "foreign";
  const std::string foreign = *dir_ / ".foreign.tmp-99999999999999999999";
  fs::create_directories(foreign);
  Export(out, {});
  EXPECT_TRUE(fs::exists(out + "/manifest.json"));
  EXPECT_TRUE(fs::exists(foreign));
}

// ------------------------------------------------ CSV formula injection

// Rows of an RFC 4180 CSV (CRLF, `"` quoting), BOM dropped.
std::vector<std::vector<std::string>> ParseCsv(std::string text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (quoted) {
      if (ch != '"') {
        rows.back().back() += ch;
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        rows.back().back() += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      rows.back().emplace_back();
    } else if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.emplace_back(1);
      ++i;
    } else {
      rows.back().back() += ch;
    }
  }
  if (rows.back() == std::vector<std::string>(1)) rows.pop_back();  // after the last CRLF
  return rows;
}

// The cell of `column` in each data row.
std::vector<std::string> Column(const std::vector<std::vector<std::string>>& rows, const std::string& column) {
  std::vector<std::string> out;
  const auto at = std::find(rows[0].begin(), rows[0].end(), column);
  EXPECT_NE(at, rows[0].end()) << column;
  if (at == rows[0].end()) return out;
  const size_t index = static_cast<size_t>(at - rows[0].begin());
  for (size_t i = 1; i < rows.size(); ++i) out.push_back(rows[i].at(index));
  return out;
}

TEST(SpreadsheetSafeCellTest, FormulaLikeTextGetsAnApostropheAndNumbersStayNumbers) {
  EXPECT_EQ(SpreadsheetSafeCell("=A1+1区人民政府"), "'=A1+1区人民政府");
  EXPECT_EQ(SpreadsheetSafeCell("=HYPERLINK(\"http://e/\")"), "'=HYPERLINK(\"http://e/\")");
  EXPECT_EQ(SpreadsheetSafeCell("+1区"), "'+1区");
  EXPECT_EQ(SpreadsheetSafeCell("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0");
  EXPECT_EQ(SpreadsheetSafeCell("@SUM(1,2)"), "'@SUM(1,2)");
  EXPECT_EQ(SpreadsheetSafeCell("\t=1"), "'\t=1");
  EXPECT_EQ(SpreadsheetSafeCell("\r=1"), "'\r=1");
  EXPECT_EQ(SpreadsheetSafeCell("-"), "'-");
  EXPECT_EQ(SpreadsheetSafeCell("-inf"), "'-inf");
  EXPECT_EQ(SpreadsheetSafeCell("-3-"), "'-3-");
  EXPECT_EQ(SpreadsheetSafeCell("-1e"), "'-1e");
  EXPECT_EQ(SpreadsheetSafeCell("-."), "'-.");
  // Already an apostrophe: one more, so that removing one always restores the text.
  EXPECT_EQ(SpreadsheetSafeCell("'=1"), "''=1");
  EXPECT_EQ(SpreadsheetSafeCell("'quoted"), "''quoted");
  // Numbers stay numbers; other text is untouched.
  for (const char* kept : {"-3", "-1.5", "+2", "-0.25", "-.5", "-1e-05", "1.5E+20", "-7.", "42", "", "淮安市人民政府",
                           "a=b", " =1", "http://e/", "r-0123456789abcdef"}) {
    EXPECT_EQ(SpreadsheetSafeCell(kept), kept);
  }
}

// A report whose agency name (as read from a page) and URL would run as
// formulas: both CSVs, with and without the BOM of --excel, hold them
// neutralized, and negative values stay numbers; reports.jsonl and the SQLite
// database keep the exact text.
TEST(CsvInjectionTest, HostileAgencyAndUrlAreNeutralizedOnlyInTheCsvs) {
  const std::string agency = "=A1+1区人民政府";
  const std::string url = "=HYPERLINK(\"http://e/\")";
  const std::string key = "name:=a1+1区人民政府";  // does not begin with a formula character
  SnapshotDocument d;
  d.document_digest = "sha256:" + std::string(64, 'a');
  d.report_id = "r-aaaaaaaaaaaaaaaa";
  SnapshotCapture capture;
  capture.url = url;
  capture.fetched_at = "2022-03-01T02:00:00Z";
  capture.host_class = "unknown";
  d.captures = {capture};
  d.context.agency = agency;
  d.context.agency_key = key;
  d.context.admin_level = "county";
  d.context.year = 2021;
  d.context.template_version = "v2021";
  d.context.url = url;
  d.context.first_fetched_at = capture.fetched_at;
  d.report = nlohmann::ordered_json::parse(R"json({
    "identity": {"agency_name": "=A1+1区人民政府"},
    "tables": {"cells": [
      {"field": "active.licensing.delta", "value": -3, "raw": "-3", "unit": "件", "status": "reported"},
      {"field": "active.admin_fee.amount_wan", "value": -1.5, "raw": "-1.5", "unit": "万元", "status": "reported"},
      {"field": "apply.new.total", "value": null, "raw": "@SUM(1)", "unit": "-件", "status": "invalid"}
    ]}
  })json");

  for (const bool excel : {false, true}) {
    ScratchDir dir;
    SnapshotRun run;
    run.dir = dir.path().string();
    std::vector<std::unique_ptr<SnapshotWriter>> writers;
    writers.push_back(MakeCsvWriter(run, excel));
    writers.push_back(MakeJsonlWriter(run));
    Status open = Status::Ok();
    writers.push_back(MakeSqliteWriter(run, &open));
    ASSERT_TRUE(open.ok()) << open.ToString();
    std::vector<std::string> files;
    for (auto& w : writers) {
      ASSERT_TRUE(w->AddDocument(d).ok());
      ASSERT_TRUE(w->Finish(&files).ok());
    }

    const auto long_rows = ParseCsv(ReadFile(dir / "stats_long.csv"));
    ASSERT_EQ(long_rows.size(), 4u) << excel;
    EXPECT_EQ(Column(long_rows, "agency"), std::vector<std::string>(3, "'" + agency));
    EXPECT_EQ(Column(long_rows, "agency_key"), std::vector<std::string>(3, key));
    EXPECT_EQ(Column(long_rows, "value"), (std::vector<std::string>{"-3", "-1.5", ""}));
    EXPECT_EQ(Column(long_rows, "unit"), (std::vector<std::string>{"件", "万元", "'-件"}));
    const auto wide_rows = ParseCsv(ReadFile(dir / "stats_wide.csv"));
    ASSERT_EQ(wide_rows.size(), 2u) << excel;
    EXPECT_EQ(Column(wide_rows, "agency"), std::vector<std::string>{"'" + agency});
    EXPECT_EQ(Column(wide_rows, "url"), std::vector<std::string>{"'" + url});
    EXPECT_EQ(Column(wide_rows, "active.licensing.delta"), std::vector<std::string>{"-3"});
    EXPECT_EQ(Column(wide_rows, "active.admin_fee.amount_wan"), std::vector<std::string>{"-1.5"});
    // No cell of either file begins with a formula character unless it is a number.
    for (const auto* rows : {&long_rows, &wide_rows}) {
      for (const auto& row : *rows) {
        for (const std::string& cell : row) {
          if (cell.empty()) continue;
          EXPECT_EQ(std::string("=+@\t\r").find(cell[0]), std::string::npos) << cell;
          if (cell[0] == '-') {
            EXPECT_TRUE(cell == "-3" || cell == "-1.5") << cell;
          }
        }
      }
    }

    // The other formats keep the exact text.
    const json line = json::parse(ReadFile(dir / "reports.jsonl"));
    EXPECT_EQ(line["agency"], agency);
    EXPECT_EQ(line["url"], url);
    EXPECT_EQ(line["captures"][0]["url"], url);
    if (Which("sqlite3").empty()) continue;
    EXPECT_EQ(Sql(dir / "govharvest.sqlite", "SELECT agency, url, agency_key FROM reports;"),
              std::vector<std::string>{agency + "|" + url + "|" + key});
    EXPECT_EQ(Sql(dir / "govharvest.sqlite", "SELECT unit, raw FROM cells WHERE field_id = 'apply.new.total';"),
              std::vector<std::string>{"-件|@SUM(1)"});
  }
}

}  // namespace
}  // namespace govharvest
