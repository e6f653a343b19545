// Tests of govharvest-portal, the simulated government portal: started as a
// separate process, checked with plain HTTP requests (libcurl).
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <iconv.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/portal_process.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

using nlohmann::json;

using testing::PortalProcess;
using testing::Reply;
using Client = testing::HttpClient;

bool Contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string PathOf(const std::string& url) {
  const size_t at = url.find('/', url.find("://") + 3);
  return at == std::string::npos ? "/" : url.substr(at);
}

bool ValidUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    }
    i += n;
  }
  return true;
}

std::string GbkToUtf8(const std::string& in) {
  iconv_t cd = iconv_open("UTF-8", "GBK");
  if (cd == reinterpret_cast<iconv_t>(-1)) return "";
  std::string out(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  const size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
  iconv_close(cd);
  if (r == static_cast<size_t>(-1)) return "";
  out.resize(out.size() - dst_left);
  return out;
}

// The value after `key` up to the next quote/comma/&: "columnid=1234&" -> "1234".
std::string ValueAfter(const std::string& text, const std::string& key) {
  size_t at = text.find(key);
  if (at == std::string::npos) return "";
  at += key.size();
  size_t end = text.find_first_of("'\"&,)} ", at);
  return text.substr(at, end - at);
}

class PortalTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    scratch_ = new testing::ScratchDir();
    portal_ = new PortalProcess({"--seed", "7", "--config-out", *scratch_ / "portal.toml", "--manifest-out",
                                 *scratch_ / "manifest.json"});
  }
  static void TearDownTestSuite() {
    delete portal_;
    delete scratch_;
    portal_ = nullptr;
    scratch_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(portal_->ok()) << "govharvest-portal did not print its ready line"; }

  static std::string Base(const std::string& site) { return portal_->ready()["sites"][site].get<std::string>(); }
  json Manifest() {
    Reply r = client_.Get(portal_->ready()["manifest"].get<std::string>());
    EXPECT_EQ(r.status, 200);
    return json::parse(r.body, nullptr, false);
  }

  static testing::ScratchDir* scratch_;
  static PortalProcess* portal_;
  Client client_;
};

testing::ScratchDir* PortalTest::scratch_ = nullptr;
PortalProcess* PortalTest::portal_ = nullptr;

TEST_F(PortalTest, ReadyLineNamesEverySiteOnItsOwnAddress) {
  const json& ready = portal_->ready();
  const int port = ready["port"].get<int>();
  EXPECT_GT(port, 0);
  std::set<std::string> hosts;
  for (const auto& [name, base] : ready["sites"].items()) {
    const std::string url = base.get<std::string>();
    EXPECT_TRUE(url.starts_with("http://127.0.0.")) << url;
    EXPECT_TRUE(url.ends_with(":" + std::to_string(port) + "/")) << url;
    hosts.insert(url);
  }
  EXPECT_EQ(hosts.size(), ready["sites"].size());
  EXPECT_EQ(ready["manifest"].get<std::string>(), "http://127.0.0.11:" + std::to_string(port) + "/__manifest.json");
}

