// The doc keyspace's one reader and writer (store/documents.h): cleaning
// markers, the marker scan and the document reads every pass goes through.
#include "store/documents.h"

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/archive.h"
#include "store/document_parts.h"
#include "store/records.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

using nlohmann::json;

bool Names(const Status& s, const std::string& key) { return !s.ok() && s.message().find(key) != std::string::npos; }

TEST(CleaningMarkerTest, StoredFormIsTheOneEarlierRunsWrote) {
  // Markers already in archives must read back, and new ones stay the same bytes.
  EXPECT_EQ(CleaningMarker::Cleaned("sha256:d").ToJson(),
            json({{"schema", 1}, {"document_digest", "sha256:d"}}).dump());
  EXPECT_EQ(CleaningMarker::Cleaned("sha256:a", "sha256:m").ToJson(),
            json({{"schema", 1}, {"document_digest", "sha256:a"}, {"merged_from", "sha256:m"}}).dump());
  EXPECT_EQ(CleaningMarker::Failed("not_a_page", "").ToJson(),
            json({{"schema", 1}, {"failure", "not_a_page"}, {"detail", ""}}).dump());
}

TEST(CleaningMarkerTest, RoundTrips) {
  for (const CleaningMarker& m : {CleaningMarker::Cleaned("sha256:d"), CleaningMarker::Cleaned("sha256:a", "sha256:m"),
                                  CleaningMarker::Failed("error:too_large", "over 64 MiB")}) {
    CleaningMarker back;
    ASSERT_TRUE(CleaningMarker::FromJson("cleaned/p", m.ToJson(), &back).ok());
    EXPECT_EQ(back.document_digest, m.document_digest);
    EXPECT_EQ(back.merged_from, m.merged_from);
    EXPECT_EQ(back.failure, m.failure);
    EXPECT_EQ(back.detail, m.detail);
    EXPECT_EQ(back.cleaned(), m.cleaned());
  }
}

TEST(CleaningMarkerTest, MalformedMarkersAreCorruptionNamingTheKey) {
  for (const std::string text : {"", "not json", "[1,2]", "\"sha256:d\"", R"({"schema":1})",
                                 R"({"schema":1,"document_digest":42})", R"({"schema":1,"failure":["x"]})",
                                 R"({"schema":1,"document_digest":"sha256:d","merged_from":{}})",
                                 R"({"schema":1,"document_digest":"sha256:d","failure":"error"})",
                                 R"({"schema":1,"detail":"x"})"}) {
    CleaningMarker m;
    const Status s = CleaningMarker::FromJson("cleaned/sha256:p", text, &m);
    EXPECT_TRUE(s.IsCorruption()) << text;
    EXPECT_TRUE(Names(s, "cleaned/sha256:p")) << text << ": " << s.ToString();
  }
}

class DocumentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ArchiveOptions options;
    options.create_if_missing = true;
    ASSERT_TRUE(Archive::Open(dir_ / "archive", options, &archive_).ok());
  }
  // An ok page capture of `url` carrying `bytes`; returns its payload digest.
  std::string PutPage(const std::string& url, const std::string& bytes, const std::string& outcome = "ok") {
    CaptureRecord c;
    c.requested_url = url;
    c.fetched_at = 1700000000000000 + static_cast<int64_t>(url.size());
    c.content_type = "text/html";
    c.outcome = outcome;
    EXPECT_TRUE(archive_->PutCapture(c, bytes).ok());
    return PayloadDigest(bytes);
  }
  void PutDoc(const std::string& key, const std::string& text) {
    ArchiveBatch batch;
    batch.PutDoc(key, text);
    ASSERT_TRUE(archive_->Write(std::move(batch)).ok());
  }

  testing::ScratchDir dir_;
  std::unique_ptr<Archive> archive_;
};

TEST_F(DocumentsTest, ReadCleaningMarker) {
  const std::string p = PutPage("http://a.gov.cn/1", "<p>one</p>");
  CleaningMarker m;
  EXPECT_TRUE(ReadCleaningMarker(*archive_, p, &m).IsNotFound());
  PutDoc(CleaningMarkerKey(p), CleaningMarker::Cleaned("sha256:d").ToJson());
  ASSERT_TRUE(ReadCleaningMarker(*archive_, p, &m).ok());
  EXPECT_EQ(m.document_digest, "sha256:d");
  PutDoc(CleaningMarkerKey(p), "{");
  const Status s = ReadCleaningMarker(*archive_, p, &m);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_TRUE(Names(s, "cleaned/" + p)) << s.ToString();
}

