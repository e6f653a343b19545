// The document pipeline without the command line (pipeline/): the extract
// pass, its document writer, the mirror merge, the cross-year checks, the
// document counts and the previous-run lookup of scheduled crawls.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "pipeline/across_years.h"
#include "pipeline/document_counts.h"
#include "pipeline/document_writer.h"
#include "pipeline/extract_pass.h"
#include "pipeline/mirror_merge.h"
#include "pipeline/page_captures.h"
#include "pipeline/previous_run.h"
#include "store/archive.h"
#include "store/document_parts.h"
#include "store/documents.h"
#include "store/records.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

using nlohmann::json;

const std::string kFixtures = std::string(GOVHARVEST_SOURCE_DIR) + "/tests/fixtures";

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ArchiveOptions options;
    options.create_if_missing = true;
    ASSERT_TRUE(Archive::Open(dir_ / "archive", options, &archive_).ok());
  }
  CaptureRecord PutPage(const std::string& url, const std::string& bytes, int64_t fetched_at = 1700000000000000) {
    CaptureRecord c;
    c.requested_url = url;
    c.fetched_at = fetched_at;
    c.content_type = "text/html";
    EXPECT_TRUE(archive_->PutCapture(c, bytes).ok());
    c.payload_digest = PayloadDigest(bytes);
    return c;
  }
  void PutDoc(const std::string& key, const json& value) {
    ArchiveBatch batch;
    batch.PutDoc(key, value.dump());
    ASSERT_TRUE(archive_->Write(std::move(batch)).ok());
  }
  json Doc(const std::string& key) {
    std::string text;
    EXPECT_TRUE(archive_->GetDoc(key, &text).ok()) << key;
    return json::parse(text, nullptr, false);
  }
  ExtractSummary Extract(bool all = false) {
    ExtractPassOptions options;
    options.all = all;
    options.threads = 2;
    ExtractSummary summary;
    const Status s = RunExtractPass(*archive_, options, &summary);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return summary;
  }

  testing::ScratchDir dir_;
  std::unique_ptr<Archive> archive_;
};

TEST_F(PipelineTest, ExtractPassWritesDocumentsMarkersAndCrossYearChecks) {
  std::vector<CaptureRecord> pages;
  for (const std::string year : {"2020", "2021", "2022"}) {
    pages.push_back(PutPage("http://www.huaian.gov.cn/art/" + year + "/report.html",
                            testing::ReadFile(kFixtures + "/portal-pages/hanweb-" + year + ".html")));
  }
  PutPage("http://www.huaian.gov.cn/logo.png", "\x89PNG not a page");  // a payload that is no page
  std::vector<std::string> phases;
  int64_t last_done = -1;
  ExtractPassOptions options;
  options.threads = 2;
  options.phase_done = [&](const char* phase) { phases.push_back(phase); };
  options.progress = [&](int64_t done, int64_t, int64_t total, bool last) {
    EXPECT_EQ(total, 4);
    if (last) last_done = done;
  };
  ExtractSummary first;
  ASSERT_TRUE(RunExtractPass(*archive_, options, &first).ok());
  EXPECT_EQ(phases, (std::vector<std::string>{"reading captures and markers", "cleaning and writing documents",
                                              "merging mirror copies", "cross-year checks", "counting documents"}));
  EXPECT_EQ(last_done, 4);
  EXPECT_EQ(first.pages_to_clean, 4);
  EXPECT_EQ(first.pages_cleaned + first.pages_failed, 4);
  EXPECT_FALSE(first.unreadable_pages());
  EXPECT_EQ(first.reports_extracted, 3);
  EXPECT_EQ(first.written.documents_created, first.pages_cleaned);
  EXPECT_EQ(first.totals.documents, first.pages_cleaned);
  EXPECT_EQ(first.across_years.agencies, 1);
  EXPECT_EQ(first.across_years.pairs, 2);
  EXPECT_EQ(first.across_years.documents_updated, 3);

  // Each page's marker names the document listing its capture.
  for (const CaptureRecord& page : pages) {
    CleaningMarker marker;
    ASSERT_TRUE(ReadCleaningMarker(*archive_, page.payload_digest, &marker).ok());
    ASSERT_TRUE(marker.cleaned());
    const json doc = Doc(marker.document_digest);
    EXPECT_TRUE(ListsCapture(doc["captures"], DocumentCaptureEntry(page, "gov")));
    EXPECT_TRUE(doc["report"].is_object());
  }

  // A re-run has nothing to do and changes nothing.
  const ExtractSummary second = Extract();
  EXPECT_EQ(second.pages_to_clean, 0);
  EXPECT_EQ(second.pages_already_cleaned, 4);
  EXPECT_EQ(second.written.captures_added, 0);
  EXPECT_EQ(second.across_years.documents_updated, 0);
  EXPECT_EQ(second.totals.documents, first.totals.documents);

  // A new capture of a cleaned payload is added to its document.
  const CaptureRecord again = PutPage("http://www.huaian.gov.cn/copy/2021.html",
                                      testing::ReadFile(kFixtures + "/portal-pages/hanweb-2021.html"));
  const ExtractSummary third = Extract();
  EXPECT_EQ(third.pages_to_clean, 0);
  EXPECT_EQ(third.written.captures_added, 1);
  EXPECT_EQ(third.written.documents_updated, 1);
  EXPECT_EQ(third.totals.duplicate_groups, 1);

  // --all cleans everything again, to the same documents.
  const ExtractSummary all = Extract(/*all=*/true);
  EXPECT_EQ(all.pages_to_clean, 4);
  EXPECT_EQ(all.written.documents_created, 0);
  EXPECT_EQ(all.totals.documents, first.totals.documents);
}

