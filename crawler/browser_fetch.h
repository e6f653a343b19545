// The crawler's rules for a browser's requests (issue 17): every request a
// rendered page makes (render/page_renderer.h) is answered here, never by
// the browser's own network stack. A request is refused when it leaves the
// scope or robots.txt disallows it, or when its method is not GET, HEAD or
// POST; otherwise it waits for its host's turn under the crawler's
// HostScheduler (crawler/host_scheduler.h: the config's politeness with a
// site's overrides, adaptive delay, robots.txt's Crawl-delay), is fetched with the
// crawler's HTTP client (user agent, proxy, limits) and, when an archive is
// given, archived as a capture (source "browser", via the rendered page),
// so the rendered page can be replayed from the archive and exported. An
// anti-bot challenge page is archived as blocked_challenge and refused to
// the browser, whose scripts would otherwise answer it.
//
// Invariants: no two requests to one host start closer than that host's
// delay (robots.txt requests included); each origin's robots.txt is asked
// once per object (robots.txt requests go through the same gate); redirects are answered to the browser as they came (the
// browser asks for the target, which passes through here again). Not
// thread-safe: one renderer uses it at a time.
#ifndef GOVHARVEST_CRAWLER_BROWSER_FETCH_H_
#define GOVHARVEST_CRAWLER_BROWSER_FETCH_H_

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "config/config.h"
#include "crawler/crawler.h"
#include "crawler/host_scheduler.h"
#include "crawler/robots.h"
#include "render/page_renderer.h"
#include "store/archive.h"

namespace govharvest {

struct BrowserFetchSettings {
  const Config* config = nullptr;                    // required; outlives the object
  std::function<bool(const std::string& url)> in_scope;  // null: everything is in scope
  Archive* archive = nullptr;  // null: nothing archived (`columns --render`)
  std::string job_id;          // capture context when archiving
  std::string site;
  std::string via;             // the rendered page's URL
  // The politeness of a crawl job: when set, `acquire` blocks until the
  // URL's host may be asked and counts the request as in flight (false: the
  // crawl is stopping, the request is refused), `release` reports its
  // answer after `duration_us`. Unset: a HostScheduler of this object's own
  // (the same rules), its hosts' state read from and written back to
  // `carry_over` when given (discovery: the rounds' crawl jobs left it).
  std::function<bool(const std::string& url)> acquire;
  std::function<void(const std::string& url, int64_t duration_us)> release;
  CrawlCarryOver* carry_over = nullptr;
  // Answers already fetched (the list page itself, by its URL): given to
  // the browser once without a request, not archived again.
  std::map<std::string, BrowserResponse> prefetched;
};

class BrowserFetchRules {
 public:
  explicit BrowserFetchRules(BrowserFetchSettings settings);

  BrowserResponse operator()(const BrowserRequest& request);

  // Every request answered, in order: what a test or a figure reads.
  struct Logged {
    std::string url;
    std::string method;
    std::string host;
    int status = 0;            // 0 when refused or no response
    std::string outcome;       // "ok", "refused: …", "error: …"
    std::chrono::steady_clock::time_point started;
  };
  const std::vector<Logged>& log() const { return log_; }
  int archived() const { return archived_; }
  // Responses that were anti-bot challenge pages (crawler.h DetectChallenge):
  // archived as blocked_challenge, refused to the browser. "URL (vendor)".
  const std::vector<std::string>& challenges() const { return challenges_; }

 private:
  // Waits until `host` may be asked, per its politeness; false: refused.
  bool WaitFor(const std::string& url, const std::string& host);
  void Answered(const std::string& url, const std::string& host, int64_t duration_us);
  // The own scheduler's state of `host` (no `acquire` given).
  HostSchedule& ScheduleOf(const std::string& host);
  const RobotsRules& RobotsFor(const std::string& origin, const std::string& host);

  BrowserFetchSettings settings_;
  std::map<std::string, RobotsRules> robots_;  // by origin
  HostScheduler scheduler_;                      // used without `acquire`
  std::map<std::string, HostSchedule> schedules_;  // by host
  std::vector<Logged> log_;
  int archived_ = 0;
  std::vector<std::string> challenges_;
};

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_BROWSER_FETCH_H_
