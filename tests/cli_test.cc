// Runs the govharvest binary as a user would.
#include <gtest/gtest.h>
#include <leveldb/db.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "store/keys.h"
#include "store/records.h"
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
using testing::IsOneLine;

const std::string kBinary = GOVHARVEST_BIN;
const std::string kFixtures = std::string(GOVHARVEST_SOURCE_DIR) + "/tests/fixtures";

std::vector<std::string> FixtureFiles() {
  std::vector<std::string> files;
  for (const char* sub : {"seeds", "gov-pages", "peer-samples"}) {
    for (const auto& e : fs::directory_iterator(kFixtures + "/" + sub)) files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<json> JsonLines(const std::string& text) {
  std::vector<json> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(json::parse(line));
  }
  return out;
}


TEST(CliTest, HelpForEveryCommand) {
  const std::vector<std::vector<std::string>> commands = {
      {},
      {"archive"},
      {"archive", "import"},
      {"archive", "stats"},
      {"archive", "get"},
      {"archive", "verify"},
      {"archive", "repair"},
      {"config"},
      {"config", "check"},
      {"fetch"},
      {"crawl"},
      {"backfill"},
      {"columns"}};
  for (auto cmd : commands) {
    std::vector<std::string> argv = {kBinary};
    argv.insert(argv.end(), cmd.begin(), cmd.end());
    argv.push_back("--help");
    ProcessResult r = RunProcess(argv);
    EXPECT_EQ(r.exit_code, 0) << argv.size();
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << r.out;
  }
  ProcessResult r = RunProcess({kBinary, "--help"});
  EXPECT_NE(r.out.find("--archive"), std::string::npos);
  EXPECT_NE(r.out.find("--config"), std::string::npos);
  EXPECT_NE(r.out.find("--log-level"), std::string::npos);
  r = RunProcess({kBinary, "no-such-command"});
  EXPECT_EQ(r.exit_code, 2);
  // One --years parser: every command refuses the same years.
  for (const auto& command : {std::vector<std::string>{"export", "--out", "/nonexistent/x"},
                                 std::vector<std::string>{"crawl", "--start", "http://127.0.0.1:9/"},
                                 std::vector<std::string>{"backfill"}}) {
    std::vector<std::string> argv = {kBinary, "--archive", "/nonexistent/archive"};
    argv.insert(argv.end(), command.begin(), command.end());
    argv.insert(argv.end(), {"--years", "1999"});
    r = RunProcess(argv);
    EXPECT_EQ(r.exit_code, 2) << command[0] << ": " << r.err;
    EXPECT_NE(r.err.find("--years '1999'"), std::string::npos) << r.err;
  }
  r = RunProcess({kBinary, "backfill"});  // --years is required
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--years"), std::string::npos) << r.err;
  ScratchDir dir;
  r = RunProcess({kBinary, "--archive", dir / "archive", "crawl"});  // no sites in the default config
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("[[site]]"), std::string::npos) << r.err;
  r = RunProcess({kBinary, "--config", std::string(GOVHARVEST_SOURCE_DIR) + "/seeds/portals.toml", "--archive",
                  dir / "archive", "crawl", "--site", "no-such-site"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no site 'no-such-site'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "archive"));  // a usage error creates nothing
}