TEST_F(DocumentsTest, ListMarkedDocumentsReadsTheMarkersOfTheIncludedCaptures) {
  const std::string p1 = PutPage("http://a.gov.cn/1", "<p>one</p>");
  const std::string p2 = PutPage("http://a.gov.cn/2", "<p>two</p>");
  const std::string p3 = PutPage("http://a.gov.cn/3", "<p>three</p>");
  const std::string p4 = PutPage("http://a.gov.cn/4", "<p>four</p>");
  PutPage("http://a.gov.cn/5", "<p>five</p>", "error:http");
  PutDoc(CleaningMarkerKey(p1), CleaningMarker::Cleaned("sha256:b").ToJson());
  PutDoc(CleaningMarkerKey(p2), CleaningMarker::Cleaned("sha256:a").ToJson());
  PutDoc(CleaningMarkerKey(p3), CleaningMarker::Failed("error", "broken").ToJson());
  (void)p4;  // not cleaned yet: no marker
  MarkedDocuments marked;
  ASSERT_TRUE(ListMarkedDocuments(*archive_, [](const CaptureRecord& c) { return c.outcome == "ok"; }, &marked).ok());
  EXPECT_EQ(marked.documents, (std::vector<std::string>{"sha256:a", "sha256:b"}));  // sorted
  EXPECT_EQ(marked.payloads_marked, 3);
  EXPECT_EQ(marked.payloads_failed, 1);
  EXPECT_EQ(marked.document_of_payload.at(p1), "sha256:b");
  EXPECT_EQ(marked.marker_of_document.at("sha256:a"), CleaningMarkerKey(p2));
}

TEST_F(DocumentsTest, ForEachMarkedDocumentNamesTheMarkerOfAMissingDocument) {
  const std::string p1 = PutPage("http://a.gov.cn/1", "<p>one</p>");
  const std::string p2 = PutPage("http://a.gov.cn/2", "<p>two</p>");
  PutDoc(CleaningMarkerKey(p1), CleaningMarker::Cleaned("sha256:a").ToJson());
  PutDoc(CleaningMarkerKey(p2), CleaningMarker::Cleaned("sha256:b").ToJson());
  PutDoc("sha256:b", R"({"schema":1,"captures":[]})");
  MarkedDocuments marked;
  ASSERT_TRUE(ListMarkedDocuments(*archive_, [](const CaptureRecord&) { return true; }, &marked).ok());
  for (int threads : {1, 3}) {
    std::vector<std::string> seen;
    const Status s = ForEachMarkedDocument(*archive_, marked, {"captures"}, threads, [&](const std::string& d, json&) {
      seen.push_back(d);
      return Status::Ok();
    });
    EXPECT_TRUE(s.IsCorruption());
    EXPECT_TRUE(Names(s, CleaningMarkerKey(p1)) && Names(s, "sha256:a")) << s.ToString();
  }
  // A missing document after the last one read is found too.
  PutDoc("sha256:a", R"({"schema":1,"captures":[]})");
  const std::string p3 = PutPage("http://a.gov.cn/3", "<p>three</p>");
  PutDoc(CleaningMarkerKey(p3), CleaningMarker::Cleaned("sha256:z").ToJson());
  ASSERT_TRUE(ListMarkedDocuments(*archive_, [](const CaptureRecord&) { return true; }, &marked).ok());
  const Status s = ForEachMarkedDocument(*archive_, marked, {"captures"}, 1, [](const std::string&, json&) {
    return Status::Ok();
  });
  EXPECT_TRUE(Names(s, CleaningMarkerKey(p3)) && Names(s, "sha256:z")) << s.ToString();
}

