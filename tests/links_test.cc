#include "crawler/links.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#ifndef GOVHARVEST_SOURCE_DIR
#error "GOVHARVEST_SOURCE_DIR must name the repository root, as a string"
#endif

namespace govharvest {
namespace {

const PageLink* Find(const std::vector<PageLink>& links, const std::string& url,
                     const std::string& kind) {
  for (const PageLink& link : links) {
    if (link.url == url && link.kind == kind) return &link;
  }
  return nullptr;
}

TEST(ExtractLinksTest, AnchorsWithText) {
  auto links = ExtractLinks(
      "<html><body><a href=\"/zwgk/\">政务 <b>公开</b></a>"
      "<a href='report.html'>\n  Annual\n\treport  </a></body></html>",
      "http://www.gov.cn/dir/page.html");
  ASSERT_EQ(2u, links.size());
  EXPECT_EQ("http://www.gov.cn/zwgk/", links[0].url);
  EXPECT_EQ("政务 公开", links[0].text);
  EXPECT_EQ("a", links[0].kind);
  EXPECT_EQ("http://www.gov.cn/dir/report.html", links[1].url);
  EXPECT_EQ("Annual report", links[1].text);
}

TEST(ExtractLinksTest, RelativeLinks) {
  auto links = ExtractLinks(
      "<a href=\"../a.html\">1</a><a href=\"./b/c.html\">2</a><a href=\"//cdn.gov.cn/x\">3</a>"
      "<a href=\"?page=2\">4</a><a href=\"HTTP://Other.GOV.cn:80/\">5</a>",
      "http://www.gov.cn/x/y/index.html");
  ASSERT_EQ(5u, links.size());
  EXPECT_EQ("http://www.gov.cn/x/a.html", links[0].url);
  EXPECT_EQ("http://www.gov.cn/x/y/b/c.html", links[1].url);
  EXPECT_EQ("http://cdn.gov.cn/x", links[2].url);
  EXPECT_EQ("http://www.gov.cn/x/y/index.html?page=2", links[3].url);
  EXPECT_EQ("http://other.gov.cn/", links[4].url);
}

TEST(ExtractLinksTest, BaseHref) {
  auto links = ExtractLinks(
      "<html><head><base href=\"/root/sub/\"><base href=\"http://ignored.cn/\"></head>"
      "<body><a href=\"a.html\">a</a></body></html>",
      "http://www.gov.cn/x/y.html");
  ASSERT_EQ(1u, links.size());
  EXPECT_EQ("http://www.gov.cn/root/sub/a.html", links[0].url);

  // <base> applies to links before it too.
  links = ExtractLinks("<a href=\"a.html\">a</a><base href=\"http://b.gov.cn/d/\">",
                       "http://www.gov.cn/x/y.html");
  ASSERT_EQ(1u, links.size());
  EXPECT_EQ("http://b.gov.cn/d/a.html", links[0].url);

  // A base that is not http(s) is ignored.
  links = ExtractLinks("<base href=\"javascript:void(0)\"><a href=\"a.html\">a</a>",
                       "http://www.gov.cn/x/y.html");
  ASSERT_EQ(1u, links.size());
  EXPECT_EQ("http://www.gov.cn/x/a.html", links[0].url);
}

TEST(ExtractLinksTest, SkipsNonHttpAndFragments) {
  auto links = ExtractLinks(
      "<a href=\"javascript:void(0);\">js</a><a href=\"JavaScript:share.qq()\">js2</a>"
      "<a href=\"mailto:office@gov.cn\">mail</a><a href=\"tel:12345\">tel</a>"
      "<a href=\"data:text/plain,hi\">data</a><a href=\"#top\">top</a><a href=\"\">self</a>"
      "<a>no href</a><a href=\"ftp://ftp.gov.cn/\">ftp</a><a href=\"ok.html\">ok</a>",
      "http://www.gov.cn/");
  ASSERT_EQ(1u, links.size());
  EXPECT_EQ("http://www.gov.cn/ok.html", links[0].url);
}

TEST(ExtractLinksTest, DuplicatesRemovedKeepingFirst) {
  auto links = ExtractLinks(
      "<a href=\"/a\">first</a><a href=\"http://www.gov.cn/a#frag\">second</a>"
      "<a href=\"/%61\">third</a><iframe src=\"/a\"></iframe>",
      "http://www.gov.cn/");
  ASSERT_EQ(2u, links.size());
  EXPECT_EQ("http://www.gov.cn/a", links[0].url);
  EXPECT_EQ("first", links[0].text);
  EXPECT_EQ("a", links[0].kind);
  EXPECT_EQ("iframe", links[1].kind);
}

TEST(ExtractLinksTest, FramesAreasAndIframes) {
  auto links = ExtractLinks(
      "<html><frameset><frame src=\"top.html\"><frame src=\"main.html\"></frameset></html>",
      "http://www.gov.cn/f/");
  ASSERT_EQ(2u, links.size());
  EXPECT_EQ("http://www.gov.cn/f/top.html", links[0].url);
  EXPECT_EQ("frame", links[0].kind);
  EXPECT_EQ("", links[0].text);

  links = ExtractLinks(
      "<body><iframe src=\"/embed/list.html\"></iframe>"
      "<map name=m><area href=\"/map/1.html\" shape=rect coords=\"0,0,1,1\"></map></body>",
      "http://www.gov.cn/");
  ASSERT_EQ(2u, links.size());
  EXPECT_EQ("http://www.gov.cn/embed/list.html", links[0].url);
  EXPECT_EQ("iframe", links[0].kind);
  EXPECT_EQ("http://www.gov.cn/map/1.html", links[1].url);
  EXPECT_EQ("area", links[1].kind);
}

TEST(ExtractLinksTest, MetaRefresh) {
  auto links = ExtractLinks(
      "<head><meta http-equiv=\"Refresh\" content=\"0; URL='/new/index.html'\"></head>",
      "http://www.gov.cn/old/");
  ASSERT_EQ(1u, links.size());
  EXPECT_EQ("http://www.gov.cn/new/index.html", links[0].url);
  EXPECT_EQ("meta_refresh", links[0].kind);

  links = ExtractLinks("<meta http-equiv=refresh content=\"5;url=http://b.gov.cn/\">",
                       "http://www.gov.cn/");
  ASSERT_EQ(1u, links.size());
  EXPECT_EQ("http://b.gov.cn/", links[0].url);

  // A refresh without a URL reloads the page: nothing to follow.
  links = ExtractLinks("<meta http-equiv=refresh content=\"30\">", "http://www.gov.cn/");
  EXPECT_TRUE(links.empty());
}

TEST(ExtractLinksTest, ScriptLocations) {
  auto links = ExtractLinks(
      "<script>\n"
      "  location.href = 'a.html';\n"
      "  window.location = \"/b.html\"\n"
      "  top.location.replace('c.html');\n"
      "  document.location.href=\"http:\\/\\/d.gov.cn\\/x\";\n"
      "  window.location.assign( 'e.html' );\n"
      "  window.open('popup.html');\n"
      "  location.href = url + 'skip.html';\n"
      "  location.href = 'skip2.html' + q;\n"
      "  if (location.href == 'skip3.html') {}\n"
      "  var myLocation = 'skip4.html';\n"
      "  x.href = 'skip5.html';\n"
      "</script>"
      "<script src=\"/js/app.js\">location.href='skip6.html'</script>",
      "http://www.gov.cn/s/");
  std::vector<std::string> urls;
  for (const PageLink& link : links) {
    EXPECT_EQ("script_location", link.kind);
    urls.push_back(link.url);
  }
  EXPECT_EQ((std::vector<std::string>{"http://www.gov.cn/s/a.html", "http://www.gov.cn/b.html",
                                      "http://www.gov.cn/s/c.html", "http://d.gov.cn/x",
                                      "http://www.gov.cn/s/e.html"}),
            urls);
}

TEST(ExtractLinksTest, ChineseTextWithFullWidthAndNoBreakSpaces) {
  auto links = ExtractLinks(
      "<a href=\"/dx/\">　代　县　</a>"
      "<a href=\"/nb/\">2019年度&nbsp;&nbsp;政府信息公开\n  工作年度报告</a>",
      "http://www.gov.cn/");
  ASSERT_EQ(2u, links.size());
  EXPECT_EQ("代 县", links[0].text);
  EXPECT_EQ("2019年度 政府信息公开 工作年度报告", links[1].text);
}

TEST(ExtractLinksTest, EntitiesDecodedInHref) {
  auto links = ExtractLinks("<a href=\"list.jsp?a=1&amp;b=2&amp;c=中文\">x</a>",
                            "http://www.gov.cn/d/");
  ASSERT_EQ(1u, links.size());
  EXPECT_EQ("http://www.gov.cn/d/list.jsp?a=1&b=2&c=%E4%B8%AD%E6%96%87", links[0].url);
}

TEST(ExtractLinksTest, BadInputsAreHarmless) {
  EXPECT_TRUE(ExtractLinks("", "http://www.gov.cn/").empty());
  EXPECT_TRUE(ExtractLinks("<a href=x>", "not a url").empty());
  auto links = ExtractLinks("<a href=\"a.html\">\xFF\xFE</a><<<>>>", "http://www.gov.cn/");
  ASSERT_EQ(1u, links.size());
}

TEST(ExtractLinksTest, RealShanxiPage) {
  std::ifstream in(std::string(GOVHARVEST_SOURCE_DIR) + "/tests/fixtures/gov-pages/shanxi.html",
                   std::ios::binary);
  ASSERT_TRUE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string page_url = "http://www.shanxi.gov.cn/yw/sxyw/201909/t20190918_693227.shtml";
  auto links = ExtractLinks(ss.str(), page_url);

  // About 385 <a href>s in the file, some javascript: and some repeated.
  EXPECT_GT(links.size(), 250u);
  EXPECT_LT(links.size(), 400u);

  const PageLink* gov = Find(links, "http://www.gov.cn/", "a");
  ASSERT_NE(nullptr, gov);
  EXPECT_EQ("中国政府网", gov->text);

  const PageLink* search = Find(
      links, "http://www.shanxi.gov.cn/search/sxgovsearch.jsp?sword=%E8%BD%AC%E5%9E%8B", "a");
  ASSERT_NE(nullptr, search);
  EXPECT_EQ("转型", search->text);

  const PageLink* up = Find(links, "http://www.shanxi.gov.cn/yw/", "a");
  ASSERT_NE(nullptr, up);  // "../../" and an absolute link both lead here

  const PageLink* county = Find(links, "http://dx.sxxz.gov.cn/", "a");
  ASSERT_NE(nullptr, county);
  EXPECT_EQ("代 县", county->text);  // U+3000 collapsed

  EXPECT_NE(nullptr, Find(links,
                          "http://www.shanxi.gov.cn/yw/sxyw/201909/t20190918_693227_ewm.shtml",
                          "script_location"));

  for (const PageLink& link : links) {
    EXPECT_TRUE(link.url.starts_with("http://") || link.url.starts_with("https://")) << link.url;
    EXPECT_EQ(std::string::npos, link.url.find('#')) << link.url;
    EXPECT_EQ(std::string::npos, link.url.find(' ')) << link.url;
  }
}


// Candidate links of list pages (ExtractCandidateLinks): what a reader clicks on.

const std::string kListPage = "http://a.gov.cn/zfxxgk/nb/index.html";

TEST(CandidateLinksTest, OnclickLiteralUrlsAndTheWholeElementsText) {
  auto links = ExtractCandidateLinks(
      "<ul><li onclick=\"window.open('/art/2023/1/5/art_1_1.html')\"><span>某区2022年</span> 政府信息公开工作年度报告"
      "<em>2023-01-05</em></li>"
      "<li><a href='javascript:void(0)' onclick=\"location.href='./202201/t20220120_9.html'\">某区2021年报告</a></li>"
      "</ul>",
      kListPage, nullptr);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].url, "http://a.gov.cn/art/2023/1/5/art_1_1.html");
  EXPECT_EQ(links[0].kind, "onclick");
  EXPECT_EQ(links[0].text, "某区2022年 政府信息公开工作年度报告2023-01-05");
  EXPECT_EQ(links[0].script, "window.open('/art/2023/1/5/art_1_1.html')");
  EXPECT_EQ(links[1].url, "http://a.gov.cn/zfxxgk/nb/202201/t20220120_9.html");
  EXPECT_EQ(links[1].kind, "onclick");
  EXPECT_EQ(links[1].text, "某区2021年报告");
  // A nested element of the same name does not end the item early.
  links = ExtractCandidateLinks("<div onclick=\"window.open('/x.html')\"><div>内</div>外</div><div>后</div>",
                                kListPage, nullptr);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].text, "内外");
}

