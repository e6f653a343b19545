#include <gtest/gtest.h>

#include "crawler/column.h"

namespace govharvest {
namespace {

TEST(ColumnTest, ReportTitles) {
  EXPECT_TRUE(IsAnnualReportTitle("开封市祥符区人民政府2019年度政府信息公开工作年度报告"));
  EXPECT_TRUE(IsAnnualReportTitle("2021年政府信息公开年报"));
  EXPECT_TRUE(IsAnnualReportTitle("北景港镇2018年政府信息公开工作报告"));
  EXPECT_FALSE(IsAnnualReportTitle("关于做好2022年度统计年报工作的通知"));
  EXPECT_FALSE(IsAnnualReportTitle("区政府召开常务会议"));
  EXPECT_FALSE(IsAnnualReportTitle("2022年企业年报公示提醒"));
}

TEST(ColumnTest, ReportYears) {
  EXPECT_EQ(ReportYear("花溪区2021年度政府信息公开工作年度报告", ""), 2021);
  EXPECT_EQ(ReportYear("二〇二二年政府信息公开工作年度报告", ""), 2022);
  EXPECT_EQ(ReportYear("二O一九年度报告", ""), 2019);
  EXPECT_EQ(ReportYear("二零二三年年报", ""), 2023);
  EXPECT_EQ(ReportYear("政府信息公开工作年度报告", "2024-03-28"), 2023);
  EXPECT_EQ(ReportYear("政府信息公开工作年度报告", ""), 0);
}

TEST(ColumnTest, DetectsFamilies) {
  EXPECT_EQ(DetectCms("<script>createPageHTML(9, 0, \"index\", \"html\");</script>", "http://a.gov.cn/"),
            CmsFamily::kTrs);
  EXPECT_EQ(DetectCms("<script type=\"text/xml\"><datastore></datastore></script>", "http://a.gov.cn/"),
            CmsFamily::kHanweb);
  EXPECT_EQ(DetectCms("", "http://www.gd.gov.cn/gkmlpt/index"), CmsFamily::kGkmlpt);
  EXPECT_EQ(DetectCms("<a href='?page=2'>下一页</a>", "http://a.gov.cn/"), CmsFamily::kGeneric);
}

TEST(ColumnTest, TrsPagingAllVariants) {
  const std::string base = "http://hb.yl.gov.cn/zfxxgk/zfxxgknb/";
  ColumnPage p = ParseColumnPage(
      "<ul><li><a href=\"./202103/t20210301_123.html\" title=\"榆林市横山区2020年政府信息公开工作年度报告\">"
      "榆林市横山区2020年...</a><span>2021-03-01</span></li>"
      "<li><a href=\"./202102/t20210201_99.html\">关于春节期间值班安排的通知公告</a><span>2021-02-01</span></li></ul>"
      "<script>createPageHTML(4, 0, \"index\", \"html\");</script>",
      base + "index.html", CmsFamily::kUnknown);
  EXPECT_EQ(p.family, CmsFamily::kTrs);
  EXPECT_EQ(p.total_pages, 4);
  // From the first page, page 2 is index_1 or else index_2 (sites number it
  // either way): a chain of two guesses, the second tried if the first fails.
  ASSERT_EQ(p.next_pages.size(), 2u);
  EXPECT_EQ(p.next_pages[0].url, base + "index_1.html");
  EXPECT_EQ(p.next_pages[1].url, base + "index_2.html");
  EXPECT_TRUE(p.next_pages[0].guessed && p.next_pages[1].guessed);
  ASSERT_EQ(p.items.size(), 2u);
  EXPECT_TRUE(p.items[0].is_report);
  EXPECT_EQ(p.items[0].year, 2020);
  EXPECT_EQ(p.items[0].date, "2021-03-01");
  EXPECT_EQ(p.items[0].url, base + "202103/t20210301_123.html");
  EXPECT_FALSE(p.items[1].is_report);

  p = ParseColumnPage("<script>createPageHTML('page_div',5,1,'fg','shtml',89)</script>", base + "fg_1.shtml",
                      CmsFamily::kTrs);
  EXPECT_EQ(p.total_pages, 5);
  EXPECT_EQ(p.total_records, 89);
  // Only the pages after this one: the walk came through the earlier ones
  // (page 1 fetched twice, under its column URL and as fg.shtml, was a bug).
  ASSERT_EQ(p.next_pages.size(), 3u);
  EXPECT_EQ(p.next_pages[0].url, base + "fg_2.shtml");
  p = ParseColumnPage("<script>pageControl(4, 2, \"index\", \"shtml\", 10, 'pages-nav');</script>",
                      base + "index_2.shtml", CmsFamily::kTrs);
  ASSERT_EQ(p.next_pages.size(), 1u);  // page 3 of 4 leads to page 4 only
  EXPECT_EQ(p.next_pages[0].url, base + "index_3.shtml");
  p = ParseColumnPage("<script>createPageHTML(63, 0, \"index\", \"shtml\", \"\", 435)</script>", base,
                      CmsFamily::kTrs);
  EXPECT_EQ(p.total_pages, 63);
  EXPECT_EQ(p.total_records, 435);
  // Page 2 of 63 under the _1 numbering lists the 61 pages after it.
  p = ParseColumnPage("<script>createPageHTML(63, 1, \"index\", \"shtml\", \"\", 435)</script>",
                      base + "index_1.shtml", CmsFamily::kTrs);
  EXPECT_EQ(p.next_pages.size(), 61u);
  // The three-number form (records, pages, current) and the _2 numbering.
  p = ParseColumnPage("<script>createPageHTML(45, 3, 1, \"index\", \"html\")</script>", base + "index_2.html",
                      CmsFamily::kTrs);
  EXPECT_EQ(p.total_records, 45);
  ASSERT_EQ(p.next_pages.size(), 1u);
  EXPECT_EQ(p.next_pages[0].url, base + "index_3.html");
}

TEST(ColumnTest, HanwebInlineDatastoreAndDataproxy) {
  const std::string page =
      "<script type=\"text/xml\"><datastore><nextgroup><![CDATA[<a href=\"/module/web/jpage/dataproxy.jsp?page=1"
      "&appid=1&webid=9&path=/&columnid=1234&unitid=5678&webname=%E5%B8%82&permissiontype=0\"></a>]]></nextgroup>"
      "<recordset>"
      "<record><![CDATA[<li><a href=\"/art/2022/3/1/art_1234_1.html\" title=\"某市2021年政府信息公开工作年度报告\">"
      "某市2021年政府信息公开工作年度报告</a><span>2022-03-01</span></li>]]></record>"
      "<record><![CDATA[<li><a href=\"/art/2022/2/1/art_1234_2.html\">市政府召开全体会议部署工作</a>"
      "<span>2022-02-01</span></li>]]></record>"
      "</recordset></datastore></script>"
      "<script>var totalRecord = 5; perpage:1; columnid:'1234',unitid:'5678',webid:'9',webname:'某市'</script>";
  ColumnPage p = ParseColumnPage(page, "http://www.a.gov.cn/col/col1234/index.html", CmsFamily::kUnknown);
  EXPECT_EQ(p.family, CmsFamily::kHanweb);
  ASSERT_EQ(p.items.size(), 2u);
  EXPECT_EQ(p.items[0].url, "http://www.a.gov.cn/art/2022/3/1/art_1234_1.html");
  EXPECT_TRUE(p.items[0].is_report);
  EXPECT_EQ(p.items[0].year, 2021);
  EXPECT_EQ(p.total_records, 5);
  ASSERT_EQ(p.next_pages.size(), 2u);  // records 3-4 and 5-5, two per group like the inline one
  EXPECT_EQ(p.next_pages[0].url,
            "http://www.a.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=3&endrecord=4&perpage=1");
  EXPECT_NE(p.next_pages[0].form.find("columnid=1234"), std::string::npos);
  EXPECT_NE(p.next_pages[0].form.find("unitid=5678"), std::string::npos);
  EXPECT_NE(p.next_pages[0].form.find("webid=9"), std::string::npos);

  ColumnPage more = ParseHanwebDataproxy(
      "<datastore><totalrecord>5</totalrecord><recordset><record><![CDATA[<li><a href='/art/2021/3/2/art_1234_3.html'"
      " title='某市2020年政府信息公开工作年度报告'>x</a><span>2021-03-02</span></li>]]></record></recordset></datastore>",
      "http://www.a.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=3&endrecord=4&perpage=1");
  ASSERT_EQ(more.items.size(), 1u);
  EXPECT_EQ(more.items[0].year, 2020);
  EXPECT_EQ(more.total_records, 5);
}

TEST(ColumnTest, GkmlptSidAndApi) {
  ColumnPage p = ParseColumnPage("<script>window._CONFIG = { SID: '2', }; fetch('/gkmlpt/api/all/5?page=1');</script>",
                                 "https://www.gd.gov.cn/gkmlpt/index", CmsFamily::kUnknown);
  ASSERT_EQ(p.next_pages.size(), 1u);
  EXPECT_EQ(p.next_pages[0].url, "https://www.gd.gov.cn/gkmlpt/api/all/5?page=1&sid=2");
  ColumnPage api = ParseGkmlptApi(
      R"({"total": 25, "articles": [{"id": 1, "title": "广东省2021年政府信息公开工作年度报告",
          "url": "https://www.gd.gov.cn/gkmlpt/content/3/3844/post_3844123.html", "create_time": 1646092800},
          {"id": 2, "title": "关于印发工作要点的通知", "post_url": "/content/post_2.html", "create_time": "2022-01-05 10:00:00"}]})",
      "https://www.gd.gov.cn/gkmlpt/api/all/5?page=1&sid=2");
  ASSERT_EQ(api.items.size(), 2u);
  EXPECT_TRUE(api.items[0].is_report);
  EXPECT_EQ(api.items[0].date, "2022-03-01");
  EXPECT_EQ(api.items[1].url, "https://www.gd.gov.cn/content/post_2.html");
  EXPECT_EQ(api.items[1].date, "2022-01-05");
  ASSERT_EQ(api.next_pages.size(), 12u);  // 25 records, 2 per page: pages 2..13
  EXPECT_EQ(api.next_pages[0].url, "https://www.gd.gov.cn/gkmlpt/api/all/5?page=2&sid=2");
  EXPECT_TRUE(ParseGkmlptApi(R"({"total":25,"articles":[{"title":"x","url":"/a"}]})",
                             "https://www.gd.gov.cn/gkmlpt/api/all/5?page=3&sid=2")
                  .next_pages.empty());
}

