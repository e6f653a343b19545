// The portal trees of the simulator (govharvest-portal --trees; docs/portal.md,
// "Portal trees"): named *.gov.cn hosts served on one loopback address and
// reached with the simulator as the HTTP proxy, and the trees' ground truth
// checked against what the simulator actually serves.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crawler/http_fetcher.h"
#include "config/config.h"
#include "crawler/crawler.h"
#include "crawler/report_title.h"
#include "tests/portal_process.h"
#include "tests/test_archive.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

using nlohmann::json;

struct Got {
  long status = 0;
  std::string body;
  std::string primary_ip;  // the address libcurl connected to
};

size_t Append(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// One GET with libcurl: through `proxy` when not empty (never through the
// environment's proxy), with an explicit Host header when `host` is not empty.
Got CurlGet(const std::string& url, const std::string& proxy, const std::string& host = "") {
  Got got;
  CURL* curl = curl_easy_init();
  curl_slist* headers = nullptr;
  if (!host.empty()) headers = curl_slist_append(headers, ("Host: " + host).c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROXY, proxy.c_str());  // "" disables every proxy
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "");
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &got.body);
  if (headers != nullptr) curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  if (curl_easy_perform(curl) == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &got.status);
    char* ip = nullptr;
    curl_easy_getinfo(curl, CURLINFO_PRIMARY_IP, &ip);
    if (ip != nullptr) got.primary_ip = ip;
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return got;
}

// The absolute URLs of the href links and iframe sources of a page
// (libcurl's URL parser resolves relative ones against `page_url`).
std::vector<std::string> Links(const std::string& page_url, const std::string& html) {
  std::vector<std::string> values;
  for (size_t at = html.find("href="); at != std::string::npos; at = html.find("href=", at + 1)) {
    if (at + 5 >= html.size() || (html[at + 5] != '"' && html[at + 5] != '\'')) continue;
    const size_t end = html.find(html[at + 5], at + 6);
    if (end == std::string::npos) break;
    values.push_back(html.substr(at + 6, end - at - 6));
  }
  for (size_t at = html.find("<iframe"); at != std::string::npos; at = html.find("<iframe", at + 1)) {
    const size_t src = html.find(" src=\"", at), close = html.find('>', at);
    if (src == std::string::npos || src > close) continue;
    values.push_back(html.substr(src + 6, html.find('"', src + 6) - src - 6));
  }
  std::vector<std::string> out;
  for (const std::string& value : values) {
    CURLU* u = curl_url();
    char* full = nullptr;
    if (curl_url_set(u, CURLUPART_URL, page_url.c_str(), 0) == CURLUE_OK &&
        curl_url_set(u, CURLUPART_URL, value.c_str(), 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_URL, &full, 0) == CURLUE_OK) {
      out.push_back(full);
    }
    curl_free(full);
    curl_url_cleanup(u);
  }
  return out;
}

bool Has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

bool StartsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// A title without a leading "2023年" (大兴's 街乡镇 reports put the year first).
std::string WithoutLeadingYear(const std::string& title) {
  if (title.size() > 7 && std::all_of(title.begin(), title.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }) &&
      title.compare(4, 3, "年") == 0) {
    return title.substr(7);
  }
  return title;
}

class PortalTreesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    scratch_ = new testing::ScratchDir();
    portal_ = new testing::PortalProcess({"--trees", "--seed", "1", "--config-out", *scratch_ / "trees.toml"});
    if (!portal_->ok()) return;
    proxy_ = new std::string(portal_->ready()["proxy"].get<std::string>());
    testing::HttpClient client;
    manifest_ = new json(client.GetJson(portal_->ready()["manifest"].get<std::string>()));
  }
  static void TearDownTestSuite() {
    delete manifest_;
    delete proxy_;
    delete portal_;
    delete scratch_;
    scratch_ = nullptr;
    manifest_ = nullptr;
    proxy_ = nullptr;
    portal_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(portal_ != nullptr && portal_->ok()) << "govharvest-portal --trees did not start";
    ASSERT_TRUE(manifest_->is_object() && manifest_->contains("trees"));
  }
  static Got Get(const std::string& url) { return CurlGet(url, *proxy_); }
  static void CrawlAndCompare(const Config& config, const std::vector<std::string>& sites,
                              const std::set<std::string>& reports, const std::string& host_prefix,
                              const std::string& archive_name, int max_pages);
  static json Stats() {
    testing::HttpClient client;
    const std::string m = portal_->ready()["manifest"].get<std::string>();
    return client.GetJson(m.substr(0, m.rfind('/')) + "/__admin/stats");
  }

  static testing::ScratchDir* scratch_;
  static testing::PortalProcess* portal_;
  static std::string* proxy_;
  static json* manifest_;
};

