// robots.txt rules per RFC 9309.
#ifndef GOVHARVEST_CRAWLER_ROBOTS_H_
#define GOVHARVEST_CRAWLER_ROBOTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace govharvest {

// The rules of one robots.txt that apply to one user-agent product token.
class RobotsRules {
 public:
  // Rules from a robots.txt body (RFC 9309): the group(s) whose user-agent
  // line matches `product_token` case-insensitively (all such groups merged),
  // else the `*` group(s), else allow all. Longest match wins; on equal length
  // Allow wins. `*` matches any sequence, `$` at the end anchors. Paths are
  // compared after percent-encoding normalization (RFC 9309 2.2.2).
  // Crawl-delay (seconds, may be fractional) and Sitemap lines are kept.
  static RobotsRules Parse(std::string_view body, std::string_view product_token);
  static RobotsRules AllowAll();
  static RobotsRules DisallowAll();

  // Rules for a robots.txt fetch outcome (RFC 9309 2.3.1): 2xx -> Parse(body);
  // 4xx -> allow all; 5xx or no response (http_status 0) -> disallow all.
  // Redirects are followed by the fetcher before this is called.
  static RobotsRules ForFetch(int http_status, std::string_view body, std::string_view product_token);

  // `path_and_query` is the URL's path plus "?query" if any, e.g. "/a/b?x=1".
  // "/robots.txt" itself is always allowed.
  bool IsAllowed(std::string_view path_and_query) const;

  std::optional<int64_t> crawl_delay_ms() const { return crawl_delay_ms_; }
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }
  // True when this came from ForFetch with a 5xx / no response.
  bool unreachable() const { return unreachable_; }

 private:
  struct Rule {
    std::string pattern;  // normalized
    bool allow;
  };
  std::vector<Rule> rules_;
  std::optional<int64_t> crawl_delay_ms_;
  std::vector<std::string> sitemaps_;
  bool disallow_all_ = false;
  bool unreachable_ = false;
};

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_ROBOTS_H_
