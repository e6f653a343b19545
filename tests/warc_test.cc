// WARC export and import: round trips, determinism, revisits, gzip members,
// CDXJ, malformed input, size limits and gzip bombs, wget's WARCs, and
// webrecorder's warcio.js as an independent reader.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "export/warc.h"
#include "export/warc_import.h"
#include "export/warc_internal.h"
#include "store/archive.h"
#include "store/records.h"
#include "tests/test_archive.h"
#include "tests/test_server.h"
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
using testing::RunGovharvest;

const std::string kBinary = GOVHARVEST_BIN;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

TimestampUs T(const char* text) {
  TimestampUs t = 0;
  EXPECT_TRUE(ParseTimestamp(text, &t).ok()) << text;
  return t;
}

CaptureRecord HttpCapture(const std::string& url, const char* when, const std::string& content_type) {
  CaptureRecord c;
  c.requested_url = url;
  c.final_url = url;
  c.http_status = 200;
  c.fetched_at = T(when);
  c.content_type = content_type;
  c.response_headers = {{"Content-Type", content_type + "; charset=utf-8"}, {"Server", "nginx"}};
  c.job_id = "crawl-1";
  c.source = "http";
  c.site = "xiangfu";
  return c;
}

constexpr char kSharedPayload[] = "%PDF-1.4 shared attachment bytes\n\x00\x01\x02 binary";

// An archive with every kind of capture the export has to handle: a report
// with gzip wire headers, a POST list page, a redirect, a duplicate payload
// under another URL, a 304, an imported file, and captures without payload.
void BuildSampleArchive(const std::string& dir) {
  auto archive = testing::CreateArchive(dir);
  ASSERT_TRUE(archive);
  const std::string report = "<html><body>2021年政府信息公开工作年度报告</body></html>";
  const std::string shared(kSharedPayload, sizeof(kSharedPayload) - 1);

  CaptureRecord a = HttpCapture("http://www.xiangfu.gov.cn/xxgk/nb/2021.html", "2022-01-05T10:00:00.123456Z",
                                "text/html");
  a.role = "report";
  a.listed_year = 2021;
  a.via = "http://www.xiangfu.gov.cn/xxgk/nb/";
  a.charset_header = "utf-8";
  a.charset_used = "UTF-8";
  // The crawler keeps payloads decoded; the wire headers still say gzip.
  a.response_headers.push_back({"Content-Encoding", "gzip"});
  a.response_headers.push_back({"Content-Length", "77"});
  ASSERT_TRUE(archive->PutCapture(a, report).ok());

  // The same URL a month later: 304 confirming the payload.
  CaptureRecord nm = HttpCapture(a.requested_url, "2022-02-05T10:00:00Z", "text/html");
  nm.http_status = 304;
  nm.outcome = "not_modified";
  nm.payload_digest = PayloadDigest(report);
  nm.size = static_cast<int64_t>(report.size());
  ASSERT_TRUE(archive->PutCapture(nm, "").ok());

  CaptureRecord pdf = HttpCapture("http://www.xiangfu.gov.cn/xxgk/nb/2021.pdf", "2022-01-05T10:00:01Z",
                                  "application/pdf");
  pdf.role = "attachment";
  ASSERT_TRUE(archive->PutCapture(pdf, shared).ok());
  // The same bytes under another URL: a revisit.
  CaptureRecord copy = HttpCapture("http://www.xiangfu.gov.cn/zwgk/copy.pdf", "2022-01-06T08:00:00Z",
                                   "application/pdf");
  ASSERT_TRUE(archive->PutCapture(copy, shared).ok());

  // Hanweb list page: POST with a form body.
  CaptureRecord post = HttpCapture("http://www.xiangfu.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1",
                                   "2022-01-05T09:59:00Z", "text/xml");
  post.method = "POST";
  post.request_body = "col=1&webname=%E6%B7%AE%E5%AE%89&unitid=5";
  post.role = "list";
  ASSERT_TRUE(archive->PutCapture(post, "<datastore><record>1</record></datastore>").ok());

  // Redirected: payload came from final_url.
  CaptureRecord redirected = HttpCapture("http://www.xiangfu.gov.cn/old", "2022-01-05T09:00:00Z", "text/html");
  redirected.final_url = "https://www.xiangfu.gov.cn/new/index.html";
  redirected.redirects = {{"http://www.xiangfu.gov.cn/old", 301}};
  ASSERT_TRUE(archive->PutCapture(redirected, "<html>new</html>").ok());

  // An imported file: no HTTP.
  CaptureRecord file;
  file.requested_url = "file:///data/saved/report.txt";
  file.final_url = file.requested_url;
  file.fetched_at = T("2021-12-01T00:00:00Z");
  file.content_type = "text/plain";
  file.source = "import:/data/saved/report.txt";
  file.job_id = "import-1";
  ASSERT_TRUE(archive->PutCapture(file, "plain text report").ok());

  // Without payload.
  CaptureRecord scope = HttpCapture("http://www.xiangfu.gov.cn/xxgk/nb/2015.html", "2022-01-05T10:00:02Z", "");
  scope.http_status = 0;
  scope.response_headers.clear();
  scope.outcome = "out_of_scope";
  ASSERT_TRUE(archive->PutCapture(scope, "").ok());
  CaptureRecord denied = HttpCapture("http://www.xiangfu.gov.cn/private/x.html", "2022-01-05T10:00:03Z", "");
  denied.http_status = 0;
  denied.response_headers.clear();
  denied.outcome = "robots_denied";
  ASSERT_TRUE(archive->PutCapture(denied, "").ok());
  CaptureRecord failed = HttpCapture("http://www.xiangfu.gov.cn/down.html", "2022-01-05T10:00:04Z", "");
  failed.http_status = 0;
  failed.response_headers.clear();
  failed.outcome = "error:timeout";
  failed.error_detail = "timed out after 30 s";
  ASSERT_TRUE(archive->PutCapture(failed, "").ok());
}

constexpr int kSampleCaptures = 10;

