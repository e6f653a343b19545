#include "crawler/robots.h"

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <utility>

namespace govharvest {

namespace {

// RFC 9309 2.5: crawlers must parse at least the first 500 KiB.
constexpr size_t kMaxBodyBytes = 500 * 1024;
// Crawl-delay values are saturated here (about 11.5 days) so that the
// conversion to milliseconds cannot overflow; callers apply their own cap.
constexpr int64_t kMaxCrawlDelayMs = int64_t{1000} * 1000 * 1000;

constexpr char kHexDigits[] = "0123456789ABCDEF";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }

char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 2.3 unreserved characters.
bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

void AppendEscaped(unsigned char c, std::string* out) {
  out->push_back('%');
  out->push_back(kHexDigits[c >> 4]);
  out->push_back(kHexDigits[c & 0xf]);
}

// Percent-encoding normal form shared by paths and patterns (RFC 9309 2.2.2),
// so that equal URLs compare equal octet by octet:
//   %xx          -> the octet itself if unreserved, else %XX (upper-case hex)
//   stray '%'    -> %25
//   octets >= 0x80 (e.g. UTF-8), controls, space, DEL -> %XX
//   '*'          -> kept as the wildcard in a pattern, %2A in a path
//   '$'          -> kept as the end anchor when last in a pattern, else %24
// Hence in a normalized path '*' and '$' never occur, and a pattern may use
// %2A / %24 to match those characters literally (RFC 9309 2.2.3).
std::string Normalize(std::string_view s, bool is_pattern) {
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '%') {
      int hi = i + 2 < s.size() ? HexValue(s[i + 1]) : -1;
      int lo = hi >= 0 ? HexValue(s[i + 2]) : -1;
      if (lo < 0) {
        out.append("%25");
        continue;
      }
      const auto decoded = static_cast<unsigned char>(hi * 16 + lo);
      if (IsUnreserved(decoded)) {
        out.push_back(static_cast<char>(decoded));
      } else {
        AppendEscaped(decoded, &out);
      }
      i += 2;
    } else if (c >= 0x80 || c <= 0x20 || c == 0x7f) {
      AppendEscaped(c, &out);
    } else if (c == '*') {
      if (is_pattern) {
        out.push_back('*');
      } else {
        AppendEscaped(c, &out);
      }
    } else if (c == '$') {
      if (is_pattern && i + 1 == s.size()) {
        out.push_back('$');
      } else {
        AppendEscaped(c, &out);
      }
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// True if normalized `path` matches normalized `pattern`: literal octets,
// '*' for any sequence, and a final '$' anchoring the end; without '$' the
// pattern need only match a prefix of `path`.
//
// The pattern is split at '*' into segments. The first must be a prefix;
// each middle segment is placed at its leftmost occurrence after the previous
// one (leftmost placement never loses a match, since it leaves the longest
// remainder); the last must be a suffix if anchored, else occur anywhere after.
// No backtracking: cost is O(|path| * |pattern|) at worst, linear in practice.
bool Matches(std::string_view path, std::string_view pattern) {
  const bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);

  size_t star = pattern.find('*');
  if (star == std::string_view::npos) {
    return anchored ? path == pattern : path.starts_with(pattern);
  }
  if (!path.starts_with(pattern.substr(0, star))) return false;
  size_t pos = star;  // path[0, pos) is consumed
  pattern.remove_prefix(star + 1);

  while ((star = pattern.find('*')) != std::string_view::npos) {
    std::string_view segment = pattern.substr(0, star);
    pattern.remove_prefix(star + 1);
    if (segment.empty()) continue;
    size_t at = path.find(segment, pos);
    if (at == std::string_view::npos) return false;
    pos = at + segment.size();
  }
  // `pattern` is now the segment after the last '*'.
  if (anchored) return path.size() - pos >= pattern.size() && path.ends_with(pattern);
  return path.find(pattern, pos) != std::string_view::npos;
}

// The product token at the start of `s`: the longest prefix of letters, '_'
// and '-' (RFC 9309 2.2.1), so "GovHarvest/1.0 (+url)" -> "GovHarvest".
std::string_view ProductToken(std::string_view s) {
  size_t n = 0;
  while (n < s.size()) {
    char c = s[n];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
    if (!ok) break;
    ++n;
  }
  return s.substr(0, n);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ToLower(a[i]) != ToLower(b[i])) return false;
  }
  return true;
}