TEST_F(PipelineTest, ExtractAllMendsAMalformedMarker) {
  const CaptureRecord page = PutPage("http://www.huaian.gov.cn/art/2021/report.html",
                                     testing::ReadFile(kFixtures + "/portal-pages/hanweb-2021.html"));
  ArchiveBatch batch;
  batch.PutDoc(CleaningMarkerKey(page.payload_digest), "{not json");
  ASSERT_TRUE(archive_->Write(std::move(batch)).ok());
  ExtractPassOptions options;
  ExtractSummary summary;
  const Status s = RunExtractPass(*archive_, options, &summary);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find(CleaningMarkerKey(page.payload_digest)), std::string::npos) << s.message();
  const ExtractSummary all = Extract(/*all=*/true);
  EXPECT_EQ(all.pages_cleaned, 1);
  CleaningMarker marker;
  ASSERT_TRUE(ReadCleaningMarker(*archive_, page.payload_digest, &marker).ok());
  EXPECT_TRUE(marker.cleaned());
}

// A township's report naming no county and carrying no SiteIDCode: the crawl
// site's configured division (ExtractPassOptions::site_division_codes, read by
// the capture's `site`) decides its agency_id; without it there is none.
TEST_F(PipelineTest, ExtractPassTakesTheCrawlSitesDivisionAsLastEvidence) {
  std::string page = testing::ReadFile(kFixtures + "/portal-pages/jsshell-2021-zhd.html");
  const size_t meta = page.find("SiteIDCode");
  ASSERT_NE(meta, std::string::npos);
  page.replace(meta, std::string_view("SiteIDCode").size(), "SiteIDCodeX");  // no longer the meta tag
  CaptureRecord c;
  c.requested_url = "http://127.0.0.15/zwgk/zfxxgk/zfxxgknb/zhd-2021.html";
  c.fetched_at = 1700000000000000;
  c.content_type = "text/html";
  c.site = "jsshell";
  c.role = "report";
  ASSERT_TRUE(archive_->PutCapture(c, page).ok());
  auto identity = [&] {
    CleaningMarker marker;
    EXPECT_TRUE(ReadCleaningMarker(*archive_, PayloadDigest(page), &marker).ok());
    return Doc(marker.document_digest)["report"]["identity"];
  };
  Extract(/*all=*/false);
  json id = identity();
  EXPECT_EQ(id["agency_name"], "治河渡镇人民政府");
  EXPECT_EQ(id["agency_id"], "");
  EXPECT_TRUE(id["agency_id_evidence"].get<std::string>().starts_with("undecided")) << id.dump();

  ExtractPassOptions options;
  options.all = true;
  options.site_division_codes = {{"jsshell", "430623"}, {"trs", "320813"}};
  ExtractSummary summary;
  ASSERT_TRUE(RunExtractPass(*archive_, options, &summary).ok());
  id = identity();
  EXPECT_EQ(id["agency_id"], "430623:岳阳市华容县治河渡镇人民政府");
  EXPECT_EQ(id["agency_id_evidence"], "site_config");
  EXPECT_EQ(id["agency_level"], "township");
}

