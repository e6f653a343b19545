// The harvester end to end: `govharvest crawl` and `backfill` run as
// processes over the portal simulator, and what they archived is compared
// with the simulator's ground-truth manifest.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/archive.h"
#include "tests/portal_process.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

using nlohmann::json;

class HarvestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    portal_ = std::make_unique<testing::PortalProcess>(
        std::vector<std::string>{"--seed", "3", "--config-out", scratch_ / "portal.toml"});
    ASSERT_TRUE(portal_->ok()) << "govharvest-portal did not start";
    manifest_ = client_.GetJson(portal_->ready()["manifest"].get<std::string>());
    ASSERT_TRUE(manifest_.is_object());
  }

  // govharvest --archive A --config portal.toml <args> --summary-json S
  testing::ProcessResult Run(std::vector<std::string> args) {
    std::vector<std::string> argv = {GOVHARVEST_BIN, "--archive", scratch_ / "archive", "--config",
                                     scratch_ / "portal.toml", "--log-level", "warn"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--summary-json", scratch_ / "summary.json"});
    return testing::RunProcess(argv, 120);
  }
  json Summary() { return json::parse(testing::ReadFile(scratch_ / "summary.json"), nullptr, false); }

  // Captures of one job ("" = all), archive order.
  std::vector<CaptureRecord> Captures(const std::string& job = "") {
    std::unique_ptr<Archive> archive;
    ArchiveOptions options;
    options.read_only = true;
    Status s = Archive::Open(scratch_ / "archive", options, &archive);
    EXPECT_TRUE(s.ok()) << s.ToString();
    std::vector<CaptureRecord> out;
    if (!s.ok()) return out;
    EXPECT_TRUE(archive->ForEachCapture([&](const CaptureRecord& c) {
      if (job.empty() || c.job_id == job) out.push_back(c);
      return true;
    }).ok());
    return out;
  }

  const json& Site(const std::string& name) { return manifest_["sites"][name]; }
  json PortalStats() { return client_.GetJson(portal_->ready()["sites"]["trs"].get<std::string>() + "__admin/stats"); }

  testing::ScratchDir scratch_;
  testing::HttpClient client_;
  std::unique_ptr<testing::PortalProcess> portal_;
  json manifest_;
};

// URL -> outcomes of its captures (requested URL), robots.txt left out.
std::map<std::string, std::vector<std::string>> OutcomesByUrl(const std::vector<CaptureRecord>& captures) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& c : captures) {
    if (c.role != "robots") out[c.requested_url].push_back(c.outcome);
  }
  return out;
}

bool Has(const std::vector<std::string>& outcomes, const std::string& outcome) {
  return std::find(outcomes.begin(), outcomes.end(), outcome) != outcomes.end();
}

// A column page served both as "dir/" and "dir/index.html" counts once.
std::string ListKey(std::string url) {
  if (url.ends_with("/index.html")) url.resize(url.size() - 10);
  return url;
}

class HarvestSiteTest : public HarvestTest, public ::testing::WithParamInterface<const char*> {};

