// Reading annual-report columns (政府信息公开年报 / 年度报告) of government
// portals: which CMS family a column page comes from, its list items, and
// where its further list pages are. Pure functions over page text; the
// crawler decides what to fetch. See docs/report-format notes in
// docs/crawler.md ("Column walking").
#ifndef GOVHARVEST_CRAWLER_COLUMN_H_
#define GOVHARVEST_CRAWLER_COLUMN_H_

#include <string>
#include <string_view>
#include <vector>

namespace govharvest {

enum class CmsFamily { kUnknown, kTrs, kHanweb, kGkmlpt, kGeneric };

// "trs", "hanweb", "gkmlpt", "generic", "auto" (for kUnknown).
std::string_view CmsFamilyName(CmsFamily family);
// Inverse of CmsFamilyName; "auto" and anything else give kUnknown.
CmsFamily CmsFamilyFromName(std::string_view name);

// The family a page's fingerprints point to: createPageHTML / pageControl /
// TRS_Editor (TRS), <datastore> / jpage / /col/col (Hanweb), gkmlpt (Guangdong),
// else kGeneric.
CmsFamily DetectCms(std::string_view html, std::string_view page_url);

// One entry of a list page.
struct ListItem {
  std::string url;    // absolute, canonical
  std::string title;  // the title attribute when present, else the link text
  std::string date;   // "YYYY-MM-DD" found next to the link, or ""
  int year = 0;       // report year (ReportYear), 0 when unknown
  bool is_report = false;
};

// A further request for the same column: a GET, or a POST with a form body
// (Hanweb's dataproxy.jsp).
struct ListRequest {
  std::string url;
  std::string form;  // "" for GET; application/x-www-form-urlencoded body for POST
  bool operator==(const ListRequest&) const = default;
};

struct ColumnPage {
  CmsFamily family = CmsFamily::kUnknown;
  std::vector<ListItem> items;
  std::vector<ListRequest> next_pages;  // further pages of this list, in order
  std::vector<std::string> subcolumns;  // year sub-columns and JS / meta-refresh shell targets
  int total_pages = 0;                  // when the page says (createPageHTML, totals)
  int total_records = 0;
};

// Reads a UTF-8 column page. `family` kUnknown means detect it.
ColumnPage ParseColumnPage(std::string_view html, std::string_view page_url, CmsFamily family);

// Reads a Hanweb dataproxy.jsp answer (<datastore> with <record> CDATA items).
ColumnPage ParseHanwebDataproxy(std::string_view xml, std::string_view request_url);

// Reads a gkmlpt API answer ({"total": N, "articles": [...]}) for
// /gkmlpt/api/all/<cat>?page=N&sid=S; next_pages lists the pages after it.
ColumnPage ParseGkmlptApi(std::string_view json, std::string_view request_url);

// True for titles of annual open-government-information reports:
// 年度报告, 年报 (but not 统计年报 and the like), 信息公开工作报告.
bool IsAnnualReportTitle(std::string_view title);

// The year a report covers: "2021年", "2021年度", Chinese numerals
// ("二〇二一年", with 〇/○/O/零); else the year before `date`'s (reports come
// out early in the following year); 0 when neither gives one.
int ReportYear(std::string_view title, std::string_view date);

// Attachment links of a report page: .pdf .doc .docx .xls .xlsx .wps .et,
// downfile.jsp, and pdf.js viewer links (?file=<url>, which is unwrapped).
std::vector<std::string> AttachmentLinks(std::string_view html, std::string_view page_url);

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_COLUMN_H_
