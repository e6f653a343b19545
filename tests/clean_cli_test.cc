// `govharvest clean` and `govharvest extract`, run as a user would, on the
// fixtures (tests/fixtures/SOURCES.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "store/archive.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::ProcessResult;
using testing::ReadFile;
using testing::RunProcess;
using testing::ScratchDir;
using testing::RunGovharvest;
using testing::Contains;
using testing::IsOneLine;

const std::string kBinary = GOVHARVEST_BIN;
const std::string kFixtures = std::string(GOVHARVEST_SOURCE_DIR) + "/tests/fixtures";

// The same 2021 report of 洪泽区, once in its 年度报告 column and once more in 通知公告 with other chrome.
const std::string kReportFile = kFixtures + "/portal-pages/trs-2021.html";
const std::string kReportUrl = "http://www.hongze.gov.cn/xxgk/zfxxgknb/202201/t20220111_1245096.html";
const std::string kRepostFile = kFixtures + "/portal-pages/trs-2021-tzgg.html";
const std::string kRepostUrl = "http://www.hongze.gov.cn/xxgk/tzgg/202201/t20220112_1245100.html";
const std::string kReportSentence = "申请人撤回其政府信息公开申请2件";


void Import(const std::string& archive, const std::string& file, const std::string& url,
            const std::string& fetched_at = "2022-01-12T09:00:00+08:00") {
  ProcessResult r = RunGovharvest(archive, {"archive", "import", file, "--url", url, "--fetched-at", fetched_at});
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

json Extract(const std::string& archive, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"extract"};
  args.insert(args.end(), extra.begin(), extra.end());
  ProcessResult r = RunGovharvest(archive, args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("pages cleaned"), std::string::npos) << "no progress line: " << r.err;
  return json::parse(r.out);
}

json ReadDoc(const std::string& archive_dir, const std::string& key) {
  ArchiveOptions options;
  options.read_only = true;
  std::unique_ptr<Archive> archive;
  Status s = Archive::Open(archive_dir, options, &archive);
  EXPECT_TRUE(s.ok()) << s.ToString();
  if (!s.ok()) return json();
  std::string text;
  s = archive->GetDoc(key, &text);
  EXPECT_TRUE(s.ok()) << key << ": " << s.ToString();
  return s.ok() ? json::parse(text) : json();
}

TEST(CleanCliTest, HelpForCleanAndExtract) {
  for (const char* cmd : {"clean", "extract"}) {
    ProcessResult r = RunProcess({kBinary, cmd, "--help"});
    EXPECT_EQ(r.exit_code, 0) << cmd;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << r.out;
  }
}

