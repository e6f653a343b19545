// Discovery links: one page's links read for the platform, the 年报 column
// and the directories (docs/discovery-evidence.md, M1, M2, M4).

#include "crawler/discovery_links.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "crawler/ascii.h"
#include "crawler/links.h"
#include "crawler/report_title.h"
#include "crawler/url.h"
#include "crawler/utf8.h"

namespace govharvest {

namespace {

using ascii::Contains;
using ascii::Lower;

using utf8::AllHan;
constexpr auto CodePoints = utf8::Length;
constexpr auto NextCodePoint = utf8::Next;

// Spaces menus pad names with, and characters that never show.
bool IsInvisible(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0xA0 ||
         cp == 0x3000 || cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0xFEFF;
}

// The text as compared with the names of each role: normalized, and without
// brackets (乡镇（街道）信息公开 is 乡镇街道信息公开).
std::string MatchKey(std::string_view text) {
  const std::string normalized = NormalizeLinkText(text);
  std::string out;
  for (size_t i = 0; i < normalized.size();) {
    const size_t start = i;
    const char32_t cp = NextCodePoint(normalized, &i);
    if (cp == '(' || cp == ')' || cp == '[' || cp == ']' || cp == 0xFF08 || cp == 0xFF09 || cp == 0x3010 ||
        cp == 0x3011 || cp == 0x3014 || cp == 0x3015) {
      continue;
    }
    out.append(normalized.substr(start, i - start));
  }
  return out;
}

// ------------------------------------------------------------ URL tokens

// The words of a URL's path and query and of its host labels left of the
// registrable domain, lower-cased, with leading and trailing digits cut
// (zfxxgknb82 -> zfxxgknb, 2023nb -> nb); pure numbers dropped.
std::vector<std::string> UrlTokens(std::string_view url) {
  std::vector<std::string> tokens;
  UrlParts parts;
  if (!SplitUrl(url, &parts).ok()) return tokens;
  auto add_words = [&tokens](std::string_view s) {
    const std::string lower = Lower(s);
    size_t i = 0;
    while (i < lower.size()) {
      while (i < lower.size() && !std::isalnum(static_cast<unsigned char>(lower[i]))) ++i;
      size_t j = i;
      while (j < lower.size() && std::isalnum(static_cast<unsigned char>(lower[j]))) ++j;
      std::string_view word = std::string_view(lower).substr(i, j - i);
      while (!word.empty() && ascii::IsDigit(word.front())) word.remove_prefix(1);
      while (!word.empty() && ascii::IsDigit(word.back())) word.remove_suffix(1);
      if (!word.empty()) tokens.emplace_back(word);
      i = j;
    }
  };
  const std::string domain = RegistrableDomain(parts.host);
  if (parts.host.size() > domain.size() + 1 && parts.host.ends_with("." + domain)) {
    add_words(std::string_view(parts.host).substr(0, parts.host.size() - domain.size() - 1));
  }
  add_words(parts.path_and_query);
  return tokens;
}

// A rule token of five letters or more matches inside a URL word (hdzfxxgk
// holds zfxxgk); shorter ones (nb, jd, xxgk) only as the whole word.
std::string_view MatchingToken(const std::vector<std::string>& url_tokens,
                               const std::vector<std::string_view>& rule_tokens) {
  for (std::string_view rule : rule_tokens) {
    for (const std::string& token : url_tokens) {
      if (rule.size() >= 5 ? Contains(token, rule) : token == rule) return rule;
    }
  }
  return {};
}

// ------------------------------------------------------------ role names

struct RoleRules {
  std::vector<std::string_view> strong;       // the role's names (match keys)
  std::vector<std::string_view> weak_exact;   // generic names
  std::vector<std::string_view> weak_suffix;  // short texts ending so
  std::vector<std::string_view> vetoes;       // words that say it is something else
  std::vector<std::string_view> url_tokens;   // tie-breakers
  std::vector<std::string_view> url_vetoes;   // look-alike slugs
};

// docs/discovery-evidence.md, M2 (table), with the names seen in 1.1-3.5.
const RoleRules& Rules(DiscoveryRole role) {
  static const RoleRules kPlatform = {
      {"政府信息公开", "信息公开", "政务公开", "政府信息公开目录", "信息公开目录", "法定主动公开内容"},
      {},
      {"信息公开专栏", "政务公开专栏", "公开专栏", "公开平台"},
      {"依申请公开", "指南", "制度", "规定", "意见箱", "动态", "友情链接"},
      {"zwgk", "xxgk", "zfxxgk", "gkml", "fdzdgknr", "fdgknr", "gkmlpt", "gongkai"},
      {},
  };
  static const RoleRules kColumn = {
      {"政府信息公开年报", "政府信息公开工作年度报告", "政府信息公开年度报告", "政府信息公开工作年报",
       "信息公开年报", "信息公开工作年度报告", "信息公开年度报告", "公开年报", "部门公开年报",
       "部门信息公开年度报告"},
      {"年度报告", "年报"},
      {},
      // ClassifyReportTitle's look-alikes are checked besides these.
      // 报表: 政府网站年度工作报表 is not in report_title.h's list (it has 年度报表).
      {"网站年度报告", "网站工作年度报告", "网站年报", "报表"},
      {"zfxxgknb", "xxgknb", "gknb", "ndbg", "nb", "xxgkndbg"},
      {"fzzfjsndbg", "zfwzgzndbb", "zfgzndbb", "ndgzbb", "czyjs", "tjgb"},
  };
  static const RoleRules kDirectory = {
      {"部门信息公开", "部门公开", "信息公开部门目录", "部门政务公开", "部门信息公开目录", "政府部门信息公开",
       "县级部门政府信息公开目录", "县级部门信息公开", "县直部门", "区直部门", "市直部门", "乡镇街道信息公开",
       "乡镇信息公开", "乡镇信息公开目录", "镇信息公开目录", "街道信息公开", "镇街公开", "乡镇街道",
       "部门和乡镇信息公开"},
      {"部门", "乡镇", "街道", "镇街"},
      // 区政府部门, 街乡镇 (大兴's year folders); not 街道, which ends a street office's name.
      {"部门", "乡镇"},
      {"内设机构", "下属单位", "动态", "网站", "友情链接"},
      {"bmxxgk", "bmgk", "gszbm", "zcbm", "xzjd", "xzxxgk", "bmhxzxxgk", "xzjdbmdw", "jd"},
      {},
  };
  switch (role) {
    case DiscoveryRole::kPlatform:
      return kPlatform;
    case DiscoveryRole::kColumn:
      return kColumn;
    case DiscoveryRole::kDirectory:
      break;
  }
  return kDirectory;
}

constexpr size_t kShortText = 16;  // code points: navigation names are short, titles are not

// A place name before a role's name (邯郸市 in 邯郸市政府信息公开, 县 in
// 县政府信息公开): Han only, at most 10 characters, ending in a level word or
// 政府, and not a generic word of the directories (乡镇, 部门, 街道 alone).
bool IsPlacePrefix(std::string_view p) {
  if (!AllHan(p) || CodePoints(p) > 10) return false;
  for (std::string_view generic : {"部门", "乡镇", "镇街", "单位", "企业", "机构"}) {
    if (Contains(p, generic)) return false;
  }
  if (p == "街道") return false;
  for (std::string_view end : {"省", "市", "县", "区", "州", "旗", "盟", "镇", "乡", "街道", "政府"}) {
    if (p.ends_with(end)) return true;
  }
  return false;
}

enum class TextTier { kNone, kWeak, kStrong };

struct TextMatch {
  TextTier tier = TextTier::kNone;
  std::string why;
};

// The exact names of `role` matched by `key`; "" when none.
std::string_view ExactName(DiscoveryRole role, std::string_view key) {
  for (std::string_view name : Rules(role).strong) {
    if (key == name) return name;
  }
  return {};
}

TextMatch MatchText(DiscoveryRole role, std::string_view key, bool prefix_allowed) {
  const RoleRules& rules = Rules(role);
  if (key.empty()) return {};
  if (std::string_view name = ExactName(role, key); !name.empty()) {
    return {TextTier::kStrong, "strong text " + std::string(name)};
  }
  if (prefix_allowed) {
    for (std::string_view name : rules.strong) {
      if (key.size() > name.size() && key.ends_with(name) && IsPlacePrefix(key.substr(0, key.size() - name.size()))) {
        return {TextTier::kStrong, "strong text " + std::string(name) + " after place " +
                                       std::string(key.substr(0, key.size() - name.size()))};
      }
    }
  }
  for (std::string_view name : rules.weak_exact) {
    if (key == name) {
      return {TextTier::kWeak, "weak text: generic " + std::string(name) + " (counts under a platform or body page)"};
    }
  }
  if (role == DiscoveryRole::kColumn) {
    for (std::string_view name : rules.strong) {
      if (!Contains(key, name)) continue;
      if (TitleYear(key) > 0 || (key.size() >= 4 && ascii::ReadDigits(key, 0, 4) >= 2000)) {
        return {TextTier::kNone, "names a year: a report or a year folder, not the column"};
      }
      if (CodePoints(key) > kShortText) return {};
      return {TextTier::kWeak, "weak text: contains " + std::string(name)};
    }
    return {};
  }
  if (CodePoints(key) > kShortText) return {};
  for (std::string_view suffix : rules.weak_suffix) {
    if (key.ends_with(suffix)) return {TextTier::kWeak, "weak text: ends with " + std::string(suffix)};
  }
  if (role == DiscoveryRole::kPlatform) return {};
  // Directory: a short text naming departments or townships and disclosure,
  // and no report column (部门公开年报 is a column).
  if (Contains(key, "年报") || Contains(key, "年度报告")) return {};
  for (std::string_view who : {"部门", "乡镇", "街道", "镇街"}) {
    if (!Contains(key, who)) continue;
    for (std::string_view what : {"信息公开", "政务公开", "公开目录"}) {
      if (Contains(key, what)) return {TextTier::kWeak, "weak text: " + std::string(who) + " + " + std::string(what)};
    }
  }
  return {};
}

RoleScore ScoreRole(DiscoveryRole role, std::string_view key, const std::vector<std::string>& tokens,
                    bool prefix_allowed) {
  const RoleRules& rules = Rules(role);
  RoleScore out;
  for (std::string_view veto : rules.vetoes) {
    if (Contains(key, veto)) return {RoleScore::kVetoed, "veto " + std::string(veto)};
  }
  if (role == DiscoveryRole::kColumn && !key.empty()) {
    TitleClass c = ClassifyReportTitle(key);
    if (c.reason.starts_with("look-alike: ")) return {RoleScore::kVetoed, "veto " + c.reason};
  }
  TextMatch text = MatchText(role, key, prefix_allowed);
  const std::string_view slug_veto = MatchingToken(tokens, rules.url_vetoes);
  if (!slug_veto.empty()) {
    if (text.tier != TextTier::kStrong) return {RoleScore::kVetoed, "veto url slug " + std::string(slug_veto)};
    text.tier = TextTier::kWeak;
    text.why += "; url slug " + std::string(slug_veto) + " (a look-alike's) disagrees: demoted to weak";
  }
  const std::string_view token = MatchingToken(tokens, rules.url_tokens);
  switch (text.tier) {
    case TextTier::kStrong:
      out.score = RoleScore::kStrongText;
      break;
    case TextTier::kWeak:
      out.score = RoleScore::kWeakText;
      break;
    case TextTier::kNone:
      out.why = text.why;
      if (!token.empty()) {
        out.why += (out.why.empty() ? "" : "; ") + ("url token " + std::string(token) + " alone (not evidence)");
      }
      return out;
  }
  out.why = std::move(text.why);
  if (!token.empty()) {
    out.score += RoleScore::kUrlTieBreak;
    out.why += "; url " + std::string(token);
  }
  return out;
}

// ------------------------------------------------------------ page reading

// The text from just after the start tag at `tag_start` to the next tag,
// decoded and normalized: an <option>'s text, whether or not it is closed.
std::string TextAfterTag(std::string_view html, size_t tag_start) {
  const size_t tag_end = html.find('>', tag_start);
  if (tag_end == std::string_view::npos) return "";
  size_t text_end = html.find('<', tag_end + 1);
  if (text_end == std::string_view::npos) text_end = html.size();
  return NormalizeLinkText(DecodeCharacterReferences(html.substr(tag_end + 1, text_end - tag_end - 1)));
}

// The alt texts of the images inside html[start, end) (a link's element).
std::vector<std::string> ImageAlts(std::string_view html, size_t start, size_t end) {
  std::vector<std::string> alts;
  if (start >= end || end > html.size()) return alts;
  const std::string_view element = html.substr(start, end - start);
  const std::string lower = Lower(element);
  for (size_t at = lower.find("<img", 1); at != std::string::npos; at = lower.find("<img", at + 4)) {
    const size_t close = element.find('>', at);
    const std::optional<std::string> alt =
        StartTagAttribute(element.substr(at, close == std::string_view::npos ? std::string_view::npos : close - at + 1), "alt");
    if (alt && !NormalizeLinkText(*alt).empty()) alts.push_back(NormalizeLinkText(*alt));
  }
  return alts;
}

// The label of the <select> that holds the <option> starting at `option_start`:
// its first option without a URL value (区政府部门网站, 乡镇（街道）信息公开).
std::string SelectLabel(std::string_view html, const std::string& lower_html, size_t option_start) {
  const size_t select = lower_html.rfind("<select", option_start);
  if (select == std::string::npos) return "";
  if (const size_t closed = lower_html.find("</select", select); closed != std::string::npos && closed < option_start) {
    return "";
  }
  const size_t select_end = lower_html.find("</select", option_start);
  for (size_t at = lower_html.find("<option", select); at != std::string::npos && at < select_end;
       at = lower_html.find("<option", at + 7)) {
    const size_t tag_end = html.find('>', at);
    if (tag_end == std::string_view::npos) return "";
    const std::optional<std::string> value = StartTagAttribute(html.substr(at, tag_end - at + 1), "value");
    if (value && IsUrlLike(*value)) continue;
    return TextAfterTag(html, at);
  }
  return "";
}

std::string DescribeScope(LinkScope scope, std::string_view url) {
  switch (scope) {
    case LinkScope::kInScope:
      return "in scope";
    case LinkScope::kOtherGovSite:
      return "other gov site " + UrlRegistrableDomain(url) + " (not followed)";
    case LinkScope::kOutOfScope:
      break;
  }
  return "out of scope (not followed)";
}

}  // namespace

// ---------------------------------------------------------------- scope

std::string UrlRegistrableDomain(std::string_view url) {
  UrlParts parts;
  if (!SplitUrl(url, &parts).ok()) return "";
  return RegistrableDomain(parts.host);
}

std::string_view LinkScopeName(LinkScope scope) {
  switch (scope) {
    case LinkScope::kInScope:
      return "in_scope";
    case LinkScope::kOtherGovSite:
      return "other_gov_site";
    case LinkScope::kOutOfScope:
      break;
  }
  return "out_of_scope";
}

DiscoveryScope::DiscoveryScope(ScopeMode mode, const std::vector<std::string>& start_urls) : mode_(mode) {
  for (const std::string& url : start_urls) {
    UrlParts parts;
    if (!SplitUrl(url, &parts).ok()) continue;
    hosts_.insert(parts.host);
    if (mode_ == ScopeMode::kDomain) domains_.insert(RegistrableDomain(parts.host));
  }
}

void DiscoveryScope::AllowHost(std::string_view host) {
  std::string h = Lower(ascii::Trim(host));
  if (const size_t colon = h.rfind(':'); colon != std::string::npos && h.find(':') == colon) h.resize(colon);
  if (!h.empty()) hosts_.insert(std::move(h));
}

LinkScope DiscoveryScope::Classify(std::string_view url) const {
  UrlParts parts;
  if (!SplitUrl(url, &parts).ok()) return LinkScope::kOutOfScope;
  if (hosts_.count(parts.host) > 0) return LinkScope::kInScope;
  const std::string domain = RegistrableDomain(parts.host);
  if (mode_ == ScopeMode::kDomain && domains_.count(domain) > 0) return LinkScope::kInScope;
  if (parts.host == "gov.cn" || parts.host.ends_with(".gov.cn")) return LinkScope::kOtherGovSite;
  return LinkScope::kOutOfScope;
}

// ---------------------------------------------------------------- scoring

std::string_view DiscoveryRoleName(DiscoveryRole role) {
  switch (role) {
    case DiscoveryRole::kPlatform:
      return "platform";
    case DiscoveryRole::kColumn:
      return "column";
    case DiscoveryRole::kDirectory:
      break;
  }
  return "directory";
}

std::string NormalizeLinkText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    if (IsInvisible(NextCodePoint(text, &i))) continue;
    out.append(text.substr(start, i - start));
  }
  return out;
}