TEST_F(PipelineTest, ExtractAllMendsAMarkerNamingAMissingDocument) {
  const CaptureRecord page = PutPage("http://www.huaian.gov.cn/art/2021/report.html",
                                     testing::ReadFile(kFixtures + "/portal-pages/hanweb-2021.html"));
  PutDoc(CleaningMarkerKey(page.payload_digest), json::parse(CleaningMarker::Cleaned("sha256:gone").ToJson()));
  ExtractPassOptions options;
  ExtractSummary summary;
  const Status s = RunExtractPass(*archive_, options, &summary);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find(CleaningMarkerKey(page.payload_digest)), std::string::npos) << s.message();
  const ExtractSummary all = Extract(/*all=*/true);
  EXPECT_EQ(all.pages_cleaned, 1);
  EXPECT_EQ(all.totals.documents, 1);
  CleaningMarker marker;
  ASSERT_TRUE(ReadCleaningMarker(*archive_, page.payload_digest, &marker).ok());
  EXPECT_NE(marker.document_digest, "sha256:gone");
  EXPECT_EQ(Extract().pages_already_cleaned, 1) << "and plain runs work again";
}

TEST_F(PipelineTest, DocumentWriterBatchesDocumentsWithTheirMarkers) {
  const CaptureRecord a = PutPage("http://www.a.gov.cn/1.html", "<p>一</p>");
  const CaptureRecord b = PutPage("http://mirror.example.com/1.html", "<p>一 copy</p>");
  PayloadWork wa{a.payload_digest, {a}, {"gov"}, ""};
  PayloadWork wb{b.payload_digest, {b}, {"mirror"}, ""};
  CleanPage page;
  page.document_digest = "sha256:doc";
  page.host_class = "gov";
  DocumentWriter writer(*archive_, /*redo_all=*/false);
  ASSERT_TRUE(writer.AddCleaned(wa, page, json{{"host_class", "gov"}, {"title", "A"}}, json()).ok());
  page.host_class = "mirror";
  ASSERT_TRUE(writer.AddCleaned(wb, page, json{{"host_class", "mirror"}, {"title", "B"}}, json()).ok());
  EXPECT_EQ(writer.pending(), 3u);  // one document, two markers
  std::string text;
  EXPECT_TRUE(archive_->GetDoc("sha256:doc", &text).IsNotFound()) << "nothing is written before Flush";
  ASSERT_TRUE(writer.Flush().ok());
  EXPECT_EQ(writer.pending(), 0u);
  const json doc = Doc("sha256:doc");
  EXPECT_EQ(doc["captures"].size(), 2u);
  EXPECT_EQ(doc["clean"]["title"], "A") << "the authoritative host's cleaning is kept";
  EXPECT_EQ(writer.counts().documents_created, 1);
  EXPECT_EQ(writer.counts().duplicates_merged, 1);
  EXPECT_EQ(writer.counts().mirror_pages, 1);

  writer.AddFailure(wa, "error", "broken");
  ASSERT_TRUE(writer.Flush().ok());
  CleaningMarker marker;
  ASSERT_TRUE(ReadCleaningMarker(*archive_, a.payload_digest, &marker).ok());
  EXPECT_EQ(marker.failure, "error");
  EXPECT_EQ(marker.detail, "broken");

  // A marker naming a document that is gone: the error names the marker.
  PayloadWork lost{b.payload_digest, {b}, {"mirror"}, "sha256:gone"};
  const Status s = writer.AddNewCaptures(lost);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find(CleaningMarkerKey(b.payload_digest)), std::string::npos) << s.message();
}