// Capture records as JSON, without what an import sets anew.
std::vector<std::string> ComparableCaptures(const std::string& archive_dir) {
  ProcessResult r = RunGovharvest(archive_dir, {"archive", "list"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> out;
  for (const auto& line : Lines(r.out)) {
    json j = json::parse(line);
    j.erase("job_id");
    j.erase("source");
    out.push_back(j.dump());
  }
  return out;
}

json ExportSummary(const ProcessResult& r) {
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto lines = Lines(r.out);
  EXPECT_EQ(lines.size(), 1u) << r.out;
  return lines.empty() ? json() : json::parse(lines[0]);
}

std::vector<std::string> WarcFiles(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().string().ends_with(".warc.gz")) files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<WarcRecord> ReadAll(const std::string& path, std::vector<WarcProblem>* problems) {
  std::vector<WarcRecord> records;
  Status s = ReadWarcFile(
      path,
      [&](const WarcRecord& r) {
        records.push_back(r);
        return true;
      },
      problems);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return records;
}

std::string Gunzip(std::string_view member) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(member.data()));
  z.avail_in = static_cast<uInt>(member.size());
  std::string out;
  char buf[4096];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof(buf);
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof(buf) - z.avail_out);
  }
  EXPECT_EQ(rc, Z_STREAM_END) << "member does not decompress on its own";
  EXPECT_EQ(z.avail_in, 0u) << "bytes left after the member's end";
  inflateEnd(&z);
  return out;
}

std::string Gzip(std::string_view bytes) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, bytes.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string Record(const std::string& type, const std::string& uri, const std::string& block,
                   const std::string& extra = "") {
  return "WARC/1.0\r\nWARC-Type: " + type + "\r\nWARC-Record-ID: <urn:uuid:" + type + uri +
         ">\r\nWARC-Date: 2020-05-01T00:00:00Z\r\nWARC-Target-URI: " + uri + "\r\n" + extra +
         "Content-Type: application/http; msgtype=response\r\nContent-Length: " + std::to_string(block.size()) +
         "\r\n\r\n" + block + "\r\n\r\n";
}

class WarcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    archive_ = dir_ / "archive";
    BuildSampleArchive(archive_);
  }
  ScratchDir dir_;
  std::string archive_;
};

TEST_F(WarcTest, RoundTripThroughImportWarcKeepsEveryCapture) {
  json summary = ExportSummary(RunGovharvest(archive_, {"export", "--out", dir_ / "snap"}));
  EXPECT_EQ(summary["captures"], kSampleCaptures);
  EXPECT_EQ(summary["warc_records"]["response"], 4);
  EXPECT_EQ(summary["warc_records"]["revisit"], 2);  // duplicate PDF and the 304
  EXPECT_EQ(summary["warc_records"]["resource"], 1);  // the imported file
  EXPECT_EQ(summary["warc_records"]["request"], 6);
  EXPECT_EQ(summary["warc_records"]["metadata"], kSampleCaptures);
  EXPECT_EQ(summary["captures_without_payload"],
            json({{"error:timeout", 1}, {"out_of_scope", 1}, {"robots_denied", 1}}));

  const std::string fresh = dir_ / "fresh";
  std::vector<std::string> args = {"archive", "import-warc"};
  for (const auto& f : WarcFiles(dir_ / "snap/warc")) args.push_back(f);
  ProcessResult r = RunGovharvest(fresh, args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json imported = json::parse(r.out);
  EXPECT_EQ(imported["captures_imported"], kSampleCaptures);
  EXPECT_EQ(imported["revisits_resolved"], 2);
  EXPECT_EQ(imported["malformed"], 0);

  EXPECT_EQ(ComparableCaptures(fresh), ComparableCaptures(archive_));
  // Payloads byte for byte, and the new archive is sound.
  r = RunGovharvest(fresh, {"archive", "get", "http://www.xiangfu.gov.cn/zwgk/copy.pdf", "--raw"});
  EXPECT_EQ(r.out, std::string(kSharedPayload, sizeof(kSharedPayload) - 1));
  r = RunGovharvest(fresh, {"archive", "get", "http://www.xiangfu.gov.cn/xxgk/nb/2021.html", "--all"});
  auto both = Lines(r.out);
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(json::parse(both[1])["outcome"], "not_modified");
  EXPECT_TRUE(json::parse(both[0])["source"].get<std::string>().starts_with("warc:")) << both[0];
  r = RunGovharvest(fresh, {"archive", "verify"});
  EXPECT_EQ(r.exit_code, 0) << r.out;

  // Importing again changes nothing: every capture is already archived.
  r = RunGovharvest(fresh, args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["already_archived"], kSampleCaptures);
  EXPECT_EQ(json::parse(r.out)["captures_imported"], 0);
}

TEST_F(WarcTest, SameArchiveGivesByteIdenticalExport) {
  ExportSummary(RunGovharvest(archive_, {"export", "--out", dir_ / "one", "--format", "warc"}));
  ExportSummary(RunGovharvest(archive_, {"export", "--out", dir_ / "two", "--format", "warc"}));
  std::vector<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(dir_ / "one")) {
    if (e.is_regular_file()) names.push_back(fs::relative(e.path(), dir_ / "one").string());
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"manifest.json", "warc/govharvest-00000.warc.gz", "warc/index.cdxj"}));
  for (const auto& n : names) {
    if (n == "manifest.json") continue;
    EXPECT_EQ(ReadFile(dir_ / ("one/" + n)), ReadFile(dir_ / ("two/" + n))) << n;
  }
  json m1 = json::parse(ReadFile(dir_ / "one/manifest.json"));
  json m2 = json::parse(ReadFile(dir_ / "two/manifest.json"));
  m1.erase("created_at");
  m2.erase("created_at");
  EXPECT_EQ(m1, m2);
  // The manifest names every file with its SHA-256.
  ASSERT_EQ(m1["files"].size(), 2u);
  for (const auto& f : m1["files"]) {
    const std::string bytes = ReadFile(dir_ / ("one/" + f["path"].get<std::string>()));
    EXPECT_EQ("sha256:" + f["sha256"].get<std::string>(), PayloadDigest(bytes));
    EXPECT_EQ(f["bytes"], bytes.size());
  }
  EXPECT_EQ(m1["jobs"], json({"crawl-1", "import-1"}));
}