TEST(ColumnTest, GenericPagerShellsAndYearSubcolumns) {
  ColumnPage p = ParseColumnPage(
      "<a href='nb_2022n/index.html'>2022年</a><a href='nb_2021n/'>2021年</a>"
      "<div class=page><a href='?page=1'>首页</a><a href='?page=2'>下一页</a><a href='?page=9'>尾页</a></div>",
      "http://www.shuicheng.gov.cn/zfxxgknb/", CmsFamily::kGeneric);
  std::vector<std::string> next;
  for (auto& r : p.next_pages) next.push_back(r.url);
  // 尾页 is not the next page (it would skip pages 3-8); it gives the count.
  EXPECT_EQ(next, (std::vector<std::string>{"http://www.shuicheng.gov.cn/zfxxgknb/?page=2"}));
  EXPECT_EQ(p.total_pages, 9);
  EXPECT_EQ(p.subcolumns, (std::vector<std::string>{"http://www.shuicheng.gov.cn/zfxxgknb/nb_2021n/",
                                                    "http://www.shuicheng.gov.cn/zfxxgknb/nb_2022n/index.html"}));

  ColumnPage shell = ParseColumnPage("<script>location.replace(\"nb_2022n/index.html\")</script>",
                                     "http://www.a.gov.cn/zwgk/zfxxgknb/index.html", CmsFamily::kUnknown);
  EXPECT_EQ(shell.subcolumns, (std::vector<std::string>{"http://www.a.gov.cn/zwgk/zfxxgknb/nb_2022n/index.html"}));
}