TEST(CandidateLinksTest, CallsOfThePagesOwnFunction) {
  const std::string html =
      "<script>function openDoc(id, type) { window.open('/xxgk/content.jsp?id=' + id + '&t=' + type); }\n"
      "var showArt = function (path) { location.href = '/art/' + path + '.html'; };</script>"
      "<a href='javascript:void(0)' onclick=\"openDoc('123', 'nb')\">某区2022年政府信息公开工作年度报告</a>"
      "<a href=\"javascript:showArt('2023/1/5/art_7')\">某区2021年政府信息公开工作年度报告</a>";
  std::vector<std::string_view> scripts;
  auto links = ExtractCandidateLinks(html, kListPage, &scripts);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].url, "http://a.gov.cn/xxgk/content.jsp?id=123&t=nb");
  EXPECT_EQ(links[0].script, "openDoc('123', 'nb')");
  EXPECT_EQ(links[1].url, "http://a.gov.cn/art/2023/1/5/art_7.html");
  ASSERT_EQ(scripts.size(), 1u);
  EXPECT_EQ(scripts[0].substr(0, 16), "function openDoc");
}

TEST(CandidateLinksTest, ScriptedLinksWithoutAUrlAreKeptForThePager) {
  auto links = ExtractCandidateLinks(
      "<a href=\"javascript:__doPostBack('ctl00$pager','3')\">3</a>"
      "<a href='#' onclick='goPage(2);return false;'>下一页</a>"
      "<a href='#'>top</a>",
      kListPage, nullptr);
  ASSERT_EQ(links.size(), 2u);  // a bare '#' has no script: not a link at all
  EXPECT_EQ(links[0].url, "");
  EXPECT_EQ(links[0].kind, "onclick");
  EXPECT_EQ(links[0].text, "3");
  EXPECT_EQ(links[0].script, "__doPostBack('ctl00$pager','3')");
  EXPECT_EQ(links[1].url, "");
  EXPECT_EQ(links[1].script, "goPage(2);return false;");
  EXPECT_EQ(links[1].text, "下一页");
  // A plain scan has none of them.
  EXPECT_TRUE(ExtractLinks("<a href=\"javascript:__doPostBack('p','3')\">3</a>", kListPage).empty());
}

