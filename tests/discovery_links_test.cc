// Discovery links (crawler/discovery_links.h): scope, role scores, text
// sources, dropdowns, decoys and shared navigation. The pages are small
// re-renderings of the structures in docs/discovery-evidence.md (section
// numbers and source ids in the comments), on invented `sim` hosts; no page
// is copied.
#include "crawler/discovery_links.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace govharvest {
namespace {

constexpr auto kPlatform = DiscoveryRole::kPlatform;
constexpr auto kColumn = DiscoveryRole::kColumn;
constexpr auto kDirectory = DiscoveryRole::kDirectory;

const DiscoveryLink* FindLink(const std::vector<DiscoveryLink>& links, const std::string& url,
                              const std::string& text) {
  for (const DiscoveryLink& link : links) {
    if (link.url == url && link.text == text) return &link;
  }
  return nullptr;
}

std::vector<std::string> RankedUrls(const std::vector<DiscoveryLink>& links, DiscoveryRole role) {
  std::vector<std::string> urls;
  for (const DiscoveryLink* link : RankLinks(links, role)) urls.push_back(link->url);
  return urls;
}

DiscoveryScope DomainScope(const std::string& start) { return DiscoveryScope(ScopeMode::kDomain, {start}); }

// ---------------------------------------------------------------- scope (M1)

TEST(DiscoveryScopeTest, DomainAdmitsEveryHostOfTheRegistrableDomain) {
  // 邯郸: portal www., platform hdzfxxgk., bare hd.gov.cn share hd.gov.cn (1.1 [S1][S2]).
  EXPECT_EQ("simhd.gov.cn", UrlRegistrableDomain("http://xxgk.simhd.gov.cn/zfxxgknb/"));
  EXPECT_EQ("simhd.gov.cn", UrlRegistrableDomain("https://SIMHD.gov.cn"));
  EXPECT_EQ("127.0.0.1", UrlRegistrableDomain("http://127.0.0.1:8080/a"));
  EXPECT_EQ("", UrlRegistrableDomain("javascript:void(0)"));

  const DiscoveryScope scope = DomainScope("http://www.simhd.gov.cn/");
  EXPECT_EQ(LinkScope::kInScope, scope.Classify("http://www.simhd.gov.cn/ztzl/"));
  EXPECT_EQ(LinkScope::kInScope, scope.Classify("http://xxgk.simhd.gov.cn/zfxxgknb/"));
  EXPECT_EQ(LinkScope::kInScope, scope.Classify("https://simhd.gov.cn/"));
  // Other regions (the province, gov.cn) are government sites outside: reported, not followed.
  EXPECT_EQ(LinkScope::kOtherGovSite, scope.Classify("http://www.simhebei.gov.cn/"));
  EXPECT_EQ(LinkScope::kOtherGovSite, scope.Classify("http://www.gov.cn/"));
  // A mirror copying the paths on another domain is neither (4, "Mirrors").
  EXPECT_EQ(LinkScope::kOutOfScope, scope.Classify("http://www.simhd-mirror.com/zfxxgknb/"));
  EXPECT_EQ(LinkScope::kOutOfScope, scope.Classify("mailto:a@simhd.gov.cn"));
  EXPECT_TRUE(scope.Contains("http://hdzfxxgk.simhd.gov.cn/"));
  EXPECT_EQ("other_gov_site", LinkScopeName(LinkScope::kOtherGovSite));
}

TEST(DiscoveryScopeTest, HostModeKeepsToTheStartHostsUntilAHostIsAllowed) {
  // A start on a shared platform domain (gjj.beijing.gov.cn, M1): the domain
  // would cover every municipal body, so only named hosts are in.
  DiscoveryScope scope(ScopeMode::kHost, {"http://gjj.simbj.gov.cn/"});
  EXPECT_EQ(LinkScope::kInScope, scope.Classify("http://gjj.simbj.gov.cn/zwgk/"));
  EXPECT_EQ(LinkScope::kOtherGovSite, scope.Classify("http://zfxxgk.simbj.gov.cn/110094/zfxxgknb/list.shtml"));
  scope.AllowHost(" ZFXXGK.simbj.gov.cn:80 ");
  EXPECT_EQ(LinkScope::kInScope, scope.Classify("http://zfxxgk.simbj.gov.cn/110094/zfxxgknb/list.shtml"));
  EXPECT_EQ(LinkScope::kOtherGovSite, scope.Classify("http://jw.simbj.gov.cn/"));
}

TEST(DiscoveryScopeTest, AnIpStartIsItsOwnScope) {
  // libpsl would call 127.0.0.1's domain "0.1"; RegistrableDomain keeps the IP.
  const DiscoveryScope scope = DomainScope("http://127.0.0.1:8080/");
  EXPECT_EQ(LinkScope::kInScope, scope.Classify("http://127.0.0.1:9090/x"));
  EXPECT_EQ(LinkScope::kOutOfScope, scope.Classify("http://127.0.0.2:8080/x"));
}

// ---------------------------------------------------------------- scoring (M2)

TEST(DiscoveryScoringTest, NormalizingDropsSpacesNbspAndIdeographicSpace) {
  EXPECT_EQ("政府信息公开年报", NormalizeLinkText(" 政府信息\n\t公开\xC2\xA0年\xE3\x80\x80报\xE2\x80\x8B "));
  EXPECT_EQ("乡镇（街道）信息公开", NormalizeLinkText("乡镇（街道） 信息公开"));
}

TEST(DiscoveryScoringTest, TextDecidesAndUrlTokensOnlyBreakTies) {
  auto s = ScoreLink("政府信息公开年报", "http://xxgk.simhd.gov.cn/zfxxgknb/");
  EXPECT_EQ(RoleScore::kStrongText + RoleScore::kUrlTieBreak, s[1].score) << s[1].why;
  EXPECT_EQ("strong text 政府信息公开年报; url zfxxgknb", s[1].why);
  EXPECT_EQ(0, s[0].score) << s[0].why;  // not the platform
  EXPECT_EQ(0, s[2].score) << s[2].why;  // not a directory

  // A numbered folder: the same text, no token.
  s = ScoreLink("政府信息公开年报", "http://www.simja.gov.cn/Category_598/Index.aspx");
  EXPECT_EQ(RoleScore::kStrongText, s[1].score);

  // Split and padded names read the same.
  EXPECT_EQ(RoleScore::kStrongText, ScoreLink("政府信息 公开年报", "")[1].score);

  // The generic 年报 is weak: it counts under a platform or a body page only.
  s = ScoreLink("年报", "http://www.simbc.gov.cn/zcbm/fgw_97987/ndbg/");
  EXPECT_EQ(RoleScore::kWeakText + RoleScore::kUrlTieBreak, s[1].score) << s[1].why;

  // URL tokens never score alone (an image link with no text, 2.2).
  s = ScoreLink("", "http://xxgk.simhd.gov.cn/zfxxgknb/");
  EXPECT_EQ(0, s[1].score);
  EXPECT_EQ("url token zfxxgknb alone (not evidence)", s[1].why);

  // Query tokens count (合肥 frame=nb, 1.1 [S7]); a host label counts (xxgk.).
  EXPECT_EQ(RoleScore::kStrongText + 1,
            ScoreLink("政府信息公开年报", "http://zwgk.simhf.gov.cn/zwgk/public/spage.xp?doAction=sindex&unitid=0004&frame=nb")[1]
                .score);
  EXPECT_EQ(RoleScore::kStrongText + 1, ScoreLink("政府信息公开目录", "http://xxgk.simja.gov.cn/zgja/")[0].score);
  // A short token must be the whole word: "nb" is not in "nbjb".
  EXPECT_EQ(RoleScore::kStrongText, ScoreLink("政府信息公开年报", "http://www.simxj.gov.cn/nbjb/col/col1/")[1].score);
}

TEST(DiscoveryScoringTest, PlatformNamesWithAndWithoutAPlace) {
  for (const char* text : {"政务公开", "政府信息公开", "信息公开", "政府信息公开目录", "信息公开目录", "法定主动公开内容"}) {
    EXPECT_EQ(RoleScore::kStrongText, ScoreLink(text, "")[0].score) << text;
  }
  auto s = ScoreLink("邯郸市政府信息公开", "");
  EXPECT_EQ(RoleScore::kStrongText, s[0].score);
  EXPECT_EQ("strong text 政府信息公开 after place 邯郸市", s[0].why);
  EXPECT_EQ(RoleScore::kStrongText, ScoreLink("县政府信息公开", "")[0].score);
  EXPECT_EQ(RoleScore::kWeakText, ScoreLink("政府信息公开专栏", "")[0].score);  // 金湖 panel heading [S16]
  // Not a place: departments, townships, enterprises.
  EXPECT_EQ(0, ScoreLink("部门信息公开", "")[0].score);
  EXPECT_EQ(0, ScoreLink("乡镇信息公开", "")[0].score);
  EXPECT_EQ(0, ScoreLink("企事业单位信息公开", "")[0].score);
  // The guide, rules, requests and news are no way to the platform.
  for (const char* text : {"政府信息公开指南", "政府信息公开规定", "依申请公开", "政府信息公开制度", "政务公开动态",
                           "政府信息公开工作意见箱"}) {
    EXPECT_EQ(RoleScore::kVetoed, ScoreLink(text, "")[0].score) << text;
  }
}

TEST(DiscoveryScoringTest, ColumnLookAlikesAreVetoed) {
  // report_title.h's look-alikes (4: 法治政府, 网站年度报表, 统计, 预决算) and the 政府网站年度报告 column [S21].
  for (const char* text : {"法治政府建设年度报告", "政府网站年度工作报表", "统计年鉴", "统计公报", "财政预决算",
                           "部门决算", "政府工作报告", "企业年报公示", "政府网站年度报告"}) {
    const RoleScore s = ScoreLink(text, "")[1];
    EXPECT_EQ(RoleScore::kVetoed, s.score) << text;
    EXPECT_TRUE(s.why.starts_with("veto ")) << s.why;
  }
  EXPECT_EQ("veto look-alike: 法治政府", ScoreLink("法治政府建设年度报告", "")[1].why);
  // A look-alike's slug vetoes a link whose text says nothing...
  EXPECT_EQ(RoleScore::kVetoed, ScoreLink("", "http://xxgk.simhd.gov.cn/zfxxgkzn/ztzl/ndgzbb")[1].score);
  EXPECT_EQ(RoleScore::kVetoed, ScoreLink("年度报告", "http://jw.simcq.gov.cn/zwgk_209/fzzfjsndbg/")[1].score);
  // ...and demotes a strong text to weak: slugs cannot be trusted either way.
  const RoleScore demoted = ScoreLink("政府信息公开年报", "http://www.simhd.gov.cn/ztzl/czyjs/")[1];
  EXPECT_EQ(RoleScore::kWeakText, demoted.score);
  EXPECT_NE(std::string::npos, demoted.why.find("url slug czyjs")) << demoted.why;
}

TEST(DiscoveryScoringTest, ReportTitlesAndYearLabelsAreNotTheColumn) {
  RoleScore s = ScoreLink("邯郸市2023年政府信息公开工作年度报告", "")[1];
  EXPECT_EQ(0, s.score);
  EXPECT_EQ("names a year: a report or a year folder, not the column", s.why);
  EXPECT_EQ(0, ScoreLink("2023年度政府信息公开年报", "")[1].score);
  // A longer menu text that contains the name is weak.
  s = ScoreLink("政府信息公开年报专栏", "")[1];
  EXPECT_EQ(RoleScore::kWeakText, s.score);
  EXPECT_EQ("weak text: contains 政府信息公开年报", s.why);
  // Variants of the column's name (2.1).
  for (const char* text : {"政府信息公开工作年度报告", "信息公开年报", "信息公开工作年度报告", "信息公开年度报告",
                           "公开年报", "部门公开年报", "部门信息公开年度报告"}) {
    EXPECT_EQ(RoleScore::kStrongText, ScoreLink(text, "")[1].score) << text;
  }
}

TEST(DiscoveryScoringTest, DirectoryNames) {
  for (const char* text : {"部门信息公开", "乡镇（街道）信息公开", "乡镇街道信息公开", "信息公开部门目录",
                           "部门政务公开", "县级部门政府信息公开目录", "镇信息公开目录", "区直部门"}) {
    EXPECT_EQ(RoleScore::kStrongText, ScoreLink(text, "")[2].score) << text;
  }
  // After a place: 市政府部门信息公开 (邯郸 platform menu, 1.1 [S1]).
  EXPECT_EQ("strong text 部门信息公开 after place 市政府", ScoreLink("市政府部门信息公开", "")[2].why);
  // An exact directory name is not a town's platform: 镇信息公开目录 is 金湖's
  // towns' directory [S16], and 县级部门政府信息公开目录 not a platform after "县级部门政府".
  EXPECT_EQ(0, ScoreLink("镇信息公开目录", "")[0].score);
  EXPECT_EQ(0, ScoreLink("县级部门政府信息公开目录", "")[0].score);
  EXPECT_EQ(RoleScore::kWeakText, ScoreLink("乡镇", "")[2].score);
  EXPECT_EQ(RoleScore::kWeakText, ScoreLink("市直部门信息公开目录", "")[2].score);
  // 部门公开年报 is a column, not a directory.
  EXPECT_EQ(0, ScoreLink("部门公开年报", "")[2].score);
  // Internal offices, news tabs, site lists (3.7, 3.5).
  for (const char* text : {"内设机构", "下属单位", "部门动态", "乡镇部门动态", "县市区政府网站", "部门网站", "友情链接"}) {
    EXPECT_EQ(RoleScore::kVetoed, ScoreLink(text, "")[2].score) << text;
  }
}

// ---------------------------------------------------------------- one page

// 靖安-style county home (1.1 [S4]): a nav item whose hover panel (in the
// static HTML) links the platform on another host and the 年报 column back on
// the main host; 目录 and 规定 share one URL; 财政公开 and news tabs beside them.
constexpr char kCountyHome[] = R"html(<html><head><title>政务要闻-某安县人民政府网站</title></head><body>
<ul id="nav">
 <li class="navqhnma" id="m1"><a class="nc" href="/">首页</a></li>
 <li class="navqhnma" id="m3"><a class="nc" href="/Category_111/Index.aspx">政务公开 </a>
  <div class="sub"><div class="l3">
   <a href="http://xxgk.simja.gov.cn/zgja/zfxxgk_38041/gkzn_38042/">政府信息公开指南</a>
   <a href="/Category_598/Index.aspx">政府信息公开年报</a>
   <a href="http://xxgk.simja.gov.cn/zgja/zfxxgk_38041/">政府信息公开目录</a>
   <a href="http://xxgk.simja.gov.cn/zgja/zfxxgk_38041/">政府信息公开规定</a>
   <a href="http://xxgk.simja.gov.cn/zgja/zfxxgk_38041/ysqgkxx_38043/">财政公开</a>
  </div></div></li>
</ul>
<div class="tabs"><a href="/Category_201/Index.aspx">乡镇动态</a><a href="/Category_202/Index.aspx">部门动态</a></div>
</body></html>)html";

