#include "crawler/column_walker.h"

namespace govharvest {

bool ColumnWalkSettings::YearWanted(int year) const {
  if (year == 0) return true;
  return (year_from == 0 || year >= year_from) && (year_to == 0 || year <= year_to);
}

ListOutcome WalkListPage(const FetchedListPage& fetched, const ColumnWalkSettings& settings,
                         const ColumnWalkContext& context) {
  ListOutcome out;
  ColumnPage page;
  if (fetched.url.find("jpage/dataproxy.jsp") != std::string_view::npos) {
    page = ParseHanwebDataproxy(fetched.text, fetched.url);
  } else if (fetched.url.find("/gkmlpt/api/") != std::string_view::npos) {
    page = ParseGkmlptApi(fetched.text, fetched.url);
  } else {
    page = ParseColumnPage(fetched.text, fetched.url, fetched.family_hint);
  }
  // Stop conditions look at dated items only (navigation links carry no date).
  bool any_new = false;
  bool any_dated = false;
  bool all_dated_before_years = settings.year_from > 0;
  bool all_dated_before_last_run = settings.previous_run > 0;
  const std::string years_floor = std::to_string(settings.year_from) + "-01-01";
  const std::string last_run_day = FormatTimestamp(settings.previous_run).substr(0, 10);
  for (const ListItem& item : page.items) {
    if (!context.in_scope(item.url)) continue;
    if (!item.date.empty()) {
      any_dated = true;
      if (item.date >= years_floor) all_dated_before_years = false;
      if (item.date >= last_run_day) all_dated_before_last_run = false;
    }
    UrlState state;
    const bool known = context.url_state(item.url, &state);  // met in an earlier run
    const bool archived = known && !state.payload_digest.empty();
    if (!known) any_new = true;
    ListLink link{item.url, ListLink::Kind::kOutOfScope, "", item.year, item.title};
    if (item.is_report && settings.YearWanted(item.year)) {
      out.reports_found.push_back(item.year);
      // A report already archived is fetched again only when it is due.
      if (archived && (state.next_due_at == 0 || state.next_due_at > context.now)) continue;
      link.kind = ListLink::Kind::kReport;
    }
    out.links.push_back(std::move(link));
  }
  for (const std::string& sub : page.subcolumns) {
    if (context.in_scope(sub)) out.links.push_back({sub, ListLink::Kind::kSubcolumn, "", 0, ""});
  }
  out.stopped = any_dated && ((!settings.backfill && all_dated_before_last_run && !any_new) || all_dated_before_years);
  if (!out.stopped) {
    // A page that names no further pages continues with those an earlier page named.
    static const std::vector<ListRequest> kNone;
    const std::vector<ListRequest>& pending = fetched.pending ? *fetched.pending : kNone;
    for (const ListRequest& next : page.next_pages.empty() ? pending : page.next_pages) {
      if (context.in_scope(next.url)) out.links.push_back({next.url, ListLink::Kind::kNextPage, next.form, 0, ""});
    }
  }
  return out;
}

}  // namespace govharvest