std::array<RoleScore, kDiscoveryRoleCount> ScoreLink(std::string_view text, std::string_view url) {
  const std::string key = MatchKey(text);
  const std::vector<std::string> tokens = url.empty() ? std::vector<std::string>{} : UrlTokens(url);
  // A text that is one role's exact name is not read as another role's name
  // after a place: 镇信息公开目录 is the towns' directory, not a town's platform.
  bool exact_somewhere = false;
  for (size_t r = 0; r < kDiscoveryRoleCount; ++r) {
    exact_somewhere = exact_somewhere || !ExactName(static_cast<DiscoveryRole>(r), key).empty();
  }
  std::array<RoleScore, kDiscoveryRoleCount> scores;
  for (size_t r = 0; r < kDiscoveryRoleCount; ++r) {
    const auto role = static_cast<DiscoveryRole>(r);
    const bool prefix_allowed = !exact_somewhere || !ExactName(role, key).empty();
    scores[r] = ScoreRole(role, key, tokens, prefix_allowed);
  }
  return scores;
}

// ---------------------------------------------------------------- one page

namespace {

// The links of `html`; with `read_scripts`, also those of the HTML its
// inline scripts write (document.write('<li><a href=…>…</a></li>'): menus
// of 大兴's department pages), once, after the page's own.
std::vector<DiscoveryLink> ReadLinks(std::string_view html, std::string_view page_url, const DiscoveryScope& scope,
                                     bool read_scripts) {
  std::vector<DiscoveryLink> out;
  std::string page;
  if (!CanonicalizeUrl(page_url, &page).ok()) page.clear();
  std::vector<std::string_view> scripts;
  const std::vector<PageLink> links = ExtractCandidateLinks(html, page_url, &scripts);
  std::string lower_html;  // only for pages with dropdowns
  std::set<std::pair<std::string, std::string>> seen;
  for (const PageLink& link : links) {
    if (link.url.empty() || link.url == page) continue;
    DiscoveryLink d;
    d.url = link.url;
    d.kind = link.kind;
    if (link.kind == "option") {
      // Up to the next tag: the scanner's text of an unclosed last option
      // runs on past </select>.
      d.text = TextAfterTag(html, link.start_offset);
      d.text_from = d.text.empty() ? "" : "option";
      if (lower_html.empty()) lower_html = Lower(html);
      d.group = SelectLabel(html, lower_html, link.start_offset);
    } else {
      // The scanner adds an image's alt to the element's text; the words a
      // reader sees come first, then the title, then the alt.
      std::string visible = NormalizeLinkText(link.text);
      const std::vector<std::string> alts = ImageAlts(html, link.start_offset, link.end_offset);
      std::string alt_text;
      for (const std::string& alt : alts) {
        if (const size_t at = visible.find(alt); at != std::string::npos) visible.erase(at, alt.size());
        alt_text += alt;
      }
      const std::string title = NormalizeLinkText(link.title);
      if (!visible.empty()) {
        d.text = std::move(visible);
        d.text_from = "text";
      } else if (!title.empty()) {
        d.text = title;
        d.text_from = "title";
      } else if (!alt_text.empty()) {
        d.text = std::move(alt_text);
        d.text_from = "alt";
      }
    }
    if (!seen.emplace(d.url, d.text).second) continue;
    d.scope = scope.Classify(d.url);
    d.roles = ScoreLink(d.text, d.url);
    if (!d.group.empty()) {
      const RoleScore group = ScoreLink(d.group, "")[static_cast<size_t>(DiscoveryRole::kDirectory)];
      d.directory_entry = group.score > 0;
      d.why = std::string(d.directory_entry ? "entry of the dropdown " : "option of the dropdown ") + d.group + " (" +
              (group.why.empty() ? "not a directory" : group.why) + ")";
    }
    std::string why = DescribeScope(d.scope, d.url);
    if (d.text_from.empty()) {
      why += "; no text";
    } else if (d.text_from != "text") {
      why += "; text from " + d.text_from;
    }
    if (!d.why.empty()) why += "; " + d.why;
    for (size_t r = 0; r < kDiscoveryRoleCount; ++r) {
      const RoleScore& s = d.roles[r];
      if (s.why.empty()) continue;
      why += "; " + std::string(DiscoveryRoleName(static_cast<DiscoveryRole>(r))) + " " + std::to_string(s.score) +
             ": " + s.why;
    }
    d.why = std::move(why);
    out.push_back(std::move(d));
  }
  if (!read_scripts) return out;
  for (std::string_view script : scripts) {
    std::string written;
    for (std::string& literal : JsStringLiterals(script)) {
      if (literal.find('<') != std::string::npos || !written.empty()) written += literal;
    }
    if (written.find("<a") == std::string::npos && written.find("<A") == std::string::npos) continue;
    for (DiscoveryLink& d : ReadLinks(written, page_url, scope, false)) {
      if (!seen.emplace(d.url, d.text).second) continue;
      d.why += "; written by a script";
      out.push_back(std::move(d));
    }
  }
  return out;
}

}  // namespace