TEST_F(PortalTest, ManifestHasSixSitesWithYearsPagesAndReachableReports) {
  const json m = Manifest();
  ASSERT_TRUE(m.is_object());
  const json& sites = m["sites"];
  ASSERT_GE(sites.size(), 6u);
  for (const char* cms : {"trs", "hanweb", "gkmlpt", "generic", "jsshell", "mirror"}) {
    bool found = false;
    for (const auto& [name, s] : sites.items()) found = found || s["cms"] == cms;
    EXPECT_TRUE(found) << cms;
  }
  for (const auto& [name, s] : sites.items()) {
    std::set<int> years;
    for (const auto& r : s["reports"]) {
      years.insert(r["year"].get<int>());
      const std::string title = r["title"].get<std::string>();
      EXPECT_TRUE(Contains(title, "年度报告") || Contains(title, "工作报告")) << title;
      EXPECT_TRUE(Contains(title, std::to_string(r["year"].get<int>()))) << title;
      EXPECT_TRUE(r["tables"] == "html" || r["tables"] == "attachment" || r["tables"] == "image_only" ||
                  r["tables"] == "missing");
    }
    EXPECT_GE(years.size(), 3u) << name;
    EXPECT_GE(s["list_pages"].size(), 5u) << name;
    EXPECT_GE(s["non_reports"].size(), 10u) << name;
    EXPECT_EQ(s["entries"].size(), 1u) << name;
    EXPECT_TRUE(s["encoding"] == "utf-8" || s["encoding"] == "gbk");
    // Every report page answers, a challenged one with 412 (the slow site:
    // only its first one).
    for (const auto& r : s["reports"]) {
      const int expected = r.value("access", "") == "challenge" ? 412 : 200;
      EXPECT_EQ(client_.GetRetrying(r["url"].get<std::string>()).status, expected) << r["url"];
      for (const auto& a : r["also_at"]) EXPECT_EQ(client_.GetRetrying(a.get<std::string>()).status, 200) << a;
      if (s["delay_ms"].get<int>() > 0) break;
    }
  }
  // The file written with --manifest-out holds the same reports (the live one
  // may have more, added by AddReportAppearsOnTheFirstListPage).
  const json file = json::parse(testing::ReadFile(*scratch_ / "manifest.json"), nullptr, false);
  ASSERT_TRUE(file.is_object());
  for (const auto& [name, s] : file["sites"].items()) {
    std::set<std::string> live;
    for (const auto& r : sites[name]["reports"]) live.insert(r["url"].get<std::string>());
    for (const auto& r : s["reports"]) EXPECT_TRUE(live.count(r["url"].get<std::string>())) << r["url"];
  }
}