TEST(DiscoveryLinksTest, NavPanelLeadsToPlatformHostAndColumn) {
  const auto links = ReadDiscoveryLinks(kCountyHome, "http://www.simja.gov.cn/", DomainScope("http://www.simja.gov.cn/"));
  // The home page's own URL (首页) is not a link.
  EXPECT_EQ(nullptr, FindLink(links, "http://www.simja.gov.cn/", "首页"));
  // Platform: 目录 on the platform host (text + url token) ranks before the nav's 政务公开 (text only).
  EXPECT_EQ((std::vector<std::string>{"http://xxgk.simja.gov.cn/zgja/zfxxgk_38041/",
                                      "http://www.simja.gov.cn/Category_111/Index.aspx"}),
            RankedUrls(links, kPlatform));
  const DiscoveryLink* rules = FindLink(links, "http://xxgk.simja.gov.cn/zgja/zfxxgk_38041/", "政府信息公开规定");
  ASSERT_NE(nullptr, rules);
  EXPECT_EQ(RoleScore::kVetoed, rules->Score(kPlatform));
  const DiscoveryLink* nav = FindLink(links, "http://www.simja.gov.cn/Category_111/Index.aspx", "政务公开");
  ASSERT_NE(nullptr, nav) << "the trailing space is dropped";
  EXPECT_EQ(RoleScore::kStrongText, nav->Score(kPlatform));
  // Column: the main host's numbered category, by its text alone.
  EXPECT_EQ((std::vector<std::string>{"http://www.simja.gov.cn/Category_598/Index.aspx"}), RankedUrls(links, kColumn));
  // No directory here: the news tabs are vetoed.
  EXPECT_TRUE(RankedUrls(links, kDirectory).empty());
  const DiscoveryLink* news = FindLink(links, "http://www.simja.gov.cn/Category_202/Index.aspx", "部门动态");
  ASSERT_NE(nullptr, news);
  EXPECT_EQ(RoleScore::kVetoed, news->Score(kDirectory));
  EXPECT_EQ("in scope; platform -1: veto 动态; directory -1: veto 动态", news->why);
}