TEST_F(WarcTest, RevisitsReferToTheFirstResponseOfThePayload) {
  ExportSummary(RunGovharvest(archive_, {"export", "--out", dir_ / "snap"}));
  std::vector<WarcProblem> problems;
  auto records = ReadAll(dir_ / "snap/warc/govharvest-00000.warc.gz", &problems);
  EXPECT_TRUE(problems.empty());
  std::map<std::string, WarcRecord> by_id;
  for (const auto& r : records) by_id[r.Field("WARC-Record-ID")] = r;
  int revisits = 0;
  for (const auto& r : records) {
    if (r.Type() != "revisit") continue;
    ++revisits;
    EXPECT_EQ(r.Field("WARC-Profile"), "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest");
    auto target = by_id.find(r.Field("WARC-Refers-To"));
    ASSERT_NE(target, by_id.end()) << r.TargetUri();
    EXPECT_EQ(target->second.Type(), "response");
    EXPECT_EQ(target->second.Field("WARC-Payload-Digest"), r.Field("WARC-Payload-Digest"));
    EXPECT_EQ(r.Field("WARC-Refers-To-Target-URI"), target->second.TargetUri());
    EXPECT_EQ(r.Field("WARC-Refers-To-Date"), target->second.Field("WARC-Date"));
    EXPECT_TRUE(r.block.starts_with("HTTP/1.1 ")) << r.block;
    if (r.TargetUri().ends_with("2021.html")) {
      EXPECT_TRUE(r.block.starts_with("HTTP/1.1 304 Not Modified\r\n"));
    }
  }
  EXPECT_EQ(revisits, 2);
}

TEST_F(WarcTest, EveryGzipMemberDecompressesAloneAndDigestsHold) {
  ExportSummary(RunGovharvest(archive_, {"export", "--out", dir_ / "snap", "--warc-file-size", "3000"}));
  const auto files = WarcFiles(dir_ / "snap/warc");
  ASSERT_GT(files.size(), 2u) << "--warc-file-size 3000 should roll files";
  std::map<std::string, std::string> file_bytes;
  for (const auto& f : files) file_bytes[fs::path(f).filename().string()] = ReadFile(f);

  int records = 0;
  for (const auto& f : files) {
    std::vector<WarcProblem> problems;
    auto rs = ReadAll(f, &problems);
    EXPECT_TRUE(problems.empty());
    ASSERT_FALSE(rs.empty());
    EXPECT_EQ(rs[0].Type(), "warcinfo") << f;
    EXPECT_EQ(rs[0].Field("WARC-Filename"), fs::path(f).filename().string());
    int64_t expected_offset = 0;
    for (const auto& r : rs) {
      ++records;
      EXPECT_EQ(r.version, "WARC/1.1");
      EXPECT_EQ(r.offset, expected_offset) << "members are contiguous, one record each";
      expected_offset += r.length;
      const std::string alone = Gunzip(std::string_view(file_bytes[fs::path(f).filename().string()])
                                           .substr(static_cast<size_t>(r.offset), static_cast<size_t>(r.length)));
      EXPECT_TRUE(alone.starts_with("WARC/1.1\r\nWARC-Type: " + r.Type() + "\r\n")) << alone.substr(0, 60);
      EXPECT_EQ(r.Field("WARC-Block-Digest"), WarcSha256(r.block));
      EXPECT_TRUE(r.Field("WARC-Record-ID").starts_with("<urn:uuid:"));
      if (r.Type() == "response") {
        const size_t body = r.block.find("\r\n\r\n") + 4;
        EXPECT_EQ(r.Field("WARC-Payload-Digest"), WarcSha256(r.block.substr(body)));
        // Wire-level headers are renamed so the message matches the decoded payload.
        if (r.TargetUri().ends_with("2021.html")) {
          EXPECT_NE(r.block.find("X-Archive-Orig-Content-Encoding: gzip\r\n"), std::string::npos);
          EXPECT_EQ(r.block.find("\r\nContent-Encoding:"), std::string::npos);
        }
      }
    }
    EXPECT_EQ(expected_offset, static_cast<int64_t>(file_bytes[fs::path(f).filename().string()].size()));
  }
  EXPECT_EQ(records, static_cast<int>(files.size()) + 6 + 7 + kSampleCaptures);

  // CDXJ: sorted, one line per response/revisit/resource, offsets point at them.
  const auto cdxj = Lines(ReadFile(dir_ / "snap/warc/index.cdxj"));
  EXPECT_EQ(cdxj.size(), 7u);
  EXPECT_TRUE(std::is_sorted(cdxj.begin(), cdxj.end()));
  for (const auto& line : cdxj) {
    const size_t sp1 = line.find(' '), sp2 = line.find(' ', sp1 + 1);
    const std::string key = line.substr(0, sp1), ts = line.substr(sp1 + 1, sp2 - sp1 - 1);
    json j = json::parse(line.substr(sp2 + 1));
    EXPECT_EQ(ts.size(), 14u);
    if (j["url"].get<std::string>().starts_with("http") && !j.contains("method")) {
      EXPECT_EQ(key, SurtKey(j["url"].get<std::string>()));
    }
    const std::string member = file_bytes[j["filename"].get<std::string>()].substr(
        std::stoull(j["offset"].get<std::string>()), std::stoull(j["length"].get<std::string>()));
    const std::string rec = Gunzip(member);
    EXPECT_NE(rec.find("WARC-Target-URI: " + j["url"].get<std::string>() + "\r\n"), std::string::npos);
    EXPECT_NE(rec.find("WARC-Payload-Digest: sha256:" + j["digest"].get<std::string>() + "\r\n"), std::string::npos);
  }
  EXPECT_EQ(SurtKey("http://www.Xiangfu.gov.cn:80/a/b?z=1&a=2"), "cn,gov,xiangfu)/a/b?a=2&z=1");
  EXPECT_EQ(SurtKey("https://example.org:8443"), "org,example:8443)/");

  // Rolled files import like a single one.
  const std::string fresh = dir_ / "fresh";
  std::vector<std::string> args = {"archive", "import-warc"};
  args.insert(args.end(), files.begin(), files.end());
  ProcessResult r = RunGovharvest(fresh, args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ComparableCaptures(fresh), ComparableCaptures(archive_));
}