TEST_F(PortalTest, ConfigOutPassesConfigCheck) {
  const std::string path = *scratch_ / "portal.toml";
  const std::string toml = testing::ReadFile(path);
  EXPECT_TRUE(Contains(toml, "[[site]]"));
  EXPECT_TRUE(Contains(toml, "max_attempts = 6"));
  EXPECT_TRUE(Contains(toml, "hosts = [\"127.0.0.11\"]"));
  testing::ProcessResult r = testing::RunProcess({GOVHARVEST_BIN, "config", "check", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const json effective = json::parse(r.out, nullptr, false);
  ASSERT_TRUE(effective.is_object()) << r.out;
  EXPECT_EQ(effective["site"].size(), portal_->ready()["sites"].size());
}

// config/demo.toml is what --config-out writes for port 8931, comments aside.
TEST_F(PortalTest, DemoConfigIsTheConfigOutForPort8931) {
  const auto settings = [](const std::string& toml, const std::string& port) {
    std::string out;
    size_t start = 0;
    while (start < toml.size()) {
      size_t end = toml.find('\n', start);
      if (end == std::string::npos) end = toml.size();
      std::string line = toml.substr(start, end - start);
      start = end + 1;
      if (line.empty() || line[0] == '#') continue;
      for (size_t at = 0; (at = line.find(":" + port + "/", at)) != std::string::npos; at += 6) {
        line.replace(at, port.size() + 2, ":8931/");
      }
      out += line + "\n";
    }
    return out;
  };
  const std::string port = std::to_string(portal_->ready()["port"].get<int>());
  const std::string generated = settings(testing::ReadFile(*scratch_ / "portal.toml"), port);
  EXPECT_TRUE(Contains(generated, "[[site]]"));
  EXPECT_EQ(settings(testing::ReadFile(std::string(GOVHARVEST_SOURCE_DIR) + "/config/demo.toml"), "8931"), generated)
      << "regenerate config/demo.toml with govharvest-portal --port 8931 --config-out (keep its header)";
}

TEST_F(PortalTest, TrsPageCountMatchesCreatePageHtml) {
  const std::string column = Base("trs") + "xxgk/zfxxgknb/";
  Reply first = client_.Get(column + "index.html");
  ASSERT_EQ(first.status, 200);
  const size_t call = first.body.find("createPageHTML(");
  ASSERT_NE(call, std::string::npos);
  const int count = std::atoi(first.body.c_str() + call + 15);
  EXPECT_GE(count, 5);
  EXPECT_TRUE(Contains(first.body, "createPageHTML(" + std::to_string(count) + ", 0, \"index\", \"html\")"));
  EXPECT_TRUE(Contains(first.body, "/common/js/page.js"));
  for (int i = 1; i < count; ++i) {
    Reply page = client_.Get(column + "index_" + std::to_string(i) + ".html");
    EXPECT_EQ(page.status, 200) << i;
    EXPECT_TRUE(Contains(page.body, "createPageHTML(" + std::to_string(count) + ", " + std::to_string(i) + ","));
  }
  EXPECT_EQ(client_.Get(column + "index_" + std::to_string(count) + ".html").status, 404);
  // Detail pages: ./YYYYMM/tYYYYMMDD_<docid>.html with the body in div.TRS_Editor and the 信息公开 table.
  const json m = Manifest();
  const json& report = m["sites"]["trs"]["reports"].back();
  const std::string url = report["url"].get<std::string>();
  EXPECT_TRUE(Contains(url, "/xxgk/zfxxgknb/")) << url;
  EXPECT_TRUE(Contains(url, "/t")) << url;
  Reply detail = client_.Get(url);
  EXPECT_TRUE(Contains(detail.body, "<div class=\"TRS_Editor\">"));
  EXPECT_TRUE(Contains(detail.body, "索 引 号"));
  EXPECT_TRUE(Contains(detail.body, "扫一扫在手机打开当前页"));
  // The PDF-only report: its attachment sits beside it as P0<digits>.pdf.
  bool pdf = false;
  for (const auto& r : m["sites"]["trs"]["reports"]) {
    if (r["tables"] != "attachment") continue;
    const std::string a = r["attachments"][0].get<std::string>();
    EXPECT_TRUE(Contains(a, "/P0") && a.ends_with(".pdf")) << a;
    Reply file = client_.Get(a);
    EXPECT_EQ(file.status, 200);
    EXPECT_EQ(file.body.substr(0, 5), "%PDF-");
    EXPECT_EQ(file.content_type, "application/pdf");
    pdf = true;
  }
  EXPECT_TRUE(pdf);
}

TEST_F(PortalTest, KeepAliveReusesTheConnection) {
  const std::string url = Base("trs") + "robots.txt";
  EXPECT_EQ(client_.Get(url).new_connections, 1);
  Reply again = client_.Get(url);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.new_connections, 0);
}

TEST_F(PortalTest, HanwebDataproxyPagesTheColumn) {
  Reply page = client_.Get(Base("hanweb") + "col/col1229426/index.html");
  ASSERT_EQ(page.status, 200);
  ASSERT_TRUE(Contains(page.body, "<script type=\"text/xml\"><datastore>"));
  EXPECT_TRUE(Contains(page.body, "<nextgroup>"));
  const std::string column = ValueAfter(page.body, "columnid=");
  const std::string unit = ValueAfter(page.body, "unitid=");
  const std::string web = ValueAfter(page.body, "webid=");
  ASSERT_EQ(column, "1229426");
  ASSERT_FALSE(unit.empty());
  ASSERT_FALSE(web.empty());
  const std::string inline_part = page.body.substr(0, page.body.find("</datastore>"));
  size_t inline_records = 0;
  for (size_t at = 0; (at = inline_part.find("<record>", at)) != std::string::npos; ++at) ++inline_records;
  EXPECT_EQ(inline_records, 15u);
  const int total = std::atoi(ValueAfter(page.body, "totalRecord: ").c_str());
  EXPECT_GE(total, 75);

  const std::string form = "col=1&appid=1&webid=" + web + "&path=/&columnid=" + column +
                           "&sourceContentType=1&unitid=" + unit + "&webname=x&permissiontype=0";
  std::set<std::string> seen;
  int pages = 1;
  for (int start = 16; start <= total; start += 15, ++pages) {
    for (const char* proxy : {"module/web/jpage/dataproxy.jsp", "module/jpage/dataproxy.jsp"}) {
      Reply r = client_.Post(Base("hanweb") + proxy + "?startrecord=" + std::to_string(start) +
                                 "&endrecord=" + std::to_string(start + 14) + "&perpage=15",
                             form);
      ASSERT_EQ(r.status, 200);
      EXPECT_TRUE(Contains(r.body, "<totalrecord>" + std::to_string(total) + "</totalrecord>"));
      size_t records = 0;
      for (size_t at = 0; (at = r.body.find("<record><![CDATA[", at)) != std::string::npos; ++at) {
        ++records;
        seen.insert(ValueAfter(r.body.substr(at), "href=\""));
      }
      EXPECT_EQ(records, static_cast<size_t>(std::min(15, total - start + 1)));
    }
  }
  EXPECT_GE(pages, 5);
  EXPECT_EQ(seen.size(), static_cast<size_t>(total - 15));
  for (const auto& href : seen) EXPECT_TRUE(href.starts_with("/art/")) << href;
  // Another column's ids get nothing.
  Reply other = client_.Post(Base("hanweb") + "module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=15&perpage=15",
                             "col=1&columnid=999&unitid=" + unit);
  EXPECT_TRUE(Contains(other.body, "<totalrecord>0</totalrecord>"));

  // The DOCX report: downfile.jsp 302-redirects to /attach/0/<32hex>.docx.
  bool docx = false;
  const json m = Manifest();
  for (const auto& r : m["sites"]["hanweb"]["reports"]) {
    for (const auto& a : r["attachments"]) {
      const std::string url = a.get<std::string>();
      if (!url.ends_with(".docx")) continue;
      EXPECT_TRUE(Contains(url, "/module/download/downfile.jsp?classid=0&filename=")) << url;
      Reply redirect = client_.Get(url);
      EXPECT_EQ(redirect.status, 302);
      EXPECT_TRUE(Contains(redirect.location, "/attach/0/")) << redirect.location;
      const std::string name = url.substr(url.rfind('=') + 1);
      EXPECT_EQ(name.size(), 32u + 5u);
      Reply file = client_.Get(redirect.location);
      EXPECT_EQ(file.status, 200);
      EXPECT_EQ(file.body.substr(0, 4), std::string("PK\x03\x04", 4));
      EXPECT_TRUE(Contains(file.body, "word/document.xml"));
      docx = true;
    }
  }
  EXPECT_TRUE(docx);
}

TEST_F(PortalTest, GkmlptApiPagesAddUpToTotal) {
  const std::string base = Base("gkmlpt");
  const auto t0 = std::chrono::steady_clock::now();
  Reply index = client_.Get(base + "gkmlpt/index");
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  ASSERT_EQ(index.status, 200);
  EXPECT_GE(elapsed, std::chrono::milliseconds(250));  // the slow host
  const std::string sid = ValueAfter(index.body, "SID: '");
  ASSERT_FALSE(sid.empty());
  const std::string cat = ValueAfter(index.body, "/gkmlpt/api/all/");
  ASSERT_FALSE(cat.empty());
  Reply first = client_.Get(base + "gkmlpt/api/all/" + cat + "?page=1&sid=" + sid);
  ASSERT_EQ(first.status, 200);
  const json j = json::parse(first.body, nullptr, false);
  ASSERT_TRUE(j.is_object());
  const int total = j["total"].get<int>();
  const size_t per_page = j["articles"].size();
  ASSERT_GE(per_page, 10u);
  ASSERT_LE(per_page, 15u);
  const int pages = (total + static_cast<int>(per_page) - 1) / static_cast<int>(per_page);
  EXPECT_GE(pages, 5);
  size_t sum = per_page;
  for (int p = 2; p <= pages; ++p) {
    const json page = json::parse(client_.Get(base + "gkmlpt/api/all/" + cat + "?page=" + std::to_string(p) + "&sid=" + sid).body,
                                  nullptr, false);
    sum += page["articles"].size();
  }
  EXPECT_EQ(sum, static_cast<size_t>(total));
  const json& a = j["articles"][0];
  EXPECT_TRUE(a["url"].get<std::string>().starts_with(base + "content/post_"));
  EXPECT_TRUE(a["create_time"].is_number_integer());
  EXPECT_EQ(client_.Get(base + "gkmlpt/api/all/" + cat + "?page=1&sid=nope").status, 400);
}

TEST_F(PortalTest, GenericPagesAreGbkWithAWrongHeader) {
  const json m = Manifest();
  const json& site = m["sites"]["generic"];
  EXPECT_EQ(site["encoding"], "gbk");
  Reply list = client_.GetRetrying(site["entries"][0].get<std::string>());
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.content_type, "text/html; charset=utf-8");  // wrong: the bytes are GBK
  EXPECT_FALSE(ValidUtf8(list.body));
  EXPECT_TRUE(Contains(list.body, "<meta charset=\"gb2312\">"));
  const std::string text = GbkToUtf8(list.body);
  ASSERT_FALSE(text.empty());
  EXPECT_TRUE(Contains(text, "政府信息公开年度报告"));
  EXPECT_TRUE(Contains(text, "下一页"));
  EXPECT_TRUE(Contains(text, "尾页"));
  EXPECT_TRUE(Contains(text, "index.jsp?page=2"));
  for (const auto& url : site["list_pages"]) EXPECT_EQ(client_.GetRetrying(url.get<std::string>()).status, 200) << url;
  Reply detail = client_.GetRetrying(site["reports"][0]["url"].get<std::string>());
  ASSERT_EQ(detail.status, 200);
  EXPECT_EQ(detail.content_type, "text/html");  // no charset at all
  EXPECT_TRUE(Contains(GbkToUtf8(detail.body), site["reports"][0]["title"].get<std::string>()));
}