testing::ScratchDir* PortalTreesTest::scratch_ = nullptr;
testing::PortalProcess* PortalTreesTest::portal_ = nullptr;
std::string* PortalTreesTest::proxy_ = nullptr;
json* PortalTreesTest::manifest_ = nullptr;

TEST_F(PortalTreesTest, ReadyLineNamesTheProxyAndTheTrees) {
  const json& ready = portal_->ready();
  EXPECT_EQ(ready["mode"], "trees");
  EXPECT_EQ(ready["proxy"], "http://127.0.0.200:" + std::to_string(ready["port"].get<int>()));
  ASSERT_TRUE(ready["trees"].contains("t1-simhd"));
  EXPECT_EQ(ready["trees"]["t1-simhd"], "http://www.simhd.gov.cn/");
}

// libcurl through the simulator as proxy: an absolute-form request, no DNS
// lookup (www.simhd.gov.cn resolves nowhere), a connection to 127.0.0.200 only.
TEST_F(PortalTreesTest, LibcurlReachesNamedHostThroughTheProxy) {
  const int64_t before = Stats()["requests_by_host"].value("www.simhd.gov.cn", int64_t{0});
  const Got home = Get("http://www.simhd.gov.cn/");
  EXPECT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("<title>邯郸市人民政府</title>"), std::string::npos);
  EXPECT_EQ(home.primary_ip, "127.0.0.200");
  EXPECT_EQ(Stats()["requests_by_host"].value("www.simhd.gov.cn", int64_t{0}), before + 1);
  // The bare host serves the same pages; another host of the tree its own.
  EXPECT_EQ(Get("http://simhd.gov.cn/").body, home.body);
  const Got platform = Get("http://xxgk.simhd.gov.cn/");
  EXPECT_EQ(platform.status, 200);
  EXPECT_NE(platform.body.find("邯郸市政府信息公开"), std::string::npos);
}

TEST_F(PortalTreesTest, HostsNoTreeServesAnswer502) {
  const int64_t refused = Stats()["refused"].get<int64_t>();
  const Got other = Get("http://www.not-a-tree.gov.cn/");
  EXPECT_EQ(other.status, 502);
  EXPECT_EQ(other.primary_ip, "127.0.0.200");
  EXPECT_EQ(Stats()["refused"].get<int64_t>(), refused + 1);
  // Tree URLs carry no port: :80 is the same site, another port no site.
  EXPECT_EQ(Get("http://www.simhd.gov.cn:80/").status, 200);
  EXPECT_EQ(Get("http://www.simhd.gov.cn:8080/").status, 502);
}

// Without a proxy, the Host header picks the site.
TEST_F(PortalTreesTest, HostHeaderDispatchesDirectRequests) {
  const std::string direct = "http://127.0.0.200:" + std::to_string(portal_->ready()["port"].get<int>()) + "/";
  const Got home = CurlGet(direct, "", "www.simhd.gov.cn");
  EXPECT_EQ(home.status, 200);
  EXPECT_EQ(home.body, Get("http://www.simhd.gov.cn/").body);
  EXPECT_EQ(CurlGet(direct, "", "www.not-a-tree.gov.cn").status, 502);
}

// The crawler's own fetch path with `proxy` set, as `[harvest] proxy` sets it.
TEST_F(PortalTreesTest, CrawlerFetcherReachesNamedHostThroughTheProxy) {
  boost::asio::io_context io;
  HttpFetcher fetcher(io);
  HttpRequest request;
  request.url = "http://xxgk.simhd.gov.cn/gszbm/";
  request.proxy = *proxy_;
  request.user_agent = "govharvest-test";
  HttpResponse response;
  fetcher.Fetch(std::move(request), [&](HttpResponse r) { response = std::move(r); });
  io.run();
  EXPECT_EQ(response.error_kind, "") << response.error_detail;
  EXPECT_EQ(response.status, 200);
  EXPECT_NE(response.body.find("市政府部门"), std::string::npos);
}

