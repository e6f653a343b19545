// Discovery walk: page roles, column confirmation and the result
// (docs/discovery-evidence.md, M3-M5).

#include "discover/discovery_walk.h"

#include <algorithm>
#include <regex>
#include <tuple>
#include <utility>

#include "crawler/column.h"
#include "crawler/discovery_names.h"
#include "crawler/report_title.h"
#include "crawler/url.h"
#include "crawler/utf8.h"
#include "extract/division_table.h"

namespace govharvest {

namespace {

// How far the walk goes from a page it was sent to, in pages of the same
// body: home -> platform -> 法定主动公开内容 -> (column).
constexpr int kMaxOwnerDepth = 2;
constexpr int kMaxBodyDepth = 2;
constexpr int kMaxDirectoryDepth = 1;   // a directory's sub-directories, not theirs
constexpr size_t kMaxCandidatesTried = 3;  // column candidates fetched per body
constexpr size_t kMaxColumnParts = 4;      // year sub-folders read to confirm a column
constexpr size_t kMaxItemsVerified = 3;    // listed items fetched when the list's titles cannot decide
constexpr size_t kMaxPlatformLinks = 2;    // platform links followed per page
constexpr size_t kMinDirectoryRun = 3;     // body names in a row that make a page list bodies

enum class PageRole { kOwner, kDirectory, kBody, kColumn, kColumnPart, kColumnItem };

std::string_view PageRoleName(PageRole role) {
  switch (role) {
    case PageRole::kOwner: return "owner_page";
    case PageRole::kDirectory: return "directory";
    case PageRole::kBody: return "body_page";
    case PageRole::kColumn: return "column";
    case PageRole::kColumnPart: return "column_part";
    case PageRole::kColumnItem: return "column_item";
  }
  return "";
}

struct Visit {
  PageRole role = PageRole::kOwner;
  int body = -1;
  int depth = 0;
  int candidate = -1;  // kColumn, kColumnPart
};

enum class CandidateState { kWaiting, kFetching, kRendering, kConfirmed, kRejected, kUnconfirmed };

struct Candidate {
  std::string url;
  std::string text;      // the link's text
  std::string found_on;  // the page that links it
  int score = 0;
  CandidateState state = CandidateState::kWaiting;
  int parts_pending = 0;            // year sub-folders and items still being read
  size_t items_verified = 0;        // items whose cut titles could not decide, fetched to verify
  std::vector<std::string> titles;  // report titles its list (or its sub-folders) show
  std::set<int> years;
  std::string cms;        // CmsFamilyName of its page
  std::string evidence;   // why confirmed, rejected or unconfirmed
  std::string confirmed_by;  // the list page whose items confirmed it
};

struct Body {
  int parent = -1;  // -1: an owner (a start URL)
  std::string page_url;
  std::string directory_text;  // its link text in the parent's directory
  std::string directory_url;
  PageNameEvidence page;       // of its first page read
  bool page_read = false;
  std::string site_code;       // owners: SiteIDCode / 网站标识码
  std::string failure;         // its own page could not be read
  std::vector<Candidate> candidates;
  int pages_pending = 0;       // its own pages (owner, body) still to read
};

bool LinkKindClickable(std::string_view kind) {
  return kind == "a" || kind == "option" || kind == "area" || kind == "onclick" || kind == "data";
}

bool LinkKindShell(std::string_view kind) {
  return kind == "meta_refresh" || kind == "script_location" || kind == "iframe" || kind == "frame";
}

// The site code a home page declares: <meta name="SiteIDCode"> or the
// footer's 网站标识码 (ten digits, or six letters and digits for central bodies).
std::string ReadSiteCode(const std::string& html) {
  static const std::regex meta(R"re(<meta\s+name\s*=\s*["']?SiteIDCode["']?\s+content\s*=\s*["']?([0-9A-Za-z]{6,12}))re",
                               std::regex::icase);
  static const std::regex footer(R"re(网站标识码[：:\s]*([0-9A-Za-z]{6,12}))re");
  std::smatch m;
  if (std::regex_search(html, m, meta)) return m[1];
  if (std::regex_search(html, m, footer)) return m[1];
  return "";
}

// The directory part of a URL ("http://h/a/b/c.html" -> "http://h/a/b/").
std::string UrlDirectory(const std::string& url) {
  const size_t query = url.find('?');
  const std::string path = url.substr(0, query);
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(0, slash + 1);
}

// A link that may be an entry of a list of bodies: clickable, playing no
// discovery role, in scope or on another government site, with a short
// text of Chinese characters.
bool MayBeListedBody(const DiscoveryLink& l) {
  if (!LinkKindClickable(l.kind) || l.scope == LinkScope::kOutOfScope) return false;
  if (l.Score(DiscoveryRole::kColumn) != 0 || l.Score(DiscoveryRole::kPlatform) != 0 ||
      l.Score(DiscoveryRole::kDirectory) != 0) {
    return false;
  }
  const size_t length = utf8::Length(l.text);
  return l.directory_entry || (length >= 2 && length <= 20 && utf8::AllHan(l.text));
}

bool ReadsAsListedBody(const DiscoveryLink& l, const std::string& parent_name) {
  return MayBeListedBody(l) && (l.directory_entry || !AgencyFromDirectoryText(l.text, parent_name).name.empty());
}

// The links of a page that list bodies: runs of consecutive links (document
// order) that may be entries, at least `min_run` long, of which at least two
// thirds and at least `min_run` read as bodies' names (AgencyFromDirectoryText);
// every link of such a run is an entry (县供销社 and 县残联 sit among 县发改局
// and 县教育局). A page's menus hold single names among other links; a
// directory printed on a platform page (信息公开部门目录 and its list) is a run.
std::vector<const DiscoveryLink*> ListedBodies(const std::vector<DiscoveryLink>& links,
                                               const std::string& parent_name, size_t min_run) {
  std::vector<const DiscoveryLink*> out, run;
  size_t named = 0;
  auto close_run = [&] {
    if (run.size() >= min_run && named >= min_run && named * 3 >= run.size() * 2) {
      out.insert(out.end(), run.begin(), run.end());
    }
    run.clear();
    named = 0;
  };
  for (const DiscoveryLink& l : links) {
    if (MayBeListedBody(l)) {
      run.push_back(&l);
      if (ReadsAsListedBody(l, parent_name)) ++named;
    } else {
      close_run();
    }
  }
  close_run();
  return out;
}

std::string FirstTitles(const std::vector<ListItem>& items, size_t n) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < n; ++i) out += (out.empty() ? "" : " / ") + items[i].title;
  return out;
}

}  // namespace