// For each CMS family: every report of the manifest is archived with its
// attachments, every list page walked, nothing that is not a report fetched,
// and reports behind robots.txt or a challenge reported, not fetched around.
TEST_P(HarvestSiteTest, FindsEveryReportAndFetchesNothingElse) {
  const std::string name = GetParam();
  const json& site = Site(name);
  testing::ProcessResult r = Run({"crawl", "--site", name});
  bool blocked_report = false, denied_report = false;
  for (const auto& rep : site["reports"]) {
    blocked_report = blocked_report || rep.value("access", "") == "challenge";
    denied_report = denied_report || rep.value("access", "") == "robots_disallowed";
  }
  // A site with a report behind a challenge did not go well: exit 1.
  ASSERT_EQ(r.exit_code, blocked_report ? 1 : 0) << r.err;

  const std::vector<CaptureRecord> captures = Captures();
  const auto outcomes = OutcomesByUrl(captures);
  std::map<std::string, const CaptureRecord*> report_capture;
  for (const auto& c : captures) {
    EXPECT_TRUE(c.role == "robots" || c.site == name) << c.requested_url;
    if (c.role == "report" && c.outcome == "ok") report_capture[c.requested_url] = &c;
  }

  std::map<std::string, int> expected_by_year;
  for (const auto& rep : site["reports"]) {
    const std::string url = rep["url"].get<std::string>();
    const std::string access = rep.value("access", "");
    const int year = rep["year"].get<int>();
    expected_by_year[std::to_string(year)] += 1 + static_cast<int>(rep["also_at"].size());
    ASSERT_TRUE(outcomes.count(url)) << "report never reached: " << url;
    if (access == "challenge") {
      EXPECT_EQ(outcomes.at(url), std::vector<std::string>{"blocked_challenge"}) << url;
      continue;
    }
    if (access == "robots_disallowed") {
      EXPECT_EQ(outcomes.at(url), std::vector<std::string>{"robots_denied"}) << url;
      continue;
    }
    ASSERT_TRUE(report_capture.count(url)) << "report not archived: " << url;
    EXPECT_EQ(report_capture.at(url)->listed_year, year) << url;
    if (name == "generic") {
      EXPECT_EQ(report_capture.at(url)->charset_used, "gb18030") << url;
    }
    for (const auto& also : rep["also_at"]) EXPECT_TRUE(report_capture.count(also.get<std::string>())) << also;
    for (const auto& a : rep["attachments"]) {
      const std::string att = a.get<std::string>();
      bool found = false;
      for (const auto& c : captures) {
        found = found || (c.requested_url == att && c.role == "attachment" && c.outcome == "ok" && c.via == url);
      }
      EXPECT_TRUE(found) << "attachment not archived: " << att;
    }
  }
  // Non-reports are recorded as out of scope and never requested.
  for (const auto& u : site["non_reports"]) {
    const std::string url = u.get<std::string>();
    ASSERT_TRUE(outcomes.count(url)) << "list item not recorded: " << url;
    for (const auto& o : outcomes.at(url)) EXPECT_EQ(o, "out_of_scope") << url;
  }
  // Every list page walked; no URL fetched twice.
  std::set<std::string> lists;
  std::map<std::string, int> ok_count;
  for (const auto& c : captures) {
    if (c.role == "list" && c.outcome == "ok") lists.insert(ListKey(c.requested_url));
    if (c.outcome == "ok" && c.role != "robots") ok_count[c.requested_url + " " + c.request_body]++;
  }
  for (const auto& u : site["list_pages"]) EXPECT_TRUE(lists.count(ListKey(u.get<std::string>()))) << u;
  for (const auto& [url, n] : ok_count) EXPECT_EQ(n, 1) << url;

  // The summary says the same, and the simulator saw no request for a
  // disallowed path and one request (no retries) for a challenged one.
  const json summary = Summary();
  const json& s = summary["sites"][name];
  std::map<std::string, int> by_year;
  for (const auto& [year, n] : s["reports_by_year"].items()) by_year[year] = n.get<int>();
  EXPECT_EQ(by_year, expected_by_year);
  EXPECT_EQ(s["blocked"].get<int>(), blocked_report ? 1 : 0);
  EXPECT_EQ(s["robots_denied"].get<int>(), denied_report ? 1 : 0);
  EXPECT_EQ(s["ok"].get<bool>(), !blocked_report);
  const json stats = PortalStats();
  ASSERT_TRUE(stats.is_object());
  const json& st = stats[name];
  EXPECT_EQ(st["disallowed_hits"].get<int>(), 0);
  EXPECT_EQ(st["challenge_hits"].get<int>(), blocked_report ? 1 : 0);
}

INSTANTIATE_TEST_SUITE_P(Sites, HarvestSiteTest,
                         ::testing::Values("trs", "hanweb", "gkmlpt", "generic", "jsshell", "mirror"),
                         [](const ::testing::TestParamInfo<const char*>& info) { return std::string(info.param); });