TEST(CleanCliTest, CleansASavedFileInEveryFormat) {
  ScratchDir dir;
  const std::string file = kFixtures + "/portal-pages/hanweb-2021.html";  // Hanweb chrome, two data tables
  const std::string sentence = "强化查阅点及新媒体等宣传推广工作";
  const std::string raw = ReadFile(file);
  std::vector<std::string> chrome;
  for (const char* c : {"扫一扫在手机打开", "关闭窗口", "打印本页", "【打印】", "分享到", "上一篇", "网站标识码", "浏览次数", "技术支持", "ICP备"}) {
    if (Contains(raw, c)) chrome.push_back(c);
  }
  ASSERT_GE(chrome.size(), 2u) << "the fixture has chrome to remove";
  ProcessResult r = RunGovharvest(dir / "unused", {"clean", file, "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json page = json::parse(r.out);
  EXPECT_EQ(page["input_kind"], "html");
  EXPECT_EQ(page["host_class"], "unknown");  // a file:// URL has no host
  const std::string text = page["clean_text"];
  EXPECT_TRUE(Contains(text, sentence)) << text.substr(0, 500);
  for (const auto& c : chrome) EXPECT_FALSE(Contains(text, c)) << c;
  int tables = 0;
  for (const auto& b : page["blocks"]) tables += b["kind"] == "table" ? 1 : 0;
  EXPECT_GE(tables, 2);
  EXPECT_TRUE(std::string(page["document_digest"]).starts_with("sha256:"));
  EXPECT_FALSE(fs::exists(dir / "unused")) << "cleaning a file must not create an archive";

  r = RunGovharvest(dir / "unused", {"clean", file});  // text is the default
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), page["title"].get<std::string>());
  EXPECT_TRUE(Contains(r.out, sentence));
  EXPECT_TRUE(Contains(r.out, " | ")) << "tables are printed one row per line";
  for (const auto& c : chrome) EXPECT_FALSE(Contains(r.out, c)) << c;

  r = RunGovharvest(dir / "unused", {"clean", file, "--format", "html"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("<!DOCTYPE html>"));
  EXPECT_TRUE(Contains(r.out, "<meta charset=\"utf-8\">"));
  EXPECT_TRUE(Contains(r.out, sentence));
  size_t table_tags = 0;
  for (size_t at = r.out.find("<table>"); at != std::string::npos; at = r.out.find("<table>", at + 1)) ++table_tags;
  EXPECT_EQ(table_tags, static_cast<size_t>(tables));
  EXPECT_FALSE(Contains(r.out, "<script")) << "the rendering is self-contained";

  // Spans survive the round trip through the grid.
  testing::WriteFile(dir / "spans.html",
                     "<html><head><meta charset=\"utf-8\"><title>收到和处理政府信息公开申请情况</title></head><body>"
                     "<div class=\"TRS_Editor\"><p>三、收到和处理政府信息公开申请情况。本年度共收到申请，办理情况如下表。</p>"
                     "<table><tr><td rowspan=\"2\">本列数据的勾稽关系</td><td colspan=\"2\">申请人情况</td></tr>"
                     "<tr><td>自然人</td><td>法人或其他组织</td></tr>"
                     "<tr><td>一、本年新收政府信息公开申请数量</td><td>12</td><td>3</td></tr></table></div></body></html>");
  r = RunGovharvest(dir / "unused", {"clean", dir / "spans.html", "--format", "html"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "<td rowspan=\"2\">本列数据的勾稽关系</td><td colspan=\"2\">申请人情况</td></tr>")) << r.out;
  EXPECT_TRUE(Contains(r.out, "<tr><td>自然人</td><td>法人或其他组织</td></tr>")) << r.out;

  // A seed (plain text): its 统计表 lines come back as a table.
  r = RunGovharvest(dir / "unused", {"clean", kFixtures + "/seeds/000_9de06cae2ece0565.txt", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json seed = json::parse(r.out);
  EXPECT_EQ(seed["input_kind"], "text");
  EXPECT_TRUE(Contains(seed["clean_text"].get<std::string>(), "祥符区"));
}

TEST(CleanCliTest, CleansArchivedUrlAndDigestWithConfiguredHosts) {
  ScratchDir dir;
  const std::string archive = dir / "archive";
  const std::string mirror_url = "http://www.mirror-example.com/2021.html";
  Import(archive, kReportFile, kReportUrl);
  Import(archive, kReportFile, mirror_url, "2022-02-01");

  ProcessResult r = RunGovharvest(archive, {"clean", kReportUrl, "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json by_url = json::parse(r.out);
  EXPECT_EQ(by_url["url"], kReportUrl);
  EXPECT_EQ(by_url["host_class"], "gov");
  EXPECT_TRUE(Contains(by_url["clean_text"].get<std::string>(), kReportSentence));

  // By digest: the authoritative capture is preferred over the later mirror capture.
  const std::string digest = by_url["payload_digest"];
  r = RunGovharvest(archive, {"clean", digest, "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json by_digest = json::parse(r.out);
  EXPECT_EQ(by_digest["url"], kReportUrl);
  EXPECT_EQ(by_digest["document_digest"], by_url["document_digest"]);

  r = RunGovharvest(archive, {"clean", mirror_url, "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["host_class"], "mirror");
  testing::WriteFile(dir / "allowed.toml", "[harvest]\nallowed_hosts = [\"www.mirror-example.com\"]\n");
  r = RunProcess({kBinary, "--config", dir / "allowed.toml", "--archive", archive, "clean", mirror_url, "--format",
                  "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["host_class"], "allowed");

  // A file with --url is judged by that URL.
  r = RunGovharvest(archive, {"clean", kReportFile, "--url", mirror_url, "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["host_class"], "mirror");
}

TEST(CleanCliTest, BadInputFailsInOneLineNamingIt) {
  ScratchDir dir;
  const std::string archive = dir / "archive";
  Import(archive, kReportFile, kReportUrl);

  const std::string pdf = kFixtures + "/peer-samples/jiangsu-huaian-municipal-govt_2024_annual-report.pdf";
  ProcessResult r = RunGovharvest(archive, {"clean", pdf});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(IsOneLine(r.err)) << r.err;
  EXPECT_TRUE(Contains(r.err, pdf)) << r.err;
  EXPECT_TRUE(r.out.empty());

  r = RunGovharvest(archive, {"clean", "no-such-file.html"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(IsOneLine(r.err)) << r.err;
  EXPECT_TRUE(Contains(r.err, "no-such-file.html")) << r.err;

  r = RunGovharvest(archive, {"clean", "http://never.gov.cn/a.html"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(IsOneLine(r.err)) << r.err;
  EXPECT_TRUE(Contains(r.err, "http://never.gov.cn/a.html")) << r.err;

  const std::string unknown_digest = "sha256:" + std::string(64, '0');
  r = RunGovharvest(archive, {"clean", unknown_digest});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(IsOneLine(r.err)) << r.err;
  EXPECT_TRUE(Contains(r.err, unknown_digest)) << r.err;

  r = RunGovharvest(dir / "no-archive", {"clean", kReportUrl});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "does not exist")) << r.err;
  r = RunGovharvest(dir / "no-archive", {"extract"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(IsOneLine(r.err)) << r.err;
  EXPECT_FALSE(fs::exists(dir / "no-archive"));

  r = RunGovharvest(archive, {"clean", kReportUrl, "--format", "pdf"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST(CleanCliTest, ExtractMergesTheSameReportAtTwoUrlsAndReRunsIncrementally) {
  ScratchDir dir;
  const std::string archive = dir / "archive";
  Import(archive, kReportFile, kReportUrl);
  Import(archive, kRepostFile, kRepostUrl);
  Import(archive, kFixtures + "/seeds/002_49ee148252c18417.txt", "http://www.huaxi.gov.cn/nb/2021.html");
  Import(archive, kFixtures + "/peer-samples/jiangsu-huaian-municipal-govt_2024_annual-report.pdf",
         "http://www.huaian.gov.cn/nb/2024.pdf");  // not a page: not cleaned

  json summary = Extract(archive);
  EXPECT_EQ(summary["pages_cleaned"], 3);
  EXPECT_EQ(summary["pages_failed"], 0);
  EXPECT_EQ(summary["documents_created"], 2);
  EXPECT_EQ(summary["documents"], 2);
  EXPECT_EQ(summary["duplicates_merged"], 1);
  EXPECT_EQ(summary["duplicate_groups"], 1);
  EXPECT_EQ(summary["captures_added"], 3);
  EXPECT_EQ(summary["mirror_pages"], 0);
  EXPECT_EQ(summary["reports_extracted"], 3);
  EXPECT_EQ(summary["report_templates"]["v2021"], 3);

  const json page = json::parse(RunGovharvest(archive, {"clean", kReportUrl, "--format", "json"}).out);
  const std::string document_digest = page["document_digest"];
  json doc = ReadDoc(archive, document_digest);
  // Each document carries its ReportRecord: seed 002 as a text dump and as
  // the simulator's TRS page give the same table cells, and every hard
  // identity holds.
  const json seed_page =
      json::parse(RunGovharvest(archive, {"clean", "http://www.huaxi.gov.cn/nb/2021.html", "--format", "json"}).out);
  const json seed_doc = ReadDoc(archive, seed_page["document_digest"]);
  ASSERT_TRUE(doc.contains("report") && seed_doc.contains("report"));
  EXPECT_EQ(doc["report"]["template"]["version"], "v2021");
  EXPECT_EQ(seed_doc["report"]["template"]["version"], "v2021");
  EXPECT_EQ(doc["report"]["tables"]["active"], seed_doc["report"]["tables"]["active"]);
  EXPECT_EQ(doc["report"]["tables"]["apply"], seed_doc["report"]["tables"]["apply"]);
  EXPECT_EQ(doc["report"]["tables"]["appeal"], seed_doc["report"]["tables"]["appeal"]);
  EXPECT_GT(seed_doc["report"]["tables"]["apply"].size(), 100u);
  EXPECT_EQ(seed_doc["report"]["validation"]["score"]["hard_fail"], 0);
  EXPECT_GT(seed_doc["report"]["validation"]["score"]["hard_ok"], 30);
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["schema"], 1);
  EXPECT_EQ(doc["document_digest"], document_digest);
  EXPECT_TRUE(Contains(doc["clean"]["clean_text"].get<std::string>(), kReportSentence));
  ASSERT_EQ(doc["captures"].size(), 2u);
  std::set<std::string> urls, payloads;
  for (const auto& c : doc["captures"]) {
    urls.insert(c["url"]);
    payloads.insert(c["payload_digest"]);
    EXPECT_EQ(c["fetched_at"], "2022-01-12T01:00:00.000000Z");
    EXPECT_EQ(c["host_class"], "gov");
  }
  EXPECT_EQ(urls, (std::set<std::string>{kReportUrl, kRepostUrl}));
  EXPECT_EQ(payloads.size(), 2u) << "two different files, one document";
  const json marker = ReadDoc(archive, "cleaned/" + page["payload_digest"].get<std::string>());
  EXPECT_EQ(marker["document_digest"], document_digest);

  // Nothing new: nothing is cleaned again.
  summary = Extract(archive);
  EXPECT_EQ(summary["pages_to_clean"], 0);
  EXPECT_EQ(summary["pages_cleaned"], 0);
  EXPECT_EQ(summary["pages_already_cleaned"], 3);
  EXPECT_EQ(summary["captures_added"], 0);
  EXPECT_EQ(summary["documents"], 2);

  // A new capture of known bytes is listed without cleaning; a new page is cleaned.
  Import(archive, kReportFile, "http://www.mirror-example.com/2021.html", "2022-03-01");
  Import(archive, kFixtures + "/seeds/000_9de06cae2ece0565.txt", "http://www.xiangfuqu.gov.cn/nb/2019.html");
  summary = Extract(archive);
  EXPECT_EQ(summary["pages_cleaned"], 1);
  EXPECT_EQ(summary["captures_added"], 2);
  EXPECT_EQ(summary["mirror_pages"], 1);
  EXPECT_EQ(summary["documents"], 3);
  doc = ReadDoc(archive, document_digest);
  EXPECT_EQ(doc["captures"].size(), 3u);
  EXPECT_EQ(doc["clean"]["host_class"], "gov") << "the authoritative cleaning is kept";

  // --all cleans everything again and changes nothing.
  summary = Extract(archive, {"--all", "--jobs", "2"});
  EXPECT_EQ(summary["pages_cleaned"], 4);
  EXPECT_EQ(summary["captures_added"], 0);
  EXPECT_EQ(summary["documents"], 3);
  EXPECT_EQ(summary["duplicate_groups"], 1);
  EXPECT_EQ(ReadDoc(archive, document_digest)["captures"].size(), 3u);

  ProcessResult r = RunGovharvest(archive, {"archive", "stats", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json stats = json::parse(r.out);
  EXPECT_EQ(stats["documents"]["documents"], 3);
  EXPECT_EQ(stats["documents"]["captures"], 5);
  EXPECT_EQ(stats["documents"]["duplicate_groups"], 1);
  EXPECT_EQ(stats["documents"]["payloads_cleaned"], 4);
  r = RunGovharvest(archive, {"archive", "stats"});
  EXPECT_TRUE(Contains(r.out, "documents: 3 (5 captures); 1 duplicate groups")) << r.out;
  EXPECT_EQ(RunGovharvest(archive, {"archive", "verify"}).exit_code, 0);
}

// The mirror that replaced 洪泽区's names with three chains (the county, the
// city, and both before 人民政府): the cleaner restores each from the page's
// evidence, so the copy is the original's document by digest.
TEST(CleanCliTest, MirrorCopyWithRestoredNamesIsTheOriginalsDocument) {
  ScratchDir dir;
  const std::string archive = dir / "archive";
  const std::string mirror_url = "http://www.sjtyzx-365.com/xxgk/zfxxgknb/202203/t20220301_1.html";
  Import(archive, kReportFile, kReportUrl);
  Import(archive, kFixtures + "/portal-pages/mirror-2021.html", mirror_url, "2022-03-01");
  const json summary = Extract(archive);
  EXPECT_EQ(summary["documents"], 1);
  EXPECT_EQ(summary["mirror_copies_merged"], 0);
  const json page = json::parse(RunGovharvest(archive, {"clean", kReportUrl, "--format", "json"}).out);
  const json mirror_page = json::parse(RunGovharvest(archive, {"clean", mirror_url, "--format", "json"}).out);
  EXPECT_EQ(mirror_page["identity"]["name"], "淮安市洪泽区");
  EXPECT_FALSE(mirror_page["identity"]["evidence"].empty());
  EXPECT_EQ(mirror_page["clean_text"], page["clean_text"]);
  EXPECT_EQ(mirror_page["document_digest"], page["document_digest"]);
  const json doc = ReadDoc(archive, page["document_digest"]);
  ASSERT_EQ(doc["captures"].size(), 2u);
  EXPECT_EQ(doc["clean"]["host_class"], "gov");
}

// A mirror copy whose names cannot be restored exactly (its page names the
// city only: 中国·淮安 and area code 0517, no county postcode or domain, so
// 洪泽区 comes back as 淮安市): the copy of the 2021 report is merged into the
// TRS original (same year, same cells, the name agrees), not into the 2020
// report (the same seed with the years shifted: near-identical text, same
// cells) nor into 增城区's rendering of the same seed; `show` follows the merge.
TEST(CleanCliTest, MirrorCopyWithReplacedNamesMergesIntoItsOriginal) {
  ScratchDir dir;
  const std::string archive = dir / "archive";
  const std::string mirror_url = "http://www.sjtyzx-365.com/xxgk/zfxxgknb/202203/t20220301_1.html";
  const std::string mirror_2020_url = "http://www.sjtyzx-365.com/xxgk/zfxxgknb/202105/t20210501_2.html";
  // The simulator's mirror pages with city clues only.
  for (const std::string year : {"2020", "2021"}) {
    std::string page = ReadFile(kFixtures + "/portal-pages/mirror-" + year + ".html");
    for (const auto& [clue, city_only] : {std::pair<std::string, std::string>{"223100", ""},
                                          {"www.hongze.gov.cn", ""},
                                          {"东七街2号", "东七街2号，中国·淮安"}}) {
      for (size_t at = 0; (at = page.find(clue, at)) != std::string::npos; at += city_only.size()) {
        page.replace(at, clue.size(), city_only);
      }
    }
    testing::WriteFile(dir / ("mirror-" + year + ".html"), page);
  }
  Import(archive, kReportFile, kReportUrl);
  Import(archive, kFixtures + "/portal-pages/trs-2020.html", "http://www.hongze.gov.cn/xxgk/zfxxgknb/2020.html");
  Import(archive, kFixtures + "/portal-pages/gkmlpt-2021.html", "http://www.zc.gov.cn/gkmlpt/content/2021.html");
  Import(archive, dir / "mirror-2021.html", mirror_url, "2022-03-01");

  json summary = Extract(archive);
  EXPECT_EQ(summary["mirror_copies_merged"], 1);
  EXPECT_EQ(summary["mirror_captures_merged"], 1);
  EXPECT_EQ(summary["documents"], 3);
  const json page = json::parse(RunGovharvest(archive, {"clean", kReportUrl, "--format", "json"}).out);
  const std::string original = page["document_digest"];
  const json mirror_page = json::parse(RunGovharvest(archive, {"clean", mirror_url, "--format", "json"}).out);
  const std::string copy = mirror_page["document_digest"];
  ASSERT_NE(copy, original) << "the names restored at city level give another clean text";
  EXPECT_EQ(mirror_page["identity"]["name"], "淮安市");

  json doc = ReadDoc(archive, original);
  ASSERT_EQ(doc["captures"].size(), 2u);
  const json& merged = doc["captures"][1];
  EXPECT_EQ(merged["url"], mirror_url);
  EXPECT_EQ(merged["host_class"], "mirror");
  EXPECT_EQ(merged["merged_from"]["document_digest"], copy);
  EXPECT_EQ(merged["merged_from"]["reason"], "near_identical_mirror_copy");
  EXPECT_LE(merged["merged_from"]["simhash_distance"].get<int>(), 3);
  ASSERT_EQ(doc["merged_mirrors"].size(), 1u);
  EXPECT_EQ(doc["merged_mirrors"][0]["identity"]["name"], "淮安市");
  EXPECT_FALSE(doc["merged_mirrors"][0]["identity"]["evidence"].empty());
  const json pointer = ReadDoc(archive, copy);
  EXPECT_EQ(pointer["merged_into"], original);
  EXPECT_TRUE(pointer["captures"].empty());
  EXPECT_EQ(ReadDoc(archive, "cleaned/" + mirror_page["payload_digest"].get<std::string>())["document_digest"], original);

  // show by the mirror URL or the copy's digest shows the original and says so.
  for (const std::string& target : {mirror_url, copy}) {
    ProcessResult r = RunGovharvest(archive, {"show", target});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(Contains(r.out, "Document " + original)) << r.out;
    EXPECT_TRUE(Contains(r.err, "merged into document " + original)) << r.err;
  }

  // Re-runs change nothing; a second copy (2020) goes to the 2020 report; --all redoes both.
  summary = Extract(archive);
  EXPECT_EQ(summary["mirror_copies_merged"], 0);
  Import(archive, dir / "mirror-2020.html", mirror_2020_url, "2022-03-02");
  summary = Extract(archive);
  EXPECT_EQ(summary["mirror_copies_merged"], 1);
  EXPECT_EQ(summary["documents"], 3);
  const std::string original_2020 =
      json::parse(RunGovharvest(archive, {"clean", "http://www.hongze.gov.cn/xxgk/zfxxgknb/2020.html", "--format",
                                          "json"}).out)["document_digest"];
  EXPECT_EQ(ReadDoc(archive, original_2020)["captures"].size(), 2u);
  EXPECT_EQ(ReadDoc(archive, original)["captures"].size(), 2u);
  summary = Extract(archive, {"--all", "--jobs", "2"});
  EXPECT_EQ(summary["mirror_copies_merged"], 2);
  EXPECT_EQ(summary["documents"], 3);
  doc = ReadDoc(archive, original);
  EXPECT_EQ(doc["captures"].size(), 2u);
  EXPECT_EQ(doc["merged_mirrors"].size(), 1u);
  EXPECT_EQ(ReadDoc(archive, copy)["merged_into"], original);
  EXPECT_EQ(RunGovharvest(archive, {"archive", "verify"}).exit_code, 0);
}

// A copy whose original of the same year was never archived stays its own
// document, however near the other years' reports are.
TEST(CleanCliTest, MirrorCopyOfAnotherYearIsNotMerged) {
  ScratchDir dir;
  const std::string archive = dir / "archive";
  Import(archive, kFixtures + "/portal-pages/trs-2020.html", "http://www.hongze.gov.cn/xxgk/zfxxgknb/2020.html");
  Import(archive, kFixtures + "/portal-pages/trs-2022.html", "http://www.hongze.gov.cn/xxgk/zfxxgknb/2022.html");
  Import(archive, kFixtures + "/portal-pages/mirror-2021.html", "http://www.sjtyzx-365.com/nb/2021.html");
  const json summary = Extract(archive);
  EXPECT_EQ(summary["mirror_copies_merged"], 0);
  EXPECT_EQ(summary["documents"], 3);
  // The copy is within SimHash distance 3 of both (one seed, years shifted, same cells): the year tells them apart.
  EXPECT_EQ(summary["near_duplicate_groups"], 1);
}

TEST(CleanCliTest, NearDuplicatesAreGrouped) {
  ScratchDir dir;
  const std::string archive = dir / "archive";
  const std::string original = ReadFile(kFixtures + "/seeds/000_9de06cae2ece0565.txt");
  // The same report with one sentence appended: another document, a near duplicate.
  testing::WriteFile(dir / "amended.txt", original + "\n本报告电子版可在本机关门户网站下载。\n");
  Import(archive, kFixtures + "/seeds/000_9de06cae2ece0565.txt", "http://www.xiangfuqu.gov.cn/nb/2019.html");
  Import(archive, dir / "amended.txt", "http://www.xiangfuqu.gov.cn/nb/2019-amended.html");
  Import(archive, kFixtures + "/seeds/002_49ee148252c18417.txt", "http://www.huaxi.gov.cn/nb/2021.html");
  const json summary = Extract(archive);
  EXPECT_EQ(summary["documents"], 3);
  EXPECT_EQ(summary["duplicate_groups"], 0);
  EXPECT_EQ(summary["near_duplicate_groups"], 1);
  const json stats = json::parse(RunGovharvest(archive, {"archive", "stats", "--json"}).out);
  EXPECT_EQ(stats["documents"]["near_duplicate_groups"], 1);
  EXPECT_EQ(stats["documents"]["documents_in_near_duplicate_groups"], 2);
}

// A poison page (elements nested 50,000 deep) is recorded as error:too_deep,
// the other pages of the run are cleaned, and later runs do not try it again
// unless --all.
TEST(CleanCliTest, PoisonPageIsRecordedAndTheRunGoesOn) {
  ScratchDir dir;
  const std::string archive = dir / "archive";
  std::string poison = "<html><body>";
  for (int i = 0; i < 50000; ++i) poison += "<div>";
  poison += "2021年政府信息公开工作年度报告</body></html>";
  const std::string poison_file = dir / "poison.html";
  testing::WriteFile(poison_file, poison);
  Import(archive, poison_file, "http://www.hongze.gov.cn/xxgk/a.html");
  Import(archive, kReportFile, kReportUrl);

  // The run fails loudly (exit 1, a warning naming the limit) and goes on.
  ProcessResult r = RunGovharvest(archive, {"extract"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Contains(r.err, "error:too_deep")) << r.err;
  json summary = json::parse(r.out);
  EXPECT_EQ(summary["pages_cleaned"], 1);
  EXPECT_EQ(summary["pages_failed"], 1);
  EXPECT_EQ(summary["failures"]["error:too_deep"], 1) << summary.dump();
  EXPECT_EQ(summary["reports_extracted"], 1);

  // Recorded: the next run does not try it again.
  summary = Extract(archive);
  EXPECT_EQ(summary["pages_failed"], 0) << summary.dump();
  EXPECT_EQ(summary["pages_already_cleaned"], 2);

  r = RunGovharvest(archive, {"extract", "--all"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(json::parse(r.out)["failures"]["error:too_deep"], 1) << r.out;
}

}  // namespace
}  // namespace govharvest