struct DiscoveryWalk::State {
  DiscoveryScope scope;
  std::vector<Body> bodies;
  std::map<std::string, DiscoveryFetch> pages;        // every page fetched, by requested URL
  std::map<std::string, std::vector<Visit>> wanted;   // not yet requested
  std::map<std::string, std::vector<Visit>> waiting;  // requested, page not yet added
  std::vector<std::pair<std::string, Visit>> ready;   // visits whose page is here
  std::set<std::string> requested;
  std::set<std::tuple<std::string, PageRole, int>> visited;  // (url, role, body) read once
  std::set<std::pair<std::string, std::string>> owner_links;  // (url, text) on owners' pages
  SharedNavigation navigation;
  std::map<std::string, int> body_by_page;
  DiscoveryResult notes;  // the failure lists, filled as the walk goes
  std::set<std::string> other_gov_sites;
  std::vector<std::string> renders;                       // to render, not yet taken
  std::map<std::string, std::vector<std::pair<int, int>>> rendering;  // url -> (body, candidate)

  State(ScopeMode mode, const std::vector<std::string>& start_urls) : scope(mode, start_urls) {}

  void Want(const std::string& url, Visit visit) {
    if (!visited.insert({url, visit.role, visit.body}).second) return;
    if (visit.role == PageRole::kOwner || visit.role == PageRole::kBody) bodies[visit.body].pages_pending += 1;
    if (pages.count(url)) {
      ready.emplace_back(url, visit);
    } else if (requested.count(url)) {
      waiting[url].push_back(visit);
    } else {
      wanted[url].push_back(visit);
    }
  }

  std::string BestOwnerName(int owner) const;
  void ReadOwnerPage(const DiscoveryFetch& page, const Visit& v);
  void ReadDirectory(const DiscoveryFetch& page, const Visit& v);
  void ReadBodyPage(const DiscoveryFetch& page, const Visit& v, std::vector<DiscoveryLink> links);
  void ReadColumn(const DiscoveryFetch& page, const Visit& v);
  void ReadColumnItem(const DiscoveryFetch& page, const Visit& v);
  void AddCandidates(int body, const std::vector<DiscoveryLink>& links, const std::string& page_url);
  void AddBody(int parent, const DiscoveryLink& link, const std::string& directory_url);
  void StartCandidates();
  void Failed(const DiscoveryFetch& page, const Visit& v, const std::string& why);
};

DiscoveryWalk::DiscoveryWalk(ScopeMode mode, const std::vector<std::string>& start_urls)
    : state_(std::make_unique<State>(mode, start_urls)) {
  for (const std::string& url : start_urls) {
    if (state_->body_by_page.count(url)) continue;
    Body owner;
    owner.page_url = url;
    state_->bodies.push_back(std::move(owner));
    const int id = static_cast<int>(state_->bodies.size()) - 1;
    state_->body_by_page[url] = id;
    state_->Want(url, Visit{PageRole::kOwner, id, 0, -1});
  }
}

DiscoveryWalk::~DiscoveryWalk() = default;

