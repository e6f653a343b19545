// The per-origin robots.txt cache (crawler/robots_cache.h).
#include "crawler/robots_cache.h"

#include <gtest/gtest.h>

namespace govharvest {
namespace {

constexpr TimestampUs kNow = 1'700'000'000'000'000;
const std::string kOrigin = "http://a.gov.cn";

TEST(RobotsCacheTest, UnknownFetchingReady) {
  RobotsCache cache;
  EXPECT_EQ(cache.Find(kOrigin, kNow).state, RobotsState::kUnknown);
  EXPECT_EQ(cache.ReadyRules(kOrigin), nullptr);
  cache.StartFetch(kOrigin);
  EXPECT_EQ(cache.Find(kOrigin, kNow).state, RobotsState::kFetching);
  const RobotsRules& rules =
      cache.Answered(kOrigin, 200, "User-agent: *\nDisallow: /private\nCrawl-delay: 2\n", kNow);
  EXPECT_EQ(rules.crawl_delay_ms(), 2000);
  RobotsCache::Lookup found = cache.Find(kOrigin, kNow);
  ASSERT_EQ(found.state, RobotsState::kReady);
  ASSERT_NE(found.rules, nullptr);
  EXPECT_FALSE(found.rules->IsAllowed("/private/x"));
  EXPECT_TRUE(found.rules->IsAllowed("/public"));
  ASSERT_NE(cache.ReadyRules(kOrigin), nullptr);
  EXPECT_EQ(cache.Find("http://b.gov.cn", kNow).state, RobotsState::kUnknown);
}

TEST(RobotsCacheTest, OurGroupIsUsed) {
  RobotsCache cache;
  cache.Answered(kOrigin, 200, "User-agent: govharvest\nDisallow: /\n\nUser-agent: *\nAllow: /\n", kNow);
  EXPECT_FALSE(cache.ReadyRules(kOrigin)->IsAllowed("/x"));
}

TEST(RobotsCacheTest, RulesExpireAfterADay) {
  RobotsCache cache;
  cache.Answered(kOrigin, 404, "", kNow);
  EXPECT_EQ(cache.Find(kOrigin, kNow + kRobotsTtlUs).state, RobotsState::kReady);
  EXPECT_EQ(cache.Find(kOrigin, kNow + kRobotsTtlUs + 1).state, RobotsState::kUnknown);
  EXPECT_EQ(cache.ReadyRules(kOrigin), nullptr);
}

TEST(RobotsCacheTest, UnreachableIsAskedAgainAndRedirectsReadAs404) {
  RobotsCache cache;
  const RobotsRules& rules = cache.Answered(kOrigin, 503, "", kNow);
  EXPECT_TRUE(rules.unreachable());
  EXPECT_EQ(cache.Find(kOrigin, kNow).state, RobotsState::kUnknown);
  cache.Answered(kOrigin, 0, "", kNow);  // no answer at all
  EXPECT_EQ(cache.Find(kOrigin, kNow).state, RobotsState::kUnknown);
  cache.Answered(kOrigin, 301, "", kNow);  // a redirect not followed: allow all
  ASSERT_EQ(cache.Find(kOrigin, kNow).state, RobotsState::kReady);
  EXPECT_TRUE(cache.ReadyRules(kOrigin)->IsAllowed("/anything"));
}

}  // namespace
}  // namespace govharvest
