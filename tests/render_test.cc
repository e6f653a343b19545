// Rendering script-built columns in headless Chromium (issue 17,
// docs/rendering.md) on the simulator's c27 (a custom JSON API called by the
// page's script, a 下一页 button) and c28 (a hash-routed single-page app):
// the crawl with render = "auto" takes every report, the browser's API
// responses are in the archive and the WARC, no two requests to a host come
// closer than its delay (read from the simulator's request log), `never`
// and a missing Chromium are loud failures, and `columns --render` shows it.
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "render/page_renderer.h"
#include "tests/portal_process.h"
#include "tests/test_server.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

using nlohmann::json;
using testing::ProcessResult;
using testing::ReadFile;
using testing::RunGovharvest;
using testing::RunProcess;
using testing::ScratchDir;
using testing::WriteFile;

const std::string kBinary = GOVHARVEST_BIN;
const std::vector<std::string> kScripted = {"c27-json-api-nextbutton", "c28-hash-spa"};
constexpr int kDelayMs = 300;

class RenderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scratch_ = new ScratchDir();
    portal_ = new testing::PortalProcess({"--columns", "--seed", "5", "--config-out", *scratch_ / "columns.toml"});
    if (!portal_->ok()) return;
    testing::HttpClient client;
    manifest_ = new json(client.GetJson(portal_->ready()["manifest"].get<std::string>()));
    // The simulator's config with a politeness delay long enough to see in its log.
    std::string config = ReadFile(*scratch_ / "columns.toml");
    for (const std::string key : {"min_delay_ms = ", "max_delay_ms = "}) {
      const size_t at = config.find(key);
      config.replace(at, config.find('\n', at) - at, key + std::to_string(kDelayMs));
    }
    WriteFile(*scratch_ / "columns.toml", config);
  }
  static void TearDownTestSuite() {
    delete manifest_;
    delete portal_;
    delete scratch_;
    manifest_ = nullptr;
    portal_ = nullptr;
    scratch_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(portal_ != nullptr && portal_->ok()) << "govharvest-portal --columns did not start";
    if (testing::Which("chromium").empty() && testing::Which("chromium-browser").empty()) {
      GTEST_SKIP() << "chromium is not installed (.ci/bootstrap.sh installs it)";
    }
  }
  static const json& Variant(const std::string& id) { return (*manifest_)["variants"][id]; }
  static json Requests() {
    testing::HttpClient client;
    const std::string m = portal_->ready()["manifest"].get<std::string>();
    return client.GetJson(m.substr(0, m.rfind('/')) + "/__admin/requests")["requests"];
  }
  // A config with the scripted sites only, `render` set as given.
  static std::string Config(const std::string& render) {
    const std::string config = ReadFile(*scratch_ / "columns.toml");
    // Every site gets the setting (the tests name the sites they crawl).
    std::string with;
    size_t pos = 0;
    for (size_t at = config.find("\ncms = "); at != std::string::npos; at = config.find("\ncms = ", at + 1)) {
      with += config.substr(pos, at + 1 - pos) + "render = \"" + render + "\"\n";
      pos = at + 1;
    }
    with += config.substr(pos);
    return with;
  }

  static ScratchDir* scratch_;
  static testing::PortalProcess* portal_;
  static json* manifest_;
};

ScratchDir* RenderTest::scratch_ = nullptr;
testing::PortalProcess* RenderTest::portal_ = nullptr;
json* RenderTest::manifest_ = nullptr;

