#include "crawler/column_walker.h"

#include <set>

#include <algorithm>

#include "crawler/links.h"

namespace govharvest {

namespace {

char FirstNonSpace(std::string_view text) {
  for (char c : text.substr(0, 512)) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\xEF' && c != '\xBB' && c != '\xBF') return c;
  }
  return 0;
}

ColumnPage ReadPage(const FetchedListPage& fetched) {
  const ListRequest entry{std::string(fetched.url), "", false};
  const ListRequest& request = fetched.request ? *fetched.request : entry;
  if (fetched.url.find("/gkmlpt/api/") != std::string_view::npos) return ParseGkmlptApi(fetched.text, fetched.url);
  if (fetched.url.find("jpage/dataproxy.jsp") != std::string_view::npos ||
      fetched.text.substr(0, 256).find("<datastore") != std::string_view::npos) {
    return ParseHanwebDataproxy(fetched.text, fetched.url);
  }
  const char first = FirstNonSpace(fetched.text);
  if (first == '{' || first == '[') {
    ListRequest r = request;
    r.url = std::string(fetched.url);
    return ParseJsonList(fetched.text, r);
  }
  return ParseColumnPage(fetched.text, fetched.url, fetched.family_hint, &request);
}

}  // namespace

bool ColumnWalkSettings::YearWanted(int year) const {
  if (year == 0) return true;
  return (year_from == 0 || year >= year_from) && (year_to == 0 || year <= year_to);
}

namespace {

// Applies the site's hints to what the page gave (column_walker.h SiteHints).
void ApplyHints(const FetchedListPage& fetched, const SiteHints& hints, ColumnPage* page, unsigned* matched) {
  if (hints.detail) {
    for (ListItem& item : page->items) {
      if (!std::regex_search(item.url, *hints.detail)) {
        item.verdict = TitleVerdict::kNotReport;
        item.why = "does not match detail_pattern";
      } else {
        *matched |= kDetailHintMatched;
        if (item.verdict == TitleVerdict::kNotReport && item.why.rfind("look-alike", 0) != 0) {
          item.verdict = TitleVerdict::kMaybe;
          item.why = "matches detail_pattern; the page's title decides";
        }
      }
      item.is_report = item.verdict == TitleVerdict::kReport;
    }
  }
  if (!hints.list && !hints.next) return;
  std::vector<ListRequest> next;
  for (const PageLink& l : ExtractCandidateLinks(fetched.text, fetched.url, nullptr)) {
    if (l.url.empty() || l.url == fetched.url) continue;
    if (hints.next && std::regex_search(l.url, *hints.next)) {
      *matched |= kNextHintMatched;
      if (next.empty()) next.push_back({l.url, "", false});
    } else if (hints.list && std::regex_search(l.url, *hints.list)) {
      *matched |= kListHintMatched;
      if (std::find(page->subcolumns.begin(), page->subcolumns.end(), l.url) == page->subcolumns.end()) {
        page->subcolumns.push_back(l.url);
      }
    }
  }
  if (hints.next) {
    page->next_pages = std::move(next);
    page->pager_evidence = page->next_pages.empty() ? "next_pattern matched no link here" : "next_pattern";
  }
}

}  // namespace

