#include "store/document_parts.h"

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/archive.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

using nlohmann::json;

class DocumentPartsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ArchiveOptions options;
    options.create_if_missing = true;
    ASSERT_TRUE(Archive::Open(dir_ / "archive", options, &archive_).ok());
  }
  void Put(const std::string& digest, const std::string& text) {
    ArchiveBatch batch;
    batch.PutDoc(digest, text);
    ASSERT_TRUE(archive_->Write(std::move(batch)).ok());
  }

  testing::ScratchDir dir_;
  std::unique_ptr<Archive> archive_;
};

const json kDocument = {
    {"schema", 1},
    {"captures", {{{"url", "http://a.gov.cn/1"}, {"host_class", "gov"}}, {{"url", "http://m.com/1"}, {"host_class", "mirror"}}}},
    {"clean",
     {{"simhash", "00ff"},
      {"host_class", "gov"},
      {"blocks", {{{"kind", "table"}, {"rows", {{"a", "b"}, {"1", "2"}}}}}},
      {"clean_text", "很长的正文"}}},
    {"report",
     {{"identity", {{"agency_key", "k"}, {"report_year", 2021}}},
      {"tables", {{"cells", {{{"field", "apply.new.total"}, {"value", 5}, {"raw", "5"}}, {{"field", "x"}, {"value", 1}}}}}},
      {"sections", {{"s1_overview", "……"}}}}}};

TEST_F(DocumentPartsTest, KeepsOnlyTheMembersOnThePaths) {
  Put("d1", kDocument.dump());
  json doc;
  ASSERT_TRUE(ReadDocumentParts(*archive_, "d1", {"captures", "clean.simhash", "report.tables.cells.field"}, &doc).ok());
  EXPECT_EQ(doc["captures"], kDocument["captures"]);  // under a kept path: whole
  EXPECT_EQ(doc["clean"], (json{{"simhash", "00ff"}}));
  EXPECT_FALSE(doc.contains("schema"));
  EXPECT_EQ(doc["report"].size(), 1U);  // on the way to a kept path: only that member
  // Array elements share the array's path: each cell keeps its field only.
  EXPECT_EQ(doc["report"]["tables"]["cells"], (json{{{"field", "apply.new.total"}}, {{"field", "x"}}}));
}

TEST_F(DocumentPartsTest, PathsMatchWholeMemberNames) {
  Put("d1", kDocument.dump());
  json doc;
  ASSERT_TRUE(ReadDocumentParts(*archive_, "d1", {"clean.host", "report.identity.report_year"}, &doc).ok());
  EXPECT_EQ(doc["clean"], json::object());  // "host" is not "host_class"
  EXPECT_EQ(doc["report"], (json{{"identity", {{"report_year", 2021}}}}));
}

TEST_F(DocumentPartsTest, MissingAndMalformedEntries) {
  json doc;
  EXPECT_TRUE(ReadDocumentParts(*archive_, "none", {"captures"}, &doc).IsNotFound());
  Put("bad", "{\"captures\": [1, 2");
  EXPECT_TRUE(ReadDocumentParts(*archive_, "bad", {"captures"}, &doc).IsCorruption());
  Put("array", "[1, 2]");
  EXPECT_TRUE(ReadDocumentParts(*archive_, "array", {"captures"}, &doc).IsCorruption());
}

// More documents than one read-ahead chunk, read on several threads: every
// present one reaches the callback once, in the order given.
TEST_F(DocumentPartsTest, ForEachReadsOnThreadsAndCallsBackInOrder) {
  std::vector<std::string> digests;
  ArchiveBatch batch;
  for (int i = 0; i < 600; ++i) {
    digests.push_back("d" + std::to_string(1000 + i));
    if (i % 7 == 3) continue;  // missing entries are skipped
    batch.PutDoc(digests.back(), json{{"n", i}, {"clean", {{"blocks", {1, 2, 3}}}}}.dump());
  }
  ASSERT_TRUE(archive_->Write(std::move(batch)).ok());
  for (int threads : {1, 3}) {
    std::vector<int> seen;
    Status s = ForEachDocumentParts(*archive_, digests, {"n"}, threads, [&](const std::string& digest, json& doc) {
      EXPECT_EQ(digest, "d" + std::to_string(1000 + doc["n"].get<int>()));
      EXPECT_FALSE(doc.contains("clean"));
      seen.push_back(doc["n"].get<int>());
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
    std::vector<int> expected;
    for (int i = 0; i < 600; ++i) {
      if (i % 7 != 3) expected.push_back(i);
    }
    EXPECT_EQ(seen, expected) << threads << " threads";
  }
  // The callback's error stops the pass.
  int calls = 0;
  Status s = ForEachDocumentParts(*archive_, digests, {"n"}, 2, [&](const std::string&, json&) {
    return ++calls == 5 ? Status::Corruption("stop") : Status::Ok();
  });
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_EQ(calls, 5);
  // So does a document that is not JSON.
  Put(digests[10], "{");
  s = ForEachDocumentParts(*archive_, digests, {"n"}, 2, [&](const std::string&, json&) { return Status::Ok(); });
  EXPECT_TRUE(s.IsCorruption());
}

}  // namespace
}  // namespace govharvest