void DiscoveryWalk::AddPage(DiscoveryFetch page) {
  auto it = state_->waiting.find(page.url);
  if (it == state_->waiting.end()) return;
  if (page.final_url.empty()) page.final_url = page.url;
  state_->notes.requests_by_role[std::string(PageRoleName(it->second.front().role))] += 1;
  for (const Visit& v : it->second) state_->ready.emplace_back(page.url, v);
  state_->waiting.erase(it);
  state_->pages[page.url] = std::move(page);
}

void DiscoveryWalk::State::Failed(const DiscoveryFetch& page, const Visit& v, const std::string& why) {
  DiscoveryNote note{"failed_page", page.url, "", why};
  if (v.body >= 0) note.body = bodies[v.body].directory_text;
  notes.failed_pages.push_back(note);
  if ((v.role == PageRole::kOwner || v.role == PageRole::kBody) && v.depth == 0) bodies[v.body].failure = why;
}

std::vector<std::string> DiscoveryWalk::NextRound() {
  State& s = *state_;
  // Pages waiting for nobody (a round cut short) count as failed.
  for (auto& [url, visits] : s.waiting) {
    for (const Visit& v : visits) {
      DiscoveryFetch none{url, url, 0, "not_fetched", ""};
      s.pages[url] = none;
      s.ready.emplace_back(url, v);
    }
  }
  s.waiting.clear();
  while (!s.ready.empty()) {
    std::vector<std::pair<std::string, Visit>> batch;
    batch.swap(s.ready);
    // Owners first (their links are the chrome every other page is read
    // against), then directories, then body pages (all of them added to the
    // shared navigation before any is read), then columns.
    std::stable_sort(batch.begin(), batch.end(),
                     [](const auto& a, const auto& b) { return a.second.role < b.second.role; });
    std::vector<std::pair<const DiscoveryFetch*, std::pair<Visit, std::vector<DiscoveryLink>>>> body_pages;
    for (const auto& [url, v] : batch) {
      const DiscoveryFetch& page = s.pages[url];
      const bool readable = !page.text.empty() && page.outcome == "ok";
      const bool redirected_out = !s.scope.Contains(page.final_url);
      if (v.role == PageRole::kOwner || v.role == PageRole::kBody) s.bodies[v.body].pages_pending -= 1;
      if (!readable || redirected_out) {
        std::string why = !readable ? (page.outcome.empty() ? "no response" : page.outcome)
                                    : "redirects to " + page.final_url + ", outside the scope";
        if (page.http_status != 0 && !readable) why += " (HTTP " + std::to_string(page.http_status) + ")";
        s.Failed(page, v, why);
        if (v.role == PageRole::kColumn || v.role == PageRole::kColumnPart || v.role == PageRole::kColumnItem) {
          Candidate& c = s.bodies[v.body].candidates[v.candidate];
          if (v.role != PageRole::kColumn) {
            c.parts_pending -= 1;
            if (c.parts_pending == 0 && c.state == CandidateState::kFetching) {
              c.state = CandidateState::kRejected;
              c.evidence = "no year sub-folder lists a report";
            }
          } else {
            c.state = CandidateState::kRejected;
            c.evidence = "column page failed: " + why;
          }
        }
        continue;
      }
      switch (v.role) {
        case PageRole::kOwner: s.ReadOwnerPage(page, v); break;
        case PageRole::kDirectory: s.ReadDirectory(page, v); break;
        case PageRole::kBody: {
          std::vector<DiscoveryLink> links = ReadDiscoveryLinks(page.text, page.final_url, s.scope);
          s.navigation.AddPage("body:" + std::to_string(v.body), links);
          body_pages.push_back({&page, {v, std::move(links)}});
          break;
        }
        case PageRole::kColumn:
        case PageRole::kColumnPart: s.ReadColumn(page, v); break;
        case PageRole::kColumnItem: s.ReadColumnItem(page, v); break;
      }
    }
    for (auto& [page, vl] : body_pages) s.ReadBodyPage(*page, vl.first, std::move(vl.second));
    s.StartCandidates();
  }
  std::vector<std::string> round;
  for (auto& [url, visits] : s.wanted) {
    round.push_back(url);
    s.requested.insert(url);
    s.waiting[url] = std::move(visits);
  }
  s.wanted.clear();
  return round;
}

std::string DiscoveryWalk::State::BestOwnerName(int owner) const {
  const Body& b = bodies[owner];
  if (!b.page_read) return "";
  return AgencyOfSiteOwner(b.page).name;
}

