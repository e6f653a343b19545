// Politeness, retries, Retry-After and parking (crawler/host_scheduler.h),
// on a manual clock: nothing here sleeps.
#include "crawler/host_scheduler.h"

#include <gtest/gtest.h>

#include <limits>

namespace govharvest {
namespace {

constexpr TimestampUs kForever = std::numeric_limits<TimestampUs>::max();

Config TestConfig() {
  Config c;
  c.politeness.min_delay_ms = 1000;
  c.politeness.max_delay_ms = 30000;
  c.politeness.delay_factor = 2.0;
  c.politeness.max_concurrent_per_host = 1;
  c.politeness.max_crawl_delay_ms = 20000;
  c.limits.max_attempts = 4;
  c.limits.host_failure_threshold = 3;
  c.limits.host_park_ms = 60000;
  c.limits.max_retry_after_ms = 3600 * 1000;
  return c;
}

class HostSchedulerTest : public ::testing::Test {
 protected:
  HostSchedulerTest() { h_.key = "a.gov.cn"; }
  Config config_ = TestConfig();
  ManualClock clock_;
  HostScheduler scheduler_{config_, &clock_, 42, nullptr};
  HostSchedule h_;

  bool MayStartNow(TimestampUs* wake = nullptr) {
    TimestampUs w = kForever;
    const bool ok = scheduler_.MayStart(h_, clock_.NowUs(), &w);
    if (wake) *wake = w;
    return ok;
  }
};

TEST_F(HostSchedulerTest, PolitenessDelayBetweenRequests) {
  EXPECT_TRUE(MayStartNow());
  scheduler_.Started(h_);
  TimestampUs wake = 0;
  EXPECT_FALSE(MayStartNow(&wake));  // one in flight per host
  EXPECT_EQ(wake, kForever);         // woken by the response, not by time
  scheduler_.Answered(h_, 100 * 1000);  // 100 ms: 2 x 100 ms is below min_delay_ms
  EXPECT_EQ(h_.in_flight, 0);
  const TimestampUs due = clock_.NowUs() + 1000 * 1000;
  EXPECT_FALSE(MayStartNow(&wake));
  EXPECT_EQ(wake, due);
  clock_.AdvanceMs(999);
  EXPECT_FALSE(MayStartNow());
  clock_.AdvanceMs(1);
  EXPECT_TRUE(MayStartNow());
}

TEST_F(HostSchedulerTest, AdaptiveDelayFollowsResponseTimeUpToMaxDelay) {
  const TimestampUs t0 = clock_.NowUs();
  scheduler_.Started(h_);
  scheduler_.Answered(h_, 5 * 1000 * 1000);  // 5 s response: 10 s rest
  EXPECT_EQ(h_.next_allowed, t0 + 10 * 1000 * 1000);
  clock_.AdvanceMs(10000);
  scheduler_.Started(h_);
  scheduler_.Answered(h_, 60 * 1000 * 1000);  // 60 s: capped at max_delay_ms
  EXPECT_EQ(h_.next_allowed, t0 + (10 + 30) * 1000 * 1000);
}

TEST_F(HostSchedulerTest, CrawlDelayIsAFloorCappedByMaxCrawlDelay) {
  scheduler_.SetCrawlDelay(h_, 5000);
  EXPECT_EQ(h_.robots_delay_ms, 5000);
  scheduler_.Started(h_);
  scheduler_.Answered(h_, 1000);
  EXPECT_EQ(h_.next_allowed, clock_.NowUs() + 5000 * 1000);
  scheduler_.SetCrawlDelay(h_, 3600 * 1000);
  EXPECT_EQ(h_.robots_delay_ms, 20000);
}

TEST_F(HostSchedulerTest, PerHostCapAndSitePoliteness) {
  SiteConfig site;
  site.name = "s";
  site.hosts = {"b.gov.cn"};
  site.politeness.max_concurrent_per_host = 2;
  site.politeness.min_delay_ms = 0;
  config_.sites.push_back(site);
  EXPECT_EQ(scheduler_.PolitenessFor("b.gov.cn").max_concurrent_per_host, 2);
  EXPECT_EQ(scheduler_.PolitenessFor("a.gov.cn").max_concurrent_per_host, 1);
  HostSchedule b;
  b.key = "b.gov.cn";
  TimestampUs wake = kForever;
  scheduler_.Started(b);
  EXPECT_TRUE(scheduler_.MayStart(b, clock_.NowUs(), &wake));
  scheduler_.Started(b);
  EXPECT_FALSE(scheduler_.MayStart(b, clock_.NowUs(), &wake));
}

TEST_F(HostSchedulerTest, BackoffGrowsWithJitterAndIsCappedAtTenMinutes) {
  config_.limits.max_attempts = 100;
  config_.limits.host_failure_threshold = 1000;
  const Outcome timeout = Outcome::Error("timeout");
  for (int attempts = 0; attempts < 30; ++attempts) {
    const TimestampUs now = clock_.NowUs();
    RetryPlan plan = scheduler_.AfterAttempt(h_, timeout, "", attempts);
    ASSERT_TRUE(plan.retry);
    EXPECT_EQ(plan.attempts, attempts + 1);
    const double base_ms = 1000.0 * static_cast<double>(int64_t{1} << std::min(attempts, 40));
    const int64_t backoff_ms = (plan.not_before - now) / 1000;
    EXPECT_GE(backoff_ms, std::min<double>(0.5 * base_ms, kMaxBackoffMs) - 1) << attempts;
    EXPECT_LE(backoff_ms, std::min<double>(1.5 * base_ms, kMaxBackoffMs)) << attempts;
    EXPECT_LE(backoff_ms, kMaxBackoffMs);
    if (attempts >= 12) {
      EXPECT_EQ(backoff_ms, kMaxBackoffMs);
    }
    clock_.AdvanceMs(1);
  }
}

TEST_F(HostSchedulerTest, RetriesStopAtMaxAttempts) {
  EXPECT_TRUE(scheduler_.AfterAttempt(h_, Outcome::HttpError(503), "", 2).retry);
  EXPECT_FALSE(scheduler_.AfterAttempt(h_, Outcome::HttpError(503), "", 3).retry);  // 4th attempt was the last
}

TEST_F(HostSchedulerTest, OnlyTransientFailuresAreRetriedAndCounted) {
  for (const Outcome& o : {Outcome::HttpError(404), Outcome::Ok(), Outcome::Error("bad_redirect"),
                           Outcome::Of(Outcome::Kind::kRobotsDenied)}) {
    h_.consecutive_failures = 2;
    EXPECT_FALSE(scheduler_.AfterAttempt(h_, o, "", 0).retry) << o.ToString();
    EXPECT_EQ(h_.consecutive_failures, 0) << o.ToString();
  }
  for (const Outcome& o : {Outcome::HttpError(500), Outcome::HttpError(408), Outcome::HttpError(429),
                           Outcome::Error("connect"), Outcome::Error("reset"), Outcome::Error("low_speed")}) {
    h_.consecutive_failures = 0;
    EXPECT_TRUE(scheduler_.AfterAttempt(h_, o, "", 0).retry) << o.ToString();
    EXPECT_EQ(h_.consecutive_failures, 1) << o.ToString();
  }
}

TEST_F(HostSchedulerTest, RetryAfterWithinTheLimitHoldsTheHost) {
  const TimestampUs now = clock_.NowUs();
  RetryPlan plan = scheduler_.AfterAttempt(h_, Outcome::HttpError(503), "120", 0);
  ASSERT_TRUE(plan.retry);
  EXPECT_GE(plan.not_before, now + 120LL * 1000 * 1000);
  EXPECT_EQ(h_.next_allowed, now + 120LL * 1000 * 1000);
  EXPECT_FALSE(h_.abandoned);
}

TEST_F(HostSchedulerTest, RetryAfterAboveMaxRetryAfterLeavesTheHostForLater) {
  const TimestampUs now = clock_.NowUs();
  RetryPlan plan = scheduler_.AfterAttempt(h_, Outcome::HttpError(503), "7200", 1);
  ASSERT_TRUE(plan.retry);
  EXPECT_EQ(plan.attempts, 1);  // not an attempt used up
  EXPECT_EQ(plan.not_before, now + 7200LL * 1000 * 1000);
  EXPECT_TRUE(h_.abandoned);
  EXPECT_EQ(h_.parked_reason,
            "Retry-After of 7200 s is above max_retry_after_ms (3600 s); left queued for a later run");
  // Retry-After on an answer that is not retried is ignored.
  HostSchedule other;
  other.key = "b";
  EXPECT_FALSE(scheduler_.AfterAttempt(other, Outcome::HttpError(404), "7200", 0).retry);
  EXPECT_FALSE(other.abandoned);
}

TEST_F(HostSchedulerTest, FailingHostIsParkedThenAbandoned) {
  const TimestampUs now = clock_.NowUs();
  for (int i = 0; i < 3; ++i) scheduler_.AfterAttempt(h_, Outcome::HttpError(503), "", 0);
  EXPECT_EQ(h_.parks, 1);
  EXPECT_FALSE(h_.abandoned);
  EXPECT_EQ(h_.parked_until, now + 60000LL * 1000);
  EXPECT_EQ(h_.parked_reason, "3 failures in a row (last: error:http_503)");
  TimestampUs wake = 0;
  EXPECT_FALSE(MayStartNow(&wake));
  EXPECT_EQ(wake, h_.parked_until);
  clock_.AdvanceMs(60000);
  EXPECT_TRUE(MayStartNow());
  // A success in between starts the count again.
  scheduler_.AfterAttempt(h_, Outcome::HttpError(503), "", 0);
  scheduler_.AfterAttempt(h_, Outcome::Ok(), "", 0);
  scheduler_.AfterAttempt(h_, Outcome::HttpError(503), "", 0);
  scheduler_.AfterAttempt(h_, Outcome::HttpError(503), "", 0);
  EXPECT_FALSE(h_.abandoned);
  RetryPlan plan = scheduler_.AfterAttempt(h_, Outcome::Error("timeout"), "", 0);
  EXPECT_TRUE(h_.abandoned);
  EXPECT_FALSE(plan.retry);  // an abandoned host's URL stays queued as it was
  EXPECT_EQ(h_.parked_reason, "3 failures in a row (last: error:timeout); parked twice, left for a later run");
  // Leaving it later keeps the first reason.
  scheduler_.LeaveForLater(h_, "other");
  EXPECT_EQ(h_.parked_reason, "3 failures in a row (last: error:timeout); parked twice, left for a later run");
}

TEST_F(HostSchedulerTest, ChallengePageBacksOffTheHostByMaxDelay) {
  const TimestampUs now = clock_.NowUs();
  RetryPlan plan = scheduler_.AfterAttempt(h_, Outcome::Of(Outcome::Kind::kBlockedChallenge), "", 0);
  EXPECT_FALSE(plan.retry);
  EXPECT_EQ(h_.consecutive_failures, 1);
  EXPECT_EQ(h_.next_allowed, now + 30000LL * 1000);
}

TEST(RetryAfterTest, SecondsDatesAndGarbage) {
  const TimestampUs now = 1'700'000'000'000'000;  // 2023-11-14T22:13:20Z
  EXPECT_EQ(RetryAfterMs("120", now), 120000);
  EXPECT_EQ(RetryAfterMs(" 5\t", now), 5000);
  EXPECT_EQ(RetryAfterMs("", now), 0);
  EXPECT_EQ(RetryAfterMs("soon", now), 0);
  EXPECT_EQ(RetryAfterMs("99999999999999999999999", now), kRetryAfterSaturatedMs);
  EXPECT_EQ(RetryAfterMs("Tue, 14 Nov 2023 22:15:20 GMT", now), 120000);
  EXPECT_EQ(RetryAfterMs("Tue, 14 Nov 2023 22:00:00 GMT", now), 0);  // in the past
}

TEST(OutcomeTest, StoredStringsRoundTrip) {
  for (const char* s : {"ok", "not_modified", "robots_denied", "blocked_challenge", "out_of_scope", "error:http_503",
                        "error:timeout", "error:bad_url"}) {
    EXPECT_EQ(Outcome::FromString(s).ToString(), s);
  }
  EXPECT_EQ(Outcome::HttpError(404).ToString(), "error:http_404");
  EXPECT_TRUE(Outcome::FromString("error:http_503").retryable());
  EXPECT_FALSE(Outcome::FromString("error:http_404").retryable());
  EXPECT_TRUE(Outcome::FromString("not_modified").counts_as_page());
  EXPECT_FALSE(Outcome::FromString("error:timeout").counts_as_page());
}

}  // namespace
}  // namespace govharvest