TEST_F(DocumentsTest, DocumentShapeIsChecked) {
  const std::string good = R"({"schema":1,"captures":[{"url":"u"}],"clean":{},"report":{"identity":{},"tables":{}}})";
  json doc;
  PutDoc("sha256:good", good);
  EXPECT_TRUE(ReadDocument(*archive_, "sha256:good", &doc).ok());
  EXPECT_TRUE(ReadDocument(*archive_, "sha256:none", &doc).IsNotFound());
  for (const std::string bad : {"{", "[]", R"({"captures":"x"})", R"({"captures":[1]})", R"({"clean":[]})",
                                R"({"report":"r"})", R"({"report":{"identity":"x"}})",
                                R"({"report":{"tables":[]}})", R"({"report":{"validation":1}})"}) {
    PutDoc("sha256:bad", bad);
    const Status s = ReadDocument(*archive_, "sha256:bad", &doc);
    EXPECT_TRUE(s.IsCorruption()) << bad;
    EXPECT_TRUE(Names(s, "sha256:bad")) << bad << ": " << s.ToString();
  }
}

// A capture redirected from .../old to .../new.
CaptureRecord RedirectedCapture() {
  CaptureRecord c;
  c.requested_url = "http://a.gov.cn/old";
  c.final_url = "http://a.gov.cn/new";
  c.fetched_at = 1700000000000000;
  c.payload_digest = "sha256:p";
  c.site = "s";
  c.role = "report";
  c.listed_year = 2021;
  return c;
}

TEST(DocumentCaptureEntryTest, ListsTheCaptureUnderItsFinalUrl) {
  const CaptureRecord c = RedirectedCapture();
  const json entry = DocumentCaptureEntry(c, "gov");
  EXPECT_EQ(entry["url"], "http://a.gov.cn/new");
  EXPECT_EQ(entry["fetched_at_us"], 1700000000000000);
  EXPECT_EQ(entry["host_class"], "gov");
  EXPECT_EQ(entry["listed_year"], 2021);
  EXPECT_TRUE(ListsCapture(json::array({entry}), entry));
}

TEST(DocumentCapturesTest, ReadsWhatDocumentCaptureEntryWrites) {
  const json doc = {{"captures", json::array({DocumentCaptureEntry(RedirectedCapture(), "mirror")})}};
  std::vector<DocumentCapture> captures;
  ASSERT_TRUE(ReadDocumentCaptures("sha256:d", doc, &captures).ok());
  ASSERT_EQ(captures.size(), 1u);
  EXPECT_EQ(captures[0].url, "http://a.gov.cn/new");
  EXPECT_EQ(captures[0].fetched_at, "2023-11-14T22:13:20.000000Z");
  EXPECT_EQ(captures[0].fetched_at_us, 1700000000000000);
  EXPECT_EQ(captures[0].payload_digest, "sha256:p");
  EXPECT_EQ(captures[0].site, "s");
  EXPECT_EQ(captures[0].role, "report");
  EXPECT_EQ(captures[0].listed_year, 2021);
  EXPECT_EQ(captures[0].host_class, "mirror");
  ASSERT_TRUE(ReadDocumentCaptures("sha256:d", json::object(), &captures).ok());
  EXPECT_TRUE(captures.empty()) << "no list, no captures";
}

TEST(DocumentCapturesTest, MalformedListIsCorruptionNamingTheDocument) {
  for (const json& doc : {json{{"captures", "x"}}, json{{"captures", json::array({1})}}, json{{"captures", json::array({{{"url", 7}}})}},
                          json{{"captures", json::array({{{"fetched_at_us", "soon"}}})}}, json::array()}) {
    std::vector<DocumentCapture> captures;
    const Status s = ReadDocumentCaptures("sha256:d", doc, &captures);
    EXPECT_TRUE(s.IsCorruption()) << doc.dump();
    EXPECT_NE(s.message().find("sha256:d"), std::string::npos) << s.message();
    EXPECT_FALSE(CheckDocumentShape("sha256:d", doc).ok()) << doc.dump();
  }
}

TEST(MemberOfTest, AnyShape) {
  EXPECT_TRUE(MemberOf(json(3), "a").is_null());
  EXPECT_TRUE(MemberOf(json::object(), "a").is_null());
  EXPECT_EQ(MemberOf(json{{"a", 1}}, "a"), 1);
  EXPECT_EQ(StringMemberOf(json{{"a", 1}}, "a"), "");
  EXPECT_EQ(StringMemberOf(json{{"a", "x"}}, "a"), "x");
  EXPECT_EQ(StringMemberOf(json::array(), "a"), "");
}

}  // namespace
}  // namespace govharvest