TEST(DiscoveryLinksTest, TextComesFromTheTextThenTitleThenAlt) {
  // 邯郸 split text with an icon <em> (1.3 [S2]); 万载 icons without alt before
  // the text (1.2 [S6]); an icon whose alt would prefix the text; image-only
  // links named by alt or title; a tile with the text in a <p> (1.2 [S1]);
  // placeholders (1.3 [S16][S23]).
  constexpr char kPage[] = R"html(<body>
<h3><a href="http://xxgk.simhd.gov.cn/zfxxgknb/"><em class="zwxxgk_bnt4"></em>政府信息<br>公开年报</a></h3>
<a href="http://www.simwz.gov.cn/news-list-zhengwugongkai.html"><img class="img1" src="i1.png"><img class="img2" src="i2.png">政务公开</a>
<a href="/zwgk/bmxxgk/" target="blank"><img src="/images/app/button.png" alt="按钮">部门信息公开</a>
<a href="/xxgk/"><img src="/images/xxgk.png" alt="信息公开"></a>
<a href="/fdgknr/" title="法定主动公开内容"><img src="/images/fdgk.png"></a>
<a href="http://xxgk.simhd.gov.cn/gszbm/auto23694/" target="_blank"><li><div><img src="images/W02.jpg"><p>统计数据</p></div></li></a>
<a href="#" class="zwgk-alink">政府信息公开年报</a>
<a href="javascript:void(0);" title="政府信息公开" target="_blank">政府信息公开</a>
</body>)html";
  const auto links = ReadDiscoveryLinks(kPage, "http://xxgk.simhd.gov.cn/", DomainScope("http://www.simhd.gov.cn/"));
  ASSERT_EQ(6u, links.size()) << "placeholders are no links";
  EXPECT_EQ("政府信息公开年报", links[0].text);
  EXPECT_EQ("text", links[0].text_from);
  EXPECT_EQ(RoleScore::kStrongText + 1, links[0].Score(kColumn));
  EXPECT_EQ("政务公开", links[1].text);
  EXPECT_EQ(LinkScope::kOtherGovSite, links[1].scope);
  EXPECT_EQ("部门信息公开", links[2].text) << "the icon's alt is not part of the name";
  EXPECT_EQ(RoleScore::kStrongText + 1, links[2].Score(kDirectory));
  EXPECT_EQ("信息公开", links[3].text);
  EXPECT_EQ("alt", links[3].text_from);
  EXPECT_EQ(RoleScore::kStrongText + 1, links[3].Score(kPlatform));
  EXPECT_EQ("法定主动公开内容", links[4].text);
  EXPECT_EQ("title", links[4].text_from);
  EXPECT_EQ("in scope; text from title; platform 21: strong text 法定主动公开内容; url xxgk", links[4].why);
  EXPECT_EQ("统计数据", links[5].text);
  for (const RoleScore& s : links[5].roles) EXPECT_EQ(0, s.score) << s.why;
}

