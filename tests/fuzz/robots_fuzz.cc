// Fuzz target for the robots.txt parser (crawler/robots.h): any bytes, read
// as a robots.txt for a few product tokens, must parse without crashing or
// hanging, and the rules must keep their contract: /robots.txt is always
// allowed, a crawl delay is never negative, the same text gives the same
// answers, ForFetch follows RFC 9309 2.3.1 for every status, and a single
// rule decides a path exactly as a plain backtracking matcher of RFC 9309
// patterns (`*` any sequence, final `$` anchors) does.
//
// Built as a libFuzzer binary (robots_fuzz) with clang and -DGOVHARVEST_FUZZ=ON;
// every build also runs the same entry point over mutated seeds in the ctest
// RobotsFuzzSmoke (robots_fuzz_smoke.cc).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/robots.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "robots_fuzz: invariant violated: %s\n", what);
    std::abort();
  }
}

// Paths to ask about: fixed ones, and the values of the input's lines (the
// Allow/Disallow patterns themselves, with the wildcards taken literally).
std::vector<std::string> PathsFrom(std::string_view text) {
  std::vector<std::string> paths = {"/", "/robots.txt", "/robots.txt?x=1", "", "/a/b?c=d", "/%7Efoo", "/~foo",
                                    "/%E6%94%BF%E5%BA%9C", "/政府/年报.html", "/*", "/$"};
  size_t start = 0;
  for (int lines = 0; start < text.size() && lines < 64; ++lines) {
    size_t eol = text.find_first_of("\r\n", start);
    if (eol == std::string_view::npos) eol = text.size();
    const std::string_view line = text.substr(start, eol - start);
    const size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string_view v = line.substr(colon + 1);
      while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
      if (v.size() <= 512) paths.emplace_back(v);
    }
    start = eol + 1;
  }
  return paths;
}

// Characters for which the parser's percent-encoding normalization is the
// identity; the differential check only uses patterns and paths made of them.
bool Plain(std::string_view s, bool pattern) {
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
                    c == '.' || c == '-' || c == '_' || c == '~' || (pattern && c == '*') ||
                    (pattern && c == '$' && i + 1 == s.size());
    if (!ok) return false;
  }
  return true;
}

// RFC 9309 matching by plain recursion over the pattern, memoized.
bool Reference(std::string_view path, std::string_view pattern) {
  const bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  // can[i][j]: pattern[j..] matches a prefix (or, anchored, all) of path[i..].
  const size_t n = path.size(), m = pattern.size();
  std::vector<std::vector<char>> can(n + 1, std::vector<char>(m + 1, 0));
  for (size_t i = 0; i <= n; ++i) can[i][m] = anchored ? (i == n) : 1;
  for (size_t j = m; j-- > 0;) {
    for (size_t i = n + 1; i-- > 0;) {
      if (pattern[j] == '*') {
        can[i][j] = can[i][j + 1] || (i < n && can[i + 1][j]);
      } else {
        can[i][j] = i < n && path[i] == pattern[j] && can[i + 1][j + 1];
      }
    }
  }
  return can[0][0];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  static const char* const kTokens[] = {"GovHarvest", "govharvest", "*", "", "Googlebot"};
  const std::string_view token = kTokens[mode % 5];

  const govharvest::RobotsRules rules = govharvest::RobotsRules::Parse(text, token);
  const govharvest::RobotsRules again = govharvest::RobotsRules::Parse(text, token);
  Check(rules.crawl_delay_ms().value_or(0) >= 0, "negative crawl delay");
  Check(rules.crawl_delay_ms() == again.crawl_delay_ms(), "crawl delay differs between two parses");
  Check(rules.sitemaps() == again.sitemaps(), "sitemaps differ between two parses");
  Check(!rules.unreachable(), "a parsed robots.txt is unreachable");
  for (const std::string& path : PathsFrom(text)) {
    const bool allowed = rules.IsAllowed(path);
    Check(allowed == again.IsAllowed(path), "the same robots.txt answers differently");
    const std::string_view p = path;
    if (p == "/robots.txt" || p.starts_with("/robots.txt?")) Check(allowed, "/robots.txt disallowed");
  }

  // ForFetch: every status class.
  const int status = static_cast<int>(mode) * 3;  // 0 .. 765
  const govharvest::RobotsRules fetched = govharvest::RobotsRules::ForFetch(status, text, token);
  if (status >= 200 && status <= 299) {
    Check(fetched.IsAllowed("/a/b?c=d") == rules.IsAllowed("/a/b?c=d"), "ForFetch 2xx differs from Parse");
  } else if (status >= 300 && status <= 499) {
    Check(fetched.IsAllowed("/anything") && !fetched.unreachable(), "ForFetch 3xx/4xx does not allow all");
  } else {
    Check(!fetched.IsAllowed("/anything") && fetched.unreachable(), "ForFetch 5xx/0 does not disallow all");
  }
  Check(fetched.IsAllowed("/robots.txt"), "/robots.txt disallowed after ForFetch");

  // Differential: one Disallow rule against the reference matcher. The first
  // non-blank line of the input is the pattern, the next line the path.
  std::string_view rest = text;
  while (!rest.empty() && rest.front() == '\n') rest.remove_prefix(1);
  const size_t nl = rest.find('\n');
  if (nl != std::string_view::npos) {
    const std::string_view pattern = rest.substr(0, nl);
    std::string_view path = rest.substr(nl + 1);
    path = path.substr(0, path.find('\n'));
    if (!pattern.empty() && pattern.front() == '/' && !path.empty() && path.front() == '/' && pattern.size() <= 200 &&
        path.size() <= 200 && Plain(pattern, true) && Plain(path, false) && path != "/robots.txt") {
      const std::string robots = "User-agent: *\nDisallow: " + std::string(pattern) + "\n";
      const govharvest::RobotsRules one = govharvest::RobotsRules::Parse(robots, "GovHarvest");
      Check(one.IsAllowed(path) == !Reference(path, pattern), "IsAllowed disagrees with the reference matcher");
    }
  }
  return 0;
}