TEST_F(PortalTest, FlakyHostFailsSometimesButRetriesGetEverything) {
  const json m = Manifest();
  const json& site = m["sites"]["generic"];
  ASSERT_GT(site["flaky_percent"].get<int>(), 0);
  int failures = 0, requests = 0;
  std::vector<std::string> urls;
  for (const auto& u : site["list_pages"]) urls.push_back(u.get<std::string>());
  for (const auto& u : site["non_reports"]) urls.push_back(u.get<std::string>());
  for (const auto& url : urls) {
    bool ok = false;
    for (int attempt = 0; attempt < 3 && !ok; ++attempt) {
      Reply r = client_.Get(url);
      ++requests;
      ok = r.status == 200;
      failures += ok ? 0 : 1;
      if (!ok) {
        EXPECT_TRUE(r.status == 0 || r.status == 503) << r.status;
      }
    }
    EXPECT_TRUE(ok) << url;
  }
  EXPECT_GT(failures, requests / 20);
  EXPECT_LT(failures, requests / 2);
  // robots.txt never fails.
  for (int i = 0; i < 20; ++i) EXPECT_EQ(client_.Get(Base("generic") + "robots.txt").status, 200);
}

TEST_F(PortalTest, JsShellEntryNamesASubColumn) {
  const std::string column = Base("jsshell") + "zwgk/zfxxgk/zfxxgknb/";
  Reply shell = client_.Get(column + "index.html");
  ASSERT_EQ(shell.status, 200);
  EXPECT_LT(shell.body.size(), 300u);
  EXPECT_TRUE(Contains(shell.body, "location.replace(\"nb_2022n/index.html\")")) << shell.body;
  Reply meta = client_.Get(column);
  EXPECT_LT(meta.body.size(), 300u);
  EXPECT_TRUE(Contains(meta.body, "http-equiv=\"refresh\"")) << meta.body;
  Reply sub = client_.Get(column + "nb_2022n/index.html");
  ASSERT_EQ(sub.status, 200);
  EXPECT_TRUE(Contains(sub.body, "createPageHTML(3, 0, \"index\", \"html\")"));
  EXPECT_TRUE(Contains(sub.body, "href=\"../nb_2021n/\""));
  EXPECT_TRUE(Contains(sub.body, "href=\"../nb_2023n/\""));
  EXPECT_EQ(client_.Get(column + "nb_2022n/index_2.html").status, 200);
  EXPECT_EQ(client_.Get(column + "nb_2022n/index_3.html").status, 404);
  EXPECT_EQ(client_.Get(column + "nb_2021n/index.html").status, 200);
}