TEST(DiscoveryLinksTest, TownshipDropdownOptionsAreDirectoryEntries) {
  // A township directory as a <select> (T5, adapted from 袁州's footer
  // selects, 3.5 [S6]) and 袁州's own site dropdowns beside it.
  constexpr char kPage[] = R"html(<body><div class="xzjd">
<select class="zf1" onchange="javascript:window.open(this.options[this.selectedIndex].value)" name="select">
  <option selected="selected">乡镇（街道）信息公开</option>
  <option value="http://www.simxj.gov.cn/col/col1229325101/index.html">下各镇</option>
  <option value="http://www.simxj.gov.cn/col/col1229325102/index.html">福应街道</option>
  <option value="/col/col1229325103/index.html">白塔镇</option>
</select></div>
<div class="footer">
<select class="zf1" onchange="javascript:window.open(this.options[this.selectedIndex].value)" name="select2">
  <option selected="selected">区政府部门网站</option>
  <option value="http://www.simyzggzy.com/">某州区公共资源交易网</option>
</select>
<select class="zf1" name="select3"><option selected="selected">县市区政府网站</option>
  <option value="http://www.simtz.gov.cn/">中国某州政府网</option>
  <option value="http://www.simzs.gov.cn/">某树政府网</option>
</select></div></body>)html";
  const auto links = ReadDiscoveryLinks(kPage, "http://www.simxj.gov.cn/col/col1229325000/index.html",
                                        DomainScope("http://www.simxj.gov.cn/"));
  ASSERT_EQ(6u, links.size());
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ("option", links[i].kind);
    EXPECT_EQ("option", links[i].text_from);
    EXPECT_EQ("乡镇（街道）信息公开", links[i].group);
    EXPECT_TRUE(links[i].directory_entry) << links[i].why;
    EXPECT_EQ(LinkScope::kInScope, links[i].scope);
  }
  EXPECT_EQ("下各镇", links[0].text);
  EXPECT_EQ("http://www.simxj.gov.cn/col/col1229325103/index.html", links[2].url);
  EXPECT_EQ(
      "in scope; text from option; entry of the dropdown 乡镇（街道）信息公开 (strong text 乡镇街道信息公开)",
      links[0].why);
  // The site dropdowns are no directory: their label is vetoed (网站), their
  // options lead off the domain.
  EXPECT_EQ("区政府部门网站", links[3].group);
  EXPECT_FALSE(links[3].directory_entry);
  EXPECT_EQ(LinkScope::kOutOfScope, links[3].scope);
  EXPECT_EQ("县市区政府网站", links[4].group);
  EXPECT_FALSE(links[4].directory_entry);
  EXPECT_EQ(LinkScope::kOtherGovSite, links[4].scope);
  EXPECT_EQ(LinkScope::kOtherGovSite, links[5].scope);
}