TEST_F(WarcTest, DigestsAreBase32OfSha256AndReadBackInEitherForm) {
  // SHA-256 of "abc", RFC 4648 base32 with padding.
  EXPECT_EQ(WarcSha256("abc"), "sha256:XJ4BNP4PAHH6UQKBIDPF3LRCEOYAGYNDSYLXVHFUCD7WD4QACWWQ====");
  const std::string hex = PayloadDigest("abc");
  EXPECT_EQ(ArchiveDigestFromWarc(WarcSha256("abc")), hex);
  EXPECT_EQ(ArchiveDigestFromWarc("sha256:XJ4BNP4PAHH6UQKBIDPF3LRCEOYAGYNDSYLXVHFUCD7WD4QACWWQ"), hex);
  EXPECT_EQ(ArchiveDigestFromWarc("sha256:" + hex.substr(7)), hex);
  EXPECT_EQ(ArchiveDigestFromWarc("sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"), "");
}

TEST_F(WarcTest, MalformedRecordsAreReportedWithTheirOffsetAndSkipped) {
  const std::string good1 = Gzip(Record("response", "http://a.example/1",
                                        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\none"));
  const std::string corrupt = std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10) + "not deflate data at all";
  const std::string no_length = Gzip("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://a.example/x\r\n\r\nxx");
  const std::string good2 = Gzip(Record("response", "http://a.example/2",
                                        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\ntwo"));
  const std::string gz = dir_ / "bad.warc.gz";
  WriteFile(gz, good1 + corrupt + no_length + good2);

  std::vector<WarcProblem> problems;
  auto records = ReadAll(gz, &problems);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].TargetUri(), "http://a.example/1");
  EXPECT_EQ(records[1].TargetUri(), "http://a.example/2");
  EXPECT_EQ(records[1].offset, static_cast<int64_t>(good1.size() + corrupt.size() + no_length.size()));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].offset, static_cast<int64_t>(good1.size()));
  EXPECT_NE(problems[0].message.find("gzip"), std::string::npos) << problems[0].message;
  EXPECT_EQ(problems[1].offset, static_cast<int64_t>(good1.size() + corrupt.size()));
  EXPECT_NE(problems[1].message.find("Content-Length"), std::string::npos) << problems[1].message;

  // Plain WARC: a record whose Content-Length runs past the end of the file.
  const std::string first = Record("response", "http://b.example/1", "HTTP/1.1 200 OK\r\n\r\nb1");
  const std::string truncated =
      "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://b.example/2\r\nContent-Length: 999\r\n\r\nshort";
  const std::string plain = dir_ / "bad.warc";
  WriteFile(plain, first + truncated);
  problems.clear();
  records = ReadAll(plain, &problems);
  ASSERT_EQ(records.size(), 1u);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].offset, static_cast<int64_t>(first.size()));
  EXPECT_NE(problems[0].message.find("truncated"), std::string::npos);

  // The CLI imports what it can, names the offsets, exits 1; what was
  // archived before stays.
  ProcessResult r = RunGovharvest(archive_, {"archive", "import-warc", gz, plain});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("offset " + std::to_string(good1.size()) + ":"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("offset " + std::to_string(first.size()) + ":"), std::string::npos) << r.err;
  json summary = json::parse(r.out);
  EXPECT_EQ(summary["captures_imported"], 3);
  EXPECT_EQ(summary["malformed"], 3);
  r = RunGovharvest(archive_, {"archive", "get", "http://a.example/2", "--raw"});
  EXPECT_EQ(r.out, "two");
  EXPECT_EQ(ComparableCaptures(archive_).size(), static_cast<size_t>(kSampleCaptures + 3));
}

// ---------------------------------------------------------------- limits

// Raw deflate of `bytes` ending in a full flush: byte-aligned, not final, and
// independent of what precedes it, so such pieces can be concatenated.
std::string RawDeflate(std::string_view bytes) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, bytes.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FULL_FLUSH), Z_OK);
  EXPECT_EQ(z.avail_in, 0u);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// A gzip member holding a response record for `uri` that declares and holds
// `mib` MiB of zeros: one compressed MiB repeated (about 1 KB each), so a
// 2 GiB bomb is a 2 MB member made in milliseconds.
std::string BombMember(const std::string& uri, int64_t mib) {
  const std::string http = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n";
  const int64_t block = static_cast<int64_t>(http.size()) + (mib << 20);
  const std::string head = "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:bomb" + uri +
                           ">\r\nWARC-Date: 2020-05-01T00:00:00Z\r\nWARC-Target-URI: " + uri +
                           "\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: " +
                           std::to_string(block) + "\r\n\r\n" + http;
  const std::string tail = "\r\n\r\n";
  const std::string zeros(1 << 20, '\0');
  const std::string packed = RawDeflate(zeros);
  std::string out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);
  out += RawDeflate(head);
  uLong crc = crc32(0, reinterpret_cast<const Bytef*>(head.data()), static_cast<uInt>(head.size()));
  const uLong zeros_crc = crc32(0, reinterpret_cast<const Bytef*>(zeros.data()), static_cast<uInt>(zeros.size()));
  for (int64_t i = 0; i < mib; ++i) {
    out += packed;
    crc = crc32_combine(crc, zeros_crc, static_cast<z_off_t>(zeros.size()));
  }
  out += RawDeflate(tail);
  crc = crc32(crc, reinterpret_cast<const Bytef*>(tail.data()), static_cast<uInt>(tail.size()));
  out += std::string("\x03\x00", 2);  // final empty block
  const uint64_t total = head.size() + (static_cast<uint64_t>(mib) << 20) + tail.size();
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((crc >> (8 * i)) & 0xff));
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((total >> (8 * i)) & 0xff));
  return out;
}

std::string Response(const std::string& uri, const std::string& payload, const std::string& extra_http = "") {
  return Record("response", uri, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + extra_http + "\r\n" + payload);
}

// A record with `length_text` as its Content-Length and `block` after it.
std::string RecordDeclaring(const std::string& uri, const std::string& length_text, const std::string& block) {
  return "WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2020-05-01T00:00:00Z\r\nWARC-Target-URI: " + uri +
         "\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: " + length_text + "\r\n\r\n" +
         block + "\r\n\r\n";
}

struct Read {
  std::vector<WarcRecord> records;
  std::vector<WarcProblem> problems;
};