enum class Key { kUserAgent, kAllow, kDisallow, kCrawlDelay, kSitemap, kUnknown };

// Classifies a trimmed key case-insensitively, accepting the common typos and
// spellings Google's parser accepts (e.g. "useragent", "user agent", "disalow").
Key ClassifyKey(std::string_view raw) {
  // Lower-case, with internal whitespace runs folded into one ' '.
  std::string key;
  for (char c : raw) {
    if (IsSpace(c)) {
      if (!key.empty() && key.back() != ' ') key.push_back(' ');
    } else {
      key.push_back(ToLower(c));
    }
  }
  auto any_of = [&key](std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), key) != names.end();
  };
  if (any_of({"user-agent", "useragent", "user agent", "user_agent"})) return Key::kUserAgent;
  if (any_of({"allow"})) return Key::kAllow;
  if (any_of({"disallow", "dissallow", "dissalow", "disalow", "diasllow", "disallaw"})) {
    return Key::kDisallow;
  }
  if (any_of({"crawl-delay", "crawldelay", "crawl delay", "crawl_delay"})) return Key::kCrawlDelay;
  if (any_of({"sitemap", "site-map", "site map"})) return Key::kSitemap;
  return Key::kUnknown;
}

// Parses "10", "2.5", ".5", "3." as seconds. Fractions beyond milliseconds are
// truncated; values are saturated at kMaxCrawlDelayMs. Anything else (sign,
// unit, exponent, empty) is rejected.
std::optional<int64_t> ParseDelayMs(std::string_view v) {
  int64_t ms = 0;
  bool any_digit = false;
  size_t i = 0;
  for (; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i) {
    any_digit = true;
    ms = std::min(kMaxCrawlDelayMs, ms * 10 + (v[i] - '0') * 1000);
  }
  if (i < v.size() && v[i] == '.') {
    int64_t scale = 100;
    for (++i; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i) {
      any_digit = true;
      ms += (v[i] - '0') * scale;
      scale /= 10;
    }
  }
  if (!any_digit || i != v.size()) return std::nullopt;
  return std::min(ms, kMaxCrawlDelayMs);
}

// Rules and crawl-delay accumulated from one class of matching groups.
struct Collected {
  bool seen = false;                                // some group matched, even one without rules
  std::vector<std::pair<std::string, bool>> rules;  // (normalized pattern, allow)
  std::optional<int64_t> delay_ms;
};

}  // namespace