TEST(CandidateLinksTest, OptionsAndDataAttributes) {
  auto links = ExtractCandidateLinks(
      "<select onchange='go(this.value)'><option value=''>请选择年份</option>"
      "<option value='/zfxxgk/nb/2023/'>2023年</option><option value='2022nb/'>2022年</option></select>"
      "<table><tr data-url='/art/1.html'>\n<td>某区2022年政府信息公开工作年度报告</td>\n<td>2023-01-05</td></tr>"
      "<tr data-url='not a url'><td>x</td></tr></table>"
      "<a href='javascript:;' data-href='../doc/2.html'>某区2021年政府信息公开工作年度报告</a>",
      kListPage, nullptr);
  ASSERT_EQ(links.size(), 4u);
  EXPECT_EQ(links[0].url, "http://a.gov.cn/zfxxgk/nb/2023/");
  EXPECT_EQ(links[0].kind, "option");
  EXPECT_EQ(links[0].text, "2023年");
  EXPECT_EQ(links[1].url, "http://a.gov.cn/zfxxgk/nb/2022nb/");
  EXPECT_EQ(links[1].text, "2022年");
  EXPECT_EQ(links[2].url, "http://a.gov.cn/art/1.html");
  EXPECT_EQ(links[2].kind, "data");
  EXPECT_EQ(links[2].text, "某区2022年政府信息公开工作年度报告 2023-01-05");
  EXPECT_EQ(links[3].url, "http://a.gov.cn/zfxxgk/doc/2.html");
  EXPECT_EQ(links[3].kind, "data");
}

