// Discovery names (crawler/discovery_names.h): a body's name from report
// titles, breadcrumbs, headings, directory texts and the site owner's
// metadata, and its level. Titles and page snippets re-render the facts of
// docs/discovery-evidence.md, section 5 (source ids in the comments).
#include "crawler/discovery_names.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace govharvest {
namespace {

void ExpectName(const AgencyGuess& g, const std::string& name, const std::string& source) {
  EXPECT_EQ(name, g.name) << g.why;
  EXPECT_EQ(source, g.source) << g.why;
  EXPECT_FALSE(g.why.empty());
}

void ExpectNoName(const AgencyGuess& g, const std::string& why_part) {
  EXPECT_EQ("", g.name) << g.why;
  EXPECT_EQ("", g.source);
  EXPECT_NE(std::string::npos, g.why.find(why_part)) << g.why;
}

// ---------------------------------------------------------------- report titles (5.3)

TEST(DiscoveryNamesTest, ReportTitlesNameTheBodyBeforeOrAfterTheYear) {
  ExpectName(AgencyFromReportTitle("木场乡人民政府2023年度政府信息公开工作年度报告"), "木场乡人民政府", "report_title");  // P3
  ExpectName(AgencyFromReportTitle("2023年下各镇政府信息公开工作年度报告"), "下各镇", "report_title");  // P6
  ExpectName(AgencyFromReportTitle("西咸新区底张街道办事处2023年度政府信息公开工作年度报告"),
             "西咸新区底张街道办事处", "report_title");  // P9
  ExpectName(AgencyFromReportTitle("莘县王庄集镇人民政府2023年政府信息公开工作年度报告"), "莘县王庄集镇人民政府",
             "report_title");  // P4
  ExpectName(AgencyFromReportTitle("2023年度衢州市农业农村局政府信息公开年度报告"), "衢州市农业农村局",
             "report_title");  // P18
  // Full-width digits, Chinese numerals, padding, the year after the name.
  ExpectName(AgencyFromReportTitle("清水县农业农村局２０２３年政府信息公开工作年度报告"), "清水县农业农村局",
             "report_title");
  ExpectName(AgencyFromReportTitle("二〇二三年度某县人民政府政府信息公开工作年度报告"), "某县人民政府", "report_title");
  ExpectName(AgencyFromReportTitle(" 某市教育局 政府信息公开工作年度报告（2023年）"), "某市教育局", "report_title");
  // 人民政府信息公开: the report's 政府 belongs to the name too.
  ExpectName(AgencyFromReportTitle("2023年下各镇人民政府信息公开工作年度报告"), "下各镇人民政府", "report_title");
}

TEST(DiscoveryNamesTest, ReportTitlesWithoutABodyGiveNoName) {
  ExpectNoName(AgencyFromReportTitle("2023年政府信息公开工作年度报告"), "names no body");
  ExpectNoName(AgencyFromReportTitle("法治政府建设年度报告"), "not a report title (look-alike: 法治政府)");
  ExpectNoName(AgencyFromReportTitle("关于印发《某县2023年政府信息公开工作年度报告》的通知"), "not a report title");
  ExpectNoName(AgencyFromReportTitle("本机关2023年度政府信息公开工作年度报告"), "do not read as a body's name");
  ExpectNoName(AgencyFromReportTitle("我局2023年政府信息公开年报"), "do not read as a body's name");
}

// ---------------------------------------------------------------- pages (5.2, 2.1)

TEST(DiscoveryNamesTest, BreadcrumbGivesTheLastCrumbThatIsABody) {
  // 无锡经开区-style crumbs (P8), &gt; separators between links.
  PageNameEvidence e = ReadPageNameEvidence(R"html(<body><div class="position">当前位置：<a href="/">首页</a> &gt;
<a href="/zfyjglj/">政法和应急管理局</a> &gt; <a href="/zfyjglj/zfxxgk/">政府信息公开</a> &gt;
<span>信息公开工作年度报告</span></div><div class="main"><h1>关于某事的通知</h1></div></body>)html");
  EXPECT_EQ((std::vector<std::string>{"首页", "政法和应急管理局", "政府信息公开", "信息公开工作年度报告"}), e.breadcrumb);
  EXPECT_EQ("关于某事的通知", e.heading);
  ExpectName(AgencyFromPage(e), "政法和应急管理局", "breadcrumb");
  EXPECT_EQ("breadcrumb crumb 2 of 4: 政法和应急管理局", AgencyFromPage(e).why);

  // 江北-style (P1): the label in its own table cell, › between crumbs; an
  // abbreviated department name is returned as written and flagged.
  e = ReadPageNameEvidence(R"html(<table class="dqwz"><tr><td>当前位置：</td><td>
<a href="/col/col1/index.html">政府信息公开</a><span>›</span><a href="/col/col2/index.html">信息公开部门目录</a>
<span>›</span><a href="/col/col3/index.html">部门政务公开</a><span>›</span><a href="/col/col4/index.html">区住建局</a>
<span>›</span><a href="/col/col5/index.html">法定主动公开内容</a><span>›</span><a href="/col/col6/index.html">住房保障</a>
</td></tr></table><table><tr><td>正文</td></tr></table>)html");
  ASSERT_EQ(6u, e.breadcrumb.size());
  const AgencyGuess g = AgencyFromPage(e);
  ExpectName(g, "区住建局", "breadcrumb");
  EXPECT_NE(std::string::npos, g.why.find("abbreviated: starts with 区")) << g.why;

  // 仙居-style text crumbs (P6) and links with no separators but the tags.
  e = ReadPageNameEvidence("<p>您的位置：首页 &gt; 乡镇街道 &gt; 下各镇 &gt; 政府信息公开年报</p>");
  ExpectName(AgencyFromPage(e), "下各镇", "breadcrumb");
  e = ReadPageNameEvidence(
      R"html(<div class="crumb"><span>当前位置：</span><a href="/">首页</a><a href="/bm/">部门信息公开</a><a href="/bm/jyj/">某市教育局</a><a href="/bm/jyj/nb/">政府信息公开年报</a><script>var s = "某县人民政府";</script></div><div>某县人民政府</div>)html");
  EXPECT_EQ((std::vector<std::string>{"首页", "部门信息公开", "某市教育局", "政府信息公开年报"}), e.breadcrumb);
  ExpectName(AgencyFromPage(e), "某市教育局", "breadcrumb");
}

TEST(DiscoveryNamesTest, HeadingWhenNoCrumbIsABodyAndNothingOtherwise) {
  // 甘州-style crumbs (P10) name only columns and a year.
  const std::string crumbs = "<div>当前位置：首页>政府信息公开>政府信息公开年报>2023年>部门公开年报</div>";
  PageNameEvidence e = ReadPageNameEvidence(crumbs + "<h1>某州区东街街道办事处</h1>");
  ExpectName(AgencyFromPage(e), "某州区东街街道办事处", "heading");
  e = ReadPageNameEvidence(crumbs + "<h2>政府信息公开年报</h2><title>某州区人民政府</title>");
  ExpectNoName(AgencyFromPage(e), "no crumb or heading reads as a body's name");
  // The title names the site's owner: never the page's body.
  EXPECT_EQ("某州区人民政府", e.title);
  EXPECT_EQ("", AgencyFromPage(e).name);
}

TEST(DiscoveryNamesTest, SiteOwnerNeedsSiteNameAndAgreement) {
  // 邯郸 (5.1, 5.2 [S1][S2]): SiteName agrees with the title; on the platform
  // home the title differs but the footer's sponsor is the owner's 办公室.
  PageNameEvidence e = ReadPageNameEvidence(R"html(<head><title>邯郸市人民政府-政府信息公开指南</title>
<meta name="SiteName" content="邯郸市人民政府"><meta name="SiteDomain" content="www.hd.gov.cn"></head>)html");
  EXPECT_EQ("邯郸市人民政府", e.site_name);
  ExpectName(AgencyOfSiteOwner(e), "邯郸市人民政府", "site_owner");
  e = ReadPageNameEvidence(R"html(<head><title>邯郸市政府信息公开</title><meta name="sitename" content="邯郸市人民政府">
</head><body><div class="foot"><p>主办单位：&nbsp;<span>邯郸市人民政府办公室</span> 网站标识码 1304000009</p></div></body>)html");
  EXPECT_EQ("邯郸市人民政府办公室", e.sponsor);
  ExpectName(AgencyOfSiteOwner(e), "邯郸市人民政府", "site_owner");
  EXPECT_EQ("SiteName 邯郸市人民政府 agrees with the footer's 主办 邯郸市人民政府办公室", AgencyOfSiteOwner(e).why);

  // 靖安 (5.2 [S4]): no SiteName; the title part and the footer's 主办 agree.
  e = ReadPageNameEvidence(R"html(<title>政务要闻-靖安县人民政府网站</title><body>活动主办方：某协会
<div>主办：靖安县人民政府 承办：靖安县政府信息化工作办公室</div></body>)html");
  EXPECT_EQ("靖安县人民政府", e.sponsor) << "主办方 is no label";
  ExpectName(AgencyOfSiteOwner(e), "靖安县人民政府", "site_owner");

  // Wrong and unfilled meta (5.1 [S24d][S24c']).
  e = ReadPageNameEvidence(R"html(<title>重庆高新区</title><meta name="SiteName" content="齐齐哈尔">)html");
  ExpectNoName(AgencyOfSiteOwner(e), "does not read as a body's name");
  e = ReadPageNameEvidence(R"html(<title>重庆高新区管委会</title><meta name="SiteName" content="齐齐哈尔市人民政府">
<p>主办：重庆高新区管委会</p>)html");
  ExpectNoName(AgencyOfSiteOwner(e), "agrees with neither the title");
  e = ReadPageNameEvidence(R"html(<title>首页</title><meta name="SiteName" content="网站名称">)html");
  ExpectNoName(AgencyOfSiteOwner(e), "placeholder");
}

// ---------------------------------------------------------------- directory texts (5.3, M5)

TEST(DiscoveryNamesTest, DirectoryTextIsCompletedOnlyAfterTheParentsLevelWord) {
  ExpectName(AgencyFromDirectoryText("市教育局", "邯郸市人民政府"), "邯郸市教育局", "directory_text");
  EXPECT_EQ("completed: 市教育局 starts with 市, the level word of the parent 邯郸市",
            AgencyFromDirectoryText("市教育局", "邯郸市人民政府").why);
  ExpectName(AgencyFromDirectoryText("市政府办", "邯郸市"), "邯郸市政府办", "directory_text");
  ExpectName(AgencyFromDirectoryText("县发改局", "仙居县人民政府"), "仙居县发改局", "directory_text");

  // 市场 is a word, not 市 + 场 (邯郸's list [S2]).
  AgencyGuess g = AgencyFromDirectoryText("市场监督管理局", "邯郸市人民政府");
  ExpectName(g, "市场监督管理局", "directory_text");
  EXPECT_NE(std::string::npos, g.why.find("starts with 市场, not the level word 市")) << g.why;
  ExpectName(AgencyFromDirectoryText("乡村振兴局", "某县"), "乡村振兴局", "directory_text");
  // The place is already there, or another level's word, or none.
  g = AgencyFromDirectoryText("邯郸仲裁委", "邯郸市人民政府");
  ExpectName(g, "邯郸仲裁委", "directory_text");
  EXPECT_NE(std::string::npos, g.why.find("names its place (邯郸) itself")) << g.why;
  ExpectName(AgencyFromDirectoryText("国家税务总局邯郸市税务局", "邯郸市"), "国家税务总局邯郸市税务局", "directory_text");
  g = AgencyFromDirectoryText("县教育局", "邯郸市人民政府");
  ExpectName(g, "县教育局", "directory_text");
  EXPECT_NE(std::string::npos, g.why.find("starts with 县 but the parent 邯郸市 is a 市")) << g.why;
  ExpectName(AgencyFromDirectoryText("下各镇", "仙居县"), "下各镇", "directory_text");
  g = AgencyFromDirectoryText("市人防办", "");
  ExpectName(g, "市人防办", "directory_text");
  EXPECT_NE(std::string::npos, g.why.find("no parent place")) << g.why;
  // Not a body's name at all (a tile, a site's name).
  ExpectNoName(AgencyFromDirectoryText("统计数据", "邯郸市"), "does not read as a body's name");
  ExpectNoName(AgencyFromDirectoryText("宜春公路信息网", "宜春市"), "does not read as a body's name");
}

TEST(DiscoveryNamesTest, ReadsAsBodyName) {
  for (const char* name : {"邯郸市教育局", "下各镇", "人民路街道", "区政府", "政法和应急管理局", "北京住房公积金管理中心",
                           "经济开发区管委会", "邯郸市人民政府"}) {
    EXPECT_TRUE(ReadsAsBodyName(name)) << name;
  }
  for (const char* text : {"首页", "乡镇街道", "政府信息公开", "部门信息公开", "2023年", "二〇二三年", "本机关", "我局", "局",
                           "镇", "统计数据", "邯郸市人民政府-政府信息公开指南", "宜春公路信息网", ""}) {
    EXPECT_FALSE(ReadsAsBodyName(text)) << text;
  }
}

// ---------------------------------------------------------------- levels (5.5, M5)

TEST(DiscoveryNamesTest, LevelFromTheLastLevelWord) {
  struct Case {
    const char* name;
    const char* parent_level;
    const char* level;
  };
  for (const Case& c : std::vector<Case>{
           {"木场乡人民政府", "", "township"},
           {"下各镇", "", "township"},
           {"白银区人民路街道办事处", "", "township"},
           {"某区某地区办事处", "", "township"},
           {"邯郸市教育局", "", "department"},
           {"市发展改革委", "", "department"},
           {"邯郸市人民政府办公室", "", "department"},
           {"北京住房公积金管理中心", "", "department"},
           {"国家税务总局邯郸市税务局", "", "department"},
           {"某经济开发区管委会", "", "department"},
           {"浙江省文化和旅游厅", "", "department"},
           {"开封市祥符区人民政府", "", "district"},
           {"靖安县人民政府", "", "county"},
           {"某某旗人民政府", "", "county"},
           {"凉山彝族自治州人民政府", "", "city"},
           {"阿克苏地区行政公署", "", ""},
           {"河北省人民政府", "", "province"},
           {"广西壮族自治区人民政府", "", "province"},
           {"北京市人民政府", "", "province"},
           {"邯郸市人民政府", "province", "city"},
           {"高安市人民政府", "city", "county"},
           {"高安市人民政府", "", ""},
           {"西咸新区", "", ""},
           {"某市驻北京办事处", "", ""},
           {"统计数据", "", ""},
           {"", "", ""},
       }) {
    const LevelGuess g = AgencyLevel(c.name, c.parent_level);
    EXPECT_EQ(c.level, g.level) << c.name << " under " << c.parent_level << ": " << g.why;
    EXPECT_FALSE(g.why.empty()) << c.name;
  }
  EXPECT_EQ("last level word 街道办事处", AgencyLevel("白银区人民路街道办事处").why);
  EXPECT_EQ("last level word 市: a prefecture-level or a county-level city (县级市); the parent decides",
            AgencyLevel("高安市").why);
}

}  // namespace
}  // namespace govharvest