TEST(ColumnTest, Attachments) {
  auto links = AttachmentLinks(
      "<a href='P020210301.pdf'>附件</a><a href='/module/download/downfile.jsp?classid=0&filename=abc.docx'>下载</a>"
      "<iframe src='/pdfjs/web/viewer.html?file=%2Fattach%2F0%2Freport.pdf'></iframe><a href='other.html'>x</a>"
      "<a href='T.XLSX'>表</a>",
      "http://a.gov.cn/xxgk/202103/t20210301_1.html");
  EXPECT_EQ(links, (std::vector<std::string>{
                       "http://a.gov.cn/xxgk/202103/P020210301.pdf",
                       "http://a.gov.cn/module/download/downfile.jsp?classid=0&filename=abc.docx",
                       "http://a.gov.cn/attach/0/report.pdf", "http://a.gov.cn/xxgk/202103/T.XLSX"}));
}


const std::string kCol = "http://a.gov.cn/zfxxgk/nb/";

std::vector<std::string> NextUrls(const ColumnPage& p) {
  std::vector<std::string> urls;
  for (const ListRequest& r : p.next_pages) urls.push_back(r.url);
  return urls;
}

TEST(ColumnTest, YearSubcolumnsOfAnyNaming) {
  ColumnPage p = ParseColumnPage(
      "<div class=years><a href='2023/'>2023</a><a href='gknb2022/'>2022年</a><a href='2021n/index.html'>2021年度</a>"
      "<a href='2020nb/'>2020年报</a><a href='/col/col77/index.html'>2019年</a></div>",
      kCol + "index.html", CmsFamily::kGeneric);
  EXPECT_EQ(p.subcolumns, (std::vector<std::string>{"http://a.gov.cn/col/col77/index.html", kCol + "2020nb/",
                                                    kCol + "2021n/index.html", kCol + "2023/", kCol + "gknb2022/"}));
  EXPECT_TRUE(p.items.empty());
  // Year links are no page numbers: no next page either.
  EXPECT_TRUE(NextUrls(p).empty());
}

