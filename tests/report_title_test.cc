// Report titles (crawler/report_title.h): the verdict with its reason, cut
// titles, and the year a report covers.
#include "crawler/report_title.h"

#include <gtest/gtest.h>

namespace govharvest {
namespace {

void ExpectClass(std::string_view title, TitleVerdict verdict, const std::string& reason) {
  const TitleClass c = ClassifyReportTitle(title);
  EXPECT_EQ(c.verdict, verdict) << title;
  EXPECT_EQ(c.reason, reason) << title;
}

TEST(ReportTitleTest, ReportsNeedTheNounAndTheSubject) {
  ExpectClass("某区2022年政府信息公开工作年度报告", TitleVerdict::kReport, "report title (年度报告)");
  ExpectClass("国家公务员局2019年政府信息公开工作年度报告（超链版）", TitleVerdict::kReport,
              "report title (年度报告)");
  ExpectClass("2021年政务公开年报", TitleVerdict::kReport, "report title (年报)");
  ExpectClass("某镇2018年度政府信息公开工作报告", TitleVerdict::kReport, "report title (工作报告)");
  // No year is needed when both are there.
  ExpectClass("政府信息公开工作年度报告", TitleVerdict::kReport, "report title (年度报告)");
  EXPECT_TRUE(IsAnnualReportTitle("政府信息公开工作年度报告"));
}

TEST(ReportTitleTest, PaddingSpacesDoNotHideTheWords) {
  // ASCII, no-break (U+00A0) and ideographic (U+3000) spaces inside the words.
  ExpectClass("2021年 政府信息\xC2\xA0公开工作\xE3\x80\x80年度 报告", TitleVerdict::kReport,
              "report title (年度报告)");
}

TEST(ReportTitleTest, LookAlikesAreNotReports) {
  ExpectClass("某区2022年法治政府建设年度报告", TitleVerdict::kNotReport, "look-alike: 法治政府");
  ExpectClass("某市2022年政府网站工作年度报表", TitleVerdict::kNotReport, "look-alike: 网站工作年度报表");
  ExpectClass("政府网站工作年度报表（2021年度）", TitleVerdict::kNotReport, "look-alike: 网站工作年度报表");
  ExpectClass("某市2022年国民经济和社会发展统计公报", TitleVerdict::kNotReport, "look-alike: 统计公报");
  ExpectClass("图解：某区2022年政府信息公开工作年度报告", TitleVerdict::kNotReport, "look-alike: 图解");
  ExpectClass("关于做好2022年政府信息公开工作年度报告编制和发布工作的通知", TitleVerdict::kNotReport,
              "look-alike: 通知");
  ExpectClass("关于2021年度政府信息公开工作年度报告发布情况的通报", TitleVerdict::kNotReport,
              "look-alike: 通报");
  ExpectClass("某局所属事业单位2022年度报告公示", TitleVerdict::kNotReport, "look-alike: 年度报告公示");
  ExpectClass("某区2023年政府工作报告", TitleVerdict::kNotReport, "look-alike: 政府工作报告");
  ExpectClass("2022年度部门决算信息公开", TitleVerdict::kNotReport, "look-alike: 决算");
  EXPECT_FALSE(IsAnnualReportTitle("某区2022年法治政府建设年度报告"));
}

TEST(ReportTitleTest, TheTitleCannotDecideABareYearReportOrACutTitle) {
  ExpectClass("某区2022年度报告", TitleVerdict::kMaybe,
              "report of a year (年度报告) without 信息公开: page decides");
  // What the list cut off may be 政府信息公开: the page decides.
  ExpectClass("某区2022年政府信息公开工作年度…", TitleVerdict::kMaybe, "title cut short: page decides");
  ExpectClass("某区人民政府2022年度...", TitleVerdict::kMaybe, "title cut short: page decides");
  // Unless what is left already names a look-alike.
  ExpectClass("某区2022年法治政府建设年度…", TitleVerdict::kNotReport, "look-alike: 法治政府");
  // A cut title that still holds both words is a report.
  ExpectClass("某区2022年政府信息公开工作年度报告…", TitleVerdict::kReport, "report title (年度报告)");
  EXPECT_FALSE(IsAnnualReportTitle("某区2022年度报告"));
}

TEST(ReportTitleTest, OtherTitlesAreNotReports) {
  ExpectClass("", TitleVerdict::kNotReport, "no title");
  ExpectClass(" \xE3\x80\x80 ", TitleVerdict::kNotReport, "no title");
  ExpectClass("区政府召开常务会议", TitleVerdict::kNotReport, "no report words");
  ExpectClass("某局2022年工作报告", TitleVerdict::kNotReport, "a 工作报告 not about 信息公开");
  ExpectClass("年度报告", TitleVerdict::kNotReport, "年度报告 of no year and not about 信息公开");
  // A year alone does not make a report.
  ExpectClass("2022年春节值班安排", TitleVerdict::kNotReport, "no report words");
}

TEST(ReportTitleTest, TruncatedTitles) {
  EXPECT_TRUE(IsTruncatedTitle("某区2022年政府信息公开…"));
  EXPECT_TRUE(IsTruncatedTitle("某区2022年政府信息公开..."));
  EXPECT_TRUE(IsTruncatedTitle("某区2022年政府信息公开.."));
  EXPECT_TRUE(IsTruncatedTitle("某区2022年政府信息公开⋯"));
  EXPECT_TRUE(IsTruncatedTitle("某区2022年政府信息公开… \xE3\x80\x80"));  // trailing padding
  EXPECT_FALSE(IsTruncatedTitle("某区2022年政府信息公开工作年度报告"));
  EXPECT_FALSE(IsTruncatedTitle("Report v1."));
  EXPECT_FALSE(IsTruncatedTitle("某区…2022年报告"));
  EXPECT_FALSE(IsTruncatedTitle(""));
}

TEST(ReportTitleTest, TitleYears) {
  EXPECT_EQ(TitleYear("某区2021年政府信息公开工作年度报告"), 2021);
  EXPECT_EQ(TitleYear("2021年度报告"), 2021);
  EXPECT_EQ(TitleYear("二〇二一年政府信息公开工作年度报告"), 2021);
  EXPECT_EQ(TitleYear("二○二〇年度报告"), 2020);  // U+25CB for zero
  EXPECT_EQ(TitleYear("二零一九年年报"), 2019);
  EXPECT_EQ(TitleYear("二Ｏ二三年年报"), 2023);  // full-width O
  EXPECT_EQ(TitleYear("二O二二年年报"), 2022);   // Latin O
  EXPECT_EQ(TitleYear("政府信息公开工作年度报告"), 0);
  EXPECT_EQ(TitleYear("1999年政府信息公开工作年度报告"), 0);   // before 2000
  EXPECT_EQ(TitleYear("12021年"), 0);                          // five digits are no year
  EXPECT_EQ(TitleYear("文号2021号"), 0);                        // no 年 after it
  EXPECT_EQ(TitleYear("2021-2022年度报告"), 2022);             // the first number followed by 年
}

TEST(ReportTitleTest, ReportYearFallsBackToTheYearBeforeTheDate) {
  EXPECT_EQ(ReportYear("某区2020年政府信息公开工作年度报告", "2023-01-15"), 2020);  // the title wins
  EXPECT_EQ(ReportYear("政府信息公开工作年度报告", "2023-01-15"), 2022);
  EXPECT_EQ(ReportYear("政府信息公开工作年度报告", "2001-03-01"), 2000);
  EXPECT_EQ(ReportYear("政府信息公开工作年度报告", "2000-03-01"), 0);
  EXPECT_EQ(ReportYear("政府信息公开工作年度报告", ""), 0);
  EXPECT_EQ(ReportYear("政府信息公开工作年度报告", "bad"), 0);
}

}  // namespace
}  // namespace govharvest