// Every body's column, fetched through the proxy as its pages link it: its
// list pages together list every report of the manifest, and every report
// page answers with its title.
TEST_F(PortalTreesTest, EveryColumnListsItsReports) {
  for (const auto& [id, tree] : (*manifest_)["trees"].items()) {
    size_t columns = 0;
    for (const json& body : tree["bodies"]) {
      if (!body["has_column"].get<bool>()) {
        EXPECT_TRUE(body["entries"].empty()) << id << " " << body["id"];
        continue;
      }
      ++columns;
      ASSERT_EQ(body["entries"].size(), 1u);
      // Reachable from a home by links or dropdown options.
      EXPECT_GT(body["clicks"].get<int>(), 0) << id << " " << body["id"];
      const Got entry = Get(body["entries"][0].get<std::string>());
      EXPECT_EQ(entry.status, 200) << body["entries"][0];
      // Links of the list pages (some columns cut titles: the report pages carry them whole).
      std::vector<std::string> listed = Links(body["entries"][0].get<std::string>(), entry.body);
      for (const json& page : body["list_pages"]) {
        ASSERT_EQ(page["method"], "GET");
        const Got got = Get(page["url"].get<std::string>());
        EXPECT_EQ(got.status, 200) << page["url"];
        for (const std::string& link : Links(page["url"].get<std::string>(), got.body)) listed.push_back(link);
      }
      ASSERT_FALSE(body["reports"].empty()) << id << " " << body["id"];
      for (const json& report : body["reports"]) {
        const std::string title = report["title"].get<std::string>();
        EXPECT_TRUE(Has(listed, report["url"].get<std::string>())) << id << " " << body["id"] << ": not listed: " << report["url"];
        // The body's own report (its full name in the title, after the year
        // where the title starts with it); a government's column also carries
        // reports of its departments and townships, named after it
        // (邯郸市教育局…, 北京市大兴区榆垡镇…).
        const std::string agency = body["agency"].get<std::string>(), named = WithoutLeadingYear(title);
        const std::string place = agency.substr(0, agency.rfind("人民政府"));
        const bool own = StartsWith(named, agency) && report["agency"] == agency;
        const bool subordinate = body["parent"] == "" && report["agency"] != agency &&
                                 (StartsWith(named, body["name_on_pages"].get<std::string>()) || StartsWith(named, place));
        EXPECT_TRUE(own || subordinate) << id << " " << body["id"] << ": " << title;
        const Got page = Get(report["url"].get<std::string>());
        EXPECT_EQ(page.status, 200) << report["url"];
        EXPECT_NE(page.body.find(title), std::string::npos) << report["url"];
      }
    }
    EXPECT_EQ(columns, tree["expected"]["columns"].get<size_t>()) << id;
    // At least the home, and each column's entry.
    EXPECT_GT(tree["expected"]["min_requests"].get<size_t>(), columns) << id;
    EXPECT_GT(columns, 0u) << id;
  }
}

// Body pages carry the name the manifest gives as theirs; homes answer.
TEST_F(PortalTreesTest, BodyPagesAndHomesAnswer) {
  for (const auto& [id, tree] : (*manifest_)["trees"].items()) {
    for (const json& home : tree["homes"]) EXPECT_EQ(Get(home.get<std::string>()).status, 200) << home;
    for (const json& body : tree["bodies"]) {
      const Got page = Get(body["page"].get<std::string>());
      EXPECT_EQ(page.status, 200) << body["page"];
      EXPECT_NE(page.body.find(body["name_on_pages"].get<std::string>()), std::string::npos) << body["page"];
      if (body["has_column"].get<bool>() && body["page"] != tree["homes"][0]) {
        EXPECT_TRUE(Has(Links(body["page"].get<std::string>(), page.body), body["entries"][0].get<std::string>()))
            << body["page"] << " does not link its column " << body["entries"][0];
      }
    }
  }
}

