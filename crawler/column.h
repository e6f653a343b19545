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

#include "crawler/report_title.h"

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
  bool is_report = false;  // verdict == kReport
  TitleVerdict verdict = TitleVerdict::kNotReport;
  std::string why;    // the reason for the verdict
  std::string found_in;  // where the URL was read: "a", "onclick", "option", "data", "script", "json", ...
};

// A further request for the same column: a GET, or a POST with a form body
// (Hanweb's dataproxy.jsp, ASP.NET postbacks, JSP page forms).
struct ListRequest {
  std::string url;
  std::string form;  // "" for GET; application/x-www-form-urlencoded body for POST
  // A page the pager guessed from a count or a URL scheme (not a link the
  // page gave): its walk stops at the first failed fetch or repeated page.
  bool guessed = false;
  bool operator==(const ListRequest&) const = default;
};

struct ColumnPage {
  CmsFamily family = CmsFamily::kUnknown;
  std::vector<ListItem> items;
  std::vector<ListRequest> next_pages;  // further pages of this list, in order
  std::vector<std::string> subcolumns;  // year sub-columns and JS / meta-refresh shell targets
  std::vector<ListRequest> list_requests;  // lists the page's scripts load from an API (script_api.h)
  int total_pages = 0;                  // when the page says (createPageHTML, totals)
  int total_records = 0;
  std::string pager_evidence;           // what next_pages rest on (pager.h)
};

// Reads a UTF-8 column page: items from links, scripted links (onclick,
// <option>, data-url), lists written by scripts (document.write strings,
// object literals with a URL and a title), Hanweb <datastore> records; year
// sub-columns, same-host frames and script redirects as sub-columns; the
// pager (pager.h). `family` kUnknown means detect it. `request` is the request
// that fetched the page (null for an entry page).
ColumnPage ParseColumnPage(std::string_view html, std::string_view page_url, CmsFamily family,
                           const ListRequest* request = nullptr);

// Reads a JSON list (any list API): every object with a URL-like member and a
// title-like one is an item; HTML inside strings is read as a list page;
// total/pageCount members give the counts. The next page moves the request's
// page parameter on (pager.h NextPageParameter) while items come back.
ColumnPage ParseJsonList(std::string_view json, const ListRequest& request);

// Reads a Hanweb dataproxy.jsp answer (<datastore> with <record> CDATA items).
ColumnPage ParseHanwebDataproxy(std::string_view xml, std::string_view request_url);

// Reads a gkmlpt API answer ({"total": N, "articles": [...]}) for
// /gkmlpt/api/all/<cat>?page=N&sid=S; next_pages lists the pages after it.
ColumnPage ParseGkmlptApi(std::string_view json, std::string_view request_url);

// Why a page that should be a list is none, from the page itself: "login
// wall" (a password field, or a title asking to log in), "soft 404" (a 200
// page titled or headed 404 / 页面不存在 / 找不到), or "" when neither.
// (Challenge pages are told by DetectChallenge in crawler.h.)
std::string ListPageProblem(std::string_view html);

// What a report page's own titles say: <title>, <meta name=ArticleTitle>
// (and title / Description metas), the first <h1>-<h3>. A report when any
// of them classifies as one (report_title.h); `year` from that title.
struct PageTitleVerdict {
  bool is_report = false;
  int year = 0;
  std::string title;   // the title that decided; "" when not a report
  std::string reason;  // the title that decided, or why none did
};
PageTitleVerdict VerifyReportPage(std::string_view html);

// Attachment links of a report page: .pdf .doc .docx .xls .xlsx .wps .et,
// downfile.jsp, and pdf.js viewer links (?file=<url>, which is unwrapped).
std::vector<std::string> AttachmentLinks(std::string_view html, std::string_view page_url);

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_COLUMN_H_
