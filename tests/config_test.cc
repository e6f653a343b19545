// Tests for config/: the example file, defaults, per-site politeness merging,
// derived hosts, and the "<file>:<line>:<col>: <key>: <problem>" messages.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>

#include <regex>

#include <nlohmann/json.hpp>

#include "config/config.h"

#ifndef GOVHARVEST_SOURCE_DIR
#error "GOVHARVEST_SOURCE_DIR must name the source tree"
#endif

namespace govharvest {
namespace {

// One error message, split into its parts. line < 0 when the message does
// not have the expected form.
struct ParsedError {
  std::string file;
  int line = -1;
  int column = -1;
  std::string key;
  std::string problem;
};

ParsedError Split(const std::string& message) {
  static const std::regex kForm(R"(^(.+?):(\d+):(\d+): ([^ :]+): (.+)$)");
  std::smatch m;
  ParsedError e;
  if (std::regex_match(message, m, kForm)) {
    e.file = m[1];
    e.line = std::stoi(m[2]);
    e.column = std::stoi(m[3]);
    e.key = m[4];
    e.problem = m[5];
  }
  return e;
}

// Parses `text` as "demo.toml", expecting failure; returns the message parts.
ParsedError ParseFailure(std::string_view text) {
  Config config;
  Status s = ParseConfig(text, "demo.toml", &config);
  EXPECT_FALSE(s.ok()) << "unexpectedly loaded:\n" << text;
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_EQ(s.message().find('\n'), std::string::npos) << s.message();
  ParsedError e = Split(s.message());
  EXPECT_GE(e.line, 1) << "message not in <file>:<line>:<col>: <key>: <problem> form: "
                       << s.message();
  return e;
}

// Expects `text` to fail at `line` on `key` with a problem containing `problem`.
void ExpectError(std::string_view text, int line, const std::string& key,
                 const std::string& problem) {
  ParsedError e = ParseFailure(text);
  EXPECT_EQ(e.file, "demo.toml");
  EXPECT_EQ(e.line, line) << e.key << ": " << e.problem;
  EXPECT_EQ(e.key, key) << e.problem;
  EXPECT_NE(e.problem.find(problem), std::string::npos)
      << "problem '" << e.problem << "' lacks '" << problem << "'";
}

Config ParseOk(std::string_view text) {
  Config config;
  Status s = ParseConfig(text, "demo.toml", &config);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return config;
}

// A scratch directory removed on destruction.
class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("govharvest_config_test_" + std::to_string(::testing::UnitTest::GetInstance()
                                                            ->random_seed()) +
             "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string Write(const std::string& name, std::string_view text) const {
    std::string file = (path_ / name).string();
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }
  std::string Path(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

const char kMinimalSite[] = R"toml([[site]]
name = "a"
entries = ["https://www.a.gov.cn/ndbg/"]
)toml";

TEST(ConfigTest, ExampleFileLoads) {
  const std::string path = GOVHARVEST_SOURCE_DIR "/config/govharvest.toml";
  Config config;
  Status s = LoadConfig(path, &config);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(config.source, path);
  ASSERT_EQ(config.sites.size(), 2u);

  const SiteConfig* gov = config.FindSite("gov-cn");
  ASSERT_NE(gov, nullptr);
  EXPECT_EQ(gov->hosts, std::vector<std::string>{"www.gov.cn"});
  EXPECT_TRUE(gov->tls_verify);

  const SiteConfig* county = config.FindSite("gd-zengcheng");
  ASSERT_NE(county, nullptr);
  EXPECT_FALSE(county->tls_verify);
  EXPECT_EQ(county->cms, "gkmlpt");
  EXPECT_EQ(county->agency, "广州市增城区人民政府");
  EXPECT_EQ(county->level, "district");
  EXPECT_EQ(county->division_code, "440118");
  EXPECT_EQ(county->politeness.min_delay_ms, 5000);
  EXPECT_EQ(county->politeness.max_delay_ms, 60000);
  EXPECT_EQ(county->politeness.delay_factor, config.politeness.delay_factor);
  EXPECT_TRUE(std::regex_match("https://www.zc.gov.cn/zwgk/zfxxgkml/ndbg/index_2.html",
                               std::regex(county->list_pattern)));

  // The example spells out the defaults: apart from the sites, it is the
  // default configuration.
  nlohmann::json example = nlohmann::json::parse(config.ToJson());
  nlohmann::json defaults = nlohmann::json::parse(DefaultConfig().ToJson());
  for (const char* section : {"harvest", "politeness", "limits"}) {
    EXPECT_EQ(example[section], defaults[section]) << section;
  }
}

TEST(ConfigTest, Defaults) {
  Config d = DefaultConfig();
  EXPECT_EQ(d.source, "");
  EXPECT_EQ(d.user_agent.rfind("govharvest/", 0), 0u) << d.user_agent;
  EXPECT_NE(d.user_agent.find("https://"), std::string::npos);
  EXPECT_EQ(d.archive_dir, "archive");
  EXPECT_EQ(d.log_level, "info");
  EXPECT_EQ(d.queue_by, "host");
  EXPECT_TRUE(d.proxy.empty());
  EXPECT_TRUE(d.allowed_hosts.empty());
  EXPECT_EQ(d.politeness.max_concurrent_per_host, 1);
  EXPECT_EQ(d.politeness.min_delay_ms, 1000);
  EXPECT_EQ(d.politeness.max_delay_ms, 30000);
  EXPECT_EQ(d.limits.max_attempts, 4);
  EXPECT_TRUE(d.sites.empty());

  // An empty file is the defaults, with the source recorded.
  Config empty = ParseOk("");
  EXPECT_EQ(empty.source, "demo.toml");
  empty.source.clear();
  EXPECT_EQ(empty.ToJson(), d.ToJson());
}

TEST(ConfigTest, ReadsEveryGlobalKey) {
  Config c = ParseOk(R"toml(
[harvest]
user_agent = "lab-crawler/1.0 (mailto:lab@example.edu.cn)"
archive = "/data/archive"
log_level = "debug"
queue_by = "domain"
proxy = "http://127.0.0.1:3128"
allowed_hosts = ["WWW.Example.cn"]

[politeness]
max_concurrent_per_host = 2
min_delay_ms = 0
max_delay_ms = 10
delay_factor = 1
obey_robots = false
max_crawl_delay_ms = 0

[limits]
max_body_bytes = 1024
connect_timeout_ms = 1
total_timeout_ms = 2
low_speed_bytes_per_s = 0
low_speed_time_ms = 0
max_redirects = 0
max_attempts = 1
host_failure_threshold = 1
host_park_ms = 0
max_in_flight = 1
)toml");
  EXPECT_EQ(c.user_agent, "lab-crawler/1.0 (mailto:lab@example.edu.cn)");
  EXPECT_EQ(c.archive_dir, "/data/archive");
  EXPECT_EQ(c.log_level, "debug");
  EXPECT_EQ(c.queue_by, "domain");
  EXPECT_EQ(c.proxy, "http://127.0.0.1:3128");
  EXPECT_EQ(c.allowed_hosts, std::vector<std::string>{"www.example.cn"});
  EXPECT_EQ(c.politeness.max_concurrent_per_host, 2);
  EXPECT_EQ(c.politeness.min_delay_ms, 0);
  EXPECT_EQ(c.politeness.max_delay_ms, 10);
  EXPECT_EQ(c.politeness.delay_factor, 1.0);
  EXPECT_FALSE(c.politeness.obey_robots);
  EXPECT_EQ(c.politeness.max_crawl_delay_ms, 0);
  EXPECT_EQ(c.limits.max_body_bytes, 1024);
  EXPECT_EQ(c.limits.connect_timeout_ms, 1);
  EXPECT_EQ(c.limits.total_timeout_ms, 2);
  EXPECT_EQ(c.limits.low_speed_bytes_per_s, 0);
  EXPECT_EQ(c.limits.low_speed_time_ms, 0);
  EXPECT_EQ(c.limits.max_redirects, 0);
  EXPECT_EQ(c.limits.max_attempts, 1);
  EXPECT_EQ(c.limits.host_failure_threshold, 1);
  EXPECT_EQ(c.limits.host_park_ms, 0);
  EXPECT_EQ(c.limits.max_in_flight, 1);
}

TEST(ConfigTest, MissingUserAgentKeepsDefault) {
  Config c = ParseOk("[harvest]\nlog_level = \"warn\"\n");
  EXPECT_EQ(c.user_agent, DefaultConfig().user_agent);
  EXPECT_EQ(c.log_level, "warn");
}

TEST(ConfigTest, SitePolitenessOverridesMergeOverGlobal) {
  // [politeness] comes after the sites on purpose: sites still start from it.
  Config c = ParseOk(R"toml(
[[site]]
name = "slow"
entries = ["https://www.slow.gov.cn/ndbg/"]
[site.politeness]
min_delay_ms = 8000
obey_robots = false

[[site]]
name = "plain"
entries = ["https://www.plain.gov.cn/ndbg/"]

[politeness]
min_delay_ms = 2000
max_delay_ms = 9000
delay_factor = 3.5
max_concurrent_per_host = 2
)toml");
  const SiteConfig* slow = c.FindSite("slow");
  const SiteConfig* plain = c.FindSite("plain");
  ASSERT_NE(slow, nullptr);
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(c.FindSite("absent"), nullptr);

  EXPECT_EQ(slow->politeness.min_delay_ms, 8000);      // overridden
  EXPECT_FALSE(slow->politeness.obey_robots);          // overridden
  EXPECT_EQ(slow->politeness.max_delay_ms, 9000);      // global
  EXPECT_EQ(slow->politeness.delay_factor, 3.5);       // global
  EXPECT_EQ(slow->politeness.max_concurrent_per_host, 2);
  EXPECT_EQ(slow->politeness.max_crawl_delay_ms, 30000);  // default

  EXPECT_EQ(plain->politeness.min_delay_ms, 2000);
  EXPECT_TRUE(plain->politeness.obey_robots);

  // ToJson shows the merged values per site.
  nlohmann::json j = nlohmann::json::parse(c.ToJson());
  ASSERT_EQ(j["site"].size(), 2u);
  EXPECT_EQ(j["site"][0]["name"], "slow");
  EXPECT_EQ(j["site"][0]["politeness"]["min_delay_ms"], 8000);
  EXPECT_EQ(j["site"][0]["politeness"]["max_delay_ms"], 9000);
  EXPECT_EQ(j["politeness"]["min_delay_ms"], 2000);
  EXPECT_EQ(j["source"], "demo.toml");
}

TEST(ConfigTest, HostsDerivedFromEntries) {
  Config c = ParseOk(R"toml(
[[site]]
name = "derived"
entries = [
  "https://WWW.Example.GOV.cn:8443/ndbg/index.html",
  "http://www.example.gov.cn/other?x=1",
  "https://gk.example.gov.cn#top",
]

[[site]]
name = "explicit"
hosts = ["WWW.Explicit.gov.cn"]
entries = ["https://www.explicit.gov.cn/ndbg/"]
)toml");
  ASSERT_EQ(c.sites.size(), 2u);
  EXPECT_EQ(c.sites[0].hosts,
            (std::vector<std::string>{"www.example.gov.cn", "gk.example.gov.cn"}));
  EXPECT_EQ(c.sites[0].entries.size(), 3u);
  EXPECT_EQ(c.sites[1].hosts, std::vector<std::string>{"www.explicit.gov.cn"});
}

TEST(ConfigTest, UnknownTopLevelKey) {
  ParsedError e = ParseFailure("[harvest]\nlog_level = \"info\"\n\n[limitz]\nmax_attempts = 3\n");
  EXPECT_EQ(e.line, 4);
  EXPECT_EQ(e.key, "limitz");
  EXPECT_EQ(e.problem, "unknown key");

  ExpectError("verbose = true\n", 1, "verbose", "unknown key");
}

TEST(ConfigTest, UnknownKeyInTable) {
  Config config;
  Status s = ParseConfig(
      "# demo\n[politeness]\nmin_delay_ms = 100\n\nmax_delay_ms = 200\n\nmin_dely_ms = 5\n",
      "demo.toml", &config);
  ASSERT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ(s.message(), "demo.toml:7:1: politeness.min_dely_ms: unknown key");

  ExpectError("[harvest]\nuseragent = \"x\"\n", 2, "harvest.useragent", "unknown key");
  ExpectError("[limits]\nmax_retries = 3\n", 2, "limits.max_retries", "unknown key");
}

TEST(ConfigTest, UnknownKeyInSite) {
  ExpectError(std::string(kMinimalSite) + "\n[[site]]\nname = \"b\"\nentry = [\"https://b.gov.cn/\"]\n",
              7, "site[1].entry", "unknown key");
  ExpectError(std::string(kMinimalSite) + "[site.politeness]\nmin_delay = 5\n", 5,
              "site[0].politeness.min_delay", "unknown key");
}

TEST(ConfigTest, WrongType) {
  ParsedError e = ParseFailure("[politeness]\nmin_delay_ms = \"1000\"\n");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 16);  // the value
  EXPECT_EQ(e.key, "politeness.min_delay_ms");
  EXPECT_EQ(e.problem, "expected an integer, found a string");