// Look-alikes answer 200 with their title; dead links 404; other regions'
// sites are served (so that following them shows in the request log); chrome
// links are on every page the manifest says.
TEST_F(PortalTreesTest, DecoysDeadLinksAndOutOfScopeAnswerAsDesigned) {
  for (const auto& [id, tree] : (*manifest_)["trees"].items()) {
    EXPECT_FALSE(tree["decoys"].empty()) << id;
    for (const json& d : tree["decoys"]) {
      const Got got = Get(d["url"].get<std::string>());
      EXPECT_EQ(got.status, 200) << d["url"];
      EXPECT_NE(got.body.find(d["title"].get<std::string>()), std::string::npos) << d["url"];
    }
    for (const json& d : tree["dead_links"]) {
      EXPECT_EQ(Get(d["url"].get<std::string>()).status, 404) << d["url"];
      EXPECT_TRUE(Has(Links(d["on"].get<std::string>(), Get(d["on"].get<std::string>()).body), d["url"].get<std::string>()))
          << d["on"] << " lacks the dead link " << d["url"];
    }
    EXPECT_FALSE(tree["out_of_scope"].empty()) << id;
    for (const json& o : tree["out_of_scope"]) {
      const std::string url = o.get<std::string>();
      const std::string host = url.substr(7, url.find('/', 7) - 7);
      const int64_t before = Stats()["requests_by_host"].value(host, int64_t{0});
      EXPECT_EQ(Get(url).status, 200) << url;
      EXPECT_EQ(Stats()["requests_by_host"].value(host, int64_t{0}), before + 1) << url;
    }
    for (const json& c : tree["chrome_links"]) {
      EXPECT_FALSE(c["on"].empty());
      for (const json& on : c["on"]) {
        EXPECT_TRUE(Has(Links(on.get<std::string>(), Get(on.get<std::string>()).body), c["url"].get<std::string>()))
            << on << " lacks the chrome link " << c["url"];
      }
    }
  }
}

// The config written by --config-out loads, sets the proxy, and holds one site
// per body with a column, with the manifest's agency, level and entry.
TEST_F(PortalTreesTest, ConfigOutIsTheGroundTruthAsAConfig) {
  Config config;
  const Status st = LoadConfig(*scratch_ / "trees.toml", &config);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(config.proxy, *proxy_);
  std::map<std::string, const SiteConfig*> by_entry;
  for (const SiteConfig& site : config.sites) {
    ASSERT_EQ(site.entries.size(), 1u) << site.name;
    by_entry[site.entries[0]] = &site;
  }
  size_t columns = 0;
  for (const auto& [id, tree] : (*manifest_)["trees"].items()) {
    for (const json& body : tree["bodies"]) {
      if (!body["has_column"].get<bool>()) continue;
      ++columns;
      const auto it = by_entry.find(body["entries"][0].get<std::string>());
      ASSERT_NE(it, by_entry.end()) << body["entries"][0];
      EXPECT_EQ(it->second->agency, body["agency"]);
      EXPECT_EQ(it->second->level, body["level"]);
      EXPECT_EQ(it->second->division_code, body["division_code"]);
      EXPECT_EQ(it->second->hosts, body["hosts"].get<std::vector<std::string>>());
    }
  }
  EXPECT_EQ(config.sites.size(), columns);
}

// The crawler, configured by the written config, harvests two bodies'
// columns through the simulator as proxy: every report of the manifest
// archived as a report, nothing else taken for one, no request refused (502)
// and no host outside the tree asked.
TEST_F(PortalTreesTest, CrawlThroughTheProxyHarvestsTheColumns) {
  Config config;
  ASSERT_TRUE(LoadConfig(*scratch_ / "trees.toml", &config).ok());
  const std::vector<std::string> sites = {"t1-simhd.city", "t1-simhd.jyj"};
  std::set<std::string> reports;
  for (const json& body : (*manifest_)["trees"]["t1-simhd"]["bodies"]) {
    if (body["id"] != "city" && body["id"] != "jyj") continue;
    for (const json& r : body["reports"]) reports.insert(r["url"].get<std::string>());
  }
  ASSERT_GE(reports.size(), 10u);
  CrawlAndCompare(config, sites, reports, "http://xxgk.simhd.gov.cn/", "archive", 200);
}

