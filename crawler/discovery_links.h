// Discovery, first slice (issue 16): the links of one fetched page, read for
// `govharvest discover`. For each link: its text as a reader sees it, whether
// it stays in the discovery scope, and how strongly it reads as the way to
// the disclosure platform (政务公开 / 政府信息公开), to a body's own
// annual-report column (政府信息公开年报) or to a directory of departments or
// townships (部门信息公开, 乡镇（街道）信息公开). Across pages of several
// bodies, the navigation they share (a platform's menus repeated on every
// page) is told apart from each page's own links.
//
// Pure functions over UTF-8 HTML: nothing is fetched, nothing is followed.
// Links are found by ExtractCandidateLinks (crawler/links.h): anchors, image
// links, <option value=URL> of dropdowns, onclick and data-url targets,
// literal script redirects, and links in the HTML inline scripts write
// (document.write). The rules and the real-world facts behind them
// are in docs/discovery-evidence.md, "Mechanisms" M1 (scope), M2 (scoring)
// and M4 (whose link is it).
#ifndef GOVHARVEST_CRAWLER_DISCOVERY_LINKS_H_
#define GOVHARVEST_CRAWLER_DISCOVERY_LINKS_H_

#include <array>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace govharvest {

// ---------------------------------------------------------------- scope (M1)

// The registrable domain of `url`'s host (Public Suffix List, via
// RegistrableDomain in crawler/url.h): "http://xxgk.hd.gov.cn/a" ->
// "hd.gov.cn". An IP address gives itself; "" for anything that is not an
// absolute http(s) URL.
std::string UrlRegistrableDomain(std::string_view url);

enum class ScopeMode {
  kDomain,  // the start URLs' registrable domains: a platform on a second host is in
  kHost,    // the start URLs' hosts only (shared platform domains such as beijing.gov.cn)
};

enum class LinkScope {
  kInScope,        // may be followed
  kOtherGovSite,   // outside the scope, on a *.gov.cn host: never followed, reported (a body
                   // listed by its parent may be a start URL of its own)
  kOutOfScope,     // outside the scope and not a government host (mirrors, commercial
                   // sites) or not an http(s) URL: never followed
};
std::string_view LinkScopeName(LinkScope scope);  // "in_scope" | "other_gov_site" | "out_of_scope"

// Where discovery may go. Invariant: a URL is in scope exactly when its host
// is an allowed host, or (kDomain) its registrable domain is a start URL's.
class DiscoveryScope {
 public:
  // Start URLs that are not absolute http(s) URLs add nothing.
  DiscoveryScope(ScopeMode mode, const std::vector<std::string>& start_urls);

  // Admits one more host, in either mode (a config's allowed hosts; with
  // kHost, the platform host a start page links). Lower-cased, no port.
  void AllowHost(std::string_view host);

  LinkScope Classify(std::string_view url) const;
  bool Contains(std::string_view url) const { return Classify(url) == LinkScope::kInScope; }

 private:
  ScopeMode mode_;
  std::set<std::string> domains_;  // kDomain: registrable domains of the start URLs
  std::set<std::string> hosts_;    // start hosts and allowed hosts
};

// ---------------------------------------------------------------- scoring (M2)

enum class DiscoveryRole { kPlatform = 0, kColumn = 1, kDirectory = 2 };
inline constexpr size_t kDiscoveryRoleCount = 3;
std::string_view DiscoveryRoleName(DiscoveryRole role);  // "platform" | "column" | "directory"

// How strongly a link reads as playing one role. Invariants:
//  - score == kVetoed exactly when a veto matched (a look-alike, a news or
//    guide column, a links box); `why` names it;
//  - score > 0 needs evidence in the text: kStrongText (the text is one of
//    the role's names, possibly after a place name: 邯郸市政府信息公开) or
//    kWeakText (a short text that contains one, or a generic name such as
//    年报 that only counts under a platform or body page), plus at most
//    kUrlTieBreak when the URL carries one of the role's tokens (zfxxgknb,
//    xxgk, bmxxgk ...). URL tokens never score alone: slugs are numbered,
//    hashed or misleading;
//  - score == 0: no text evidence; `why` still names URL tokens seen.
struct RoleScore {
  static constexpr int kVetoed = -1;
  static constexpr int kWeakText = 10;
  static constexpr int kStrongText = 20;
  static constexpr int kUrlTieBreak = 1;