TEST(ColumnTest, AYearLinkToADocumentIsNotASubcolumn) {
  // "2016" linking a document (no column URL) is an item, never page 2016 nor a year folder.
  ColumnPage p = ParseColumnPage("<a href='2016/t20160105_1.html'>2016</a>", kCol + "index.html",
                                 CmsFamily::kGeneric);
  EXPECT_TRUE(p.subcolumns.empty());
  EXPECT_TRUE(p.next_pages.empty());
  ASSERT_EQ(p.items.size(), 1u);
  EXPECT_EQ(p.items[0].verdict, TitleVerdict::kNotReport);
  EXPECT_EQ(p.items[0].why, "no report words");
}

TEST(ColumnTest, ColumnLinksNamedLikeReportsAreNotItems) {
  ColumnPage p = ParseColumnPage("<a href='/zfxxgk/nb/'>政府信息公开工作年度报告</a>"
                                 "<a href='/zfxxgk/nb/index_1.html'>政府信息公开工作年度报告</a>",
                                 "http://a.gov.cn/", CmsFamily::kGeneric);
  ASSERT_EQ(p.items.size(), 2u);
  EXPECT_FALSE(p.items[0].is_report);
  EXPECT_EQ(p.items[0].why, "a column page, not a document");
  EXPECT_FALSE(p.items[1].is_report);
}

TEST(ColumnTest, IframesAreSubcolumns) {
  ColumnPage p = ParseColumnPage("<h2>政府信息公开年报</h2><iframe src='list.html' width=100%></iframe>",
                                 kCol + "index.html", CmsFamily::kGeneric);
  EXPECT_EQ(p.subcolumns, std::vector<std::string>{kCol + "list.html"});
  EXPECT_TRUE(p.items.empty());
}