// The crawl of known entries on the newer trees: the T6 police unit's
// column, selected by unitid on the shared platform page, and the T3
// district's year folders with their 街乡镇 and 部门 sub-folders (documents
// published as folders named by their ids, sub-folders whose texts read as
// directories of bodies: crawler/column.cc).
TEST_F(PortalTreesTest, CrawlThroughTheProxyHarvestsAUnitColumn) {
  Config config;
  ASSERT_TRUE(LoadConfig(*scratch_ / "trees.toml", &config).ok());
  std::set<std::string> reports;
  for (const json& body : (*manifest_)["trees"]["t6-simhf"]["bodies"]) {
    if (body["id"] != "gaj") continue;
    for (const json& r : body["reports"]) reports.insert(r["url"].get<std::string>());
  }
  ASSERT_GE(reports.size(), 5u);
  CrawlAndCompare(config, {"t6-simhf.gaj"}, reports, "http://zwgk.simhf.gov.cn/", "archive-t6", 200);
}

TEST_F(PortalTreesTest, CrawlThroughTheProxyHarvestsYearGroups) {
  Config config;
  ASSERT_TRUE(LoadConfig(*scratch_ / "trees.toml", &config).ok());
  // 142 reports in the district's folders: no politeness delay on loopback.
  config.politeness.min_delay_ms = 0;
  config.politeness.max_delay_ms = 10;
  for (SiteConfig& site : config.sites) site.politeness = config.politeness;
  std::set<std::string> reports;
  for (const json& body : (*manifest_)["trees"]["t3-simdx"]["bodies"]) {
    if (body["id"] != "district") continue;
    for (const json& r : body["reports"]) reports.insert(r["url"].get<std::string>());
  }
  ASSERT_EQ(reports.size(), 142u);
  CrawlAndCompare(config, {"t3-simdx.district"}, reports, "http://www.simdx.gov.cn/", "archive-t3", 600);
}

// Crawls `sites` of `config` (at most `max_pages`) into a new archive
// `archive_name` and checks that exactly
// `reports` were archived as reports, every request went to `host_prefix`,
// and no request was refused.
void PortalTreesTest::CrawlAndCompare(const Config& config, const std::vector<std::string>& sites,
                                      const std::set<std::string>& reports, const std::string& host_prefix,
                                      const std::string& archive_name, int max_pages) {
  const std::string host = host_prefix.substr(7, host_prefix.size() - 8);
  const json before = Stats();
  auto archive = testing::CreateArchive(*scratch_ / archive_name);
  CrawlOptions o;
  o.kind = "crawl";
  o.walk_columns = true;
  o.progress_on_tty = false;
  o.config = config;
  o.sites = sites;
  o.max_pages = max_pages;
  CrawlSummary summary;
  auto quiet = std::make_shared<spdlog::logger>("portal_trees", std::make_shared<spdlog::sinks::null_sink_mt>());
  const Status st = RunCrawl(*archive, o, quiet, &summary);
  EXPECT_TRUE(st.ok()) << st.ToString();
  std::set<std::string> taken;
  ASSERT_TRUE(archive
                  ->ForEachCapture([&](const CaptureRecord& c) {
                    EXPECT_EQ(c.requested_url.rfind(host_prefix, 0), 0u) << c.requested_url;
                    if (c.role == "report" && c.outcome == "ok") taken.insert(c.requested_url);
                    return true;
                  })
                  .ok());
  EXPECT_EQ(taken, reports);
  const json after = Stats();
  EXPECT_EQ(after["refused"], before["refused"]);
  EXPECT_GT(after["requests_by_host"].value(host, int64_t{0}), before["requests_by_host"].value(host, int64_t{0}));
}