TEST_F(PortalTest, RobotsAndChallenge) {
  const json m = Manifest();
  for (const auto& [name, site] : m["sites"].items()) {
    Reply robots = client_.GetRetrying(site["robots"].get<std::string>());
    ASSERT_EQ(robots.status, 200) << name;
    EXPECT_TRUE(Contains(robots.body, "User-agent: *"));
    EXPECT_TRUE(Contains(robots.body, "Disallow: /search/")) << name;
    for (const auto& url : site["robots_disallowed"]) {
      const std::string path = PathOf(url.get<std::string>());
      bool disallowed = false;
      for (size_t at = 0; (at = robots.body.find("Disallow: ", at)) != std::string::npos; ++at) {
        const std::string prefix = robots.body.substr(at + 10, robots.body.find('\n', at) - at - 10);
        disallowed = disallowed || path.starts_with(prefix);
      }
      EXPECT_TRUE(disallowed) << path;
    }
  }
  // The disallowed item on the TRS site is linked from a list page.
  const json& trs = m["sites"]["trs"];
  std::string lists;
  for (const auto& u : trs["list_pages"]) lists += client_.Get(u.get<std::string>()).body;
  bool linked = false;
  for (const auto& u : trs["robots_disallowed"]) {
    const std::string path = PathOf(u.get<std::string>());
    linked = linked || Contains(lists, "href=\"./" + path.substr(std::string("/xxgk/zfxxgknb/").size()) + "\"");
  }
  EXPECT_TRUE(linked);
  // Reports that cannot be fetched are named in the manifest.
  std::set<std::string> access;
  for (const auto& [name, site] : m["sites"].items()) {
    for (const auto& r : site["reports"]) {
      if (!r.contains("access")) continue;
      access.insert(r["access"].get<std::string>());
      const json& list = site[r["access"] == "challenge" ? "challenge" : "robots_disallowed"];
      EXPECT_NE(std::find(list.begin(), list.end(), r["url"]), list.end()) << r["url"];
    }
  }
  EXPECT_EQ(access, (std::set<std::string>{"challenge", "robots_disallowed"}));
  // The challenge page: HTTP 412 with a Ruishu $_ts script, linked from the Hanweb column.
  int challenges = 0;
  for (const auto& [name, site] : m["sites"].items()) {
    for (const auto& url : site["challenge"]) {
      Reply r = client_.Get(url.get<std::string>());
      EXPECT_EQ(r.status, 412);
      EXPECT_TRUE(Contains(r.body, "$_ts"));
      ++challenges;
    }
  }
  EXPECT_GE(challenges, 1);
}