// 大兴's year folders: documents published as folders named by their ids
// (/2024n/572867/index.html), and sub-folders of other bodies' reports whose
// texts read as directories (街乡镇, 区政府部门); a folder that names no
// directory is no part of the column.
TEST(ColumnTest, YearFolderWithDocumentFoldersAndDirectorySubfolders) {
  const std::string url = "http://www.dx.gov.cn/zfxxgk/dxqzf69/2024n/index.html";
  const ColumnPage p = ParseColumnPage(
      "<ul><li><a href='572867/index.html'>北京市大兴区人民政府2024年政府信息公开工作年度报告</a><em>2025.01.06</em></li>"
      "<li><a href='12/index.html'>北京市大兴区人民政府2023年政府信息公开工作年度报告</a></li></ul>"
      "<ul><li><a href='xzjd9/'>街乡镇</a></li><li><a href='bm22/'>区政府部门</a></li>"
      "<li><a href='zcjd/'>政策解读</a></li><li><a href='/zfxxgk/bm/'>区政府部门</a></li></ul>",
      url, CmsFamily::kUnknown);
  ASSERT_GE(p.items.size(), 2u);
  EXPECT_EQ(p.items[0].url, "http://www.dx.gov.cn/zfxxgk/dxqzf69/2024n/572867/index.html");
  EXPECT_TRUE(p.items[0].is_report) << p.items[0].why;
  EXPECT_FALSE(p.items[1].is_report);  // a 2-digit folder is a column's, not a document id
  EXPECT_EQ(p.subcolumns, (std::vector<std::string>{"http://www.dx.gov.cn/zfxxgk/dxqzf69/2024n/bm22/",
                                                    "http://www.dx.gov.cn/zfxxgk/dxqzf69/2024n/xzjd9/"}));
}

TEST(ColumnTest, ListsWrittenByDocumentWrite) {
  ColumnPage p = ParseColumnPage(
      "<ul><script>document.write(\"<li><a href='./202303/t20230301_9.html' title='某区2022年政府信息公开工作年度报告'>\""
      " + \"某区2022年政府信息…</a><span>2023-03-01</span></li>\");</script></ul>",
      kCol + "index.html", CmsFamily::kGeneric);
  ASSERT_EQ(p.items.size(), 1u);
  EXPECT_EQ(p.items[0].url, kCol + "202303/t20230301_9.html");
  EXPECT_EQ(p.items[0].title, "某区2022年政府信息公开工作年度报告");
  EXPECT_EQ(p.items[0].date, "2023-03-01");
  EXPECT_EQ(p.items[0].year, 2022);
  EXPECT_TRUE(p.items[0].is_report);
}

TEST(ColumnTest, ListsWrittenAsObjectLiterals) {
  ColumnPage p = ParseColumnPage(
      "<script>var list = [{title: \"某区2021年政府信息公开工作年度报告\", url: \"/art/2022/1/20/art_5_1.html\","
      " date: \"2022-01-20\"},\n"
      "{title: '关于开展安全生产检查工作的通知', url: '/art/2022/1/2/art_5_2.html', date: '2022-01-02'},\n"
      "{title: '简介', url: '/about.html'}];</script>",
      kCol + "index.html", CmsFamily::kGeneric);
  ASSERT_EQ(p.items.size(), 2u);  // a title of fewer than four CJK characters is no item
  EXPECT_EQ(p.items[0].url, "http://a.gov.cn/art/2022/1/20/art_5_1.html");
  EXPECT_EQ(p.items[0].date, "2022-01-20");
  EXPECT_EQ(p.items[0].found_in, "script");
  EXPECT_TRUE(p.items[0].is_report);
  EXPECT_EQ(p.items[0].year, 2021);
  EXPECT_EQ(p.items[1].url, "http://a.gov.cn/art/2022/1/2/art_5_2.html");
  EXPECT_EQ(p.items[1].verdict, TitleVerdict::kNotReport);
  EXPECT_EQ(p.items[1].why, "look-alike: 通知");
}