// T7: the directory links department roots that answer as designed: script
// and meta-refresh shells to the department page, a redirect to the city's
// host, a 政府信息公开指南 page, a 404; only the shells lead to a column.
TEST_F(PortalTreesTest, DepartmentRootsAnswerAsDesigned) {
  ASSERT_TRUE((*manifest_)["trees"].contains("t7-simhz"));
  std::map<std::string, int> kinds;
  for (const json& body : (*manifest_)["trees"]["t7-simhz"]["bodies"]) {
    if (!body.contains("root")) continue;
    const std::string kind = body["root_kind"].get<std::string>(), page = body["page"].get<std::string>();
    ++kinds[kind];
    const Got root = Get(body["root"].get<std::string>());
    if (kind == "script") {
      EXPECT_NE(root.body.find("location.href=\"" + page + "\""), std::string::npos) << body["root"];
    } else if (kind == "meta") {
      EXPECT_NE(root.body.find("<meta http-equiv=\"refresh\" content=\"0;url=" + page + "\">"), std::string::npos) << body["root"];
      EXPECT_LT(root.body.size(), 2000u);
    } else if (kind == "redirect") {
      EXPECT_EQ(root.status, 302) << body["root"];
    } else if (kind == "guide") {
      EXPECT_NE(root.body.find("<meta name=\"ColumnName\" content=\"政府信息公开指南\">"), std::string::npos);
    } else {
      EXPECT_EQ(kind, "404");
      EXPECT_EQ(root.status, 404);
    }
    EXPECT_EQ(body["has_column"].get<bool>(), kind == "script" || kind == "meta") << body["id"];
  }
  EXPECT_EQ(kinds, (std::map<std::string, int>{{"404", 1}, {"guide", 1}, {"meta", 3}, {"redirect", 1}, {"script", 6}}));
}

// T5: townships and streets are reachable only through a <select> dropdown
// (option values), departments through plain links.
TEST_F(PortalTreesTest, TownshipDirectoryIsADropdown) {
  ASSERT_TRUE((*manifest_)["trees"].contains("t5-simxj"));
  const std::string dir = "http://www.simxj.gov.cn/col/col1229325000/index.html";
  const Got page = Get(dir);
  ASSERT_EQ(page.status, 200);
  const size_t select = page.body.find("<select onchange=\"javascript:window.open(this.options[this.selectedIndex].value)\">");
  ASSERT_NE(select, std::string::npos);
  const std::string options = page.body.substr(select, page.body.find("</select>", select) - select);
  const std::vector<std::string> links = Links(dir, page.body);
  size_t towns = 0, depts = 0;
  for (const json& body : (*manifest_)["trees"]["t5-simxj"]["bodies"]) {
    const std::string url = body["page"].get<std::string>();
    const std::string path = url.substr(url.find('/', 7));
    if (body["level"] == "township" || body["level"] == "street") {
      ++towns;
      EXPECT_NE(options.find("<option value=\"" + path + "\">" + body["name_on_pages"].get<std::string>() + "</option>"),
                std::string::npos) << url;
      EXPECT_FALSE(Has(links, url)) << url;
    } else if (body["level"] == "department") {
      ++depts;
      EXPECT_TRUE(Has(links, url)) << url;
    }
  }
  EXPECT_EQ(towns, 21u);
  EXPECT_EQ(depts, 38u);
}

// Every report title of every tree passes the crawler's report-title rules
// as a report; no look-alike (tree decoys, the columns' own look-alike
// items) does.
TEST_F(PortalTreesTest, ReportTitlesPassTheCrawlerRulesAndLookAlikesDoNot) {
  size_t reports = 0, lookalikes = 0;
  for (const auto& [id, tree] : (*manifest_)["trees"].items()) {
    for (const json& body : tree["bodies"]) {
      for (const json& r : body.value("reports", json::array())) {
        ++reports;
        EXPECT_TRUE(IsAnnualReportTitle(r["title"].get<std::string>())) << id << ": " << r["title"];
      }
      for (const json& d : body.value("column_decoys", json::array())) {
        ++lookalikes;
        EXPECT_NE(ClassifyReportTitle(d["title"].get<std::string>()).verdict, TitleVerdict::kReport) << id << ": " << d["title"];
      }
    }
    for (const json& d : tree["decoys"]) {
      ++lookalikes;
      EXPECT_NE(ClassifyReportTitle(d["title"].get<std::string>()).verdict, TitleVerdict::kReport) << id << ": " << d["title"];
    }
  }
  EXPECT_GT(reports, 500u);
  EXPECT_GT(lookalikes, 100u);
}

