#include <gtest/gtest.h>
#include <leveldb/db.h>

#include <filesystem>
#include <fstream>

#include "store/archive.h"
#include "store/numbers.h"
#include "store/keys.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

using testing::ScratchDir;

std::unique_ptr<Archive> OpenOrDie(const std::string& dir, bool create = true) {
  ArchiveOptions options;
  options.create_if_missing = create;
  std::unique_ptr<Archive> archive;
  Status s = Archive::Open(dir, options, &archive);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return archive;
}

CaptureRecord MakeCapture(const std::string& url, TimestampUs t) {
  CaptureRecord r;
  r.requested_url = url;
  r.final_url = url;
  r.http_status = 200;
  r.fetched_at = t;
  r.outcome = "ok";
  r.source = "http";
  return r;
}

// Writes one raw key into a closed archive, bypassing the Archive class.
void RawPut(const std::string& dir, const std::string& key, const std::string& value) {
  leveldb::DB* raw = nullptr;
  ASSERT_TRUE(leveldb::DB::Open(leveldb::Options(), dir, &raw).ok());
  std::unique_ptr<leveldb::DB> db(raw);
  ASSERT_TRUE(db->Put(leveldb::WriteOptions(), key, value).ok());
}

void RawDelete(const std::string& dir, const std::string& key) {
  leveldb::DB* raw = nullptr;
  ASSERT_TRUE(leveldb::DB::Open(leveldb::Options(), dir, &raw).ok());
  std::unique_ptr<leveldb::DB> db(raw);
  ASSERT_TRUE(db->Delete(leveldb::WriteOptions(), key).ok());
}

TEST(TimestampTest, ParsesAndFormats) {
  TimestampUs t;
  ASSERT_TRUE(ParseTimestamp("2021-03-01", &t).ok());
  EXPECT_EQ(FormatTimestamp(t), "2021-03-01T00:00:00.000000Z");
  ASSERT_TRUE(ParseTimestamp("2021-03-01T10:00:00+08:00", &t).ok());
  EXPECT_EQ(FormatTimestamp(t), "2021-03-01T02:00:00.000000Z");
  ASSERT_TRUE(ParseTimestamp("2020-02-29 23:59:59.5Z", &t).ok());
  EXPECT_EQ(FormatTimestamp(t), "2020-02-29T23:59:59.500000Z");
  ASSERT_TRUE(ParseTimestamp("1970-01-01T00:00:01Z", &t).ok());
  EXPECT_EQ(t, 1000000);
  for (const char* bad : {"2021-02-29", "2021-13-01", "yesterday", "2021-03-01T25:00", "2021-03-01X",
                          "2021-3-1"}) {
    Status s = ParseTimestamp(bad, &t);
    EXPECT_TRUE(s.IsInvalidArgument()) << bad;
    EXPECT_NE(s.message().find(bad), std::string::npos) << s.message();
  }
}

TEST(RecordsTest, CaptureJsonRoundTrip) {
  CaptureRecord r = MakeCapture("http://www.example.gov.cn/a?b=1", 1234567);
  r.redirects = {{"http://example.gov.cn/a", 301}};
  r.response_headers = {{"Content-Type", "text/html; charset=gbk"}, {"ETag", "\"x\""}};
  r.duration_us = 42;
  r.payload_digest = PayloadDigest("abc");
  r.size = 3;
  r.charset_header = "gbk";
  r.charset_meta = "gb2312";
  r.charset_used = "gb18030";
  r.job_id = "job-1";
  r.via = "http://www.example.gov.cn/";
  CaptureRecord back;
  ASSERT_TRUE(CaptureRecord::FromJson(r.ToJson(), &back).ok());
  EXPECT_EQ(back.ToJson(), r.ToJson());
  EXPECT_EQ(back.redirects[0].status, 301);
  EXPECT_EQ(back.response_headers[1].value, "\"x\"");
  EXPECT_EQ(back.fetched_at, 1234567);

  EXPECT_TRUE(CaptureRecord::FromJson("[1,2]", &back).IsCorruption());
  EXPECT_TRUE(CaptureRecord::FromJson(R"({"outcome":"weird"})", &back).IsCorruption());
  EXPECT_TRUE(CaptureRecord::FromJson(R"({"size":"big"})", &back).IsCorruption());
}

