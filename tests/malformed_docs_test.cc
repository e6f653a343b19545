// Malformed entries in the doc keyspace, fed to every pass that reads it:
// extract (with the mirror merge, the cross-year checks and the counts it
// runs), each of those alone, the export index, `export` and `show`. Each
// must end in an error naming the key at fault: no uncaught exception, no
// crash, no silent skip.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "export/snapshot.h"
#include "pipeline/across_years.h"
#include "pipeline/document_counts.h"
#include "pipeline/extract_pass.h"
#include "pipeline/mirror_merge.h"
#include "store/archive.h"
#include "store/documents.h"
#include "store/records.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

using nlohmann::json;
using testing::ProcessResult;
using testing::RunGovharvest;

const std::string kUrl = "http://www.a.gov.cn/2021/report.html";
const std::string kPage = "<html><head><title>2021年政府信息公开工作年度报告</title></head><body><p>正文</p></body></html>";
const std::string kDocument = "sha256:" + std::string(64, 'd');

struct MalformedCase {
  const char* name;
  std::string marker;    // stored at cleaned/<payload>
  std::string document;  // stored at kDocument; "" = none
  bool names_document;   // the error names kDocument (else the marker)
  // Only the report record is malformed: the passes that never read it (the
  // mirror merge's scan, the counts, `archive stats`) have nothing to report.
  bool report_only = false;
};

std::vector<MalformedCase> Cases(const json& capture_entry) {
  const std::string points_at_document = CleaningMarker::Cleaned(kDocument).ToJson();
  const json listed = json::array({capture_entry});
  return {
      {"marker_not_json", "{\"schema\": 1, \"document_digest\": ", "", false},
      {"marker_not_an_object", "[\"" + kDocument + "\"]", "", false},
      {"marker_wrong_type", R"({"schema": 1, "document_digest": 42})", "", false},
      {"marker_missing_members", R"({"schema": 1})", "", false},
      {"marker_names_no_document", points_at_document, "", true},
      {"document_not_json", points_at_document, "{\"schema\": 1, \"captures\": [", true},
      {"document_not_an_object", points_at_document, "\"text\"", true},
      {"document_wrong_types", points_at_document,
       json({{"schema", 1}, {"captures", "none"}, {"clean", 3}, {"report", {1, 2}}}).dump(), true},
      {"capture_entry_wrong_type", points_at_document,
       json({{"schema", 1}, {"captures", {1}}, {"clean", {{"simhash", 7}}}, {"report", "r"}}).dump(), true},
      {"report_members_wrong_types", points_at_document,
       json({{"schema", 1},
             {"captures", listed},
             {"clean", {{"simhash", 7}, {"host_class", 1}}},
             {"report", {{"identity", "x"}, {"tables", {1}}, {"validation", 2}}}})
           .dump(),
       true, /*report_only=*/true},
  };
}

// Makes a new archive in `dir` holding kPage captured at kUrl, and the doc
// entries `docs` (key, stored text); `*capture` is the page's capture record.
void MakeArchive(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& docs,
                 CaptureRecord* capture) {
  ArchiveOptions options;
  options.create_if_missing = true;
  std::unique_ptr<Archive> archive;
  ASSERT_TRUE(Archive::Open(dir, options, &archive).ok());
  CaptureRecord c;
  c.requested_url = kUrl;
  c.fetched_at = 1700000000000000;
  c.content_type = "text/html";
  ASSERT_TRUE(archive->PutCapture(c, kPage).ok());
  c.payload_digest = PayloadDigest(kPage);
  ArchiveBatch batch;
  for (const auto& [key, text] : docs) batch.PutDoc(key, text);
  ASSERT_TRUE(archive->Write(std::move(batch)).ok());
  *capture = std::move(c);
}

class MalformedDocsTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    CaptureRecord c;
    c.requested_url = kUrl;
    c.fetched_at = 1700000000000000;
    c.payload_digest = PayloadDigest(kPage);
    payload_ = c.payload_digest;
    const std::vector<MalformedCase> cases = Cases(DocumentCaptureEntry(c, "gov"));
    ASSERT_LT(static_cast<size_t>(GetParam()), cases.size());
    case_ = cases[GetParam()];
    std::vector<std::pair<std::string, std::string>> docs = {{CleaningMarkerKey(payload_), case_.marker}};
    if (!case_.document.empty()) docs.emplace_back(kDocument, case_.document);
    ASSERT_NO_FATAL_FAILURE(MakeArchive(archive_dir_, docs, &c));
  }
  std::unique_ptr<Archive> Open() {
    std::unique_ptr<Archive> archive;
    EXPECT_TRUE(Archive::Open(archive_dir_, ArchiveOptions(), &archive).ok());
    return archive;
  }
  // The key the error must name.
  std::string Key() const { return case_.names_document ? kDocument : CleaningMarkerKey(payload_); }
  void ExpectNamesKey(const Status& s, const char* pass) {
    EXPECT_FALSE(s.ok()) << case_.name << ", " << pass << ": no error";
    EXPECT_NE(s.message().find(Key()), std::string::npos) << case_.name << ", " << pass << ": " << s.ToString();
    EXPECT_EQ(s.message().find('\n'), std::string::npos) << "one line";
  }
  void ExpectCliNamesKey(const std::vector<std::string>& args) {
    const ProcessResult r = RunGovharvest(archive_dir_, args);
    EXPECT_EQ(r.exit_code, 1) << case_.name << ", " << args[0] << ": " << r.err;
    EXPECT_TRUE(testing::Contains(r.err, Key())) << case_.name << ", " << args[0] << ": " << r.err;
  }

  testing::ScratchDir dir_;
  const std::string archive_dir_ = dir_ / "archive";
  std::string payload_;
  MalformedCase case_;
};

