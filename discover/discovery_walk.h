// Discovery walk (issue 16): the decisions of `govharvest discover`, as a
// pure state machine over fetched pages. The driver (discover.h) asks for a
// round of URLs, fetches them with the crawl engine, hands every page back,
// and asks for the next round until none is left. Nothing here fetches.
//
// The walk follows docs/discovery-evidence.md, M3: a start URL is the home
// page of a body, the portal owner; its pages (home, then the pages its
// platform links lead to, two steps at most) give the owner's column
// candidates and the directories of departments and townships; a
// directory's entries (links or dropdown options whose text reads as a
// body's name) are bodies, whose own pages give their column candidates.
// Every decision rests on the page: link texts (ScoreLink, RankLinks), names
// (discovery_names.h), and, for a column, its own list.
//
// Invariants:
//  - a URL is fetched at most once per walk, and only when in scope
//    (DiscoveryScope); links to other government sites are reported, never
//    followed;
//  - a column is an entry only when confirmed by its list: at least one item
//    (of the page, or of a year sub-folder it links) that ClassifyReportTitle
//    calls a report. A candidate whose list shows none is rejected with the
//    items it showed; one whose page lists nothing but runs scripts is
//    rendered (TakeRenders) and confirmed or rejected by its rendered
//    states; when it cannot be rendered it is reported as unconfirmed,
//    never written;
//  - a body's column candidates are its page's own links: navigation shared
//    by the pages of two bodies, or present on the owner's pages, is the
//    owner's (M4); a column URL is the entry of one body only: when several
//    bodies' pages lead to it, the owner's claim wins, then the body whose
//    page path contains it, else nobody's (reported);
//  - a name, level or division code is written only with its evidence;
//    when the evidence does not decide, the value stays empty and the
//    reason is in the result.
// Not thread-safe.
#ifndef GOVHARVEST_DISCOVER_DISCOVERY_WALK_H_
#define GOVHARVEST_DISCOVER_DISCOVERY_WALK_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/discovered_sites.h"
#include "crawler/discovery_links.h"

namespace govharvest {

// A page as the crawl engine fetched it.
struct DiscoveryFetch {
  std::string url;        // as requested (one of a round's URLs)
  std::string final_url;  // after redirects; "" = url
  int http_status = 0;    // 0 when no response
  std::string outcome;    // the capture's outcome: "ok", "http_404", "robots_denied", "blocked_challenge", ...
  std::string text;       // the page decoded to UTF-8; "" when none
};

// A problem the summary reports: a dead link, a directory that listed no
// body, a rejected or unconfirmed column candidate, a body without column.
struct DiscoveryNote {
  std::string kind;  // see DiscoveryResult
  std::string url;
  std::string body;  // the body's agency or directory text, "" when none
  std::string detail;
};

struct DiscoveryResult {
  std::vector<DiscoveredBody> bodies;  // bodies with at least one confirmed column
  // Bodies found (directory entries and owners) that have no confirmed column.
  std::vector<DiscoveryNote> no_column;
  // Column candidates not taken: "rejected" (their list shows no report),
  // "unconfirmed" (a script-built list), "claimed" (another body's column).
  std::vector<DiscoveryNote> candidates_rejected;
  std::vector<DiscoveryNote> failed_pages;     // dead links, errors, robots, challenge pages
  std::vector<DiscoveryNote> empty_directories;
  std::vector<std::string> other_gov_sites;    // government sites linked as bodies, outside the scope
  std::map<std::string, int> requests_by_role; // pages fetched per page role ("rendered": pages rendered)
  int bodies_found = 0;                        // owners plus directory entries
};

class DiscoveryWalk {
 public:
  // `start_urls` are canonical absolute URLs, one body (an owner) each.
  DiscoveryWalk(ScopeMode mode, const std::vector<std::string>& start_urls);
  ~DiscoveryWalk();
  DiscoveryWalk(const DiscoveryWalk&) = delete;
  DiscoveryWalk& operator=(const DiscoveryWalk&) = delete;

  // Decides on the pages added since the last call and returns the URLs to
  // fetch next, each never returned before; empty when the walk is over.
  std::vector<std::string> NextRound();

  // One fetched page of the round NextRound returned. Pages of other URLs
  // are ignored.
  void AddPage(DiscoveryFetch page);

  // Column candidates whose page lists nothing but runs scripts (a list
  // built in the browser): the URLs to render, each returned once. The
  // caller renders them (render/page_renderer.h) and hands back every
  // rendered state's DOM, or why it could not render.
  std::vector<std::string> TakeRenders();
  void AddRendered(const std::string& url, const std::vector<std::string>& doms, const std::string& problem);

  // What was found so far (complete once NextRound returned nothing).
  // Division codes and owner levels come from the GB/T 2260 table
  // (extract/division_table.h).
  DiscoveryResult Result() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace govharvest

#endif  // GOVHARVEST_DISCOVER_DISCOVERY_WALK_H_