TEST(DiscoveryLinksTest, UnclosedOptionsEndAtTheNextTag) {
  // Dropdowns often leave </option> out; the last option's text must not run
  // on into what follows the </select>.
  constexpr char kPage[] = R"html(<select onchange="MM_jumpMenu('parent',this,0)"><option>乡镇信息公开
<option value="/xzxxgk/xgz/">下各镇<option value="/xzxxgk/fyjd/">福应街道
<option value="/xzxxgk/btz/">白塔镇
</select><span>友情链接</span><a href="/more/">更多</a>)html";
  const auto links = ReadDiscoveryLinks(kPage, "http://www.simxj.gov.cn/", DomainScope("http://www.simxj.gov.cn/"));
  ASSERT_EQ(4u, links.size());
  EXPECT_EQ("下各镇", links[0].text);
  EXPECT_EQ("福应街道", links[1].text);
  EXPECT_EQ("白塔镇", links[2].text);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ("乡镇信息公开", links[i].group);
    EXPECT_TRUE(links[i].directory_entry);
  }
  EXPECT_EQ("", links[3].group) << "an anchor after the dropdown is no option";
  EXPECT_FALSE(links[3].directory_entry);
}

TEST(DiscoveryLinksTest, LinksToOtherRegionsStayOutside) {
  // 邯郸 header links (4 [S1]) and a 友情链接 box with another county, a
  // department on its own non-gov domain and a mirror; all carry role words.
  constexpr char kPage[] = R"html(<body>
<div class="top"><a href="http://www.gov.cn/">中国政府网站</a>｜<a href="http://www.simhebei.gov.cn/">河北省政府网站</a></div>
<div class="yqlj"><h4>友情链接</h4>
 <a href="http://www.simyf.gov.cn/zwgk/">某丰县政务公开</a>
 <a href="http://xxgk.simyf.gov.cn/zfxxgknb/">政府信息公开年报</a>
 <a href="http://www.simhd-mirror.com/zfxxgknb/">政府信息公开年报</a>
 <a href="javascript:void(0);" class="jh-link-click">友情链接</a>
</div>
<a href="/zfxxgknb/">政府信息公开年报</a></body>)html";
  const auto links = ReadDiscoveryLinks(kPage, "http://www.simhd.gov.cn/", DomainScope("http://www.simhd.gov.cn/"));
  ASSERT_EQ(6u, links.size());
  EXPECT_EQ(LinkScope::kOtherGovSite, links[0].scope);
  EXPECT_EQ(LinkScope::kOtherGovSite, links[1].scope);
  const DiscoveryLink* other = FindLink(links, "http://xxgk.simyf.gov.cn/zfxxgknb/", "政府信息公开年报");
  ASSERT_NE(nullptr, other);
  EXPECT_EQ(LinkScope::kOtherGovSite, other->scope);
  EXPECT_GT(other->Score(kColumn), 0) << "scored, but not followed";
  EXPECT_TRUE(other->why.starts_with("other gov site simyf.gov.cn (not followed)")) << other->why;
  EXPECT_EQ(LinkScope::kOutOfScope, links[4].scope);
  // Only the page's own column is a candidate.
  EXPECT_EQ((std::vector<std::string>{"http://www.simhd.gov.cn/zfxxgknb/"}), RankedUrls(links, kColumn));
  EXPECT_TRUE(RankedUrls(links, kPlatform).empty());
}

