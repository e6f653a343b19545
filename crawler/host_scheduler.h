// Host scheduler: when a host may be asked again. Politeness (the per-host
// cap on requests in flight, a delay after each response that grows with
// the host's response time, robots.txt's Crawl-delay), retries (exponential
// backoff with jitter, Retry-After) and parking (a host failing
// host_failure_threshold times in a row rests host_park_ms; the second time
// it is left for a later run, as is a host asking, by Retry-After, for a
// longer wait than limits.max_retry_after_ms).
//
// HostScheduler holds the settings and decides; the per-host state is a
// HostSchedule the caller owns (one per host key). The time comes from the
// Clock given, so the rules can be tested without sleeping. Not thread-safe.
#ifndef GOVHARVEST_CRAWLER_HOST_SCHEDULER_H_
#define GOVHARVEST_CRAWLER_HOST_SCHEDULER_H_

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "config/config.h"
#include "crawler/clock.h"
#include "crawler/outcome.h"
#include "store/timestamp.h"

namespace spdlog {
class logger;
}

namespace govharvest {

// The scheduling state of one host (a queue_by key: host name, domain or address).
struct HostSchedule {
  std::string key;
  int in_flight = 0;              // requests started and not answered, robots.txt included
  TimestampUs next_allowed = 0;   // politeness: no request starts before
  TimestampUs parked_until = 0;   // parking: no request starts before
  int consecutive_failures = 0;
  int parks = 0;
  bool abandoned = false;         // no more requests in this run; its queue stays stored
  int64_t robots_delay_ms = 0;    // Crawl-delay, capped by max_crawl_delay_ms
  std::string parked_reason;      // why it was parked or left, "" if it was not
};

// What to do with a URL after an attempt.
struct RetryPlan {
  bool retry = false;          // keep it queued under its key
  int attempts = 0;            // its attempt count from now on
  TimestampUs not_before = 0;  // not asked again before
};

// The wait a Retry-After header asks for, in ms: delta-seconds ("120") or an
// HTTP date relative to `now`. 0 when absent, unreadable or in the past.
// Never throws; a number too large for any clock saturates at
// kRetryAfterSaturatedMs, so it counts as longer than every configured limit.
inline constexpr int64_t kRetryAfterSaturatedMs = 400LL * 24 * 3600 * 1000;  // beyond a yearly run
int64_t RetryAfterMs(std::string_view value, TimestampUs now);

// Retry backoff never exceeds this.
inline constexpr int64_t kMaxBackoffMs = 10 * 60 * 1000;

class HostScheduler {
 public:
  // `config` and `clock` must outlive the scheduler; `log` (warnings about
  // parked and left hosts) may be null. `seed` seeds the backoff jitter.
  HostScheduler(const Config& config, const Clock* clock, uint64_t seed, spdlog::logger* log);

  // The politeness of the site that lists `host`, else the default.
  const PolitenessSettings& PolitenessFor(std::string_view host) const;

  // True when `h` is under its in-flight cap, not parked and past its
  // politeness delay at `now`. When false because of time, `*wake` is
  // lowered to when it may be true.
  bool MayStart(const HostSchedule& h, TimestampUs now, TimestampUs* wake) const;
  void Started(HostSchedule& h) const { h.in_flight += 1; }
  // A response (of any kind) came after `duration_us`: the next request
  // waits delay_factor x duration, within [min_delay_ms, max_delay_ms], and
  // at least the robots.txt Crawl-delay.
  void Answered(HostSchedule& h, int64_t duration_us) const;
  // robots.txt asked for `delay_ms` between requests.
  void SetCrawlDelay(HostSchedule& h, int64_t delay_ms) const;
  // No request before `until` (and before any earlier limit).
  void HoldUntil(HostSchedule& h, TimestampUs until) const;

  // After an attempt of a URL tried `attempts` times before, which ended in
  // `outcome` with `retry_after` the response's Retry-After header ("" for
  // none): counts the failure or clears the count, backs off a host that
  // sent a challenge page by max_delay_ms, and plans the retry. A
  // Retry-After above max_retry_after_ms keeps the URL queued until then
  // and leaves the host for a later run.
  RetryPlan AfterAttempt(HostSchedule& h, const Outcome& outcome, std::string_view retry_after, int attempts);

  // One more failure in a row; at host_failure_threshold the host is parked
  // for host_park_ms, at the second parking it is left for a later run.
  void NoteFailure(HostSchedule& h, const std::string& what) const;
  // Stops scheduling `h` in this run; its queued URLs stay for the next.
  void LeaveForLater(HostSchedule& h, const std::string& reason) const;

  TimestampUs NowUs() const { return clock_->NowUs(); }

 private:
  const Config& config_;
  const Clock* clock_;
  std::mt19937_64 rng_;
  spdlog::logger* log_;
};

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_HOST_SCHEDULER_H_