TEST(RecordsTest, Outcomes) {
  for (const char* ok : {"ok", "not_modified", "error:timeout", "error:http_503", "robots_denied",
                         "blocked_challenge", "out_of_scope"}) {
    EXPECT_TRUE(IsValidOutcome(ok)) << ok;
  }
  for (const char* bad : {"", "error:", "error:Bad Kind", "fine"}) EXPECT_FALSE(IsValidOutcome(bad)) << bad;
}

TEST(RecordsTest, DigestIsSha256) {
  EXPECT_EQ(PayloadDigest(""), "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(PayloadDigest("abc"), "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(IsPayloadDigest(PayloadDigest("x")));
  EXPECT_FALSE(IsPayloadDigest("sha256:XYZ"));
}

TEST(ArchiveTest, CaptureRoundTrip) {
  ScratchDir dir;
  const std::string path = dir / "archive";
  std::string payload(20000, '\0');
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(i * 7 + 3);
  CaptureRecord in = MakeCapture("http://www.xiangfuqu.gov.cn/xxgk/2019nb.html", 1600000000000000);
  in.response_headers = {{"ETag", "\"v1\""}, {"Last-Modified", "Mon, 01 Mar 2021 00:00:00 GMT"}};
  {
    auto archive = OpenOrDie(path);
    ASSERT_TRUE(archive->PutCapture(in, payload).ok());
  }
  auto archive = OpenOrDie(path, /*create=*/false);
  CaptureRecord out;
  ASSERT_TRUE(archive->GetLatestCapture(in.requested_url, &out).ok());
  EXPECT_EQ(out.payload_digest, PayloadDigest(payload));
  EXPECT_EQ(out.size, 20000);
  EXPECT_EQ(out.requested_url, in.requested_url);
  std::string bytes;
  ASSERT_TRUE(archive->GetBlob(out.payload_digest, &bytes).ok());
  EXPECT_EQ(bytes, payload);

  UrlState state;
  ASSERT_TRUE(archive->GetUrlState(in.requested_url, &state).ok());
  EXPECT_EQ(state.etag, "\"v1\"");
  EXPECT_EQ(state.last_modified, "Mon, 01 Mar 2021 00:00:00 GMT");
  EXPECT_EQ(state.payload_digest, out.payload_digest);
  EXPECT_EQ(state.last_capture_at, in.fetched_at);

  EXPECT_TRUE(archive->GetLatestCapture("http://nowhere.gov.cn/", &out).IsNotFound());
  EXPECT_TRUE(archive->GetBlob(PayloadDigest("missing"), &bytes).IsNotFound());
  VerifyReport report;
  ASSERT_TRUE(archive->Verify(&report).ok());
  EXPECT_TRUE(report.ok());
  EXPECT_EQ(report.blobs_checked, 1);
  EXPECT_EQ(report.captures_checked, 1);
}

TEST(ArchiveTest, SameBytesUnderTwoUrlsIsOneBlob) {
  ScratchDir dir;
  auto archive = OpenOrDie(dir / "archive");
  const std::string page = "<html><body>同一份年度报告</body></html>";
  ASSERT_TRUE(archive->PutCapture(MakeCapture("http://a.gov.cn/r.html", 1000), page).ok());
  ASSERT_TRUE(archive->PutCapture(MakeCapture("http://b.gov.cn/copy.html", 2000), page).ok());
  ASSERT_TRUE(archive->PutCapture(MakeCapture("http://a.gov.cn/r.html", 3000), page).ok());
  ArchiveStats st;
  ASSERT_TRUE(archive->Stats(&st).ok());
  EXPECT_EQ(st.keyspaces["blob"].keys, 1);
  EXPECT_EQ(st.keyspaces["capture"].keys, 3);
  EXPECT_EQ(st.captures_with_payload, 3);
  EXPECT_EQ(st.payload_bytes_referenced, 3 * static_cast<int64_t>(page.size()));
  EXPECT_EQ(st.blob_bytes_stored, static_cast<int64_t>(page.size()));
  std::vector<CaptureRecord> by_digest;
  ASSERT_TRUE(archive->GetCapturesByDigest(PayloadDigest(page), &by_digest).ok());
  EXPECT_EQ(by_digest.size(), 3u);
  std::vector<CaptureRecord> by_url;
  ASSERT_TRUE(archive->GetCaptures("http://a.gov.cn/r.html", &by_url).ok());
  ASSERT_EQ(by_url.size(), 2u);
  EXPECT_EQ(by_url[0].fetched_at, 1000);
  EXPECT_EQ(by_url[1].fetched_at, 3000);
}

TEST(ArchiveTest, OlderCaptureDoesNotMoveUrlStateBack) {
  ScratchDir dir;
  auto archive = OpenOrDie(dir / "archive");
  const std::string url = "http://a.gov.cn/list.html";
  ASSERT_TRUE(archive->PutCapture(MakeCapture(url, 5000), "new").ok());
  ASSERT_TRUE(archive->PutCapture(MakeCapture(url, 1000), "old").ok());
  UrlState state;
  ASSERT_TRUE(archive->GetUrlState(url, &state).ok());
  EXPECT_EQ(state.last_capture_at, 5000);
  EXPECT_EQ(state.payload_digest, PayloadDigest("new"));
  CaptureRecord latest;
  ASSERT_TRUE(archive->GetLatestCapture(url, &latest).ok());
  EXPECT_EQ(latest.fetched_at, 5000);
}

TEST(ArchiveTest, FailuresCountAndNotModifiedPointsAtEarlierPayload) {
  ScratchDir dir;
  auto archive = OpenOrDie(dir / "archive");
  const std::string url = "http://a.gov.cn/nb.html";
  CaptureRecord err = MakeCapture(url, 1000);
  err.outcome = "error:timeout";
  err.http_status = 0;
  ASSERT_TRUE(archive->PutCapture(err, "").ok());
  err.fetched_at = 2000;
  ASSERT_TRUE(archive->PutCapture(err, "").ok());
  UrlState state;
  ASSERT_TRUE(archive->GetUrlState(url, &state).ok());
  EXPECT_EQ(state.consecutive_failures, 2);
  CaptureRecord stored;
  ASSERT_TRUE(archive->GetLatestCapture(url, &stored).ok());
  EXPECT_TRUE(stored.payload_digest.empty());

  ASSERT_TRUE(archive->PutCapture(MakeCapture(url, 3000), "body").ok());
  ASSERT_TRUE(archive->GetUrlState(url, &state).ok());
  EXPECT_EQ(state.consecutive_failures, 0);

  CaptureRecord revisit = MakeCapture(url, 4000);
  revisit.outcome = "not_modified";
  revisit.http_status = 304;
  revisit.payload_digest = PayloadDigest("body");
  revisit.size = 4;
  ASSERT_TRUE(archive->PutCapture(revisit, "").ok());
  revisit.fetched_at = 5000;
  revisit.payload_digest = PayloadDigest("never archived");
  Status s = archive->PutCapture(revisit, "");
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_NE(s.message().find(url), std::string::npos);

  VerifyReport report;
  ASSERT_TRUE(archive->Verify(&report).ok());
  EXPECT_TRUE(report.ok()) << report.problems[0];
}

TEST(ArchiveTest, RejectsBadRecords) {
  ScratchDir dir;
  auto archive = OpenOrDie(dir / "archive");
  CaptureRecord r = MakeCapture("", 1);
  EXPECT_TRUE(archive->PutCapture(r, "x").IsInvalidArgument());
  r = MakeCapture("http://a.gov.cn/", 1);
  r.outcome = "maybe";
  EXPECT_TRUE(archive->PutCapture(r, "x").IsInvalidArgument());
  r = MakeCapture(std::string("http://a.gov.cn/\0x", 18), 1);
  EXPECT_TRUE(archive->PutCapture(r, "x").IsInvalidArgument());
}

TEST(ArchiveTest, BatchIsAtomicAcrossKeyspaces) {
  ScratchDir dir;
  auto archive = OpenOrDie(dir / "archive");
  ArchiveBatch batch;
  batch.AddCapture(MakeCapture("http://a.gov.cn/1", 10), "one");
  batch.PutFrontier("a.gov.cn/0001", "http://a.gov.cn/2");
  batch.PutFrontier("a.gov.cn/0002", "http://a.gov.cn/3");
  JobRecord job;
  job.id = "crawl-1";
  job.kind = "crawl";
  job.started_at = 10;
  job.counters["fetched"] = 1;
  batch.PutJob(job);
  batch.PutDoc("sha256:doc", R"({"title":"x"})");
  ASSERT_TRUE(archive->Write(std::move(batch)).ok());

  std::vector<std::string> keys;
  ASSERT_TRUE(archive->ScanFrontier("a.gov.cn/", "", [&](std::string_view k, std::string_view) {
    keys.emplace_back(k);
    return true;
  }).ok());
  EXPECT_EQ(keys, (std::vector<std::string>{"a.gov.cn/0001", "a.gov.cn/0002"}));

  ArchiveBatch second;
  second.DeleteFrontier("a.gov.cn/0001");
  // An invalid capture fails the whole batch: the frontier delete must not land.
  second.AddCapture(MakeCapture("", 11), "bad");
  EXPECT_FALSE(archive->Write(std::move(second)).ok());
  keys.clear();
  ASSERT_TRUE(archive->ScanFrontier("", "", [&](std::string_view k, std::string_view) {
    keys.emplace_back(k);
    return true;
  }).ok());
  EXPECT_EQ(keys.size(), 2u);

  JobRecord back;
  ASSERT_TRUE(archive->GetJob("crawl-1", &back).ok());
  EXPECT_EQ(back.counters["fetched"], 1);
  std::string doc;
  ASSERT_TRUE(archive->GetDoc("sha256:doc", &doc).ok());
  EXPECT_EQ(doc, R"({"title":"x"})");
}

TEST(ArchiveOpenTest, MissingArchiveIsNotCreatedForReading) {
  ScratchDir dir;
  ArchiveOptions options;
  options.read_only = true;
  std::unique_ptr<Archive> archive;
  Status s = Archive::Open(dir / "nope", options, &archive);
  EXPECT_TRUE(s.IsNotFound());
  EXPECT_NE(s.message().find(dir / "nope"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "nope"));
}

TEST(ArchiveOpenTest, RefusesNonEmptyForeignDirectory) {
  ScratchDir dir;
  testing::WriteFile(dir / "notes.txt", "mine");
  ArchiveOptions options;
  options.create_if_missing = true;
  std::unique_ptr<Archive> archive;
  Status s = Archive::Open(dir.path().string(), options, &archive);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_NE(s.message().find("not a govharvest archive"), std::string::npos);
}

TEST(ArchiveOpenTest, UnknownSchemaVersionIsRefused) {
  ScratchDir dir;
  const std::string path = dir / "archive";
  OpenOrDie(path).reset();
  RawPut(path, std::string(keys::kSchemaVersion), "7");
  std::unique_ptr<Archive> archive;
  Status s = Archive::Open(path, ArchiveOptions(), &archive);
  EXPECT_TRUE(s.IsUnsupported()) << s.ToString();
  EXPECT_NE(s.message().find("schema version '7'"), std::string::npos) << s.message();
}

TEST(ArchiveOpenTest, ForeignLevelDbIsRefused) {
  ScratchDir dir;
  const std::string path = dir / "db";
  {
    leveldb::Options o;
    o.create_if_missing = true;
    leveldb::DB* raw = nullptr;
    ASSERT_TRUE(leveldb::DB::Open(o, path, &raw).ok());
    std::unique_ptr<leveldb::DB> db(raw);
    ASSERT_TRUE(db->Put(leveldb::WriteOptions(), "k", "v").ok());
  }
  std::unique_ptr<Archive> archive;
  Status s = Archive::Open(path, ArchiveOptions(), &archive);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find("no schema version"), std::string::npos);
}