// T3: the district's year folders hold its own reports and, in numbered
// 街乡镇 and 部门 sub-folders, the reports of the bodies its manifest lists as
// column_bodies (one a street that starts in 2021); the old roots drift: a 301
// to a resource host whose robots.txt disallows everything (then a 404), a
// 301 to the home page, a 404.
TEST_F(PortalTreesTest, YearFoldersHoldTheTownshipsAndDepartments) {
  ASSERT_TRUE((*manifest_)["trees"].contains("t3-simdx"));
  const json& tree = (*manifest_)["trees"]["t3-simdx"];
  const json& district = tree["bodies"][0];
  ASSERT_EQ(district["id"], "district");
  std::map<std::string, std::set<int>> years_by_agency;
  for (const json& r : district["reports"]) {
    years_by_agency[r["agency"].get<std::string>()].insert(r["year"].get<int>());
    const std::string url = r["url"].get<std::string>();
    if (r["agency"] != district["agency"]) {
      // Inside a numbered sub-folder of the report's year folder.
      const std::string folder = "/dxqzf69/" + std::to_string(r["year"].get<int>()) + "n/";
      ASSERT_NE(url.find(folder), std::string::npos) << url;
      const std::string rest = url.substr(url.find(folder) + folder.size());
      EXPECT_TRUE(StartsWith(rest, "xzjd") || StartsWith(rest, "bm")) << url;
    }
  }
  size_t towns = 0, depts = 0;
  for (const json& b : district["column_bodies"]) {
    const std::string agency = b["agency"].get<std::string>();
    (b["level"] == "township" ? towns : depts) += 1;
    const std::set<int> want = b["from"].get<int>() == 2021 ? std::set<int>{2021, 2022, 2023, 2024}
                                                            : std::set<int>{2019, 2020, 2021, 2022, 2023, 2024};
    EXPECT_EQ(years_by_agency[agency], want) << agency;
  }
  EXPECT_EQ(towns, 14u);
  EXPECT_EQ(depts, 9u);
  EXPECT_EQ(years_by_agency[district["agency"].get<std::string>()].size(), 6u);
  // A year folder links its sub-folders; the column page links the year folders.
  const Got year = Get("http://www.simdx.gov.cn/bjsdxqrmzf/zwfw/zfxxgk/dxqzf69/2023n/");
  EXPECT_NE(year.body.find(">街乡镇</a>"), std::string::npos);
  EXPECT_NE(year.body.find(">区政府部门</a>"), std::string::npos);
  // Drift.
  EXPECT_EQ(Get("http://zyk.simdx.gov.cn/robots.txt").body, "User-agent: *\nDisallow: /\n");
  EXPECT_EQ(Get("http://www.simdx.gov.cn/robots.txt").body, "User-agent: *\nDisallow:\n");
  EXPECT_EQ(tree["robots"].size(), 1u);
  const std::map<std::string, std::string> redirects = {
      {"http://www.simdx.gov.cn/zfxxgk/zfxxgknb/", "http://zyk.simdx.gov.cn/jbdt/zfxxgknb/"},
      {"http://www.simdx.gov.cn/zwgk/zfxxgknb/", "http://www.simdx.gov.cn/"}};
  for (const auto& [from, to] : redirects) {
    CURL* curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, from.c_str());
    curl_easy_setopt(curl, CURLOPT_PROXY, proxy_->c_str());
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    ASSERT_EQ(curl_easy_perform(curl), CURLE_OK);
    long status = 0;
    char* location = nullptr;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &location);
    EXPECT_EQ(status, 301) << from;
    EXPECT_EQ(std::string(location == nullptr ? "" : location), to) << from;
    curl_easy_cleanup(curl);
  }
  EXPECT_EQ(Get("http://zyk.simdx.gov.cn/jbdt/zfxxgknb/").status, 404);
  bool dead_2018 = false;
  for (const json& d : tree["dead_links"]) dead_2018 |= d["url"] == "http://www.simdx.gov.cn/zfxxgk/zfxxgknb/2018/";
  EXPECT_TRUE(dead_2018);
  // Department pages write their tree with document.write; 4 of 9 have a 年报 node.
  size_t with_column = 0;
  for (const json& b : tree["bodies"]) {
    if (b["level"] != "department") continue;
    with_column += b["has_column"].get<bool>() ? 1 : 0;
    const Got page = Get(b["page"].get<std::string>());
    EXPECT_EQ(page.body.find("document.write('<li><a href=\"./nb/index.htm\" target=\"DataList\">") != std::string::npos,
              b["has_column"].get<bool>()) << b["page"];
  }
  EXPECT_EQ(with_column, 4u);
}