void DiscoveryWalk::State::ReadOwnerPage(const DiscoveryFetch& page, const Visit& v) {
  Body& owner = bodies[v.body];
  if (!owner.page_read) {
    owner.page = ReadPageNameEvidence(page.text);
    owner.page_read = true;
    owner.site_code = ReadSiteCode(page.text);
  }
  std::vector<DiscoveryLink> links = ReadDiscoveryLinks(page.text, page.final_url, scope);
  for (const DiscoveryLink& l : links) owner_links.insert({l.url, l.text});
  navigation.AddPage("body:" + std::to_string(v.body), links);
  AddCandidates(v.body, links, page.final_url);
  if (v.depth < kMaxOwnerDepth) {
    size_t followed = 0;
    for (const DiscoveryLink* l : RankLinks(links, DiscoveryRole::kPlatform)) {
      if (followed++ == kMaxPlatformLinks) break;
      Want(l->url, Visit{PageRole::kOwner, v.body, v.depth + 1, -1});
    }
    // A shell (a script or meta redirect, a frame) leads to the owner's real page.
    for (const DiscoveryLink& l : links) {
      if (LinkKindShell(l.kind) && l.scope == LinkScope::kInScope) {
        Want(l.url, Visit{PageRole::kOwner, v.body, v.depth + 1, -1});
      }
    }
  }
  for (const DiscoveryLink* l : RankLinks(links, DiscoveryRole::kDirectory)) {
    Want(l->url, Visit{PageRole::kDirectory, v.body, 0, -1});
  }
  // Dropdown entries of a directory select are bodies themselves, and so
  // are the names of a directory printed on the page.
  for (const DiscoveryLink& l : links) {
    if (l.directory_entry) AddBody(v.body, l, page.final_url);
  }
  for (const DiscoveryLink* l : ListedBodies(links, BestOwnerName(v.body), kMinDirectoryRun)) {
    AddBody(v.body, *l, page.final_url);
  }
}

void DiscoveryWalk::State::ReadDirectory(const DiscoveryFetch& page, const Visit& v) {
  const std::vector<DiscoveryLink> links = ReadDiscoveryLinks(page.text, page.final_url, scope);
  const std::string parent_name = BestOwnerName(v.body);
  const size_t before = bodies.size();
  size_t subdirectories = 0;
  for (const DiscoveryLink& l : links) {
    if (owner_links.count({l.url, l.text}) || l.url == page.final_url || l.url == page.url) continue;
    if (l.Score(DiscoveryRole::kDirectory) > 0 && l.scope == LinkScope::kInScope && v.depth < kMaxDirectoryDepth) {
      Want(l.url, Visit{PageRole::kDirectory, v.body, v.depth + 1, -1});
      ++subdirectories;
    }
  }
  // On a directory page a single name is an entry, unless the owner's
  // pages carry the same link (the platform's chrome).
  for (const DiscoveryLink* l : ListedBodies(links, parent_name, 1)) {
    if (!owner_links.count({l->url, l->text}) || l->directory_entry) AddBody(v.body, *l, page.final_url);
  }
  if (bodies.size() == before && subdirectories == 0) {
    notes.empty_directories.push_back(
        DiscoveryNote{"empty_directory", page.url, "", "no link reads as a body's name (" +
                                                           std::to_string(links.size()) + " links)"});
  }
}

void DiscoveryWalk::State::AddBody(int parent, const DiscoveryLink& link, const std::string& directory_url) {
  if (link.scope == LinkScope::kOtherGovSite) {
    other_gov_sites.insert(link.url + " (" + link.text + ")");
    return;
  }
  if (link.scope != LinkScope::kInScope || body_by_page.count(link.url)) return;
  // A directory that lists its owner among the bodies (合肥's units begin
  // with 合肥市人民政府): that entry is one more page of the owner.
  if (bodies[parent].parent < 0 && !link.text.empty() && link.text == BestOwnerName(parent)) {
    Want(link.url, Visit{PageRole::kOwner, parent, kMaxOwnerDepth, -1});
    return;
  }
  Body b;
  b.parent = parent;
  b.page_url = link.url;
  b.directory_text = link.text;
  b.directory_url = directory_url;
  bodies.push_back(std::move(b));
  const int id = static_cast<int>(bodies.size()) - 1;
  body_by_page[link.url] = id;
  Want(link.url, Visit{PageRole::kBody, id, 0, -1});
}

void DiscoveryWalk::State::ReadBodyPage(const DiscoveryFetch& page, const Visit& v, std::vector<DiscoveryLink> links) {
  Body& body = bodies[v.body];
  if (!body.page_read) {
    body.page = ReadPageNameEvidence(page.text);
    body.page_read = true;
  }
  navigation.Mark(&links);
  for (DiscoveryLink& l : links) {
    if (!l.shared && owner_links.count({l.url, l.text})) {
      l.shared = true;
      l.why += "; on the owner's pages";
    }
  }
  const size_t before = body.candidates.size();
  AddCandidates(v.body, links, page.final_url);
  // The body's page is its column when its own list shows reports.
  const ColumnPage list = ParseColumnPage(page.text, page.final_url, CmsFamily::kUnknown);
  if (std::any_of(list.items.begin(), list.items.end(), [](const ListItem& i) { return i.is_report; })) {
    Candidate c;
    c.url = page.url;
    c.text = body.directory_text;
    c.found_on = body.directory_url;
    c.score = RoleScore::kStrongText;
    bodies[v.body].candidates.push_back(std::move(c));
  }
  if (bodies[v.body].candidates.size() > before || v.depth >= kMaxBodyDepth) return;
  // No column link here: the body's 法定主动公开内容 / 政府信息公开 page, or
  // the target of a shell, is where its tree goes on.
  size_t followed = 0;
  for (const DiscoveryLink* l : RankLinks(links, DiscoveryRole::kPlatform)) {
    if (followed++ == kMaxPlatformLinks) break;
    Want(l->url, Visit{PageRole::kBody, v.body, v.depth + 1, -1});
  }
  for (const DiscoveryLink& l : links) {
    if (LinkKindShell(l.kind) && l.scope == LinkScope::kInScope && !l.shared) {
      Want(l.url, Visit{PageRole::kBody, v.body, v.depth + 1, -1});
    }
  }
}