std::vector<DiscoveryLink> ReadDiscoveryLinks(std::string_view html, std::string_view page_url,
                                              const DiscoveryScope& scope) {
  return ReadLinks(html, page_url, scope, true);
}

std::vector<const DiscoveryLink*> RankLinks(const std::vector<DiscoveryLink>& links, DiscoveryRole role) {
  // Invariant: `best` holds, per URL, the first link with its highest score;
  // `order` the URLs in the order of their first eligible link.
  std::map<std::string_view, const DiscoveryLink*> best;
  std::vector<std::string_view> order;
  for (const DiscoveryLink& link : links) {
    if (link.scope != LinkScope::kInScope || link.shared || link.Score(role) <= 0) continue;
    auto [it, inserted] = best.emplace(link.url, &link);
    if (inserted) {
      order.push_back(link.url);
    } else if (link.Score(role) > it->second->Score(role)) {
      it->second = &link;
    }
  }
  std::vector<const DiscoveryLink*> ranked;
  for (std::string_view url : order) ranked.push_back(best[url]);
  std::stable_sort(ranked.begin(), ranked.end(), [role](const DiscoveryLink* a, const DiscoveryLink* b) {
    return a->Score(role) > b->Score(role);
  });
  return ranked;
}

// ---------------------------------------------------------------- chrome

void SharedNavigation::AddPage(std::string_view body, const std::vector<DiscoveryLink>& links) {
  for (const DiscoveryLink& link : links) bodies_[{link.url, link.text}].emplace(body);
}

size_t SharedNavigation::BodiesLinking(std::string_view url, std::string_view text) const {
  auto it = bodies_.find({std::string(url), std::string(text)});
  return it == bodies_.end() ? 0 : it->second.size();
}

void SharedNavigation::Mark(std::vector<DiscoveryLink>* links) const {
  for (DiscoveryLink& link : *links) {
    const size_t n = BodiesLinking(link.url, link.text);
    if (n < 2) continue;
    link.shared = true;
    link.why += "; shared navigation (" + std::to_string(n) + " bodies)";
  }
}

}  // namespace govharvest