// Two documents of one text: the original on a gov host, a copy on a mirror
// whose SimHash is one bit away and whose digit runs are the same.
TEST_F(PipelineTest, MirrorMergeMovesTheCopyIntoTheOriginal) {
  const CaptureRecord a = PutPage("http://www.a.gov.cn/2021.html", "<p>original</p>");
  const CaptureRecord m = PutPage("http://mirror.example.com/2021.html", "<p>copy</p>");
  const json text = {{"clean_text", "2021年 收到申请 12 件"}, {"title", "年度报告"}};
  json original = {{"schema", 1}, {"document_digest", "sha256:a"},
                   {"captures", {DocumentCaptureEntry(a, "gov")}}, {"clean", text}};
  original["clean"]["simhash"] = "00000000000000f0";
  json copy = {{"schema", 1}, {"document_digest", "sha256:m"}, {"captures", {DocumentCaptureEntry(m, "mirror")}},
               {"clean", text}};
  copy["clean"]["simhash"] = "00000000000000f1";
  PutDoc("sha256:a", original);
  PutDoc("sha256:m", copy);
  PutDoc(CleaningMarkerKey(a.payload_digest), json::parse(CleaningMarker::Cleaned("sha256:a").ToJson()));
  PutDoc(CleaningMarkerKey(m.payload_digest), json::parse(CleaningMarker::Cleaned("sha256:m").ToJson()));

  MirrorMergeCounts counts;
  ASSERT_TRUE(MergeMirrorCopies(*archive_, 2, &counts).ok());
  EXPECT_EQ(counts.mirror_documents, 1);
  EXPECT_EQ(counts.merged, 1);
  EXPECT_EQ(counts.captures_moved, 1);
  const json merged = Doc("sha256:a");
  ASSERT_EQ(merged["captures"].size(), 2u);
  EXPECT_EQ(merged["captures"][1]["merged_from"]["document_digest"], "sha256:m");
  EXPECT_EQ(merged["merged_mirrors"][0]["simhash_distance"], 1);
  EXPECT_TRUE(IsMergedPointer(Doc("sha256:m")));
  CleaningMarker marker;
  ASSERT_TRUE(ReadCleaningMarker(*archive_, m.payload_digest, &marker).ok());
  EXPECT_EQ(marker.document_digest, "sha256:a");
  EXPECT_EQ(marker.merged_from, "sha256:m");
  std::string resolved, doc_text, merged_from;
  ASSERT_TRUE(GetResolvedDocument(*archive_, "sha256:m", &resolved, &doc_text, &merged_from).ok());
  EXPECT_EQ(resolved, "sha256:a");
  EXPECT_EQ(merged_from, "sha256:m");

  // Nothing left to merge; the counts see one document with two captures.
  ASSERT_TRUE(MergeMirrorCopies(*archive_, 1, &counts).ok());
  EXPECT_EQ(counts.merged, 0);
  DocumentCounts totals;
  ASSERT_TRUE(CountDocuments(*archive_, 2, &totals).ok());
  EXPECT_EQ(totals.documents, 1);
  EXPECT_EQ(totals.captures, 2);
  EXPECT_EQ(totals.duplicate_groups, 1);
  EXPECT_EQ(totals.payloads_cleaned, 2);
}

TEST_F(PipelineTest, MirrorMergeLeavesADifferentTextAlone) {
  const CaptureRecord a = PutPage("http://www.a.gov.cn/2021.html", "<p>original</p>");
  const CaptureRecord m = PutPage("http://mirror.example.com/2021.html", "<p>copy</p>");
  PutDoc("sha256:a", {{"captures", {DocumentCaptureEntry(a, "gov")}},
                      {"clean", {{"simhash", "00000000000000f0"}, {"clean_text", "2021年 12 件"}}}});
  PutDoc("sha256:m", {{"captures", {DocumentCaptureEntry(m, "mirror")}},
                      {"clean", {{"simhash", "00000000000000f1"}, {"clean_text", "2021年 13 件"}}}});
  PutDoc(CleaningMarkerKey(a.payload_digest), json::parse(CleaningMarker::Cleaned("sha256:a").ToJson()));
  PutDoc(CleaningMarkerKey(m.payload_digest), json::parse(CleaningMarker::Cleaned("sha256:m").ToJson()));
  MirrorMergeCounts counts;
  ASSERT_TRUE(MergeMirrorCopies(*archive_, 1, &counts).ok());
  EXPECT_EQ(counts.mirror_documents, 1);
  EXPECT_EQ(counts.merged, 0) << "other numbers: another report";
}