void DiscoveryWalk::State::AddCandidates(int body, const std::vector<DiscoveryLink>& links,
                                         const std::string& page_url) {
  Body& b = bodies[body];
  for (const DiscoveryLink* l : RankLinks(links, DiscoveryRole::kColumn)) {
    const bool known = std::any_of(b.candidates.begin(), b.candidates.end(),
                                   [&](const Candidate& c) { return c.url == l->url; });
    if (known) continue;
    Candidate c;
    c.url = l->url;
    c.text = l->text;
    c.found_on = page_url;
    c.score = l->Score(DiscoveryRole::kColumn);
    b.candidates.push_back(std::move(c));
  }
}

// Once a body's own pages are all read: its best candidate not yet tried is
// fetched, one at a time, until one is confirmed or kMaxCandidatesTried were.
void DiscoveryWalk::State::StartCandidates() {
  for (size_t id = 0; id < bodies.size(); ++id) {
    Body& b = bodies[id];
    if (b.pages_pending > 0) continue;
    size_t tried = 0;
    bool busy = false;
    for (const Candidate& c : b.candidates) {
      if (c.state != CandidateState::kWaiting) ++tried;
      busy = busy || c.state == CandidateState::kFetching || c.state == CandidateState::kRendering ||
             c.state == CandidateState::kConfirmed;
    }
    if (busy || tried >= kMaxCandidatesTried) continue;
    int best = -1;
    for (size_t i = 0; i < b.candidates.size(); ++i) {
      if (b.candidates[i].state != CandidateState::kWaiting) continue;
      if (best < 0 || b.candidates[i].score > b.candidates[best].score) best = static_cast<int>(i);
    }
    if (best < 0) continue;
    b.candidates[best].state = CandidateState::kFetching;
    Want(b.candidates[best].url, Visit{PageRole::kColumn, static_cast<int>(id), 0, best});
  }
}

void DiscoveryWalk::State::ReadColumn(const DiscoveryFetch& page, const Visit& v) {
  Candidate& c = bodies[v.body].candidates[v.candidate];
  const ColumnPage list = ParseColumnPage(page.text, page.final_url, CmsFamily::kUnknown);
  std::vector<ListItem> reports;
  for (const ListItem& item : list.items) {
    if (item.is_report) reports.push_back(item);
  }
  if (v.role == PageRole::kColumn) c.cms = std::string(CmsFamilyName(list.family));
  for (const ListItem& item : reports) {
    c.titles.push_back(item.title);
    if (item.year) c.years.insert(item.year);
  }
  if (v.role != PageRole::kColumn) c.parts_pending -= 1;
  if (c.state != CandidateState::kFetching) return;  // confirmed by another part already
  if (!reports.empty()) {
    c.state = CandidateState::kConfirmed;
    c.confirmed_by = page.url;
    return;
  }
  // A list that cuts its titles (靖安县宝峰镇人民政府2024…): items the
  // title cannot decide are fetched, and their pages' own titles decide.
  size_t verifying = 0;
  for (const ListItem& item : list.items) {
    if (c.items_verified == kMaxItemsVerified) break;
    if (item.verdict == TitleVerdict::kMaybe && scope.Contains(item.url)) {
      c.items_verified += 1;
      c.parts_pending += 1;
      ++verifying;
      Want(item.url, Visit{PageRole::kColumnItem, v.body, 0, v.candidate});
    }
  }
  if (v.role == PageRole::kColumn && verifying == 0) {
    std::vector<std::string> parts;
    for (const std::string& sub : list.subcolumns) {
      if (scope.Contains(sub) && parts.size() < kMaxColumnParts) parts.push_back(sub);
    }
    if (!parts.empty()) {
      for (const std::string& sub : parts) {
        c.parts_pending += 1;
        Want(sub, Visit{PageRole::kColumnPart, v.body, 0, v.candidate});
      }
      return;
    }
    // A page that runs scripts and lists nothing a list would (no item
    // whose title could be a report's, no dated item: only its chrome), or
    // that names a list API: its list is built in the browser, so it is
    // rendered. A list of dated look-alikes is a list, and rejected.
    const bool lists_nothing = std::none_of(list.items.begin(), list.items.end(), [](const ListItem& i) {
      return i.verdict != TitleVerdict::kNotReport || !i.date.empty();
    });
    if (!list.list_requests.empty() || (lists_nothing && page.text.find("<script") != std::string::npos)) {
      c.state = CandidateState::kRendering;
      c.evidence = list.list_requests.empty() ? "its page lists nothing but its chrome and runs scripts"
                                              : "its list is loaded by scripts from " + list.list_requests.front().url;
      auto& waiting = rendering[page.url];
      if (waiting.empty()) renders.push_back(page.url);
      waiting.emplace_back(v.body, v.candidate);
      return;
    }
    c.state = CandidateState::kRejected;
    c.evidence = list.items.empty() ? "its page lists nothing"
                                    : std::to_string(list.items.size()) + " items, none a report title (" +
                                          FirstTitles(list.items, 2) + ")";
    return;
  }
  if (c.parts_pending == 0) {
    c.state = CandidateState::kRejected;
    c.evidence = "no year sub-folder lists a report";
  }
}