// 邯郸-style platform home (1.1, 3.1, 4 [S1][S2]): the su-l2 menu, a tile,
// the 专题专栏 menu with look-alikes, and decoys around the real column.
constexpr char kPlatformHome[] = R"html(<html><head><title>某郸市政府信息公开</title>
<meta name="ColumnName" content="某郸市政府信息公开"></head><body>
<ul class="menu">
 <li><div class="su-l2"><a href="http://xxgk.simhd.gov.cn/zfxxgkzn/" target="_blank">政府信息公开指南</a></div></li>
 <li><div class="su-l2"><a href="http://xxgk.simhd.gov.cn/zfwj/zdwj/" target="_blank">政府信息公开制度文件</a></div></li>
 <li><div class="su-l2"><a href="http://xxgk.simhd.gov.cn/fdgknr/" target="_blank">法定主动公开内容</a></div></li>
 <li><div class="su-l2"><a href="http://xxgk.simhd.gov.cn/zfxxgknb/" target="_blank">政府信息公开年报</a></div></li>
 <li><div class="su-l2"><a href="http://xxgk.simhd.gov.cn/gszbm/" target="_blank">市政府部门信息公开</a></div></li>
</ul>
<a href="http://xxgk.simhd.gov.cn/gszbm/auto23694/" target="_blank"><li><div><img src="images/W1.jpg"><p>统计数据</p></div></li></a>
<div class="ztzl"><span>专题专栏</span>
 <a href="http://xxgk.simhd.gov.cn/zfxxgkzn/ztzl/ndgzbb" target="_blank">政府网站年度工作报表</a>
 <a href="http://xxgk.simhd.gov.cn/zfxxgkzn/ztzl/czyjs/" target="_blank">财政预决算</a>
 <a href="http://xxgk.simhd.gov.cn/fzzfjsndbg/">法治政府建设年度报告</a>
 <a href="http://xxgk.simhd.gov.cn/gszbm/auto23694/tjgb/">统计公报</a>
 <a href="http://xxgk.simhd.gov.cn/ztzl/ndbb/"><img src="images/nb.png"></a>
</div>
<div class="foot"><a href="http://xxgk.simhd.gov.cn/">政府信息公开</a></div>
</body></html>)html";