  ExpectError("[politeness]\nmin_delay_ms = 1.5\n", 2, "politeness.min_delay_ms",
              "expected an integer");
  ExpectError("[politeness]\nobey_robots = \"yes\"\n", 2, "politeness.obey_robots",
              "expected a boolean");
  ExpectError("[harvest]\nallowed_hosts = \"a.cn\"\n", 2, "harvest.allowed_hosts",
              "expected an array of strings");
  ExpectError("[harvest]\nallowed_hosts = [\"a.cn\", 7]\n", 2, "harvest.allowed_hosts",
              "expected a string, found an integer");
  ExpectError("harvest = 3\n", 1, "harvest", "expected a table");
  ExpectError("[site]\nname = \"a\"\n", 1, "site", "expected an array of tables");
  ExpectError(std::string(kMinimalSite) + "division_code = 440118\n", 4,
              "site[0].division_code", "expected a string");
  ExpectError(std::string(kMinimalSite) + "politeness = 5\n", 4, "site[0].politeness",
              "expected a table");
}

TEST(ConfigTest, MinDelayAboveMaxDelay) {
  ExpectError("[politeness]\nmin_delay_ms = 5000\nmax_delay_ms = 3000\n", 2,
              "politeness.min_delay_ms", "greater than max_delay_ms");
  // Only max_delay_ms given, below the default min_delay_ms of 1000.
  ExpectError("[politeness]\nmax_delay_ms = 500\n", 2, "politeness.max_delay_ms",
              "greater than max_delay_ms");
  // A site override checked against the merged settings.
  ExpectError(std::string(kMinimalSite) + "[site.politeness]\nmin_delay_ms = 40000\n", 5,
              "site[0].politeness.min_delay_ms", "greater than max_delay_ms (30000)");
}

TEST(ConfigTest, BadValues) {
  ExpectError("[politeness]\nmax_concurrent_per_host = 0\n", 2,
              "politeness.max_concurrent_per_host", "must be at least 1");
  ExpectError("[politeness]\ndelay_factor = 0.0\n", 2, "politeness.delay_factor",
              "must be a positive number");
  ExpectError("[politeness]\nmin_delay_ms = -1\n", 2, "politeness.min_delay_ms",
              "must not be negative");
  ExpectError("[limits]\nconnect_timeout_ms = 0\n", 2, "limits.connect_timeout_ms",
              "must be at least 1");
  ExpectError("[limits]\nmax_attempts = 0\n", 2, "limits.max_attempts", "must be at least 1");
  ExpectError("[limits]\nmax_redirects = 3000000000\n", 2, "limits.max_redirects",
              "too large");
  ExpectError("[limits]\nconnect_timeout_ms = 200000\n", 2, "limits.connect_timeout_ms",
              "greater than total_timeout_ms");
  ExpectError("[harvest]\nlog_level = \"verbose\"\n", 2, "harvest.log_level",
              "\"verbose\" is not one of trace|debug|info|warn|error|off");
  ExpectError("[harvest]\nqueue_by = \"url\"\n", 2, "harvest.queue_by", "is not one of");
  ExpectError("[harvest]\nuser_agent = \"MyBot/1.0\"\n", 2, "harvest.user_agent",
              "must contain a contact");
  ExpectError("[harvest]\narchive = \"\"\n", 2, "harvest.archive", "must not be empty");
  ExpectError("[harvest]\nuser_agent = \"a@b.cn\\r\\nX-Evil: 1\"\n", 2, "harvest.user_agent",
              "control characters");
}

TEST(ConfigTest, BadCms) {
  ExpectError(std::string(kMinimalSite) + "cms = \"wordpress\"\n", 4, "site[0].cms",
              "\"wordpress\" is not one of auto|trs|hanweb|gkmlpt|generic");
}

TEST(ConfigTest, AgencyAndLevel) {
  // Absent: both empty, and shown empty in ToJson.
  Config plain = ParseOk(kMinimalSite);
  ASSERT_EQ(plain.sites.size(), 1u);
  EXPECT_EQ(plain.sites[0].agency, "");
  EXPECT_EQ(plain.sites[0].level, "");
  nlohmann::json pj = nlohmann::json::parse(plain.ToJson());
  EXPECT_EQ(pj["site"][0]["agency"], "");
  EXPECT_EQ(pj["site"][0]["level"], "");

  for (const char* level :
       {"ministry", "province", "city", "county", "district", "department", "township"}) {
    SCOPED_TRACE(level);
    Config c = ParseOk(std::string(kMinimalSite) + "agency = \"开封市祥符区人民政府\"\nlevel = \"" +
                       level + "\"\n");
    ASSERT_EQ(c.sites.size(), 1u);
    EXPECT_EQ(c.sites[0].agency, "开封市祥符区人民政府");
    EXPECT_EQ(c.sites[0].level, level);
    nlohmann::json j = nlohmann::json::parse(c.ToJson());
    EXPECT_EQ(j["site"][0]["agency"], "开封市祥符区人民政府");
    EXPECT_EQ(j["site"][0]["level"], level);
  }
}

TEST(ConfigTest, BadAgencyOrLevel) {
  {
    Config config;
    Status s = ParseConfig(std::string(kMinimalSite) + "level = \"town\"\n", "demo.toml", &config);
    ASSERT_TRUE(s.IsInvalidArgument()) << s.ToString();
    EXPECT_EQ(s.message(),
              "demo.toml:4:9: site[0].level: \"town\" is not one of "
              "ministry|province|city|county|district|department|township");
  }
  // In a later site, the index names it.
  ExpectError(std::string(kMinimalSite) +
                  "\n[[site]]\nname = \"b\"\nentries = [\"https://b.gov.cn/\"]\nlevel = \"County\"\n",
              8, "site[1].level", "\"County\" is not one of");
  ExpectError(std::string(kMinimalSite) + "level = \"\"\n", 4, "site[0].level",
              "\"\" is not one of");
  ExpectError(std::string(kMinimalSite) + "level = 3\n", 4, "site[0].level",
              "expected a string, found an integer");
  ExpectError(std::string(kMinimalSite) + "agency = [\"x\"]\n", 4, "site[0].agency",
              "expected a string, found an array");
  ExpectError(std::string(kMinimalSite) + "agency = \"a\\nb\"\n", 4, "site[0].agency",
              "control characters");
  ExpectError(std::string(kMinimalSite) + "agencies = \"x\"\n", 4, "site[0].agencies",
              "unknown key");
}

TEST(ConfigTest, Pinned) {
  // Absent: false. Read by the loader and shown in ToJson; govharvest
  // discover keeps a pinned site as is (discovered_sites_test.cc).
  Config plain = ParseOk(kMinimalSite);
  ASSERT_EQ(plain.sites.size(), 1u);
  EXPECT_FALSE(plain.sites[0].pinned);
  EXPECT_EQ(nlohmann::json::parse(plain.ToJson())["site"][0]["pinned"], false);
  Config pinned = ParseOk(std::string(kMinimalSite) + "pinned = true\n");
  ASSERT_EQ(pinned.sites.size(), 1u);
  EXPECT_TRUE(pinned.sites[0].pinned);
  EXPECT_EQ(nlohmann::json::parse(pinned.ToJson())["site"][0]["pinned"], true);
  ExpectError(std::string(kMinimalSite) + "pinned = \"yes\"\n", 4, "site[0].pinned",
              "expected a boolean (true or false), found a string");
}

TEST(ConfigTest, DuplicateSite) {
  ExpectError(std::string(kMinimalSite) + "\n[[site]]\nname = \"a\"\nentries = [\"https://x.gov.cn/\"]\n",
              6, "site[1].name", "duplicate site name \"a\" (first defined at line 2)");
}

TEST(ConfigTest, BadSiteName) {
  ExpectError("[[site]]\nname = \"gov cn\"\nentries = [\"https://www.gov.cn/\"]\n", 2,
              "site[0].name", "not a valid site name");
  ExpectError("[[site]]\nentries = [\"https://www.gov.cn/\"]\n", 1, "site[0].name",
              "missing");
  ExpectError("[[site]]\nname = \"a\"\n", 1, "site[0].entries", "missing");
}

TEST(ConfigTest, BadUrl) {
  const char* bad[] = {"ftp://www.gov.cn/ndbg/", "www.gov.cn/ndbg/", "https:///ndbg/",
                       "https://www.gov.cn:http/", "https://user@www.gov.cn/",
                       "https://www.gov.cn/a b"};
  for (const char* url : bad) {
    SCOPED_TRACE(url);
    ExpectError(std::string("[[site]]\nname = \"a\"\nentries = [\n  \"https://ok.gov.cn/\",\n  \"") +
                    url + "\",\n]\n",
                5, "site[0].entries", "is not an http:// or https:// URL");
  }
  ExpectError("[[site]]\nname = \"a\"\nentries = []\n", 3, "site[0].entries",
              "at least one URL");
}

TEST(ConfigTest, EmptyHosts) {
  ExpectError(std::string(kMinimalSite) + "hosts = []\n", 4, "site[0].hosts",
              "at least one host");
  ExpectError(std::string(kMinimalSite) + "hosts = [\"a b.cn\"]\n", 4, "site[0].hosts",
              "is not a host name");
}

TEST(ConfigTest, BadRegex) {
  ExpectError(std::string(kMinimalSite) + "list_pattern = '/ndbg/(index'\n", 4,
              "site[0].list_pattern", "not a valid ECMAScript regular expression");
  ExpectError(std::string(kMinimalSite) + "detail_pattern = '[a-'\n", 4,
              "site[0].detail_pattern", "not a valid ECMAScript regular expression");
}

TEST(ConfigTest, BadDivisionCode) {
  for (const char* code : {"11000", "1100000", "11000a", "", "1234567890123"}) {
    SCOPED_TRACE(code);
    ExpectError(std::string(kMinimalSite) + "division_code = \"" + code + "\"\n", 4,
                "site[0].division_code", "expected 6 or 12 digits");
  }
  Config ok = ParseOk(std::string(kMinimalSite) + "division_code = \"110101001001\"\n");
  EXPECT_EQ(ok.sites[0].division_code, "110101001001");
}

TEST(ConfigTest, TomlSyntaxError) {
  Config config;
  Status s = ParseConfig("[harvest]\nlog_level = \"info\"\narchive = = \"x\"\n", "demo.toml",
                         &config);
  ASSERT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_EQ(s.message().rfind("demo.toml:3:", 0), 0u) << s.message();
  EXPECT_EQ(s.message().find('\n'), std::string::npos) << s.message();

  // Unterminated string on line 2.
  s = ParseConfig("[harvest]\nuser_agent = \"a@b.cn\n", "demo.toml", &config);
  ASSERT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_EQ(s.message().rfind("demo.toml:2:", 0), 0u) << s.message();
}

TEST(ConfigTest, LoadConfigNamesThePath) {
  TempDir dir;
  const std::string path = dir.Write("bad.toml", "[harvest]\n\nlog_leve = \"info\"\n");
  Config config;
  Status s = LoadConfig(path, &config);
  ASSERT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_EQ(s.message(), path + ":3:1: harvest.log_leve: unknown key");
}

TEST(ConfigTest, MissingFile) {
  TempDir dir;
  const std::string path = dir.Path("absent.toml");
  Config config;
  config.archive_dir = "untouched";
  Status s = LoadConfig(path, &config);
  ASSERT_TRUE(s.IsNotFound()) << s.ToString();
  EXPECT_EQ(s.message(), "cannot read config '" + path + "': No such file or directory");
  EXPECT_EQ(config.archive_dir, "untouched");  // *out is left alone on error

  // A directory is not a readable file.
  s = LoadConfig(dir.Path(""), &config);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("cannot read config"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace govharvest
