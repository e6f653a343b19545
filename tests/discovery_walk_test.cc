// The discovery walk (discover/discovery_walk.h) on a small portal held in
// memory: which pages it asks for, which columns it confirms, and what it
// reports about everything else.
#include "discover/discovery_walk.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace govharvest {
namespace {

using Pages = std::map<std::string, std::string>;

std::string Page(const std::string& title, const std::string& body) {
  return "<html><head><title>" + title + "</title></head><body>" + body + "</body></html>";
}

// A list of report items (and other items) as a column shows them.
std::string List(const std::vector<std::pair<std::string, std::string>>& items) {
  std::string out = "<ul class=list>";
  for (const auto& [url, title] : items) out += "<li><a href='" + url + "'>" + title + "</a><span>2024-02-01</span></li>";
  return out + "</ul>";
}

// The chrome every platform page carries: the city's own 年报 column.
const std::string kChrome =
    "<div class=nav><a href='http://xxgk.simqs.gov.cn/'>首页</a>"
    "<a href='http://xxgk.simqs.gov.cn/nb/'>政府信息公开年报</a></div>";

Pages Portal() {
  Pages p;
  p["http://www.simqs.gov.cn/"] = Page(
      "青山市人民政府",
      "<meta name=SiteName content='青山市人民政府'><a href='http://www.simnb.gov.cn/'>邻市人民政府</a>"
      "<a href='http://xxgk.simqs.gov.cn/'>政府信息公开</a><a href='http://www.simqs.gov.cn/news/'>新闻</a>"
      "<p>主办：青山市人民政府办公室 网站标识码：4101000001</p>");
  p["http://xxgk.simqs.gov.cn/"] = Page(
      "青山市政府信息公开",
      kChrome + "<a href='http://xxgk.simqs.gov.cn/fzzf/'>法治政府建设年度报告</a>"
                "<a href='http://xxgk.simqs.gov.cn/bm/'>部门信息公开</a>");
  p["http://xxgk.simqs.gov.cn/nb/"] = Page(
      "政府信息公开年报",
      List({{"/nb/1.html", "青山市人民政府2023年政府信息公开工作年度报告"},
            {"/nb/2.html", "青山市人民政府2022年政府信息公开工作年度报告"},
            {"/nb/3.html", "青山市教育局2023年政府信息公开工作年度报告"},
            {"/nb/4.html", "关于编制2023年度政府信息公开工作年度报告的通知"}}));
  p["http://xxgk.simqs.gov.cn/bm/"] = Page(
      "部门信息公开",
      kChrome + "<ul><li><a href='/bm/jyj/'>市教育局</a></li><li><a href='/bm/czj/'>市财政局</a></li>"
                "<li><a href='/bm/sjj/'>市审计局</a></li><li><a href='/bm/tjj/'>市统计局</a></li>"
                "<li><a href='/bm/gone/'>市档案馆</a></li><li><a href='/bm/api/'>市水利局</a></li>"
                "<li><a href='/bm/mzj/'>市民政局</a></li>"
                "<li><a href='http://www.simother.gov.cn/'>某县人民政府</a></li></ul>");
  // Education: its own column beside the city's in the chrome.
  p["http://xxgk.simqs.gov.cn/bm/jyj/"] = Page("青山市教育局", kChrome + "<a href='/bm/jyj/nb/'>政府信息公开年报</a>");
  // Civil affairs: a link to the city's column under another text.
  p["http://xxgk.simqs.gov.cn/bm/mzj/"] = Page("青山市民政局", kChrome + "<a href='/nb/'>信息公开年报</a>");
  p["http://xxgk.simqs.gov.cn/bm/jyj/nb/"] =
      Page("年报", List({{"/bm/jyj/nb/1.html", "青山市教育局2023年度政府信息公开工作年度报告"}}));
  // Finance: a column whose list cuts its titles; the item's page decides.
  p["http://xxgk.simqs.gov.cn/bm/czj/"] = Page("青山市财政局", kChrome + "<a href='/bm/czj/nb/'>信息公开年报</a>");
  p["http://xxgk.simqs.gov.cn/bm/czj/nb/"] = Page("年报", List({{"/bm/czj/nb/1.html", "青山市财政局2023年政府…"}}));
  p["http://xxgk.simqs.gov.cn/bm/czj/nb/1.html"] =
      Page("青山市财政局2023年政府信息公开工作年度报告", "<h1>青山市财政局2023年政府信息公开工作年度报告</h1>");
  // Audit: only a look-alike column (vetoed by its text).
  p["http://xxgk.simqs.gov.cn/bm/sjj/"] =
      Page("青山市审计局", kChrome + "<a href='/bm/sjj/fz/'>法治政府建设年度报告</a>");
  // Statistics: a 年报 link whose list holds no report.
  p["http://xxgk.simqs.gov.cn/bm/tjj/"] = Page("青山市统计局", kChrome + "<a href='/bm/tjj/nb/'>年报</a>");
  p["http://xxgk.simqs.gov.cn/bm/tjj/nb/"] =
      Page("统计公报", List({{"/bm/tjj/nb/1.html", "青山市2023年国民经济和社会发展统计公报"}}));
  // Water: a column its page's scripts build from an API.
  p["http://xxgk.simqs.gov.cn/bm/api/"] = Page("青山市水利局", kChrome + "<a href='/bm/api/nb/'>政府信息公开年报</a>");
  p["http://xxgk.simqs.gov.cn/bm/api/nb/"] = Page(
      "年报", "<div id=list></div><script>$.ajax({url:'/api/list.json?columnId=12&page=1',"
             "success:function(d){render(d)}});</script>");
  return p;
}

struct WalkLog {
  DiscoveryResult result;
  std::vector<std::string> requested;
  std::vector<std::string> rendered;
};

// Drives the walk over `pages` (404 for any other URL) to its end.
WalkLog Walk(const Pages& pages, const std::vector<std::string>& starts) {
  DiscoveryWalk walk(ScopeMode::kDomain, starts);
  WalkLog log;
  for (int round = 0; round < 20; ++round) {
    const std::vector<std::string> urls = walk.NextRound();
    const std::vector<std::string> renders = walk.TakeRenders();
    if (urls.empty() && renders.empty()) break;
    // A page's rendered DOM is held under "<url> rendered"; without one the
    // test has no browser.
    for (const std::string& url : renders) {
      log.rendered.push_back(url);
      auto it = pages.find(url + " rendered");
      if (it == pages.end()) {
        walk.AddRendered(url, {}, "no browser in this test");
      } else {
        walk.AddRendered(url, {it->second}, "");
      }
    }
    for (const std::string& url : urls) {
      log.requested.push_back(url);
      DiscoveryFetch f;
      f.url = url;
      auto it = pages.find(url);
      if (it == pages.end()) {
        f.http_status = 404;
        f.outcome = "error:http_404";
      } else {
        f.http_status = 200;
        f.outcome = "ok";
        f.text = it->second;
      }
      walk.AddPage(std::move(f));
    }
  }
  EXPECT_TRUE(walk.NextRound().empty());
  EXPECT_TRUE(walk.TakeRenders().empty());
  log.result = walk.Result();
  return log;
}

const DiscoveredBody* Find(const DiscoveryResult& r, const std::string& agency) {
  for (const DiscoveredBody& b : r.bodies) {
    if (b.agency == agency) return &b;
  }
  return nullptr;
}

bool Noted(const std::vector<DiscoveryNote>& notes, const std::string& url_part, const std::string& kind = "") {
  return std::any_of(notes.begin(), notes.end(), [&](const DiscoveryNote& n) {
    return n.url.find(url_part) != std::string::npos && (kind.empty() || n.kind == kind);
  });
}

TEST(DiscoveryWalkTest, FindsEachBodysOwnColumnAndNothingElse) {
  const WalkLog log = Walk(Portal(), {"http://www.simqs.gov.cn/"});
  const DiscoveryResult& r = log.result;
  std::set<std::string> columns;
  for (const DiscoveredBody& b : r.bodies) {
    ASSERT_EQ(b.entries.size(), 1u) << b.agency;
    columns.insert(b.entries[0].url);
  }
  EXPECT_EQ(columns, (std::set<std::string>{"http://xxgk.simqs.gov.cn/nb/", "http://xxgk.simqs.gov.cn/bm/jyj/nb/",
                                            "http://xxgk.simqs.gov.cn/bm/czj/nb/"}));
  // Names from the report titles, the city's among its departments' reports.
  const DiscoveredBody* city = Find(r, "青山市人民政府");
  ASSERT_NE(city, nullptr);
  EXPECT_EQ(city->entries[0].url, "http://xxgk.simqs.gov.cn/nb/");
  EXPECT_NE(city->agency_evidence.find("report titles"), std::string::npos) << city->agency_evidence;
  ASSERT_NE(Find(r, "青山市教育局"), nullptr);
  EXPECT_EQ(Find(r, "青山市教育局")->level, "department");
  // The cut title was verified on the item's page.
  ASSERT_NE(Find(r, "青山市财政局"), nullptr);
  EXPECT_NE(Find(r, "青山市财政局")->entries[0].evidence.find("own title"), std::string::npos);
  EXPECT_TRUE(std::count(log.requested.begin(), log.requested.end(), "http://xxgk.simqs.gov.cn/bm/czj/nb/1.html"));
}

TEST(DiscoveryWalkTest, SaysWhyEveryOtherBodyHasNoColumn) {
  const DiscoveryResult r = Walk(Portal(), {"http://www.simqs.gov.cn/"}).result;
  EXPECT_TRUE(Noted(r.no_column, "/bm/sjj/"));   // only a look-alike
  EXPECT_TRUE(Noted(r.no_column, "/bm/tjj/"));   // its 年报 lists no report
  EXPECT_TRUE(Noted(r.no_column, "/bm/gone/"));  // dead page
  EXPECT_TRUE(Noted(r.no_column, "/bm/api/"));   // script-built list
  EXPECT_TRUE(Noted(r.candidates_rejected, "/bm/tjj/nb/", "rejected"));
  EXPECT_TRUE(Noted(r.candidates_rejected, "/bm/api/nb/", "unconfirmed"));
  EXPECT_TRUE(Noted(r.failed_pages, "/bm/gone/"));
  // The civil affairs bureau's link to the city's column is the city's.
  EXPECT_TRUE(Noted(r.candidates_rejected, "http://xxgk.simqs.gov.cn/nb/", "claimed"));
  EXPECT_TRUE(Noted(r.no_column, "/bm/mzj/"));
  EXPECT_EQ(r.bodies_found, 8);  // the city and seven departments; the other county is no body here
  EXPECT_EQ(r.other_gov_sites.size(), 1u);
}

TEST(DiscoveryWalkTest, AsksEachPageOnceAndNeverLeavesTheScope) {
  const WalkLog log = Walk(Portal(), {"http://www.simqs.gov.cn/"});
  std::set<std::string> once(log.requested.begin(), log.requested.end());
  EXPECT_EQ(once.size(), log.requested.size());
  for (const std::string& url : log.requested) {
    EXPECT_NE(url.find("simqs.gov.cn"), std::string::npos) << url;
    EXPECT_EQ(url.find("/fz"), std::string::npos) << "a vetoed look-alike was fetched: " << url;
  }
  // The chrome's 年报 link on department pages is not theirs: never fetched
  // as a department's column, so the city column is fetched once.
  EXPECT_EQ(std::count(log.requested.begin(), log.requested.end(), "http://xxgk.simqs.gov.cn/nb/"), 1);
}

// A column whose page lists nothing but runs scripts is rendered; its
// rendered list confirms it (or, with no browser, it stays unconfirmed).
TEST(DiscoveryWalkTest, ScriptBuiltColumnsAreConfirmedByTheirRenderedList) {
  Pages p;
  p["http://www.simjs.gov.cn/"] = Page("某县人民政府", "<a href='/nb/'>政府信息公开年报</a>");
  p["http://www.simjs.gov.cn/nb/"] =
      Page("年报", "<div id=list></div><script src='/js/list.js'></script>");
  WalkLog log = Walk(p, {"http://www.simjs.gov.cn/"});
  EXPECT_EQ(log.rendered, std::vector<std::string>{"http://www.simjs.gov.cn/nb/"});
  EXPECT_TRUE(log.result.bodies.empty());
  EXPECT_TRUE(Noted(log.result.candidates_rejected, "/nb/", "unconfirmed"));

  p["http://www.simjs.gov.cn/nb/ rendered"] =
      Page("年报", "<div id=list>" + List({{"/nb/1.html", "某县人民政府2023年政府信息公开工作年度报告"}}) + "</div>");
  log = Walk(p, {"http://www.simjs.gov.cn/"});
  ASSERT_EQ(log.result.bodies.size(), 1u);
  EXPECT_EQ(log.result.bodies[0].agency, "某县人民政府");
  EXPECT_NE(log.result.bodies[0].entries[0].evidence.find("rendered in Chromium"), std::string::npos);
}

TEST(DiscoveryWalkTest, DivisionCodeAndLevelFromTheTableChecked) {
  const DiscoveryResult r = Walk(Portal(), {"http://www.simqs.gov.cn/"}).result;
  const DiscoveredBody* city = Find(r, "青山市人民政府");
  ASSERT_NE(city, nullptr);
  // 青山 is no prefecture-level city: no code and no level are guessed.
  EXPECT_EQ(city->division_code, "");
  EXPECT_EQ(city->level, "");
}

TEST(DiscoveryWalkTest, OwnerDivisionReadInsideItsSiteCode) {
  // 鼓楼区 names districts of several cities; the site code picks 福州's.
  Pages p;
  p["http://www.simgl.gov.cn/"] = Page(
      "鼓楼区人民政府",
      "<meta name=SiteName content='鼓楼区人民政府'><meta name=SiteIDCode content='3501020001'>"
      "<a href='/nb/'>政府信息公开年报</a>");
  p["http://www.simgl.gov.cn/nb/"] = Page("年报", List({{"/nb/1.html", "鼓楼区人民政府2023年政府信息公开工作年度报告"}}));
  const DiscoveryResult r = Walk(p, {"http://www.simgl.gov.cn/"}).result;
  ASSERT_EQ(r.bodies.size(), 1u);
  EXPECT_EQ(r.bodies[0].division_code, "350102") << r.bodies[0].division_code_evidence;
  EXPECT_EQ(r.bodies[0].level, "district");
  // Without the site code nothing decides between them.
  p["http://www.simgl.gov.cn/"] =
      Page("鼓楼区人民政府", "<meta name=SiteName content='鼓楼区人民政府'><a href='/nb/'>政府信息公开年报</a>");
  const DiscoveryResult unsure = Walk(p, {"http://www.simgl.gov.cn/"}).result;
  ASSERT_EQ(unsure.bodies.size(), 1u);
  EXPECT_EQ(unsure.bodies[0].division_code, "");
}

}  // namespace
}  // namespace govharvest