json ReportDoc(const CaptureRecord& c, int year, double total,
               const std::string& agency_id = "320800:淮安市人民政府", const std::string& agency_key = "320800") {
  return {{"schema", 1},
          {"captures", {DocumentCaptureEntry(c, "gov")}},
          {"clean", {{"host_class", "gov"}, {"simhash", "0"}}},
          {"report",
           {{"identity", {{"agency_key", agency_key}, {"agency_id", agency_id}, {"report_year", year}}},
            {"tables", {{"cells", {{{"field", "apply.new.total"}, {"status", "ok"}, {"value", total}}}}}},
            {"validation", {{"hard", json::array()}, {"soft", json::array()}}}}}};
}

TEST_F(PipelineTest, AcrossYearsStoresTheChecksOnBothRecordsOnce) {
  const CaptureRecord c2020 = PutPage("http://www.a.gov.cn/2020.html", "<p>2020</p>");
  const CaptureRecord c2021 = PutPage("http://www.a.gov.cn/2021.html", "<p>2021</p>");
  const CaptureRecord c2023 = PutPage("http://www.a.gov.cn/2023.html", "<p>2023</p>");
  int i = 0;
  for (const auto& [c, year] : {std::pair(c2020, 2020), std::pair(c2021, 2021), std::pair(c2023, 2023)}) {
    const std::string digest = "sha256:" + std::to_string(year);
    PutDoc(digest, ReportDoc(c, year, 10 + i++));
    PutDoc(CleaningMarkerKey(c.payload_digest), json::parse(CleaningMarker::Cleaned(digest).ToJson()));
  }
  AcrossYearsCounts counts;
  ASSERT_TRUE(CheckReportsAcrossYears(*archive_, 2, &counts).ok());
  EXPECT_EQ(counts.agencies, 1);
  EXPECT_EQ(counts.pairs, 1) << "2023 has no 2022 before it";
  int64_t checks = 0;
  for (const auto& [outcome, n] : counts.outcomes) checks += n;
  ASSERT_GT(checks, 0);
  EXPECT_EQ(counts.documents_updated, 2);
  for (const auto& [digest, other] : {std::pair("sha256:2020", "sha256:2021"), std::pair("sha256:2021", "sha256:2020")}) {
    const json soft = Doc(digest)["report"]["validation"]["soft"];
    ASSERT_EQ(static_cast<int64_t>(soft.size()), checks) << digest;
    EXPECT_EQ(soft[0]["across_years"]["other_document"], other);
    EXPECT_EQ(soft[0]["across_years"]["years"], json({2020, 2021}));
  }
  EXPECT_TRUE(Doc("sha256:2023")["report"]["validation"]["soft"].empty());
  ASSERT_TRUE(CheckReportsAcrossYears(*archive_, 1, &counts).ok());
  EXPECT_EQ(counts.documents_updated, 0) << "a second run changes nothing";
}

// Cross-year pairs are made by agency_id only: a county government and its
// township share the site's 索引号 prefix (agency_key) but are other bodies,
// and a record whose body is undecided (agency_id "") pairs with nothing.
TEST_F(PipelineTest, AcrossYearsPairsByAgencyIdOnly) {
  const CaptureRecord county2020 = PutPage("http://www.hr.gov.cn/2020.html", "<p>county 2020</p>");
  const CaptureRecord town2021 = PutPage("http://www.hr.gov.cn/2021-bjg.html", "<p>town 2021</p>");
  const CaptureRecord unknown2021 = PutPage("http://www.hr.gov.cn/2021-x.html", "<p>unknown 2021</p>");
  const CaptureRecord unknown2022 = PutPage("http://www.hr.gov.cn/2022-x.html", "<p>unknown 2022</p>");
  const std::string key = "index_no:006382290";
  const std::vector<std::tuple<CaptureRecord, int, std::string, std::string>> docs = {
      {county2020, 2020, "sha256:county2020", "430623:岳阳市华容县人民政府"},
      {town2021, 2021, "sha256:town2021", "430623:岳阳市华容县北景港镇人民政府"},
      {unknown2021, 2021, "sha256:unknown2021", ""},
      {unknown2022, 2022, "sha256:unknown2022", ""}};
  for (const auto& [c, year, digest, id] : docs) {
    PutDoc(digest, ReportDoc(c, year, 10, id, key));
    PutDoc(CleaningMarkerKey(c.payload_digest), json::parse(CleaningMarker::Cleaned(digest).ToJson()));
  }
  AcrossYearsCounts counts;
  ASSERT_TRUE(CheckReportsAcrossYears(*archive_, 1, &counts).ok());
  EXPECT_EQ(counts.agencies, 0);
  EXPECT_EQ(counts.pairs, 0) << "same agency_key, other bodies; or no agency_id";
  for (const auto& [c, year, digest, id] : docs) EXPECT_TRUE(Doc(digest)["report"]["validation"]["soft"].empty()) << digest;
}