TEST(ColumnTest, DatesAfterALink) {
  ColumnPage p = ParseColumnPage(
      "<ul><li><a href='a1.html'>某区2022年政府信息公开工作年度报告</a><span>2023年1月5日</span></li>"
      "<li><a href='a2.html'>某区2021年政府信息公开工作年度报告</a><span>2022.01.20</span></li></ul>",
      kCol + "index.html", CmsFamily::kGeneric);
  ASSERT_EQ(p.items.size(), 2u);
  EXPECT_EQ(p.items[0].date, "2023-01-05");
  EXPECT_EQ(p.items[1].date, "2022-01-20");
}

TEST(ColumnTest, DatesInsideALinkAreCutFromTheTitle) {
  ColumnPage p = ParseColumnPage(
      "<ul><li><a href='a1.html'>某区2021年政府信息公开工作年度报告（2022-01-20）</a></li></ul>",
      kCol + "index.html", CmsFamily::kGeneric);
  ASSERT_EQ(p.items.size(), 1u);
  EXPECT_EQ(p.items[0].date, "2022-01-20");
  EXPECT_EQ(p.items[0].title, "某区2021年政府信息公开工作年度报告");
}

TEST(ColumnTest, DatesBeforeALink) {
  ColumnPage p = ParseColumnPage(
      "<ul><li><span>2023-01-05</span><a href='a1.html' title='某区2022年政府信息公开工作年度报告'>某区2022年...</a></li>"
      "<li><span>2022-01-06</span><a href='a2.html' title='某区2021年政府信息公开工作年度报告'>某区2021年...</a></li>"
      "</ul>",
      kCol + "index.html", CmsFamily::kGeneric);
  ASSERT_EQ(p.items.size(), 2u);
  EXPECT_EQ(p.items[0].date, "2023-01-05");
  EXPECT_EQ(p.items[1].date, "2022-01-06");
}

TEST(ColumnTest, RowsReadWholeLoseTheirTrailingDate) {
  ColumnPage p = ParseColumnPage(
      "<table><tr onclick=\"window.open('/art/1.html')\"><td>某区2022年政府信息公开工作年度报告</td>"
      "<td>[2023-01-05 10:30]</td></tr></table>",
      kCol + "index.html", CmsFamily::kGeneric);
  ASSERT_EQ(p.items.size(), 1u);
  EXPECT_EQ(p.items[0].title, "某区2022年政府信息公开工作年度报告");
  EXPECT_EQ(p.items[0].date, "2023-01-05");
  EXPECT_EQ(p.items[0].found_in, "onclick");
  EXPECT_TRUE(p.items[0].is_report);
}

TEST(ColumnTest, CutTitlesAndLookAlikesInAList) {
  ColumnPage p = ParseColumnPage(
      "<ul><li><a href='a1.html'>某区2022年政府信息公开工作年度…</a></li>"
      "<li><a href='a2.html'>某区2022年法治政府建设年度报告</a></li>"
      "<li><a href='a3.html'>某区2022年政府网站工作年度报表</a></li>"
      "<li><a href='a4.html'>首页</a></li></ul>",
      kCol + "index.html", CmsFamily::kGeneric);
  ASSERT_EQ(p.items.size(), 3u);  // 首页 is navigation
  EXPECT_EQ(p.items[0].verdict, TitleVerdict::kMaybe);
  EXPECT_EQ(p.items[0].year, 2022);
  EXPECT_FALSE(p.items[0].is_report);
  EXPECT_EQ(p.items[1].why, "look-alike: 法治政府");
  EXPECT_EQ(p.items[2].why, "look-alike: 网站工作年度报表");
}