// T6: one platform page serves every unit, told apart by unitid; &frame=nb
// is the unit's column, each listing only that unit's reports; the 经信 site
// links the city's column (a foreign link) and lists its own reports again on
// a copy page; the county is on another domain.
TEST_F(PortalTreesTest, UnitsAreToldApartByUnitid) {
  ASSERT_TRUE((*manifest_)["trees"].contains("t6-simhf"));
  const json& tree = (*manifest_)["trees"]["t6-simhf"];
  std::set<std::string> units;
  std::map<std::string, std::vector<std::string>> reports_of;
  for (const json& b : tree["bodies"]) {
    const std::string page = b["page"].get<std::string>();
    ASSERT_TRUE(StartsWith(page, "http://zwgk.simhf.gov.cn/zwgk/public/spage.xp?doAction=sindex&unitid=")) << page;
    const std::string unit = page.substr(page.find("unitid=") + 7);
    EXPECT_TRUE(units.insert(unit).second) << unit;
    if (!b["has_column"].get<bool>()) {
      EXPECT_EQ(Get(page + "&frame=nb").status, 404) << page;
      continue;
    }
    EXPECT_EQ(b["entries"][0], page + "&frame=nb");
    for (const json& r : b["reports"]) {
      const std::string url = r["url"].get<std::string>();
      EXPECT_NE(url.find("unitid=" + unit + "&"), std::string::npos) << url;
      reports_of[b["id"].get<std::string>()].push_back(url);
    }
  }
  EXPECT_EQ(units.size(), 12u);
  EXPECT_EQ(reports_of.size(), 10u);
  // The police site links its own unit's column across hosts.
  EXPECT_TRUE(Has(Links("http://gaj.simhf.gov.cn/", Get("http://gaj.simhf.gov.cn/").body),
                  "http://zwgk.simhf.gov.cn/zwgk/public/spage.xp?doAction=sindex&unitid=0004000100010006&frame=nb"));
  // The 经信 site's box links the city's column, not its own.
  ASSERT_EQ(tree["foreign_links"].size(), 1u);
  const json& foreign = tree["foreign_links"][0];
  EXPECT_EQ(foreign["owner"], "city");
  const std::vector<std::string> jxw = Links("http://jxw.simhf.gov.cn/", Get("http://jxw.simhf.gov.cn/").body);
  EXPECT_TRUE(Has(jxw, foreign["url"].get<std::string>()));
  EXPECT_FALSE(Has(jxw, "http://zwgk.simhf.gov.cn/zwgk/public/spage.xp?doAction=sindex&unitid=0004000100010018&frame=nb"));
  // Its copy page lists exactly its platform reports.
  ASSERT_EQ(tree["copies"].size(), 1u);
  const std::string copy = tree["copies"][0]["url"].get<std::string>();
  EXPECT_TRUE(Has(jxw, copy));
  std::vector<std::string> listed = Links(copy, Get(copy).body);
  listed.erase(std::remove_if(listed.begin(), listed.end(), [](const std::string& u) { return u.find("detail.xp") == std::string::npos; }),
               listed.end());
  std::vector<std::string> want = reports_of.at(tree["copies"][0]["of"].get<std::string>());
  std::sort(listed.begin(), listed.end());
  std::sort(want.begin(), want.end());
  EXPECT_EQ(listed, want);
  size_t offices = 0;
  for (const json& d : tree["decoys"]) offices += d["kind"] == "office" ? 1 : 0;
  EXPECT_EQ(offices, 5u);
  EXPECT_EQ(tree["out_of_scope"], json::array({"http://www.simcf.gov.cn/"}));
}

}  // namespace
}  // namespace govharvest