void DiscoveryWalk::State::ReadColumnItem(const DiscoveryFetch& page, const Visit& v) {
  Candidate& c = bodies[v.body].candidates[v.candidate];
  c.parts_pending -= 1;
  const PageTitleVerdict verdict = VerifyReportPage(page.text);
  if (c.state != CandidateState::kFetching) return;
  if (verdict.is_report) {
    c.titles.push_back(verdict.title);
    if (verdict.year) c.years.insert(verdict.year);
    c.state = CandidateState::kConfirmed;
    c.confirmed_by = page.url + " (a listed item whose own title is a report's)";
  } else if (c.parts_pending == 0) {
    c.state = CandidateState::kRejected;
    c.evidence = "no report title on its list; " + std::to_string(c.items_verified) +
                 " listed items fetched, none a report (the last: " + verdict.reason + ")";
  }
}

std::vector<std::string> DiscoveryWalk::TakeRenders() {
  std::vector<std::string> out;
  out.swap(state_->renders);
  return out;
}

void DiscoveryWalk::AddRendered(const std::string& url, const std::vector<std::string>& doms,
                                const std::string& problem) {
  State& s = *state_;
  auto it = s.rendering.find(url);
  if (it == s.rendering.end()) return;
  std::vector<ListItem> reports;
  size_t items = 0;
  for (const std::string& dom : doms) {
    const ColumnPage list = ParseColumnPage(dom, url, CmsFamily::kUnknown);
    items += list.items.size();
    for (const ListItem& item : list.items) {
      if (item.is_report) reports.push_back(item);
    }
  }
  s.notes.requests_by_role["rendered"] += problem.empty() ? 1 : 0;
  for (const auto& [body, index] : it->second) {
    Candidate& c = s.bodies[body].candidates[index];
    if (c.state != CandidateState::kRendering) continue;
    if (!problem.empty()) {
      c.state = CandidateState::kUnconfirmed;
      c.evidence += "; rendering failed: " + problem;
    } else if (!reports.empty()) {
      c.state = CandidateState::kConfirmed;
      for (const ListItem& item : reports) {
        c.titles.push_back(item.title);
        if (item.year) c.years.insert(item.year);
      }
      c.confirmed_by = url + " rendered in Chromium (" + std::to_string(doms.size()) + " states)";
    } else {
      c.state = CandidateState::kRejected;
      c.evidence += "; rendered in Chromium: " + std::to_string(items) + " items, none a report title";
    }
  }
  s.rendering.erase(it);
  s.StartCandidates();
}

// ---------------------------------------------------------------- result

namespace {

const DivisionTable& Divisions() { return DivisionTable::Builtin(); }

// The one current place the leading division names of `name` read as
// (inside `within` when given), or null.
const Division* PlaceOfName(std::string_view name, const Division* within) {
  const DivisionChain chain = Divisions().ReadChain(name, within, /*allow_short=*/false);
  const auto& inner = chain.innermost();
  if (inner.empty()) return nullptr;
  const Division* place = inner.front().place;
  for (const DivisionMatch& m : inner) {
    if (m.place != place) return nullptr;  // several places: no guess
  }
  return place;
}

std::string JoinYears(const std::set<int>& years) {
  if (years.empty()) return "";
  return std::to_string(*years.begin()) + (years.size() > 1 ? "-" + std::to_string(*years.rbegin()) : "");
}

}  // namespace