RobotsRules RobotsRules::Parse(std::string_view body, std::string_view product_token) {
  RobotsRules result;
  if (body.size() > kMaxBodyBytes) {
    // Drop the line cut by the limit: a truncated path could change meaning.
    body = body.substr(0, kMaxBodyBytes);
    size_t last_eol = body.find_last_of("\r\n");
    body = body.substr(0, last_eol == std::string_view::npos ? 0 : last_eol);
  }
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);

  const std::string_view token = ProductToken(Trim(product_token));
  Collected specific;  // groups naming `token`
  Collected global;    // groups naming '*'

  // State of the current group. Invariant: in_agent_run is true while the
  // last significant line was a user-agent line, so a further user-agent line
  // extends the current group rather than starting a new one.
  bool in_agent_run = false;
  bool group_started = false;  // false until the first user-agent line
  bool group_specific = false;
  bool group_global = false;

  while (!body.empty()) {
    size_t eol = body.find_first_of("\r\n");
    std::string_view line = body.substr(0, eol);
    body.remove_prefix(eol == std::string_view::npos ? body.size() : eol + 1);

    line = line.substr(0, line.find('#'));
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // blank, comment-only or junk
    const Key key = ClassifyKey(Trim(line.substr(0, colon)));
    const std::string_view value = Trim(line.substr(colon + 1));

    switch (key) {
      case Key::kUserAgent: {
        if (!in_agent_run) {
          group_specific = group_global = false;
          in_agent_run = group_started = true;
        }
        if (value.starts_with('*') && (value.size() == 1 || IsSpace(value[1]))) {
          group_global = true;
          global.seen = true;
        } else {
          std::string_view line_token = ProductToken(value);
          if (!token.empty() && EqualsIgnoreCase(line_token, token)) {
            group_specific = true;
            specific.seen = true;
          }
        }
        break;
      }
      case Key::kAllow:
      case Key::kDisallow:
      case Key::kCrawlDelay: {
        in_agent_run = false;
        if (!group_started || !(group_specific || group_global)) break;
        if (key == Key::kCrawlDelay) {
          std::optional<int64_t> d = ParseDelayMs(value);
          if (!d) break;
          // Several matching groups: keep the most polite (largest) delay.
          if (group_specific) specific.delay_ms = std::max(specific.delay_ms.value_or(0), *d);
          if (group_global) global.delay_ms = std::max(global.delay_ms.value_or(0), *d);
          break;
        }
        // Empty values (e.g. "Disallow:") match nothing; patterns must start
        // with '/' or '*' (RFC 9309 2.2.2), others are ignored.
        if (value.empty() || (value.front() != '/' && value.front() != '*')) break;
        std::string pattern = Normalize(value, /*is_pattern=*/true);
        const bool allow = key == Key::kAllow;
        if (group_specific) specific.rules.emplace_back(pattern, allow);
        if (group_global) global.rules.emplace_back(std::move(pattern), allow);
        break;
      }
      case Key::kSitemap:
        // Sitemaps are global: not part of any group, and they do not end a
        // run of user-agent lines.
        if (!value.empty() && std::find(result.sitemaps_.begin(), result.sitemaps_.end(), value) ==
                                  result.sitemaps_.end()) {
          result.sitemaps_.emplace_back(value);
        }
        break;
      case Key::kUnknown:
        break;
    }
  }

  Collected* chosen = specific.seen ? &specific : global.seen ? &global : nullptr;
  if (chosen == nullptr) return result;  // no group applies: allow all
  result.crawl_delay_ms_ = chosen->delay_ms;
  result.rules_.reserve(chosen->rules.size());
  for (auto& [pattern, allow] : chosen->rules) {
    result.rules_.push_back(Rule{std::move(pattern), allow});
  }
  // Invariant relied on by IsAllowed: longer patterns first, and among equal
  // lengths Allow first, so the first matching rule is the deciding one.
  std::stable_sort(result.rules_.begin(), result.rules_.end(), [](const Rule& a, const Rule& b) {
    if (a.pattern.size() != b.pattern.size()) return a.pattern.size() > b.pattern.size();
    return a.allow && !b.allow;
  });
  return result;
}

RobotsRules RobotsRules::AllowAll() { return RobotsRules(); }

RobotsRules RobotsRules::DisallowAll() {
  RobotsRules r;
  r.disallow_all_ = true;
  return r;
}

RobotsRules RobotsRules::ForFetch(int http_status, std::string_view body,
                                  std::string_view product_token) {
  if (http_status >= 200 && http_status <= 299) return Parse(body, product_token);
  // 4xx: "unavailable", crawl freely. 3xx should have been followed by the
  // fetcher; if one still arrives (e.g. too many redirects), RFC 9309 2.3.1.2
  // treats that like unavailable too.
  if (http_status >= 300 && http_status <= 499) return AllowAll();
  // 5xx, no response (0), or anything nonsensical: "unreachable", crawl nothing.
  RobotsRules r = DisallowAll();
  r.unreachable_ = true;
  return r;
}

bool RobotsRules::IsAllowed(std::string_view path_and_query) const {
  const std::string path = Normalize(path_and_query.empty() ? "/" : path_and_query,
                                     /*is_pattern=*/false);
  std::string_view path_only = path;
  path_only = path_only.substr(0, path_only.find('?'));
  if (path_only == "/robots.txt") return true;
  if (disallow_all_) return false;
  for (const Rule& rule : rules_) {
    if (Matches(path, rule.pattern)) return rule.allow;
  }
  return true;
}

}  // namespace govharvest