TEST_F(HarvestTest, YearFilterFetchesOnlyThoseYears) {
  testing::ProcessResult r = Run({"crawl", "--site", "trs", "--site", "gkmlpt", "--years", "2020-2021"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> fetched;
  for (const auto& c : Captures()) {
    if (c.role == "report" && c.outcome == "ok") fetched.insert(c.requested_url);
  }
  std::set<std::string> expected;
  for (const char* name : {"trs", "gkmlpt"}) {
    for (const auto& rep : Site(name)["reports"]) {
      const int year = rep["year"].get<int>();
      if (year < 2020 || year > 2021) continue;
      expected.insert(rep["url"].get<std::string>());
      for (const auto& a : rep["also_at"]) expected.insert(a.get<std::string>());
    }
  }
  EXPECT_EQ(fetched, expected);
}

// The mirror copies the TRS reports with the agency's names replaced: after
// crawl + extract each copy is a capture of its original's document (same
// year), copies of different years stay apart (the simulator renders one seed
// for every year, so the texts are near-identical), and re-runs and --all
// end in the same documents.
TEST_F(HarvestTest, MirrorCopiesAreCapturesOfTheirOriginals) {
  ASSERT_EQ(Run({"crawl", "--site", "trs", "--site", "mirror", "--site", "jsshell"}).exit_code, 0);
  auto extract = [&](std::vector<std::string> extra) {
    std::vector<std::string> argv = {GOVHARVEST_BIN, "--archive", scratch_ / "archive", "--config",
                                     scratch_ / "portal.toml", "--log-level", "warn", "extract", "--jobs", "2"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    testing::ProcessResult r = testing::RunProcess(argv, 300);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out, nullptr, false);
  };
  // URL -> the document its latest capture's payload is marked with.
  auto documents = [&](const std::vector<std::string>& urls) {
    std::map<std::string, std::string> out;
    std::unique_ptr<Archive> archive;
    ArchiveOptions options;
    options.read_only = true;
    EXPECT_TRUE(Archive::Open(scratch_ / "archive", options, &archive).ok());
    if (!archive) return out;
    for (const std::string& url : urls) {
      CaptureRecord c;
      std::string marker;
      if (!archive->GetLatestCapture(url, &c).ok() || !archive->GetDoc("cleaned/" + c.payload_digest, &marker).ok()) {
        ADD_FAILURE() << "no cleaned capture of " << url;
        continue;
      }
      out[url] = json::parse(marker)["document_digest"].get<std::string>();
    }
    return out;
  };
  std::vector<std::string> urls;
  std::map<std::string, std::string> original_of;  // mirror URL -> TRS URL
  std::map<std::string, int> year_of;
  for (const auto& rep : Site("mirror")["reports"]) {
    if (!rep.contains("mirror_of")) continue;
    const std::string url = rep["url"], of = rep["mirror_of"];
    original_of[url] = of;
    year_of[url] = rep["year"].get<int>();
    urls.insert(urls.end(), {url, of});
  }
  ASSERT_EQ(original_of.size(), 4u) << "the TRS 2019-2022 HTML reports";

  // The cleaner restores the replaced names from the mirror pages' evidence
  // (淮安市洪泽区 from postcode, area code and domain), so each copy cleans to
  // its original's text: the same document, no near-duplicate merge needed.
  const json first = extract({});
  EXPECT_EQ(first["mirror_copies_merged"], 0);
  EXPECT_EQ(first["mirror_copies_ambiguous"], 0);
  const std::map<std::string, std::string> docs = documents(urls);
  std::set<std::string> distinct;
  for (const auto& [mirror, of] : original_of) {
    EXPECT_EQ(docs.at(mirror), docs.at(of)) << mirror << " is a copy of " << of;
    distinct.insert(docs.at(of));
  }
  EXPECT_EQ(distinct.size(), 4u) << "copies of different years are different documents";

  // Each original lists its copy as a mirror capture and keeps the original's cleaning.
  {
    std::unique_ptr<Archive> archive;
    ArchiveOptions options;
    options.read_only = true;
    ASSERT_TRUE(Archive::Open(scratch_ / "archive", options, &archive).ok());
    for (const auto& [mirror, of] : original_of) {
      SCOPED_TRACE(mirror);
      std::string text;
      ASSERT_TRUE(archive->GetDoc(docs.at(of), &text).ok());
      const json doc = json::parse(text);
      EXPECT_EQ(doc["report"]["identity"]["report_year"], year_of[mirror]);
      EXPECT_EQ(doc["report"]["identity"]["agency_name"], "淮安市洪泽区人民政府");
      EXPECT_NE(doc["clean"]["host_class"], "mirror");
      int copies = 0;
      for (const json& c : doc["captures"]) {
        if (c["url"] != mirror) continue;
        ++copies;
        EXPECT_EQ(c["host_class"], "mirror");
      }
      EXPECT_EQ(copies, 1);
    }
  }
  const int64_t documents_after_first = first["documents"].get<int64_t>();

  // A re-run changes nothing; --all cleans everything again into the same documents.
  const json second = extract({});
  EXPECT_EQ(second["documents"], documents_after_first);
  const json again = extract({"--all"});
  EXPECT_EQ(again["mirror_copies_merged"], 0);
  EXPECT_EQ(again["documents"], documents_after_first);
  EXPECT_EQ(documents(urls), docs);
}

// A second scheduled run revisits list pages only, and stops at the first
// page that brings nothing new; a report added to the portal between runs is
// the only report the third run fetches.
TEST_F(HarvestTest, IncrementalRunsFetchListPagesAndNewReportsOnly) {
  const std::vector<std::string> crawl = {"crawl", "--site", "trs", "--site", "hanweb"};
  ASSERT_EQ(Run(crawl).exit_code, 1);  // hanweb's challenged report
  const std::string job1 = Summary()["job_id"].get<std::string>();

  testing::ProcessResult second = Run(crawl);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const std::string job2 = Summary()["job_id"].get<std::string>();
  ASSERT_NE(job2, job1);
  std::set<std::string> lists;
  for (const auto& c : Captures(job2)) {
    if (c.role == "list") lists.insert(c.requested_url);
    EXPECT_TRUE(c.role == "list" || c.role == "robots" || c.outcome == "out_of_scope") << c.requested_url;
  }
  EXPECT_EQ(lists, (std::set<std::string>{Site("trs")["entries"][0].get<std::string>(),
                                          Site("hanweb")["entries"][0].get<std::string>()}));

  testing::Reply added = client_.Post(
      portal_->ready()["sites"]["trs"].get<std::string>() + "__admin/add-report?site=trs&year=2025", "");
  ASSERT_EQ(added.status, 200) << added.body;
  const json report = json::parse(added.body, nullptr, false);
  ASSERT_TRUE(report.contains("url")) << added.body;

  testing::ProcessResult third = Run(crawl);
  ASSERT_EQ(third.exit_code, 0) << third.err;
  std::set<std::string> reports;
  for (const auto& c : Captures(Summary()["job_id"].get<std::string>())) {
    if (c.role == "report") reports.insert(c.requested_url);
  }
  EXPECT_EQ(reports, std::set<std::string>{report["url"].get<std::string>()});
  EXPECT_EQ(Summary()["sites"]["trs"]["reports_by_year"]["2025"].get<int>(), 1);
}

// Backfill walks the column back until its dates fall before the first year
// asked for, whatever an earlier run saw.
TEST_F(HarvestTest, BackfillReachesTheOldYearsAfterAnIncrementalRun) {
  ASSERT_EQ(Run({"crawl", "--site", "gkmlpt", "--years", "2023-2025"}).exit_code, 0);
  testing::ProcessResult r = Run({"backfill", "--site", "gkmlpt", "--years", "2019-2020"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::set<int> years;
  for (const auto& c : Captures(Summary()["job_id"].get<std::string>())) {
    if (c.role == "report" && c.outcome == "ok") years.insert(c.listed_year);
  }
  EXPECT_EQ(years, (std::set<int>{2019, 2020}));
}

// kill -9 in the middle of a harvest; the same command resumes the job and
// ends with everything the manifest holds.
TEST_F(HarvestTest, KilledHarvestResumes) {
  const std::vector<std::string> sites = {"--site", "trs", "--site", "gkmlpt", "--site", "generic", "--site", "jsshell"};
  std::vector<std::string> argv = {GOVHARVEST_BIN, "--archive", scratch_ / "archive", "--config",
                                   scratch_ / "portal.toml", "--log-level", "warn", "crawl"};
  argv.insert(argv.end(), sites.begin(), sites.end());
  pid_t pid = testing::SpawnQuiet(argv);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the slow gkmlpt site takes ~6 s
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  EXPECT_GT(Captures().size(), 0u);

  std::vector<std::string> args = {"crawl"};
  args.insert(args.end(), sites.begin(), sites.end());
  testing::ProcessResult r = Run(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json summary = Summary();
  EXPECT_TRUE(summary["resumed"].get<bool>());
  EXPECT_TRUE(summary["complete"].get<bool>());
  const std::vector<CaptureRecord> captures = Captures();
  const auto outcomes = OutcomesByUrl(captures);
  for (size_t i = 1; i < sites.size(); i += 2) {
    std::map<std::string, int> expected_by_year;
    for (const auto& rep : Site(sites[i])["reports"]) {
      const std::string url = rep["url"].get<std::string>();
      expected_by_year[std::to_string(rep["year"].get<int>())] += 1 + static_cast<int>(rep["also_at"].size());
      if (rep.contains("access")) continue;
      EXPECT_TRUE(outcomes.count(url) && Has(outcomes.at(url), "ok")) << url;
    }
    // The summary covers the whole job, the part before the kill included.
    const json& s = summary["sites"][sites[i]];
    std::map<std::string, int> by_year;
    for (const auto& [year, n] : s["reports_by_year"].items()) by_year[year] = n.get<int>();
    EXPECT_EQ(by_year, expected_by_year) << sites[i];
    int pages = 0;
    for (const auto& c : captures) {
      pages += c.site == sites[i] && (c.role == "list" || c.role == "report") && c.outcome == "ok";
    }
    EXPECT_EQ(s["pages"].get<int>(), pages) << sites[i];
  }
}

}  // namespace
}  // namespace govharvest