TEST(ColumnTest, ThePagerOfAList) {
  ColumnPage p = ParseColumnPage(
      "<ul><li><a href='a1.html'>某区2022年政府信息公开工作年度报告</a><span>2023-01-05</span></li></ul>"
      "<div class=page><span>共3页</span><a href='list.jsp?pageNo=2'><span>下一页</span></a>"
      "<a href='list.jsp?pageNo=3'>尾页</a></div>",
      kCol + "list.jsp?pageNo=1", CmsFamily::kGeneric);
  EXPECT_EQ(NextUrls(p), std::vector<std::string>{kCol + "list.jsp?pageNo=2"});
  EXPECT_EQ(p.total_pages, 3);
  EXPECT_EQ(p.pager_evidence, "next link '下一页'");
  ASSERT_EQ(p.items.size(), 1u);  // pager links are no items
}

TEST(ColumnTest, ScriptApiListsAreListRequests) {
  ColumnPage p = ParseColumnPage("<div id=list></div><script>$.post('/api/list', {pageNo: 1, colId: '3'});</script>",
                                 kCol + "index.html", CmsFamily::kGeneric);
  ASSERT_EQ(p.list_requests.size(), 1u);
  EXPECT_EQ(p.list_requests[0], (ListRequest{"http://a.gov.cn/api/list", "pageNo=1&colId=3", false}));
}

TEST(ColumnTest, JsonListsWithUrlAndTitleMembers) {
  const ListRequest request{"http://a.gov.cn/api/list?pageNo=1&size=10", "", false};
  ColumnPage p = ParseJsonList(
      R"({"code":0,"data":{"list":[
          {"title":"某区2022年政府信息公开工作年度报告","url":"/art/1.html","publishDate":"2023-01-05 10:00"},
          {"docTitle":"关于春节值班安排的通知","linkUrl":"https://a.gov.cn/art/2.html","createTime":1641081600000},
          {"title":"no url here","id":3}]},"total":3,"pageCount":1})",
      request);
  ASSERT_EQ(p.items.size(), 2u);
  EXPECT_EQ(p.items[0].url, "http://a.gov.cn/art/1.html");
  EXPECT_EQ(p.items[0].date, "2023-01-05");
  EXPECT_EQ(p.items[0].found_in, "json");
  EXPECT_TRUE(p.items[0].is_report);
  EXPECT_EQ(p.items[1].url, "https://a.gov.cn/art/2.html");
  EXPECT_EQ(p.items[1].title, "关于春节值班安排的通知");
  EXPECT_EQ(p.items[1].date, "2022-01-02");  // milliseconds since the epoch
  EXPECT_EQ(p.total_records, 3);
  EXPECT_EQ(p.total_pages, 1);
  // Items came back: the next page is the request's page parameter moved on.
  ASSERT_EQ(p.next_pages.size(), 1u);
  EXPECT_EQ(p.next_pages[0], (ListRequest{"http://a.gov.cn/api/list?pageNo=2&size=10", "", true}));
}

TEST(ColumnTest, JsonListsWithHtmlInsideAndAPostedPageParameter) {
  const ListRequest request{"http://a.gov.cn/jpaas/front/page/build/unit",
                            "webId=1&paramJson=%7B%22pageNo%22%3A1%2C%22pageSize%22%3A15%7D", false};
  ColumnPage p = ParseJsonList(
      R"({"success":true,"data":{"html":"<li><a href=\"/art/2023/1/5/art_9_1.html\" title=\"某区2022年政府信息公开工作年度报告\">某区2022年…</a><span>2023-01-05</span></li>"}})",
      request);
  ASSERT_EQ(p.items.size(), 1u);
  EXPECT_EQ(p.items[0].url, "http://a.gov.cn/art/2023/1/5/art_9_1.html");
  EXPECT_EQ(p.items[0].date, "2023-01-05");
  EXPECT_EQ(p.items[0].year, 2022);
  ASSERT_EQ(p.next_pages.size(), 1u);
  EXPECT_EQ(p.next_pages[0], (ListRequest{"http://a.gov.cn/jpaas/front/page/build/unit",
                                          "webId=1&paramJson=%7B%22pageNo%22%3A2%2C%22pageSize%22%3A15%7D", true}));
}