TEST(CandidateLinksTest, ImageAltAddsToTheTextAndRepeatsAreKept) {
  const std::string html =
      "<a href='?page=2'>2</a><a href='?page=3'>3</a>"
      "<a href='?page=2'><img src='/images/next.gif' alt='下一页'></a>";
  auto links = ExtractCandidateLinks(html, kListPage, nullptr);
  ASSERT_EQ(links.size(), 3u);
  EXPECT_EQ(links[0].url, kListPage + "?page=2");
  EXPECT_EQ(links[2].url, kListPage + "?page=2");
  EXPECT_EQ(links[2].text, "下一页");
  EXPECT_EQ(ExtractLinks(html, kListPage).size(), 2u);  // a plain scan drops the repeat
}

TEST(CandidateLinksTest, OffsetsSpanTheElement) {
  const std::string html = "<p>x</p><a href='a.html'>某区报告</a><span>2023-01-05</span>";
  auto links = ExtractCandidateLinks(html, kListPage, nullptr);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].start_offset, html.find("<a"));
  EXPECT_EQ(links[0].end_offset, html.find("<span>"));
}

TEST(IsUrlLikeTest, PathsAndUrlsOnly) {
  for (std::string_view yes : {"/a", "http://a.gov.cn", "https://a.gov.cn/x", "./a", "../b/c", "?page=2",
                               "a.html", "t20230105_1.shtml", "report.PDF", "2023nb/", "a/b.c", "list.do?id=1"}) {
    EXPECT_TRUE(IsUrlLike(yes)) << yes;
  }
  for (std::string_view no : {"", "x", "abc", "123", "a b.html", "javascript:void(0)", "mailto:a@b.cn",
                              "foo(1)", "{a:1}", "ctl00$pager", "2023/01"}) {
    EXPECT_FALSE(IsUrlLike(no)) << no;
  }
}

TEST(JsStringLiteralsTest, PlainLiteralsInOrder) {
  EXPECT_EQ(JsStringLiterals("document.write(\"<a href='/a.html'>\" + t + '</a>');"),
            (std::vector<std::string>{"<a href='/a.html'>", "</a>"}));
  EXPECT_EQ(JsStringLiterals("var s = 'a\\/b', q = \"say \\\"hi\\\"\", e = '';"),
            (std::vector<std::string>{"a/b", "say \"hi\"", ""}));
  EXPECT_TRUE(JsStringLiterals("var n = 1 + x;").empty());
}

}  // namespace
}  // namespace govharvest
