#include "crawler/host_scheduler.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include "store/numbers.h"

namespace govharvest {

int64_t RetryAfterMs(std::string_view value, TimestampUs now) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty()) return 0;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return LeadingInt(value, 0, kRetryAfterSaturatedMs / 1000, 0) * 1000;
  }
  const time_t t = curl_getdate(std::string(value).c_str(), nullptr);
  if (t <= 0) return 0;
  const int64_t until_ms = static_cast<int64_t>(t) * 1000 - now / 1000;
  return std::clamp<int64_t>(until_ms, 0, kRetryAfterSaturatedMs);
}

HostScheduler::HostScheduler(const Config& config, const Clock* clock, uint64_t seed, spdlog::logger* log)
    : config_(config), clock_(clock), rng_(seed), log_(log) {}

const PolitenessSettings& HostScheduler::PolitenessFor(std::string_view host) const {
  for (const auto& site : config_.sites) {
    if (std::find(site.hosts.begin(), site.hosts.end(), host) != site.hosts.end()) return site.politeness;
  }
  return config_.politeness;
}

bool HostScheduler::MayStart(const HostSchedule& h, TimestampUs now, TimestampUs* wake) const {
  if (h.in_flight >= PolitenessFor(h.key).max_concurrent_per_host) return false;
  if (now < h.parked_until) {
    *wake = std::min(*wake, h.parked_until);
    return false;
  }
  if (now < h.next_allowed) {
    *wake = std::min(*wake, h.next_allowed);
    return false;
  }
  return true;
}

void HostScheduler::Answered(HostSchedule& h, int64_t duration_us) const {
  h.in_flight -= 1;
  const PolitenessSettings& pol = PolitenessFor(h.key);
  // Heritrix-style adaptive delay: a slow host is given proportionally more rest.
  int64_t delay_ms = static_cast<int64_t>(pol.delay_factor * static_cast<double>(duration_us) / 1000.0);
  delay_ms = std::clamp(delay_ms, pol.min_delay_ms, std::max(pol.min_delay_ms, pol.max_delay_ms));
  delay_ms = std::max(delay_ms, h.robots_delay_ms);
  HoldUntil(h, clock_->NowUs() + delay_ms * 1000);
}

void HostScheduler::SetCrawlDelay(HostSchedule& h, int64_t delay_ms) const {
  h.robots_delay_ms = std::min(delay_ms, PolitenessFor(h.key).max_crawl_delay_ms);
}

void HostScheduler::HoldUntil(HostSchedule& h, TimestampUs until) const {
  h.next_allowed = std::max(h.next_allowed, until);
}

RetryPlan HostScheduler::AfterAttempt(HostSchedule& h, const Outcome& outcome, std::string_view retry_after,
                                      int attempts) {
  const TimestampUs now = clock_->NowUs();
  const LimitSettings& lim = config_.limits;
  const bool retryable = outcome.retryable();
  const bool blocked = outcome.kind == Outcome::Kind::kBlockedChallenge;
  if (retryable || blocked) {
    NoteFailure(h, outcome.ToString());
  } else {
    h.consecutive_failures = 0;
  }
  if (blocked) {
    // Back off the host; never try to get around the challenge.
    HoldUntil(h, now + PolitenessFor(h.key).max_delay_ms * 1000);
  }
  RetryPlan plan;
  plan.attempts = attempts;
  const int64_t retry_after_ms = retryable ? RetryAfterMs(retry_after, now) : 0;
  if (retry_after_ms > lim.max_retry_after_ms) {
    // The server asks for a longer wait than a run may take: the URL stays
    // queued, due when the server said, and the host is left for a later run.
    plan.retry = true;
    plan.not_before = now + retry_after_ms * 1000;
    LeaveForLater(h, "Retry-After of " + std::to_string(retry_after_ms / 1000) + " s is above max_retry_after_ms (" +
                         std::to_string(lim.max_retry_after_ms / 1000) + " s)");
  } else if (retryable && attempts + 1 < lim.max_attempts && !h.abandoned) {
    plan.retry = true;
    plan.attempts = attempts + 1;
    const int64_t base_ms = std::max<int64_t>(200, PolitenessFor(h.key).min_delay_ms);
    std::uniform_real_distribution<double> jitter(0.5, 1.5);
    int64_t backoff_ms = static_cast<int64_t>(static_cast<double>(base_ms) *
                                              std::pow(2.0, plan.attempts - 1) * jitter(rng_));
    backoff_ms = std::min<int64_t>(backoff_ms, kMaxBackoffMs);
    if (retry_after_ms > 0) {
      backoff_ms = std::max(backoff_ms, retry_after_ms);
      HoldUntil(h, now + retry_after_ms * 1000);
    }
    plan.not_before = now + backoff_ms * 1000;
  }
  return plan;
}

void HostScheduler::NoteFailure(HostSchedule& h, const std::string& what) const {
  h.consecutive_failures += 1;
  const LimitSettings& lim = config_.limits;
  if (h.consecutive_failures < lim.host_failure_threshold) return;
  h.consecutive_failures = 0;
  h.parks += 1;
  h.parked_reason = std::to_string(lim.host_failure_threshold) + " failures in a row (last: " + what + ")";
  if (h.parks >= 2) {
    h.abandoned = true;
    h.parked_reason += "; parked twice, left for a later run";
    if (log_) log_->warn("host {} abandoned for this run: {}", h.key, h.parked_reason);
  } else {
    h.parked_until = clock_->NowUs() + lim.host_park_ms * 1000;
    if (log_) {
      log_->warn("host {} parked for {:.1f} s: {}", h.key, static_cast<double>(lim.host_park_ms) / 1000,
                 h.parked_reason);
    }
  }
}

void HostScheduler::LeaveForLater(HostSchedule& h, const std::string& reason) const {
  if (h.abandoned) return;
  h.abandoned = true;
  h.parked_reason = reason + "; left queued for a later run";
  if (log_) log_->warn("host {} left for a later run: {}", h.key, h.parked_reason);
}

}  // namespace govharvest
