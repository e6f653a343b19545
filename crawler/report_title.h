// Report titles: whether a listed title names a government open-information
// annual report (政府信息公开工作年度报告), and the year it covers. Pure
// functions over UTF-8 text.
//
// The verdict is kReport only when the title says both what the document is
// (年度报告 / 年报 / 工作报告) and what it is about (信息公开 / 政务公开 /
// 政府信息), and carries no mark of a look-alike (法治政府建设年度报告,
// 政府网站工作年度报表, 统计公报, notices about compiling the report, ...).
// kMaybe means the title cannot decide (cut short with no look-alike mark
// left, or a bare 年度报告 with a year): the crawler fetches the page and
// decides from its own title.
#ifndef GOVHARVEST_CRAWLER_REPORT_TITLE_H_
#define GOVHARVEST_CRAWLER_REPORT_TITLE_H_

#include <string>
#include <string_view>

namespace govharvest {

enum class TitleVerdict { kReport, kMaybe, kNotReport };

struct TitleClass {
  TitleVerdict verdict = TitleVerdict::kNotReport;
  std::string reason;  // why, for `columns` and capture records ("look-alike: 法治政府")
};

TitleClass ClassifyReportTitle(std::string_view title);

// ClassifyReportTitle(title).verdict == kReport.
bool IsAnnualReportTitle(std::string_view title);

// True when a list shows the title cut short ("…", "...", "..").
bool IsTruncatedTitle(std::string_view title);

// The year a report covers: "2021年", "2021年度", Chinese numerals
// ("二〇二一年", with 〇/○/O/零); else the year before `date`'s (reports come
// out early in the following year); 0 when neither gives one.
int ReportYear(std::string_view title, std::string_view date);

// The year written in the title alone (as ReportYear without a date), 0 if none.
int TitleYear(std::string_view title);

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_REPORT_TITLE_H_