TEST_F(RenderTest, AutoHarvestsScriptBuiltColumnsPolitelyAndArchivesTheApi) {
  ScratchDir dir;
  const json before = Requests();
  ProcessResult r = RunGovharvest(dir / "archive", {"--config", *scratch_ / "columns.toml", "crawl", "--site", kScripted[0],
                                                    "--site", kScripted[1], "--summary-json", dir / "summary.json"},
                                  240);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json summary = json::parse(ReadFile(dir / "summary.json"));
  // Every report of the manifest archived as a report, nothing else.
  r = RunGovharvest(dir / "archive", {"archive", "list", "--role", "report", "--outcome", "ok"});
  std::set<std::string> taken;
  for (size_t at = 0, end; (end = r.out.find('\n', at)) != std::string::npos; at = end + 1) {
    taken.insert(json::parse(r.out.substr(at, end - at))["requested_url"].get<std::string>());
  }
  std::set<std::string> expected;
  for (const std::string& id : kScripted) {
    for (const json& report : Variant(id)["reports"]) expected.insert(report["url"].get<std::string>());
    const json& site = summary["sites"][id];
    EXPECT_EQ(site["status"], "ok") << id;
    EXPECT_EQ(site["rendered_pages"], 1) << id;
    EXPECT_GT(site["browser_requests"].get<int>(), 2) << id;
  }
  EXPECT_EQ(taken, expected);
  EXPECT_EQ(expected.size(), 26u);
  // The browser's requests are counted on their hosts too.
  for (const auto& [host, h] : summary["hosts"].items()) EXPECT_GT(h["browser_requests"].get<int>(), 0) << host;

  // The API answers the browser received are captures (source browser), with their requests.
  r = RunGovharvest(dir / "archive", {"archive", "list"});
  std::map<std::string, int> api;
  for (size_t at = 0, end; (end = r.out.find('\n', at)) != std::string::npos; at = end + 1) {
    const json c = json::parse(r.out.substr(at, end - at));
    if (c.value("source", "") != "browser") continue;
    const std::string url = c["requested_url"];
    if (url.find("/api/") == std::string::npos) continue;
    api[c["method"].get<std::string>() + " " + url.substr(0, url.find('?'))] += 1;
    if (c["method"] == "POST") {
      EXPECT_NE(c.value("request_body", "").find("pageNo"), std::string::npos);
    }
  }
  EXPECT_EQ(api.size(), 2u) << json(api).dump();
  for (const auto& [key, n] : api) EXPECT_EQ(n, 3) << key;  // three list pages each

  // Politeness, from the simulator's log: per host, no two requests closer than the delay.
  const json after = Requests();
  std::map<std::string, std::vector<int64_t>> times;
  for (size_t i = before.size(); i < after.size(); ++i) {
    times[after[i]["host"].get<std::string>()].push_back(after[i]["time_us"].get<int64_t>());
  }
  ASSERT_EQ(times.size(), 2u);
  for (auto& [host, t] : times) {
    std::sort(t.begin(), t.end());
    for (size_t i = 1; i < t.size(); ++i) {
      EXPECT_GE(t[i] - t[i - 1], kDelayMs * 1000 - 20000) << host << " request " << i;  // 20 ms of clock jitter
    }
  }

  // The WARC of the snapshot holds the API answers.
  r = RunGovharvest(dir / "archive", {"export", "--out", dir / "snapshot", "--format", "warc"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string cdxj = ReadFile(dir / "snapshot/warc/index.cdxj");
  EXPECT_NE(cdxj.find("/api/cms/list"), std::string::npos);
  EXPECT_NE(cdxj.find("/spa/api/article/page"), std::string::npos);
}

TEST_F(RenderTest, NeverLeavesTheColumnEmptyAndSaysSo) {
  ScratchDir dir;
  WriteFile(dir / "never.toml", Config("never"));
  const ProcessResult r = RunGovharvest(
      dir / "archive", {"--config", dir / "never.toml", "crawl", "--site", kScripted[0], "--summary-json", dir / "s.json"},
      120);
  EXPECT_EQ(r.exit_code, 1);
  const json site = json::parse(ReadFile(dir / "s.json"))["sites"][kScripted[0]];
  EXPECT_EQ(site["rendered_pages"], 0);
  EXPECT_EQ(site["status"].get<std::string>().rfind("no_reports", 0), 0u) << site;
}

TEST_F(RenderTest, MissingChromiumIsReportedAndTheRenderSkipped) {
  ScratchDir dir;
  const ProcessResult r = RunProcess({"/usr/bin/env", "PATH=" + (dir / "empty"), kBinary, "--archive", dir / "archive",
                                      "--log-level", "warn", "--config", *scratch_ / "columns.toml", "crawl", "--site",
                                      kScripted[1], "--summary-json", dir / "s.json"},
                                     120);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(testing::Contains(r.err, "Chromium is not installed")) << r.err;
  const json site = json::parse(ReadFile(dir / "s.json"))["sites"][kScripted[1]];
  EXPECT_TRUE(testing::Contains(site["status"].get<std::string>(), "rendering failed: Chromium is not installed"))
      << site;
}

TEST_F(RenderTest, ColumnsRenderShowsTheRenderedReports) {
  const std::string entry = Variant(kScripted[1])["entry"].get<std::string>();
  ProcessResult r = RunProcess({kBinary, "--config", *scratch_ / "columns.toml", "columns", entry}, 60);
  EXPECT_EQ(r.exit_code, 1) << r.out;  // statically: nothing
  r = RunProcess({kBinary, "--config", *scratch_ / "columns.toml", "columns", entry, "--render", "--json"}, 120);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  std::set<std::string> reports, expected;
  for (const json& l : j["links"]) {
    if (l["kind"] == "report") reports.insert(l["url"].get<std::string>());
  }
  for (const json& report : Variant(kScripted[1])["reports"]) expected.insert(report["url"].get<std::string>());
  EXPECT_EQ(reports, expected);
  EXPECT_EQ(j["render"]["states"].size(), 3u);  // #/list/1, 2 and 3
}

// A script-built list whose API answers with a Ruishu-style challenge: the
// challenge is archived as blocked_challenge and never handed to the browser
// (whose scripts would answer it); the site fails, saying why.
TEST_F(RenderTest, ChallengesMetByTheBrowserAreReportedNotSolved) {
  std::atomic<int> api_calls{0};
  testing::TestServer server([&](const testing::ServedRequest& req) {
    testing::ServedResponse r;
    r.headers = {{"Content-Type", "text/html; charset=utf-8"}};
    if (req.target == "/robots.txt") {
      r.body = "User-agent: *\nAllow: /\n";
    } else if (req.target == "/nb/index.html") {
      r.body = "<html><head><title>年报</title></head><body><ul id=list></ul><script>"
               "var u = ['', 'api', 'list'].join('/') + '?page=' + (1);"  // computed: no static reader sees it
               "fetch(u).then(function (r) { return r.text(); }).then(function (t) {"
               "document.getElementById('list').innerHTML = t; });</script></body></html>";
    } else if (req.target.rfind("/api/list", 0) == 0) {
      ++api_calls;
      r.status = 412;
      r.body = "<html><script>var $_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=1;document.cookie='x=1';"
               "location.reload();</script></html>";
    } else {
      r.status = 404;
    }
    return r;
  });
  ScratchDir dir;
  WriteFile(dir / "site.toml", "[politeness]\nmin_delay_ms = 50\nmax_delay_ms = 100\n\n[[site]]\nname = \"js\"\n"
                               "entries = [\"" + server.url("/nb/index.html") + "\"]\n");
  const ProcessResult r = RunGovharvest(
      dir / "archive", {"--config", dir / "site.toml", "crawl", "--summary-json", dir / "s.json"}, 120);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(testing::Contains(r.err, "anti-bot challenge")) << r.err;
  const json site = json::parse(ReadFile(dir / "s.json"))["sites"]["js"];
  EXPECT_TRUE(testing::Contains(site["status"].get<std::string>(), "challenge")) << site;
  EXPECT_EQ(api_calls.load(), 1);  // asked once; the page's reload never reached the server again
  const ProcessResult list = RunGovharvest(dir / "archive", {"archive", "list", "--outcome", "blocked_challenge"});
  EXPECT_TRUE(testing::Contains(list.out, "/api/list?page=1")) << list.out;
}

// Discovery renders a column candidate whose page lists nothing but its
// chrome and runs scripts, and confirms it by its rendered list.
TEST_F(RenderTest, DiscoverConfirmsAScriptBuiltColumnByRenderingIt) {
  ScratchDir dir;
  const json& v = Variant(kScripted[0]);
  const std::string home = v["base"].get<std::string>();
  const std::string host = home.substr(7, home.find(':', 7) - 7);
  WriteFile(dir / "found.toml", "[harvest]\nallowed_hosts = [\"" + host + "\"]\n\n[politeness]\nmin_delay_ms = 50\n");
  const ProcessResult r = RunGovharvest(dir / "archive", {"--config", dir / "found.toml", "discover", home, "--out",
                                                          dir / "found.toml", "--report-json", dir / "report.json"},
                                        120);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json report = json::parse(ReadFile(dir / "report.json"));
  ASSERT_EQ(report["bodies"].size(), 1u) << report.dump(1);
  EXPECT_EQ(report["bodies"][0]["agency"], v["agency"]);
  EXPECT_EQ(report["bodies"][0]["entries"][0]["url"], v["entry"]);
  EXPECT_TRUE(testing::Contains(report["bodies"][0]["entries"][0]["evidence"].get<std::string>(),
                                "13 report titles"));
  EXPECT_EQ(report["requests_by_role"]["rendered"], 1);
}

// Answers a browser's request straight from the test server (no rules: the
// renderer alone is under test).
BrowserResponse FetchDirect(const BrowserRequest& request) {
  BrowserResponse response;
  response.status = 200;
  response.headers = {{"Content-Type", "text/html; charset=utf-8"}};
  testing::HttpClient client;
  response.body = client.Get(request.url).body;
  return response;
}

// A browser that dies is started again by the next render.
TEST_F(RenderTest, ACrashedBrowserIsStartedAgain) {
  testing::TestServer server([](const testing::ServedRequest& req) {
    testing::ServedResponse r;
    r.headers = {{"Content-Type", "text/html; charset=utf-8"}};
    r.body = "<html><body><p id=x></p><script>document.getElementById('x').textContent = 'rendered ' + "
             "location.pathname;</script></body></html>";
    if (req.target == "/robots.txt") r.body = "";
    return r;
  });
  PageRenderer renderer(ChromiumOptions{});
  RenderResult first, second;
  ASSERT_TRUE(renderer.Render(server.url("/a"), PageRenderOptions{}, FetchDirect, &first).ok());
  ASSERT_FALSE(first.states.empty());
  EXPECT_TRUE(testing::Contains(first.states[0].dom, "rendered /a"));
  const int pid = renderer.browser_pid();
  ASSERT_GT(pid, 0);
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  const Status s = renderer.Render(server.url("/b"), PageRenderOptions{}, FetchDirect, &second);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_FALSE(second.states.empty());
  EXPECT_TRUE(testing::Contains(second.states[0].dom, "rendered /b"));
  EXPECT_NE(renderer.browser_pid(), pid);
}

// Two renders at once share one browser, each in its own tab: both pages are
// asked for before either is answered.
TEST_F(RenderTest, TwoTabsRenderAtOnce) {
  testing::TestServer server([](const testing::ServedRequest&) {
    testing::ServedResponse r;
    r.headers = {{"Content-Type", "text/html; charset=utf-8"}};
    r.body = "<html><body><p id=x></p><script>document.getElementById('x').textContent = 'tab ' + "
             "location.pathname;</script></body></html>";
    r.delay_ms = 800;
    return r;
  });
  PageRenderer renderer(ChromiumOptions{}, 2);
  RenderResult warm;
  ASSERT_TRUE(renderer.Render(server.url("/warm"), PageRenderOptions{}, FetchDirect, &warm).ok());  // the browser is up
  RenderResult one, two;
  Status s1, s2;
  std::thread a([&] { s1 = renderer.Render(server.url("/one"), PageRenderOptions{}, FetchDirect, &one); });
  std::thread b([&] { s2 = renderer.Render(server.url("/two"), PageRenderOptions{}, FetchDirect, &two); });
  a.join();
  b.join();
  ASSERT_TRUE(s1.ok()) << s1.ToString();
  ASSERT_TRUE(s2.ok()) << s2.ToString();
  ASSERT_FALSE(one.states.empty());
  ASSERT_FALSE(two.states.empty());
  EXPECT_TRUE(testing::Contains(one.states[0].dom, "tab /one"));
  EXPECT_TRUE(testing::Contains(two.states[0].dom, "tab /two"));
  EXPECT_GE(server.max_concurrent(), 2);
}

}  // namespace
}  // namespace govharvest