TEST_F(PortalTest, ImagesRepostsAndMirror) {
  const json m = Manifest();
  // The report whose tables are images.
  bool image_only = false;
  for (const auto& r : m["sites"]["generic"]["reports"]) {
    if (r["tables"] != "image_only") continue;
    const std::string page = GbkToUtf8(client_.GetRetrying(r["url"].get<std::string>()).body);
    const size_t img = page.find("<img src=\"/upload/image/");
    ASSERT_NE(img, std::string::npos);
    const std::string src = ValueAfter(page.substr(img), "src=\"");
    EXPECT_TRUE(src.ends_with(".png")) << src;
    Reply png = client_.GetRetrying(Base("generic") + src.substr(1));
    EXPECT_EQ(png.status, 200);
    EXPECT_EQ(png.body.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    image_only = true;
  }
  EXPECT_TRUE(image_only);
  // A report posted under two URLs: same body.
  bool repost = false;
  for (const auto& r : m["sites"]["trs"]["reports"]) {
    if (r["also_at"].empty()) continue;
    auto body = [&](const std::string& url) {
      const std::string page = client_.Get(url).body;
      const size_t at = page.find("<div class=\"TRS_Editor\">");
      return at == std::string::npos ? std::string() : page.substr(at, page.find("</div></div>", at) - at);
    };
    const std::string a = body(r["url"].get<std::string>()), b = body(r["also_at"][0].get<std::string>());
    EXPECT_FALSE(a.empty());
    EXPECT_EQ(a, b);
    EXPECT_NE(r["url"], r["also_at"][0]);
    repost = true;
  }
  EXPECT_TRUE(repost);
  // The mirror: spam titles, copies of the TRS site's reports.
  std::set<std::string> trs_urls;
  for (const auto& r : m["sites"]["trs"]["reports"]) trs_urls.insert(r["url"].get<std::string>());
  int copies = 0;
  for (const auto& r : m["sites"]["mirror"]["reports"]) {
    EXPECT_TRUE(Contains(r["title"].get<std::string>(), "365")) << r["title"];
    if (r.contains("mirror_of")) {
      EXPECT_TRUE(trs_urls.count(r["mirror_of"].get<std::string>())) << r["mirror_of"];
      ++copies;
    }
  }
  EXPECT_GE(copies, 3);
  Reply page = client_.Get(m["sites"]["mirror"]["entries"][0].get<std::string>());
  EXPECT_TRUE(Contains(page.body, "365体育"));
  EXPECT_TRUE(Contains(page.body, "overflow:hidden"));
}

TEST_F(PortalTest, OnlyReportTitlesLookLikeReports) {
  const json m = Manifest();
  const json& trs = m["sites"]["trs"];
  std::set<std::string> reports;
  for (const auto& r : trs["reports"]) {
    reports.insert(r["url"].get<std::string>());
    for (const auto& a : r["also_at"]) reports.insert(a.get<std::string>());
  }
  // The list items carry their full titles in title attributes.
  const std::string marker = "\" target=\"_blank\" title=\"";
  int items = 0;
  for (const auto& u : trs["list_pages"]) {
    const std::string body = client_.Get(u.get<std::string>()).body;
    for (size_t at = 0; (at = body.find(marker, at)) != std::string::npos; at += marker.size()) {
      const size_t href_at = body.rfind("href=\"", at) + 6;
      const std::string href = body.substr(href_at, at - href_at);
      const size_t title_at = at + marker.size();
      const std::string title = body.substr(title_at, body.find('"', title_at) - title_at);
      const std::string url = href.starts_with("./") ? Base("trs") + "xxgk/zfxxgknb/" + href.substr(2)
                                                     : Base("trs") + href.substr(1);
      // The rules of crawler/column.cc IsAnnualReportTitle.
      const bool looks = Contains(title, "年度报告") || Contains(title, "年报") ||
                         (Contains(title, "信息公开") && (Contains(title, "工作报告") || Contains(title, "年度工作")));
      EXPECT_EQ(looks, reports.count(url) > 0) << title << " " << url;
      ++items;
    }
  }
  EXPECT_GE(items, 50);
}

TEST_F(PortalTest, AddReportAppearsOnTheFirstListPage) {
  Reply added = client_.Post(Base("trs") + "__admin/add-report?site=trs&year=2025", "");
  ASSERT_EQ(added.status, 200);
  const json j = json::parse(added.body, nullptr, false);
  ASSERT_TRUE(j.is_object()) << added.body;
  const std::string url = j["url"].get<std::string>();
  EXPECT_EQ(j["year"], 2025);
  const std::string path = PathOf(url);
  Reply first = client_.Get(Base("trs") + "xxgk/zfxxgknb/index.html");
  EXPECT_TRUE(Contains(first.body, "href=\"./" + path.substr(std::string("/xxgk/zfxxgknb/").size()) + "\"")) << path;
  EXPECT_EQ(client_.Get(url).status, 200);
  bool in_manifest = false;
  const json m = Manifest();
  for (const auto& r : m["sites"]["trs"]["reports"]) in_manifest = in_manifest || r["url"] == url;
  EXPECT_TRUE(in_manifest);
  // Hanweb: the new report is the first inlined record.
  Reply h = client_.Post(Base("hanweb") + "__admin/add-report?site=hanweb&year=2025", "");
  const std::string hurl = json::parse(h.body)["url"].get<std::string>();
  Reply column = client_.Get(Base("hanweb") + "col/col1229426/index.html");
  const size_t record = column.body.find("<record>");
  ASSERT_NE(record, std::string::npos);
  EXPECT_EQ(ValueAfter(column.body.substr(record), "href=\""), PathOf(hurl));
  EXPECT_EQ(client_.Get(Base("trs") + "__admin/add-report?site=trs&year=2025").status, 405);
  EXPECT_EQ(client_.Post(Base("trs") + "__admin/add-report?site=nope&year=2025", "").status, 400);
}

TEST_F(PortalTest, SameSeedSameSites) {
  PortalProcess again({"--seed", "7"});
  ASSERT_TRUE(again.ok());
  Client c;
  const json m = json::parse(c.Get(again.ready()["manifest"].get<std::string>()).body);
  const json mine = json::parse(testing::ReadFile(*scratch_ / "manifest.json"));
  for (const auto& [name, site] : mine["sites"].items()) {
    ASSERT_EQ(site["reports"].size(), m["sites"][name]["reports"].size()) << name;
    for (size_t i = 0; i < site["reports"].size(); ++i) {
      EXPECT_EQ(PathOf(site["reports"][i]["url"].get<std::string>()),
                PathOf(m["sites"][name]["reports"][i]["url"].get<std::string>()));
      EXPECT_EQ(site["reports"][i]["published"], m["sites"][name]["reports"][i]["published"]);
    }
    EXPECT_EQ(site["non_reports"].size(), m["sites"][name]["non_reports"].size());
  }
}

}  // namespace
}  // namespace govharvest
