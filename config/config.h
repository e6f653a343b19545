// Config: global settings and site entries, read from one TOML file.
// See docs/config.md for every key. Unknown keys and bad values are errors
// whose message names the file, the line and the key.
#ifndef GOVHARVEST_CONFIG_CONFIG_H_
#define GOVHARVEST_CONFIG_CONFIG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/status.h"

namespace govharvest {

// How polite to be to one host. Global defaults, overridable per site.
struct PolitenessSettings {
  int max_concurrent_per_host = 1;  // requests in flight to one host
  int64_t min_delay_ms = 1000;      // between two requests to one host
  int64_t max_delay_ms = 30000;     // cap of the adaptive delay
  double delay_factor = 2.0;        // adaptive delay = factor x last response time
  bool obey_robots = true;
  int64_t max_crawl_delay_ms = 30000;  // cap on a robots.txt Crawl-delay
};

struct LimitSettings {
  int64_t max_body_bytes = 50LL << 20;  // decoded size
  int64_t connect_timeout_ms = 15000;
  int64_t total_timeout_ms = 120000;
  int64_t low_speed_bytes_per_s = 100;  // below this for low_speed_time_ms: abort
  int64_t low_speed_time_ms = 30000;
  int max_redirects = 10;
  int max_attempts = 4;               // per URL, first try included
  int host_failure_threshold = 5;     // consecutive failures before a host is parked
  int64_t host_park_ms = 30LL * 60 * 1000;
  // A server's Retry-After above this leaves the host for a later run (its
  // URLs stay queued) instead of holding the job open.
  int64_t max_retry_after_ms = 60LL * 60 * 1000;
  int max_in_flight = 256;            // all hosts together
};

struct SiteConfig {
  std::string name;                   // unique, [A-Za-z0-9_.-]+
  std::string agency;                 // official name, e.g. "开封市祥符区人民政府"; may be empty
  std::string level;                  // ministry | province | city | county | district |
                                      // department | township; empty when unknown
  std::vector<std::string> hosts;     // lower-case host names the site owns
  std::vector<std::string> entries;   // annual-report column entry URLs (http/https)
  std::string division_code;          // 6 or 12 digits, empty when unknown
  std::string cms = "auto";           // auto | trs | hanweb | gkmlpt | generic
  std::string list_pattern;           // optional ECMAScript regex for list page URLs
  std::string detail_pattern;         // optional ECMAScript regex for detail page URLs
  std::string next_pattern;           // optional ECMAScript regex for next list page URLs
  bool tls_verify = true;
  // Rendering its list pages in headless Chromium (docs/rendering.md):
  // auto (a list page whose static reading finds no report and leads to no
  // further list), always (every list page), never.
  std::string render = "auto";
  // Kept as is by `govharvest discover` when it updates the file
  // (config/discovered_sites.h); the crawl does not read it.
  bool pinned = false;
  PolitenessSettings politeness;      // global settings with the site's overrides applied
};

struct Config {
  std::string source;                 // file the config was read from, "" for defaults
  std::string user_agent;             // must contain a contact (URL or e-mail address)
  std::string archive_dir = "archive";
  std::string log_level = "info";     // trace | debug | info | warn | error | off
  std::string queue_by = "host";      // host | domain | ip
  std::string proxy;                  // empty: libcurl's environment variables apply
  std::vector<std::string> allowed_hosts;  // hosts outside *.gov.cn that are not mirrors
  PolitenessSettings politeness;
  LimitSettings limits;
  std::vector<SiteConfig> sites;

  // The site called `name`, or nullptr.
  const SiteConfig* FindSite(std::string_view name) const;
  // Normalized form, every key with its effective value.
  std::string ToJson() const;
};

// The built-in defaults, with a user agent naming the project.
Config DefaultConfig();

// Reads and validates `path`. Errors read "<path>:<line>:<col>: <key>: <problem>".
Status LoadConfig(const std::string& path, Config* out);

// As LoadConfig, for TOML text; `source_name` stands for the path in messages.
Status ParseConfig(std::string_view text, const std::string& source_name, Config* out);

}  // namespace govharvest

#endif  // GOVHARVEST_CONFIG_CONFIG_H_