Read ReadBytes(const std::string& bytes, int64_t max_record_bytes) {
  Read out;
  WarcReadOptions options;
  options.max_record_bytes = max_record_bytes;
  ReadWarcBytes(
      bytes, options,
      [&](const WarcRecord& r) {
        out.records.push_back(r);
        return true;
      },
      &out.problems);
  return out;
}

// govharvest with `args`, and its peak resident set size from wait4().
struct MeasuredRun {
  int exit_code = -1;
  std::string out, err;
  long max_rss_kb = 0;
};

MeasuredRun RunMeasured(const ScratchDir& dir, const std::string& archive, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {kBinary, "--archive", archive, "--log-level", "warn"};
  argv.insert(argv.end(), args.begin(), args.end());
  const std::string out_path = dir / "measured.out", err_path = dir / "measured.err";
  const pid_t pid = fork();
  if (pid == 0) {
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) _exit(126);
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    execv(cargv[0], cargv.data());
    _exit(127);
  }
  MeasuredRun run;
  int status = 0;
  struct rusage ru {};
  EXPECT_EQ(wait4(pid, &status, 0, &ru), pid);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.max_rss_kb = ru.ru_maxrss;
  run.out = ReadFile(out_path);
  run.err = ReadFile(err_path);
  return run;
}

TEST(WarcLimitTest, GzipBombOverTheLimitIsSkippedAndTheNextMemberImported) {
  ScratchDir dir;
  // The bomb builder makes a valid member: read whole under a large limit.
  const std::string small = BombMember("http://bomb.example/small", 2);
  Read read = ReadBytes(small, 4 << 20);
  ASSERT_EQ(read.records.size(), 1u);
  EXPECT_TRUE(read.problems.empty());
  EXPECT_EQ(read.records[0].block.size(), (size_t{2} << 20) + 59);
  EXPECT_EQ(read.records[0].length, static_cast<int64_t>(small.size()));

  // 64 MiB of zeros in 70 KB, then a good record: with a 1 MiB body limit
  // (a 2 MiB record limit) the bomb is named and skipped.
  const std::string bomb = BombMember("http://bomb.example/zeros", 64);
  const std::string good = Gzip(Response("http://bomb.example/after", "after the bomb"));
  EXPECT_LT(bomb.size(), 100000u);
  const std::string file = dir / "bomb.warc.gz";
  WriteFile(file, bomb + good);
  read = ReadBytes(bomb + good, 2 << 20);
  ASSERT_EQ(read.records.size(), 1u);
  EXPECT_EQ(read.records[0].TargetUri(), "http://bomb.example/after");
  EXPECT_EQ(read.records[0].offset, static_cast<int64_t>(bomb.size()));
  ASSERT_EQ(read.problems.size(), 1u);
  EXPECT_TRUE(read.problems[0].too_large);
  EXPECT_EQ(read.problems[0].offset, 0);
  const std::string declared = std::to_string((int64_t{64} << 20) + 59);
  EXPECT_EQ(read.problems[0].message,
            "record declares Content-Length " + declared + ", over the limit of 2097152 bytes; skipped");

  const std::string archive = dir / "archive";
  ProcessResult r = RunGovharvest(archive, {"archive", "import-warc", "--max-body-bytes", "1048576", file});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("bomb.warc.gz: offset 0: record declares Content-Length " + declared +
                       ", over the limit of 2097152 bytes; skipped"),
            std::string::npos)
      << r.err;
  json summary = json::parse(r.out);
  EXPECT_EQ(summary["too_large"], 1);
  EXPECT_EQ(summary["malformed"], 0);
  EXPECT_EQ(summary["captures_imported"], 1);
  EXPECT_EQ(summary["problems"], 1);
  EXPECT_EQ(RunGovharvest(archive, {"archive", "get", "http://bomb.example/after", "--raw"}).out, "after the bomb");
  EXPECT_NE(RunGovharvest(archive, {"archive", "get", "http://bomb.example/zeros"}).exit_code, 0);
  EXPECT_EQ(RunGovharvest(archive, {"archive", "import-warc", "--max-body-bytes", "0", file}).exit_code, 2);
}

TEST(WarcLimitTest, DefaultLimitReadsA2GiBBombInBoundedMemory) {
  ScratchDir dir;
  // The file of the hostile campaign: 2 MB declaring and holding 2 GiB.
  // Before the limits, import-warc took 10 GB of memory and archived it.
  const std::string bomb = BombMember("http://bomb.example/2gib", 2048);
  const std::string good = Gzip(Response("http://bomb.example/after", "after the bomb"));
  EXPECT_LT(bomb.size(), 3000000u);
  const std::string file = dir / "bomb.warc.gz";
  WriteFile(file, bomb + good);
  MeasuredRun run = RunMeasured(dir, dir / "archive", {"archive", "import-warc", file});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  json summary = json::parse(run.out);
  EXPECT_EQ(summary["too_large"], 1);
  EXPECT_EQ(summary["captures_imported"], 1);
  // Limit: [limits] max_body_bytes (50 MiB) + 1 MiB for headers.
  EXPECT_NE(run.err.find("record declares Content-Length 2147483707, over the limit of 53477376 bytes"),
            std::string::npos)
      << run.err;
  // Nothing near the declared 2 GiB (or the 51 MiB limit) was held.
  EXPECT_LT(run.max_rss_kb, 300 * 1024) << "peak RSS " << run.max_rss_kb << " KiB";
}