TEST(ColumnTest, JsonListsWithoutItemsEndTheList) {
  const ListRequest request{"http://a.gov.cn/api/list?pageNo=4", "", true};
  ColumnPage p = ParseJsonList(R"({"data":{"list":[]},"total":30})", request);
  EXPECT_TRUE(p.items.empty());
  EXPECT_TRUE(p.next_pages.empty());
  EXPECT_EQ(p.total_records, 30);
  EXPECT_TRUE(ParseJsonList("not json", request).next_pages.empty());
}

TEST(ColumnTest, VerifyReportPageOnTheDocumentPartOfItsTitle) {
  PageTitleVerdict v = VerifyReportPage(
      "<html><head><title>某区2022年政府信息公开工作年度报告_政府信息公开年报_某区人民政府</title></head></html>");
  EXPECT_TRUE(v.is_report);
  EXPECT_EQ(v.year, 2022);
  EXPECT_EQ(v.reason, "page title '某区2022年政府信息公开工作年度报告'");
  v = VerifyReportPage("<title>某区2021年政府信息公开工作年度报告 - 某区人民政府</title>");
  EXPECT_TRUE(v.is_report);
  EXPECT_EQ(v.year, 2021);
  // The column's name after '_' does not make any page of the column a report.
  v = VerifyReportPage("<title>关于开展安全检查的通知_政府信息公开工作年度报告_某区</title>");
  EXPECT_FALSE(v.is_report);
  EXPECT_EQ(v.reason, "page title '关于开展安全检查的通知': look-alike: 通知");
}

TEST(ColumnTest, VerifyReportPageFromMetaAndHeadings) {
  PageTitleVerdict v = VerifyReportPage(
      "<title>某区人民政府</title><META NAME=\"ArticleTitle\" CONTENT=\"某区2021年政府信息公开工作年度报告\">");
  EXPECT_TRUE(v.is_report);
  EXPECT_EQ(v.year, 2021);
  EXPECT_EQ(v.reason, "page title '某区2021年政府信息公开工作年度报告'");
  v = VerifyReportPage("<title>详情</title><body><h2 class='t'>二〇二〇年度政府信息公开工作年度报告</h2></body>");
  EXPECT_TRUE(v.is_report);
  EXPECT_EQ(v.year, 2020);
  v = VerifyReportPage("<title>某区2022年法治政府建设年度报告</title><h1>某区2022年法治政府建设年度报告</h1>");
  EXPECT_FALSE(v.is_report);
  EXPECT_EQ(v.reason, "page title '某区2022年法治政府建设年度报告': look-alike: 法治政府");
  v = VerifyReportPage("<html><body><p>正文</p></body></html>");
  EXPECT_FALSE(v.is_report);
  EXPECT_EQ(v.reason, "the page has no title");
}

// std::regex recurses once per character it repeats over: a page with a
// 300 KB string literal in a script (or in an attribute) used to overflow the
// stack (found by tests/fuzz/column_fuzz.cc). Read in bounded windows
// (crawler/bounded_regex.h), the page is read and its list still found.
TEST(ColumnTest, HugeScriptLiteralsDoNotOverflowTheStack) {
  const std::string big(300000, 'a');
  const std::string page = "<html><script>var args = {k: 'v', pageNo: 1}; $.get('/api/list', args); var blob = '" +
                           big + "'; var more = {k: '" + big + "'};</script><div q=\"{" + big +
                           "}\"></div><ul><li><a href='/nb/1.html'>某区2023年政府信息公开工作年度报告</a>"
                           "<span>2024-01-05</span></li></ul><script>var countPage = 3;</script></html>";
  ColumnPage p = ParseColumnPage(page, "http://a.gov.cn/nb/index.html", CmsFamily::kUnknown);
  ASSERT_EQ(p.items.size(), 1u);
  EXPECT_TRUE(p.items[0].is_report);
  EXPECT_EQ(p.total_pages, 3);
  ASSERT_EQ(p.list_requests.size(), 1u);
  EXPECT_EQ(p.list_requests[0].url.rfind("http://a.gov.cn/api/list?", 0), 0u) << p.list_requests[0].url;
}

}  // namespace
}  // namespace govharvest