TEST_P(MalformedDocsTest, ExtractPass) {
  auto archive = Open();
  ExtractPassOptions options;
  options.threads = 2;
  ExtractSummary summary;
  ExpectNamesKey(RunExtractPass(*archive, options, &summary), "extract");
}

TEST_P(MalformedDocsTest, MirrorMergeCrossYearsAndCounts) {
  auto archive = Open();
  AcrossYearsCounts across;
  ExpectNamesKey(CheckReportsAcrossYears(*archive, 2, &across), "cross-year checks");
  MirrorMergeCounts merge;
  DocumentCounts counts;
  if (case_.report_only) {
    EXPECT_TRUE(MergeMirrorCopies(*archive, 2, &merge).ok());
    EXPECT_TRUE(CountDocuments(*archive, 2, &counts).ok());
    return;
  }
  ExpectNamesKey(MergeMirrorCopies(*archive, 2, &merge), "mirror merge");
  ExpectNamesKey(CountDocuments(*archive, 2, &counts), "document counts");
}

TEST_P(MalformedDocsTest, ExportIndex) {
  auto archive = Open();
  SnapshotIndex index;
  ExpectNamesKey(IndexSnapshot(*archive, SnapshotScope(), &index), "export index");
}

TEST_P(MalformedDocsTest, ExportShowAndStatsCommands) {
  ExpectCliNamesKey({"export", "--out", dir_ / "snapshot"});
  ExpectCliNamesKey({"show", kUrl});
  if (!case_.report_only) ExpectCliNamesKey({"archive", "stats"});
}

// A report record whose lists hold elements of the wrong type: `show` and
// `export` end in an error naming the document and the member, not in a
// JSON exception or a snapshot that silently leaves the cells out.
TEST(MalformedReportTest, ShowAndExportNameTheDocument) {
  const std::vector<std::pair<json, std::string>> reports = {
      {json{{"tables", {{"cells", json::array({{{"field", 3}, {"value", 1}}})}}}}, "report.tables.cells"},
      {json{{"tables", {{"cells", json::array({"a.b"})}}}}, "report.tables.cells"},
      {json{{"validation", {{"flags", json::array({json::object()})}}}}, "report.validation.flags"},
      {json{{"validation", {{"hard", json::array({1})}}}}, "report.validation.hard"},
  };
  for (const auto& [report, member] : reports) {
    testing::ScratchDir dir;
    const std::string archive_dir = dir / "archive";
    CaptureRecord c;
    c.requested_url = kUrl;
    c.fetched_at = 1700000000000000;
    c.payload_digest = PayloadDigest(kPage);
    const json doc = {{"schema", 1},
                      {"document_digest", kDocument},
                      {"captures", json::array({DocumentCaptureEntry(c, "gov")})},
                      {"clean", {{"simhash", "7"}}},
                      {"report", report}};
    const std::vector<std::pair<std::string, std::string>> docs = {
        {CleaningMarkerKey(c.payload_digest), CleaningMarker::Cleaned(kDocument).ToJson()}, {kDocument, doc.dump()}};
    ASSERT_NO_FATAL_FAILURE(MakeArchive(archive_dir, docs, &c));
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"show", kUrl}, std::vector<std::string>{"export", "--out", dir / "snapshot"}}) {
      const ProcessResult r = RunGovharvest(archive_dir, args);
      EXPECT_EQ(r.exit_code, 1) << member << ", " << args[0] << ": " << r.err;
      EXPECT_TRUE(testing::Contains(r.err, kDocument)) << member << ", " << args[0] << ": " << r.err;
      EXPECT_TRUE(testing::Contains(r.err, member)) << member << ", " << args[0] << ": " << r.err;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, MalformedDocsTest, ::testing::Range(0, 10), [](const auto& info) {
  return std::string(Cases(json())[info.param].name);
});

}  // namespace
}  // namespace govharvest