TEST(DiscoveryLinksTest, DecoysBesideTheRealColumnAreRejected) {
  const auto links =
      ReadDiscoveryLinks(kPlatformHome, "http://xxgk.simhd.gov.cn/index.html", DomainScope("http://www.simhd.gov.cn/"));
  EXPECT_EQ((std::vector<std::string>{"http://xxgk.simhd.gov.cn/zfxxgknb/"}), RankedUrls(links, kColumn));
  for (const char* text : {"政府网站年度工作报表", "财政预决算", "法治政府建设年度报告", "统计公报"}) {
    bool found = false;
    for (const DiscoveryLink& link : links) {
      if (link.text != text) continue;
      found = true;
      EXPECT_EQ(RoleScore::kVetoed, link.Score(kColumn)) << text << ": " << link.why;
    }
    EXPECT_TRUE(found) << text;
  }
  EXPECT_EQ((std::vector<std::string>{"http://xxgk.simhd.gov.cn/gszbm/"}), RankedUrls(links, kDirectory));
  // The platform's own home (the footer link) and 法定主动公开内容 (url token) lead on.
  EXPECT_EQ((std::vector<std::string>{"http://xxgk.simhd.gov.cn/fdgknr/", "http://xxgk.simhd.gov.cn/"}),
            RankedUrls(links, kPlatform));
}

TEST(DiscoveryLinksTest, PlatformOnASecondHostOfTheDomain) {
  // The portal's footer menu 信息公开 → the platform host (1.1 [S1]).
  constexpr char kHome[] = R"html(<body><div class="footer-menu"><span>信息公开</span>
<a href="http://xxgk.simhd.gov.cn/" target="_blank">政府信息公开</a></div>
<p>主办单位：某郸市人民政府办公室 网站标识码 1304000009</p></body>)html";
  auto links = ReadDiscoveryLinks(kHome, "http://www.simhd.gov.cn/", DomainScope("http://www.simhd.gov.cn/"));
  EXPECT_EQ((std::vector<std::string>{"http://xxgk.simhd.gov.cn/"}), RankedUrls(links, kPlatform));
  // With --scope host the second host is outside until it is allowed.
  DiscoveryScope host_scope(ScopeMode::kHost, {"http://www.simhd.gov.cn/"});
  links = ReadDiscoveryLinks(kHome, "http://www.simhd.gov.cn/", host_scope);
  EXPECT_TRUE(RankedUrls(links, kPlatform).empty());
  ASSERT_EQ(1u, links.size());
  EXPECT_EQ(LinkScope::kOtherGovSite, links[0].scope);
  host_scope.AllowHost("xxgk.simhd.gov.cn");
  links = ReadDiscoveryLinks(kHome, "http://www.simhd.gov.cn/", host_scope);
  EXPECT_EQ((std::vector<std::string>{"http://xxgk.simhd.gov.cn/"}), RankedUrls(links, kPlatform));
}

TEST(DiscoveryLinksTest, RankKeepsOneEntryPerUrlWithItsBestText) {
  // 靖安's 目录 and 规定 share one URL; a duplicate panel repeats the 年报 link.
  constexpr char kPage[] = R"html(<a href="/a/">政府信息公开规定</a><a href="/a/">政府信息公开目录</a>
<a href="/nb/">年报</a><a href="/nb/">政府信息公开年报</a><a href="/nb/">政府信息公开年报</a>)html";
  const auto links = ReadDiscoveryLinks(kPage, "http://www.simja.gov.cn/", DomainScope("http://www.simja.gov.cn/"));
  EXPECT_EQ(4u, links.size()) << "one entry per (url, text)";
  const auto platform = RankLinks(links, kPlatform);
  ASSERT_EQ(1u, platform.size());
  EXPECT_EQ("政府信息公开目录", platform[0]->text);
  const auto column = RankLinks(links, kColumn);
  ASSERT_EQ(1u, column.size());
  EXPECT_EQ("政府信息公开年报", column[0]->text) << "the strong text, not the generic 年报 met first";
}

// ---------------------------------------------------------------- chrome (M4)

// A department page on the 邯郸-style platform: the platform chrome (the
// city's 年报 and 部门 menu, 专题专栏) on every page, then the department's
// own tree under its folder (T1; 4 "Links to another body's column").
std::string DepartmentPage(const std::string& folder, const std::string& name, bool own_column) {
  std::string html = R"html(<div class="su-l2"><a href="http://xxgk.simhd.gov.cn/zfxxgknb/">政府信息公开年报</a></div>
<div class="su-l2"><a href="http://xxgk.simhd.gov.cn/gszbm/">市政府部门信息公开</a></div>
<a href="http://xxgk.simhd.gov.cn/zfxxgkzn/ztzl/ndgzbb">政府网站年度工作报表</a>
<h2>)html" + name + R"html(</h2><ul class="tree">
<li><a href="http://xxgk.simhd.gov.cn/gszbm/)html" + folder + R"html(/zn/">政府信息公开指南</a></li>
<li><a href="http://xxgk.simhd.gov.cn/gszbm/)html" + folder + R"html(/fdgk/">法定主动公开内容</a></li>)html";
  if (own_column) {
    html += R"html(<li><a href="http://xxgk.simhd.gov.cn/gszbm/)html" + folder + R"html(/nb/">政府信息公开年报</a></li>)html";
  }
  return html + "</ul>";
}

