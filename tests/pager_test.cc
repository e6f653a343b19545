// Pager reading (crawler/pager.h): next and numbered links, counts from
// scripts and text, URL schemes, guessed pages, postbacks and page forms;
// the link texts a pager uses and the page parameter of a request.
#include "crawler/pager.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace govharvest {
namespace {

const std::string kDir = "http://a.gov.cn/zfxxgk/nb/";

// Reads the pager of `html` (which must outlive the call's views) at `url`.
PagerReading Read(const std::string& html, const std::string& url, const ListRequest* request = nullptr) {
  std::vector<std::string_view> scripts;
  std::vector<PageLink> links = ExtractCandidateLinks(html, url, &scripts);
  const ListRequest entry{url, "", false};
  return ReadPager(html, url, links, scripts, request ? *request : entry);
}

std::vector<std::string> Urls(const PagerReading& r) {
  std::vector<std::string> urls;
  for (const ListRequest& n : r.next) urls.push_back(n.url);
  return urls;
}

TEST(PagerLinkTargetTest, NextLastNumbersAndOthers) {
  for (std::string_view next : {"下一页", "下一页>>", "[下一页]", "【下一页】", "下页", "后页", " > ", ">>", "»",
                                "›", "&gt;", "next", "Next »"}) {
    EXPECT_EQ(PagerLinkTarget(next), kNextPage) << next;
  }
  for (std::string_view last : {"尾页", "末页", "最后一页", "last", ">|", ">>|"}) {
    EXPECT_EQ(PagerLinkTarget(last), kLastPage) << last;
  }
  EXPECT_EQ(PagerLinkTarget("3"), 3);
  EXPECT_EQ(PagerLinkTarget(" [12] "), 12);
  // A year is a year column's link, never a page number.
  EXPECT_EQ(PagerLinkTarget("2016"), 0);
  EXPECT_EQ(PagerLinkTarget("2023"), 0);
  for (std::string_view other : {"首页", "上一页", "上页", "<", "", "12345", "第3页", "2023年"}) {
    EXPECT_EQ(PagerLinkTarget(other), 0) << other;
  }
}

TEST(NextPageParameterTest, QueryFormAndEncodedJson) {
  std::string next;
  ASSERT_TRUE(NextPageParameter("http://a.gov.cn/list.jsp?pageNo=1&col=2", &next));
  EXPECT_EQ(next, "http://a.gov.cn/list.jsp?pageNo=2&col=2");
  ASSERT_TRUE(NextPageParameter("http://a.gov.cn/list?page=9", &next));
  EXPECT_EQ(next, "http://a.gov.cn/list?page=10");
  ASSERT_TRUE(NextPageParameter("col=1&pageIndex=3", &next));
  EXPECT_EQ(next, "col=1&pageIndex=4");
  ASSERT_TRUE(NextPageParameter("currPage=1", &next));
  EXPECT_EQ(next, "currPage=2");
  // Hanweb JPaaS: the page number inside an URL-encoded JSON value.
  ASSERT_TRUE(NextPageParameter("webId=1&paramJson=%7B%22pageNo%22%3A1%2C%22pageSize%22%3A15%7D", &next));
  EXPECT_EQ(next, "webId=1&paramJson=%7B%22pageNo%22%3A2%2C%22pageSize%22%3A15%7D");
  // A plain JSON body.
  ASSERT_TRUE(NextPageParameter(R"({"pageNum":1,"rows":10})", &next));
  EXPECT_EQ(next, R"({"pageNum":2,"rows":10})");
}

TEST(NextPageParameterTest, NoPageParameter) {
  std::string next = "unchanged";
  EXPECT_FALSE(NextPageParameter("http://a.gov.cn/list.jsp?id=5&pageSize=20", &next));
  EXPECT_FALSE(NextPageParameter("http://a.gov.cn/list.jsp?xp=1&top=2", &next));  // names that end in p
  EXPECT_FALSE(NextPageParameter("http://a.gov.cn/2023/index.html", &next));
  EXPECT_FALSE(NextPageParameter("", &next));
  EXPECT_EQ(next, "unchanged");
}

TEST(PagerTest, NextLinkWithAnArrowText) {
  const std::string html = "<div class=page><a href='list_1.htm'>首页</a><a href='list_2.htm'>下一页&gt;&gt;</a></div>";
  PagerReading r = Read(html, kDir + "list_1.htm");
  EXPECT_EQ(Urls(r), std::vector<std::string>{kDir + "list_2.htm"});
  EXPECT_FALSE(r.next[0].guessed);
  EXPECT_EQ(r.next[0].form, "");
  EXPECT_EQ(r.evidence, "next link '下一页>>'");
  EXPECT_EQ(r.total_pages, 0);
}

TEST(PagerTest, NextLinkAsAnImageOrWrappedInSpans) {
  std::string html = "<a href='index_1.html'><img src='/img/next.gif' alt='下一页'></a>";
  EXPECT_EQ(Urls(Read(html, kDir + "index.html")), std::vector<std::string>{kDir + "index_1.html"});
  html = "<a href='?page=2'><span><b>下页</b></span></a>";
  EXPECT_EQ(Urls(Read(html, kDir + "list.jsp")), std::vector<std::string>{kDir + "list.jsp?page=2"});
}

TEST(PagerTest, LastLinkIsNeverNextButGivesTheCount) {
  // Page 2 is index_1 here, so 尾页 index_8 is page 9.
  const std::string html = "<a href='index_1.html'>下一页</a><a href='index_8.html'>尾页</a>";
  PagerReading r = Read(html, kDir + "index.html");
  EXPECT_EQ(Urls(r), std::vector<std::string>{kDir + "index_1.html"});
  EXPECT_EQ(r.total_pages, 9);
  // 尾页 alone leads nowhere (following it would skip every page between).
  r = Read("<a href='index_8.html'>尾页</a><a href='index.html'>首页</a>", kDir + "index_3.html");
  EXPECT_TRUE(r.next.empty());
}

TEST(PagerTest, NumberedLinkToThePageAfterTheCurrentOne) {
  // The current page is the first number the pager does not link.
  std::string html = "<a href='list.htm'>1</a><span>2</span><a href='list_3.htm'>3</a><a href='list_4.htm'>4</a>";
  PagerReading r = Read(html, kDir + "list_2.htm");
  EXPECT_EQ(r.current_page, 2);
  EXPECT_EQ(Urls(r), std::vector<std::string>{kDir + "list_3.htm"});
  EXPECT_EQ(r.evidence, "numbered link 3");
  html = "<span>1</span><a href='list_2.htm'>2</a><a href='list_3.htm'>3</a>";
  r = Read(html, kDir + "list.htm");
  EXPECT_EQ(r.current_page, 1);
  EXPECT_EQ(Urls(r), std::vector<std::string>{kDir + "list_2.htm"});
}

TEST(PagerTest, YearLinksAreNotPages) {
  const std::string html = "<a href='2016/'>2016</a><a href='2017/index.html'>2017</a><a href='2018/'>2018</a>";
  PagerReading r = Read(html, kDir + "index.html");
  EXPECT_TRUE(r.next.empty());
  EXPECT_EQ(r.total_pages, 0);
  EXPECT_EQ(r.current_page, 1);
}

TEST(PagerTest, ScriptCountWithAScriptConcatenatedScheme) {
  const std::string html =
      "<div id=pager></div><script>var countPage = 3; for (var i = 1; i < countPage; i++) {"
      " document.write('<a href=\"' + \"index_\" + i + \".shtml\" + '\">' + (i + 1) + '</a>'); }</script>";
  PagerReading r = Read(html, kDir + "index.shtml");
  EXPECT_EQ(r.total_pages, 3);
  // The script does not say whether page 2 is _1 or _2: both numberings are guessed.
  EXPECT_EQ(Urls(r), (std::vector<std::string>{kDir + "index_1.shtml", kDir + "index_2.shtml",
                                                kDir + "index_3.shtml"}));
  for (const ListRequest& n : r.next) EXPECT_TRUE(n.guessed);
  EXPECT_EQ(r.evidence, "page count in a script (3); pages from a URL built in a script");
}

TEST(PagerTest, ScriptCountWithTheListUrlsQuery) {
  const std::string html = "<div id=p></div><script>laypage.render({elem: 'p', totalPage: 4, currentPage: 1});</script>";
  PagerReading r = Read(html, kDir + "list.jsp?page=1");
  EXPECT_EQ(r.total_pages, 4);
  EXPECT_EQ(r.current_page, 1);
  EXPECT_EQ(Urls(r), (std::vector<std::string>{kDir + "list.jsp?page=2", kDir + "list.jsp?page=3",
                                                kDir + "list.jsp?page=4"}));
  EXPECT_FALSE(r.next[0].guessed);  // the count says they exist
  EXPECT_EQ(r.evidence, "page count in a script (4); pages from the list URL's own form");
}

TEST(PagerTest, ParseIntCountWithTheListUrlsIndexFile) {
  const std::string html = "<script>var pageCount = parseInt('5');</script>";
  PagerReading r = Read(html, kDir + "index.html");
  EXPECT_EQ(r.total_pages, 5);
  // index.html -> index_N.html, numbered from _1 or _2: every slot is a guess.
  EXPECT_EQ(Urls(r), (std::vector<std::string>{kDir + "index_1.html", kDir + "index_2.html", kDir + "index_3.html",
                                                kDir + "index_4.html", kDir + "index_5.html"}));
  EXPECT_TRUE(r.next.back().guessed);
}

TEST(PagerTest, CountsWrittenAsText) {
  std::string html = "<div class=page>共7页 当前第1页</div>";
  PagerReading r = Read(html, kDir + "list.do?pageIndex=1");
  EXPECT_EQ(r.total_pages, 7);
  ASSERT_EQ(r.next.size(), 6u);
  EXPECT_EQ(r.next[0].url, kDir + "list.do?pageIndex=2");
  EXPECT_EQ(r.next[5].url, kDir + "list.do?pageIndex=7");
  EXPECT_EQ(r.evidence, "共7页; pages from the list URL's own form");

  html = "<div class=page>2/7页</div>";
  r = Read(html, kDir + "list.do?pageIndex=2");
  EXPECT_EQ(r.current_page, 2);
  EXPECT_EQ(r.total_pages, 7);
  ASSERT_EQ(r.next.size(), 5u);
  EXPECT_EQ(r.next[0].url, kDir + "list.do?pageIndex=3");

  // The last page: nothing after it.
  r = Read("<div class=page>7/7页</div>", kDir + "list.do?pageIndex=7");
  EXPECT_TRUE(r.next.empty());
  EXPECT_EQ(r.total_pages, 7);
}

TEST(PagerTest, TextInScriptsIsNotVisibleText) {
  // 共9页 inside a script is no visible count; nothing else names a page.
  PagerReading r = Read("<script>var tip = '共9页';</script>", kDir + "list.do?pageIndex=1");
  EXPECT_EQ(r.total_pages, 0);
  EXPECT_TRUE(r.next.empty());
}

TEST(PagerTest, RecordsAndPageSizeGiveTheCount) {
  const std::string html = "<script>var totalRecords = 45; var pageSize = 20;</script>";
  PagerReading r = Read(html, kDir + "list.jsp?currPage=1");
  EXPECT_EQ(r.total_records, 45);
  EXPECT_EQ(r.total_pages, 3);
  EXPECT_EQ(Urls(r), (std::vector<std::string>{kDir + "list.jsp?currPage=2", kDir + "list.jsp?currPage=3"}));
  EXPECT_EQ(r.evidence, "45 records, 20 a page; pages from the list URL's own form");
}

TEST(PagerTest, SchemeFromTheNumberedLinksWhenTheNextOneIsNotLinked) {
  // Page 3 of 6, the pager shows 1 … 5 6: the scheme of link 5 gives page 4.
  const std::string html =
      "<script>var pageCount = 6; var curPage = 3;</script>"
      "<a href='list_1.htm'>1</a>…<a href='list_5.htm'>5</a><a href='list_6.htm'>6</a>";
  PagerReading r = Read(html, kDir + "list_3.htm");
  EXPECT_EQ(r.current_page, 3);
  EXPECT_EQ(Urls(r), (std::vector<std::string>{kDir + "list_4.htm", kDir + "list_5.htm", kDir + "list_6.htm"}));
  EXPECT_FALSE(r.next[0].guessed);
}

TEST(PagerTest, NoCountAndNoLinksMeansNoNextPage) {
  PagerReading r = Read("<ul><li><a href='a.html'>某区2022年政府信息公开工作年度报告</a></li></ul>", kDir + "index.html");
  EXPECT_TRUE(r.next.empty());
  EXPECT_EQ(r.total_pages, 0);
}

TEST(PagerTest, AGuessedPageContinuesItsOwnNumbering) {
  const ListRequest guessed{kDir + "index_3.shtml", "", true};
  PagerReading r = Read("<ul></ul>", guessed.url, &guessed);
  ASSERT_EQ(r.next.size(), 1u);
  EXPECT_EQ(r.next[0], (ListRequest{kDir + "index_4.shtml", "", true}));
  EXPECT_EQ(r.evidence, "guessed: the next number after this guessed page");

  const ListRequest query{kDir + "list.jsp?col=2&pageNo=5", "", true};
  r = Read("<ul></ul>", query.url, &query);
  EXPECT_EQ(Urls(r), std::vector<std::string>{kDir + "list.jsp?col=2&pageNo=6"});

  // The same page fetched as a link (not a guess) does not go on by itself.
  const ListRequest linked{kDir + "index_3.shtml", "", false};
  EXPECT_TRUE(Read("<ul></ul>", linked.url, &linked).next.empty());
}

const std::string kAspNetForm =
    "<form name='aspnetForm' method='post' action='./list.aspx?cid=3' id='aspnetForm'>"
    "<input type='hidden' name='__EVENTTARGET' id='__EVENTTARGET' value=''>"
    "<input type='hidden' name='__EVENTARGUMENT' id='__EVENTARGUMENT' value=''>"
    "<input type='hidden' name='__VIEWSTATE' id='__VIEWSTATE' value='/wEPDwUK+ab='>"
    "<input type='submit' name='btn' value='go'>"
    "</form>";
const std::string kSearchForm =
    "<form action='/search/search.jsp' method='get'><input type='text' name='searchword' value=''>"
    "<input type='radio' name='scope' value='all' checked><input type='radio' name='scope' value='title'>"
    "<input type='submit' value='搜索'></form>";

TEST(PagerTest, PostbackReplaysTheFormThatCarriesTheViewState) {
  // A search form comes first on the page; the postback is replayed with the ASP.NET one.
  const std::string html = kSearchForm + kAspNetForm +
                           "<div class=pager><span>1</span><a href=\"javascript:__doPostBack('ctl00$pager','2')\">2</a>"
                           "<a href=\"javascript:__doPostBack('ctl00$pager','2')\">下一页</a></div>";
  PagerReading r = Read(html, kDir + "list.aspx?cid=3");
  ASSERT_EQ(r.next.size(), 1u);
  EXPECT_EQ(r.next[0].url, kDir + "list.aspx?cid=3");
  EXPECT_EQ(r.next[0].form,
            "__EVENTTARGET=ctl00%24pager&__EVENTARGUMENT=2&__VIEWSTATE=%2FwEPDwUK%2Bab%3D");
  EXPECT_FALSE(r.next[0].guessed);
  EXPECT_EQ(r.evidence, "next link '下一页' replayed as a form");
}

TEST(PagerTest, ASearchFormIsNotReplayedForAPostback) {
  const std::string html = kSearchForm + "<a href=\"javascript:__doPostBack('ctl00$pager','2')\">下一页</a>";
  PagerReading r = Read(html, kDir + "list.aspx");
  EXPECT_TRUE(r.next.empty());
}

TEST(PagerTest, PageFunctionReplaysTheFormWithAPageField) {
  const std::string html =
      kSearchForm +
      "<form id='pageForm' name='pageForm' action='list.jsp' method='post'>"
      "<input type='hidden' name='columnId' value='77'><input type='hidden' name='pageNo' value='1'></form>"
      "<script>function goPage(n) { var f = document.getElementById('pageForm'); f.pageNo.value = n; f.submit(); }"
      "</script>"
      "<a href='javascript:void(0)' onclick='goPage(2)'>下一页</a>";
  PagerReading r = Read(html, kDir + "list.jsp");
  ASSERT_EQ(r.next.size(), 1u);
  EXPECT_EQ(r.next[0], (ListRequest{kDir + "list.jsp", "columnId=77&pageNo=2", false}));
  // Numbered the same way, the link to page 2 is taken when there is no next link.
  const std::string numbered =
      "<form action='list.jsp' method='get'><input type='hidden' name='currPage' value='1'>"
      "<input type='hidden' name='cid' value='9'></form>"
      "<span>1</span><a href='#' onclick='goPage(2);return false;'>2</a><a href='#' onclick='goPage(3)'>3</a>";
  r = Read(numbered, kDir + "list.jsp");
  ASSERT_EQ(r.next.size(), 1u);
  // A GET form puts its fields in the query.
  EXPECT_EQ(r.next[0], (ListRequest{kDir + "list.jsp?currPage=2&cid=9", "", false}));
  // Without a form that has a page field the call cannot be replayed.
  r = Read(kSearchForm + "<a href='#' onclick='goPage(2)'>下一页</a>", kDir + "list.jsp");
  EXPECT_TRUE(r.next.empty());
}

}  // namespace
}  // namespace govharvest
