// Column walker: what one fetched list page of an annual-report column leads
// to. A pure function of the page, the walk's settings and what the archive
// knows of the URLs listed (passed in as functions), so it is tested
// without a network or an archive.
//
// Items that are reports of a wanted year are fetched (unless archived and
// not yet due again); every other item is recorded as out of scope, never
// fetched. Sub-columns are walked. The next list page is followed unless a
// stop condition holds on the page's dated items:
//   incremental (not backfill): no item is new to the archive and all are
//     dated before the previous run's day;
//   both: all are dated before January 1st of year_from.
// A page with no dated item never stops the walk.
#ifndef GOVHARVEST_CRAWLER_COLUMN_WALKER_H_
#define GOVHARVEST_CRAWLER_COLUMN_WALKER_H_

#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/column.h"
#include "render/page_renderer.h"
#include "store/records.h"
#include "store/timestamp.h"

namespace govharvest {

struct ColumnWalkSettings {
  int year_from = 0;  // report years wanted, inclusive; 0 = no bound
  int year_to = 0;
  TimestampUs previous_run = 0;  // incremental stop; 0 = none
  bool backfill = false;         // walk until dates fall before year_from

  // Unknown years (0) are wanted: the extractor reads them from the report.
  bool YearWanted(int year) const;
};

// A site's hints (config: list_pattern, detail_pattern, next_pattern),
// regular expressions on absolute URLs that override what the walker infers:
//   detail: the list's items that are report pages; an item that does not
//     match is not a report, one that matches is unless its title is a
//     look-alike (a title that cannot decide is verified on the page);
//   list: links to further lists of the column (walked as sub-columns);
//   next: links to the next page of this list (replacing the pager).
struct SiteHints {
  std::optional<std::regex> list, detail, next;
  bool empty() const { return !list && !detail && !next; }
};
// Which hints matched a link on a page (ListOutcome::hints_matched).
enum HintBits : unsigned { kListHintMatched = 1, kDetailHintMatched = 2, kNextHintMatched = 4 };

// A list page as fetched.
struct FetchedListPage {
  std::string_view url;   // final URL (after redirects)
  std::string_view text;  // decoded to UTF-8
  CmsFamily family_hint = CmsFamily::kUnknown;  // the site's configured CMS
  // Further list pages an earlier page named, followed when this one names none.
  const std::vector<ListRequest>* pending = nullptr;
  // The request that fetched it (form body, guessed); null for entry pages.
  const ListRequest* request = nullptr;
  bool next_page = false;  // reached as a further page of a list (not an entry or sub-column)
  const SiteHints* hints = nullptr;  // the site's, or null
};

// What the walker may ask about URLs: whether one is in the crawl's scope,
// and the archive's state of one (false when the archive has never met it).
struct ColumnWalkContext {
  std::function<bool(const std::string& url)> in_scope;
  std::function<bool(const std::string& url, UrlState* state)> url_state;
  // Whether this job already met the URL (listed or fetched); null = never.
  std::function<bool(const std::string& url)> seen_in_job;
  TimestampUs now = 0;
};

struct ListLink {
  enum class Kind {
    kReport,       // a report page to fetch
    kKnownReport,  // a wanted report already archived and not due: counted, not fetched
    kSubcolumn,    // a list page of a sub-column
    kNextPage,     // the next page of this list
    kOutOfScope,   // a listed item that is not a wanted report: recorded, not fetched
  };
  std::string url;
  Kind kind = Kind::kReport;
  std::string form;  // kNextPage: POST body, "" for GET
  int year = 0;      // kReport, kKnownReport, kOutOfScope: the item's report year
  std::string title;
  bool verify = false;   // kReport: the title could not decide; the page's own title does
  bool guessed = false;  // kNextPage: guessed by the pager (pager.h)

  static ListLink Of(std::string url, Kind kind, std::string why) {
    ListLink l;
    l.url = std::move(url);
    l.kind = kind;
    l.why = std::move(why);
    return l;
  }
  std::string why;       // the reason for the kind
};

struct ListOutcome {
  std::vector<ListLink> links;  // in page order: items, sub-columns, next pages
  bool stopped = false;         // a stop condition held: no next page
  std::string stop_reason;      // why, when stopped
  CmsFamily family = CmsFamily::kUnknown;
  std::string pager_evidence;   // what the next pages rest on
  int total_pages = 0;
  unsigned hints_matched = 0;   // HintBits of the site's hints that matched a link here
};

// Reads a list page (HTML, Hanweb dataproxy XML, gkmlpt or any JSON list,
// told apart by content and URL) and decides what it leads to. Items whose
// title cannot decide (report_title.h kMaybe) are fetched with `verify`.
// A further page of a list whose items were all met earlier in the job (a
// CMS answering an out-of-range page with one already seen) stops the walk,
// as does a guessed page with no item.
ListOutcome WalkListPage(const FetchedListPage& page, const ColumnWalkSettings& settings,
                         const ColumnWalkContext& context);

// The states of a list page rendered in a browser (render/page_renderer.h),
// walked as further readings of `page` (its hints and CMS family apply):
// their links join `out`, each URL once, except next pages, since the
// browser already went through the pager.
void WalkRenderedStates(const std::vector<RenderedState>& states, const FetchedListPage& page,
                        const ColumnWalkSettings& settings, const ColumnWalkContext& context, ListOutcome* out);

// Whether the browser should page on from a state of the list at `url`
// whose DOM is `dom`: false once every dated item is dated before
// settings.year_from (the walker's own stop, as in a backfill).
bool KeepPagingRendered(std::string_view url, std::string_view dom, const ColumnWalkSettings& settings);

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_COLUMN_WALKER_H_