TEST(ArchiveOpenTest, SecondOpenIsBusy) {
  ScratchDir dir;
  auto first = OpenOrDie(dir / "archive");
  std::unique_ptr<Archive> second;
  Status s = Archive::Open(dir / "archive", ArchiveOptions(), &second);
  EXPECT_TRUE(s.IsBusy()) << s.ToString();
  EXPECT_NE(s.message().find("in use by another govharvest process"), std::string::npos);
  EXPECT_EQ(s.message().find('\n'), std::string::npos);
}

TEST(ArchiveOpenTest, CorruptManifestIsReportedInOneLine) {
  ScratchDir dir;
  const std::string path = dir / "archive";
  {
    auto archive = OpenOrDie(path);
    for (int i = 0; i < 50; ++i) {
      ASSERT_TRUE(archive->PutCapture(MakeCapture("http://a.gov.cn/" + std::to_string(i), i + 1),
                                      std::string(1000, static_cast<char>('a' + i % 26)))
                      .ok());
    }
  }
  std::string current = testing::ReadFile(path + "/CURRENT");
  current.pop_back();  // trailing newline
  const std::string manifest = path + "/" + current;
  std::string bytes = testing::ReadFile(manifest);
  ASSERT_GT(bytes.size(), 20u);
  for (size_t i = 7; i < bytes.size(); i += 3) bytes[i] = static_cast<char>(bytes[i] ^ 0x5a);
  testing::WriteFile(manifest, bytes);
  std::unique_ptr<Archive> archive;
  Status s = Archive::Open(path, ArchiveOptions(), &archive);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find("archive repair"), std::string::npos);
  EXPECT_EQ(s.message().find('\n'), std::string::npos);
}