TEST(CliTest, ImportStatsGetVerifyOnSamplePages) {
  ScratchDir dir;
  const std::string archive = dir / "archive";
  const auto files = FixtureFiles();
  ASSERT_EQ(files.size(), 16u);

  std::vector<std::string> args = {"archive", "import"};
  args.insert(args.end(), files.begin(), files.end());
  ProcessResult r = RunGovharvest(archive, args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto records = JsonLines(r.out);
  ASSERT_EQ(records.size(), files.size());

  for (size_t i = 0; i < files.size(); ++i) {
    const json& rec = records[i];
    const std::string url = rec["requested_url"];
    EXPECT_EQ(url.rfind("file://", 0), 0u) << url;
    EXPECT_EQ(rec["outcome"], "ok");
    const std::string bytes = ReadFile(files[i]);
    EXPECT_EQ(rec["payload_digest"], PayloadDigest(bytes));
    EXPECT_EQ(rec["size"], bytes.size());
    const std::string expected_type = files[i].ends_with(".html")  ? "text/html"
                                      : files[i].ends_with(".pdf") ? "application/pdf"
                                                                   : "text/plain";
    EXPECT_EQ(rec["content_type"], expected_type) << files[i];

    ProcessResult raw = RunGovharvest(archive, {"archive", "get", url, "--raw"});
    ASSERT_EQ(raw.exit_code, 0) << raw.err;
    EXPECT_TRUE(raw.out == bytes) << files[i] << " differs byte for byte";

    ProcessResult by_digest = RunGovharvest(archive, {"archive", "get", rec["payload_digest"]});
    ASSERT_EQ(by_digest.exit_code, 0) << by_digest.err;
    EXPECT_EQ(JsonLines(by_digest.out)[0]["requested_url"], url);
  }

  r = RunGovharvest(archive, {"archive", "stats", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json stats = json::parse(r.out);
  EXPECT_EQ(stats["keyspaces"]["capture"]["keys"], 16);
  EXPECT_EQ(stats["keyspaces"]["blob"]["keys"], 16);
  EXPECT_EQ(stats["keyspaces"]["job"]["keys"], 1);
  EXPECT_EQ(stats["captures_by_outcome"]["ok"], 16);

  r = RunGovharvest(archive, {"archive", "stats"});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("ok=16"), std::string::npos) << r.out;

  r = RunGovharvest(archive, {"archive", "verify"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("16 blobs re-hashed"), std::string::npos) << r.out;
}

TEST(CliTest, ImportWithUrlAndTimeDeduplicates) {
  ScratchDir dir;
  const std::string archive = dir / "archive";
  const std::string file = kFixtures + "/seeds/000_9de06cae2ece0565.txt";
  const std::string url = "http://www.xiangfuqu.gov.cn/xxgk/nb/2019.html";
  ProcessResult r = RunGovharvest(archive, {"archive", "import", file, "--url", url, "--fetched-at",
                                 "2020-02-07T10:00:00+08:00"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json rec = JsonLines(r.out)[0];
  EXPECT_EQ(rec["requested_url"], url);
  EXPECT_EQ(rec["fetched_at"], "2020-02-07T02:00:00.000000Z");
  r = RunGovharvest(archive, {"archive", "import", file, "--url", "http://mirror.example.com/copy.html"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  json stats = json::parse(RunGovharvest(archive, {"archive", "stats", "--json"}).out);
  EXPECT_EQ(stats["keyspaces"]["capture"]["keys"], 2);
  EXPECT_EQ(stats["keyspaces"]["blob"]["keys"], 1);
  EXPECT_DOUBLE_EQ(stats["dedup"]["capture_ratio"].get<double>(), 2.0);

  r = RunGovharvest(archive, {"archive", "get", url});
  EXPECT_EQ(JsonLines(r.out)[0]["fetched_at"], "2020-02-07T02:00:00.000000Z");
}

TEST(CliTest, BadInputFailsInOneLineAndKeepsTheArchive) {
  ScratchDir dir;
  const std::string archive = dir / "archive";
  const std::string good = kFixtures + "/seeds/001_ae51e28a24af67cf.txt";
  ASSERT_EQ(RunGovharvest(archive, {"archive", "import", good}).exit_code, 0);

  const std::string missing = dir / "missing.html";
  ProcessResult r = RunGovharvest(archive, {"archive", "import", missing});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(IsOneLine(r.err)) << r.err;
  EXPECT_NE(r.err.find(missing), std::string::npos) << r.err;

  r = RunGovharvest(archive, {"archive", "import", good, good, "--url", "http://a.gov.cn/"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--url"), std::string::npos);

  // --url takes absolute http(s) and file:/// URLs only: nothing a spreadsheet
  // or a shell would read as something else.
  for (const std::string bad : {"=HYPERLINK(\"http://e/\")", "www.a.gov.cn/nb.html", "javascript:alert(1)",
                                "ftp://a.gov.cn/x", "http://a.gov.cn/a b", "file://relative"}) {
    r = RunGovharvest(archive, {"archive", "import", good, "--url", bad});
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.err;
    EXPECT_TRUE(IsOneLine(r.err)) << r.err;
    EXPECT_NE(r.err.find("--url '" + bad + "'"), std::string::npos) << r.err;
  }
  r = RunGovharvest(archive, {"archive", "import", good, "--url", "HTTP://WWW.A.GOV.CN:80/nb/2019.html"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(JsonLines(r.out)[0]["requested_url"], "http://www.a.gov.cn/nb/2019.html");

  r = RunGovharvest(archive, {"archive", "import", good, "--fetched-at", "last tuesday"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(IsOneLine(r.err)) << r.err;
  EXPECT_NE(r.err.find("last tuesday"), std::string::npos);

  r = RunGovharvest(archive, {"archive", "get", "http://never.gov.cn/"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("http://never.gov.cn/"), std::string::npos);

  r = RunGovharvest(dir / "no-archive", {"archive", "stats"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(IsOneLine(r.err)) << r.err;
  EXPECT_NE(r.err.find("does not exist"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "no-archive"));

  json stats = json::parse(RunGovharvest(archive, {"archive", "stats", "--json"}).out);
  EXPECT_EQ(stats["keyspaces"]["capture"]["keys"], 2);  // the first import and the canonical --url one
  EXPECT_EQ(RunGovharvest(archive, {"archive", "verify"}).exit_code, 0);
}

TEST(CliTest, LockedArchiveIsRefused) {
  ScratchDir dir;
  const std::string archive = dir / "archive";
  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::execl(GOVHARVEST_CRASH_WRITER, GOVHARVEST_CRASH_WRITER, archive.c_str(), "1",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out[1]);
  // The writer prints after its first write, so it holds the lock by then.
  pollfd p{out[0], POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 10000), 1);
  // Every command refuses with its own exit code (75, EX_TEMPFAIL: run it
  // again later), distinct from a failed site (1) and a usage error (2).
  const std::string good = kFixtures + "/seeds/001_ae51e28a24af67cf.txt";
  const std::vector<std::vector<std::string>> commands = {
      {"archive", "stats"}, {"archive", "import", good}, {"archive", "verify"}, {"extract"},
      {"export", "--out", dir / "snapshot"}, {"crawl", "--start", "http://127.0.0.1:9/"},
      {"show", "http://a.gov.cn/"}};
  std::vector<ProcessResult> results;
  for (const auto& command : commands) results.push_back(RunGovharvest(archive, command));
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  ::close(out[0]);
  for (size_t i = 0; i < commands.size(); ++i) {
    const ProcessResult& r = results[i];
    EXPECT_EQ(r.exit_code, 75) << commands[i][0] << ": " << r.err;
    EXPECT_TRUE(IsOneLine(r.err)) << r.err;
    EXPECT_NE(r.err.find("is in use by"), std::string::npos) << r.err;
  }
}

TEST(CliTest, VerifyReportsDamageAndRepairRuns) {
  ScratchDir dir;
  const std::string archive = dir / "archive";
  const std::string file = kFixtures + "/gov-pages/other.html";
  ASSERT_EQ(RunGovharvest(archive, {"archive", "import", file}).exit_code, 0);
  {
    leveldb::DB* raw = nullptr;
    ASSERT_TRUE(leveldb::DB::Open(leveldb::Options(), archive, &raw).ok());
    std::unique_ptr<leveldb::DB> db(raw);
    ASSERT_TRUE(db->Put(leveldb::WriteOptions(), keys::Blob(PayloadDigest(ReadFile(file))), "bitrot").ok());
  }
  ProcessResult r = RunGovharvest(archive, {"archive", "verify"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("DAMAGE blob"), std::string::npos) << r.out;
  r = RunGovharvest(archive, {"archive", "verify", "--json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_FALSE(json::parse(r.out)["ok"].get<bool>());
  // Repair cannot restore lost bytes; it rebuilds tables and reports the damage that remains.
  r = RunGovharvest(archive, {"archive", "repair"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("DAMAGE blob"), std::string::npos) << r.out;
}

TEST(CliTest, ConfigCheck) {
  ProcessResult r = RunProcess({kBinary, "config", "check", std::string(GOVHARVEST_SOURCE_DIR) +
                                                                "/config/govharvest.toml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json cfg = json::parse(r.out);
  ASSERT_TRUE(cfg.contains("site"));
  EXPECT_GE(cfg["site"].size(), 2u);

  ScratchDir dir;
  testing::WriteFile(dir / "bad.toml", "[politeness]\nmin_delay_ms = 10\nmin_dely_ms = 5\n");
  r = RunProcess({kBinary, "--config", dir / "bad.toml", "archive", "stats"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(IsOneLine(r.err)) << r.err;
  EXPECT_NE(r.err.find("bad.toml:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("min_dely_ms"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace govharvest
