// Crawler: polite, resumable harvesting of URLs into the archive.
//
// One io_context thread runs the network (HttpFetcher) and the scheduler;
// a small worker pool decodes pages, extracts links and writes to the
// archive. Every fetch is archived in one batch together with the frontier
// changes it causes (its own queue entry removed or rescheduled, the links it
// discovered queued), so a crawl killed at any point resumes, when the same
// command runs again, without losing a URL or refetching anything but what
// was in flight.
//
// The job (crawler.cc) orchestrates units that each state one set of rules
// and are tested on their own: frontier.h (queue, seen set, persistence),
// host_scheduler.h (politeness, retries, parking), robots_cache.h,
// column_walker.h (what a list page leads to), step_commit.h (the one batch
// per fetch); outcome.h and clock.h are their vocabulary.
#ifndef GOVHARVEST_CRAWLER_CRAWLER_H_
#define GOVHARVEST_CRAWLER_CRAWLER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "crawler/robots_cache.h"
#include "store/archive.h"
#include "store/status.h"

namespace spdlog {
class logger;
}

namespace govharvest {

// What one job leaves to the next job of the same process that is given the
// same CrawlCarryOver (discovery runs one short job per level of a portal
// tree): the robots.txt rules already read, and when each host may next be
// asked. Invariant: a job given a carry-over neither asks an origin's
// robots.txt again within kRobotsTtlUs nor asks a host before the politeness
// delay that followed its last answer in an earlier job. One job at a time.
struct CrawlCarryOver {
  struct HostState {
    TimestampUs next_allowed = 0;  // no request before
    int64_t robots_delay_ms = 0;   // robots.txt Crawl-delay in force
  };
  RobotsCache robots;
  std::map<std::string, HostState> hosts;  // by host key (config queue_by)
};

struct CrawlOptions {
  std::string kind = "crawl";           // job kind: "fetch", "crawl" or "backfill"
  std::vector<std::string> start_urls;  // canonicalized by the crawler
  bool follow_links = true;             // false: fetch the start URLs only
  std::string scope = "host";           // "host" | "domain": where links and redirects may go
  int64_t max_pages = 0;                // pages fetched (ok or not_modified); 0 = no limit
  Config config;                        // politeness, limits, user agent, proxy, sites
  bool progress_on_tty = true;          // live status line when stderr is a terminal
  // Called for every capture archived, on a worker thread, one call at a time.
  std::function<void(const CaptureRecord&)> on_capture;
  // Shared with earlier and later jobs of this process; null: the job's own.
  CrawlCarryOver* carry_over = nullptr;

  // Column walking (`crawl --config`, `backfill`): when true, the start URLs
  // are the entries of `sites` (names from config.sites; empty = all), list
  // pages are read by CMS family, report items are fetched with their
  // attachments, and everything else on list pages is recorded as
  // out_of_scope without being fetched. The scope is the sites' hosts.
  bool walk_columns = false;
  std::vector<std::string> sites;
  int year_from = 0;  // report years wanted, inclusive; 0 = no bound
  int year_to = 0;
  // Incremental stop (crawl, not backfill): pagination of a column stops at a
  // page that brings no new item and whose dates are all before this time.
  TimestampUs previous_run = 0;
  bool backfill = false;  // walk until list dates fall before year_from instead
};

struct SiteSummary {
  int64_t pages = 0;        // list and report pages fetched (ok or not_modified)
  std::map<int, int64_t> reports_by_year;  // report items found in range (0 = year unknown)
  int64_t attachments = 0;  // attachments archived
  int64_t errors = 0;
  int64_t blocked = 0;
  int64_t robots_denied = 0;
  int64_t out_of_scope = 0;  // list items that are not reports, recorded and not fetched
  int64_t guesses_missed = 0;  // guessed list pages that do not exist (404): the guess answered, no error
  unsigned hints_given = 0;    // column_walker.h HintBits of the hints the site's config sets
  unsigned hints_matched = 0;  // of them, those that matched a link on some list page
  // Rendering (docs/rendering.md): list pages rendered in Chromium, the
  // requests their browser made, and why rendering failed ("" when it did
  // not: Chromium missing, the browser crashed, a page did not settle).
  int64_t rendered_pages = 0;
  int64_t browser_requests = 0;
  std::string render_problem;
  // Names of the hints that matched nothing ("detail_pattern, next_pattern"), "" if none.
  std::string UnmatchedHints() const;
  // A walk that found no report in the years asked for is a failure: the
  // entry, the walker or the years are wrong, and the run says so.
  bool no_reports() const { return reports_by_year.empty(); }
  bool ok() const {
    return errors == 0 && blocked == 0 && !no_reports() && UnmatchedHints().empty() && render_problem.empty();
  }
  // "ok", "no_reports" (with what the walk saw), "errors", "blocked" or
  // "render_failed: <why>".
  std::string Status() const;
};

struct HostSummary {
  int64_t fetched = 0;        // ok captures
  int64_t not_modified = 0;
  int64_t errors = 0;         // error captures (each failed attempt)
  int64_t retries = 0;
  int64_t robots_denied = 0;
  int64_t blocked = 0;        // blocked_challenge
  int64_t out_of_scope = 0;
  int64_t bytes = 0;
  int64_t left_queued = 0;    // URLs still queued when the run ended
  int64_t browser_requests = 0;  // requests of rendered pages (docs/rendering.md), under the same politeness
  std::string parked_reason;  // why the host was parked, if it was
};

struct CrawlSummary {
  std::string job_id;
  bool resumed = false;      // continued a job a killed or interrupted run left
  bool interrupted = false;  // stopped by SIGINT/SIGTERM; run again to resume
  bool complete = false;     // nothing left queued (or max_pages reached)
  std::map<std::string, HostSummary> hosts;
  std::map<std::string, SiteSummary> sites;  // column walking only
  std::string ToJson() const;
};

// Runs the job described by `options` to completion, interruption or error.
// Fails with InvalidArgument naming the URL for a bad start URL.
Status RunCrawl(Archive& archive, const CrawlOptions& options,
                const std::shared_ptr<spdlog::logger>& logger, CrawlSummary* summary);

// The anti-bot vendor whose challenge page this response is ("ruishu",
// "jiasule", "wzws", "generic_js"), or "" when it is not a challenge page.
std::string DetectChallenge(int http_status, std::string_view body);

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_CRAWLER_H_