DiscoveryResult DiscoveryWalk::Result() const {
  const State& s = *state_;
  DiscoveryResult r;
  r.failed_pages = s.notes.failed_pages;
  r.empty_directories = s.notes.empty_directories;
  r.requests_by_role = s.notes.requests_by_role;
  r.other_gov_sites.assign(s.other_gov_sites.begin(), s.other_gov_sites.end());
  r.bodies_found = static_cast<int>(s.bodies.size());

  // Which body each confirmed column URL is the entry of.
  std::map<std::string, std::vector<int>> claims;
  for (size_t id = 0; id < s.bodies.size(); ++id) {
    for (const Candidate& c : s.bodies[id].candidates) {
      if (c.state == CandidateState::kConfirmed) claims[c.url].push_back(static_cast<int>(id));
    }
  }
  std::map<std::string, int> owner_of_column;
  for (const auto& [url, ids] : claims) {
    int winner = -1;
    for (int id : ids) {
      if (s.bodies[id].parent < 0) winner = id;
    }
    if (winner < 0) {
      for (int id : ids) {
        if (url.rfind(UrlDirectory(s.bodies[id].page_url), 0) == 0) winner = winner < 0 ? id : -2;
      }
    }
    if (ids.size() == 1) winner = ids.front();
    owner_of_column[url] = winner;
  }

  // Names, levels and codes: owners first (their children read against them).
  std::vector<std::string> names(s.bodies.size()), levels(s.bodies.size()), codes(s.bodies.size());
  std::vector<DiscoveredBody> out(s.bodies.size());
  std::set<std::string> site_names;
  for (size_t id = 0; id < s.bodies.size(); ++id) {
    const Body& b = s.bodies[id];
    DiscoveredBody& d = out[id];
    const Candidate* column = nullptr;
    for (const Candidate& c : b.candidates) {
      if (c.state == CandidateState::kConfirmed && owner_of_column[c.url] == static_cast<int>(id)) {
        column = &c;
        break;
      }
    }
    // Name: the report titles of its column, its page, its directory text,
    // the site's owner (docs/discovery-evidence.md, M5).
    if (column != nullptr) {
      std::map<std::string, int> votes;
      int named = 0;
      for (const std::string& t : column->titles) {
        const AgencyGuess g = AgencyFromReportTitle(t);
        if (g.name.empty()) continue;
        ++named;
        votes[g.name] += 1;
      }
      auto best = std::max_element(votes.begin(), votes.end(),
                                   [](const auto& a, const auto& b) { return a.second < b.second; });
      if (best != votes.end() && best->second * 2 > named) {
        d.agency = best->first;
        d.agency_evidence = std::to_string(best->second) + " of " + std::to_string(column->titles.size()) +
                            " report titles on its column name it";
      } else if (b.parent < 0 && b.page_read) {
        // A government's column also carries its departments' reports: the
        // owner is the name that is, or ends with, the site owner's.
        const std::string site_owner = AgencyOfSiteOwner(b.page).name;
        const std::pair<const std::string, int>* agreeing = nullptr;
        for (const auto& vote : votes) {
          const bool agrees = !site_owner.empty() && vote.first.size() >= site_owner.size() &&
                              vote.first.compare(vote.first.size() - site_owner.size(), site_owner.size(),
                                                 site_owner) == 0;
          if (agrees && (agreeing == nullptr || vote.second > agreeing->second)) agreeing = &vote;
        }
        if (agreeing != nullptr) {
          d.agency = agreeing->first;
          d.agency_evidence = std::to_string(agreeing->second) + " of " + std::to_string(column->titles.size()) +
                              " report titles on its column name it, the full name of the site's owner " +
                              site_owner;
        }
      }
    }
    const std::string parent_name = b.parent >= 0 ? names[b.parent] : "";
    if (d.agency.empty() && b.page_read) {
      const AgencyGuess g = b.parent < 0 ? AgencyOfSiteOwner(b.page) : AgencyFromPage(b.page);
      if (!g.name.empty()) {
        d.agency = g.name;
        d.agency_evidence = g.source + " of " + b.page_url + ": " + g.why;
      }
    }
    if (d.agency.empty() && b.parent >= 0) {
      const AgencyGuess g = AgencyFromDirectoryText(b.directory_text, parent_name);
      if (!g.name.empty()) {
        d.agency = g.name;
        d.agency_evidence = "its link in the directory " + b.directory_url + ": " + g.why;
      }
    }
    names[id] = d.agency;

    // Division: the place its name reads as (inside its parent's), else
    // its parent's. An owner's name is read inside the division its site
    // code covers when it has one (海州区 is in 连云港 and in 阜新: the code
    // 3207060001 decides), and a site code that neither contains the place
    // nor lies inside it leaves the code empty, both named in the evidence.
    const Division* parent_place = b.parent >= 0 && !codes[b.parent].empty() ? Divisions().Find(codes[b.parent]) : nullptr;
    const Division* site_place = b.parent < 0 && !b.site_code.empty() ? Divisions().FindCovering(b.site_code) : nullptr;
    const Division* place = nullptr;
    if (!d.agency.empty()) {
      place = PlaceOfName(d.agency, parent_place);
      if (site_place != nullptr) {
        const Division* within_site = PlaceOfName(d.agency, &Divisions().Place(*site_place));
        if (within_site != nullptr) {
          place = within_site;
        } else if (const Division* prefecture = Divisions().Prefecture(Divisions().Place(*site_place));
                   prefecture != nullptr) {
          place = PlaceOfName(d.agency, prefecture);
        }
      }
    }
    if (place != nullptr) {
      d.division_code = place->code;
      d.division_code_evidence = "the name " + d.agency + " reads as " + Divisions().FullName(*place);
      if (site_place != nullptr) {
        // Sites of districts are often registered under their city or
        // province (大兴: 1100000061): either may contain the other.
        const Division& site_division = Divisions().Place(*site_place);
        if (!Divisions().IsWithin(site_division, *place) && !Divisions().IsWithin(*place, site_division)) {
          d.division_code.clear();
          d.division_code_evidence = "none: the name reads as " + place->code + " but the site code " + b.site_code +
                                     " lies elsewhere";
        } else {
          d.division_code_evidence += "; the site code " + b.site_code + " agrees";
        }
      }
    } else if (parent_place != nullptr) {
      d.division_code = parent_place->code;
      d.division_code_evidence = "listed by " + names[b.parent] + " (" + parent_place->code +
                                 "); its name names no other division";
    }
    codes[id] = d.division_code;

    // Level: an owner's from its division; a listed body's from its name.
    if (b.parent < 0 && place != nullptr && !d.division_code.empty()) {
      if (place->level == DivisionLevel::kProvince) {
        d.level = "province";
      } else if (place->level == DivisionLevel::kPrefecture) {
        d.level = "city";
      } else {
        const std::string official = Divisions().OfficialName(*place);
        d.level = official.size() >= 3 && official.compare(official.size() - 3, 3, "区") == 0 ? "district" : "county";
      }
      d.level_evidence = Divisions().FullName(*place) + " is a " + std::string(DivisionLevelName(place->level)) +
                         "-level division";
    } else if (!d.agency.empty()) {
      const std::string parent_level =
          b.parent >= 0 ? (levels[b.parent] == "city" ? "city" : levels[b.parent] == "province" ? "province" : "") : "";
      const LevelGuess g = AgencyLevel(d.agency, parent_level);
      d.level = g.level;
      d.level_evidence = g.why;
    }
    levels[id] = d.level;

    if (column == nullptr) continue;
    d.entries.push_back(DiscoveredEntry{
        column->url, "link " + column->text + " on " + column->found_on + "; " +
                         std::to_string(column->titles.size()) + " report titles on " + column->confirmed_by +
                         (column->years.empty() ? "" : " (years " + JoinYears(column->years) + ")")});
    if (!column->cms.empty() && column->cms != "auto") {
      d.cms = column->cms;
      d.cms_evidence = "fingerprints of the column page";
    }
    std::string name = SiteNameFromUrl(b.page_url);
    for (int n = 2; site_names.count(name); ++n) name = SiteNameFromUrl(b.page_url) + "-" + std::to_string(n);
    site_names.insert(name);
    d.name = name;
    d.name_evidence = "from the body's page " + b.page_url;
  }

  for (size_t id = 0; id < s.bodies.size(); ++id) {
    const Body& b = s.bodies[id];
    const std::string who = !out[id].agency.empty() ? out[id].agency : b.directory_text;
    for (const Candidate& c : b.candidates) {
      if (c.state == CandidateState::kRejected || c.state == CandidateState::kUnconfirmed ||
          c.state == CandidateState::kRendering) {
        r.candidates_rejected.push_back(DiscoveryNote{
            c.state == CandidateState::kRejected ? "rejected" : "unconfirmed", c.url, who,
            c.evidence + (c.state == CandidateState::kRendering ? "; not rendered (the walk was cut short)" : "")});
      } else if (c.state == CandidateState::kConfirmed && owner_of_column.at(c.url) != static_cast<int>(id)) {
        const int holder = owner_of_column.at(c.url);
        r.candidates_rejected.push_back(DiscoveryNote{
            "claimed", c.url, who,
            holder >= 0 ? "the column of " + (out[holder].agency.empty() ? s.bodies[holder].page_url : out[holder].agency)
                        : "several bodies' pages lead to it; whose it is is not decided"});
      }
    }
    if (!out[id].entries.empty()) {
      r.bodies.push_back(std::move(out[id]));
      continue;
    }
    std::string why;
    if (!b.failure.empty()) {
      why = "its page failed: " + b.failure;
    } else if (b.candidates.empty()) {
      why = "no link on its pages reads as its annual-report column";
    } else {
      why = std::to_string(b.candidates.size()) + " column candidates, none confirmed";
    }
    r.no_column.push_back(DiscoveryNote{"no_column", b.page_url, who, why});
  }
  return r;
}

}  // namespace govharvest