TEST(DiscoveryChromeTest, ADepartmentWhoseOnlyColumnLinkIsTheCitysHasNone) {
  const DiscoveryScope scope = DomainScope("http://www.simhd.gov.cn/");
  struct Body {
    std::string folder, name;
    bool own_column;
    std::vector<DiscoveryLink> links;
  };
  std::vector<Body> bodies = {{"auto23716", "市教育局", true, {}},
                              {"auto23720", "市发展改革委", true, {}},
                              {"auto23731", "市人防办", false, {}}};
  SharedNavigation nav;
  for (Body& b : bodies) {
    const std::string url = "http://xxgk.simhd.gov.cn/gszbm/" + b.folder + "/?id=1780/2138";
    b.links = ReadDiscoveryLinks(DepartmentPage(b.folder, b.name, b.own_column), url, scope);
    nav.AddPage(url, b.links);
  }
  // Before marking, the page alone would give 市人防办 the city's column.
  EXPECT_EQ((std::vector<std::string>{"http://xxgk.simhd.gov.cn/zfxxgknb/"}), RankedUrls(bodies[2].links, kColumn));

  EXPECT_EQ(3u, nav.BodiesLinking("http://xxgk.simhd.gov.cn/zfxxgknb/", "政府信息公开年报"));
  EXPECT_TRUE(nav.IsShared("http://xxgk.simhd.gov.cn/gszbm/", "市政府部门信息公开"));
  EXPECT_EQ(1u, nav.BodiesLinking("http://xxgk.simhd.gov.cn/gszbm/auto23716/nb/", "政府信息公开年报"));
  for (Body& b : bodies) nav.Mark(&b.links);

  EXPECT_EQ((std::vector<std::string>{"http://xxgk.simhd.gov.cn/gszbm/auto23716/nb/"}),
            RankedUrls(bodies[0].links, kColumn));
  EXPECT_EQ((std::vector<std::string>{"http://xxgk.simhd.gov.cn/gszbm/auto23720/nb/"}),
            RankedUrls(bodies[1].links, kColumn));
  EXPECT_TRUE(RankedUrls(bodies[2].links, kColumn).empty()) << "市人防办 has no column of its own";
  EXPECT_TRUE(RankedUrls(bodies[2].links, kDirectory).empty()) << "the city's 部门 menu is chrome too";
  const DiscoveryLink* city = FindLink(bodies[2].links, "http://xxgk.simhd.gov.cn/zfxxgknb/", "政府信息公开年报");
  ASSERT_NE(nullptr, city);
  EXPECT_TRUE(city->shared);
  EXPECT_TRUE(city->why.ends_with("; shared navigation (3 bodies)")) << city->why;
}

TEST(DiscoveryChromeTest, PagesOfOneBodyCountOnceAndTextIsPartOfThePair) {
  const DiscoveryScope scope = DomainScope("http://www.simhd.gov.cn/");
  const std::string own = R"html(<a href="/gszbm/a/nb/">政府信息公开年报</a><a href="/zfxxgknb/">年报</a>)html";
  SharedNavigation nav;
  // Two pages of body A (its home and its 指南 page) carry the same links.
  nav.AddPage("A", ReadDiscoveryLinks(own, "http://xxgk.simhd.gov.cn/gszbm/a/", scope));
  nav.AddPage("A", ReadDiscoveryLinks(own, "http://xxgk.simhd.gov.cn/gszbm/a/zn/", scope));
  EXPECT_EQ(1u, nav.BodiesLinking("http://xxgk.simhd.gov.cn/gszbm/a/nb/", "政府信息公开年报"));
  EXPECT_FALSE(nav.IsShared("http://xxgk.simhd.gov.cn/zfxxgknb/", "年报"));
  // Body B links the same URL under another text: not the same pair.
  nav.AddPage("B", ReadDiscoveryLinks(R"html(<a href="/zfxxgknb/">政府信息公开年报</a>)html",
                                      "http://xxgk.simhd.gov.cn/gszbm/b/", scope));
  EXPECT_FALSE(nav.IsShared("http://xxgk.simhd.gov.cn/zfxxgknb/", "年报"));
  nav.AddPage("C", ReadDiscoveryLinks(R"html(<a href="/zfxxgknb/">年<br>报</a>)html", "http://xxgk.simhd.gov.cn/gszbm/c/",
                                      scope));
  EXPECT_TRUE(nav.IsShared("http://xxgk.simhd.gov.cn/zfxxgknb/", "年报")) << "normalized texts compare";
  EXPECT_EQ(0u, nav.BodiesLinking("http://xxgk.simhd.gov.cn/elsewhere/", "年报"));
}

}  // namespace
}  // namespace govharvest