TEST(ArchiveVerifyTest, FindsMissingAndAlteredBlobs) {
  ScratchDir dir;
  const std::string path = dir / "archive";
  {
    auto archive = OpenOrDie(path);
    ASSERT_TRUE(archive->PutCapture(MakeCapture("http://a.gov.cn/1", 1), "first page").ok());
    ASSERT_TRUE(archive->PutCapture(MakeCapture("http://a.gov.cn/2", 2), "second page").ok());
  }
  RawDelete(path, keys::Blob(PayloadDigest("first page")));
  RawPut(path, keys::Blob(PayloadDigest("second page")), "tampered");
  auto archive = OpenOrDie(path, false);
  VerifyReport report;
  ASSERT_TRUE(archive->Verify(&report).ok());
  ASSERT_FALSE(report.ok());
  std::string all;
  for (const auto& p : report.problems) all += p + "\n";
  EXPECT_NE(all.find("blob " + PayloadDigest("first page") + " is missing"), std::string::npos) << all;
  EXPECT_NE(all.find("content hashes to " + PayloadDigest("tampered")), std::string::npos) << all;
}

TEST(TimestampTest, OneYearRangeParserForEveryCommand) {
  int from = 0, to = 0;
  ASSERT_TRUE(ParseYearRange("2021", &from, &to).ok());
  EXPECT_EQ(from, 2021);
  EXPECT_EQ(to, 2021);
  ASSERT_TRUE(ParseYearRange("2019-2023", &from, &to).ok());
  EXPECT_EQ(from, 2019);
  EXPECT_EQ(to, 2023);
  for (const char* bad : {"1999", "2023-2019", "20x1", "", "2021-", "-2021", "99999999999999999999", "2101"}) {
    const Status s = ParseYearRange(bad, &from, &to);
    EXPECT_TRUE(s.IsInvalidArgument()) << bad;
    EXPECT_NE(s.message().find("'" + std::string(bad) + "'"), std::string::npos) << s.message();
  }
}

TEST(NumbersTest, LeadingIntClampsAndNeverThrows) {
  EXPECT_EQ(LeadingInt("120", 0, 1000, -1), 120);
  EXPECT_EQ(LeadingInt(" +3px", 1, 10, 1), 3);
  EXPECT_EQ(LeadingInt("99999999999999999999", 0, 3600, -1), 3600);
  EXPECT_EQ(LeadingInt("999999999999999999999999999999999999", 0, INT64_MAX, -1), INT64_MAX);
  EXPECT_EQ(LeadingInt("-99999999999999999999", -5, 5, 0), -5);
  EXPECT_EQ(LeadingInt("-2", 1, 6, 1), 1);
  EXPECT_EQ(LeadingInt("", 0, 10, 7), 7);
  EXPECT_EQ(LeadingInt("abc", 0, 10, 7), 7);
  EXPECT_EQ(LeadingInt("-", 0, 10, 7), 7);
}

}  // namespace
}  // namespace govharvest