ListOutcome WalkListPage(const FetchedListPage& fetched, const ColumnWalkSettings& settings,
                         const ColumnWalkContext& context) {
  ListOutcome out;
  ColumnPage page = ReadPage(fetched);
  if (fetched.hints != nullptr && !fetched.hints->empty()) ApplyHints(fetched, *fetched.hints, &page, &out.hints_matched);
  out.family = page.family;
  out.pager_evidence = page.pager_evidence;
  out.total_pages = page.total_pages;
  // Stop conditions look at dated items only (navigation links carry no date).
  bool any_new = false;
  bool any_dated = false;
  bool any_new_in_job = false;
  int in_scope_items = 0;
  bool all_dated_before_years = settings.year_from > 0;
  bool all_dated_before_last_run = settings.previous_run > 0;
  const std::string years_floor = std::to_string(settings.year_from) + "-01-01";
  const std::string last_run_day = FormatTimestamp(settings.previous_run).substr(0, 10);
  for (const ListItem& item : page.items) {
    if (!context.in_scope(item.url)) continue;
    ++in_scope_items;
    if (!context.seen_in_job || !context.seen_in_job(item.url)) any_new_in_job = true;
    if (!item.date.empty()) {
      any_dated = true;
      if (item.date >= years_floor) all_dated_before_years = false;
      if (item.date >= last_run_day) all_dated_before_last_run = false;
    }
    UrlState state;
    const bool known = context.url_state(item.url, &state);  // met in an earlier run
    const bool archived = known && !state.payload_digest.empty();
    if (!known) any_new = true;
    ListLink link = ListLink::Of(item.url, ListLink::Kind::kOutOfScope, item.why);
    link.year = item.year;
    link.title = item.title;
    const bool candidate = item.verdict == TitleVerdict::kReport || item.verdict == TitleVerdict::kMaybe;
    if (candidate && settings.YearWanted(item.year)) {
      link.kind = ListLink::Kind::kReport;
      link.verify = item.verdict == TitleVerdict::kMaybe;
      // A report already archived is fetched again only when it is due.
      if (archived && (state.next_due_at == 0 || state.next_due_at > context.now)) {
        link.kind = ListLink::Kind::kKnownReport;
        link.why += "; archived, not due";
      }
    } else if (candidate) {
      link.why = "report of " + std::to_string(item.year) + ", outside the years asked";
    }
    out.links.push_back(std::move(link));
  }
  for (const std::string& sub : page.subcolumns) {
    if (context.in_scope(sub)) {
      ListLink link = ListLink::Of(sub, ListLink::Kind::kSubcolumn, "sub-column, frame or script redirect");
      out.links.push_back(std::move(link));
    }
  }
  for (const ListRequest& api : page.list_requests) {
    if (!context.in_scope(api.url)) continue;
    ListLink link = ListLink::Of(api.url, ListLink::Kind::kSubcolumn, "a list the page's scripts load");
    link.form = api.form;
    out.links.push_back(std::move(link));
  }
  const bool guessed = fetched.request != nullptr && fetched.request->guessed;
  if (fetched.next_page && in_scope_items > 0 && !any_new_in_job) {
    out.stopped = true;
    out.stop_reason = "every item on this page was met earlier in the walk (a repeated page)";
  } else if (guessed && in_scope_items == 0) {
    out.stopped = true;
    out.stop_reason = "a guessed page with no items";
  } else if (any_dated && settings.year_from > 0 && all_dated_before_years) {
    out.stopped = true;
    out.stop_reason = "every item is dated before " + years_floor;
  } else if (any_dated && !settings.backfill && all_dated_before_last_run && !any_new) {
    out.stopped = true;
    out.stop_reason = "nothing new since the previous run (" + last_run_day + ")";
  }
  if (!out.stopped) {
    // A page that names no further pages continues with those an earlier page named.
    static const std::vector<ListRequest> kNone;
    const std::vector<ListRequest>& pending = fetched.pending ? *fetched.pending : kNone;
    for (const ListRequest& next : page.next_pages.empty() ? pending : page.next_pages) {
      if (!context.in_scope(next.url)) continue;
      if (next.url == fetched.url && next.form == (fetched.request ? fetched.request->form : "")) continue;  // itself
      ListLink link = ListLink::Of(next.url, ListLink::Kind::kNextPage,
                                   page.next_pages.empty() ? "named by an earlier page" : page.pager_evidence);
      link.form = next.form;
      link.guessed = next.guessed;
      out.links.push_back(std::move(link));
    }
  }
  return out;
}

void WalkRenderedStates(const std::vector<RenderedState>& states, const FetchedListPage& page,
                        const ColumnWalkSettings& settings, const ColumnWalkContext& context, ListOutcome* out) {
  std::set<std::string> seen;
  for (const ListLink& l : out->links) seen.insert(l.url);
  for (const RenderedState& state : states) {
    FetchedListPage rendered;
    rendered.url = state.url;
    rendered.text = state.dom;
    rendered.family_hint = page.family_hint;
    rendered.hints = page.hints;
    ListOutcome more = WalkListPage(rendered, settings, context);
    for (ListLink& l : more.links) {
      if (l.kind == ListLink::Kind::kNextPage) continue;
      if (seen.insert(l.url).second) out->links.push_back(std::move(l));
    }
  }
}

bool KeepPagingRendered(std::string_view url, std::string_view dom, const ColumnWalkSettings& settings) {
  FetchedListPage state;
  state.url = url;
  state.text = dom;
  ColumnWalkSettings years = settings;
  years.previous_run = 0;
  years.backfill = true;
  ColumnWalkContext none;
  none.in_scope = [](const std::string&) { return true; };
  none.url_state = [](const std::string&, UrlState*) { return false; };
  return !WalkListPage(state, years, none).stopped;
}

}  // namespace govharvest