TEST(WarcLimitTest, HugeAndGarbageContentLengthsAreReportedNotThrown) {
  // gzip: each bad member is named, the next one read.
  const std::vector<std::string> lengths = {"99999999999999999999", "12abc", "-1", "+5", "0x10",
                                            "18446744073709551616", std::string(5000, '9')};
  std::string gz;
  std::vector<int64_t> offsets;
  for (const auto& l : lengths) {
    offsets.push_back(static_cast<int64_t>(gz.size()));
    gz += Gzip(RecordDeclaring("http://n.example/" + std::to_string(offsets.size()), l, "HTTP/1.1 200 OK\r\n\r\nx"));
  }
  const int64_t good_offset = static_cast<int64_t>(gz.size());
  gz += Gzip(Response("http://n.example/good", "good"));
  Read read = ReadBytes(gz, 1 << 20);
  ASSERT_EQ(read.records.size(), 1u);
  EXPECT_EQ(read.records[0].offset, good_offset);
  ASSERT_EQ(read.problems.size(), lengths.size());
  for (size_t i = 0; i < lengths.size(); ++i) {
    const bool huge = lengths[i].find_first_not_of('9') == std::string::npos || lengths[i] == "18446744073709551616";
    EXPECT_EQ(read.problems[i].offset, offsets[i]) << lengths[i];
    EXPECT_EQ(read.problems[i].too_large, huge) << lengths[i] << ": " << read.problems[i].message;
    EXPECT_NE(read.problems[i].message.find(huge ? "over the limit of 1048576 bytes" : "no valid Content-Length"),
              std::string::npos)
        << read.problems[i].message;
    EXPECT_LT(read.problems[i].message.size(), 200u);
  }

  // Plain: a garbage length resyncs at the next record; an oversized one that
  // fits in the file is skipped by its length; one past the end of the file
  // stops the file.
  const std::string one = Response("http://p.example/1", "one");
  const std::string garbage = RecordDeclaring("http://p.example/g", "12abc", "HTTP/1.1 200 OK\r\n\r\nx");
  const std::string two = Response("http://p.example/2", "two");
  const std::string big = Response("http://p.example/big", std::string(3000, 'b'));
  const std::string three = Response("http://p.example/3", "three");
  const std::string liar = RecordDeclaring("http://p.example/liar", "99999999999999999999", "HTTP/1.1 200 OK\r\n\r\n");
  const std::string four = Response("http://p.example/4", "four");
  read = ReadBytes(one + garbage + two + big + three + liar + four, 2048);
  std::vector<std::string> uris;
  for (const auto& rec : read.records) uris.push_back(rec.TargetUri());
  EXPECT_EQ(uris, (std::vector<std::string>{"http://p.example/1", "http://p.example/2", "http://p.example/3"}));
  ASSERT_EQ(read.problems.size(), 3u);
  EXPECT_EQ(read.problems[0].offset, static_cast<int64_t>(one.size()));
  EXPECT_FALSE(read.problems[0].too_large);
  EXPECT_EQ(read.problems[1].offset, static_cast<int64_t>((one + garbage + two).size()));
  EXPECT_TRUE(read.problems[1].too_large);
  EXPECT_EQ(read.problems[2].offset, static_cast<int64_t>((one + garbage + two + big + three).size()));
  EXPECT_TRUE(read.problems[2].too_large);
  EXPECT_NE(read.problems[2].message.find("runs past the end of the file"), std::string::npos)
      << read.problems[2].message;
  EXPECT_NE(read.problems[2].message.find("the rest of the file is not read"), std::string::npos);

  // The CLI: exit 1, each counted once, the rest imported.
  ScratchDir dir;
  WriteFile(dir / "n.warc.gz", gz);
  WriteFile(dir / "p.warc", one + garbage + two + liar + four);
  ProcessResult r =
      RunGovharvest(dir / "archive", {"archive", "import-warc", dir / "n.warc.gz", dir / "p.warc"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  json summary = json::parse(r.out);
  EXPECT_EQ(summary["too_large"], 4);
  EXPECT_EQ(summary["malformed"], 5);
  EXPECT_EQ(summary["captures_imported"], 3);
  EXPECT_NE(r.err.find("p.warc: offset " + std::to_string((one + garbage + two).size()) +
                       ": record declares Content-Length 99999999999999999999, over the limit of 53477376 bytes"),
            std::string::npos)
      << r.err;
}

TEST(WarcLimitTest, HostileHttpInsideRecords) {
  ScratchDir dir;
  // A status code that overflows, and one of four digits.
  const std::string overflow =
      Record("response", "http://h.example/overflow", "HTTP/1.1 99999999999999999999 OK\r\n\r\nx");
  const std::string four = Record("response", "http://h.example/four", "HTTP/1.1 2000 OK\r\n\r\nx");
  // 8 MiB of zeros in gzip content coding: 8 KB in the WARC, over a 1 MiB
  // body limit once decoded.
  std::string zeros(8 << 20, '\0');
  const std::string coded = Record("response", "http://h.example/coded",
                                   "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + Gzip(zeros));
  zeros.clear();
  // A chunk size of 2^64 - 1: not dechunked, kept as recorded.
  const std::string chunk = Response("http://h.example/chunk", "ffffffffffffffff\r\nabc\r\n0\r\n\r\n",
                                     "Transfer-Encoding: chunked\r\n");
  const std::string fine = Response("http://h.example/fine", "fine");
  WriteFile(dir / "h.warc", overflow + four + coded + chunk + fine);
  const std::string archive = dir / "archive";
  ProcessResult r = RunGovharvest(archive, {"archive", "import-warc", "--max-body-bytes", "1048576", dir / "h.warc"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  json summary = json::parse(r.out);
  EXPECT_EQ(summary["too_large"], 1);
  EXPECT_EQ(summary["captures_imported"], 2);
  EXPECT_EQ(summary["problems"], 3);
  EXPECT_NE(r.err.find("response record for http://h.example/overflow has no HTTP status line"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("response record for http://h.example/four has no HTTP status line"), std::string::npos);
  EXPECT_NE(r.err.find("offset " + std::to_string((overflow + four).size()) +
                       ": response record for http://h.example/coded: the payload (Content-Encoding gzip) "
                       "inflates past the limit of 1048576 bytes; skipped"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(RunGovharvest(archive, {"archive", "get", "http://h.example/chunk", "--raw"}).out,
            "ffffffffffffffff\r\nabc\r\n0\r\n\r\n");
}

TEST(WarcLimitTest, OneGzipMemberOfManyRecordsIsReadRecordByRecord) {
  // `gzip file.warc`: one member. Records come out as they are inflated;
  // only the last knows the member's length. A cut member keeps the records
  // before the cut.
  std::string plain;
  for (int i = 0; i < 5; ++i) plain += Response("http://m.example/" + std::to_string(i), std::string(40000, 'a' + i));
  const std::string gz = Gzip(plain);
  Read read = ReadBytes(gz, 1 << 20);
  ASSERT_EQ(read.records.size(), 5u);
  EXPECT_TRUE(read.problems.empty());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(read.records[i].offset, 0);
    EXPECT_EQ(read.records[i].length, i == 4 ? static_cast<int64_t>(gz.size()) : 0);
    EXPECT_EQ(read.records[i].block.size(), 40000u + 45u);
  }
  read = ReadBytes(gz.substr(0, gz.size() / 2), 1 << 20);
  EXPECT_GE(read.records.size(), 1u);
  EXPECT_LT(read.records.size(), 5u);
  ASSERT_EQ(read.problems.size(), 1u);
  EXPECT_EQ(read.problems[0].message, "gzip member is truncated");
  // A record over the limit inside it is passed over; the member goes on.
  read = ReadBytes(gz, 30000);
  EXPECT_TRUE(read.records.empty());
  EXPECT_EQ(read.problems.size(), 5u);
}

TEST(WarcLimitTest, AFileOfGarbageCostsLinearTimeAndBoundedProblems) {
  // 8 MB of version lines without a blank line: each would have scanned to
  // the end of the file for its header's end.
  std::string lines;
  while (lines.size() < (8u << 20)) lines += "WARC/1.0\n";
  const auto start = std::chrono::steady_clock::now();
  Read read = ReadBytes(lines, 1 << 20);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 20.0);
  EXPECT_TRUE(read.records.empty());
  ASSERT_EQ(read.problems.size(), 1001u);
  EXPECT_EQ(read.problems.back().message, "more than 1000 problems: the rest of the file is not read");
  // The same for gzip members.
  std::string gz;
  for (int i = 0; i < 1500; ++i) gz += Gzip("WARC/1.0\r\n\r\n");
  read = ReadBytes(gz, 1 << 20);
  EXPECT_EQ(read.problems.size(), 1001u);
}

TEST(WarcLimitTest, WhatTheFirstPassKeepsIsBoundedTogether) {
  // Request bodies and revisits are kept until every file was read: many
  // small members, each inflating to a record under the limit, must not add
  // up without bound. 40 requests of 100 KiB against a 1 MiB budget.
  ScratchDir dir;
  std::string gz;
  for (int i = 0; i < 40; ++i) {
    const std::string uri = "http://q.example/" + std::to_string(i);
    gz += Gzip(Record("request", uri, "POST /" + std::to_string(i) + " HTTP/1.1\r\n\r\n" + std::string(100 << 10, 'q')));
  }
  WriteFile(dir / "q.warc.gz", gz);
  auto archive = testing::CreateArchive(dir / "archive");
  ASSERT_TRUE(archive);
  WarcImportOptions options;
  options.max_held_bytes = 1 << 20;
  WarcImporter importer(archive.get(), "import-warc-test", options);
  ASSERT_TRUE(importer.AddFile(dir / "q.warc.gz").ok());
  ASSERT_TRUE(importer.Finish().ok());
  EXPECT_EQ(importer.counts().records, 40);
  EXPECT_EQ(importer.counts().too_large, 30);  // 10 x (100 KiB + "POST") fit in 1 MiB
  ASSERT_EQ(importer.problems().size(), 30u);
  EXPECT_NE(importer.problems()[0].message.find("request record of http://q.example/10 not kept: the import already "
                                                "holds 1024040 bytes of requests, revisits and capture records "
                                                "(limit 1048576); skipped"),
            std::string::npos)
      << importer.problems()[0].message;
}

// Found by warc_fuzz: a revisit resolved to a response whose capture was not
// written (same URL and time already archived with other bytes) made the
// whole import fail with "no blob ... in archive".
TEST(WarcLimitTest, RevisitOfAPayloadNotArchivedIsUnresolvedNotAnError) {
  ScratchDir dir;
  const std::string archive = dir / "archive";
  WriteFile(dir / "a.warc", Response("http://r.example/x", "first bytes"));
  ASSERT_EQ(RunGovharvest(archive, {"archive", "import-warc", dir / "a.warc"}).exit_code, 0);
  // Same URL and WARC-Date, other bytes; and a revisit of it.
  const std::string response = Response("http://r.example/x", "other bytes");
  const std::string revisit = Record("revisit", "http://r.example/copy", "HTTP/1.1 200 OK\r\n\r\n",
                                     "WARC-Refers-To: <urn:uuid:responsehttp://r.example/x>\r\n");
  WriteFile(dir / "b.warc", response + revisit);
  ProcessResult r = RunGovharvest(archive, {"archive", "import-warc", dir / "b.warc"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err.find("error"), std::string::npos) << r.err;
  json summary = json::parse(r.out);
  EXPECT_EQ(summary["already_archived"], 1);
  EXPECT_EQ(summary["unresolved_revisits"], 1);
  EXPECT_EQ(RunGovharvest(archive, {"archive", "get", "http://r.example/x", "--raw"}).out, "first bytes");
  EXPECT_EQ(RunGovharvest(archive, {"archive", "verify"}).exit_code, 0);
}

TEST_F(WarcTest, ExportRefusesNonEmptyDirUnknownFormatsAndLeavesNoTemporaries) {
  const std::string out = dir_ / "snap";
  fs::create_directories(out);
  WriteFile(out + "/keep.txt", "mine");
  ProcessResult r = RunGovharvest(archive_, {"export", "--out", out});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
  EXPECT_EQ(ReadFile(out + "/keep.txt"), "mine");

  r = RunGovharvest(archive_, {"export", "--out", dir_ / "x", "--format", "nope"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown --format 'nope'; available: jsonl, csv, sqlite, texts, summary, warc"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "x"));

  json summary = ExportSummary(RunGovharvest(archive_, {"export", "--out", out, "--force", "--site", "xiangfu", "--since",
                                             "2022-01-05T10:00:00Z"}));
  EXPECT_FALSE(fs::exists(out + "/keep.txt"));
  EXPECT_TRUE(fs::exists(out + "/manifest.json"));
  // 2021.html (ok and 304), 2021.pdf, copy.pdf, and three without payload.
  EXPECT_EQ(summary["captures"], 7);
  for (const auto& e : fs::directory_iterator(dir_.path())) {
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
    EXPECT_EQ(e.path().filename().string().find(".old-"), std::string::npos) << e.path();
  }
}

TEST(WarcInteropTest, WgetWarcImports) {
  const std::string wget = Which("wget");
  if (wget.empty()) {
    GTEST_SKIP() << "wget is not installed (.ci/bootstrap.sh installs it)";
  }
  const std::string page = "<html><body>年度报告 <a href=\"/r.pdf\">pdf</a></body></html>";
  static constexpr char kPdf[] = "%PDF-1.4\n\x00\xff binary";
  const std::string pdf(kPdf, sizeof(kPdf) - 1);
  testing::TestServer server([&](const testing::ServedRequest& req) {
    testing::ServedResponse resp;
    if (req.target == "/index.html") {
      resp.headers = {{"Content-Type", "text/html; charset=utf-8"}};
      resp.body = page;
    } else if (req.target == "/r.pdf") {
      resp.headers = {{"Content-Type", "application/pdf"}};
      resp.body = pdf;
    } else if (req.target == "/moved") {
      resp.status = 302;
      resp.headers = {{"Location", "/index.html"}};
    } else {
      resp.status = 404;
      resp.body = "no";
    }
    return resp;
  });
  ScratchDir dir;
  ProcessResult r = RunProcess({wget, "-q", "--tries=1", "--timeout=10", "--no-proxy", "--warc-file=" + (dir / "w"),
                                "-P", dir / "dl", server.url("/index.html"), server.url("/r.pdf"),
                                server.url("/moved")},
                               60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(fs::exists(dir / "w.warc.gz"));

  const std::string archive = dir / "archive";
  r = RunGovharvest(archive, {"archive", "import-warc", dir / "w.warc.gz"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  json summary = json::parse(r.out);
  EXPECT_EQ(summary["captures_imported"], 4);  // index, pdf, the 302, and index again after it
  EXPECT_EQ(summary["malformed"], 0);

  r = RunGovharvest(archive, {"archive", "get", server.url("/r.pdf"), "--raw"});
  EXPECT_EQ(r.out, pdf);
  r = RunGovharvest(archive, {"archive", "get", server.url("/r.pdf")});
  json rec = json::parse(r.out);
  EXPECT_EQ(rec["http_status"], 200);
  EXPECT_EQ(rec["content_type"], "application/pdf");
  EXPECT_EQ(rec["method"], "GET");
  EXPECT_TRUE(rec["source"].get<std::string>().starts_with("warc:" + (dir / "w.warc.gz") + "#")) << rec;
  r = RunGovharvest(archive, {"archive", "get", server.url("/index.html"), "--all"});
  auto index = Lines(r.out);
  ASSERT_EQ(index.size(), 2u);
  rec = json::parse(index[0]);
  EXPECT_EQ(rec["payload_digest"], PayloadDigest(page));
  EXPECT_EQ(rec["charset"]["header"], "utf-8");
  r = RunGovharvest(archive, {"archive", "get", server.url("/moved")});
  EXPECT_EQ(json::parse(r.out)["http_status"], 302);
  EXPECT_EQ(RunGovharvest(archive, {"archive", "verify"}).exit_code, 0);
}

TEST_F(WarcTest, WarcioJsReadsTheExportAndIndexesItIdentically) {
  const std::string npm = Which("npm"), node = Which("node");
  if (npm.empty() || node.empty()) {
    GTEST_SKIP() << "npm/node not installed: cannot check the WARC with warcio.js (.ci/bootstrap.sh installs nodejs npm)";
  }
  // Installed once per build directory.
  const fs::path cache = fs::path(kBinary).parent_path().parent_path() / "npm-cache" / "warcio";
  const std::string warcio = (cache / "node_modules" / ".bin" / "warcio").string();
  if (!fs::exists(warcio)) {
    fs::create_directories(cache);
    ProcessResult install = RunProcess({npm, "install", "--no-audit", "--no-fund", "--silent", "--prefix",
                                        cache.string(), "--cache", (cache / ".npm").string(), "warcio@^2.4.0"},
                                       240);
    ASSERT_EQ(install.exit_code, 0) << "npm install warcio failed: " << install.err;
  }
  ExportSummary(RunGovharvest(archive_, {"export", "--out", dir_ / "snap", "--warc-file-size", "5000"}));
  const auto files = WarcFiles(dir_ / "snap/warc");
  ASSERT_GT(files.size(), 1u);

  // Every record, in order, as warcio.js parses them.
  std::vector<std::string> argv = {node, warcio, "index"};
  argv.insert(argv.end(), files.begin(), files.end());
  argv.insert(argv.end(), {"-f", "warc-type", "warc-target-uri", "warc-payload-digest"});
  ProcessResult r = RunProcess(argv, 120);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> theirs;
  for (const auto& line : Lines(r.out)) {
    json j = json::parse(line);
    theirs.push_back(j.value("warc-type", "") + " " + j.value("warc-target-uri", "") + " " +
                     j.value("warc-payload-digest", ""));
  }
  std::vector<std::string> ours;
  for (const auto& f : files) {
    std::vector<WarcProblem> problems;
    for (const auto& rec : ReadAll(f, &problems)) {
      ours.push_back(rec.Type() + " " + rec.TargetUri() + " " + rec.Field("WARC-Payload-Digest"));
    }
  }
  EXPECT_EQ(theirs, ours);
  EXPECT_EQ(theirs.size(), files.size() + 6 + 7 + kSampleCaptures);

  // warcio.js's CDXJ of the files, sorted, is our index.cdxj byte for byte.
  argv = {node, warcio, "cdx-index"};
  argv.insert(argv.end(), files.begin(), files.end());
  r = RunProcess(argv, 120);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto cdxj = Lines(r.out);
  std::sort(cdxj.begin(), cdxj.end());
  EXPECT_EQ(cdxj, Lines(ReadFile(dir_ / "snap/warc/index.cdxj")));
}

// An obsolete-folding continuation line of blanks only: nothing to add to
// the header (it threw std::out_of_range before; found by warc_fuzz).
TEST(WarcFormatTest, FoldedHeaderLineOfBlanksAddsNothing) {
  warc_internal::HttpMessage m;
  ASSERT_TRUE(warc_internal::ParseHttpMessage("HTTP/1.1 200 OK\r\nX: a\r\n \t\r\n b\r\n\r\nbody", &m).ok());
  ASSERT_EQ(m.headers.size(), 1u);
  EXPECT_EQ(m.headers[0].value, "a b");
  EXPECT_EQ(m.body, "body");
}

}  // namespace
}  // namespace govharvest