  int score = 0;
  std::string why;  // "" when nothing was seen
};

// Link text as compared: ASCII whitespace, U+00A0, U+3000 and zero-width
// characters removed (menus pad and split names: 政府信息<br>公开年报).
std::string NormalizeLinkText(std::string_view text);

// The three role scores of a link with normalized `text` to `url`, indexed
// by DiscoveryRole. `url` may be "" (then no URL evidence).
std::array<RoleScore, kDiscoveryRoleCount> ScoreLink(std::string_view text, std::string_view url);

// ---------------------------------------------------------------- one page

struct DiscoveryLink {
  std::string url;        // absolute, canonical; never ""
  std::string text;       // NormalizeLinkText of what the reader sees (see text_from); may be ""
  std::string text_from;  // "text" | "title" | "alt" | "option" | "" (no text at all)
  std::string kind;       // PageLink::kind: "a", "option", "onclick", "area", "iframe", ...
  // For an <option>: the label of its <select> (the first option that holds
  // no URL, e.g. 乡镇（街道）信息公开 or 县市区政府网站), normalized; else "".
  std::string group;
  // True for an <option> whose select label reads as a directory
  // (ScoreLink(group) directory score > 0): the option is one body's entry.
  bool directory_entry = false;
  LinkScope scope = LinkScope::kOutOfScope;
  std::array<RoleScore, kDiscoveryRoleCount> roles;
  // Set by SharedNavigation::Mark: the (url, text) pair is on the pages of
  // two or more bodies, so it is the platform owner's, not this page's.
  bool shared = false;
  // The evidence in one line: scope, text source, each role that scored or
  // was vetoed, "shared navigation (N bodies)" once marked.
  std::string why;

  int Score(DiscoveryRole role) const { return roles[static_cast<size_t>(role)].score; }
  const RoleScore& Role(DiscoveryRole role) const { return roles[static_cast<size_t>(role)]; }
};

// The links of the page `html` fetched from `page_url`, in document order,
// each with its text, scope and role scores. Invariants: every link has a
// URL (placeholders such as href="#" or javascript:void(0) are not links);
// one entry per (url, text) pair, the first in the document; the page's own
// URL is not a link.
std::vector<DiscoveryLink> ReadDiscoveryLinks(std::string_view html, std::string_view page_url,
                                              const DiscoveryScope& scope);

// The links of `links` that may play `role`, best first: in scope, not
// shared, score > 0. One per URL (its best-scored text); equal scores keep
// document order. Several URLs at the top score mean the page alone cannot
// decide (the command confirms a column by its list, M2).
std::vector<const DiscoveryLink*> RankLinks(const std::vector<DiscoveryLink>& links, DiscoveryRole role);

// ---------------------------------------------------------------- chrome (M4)

// Navigation shared by the pages of several bodies. A platform repeats its
// owner's menus on every page, so a department page on a city platform
// carries the city's 年报 link next to (or instead of) its own. Invariant: a
// (url, text) pair is shared exactly when pages of two or more different
// bodies carry it; pages of one body count once, however many were added.
// On the owner's own pages a shared link is still the owner's: the caller
// knows which body owns the platform.
class SharedNavigation {
 public:
  // Records the links of one page of `body` (any key that names the body,
  // e.g. the URL of its directory entry).
  void AddPage(std::string_view body, const std::vector<DiscoveryLink>& links);

  // The number of different bodies whose pages carry (url, text).
  size_t BodiesLinking(std::string_view url, std::string_view text) const;
  bool IsShared(std::string_view url, std::string_view text) const { return BodiesLinking(url, text) >= 2; }

  // Sets `shared` (and adds it to `why`) on every shared link of `links`.
  void Mark(std::vector<DiscoveryLink>* links) const;

 private:
  std::map<std::pair<std::string, std::string>, std::set<std::string>> bodies_;  // (url, text) -> bodies
};

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_DISCOVERY_LINKS_H_