TEST(PageCapturesTest, ClassifiesCaptures) {
  CaptureRecord c;
  c.requested_url = "http://www.a.gov.cn/1.html";
  c.payload_digest = "sha256:p";
  c.content_type = "text/html";
  EXPECT_TRUE(IsPageCapture(c));
  EXPECT_EQ(HostClassOf(c, CleanOptions()), "gov");
  c.role = "list";
  EXPECT_FALSE(IsPageCapture(c));
  c.role = "";
  c.outcome = "error:http";
  EXPECT_FALSE(IsPageCapture(c));
  c.outcome = "ok";
  c.final_url = "http://mirror.example.com/1.html";
  EXPECT_EQ(CaptureUrl(c), "http://mirror.example.com/1.html");
  EXPECT_EQ(HostClassOf(c, CleanOptions()), "mirror");
  CleanOptions allowed;
  allowed.allowed_hosts = {"mirror.example.com"};
  EXPECT_EQ(HostClassOf(c, allowed), "allowed");
  CaptureRecord pdf;
  pdf.requested_url = "http://www.a.gov.cn/r.pdf";
  pdf.payload_digest = "sha256:q";
  pdf.content_type = "application/pdf";
  pdf.via = "http://www.a.gov.cn/1.html";
  EXPECT_TRUE(IsLinkedAttachment(pdf));
  EXPECT_FALSE(IsPageCapture(pdf));
  pdf.role = "report";
  EXPECT_TRUE(IsPageCapture(pdf));

  CaptureRecord older = c, newer = c;
  older.fetched_at = 1;
  newer.fetched_at = 2;
  CaptureRecord gov = c;
  gov.fetched_at = 0;
  EXPECT_EQ(Representative({older, newer}, {"mirror", "mirror"}).fetched_at, 2);
  EXPECT_EQ(Representative({older, gov, newer}, {"mirror", "gov", "mirror"}).fetched_at, 0);
}

JobRecord Job(const std::string& kind, int64_t started, int64_t ended, const json& options) {
  JobRecord job;
  job.kind = kind;
  job.started_at = started;
  job.ended_at = ended;
  job.options_json = options.dump();
  return job;
}

TEST(PreviousRunTest, MatchesSitesAndYears) {
  const json both_2021 = {{"sites", {"a", "b"}}, {"years", {2021, 2021}}};
  const json both_all = {{"sites", {"a", "b"}}, {"years", {0, 0}}};
  const std::vector<JobRecord> jobs = {
      Job("crawl", 100, 150, both_2021),
      Job("crawl", 200, 250, both_all),
      Job("crawl", 300, 0, both_2021),  // not finished
      Job("backfill", 400, 450, both_2021),
      Job("crawl", 500, 550, {{"sites", {"a"}}, {"years", {2021, 2021}}}),
      Job("crawl", 600, 650, {{"sites", "a,b"}, {"years", {2021, 2021}}}),  // malformed: ignored
      Job("crawl", 700, 750, {{"sites", {"a", "b"}}}),                      // no years recorded
      Job("fetch", 800, 850, both_2021),
  };
  EXPECT_EQ(PreviousRunStart(jobs, {"b", "a"}, 2021, 2021), 100);
  EXPECT_EQ(PreviousRunStart(jobs, {"a", "b"}, 0, 0), 200);
  EXPECT_EQ(PreviousRunStart(jobs, {"a"}, 2021, 2021), 500);
  EXPECT_EQ(PreviousRunStart(jobs, {"a", "b"}, 2020, 2021), 0) << "other years: no previous run";
  EXPECT_EQ(PreviousRunStart(jobs, {"c"}, 2021, 2021), 0);
  std::vector<JobRecord> bad = {Job("crawl", 1, 2, json::array())};
  bad.push_back(bad[0]);
  bad[1].options_json = "not json";
  EXPECT_EQ(PreviousRunStart(bad, {"a"}, 0, 0), 0);
}

}  // namespace
}  // namespace govharvest
