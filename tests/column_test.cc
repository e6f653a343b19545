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

}  // namespace
}  // namespace govharvest
