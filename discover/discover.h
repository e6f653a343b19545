// Discovery (issue 16): from portal home pages to every body's
// annual-report column, on the crawl engine. The walk's decisions are
// DiscoveryWalk's (discovery_walk.h); this unit fetches each of its rounds
// as one crawl job (crawler.h: robots.txt, per-host politeness, retries,
// every page archived), carrying robots.txt rules and each host's next
// allowed time from one round to the next (CrawlCarryOver), so the rounds
// are as polite as one job. A column candidate whose list is built by
// scripts is rendered in headless Chromium between rounds (render/), its
// browser's requests through the crawler's rules (crawler/browser_fetch.h)
// under the same per-host schedule, archived.
//
// Invariant: a page is handed to the walk only from a capture the round's
// own job archived (a round cut short by a kill and run again resumes that
// job, and its earlier captures count).
#ifndef GOVHARVEST_DISCOVER_DISCOVER_H_
#define GOVHARVEST_DISCOVER_DISCOVER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "discover/discovery_walk.h"
#include "store/archive.h"
#include "store/status.h"

namespace spdlog {
class logger;
}

namespace govharvest {

struct DiscoverOptions {
  std::vector<std::string> start_urls;  // portal home pages, absolute http(s) URLs
  ScopeMode scope = ScopeMode::kDomain;
  int64_t max_pages = 0;  // pages fetched in all, robots.txt not counted; 0 = no limit
  Config config;          // politeness, limits, user agent, proxy
  bool progress_on_tty = true;
};

struct DiscoverRun {
  DiscoveryResult result;
  int64_t pages = 0;       // pages fetched (every round's requests)
  int rounds = 0;
  bool complete = false;   // the walk ended: no round was cut by max_pages or a signal
  bool interrupted = false;
  std::string stopped_because;  // "" when complete
  std::vector<std::string> job_ids;  // one crawl job per round
  int64_t elapsed_ms = 0;
};

// Runs the walk from options.start_urls to its end, the page budget or a
// signal. InvalidArgument naming the URL for a start URL that is not an
// absolute http(s) URL; IoError when the archive refuses a write.
Status RunDiscovery(Archive& archive, const DiscoverOptions& options,
                    const std::shared_ptr<spdlog::logger>& logger, DiscoverRun* run);

}  // namespace govharvest

#endif  // GOVHARVEST_DISCOVER_DISCOVER_H_
