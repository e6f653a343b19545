// Robots cache: the robots.txt rules of each origin a job has asked, for a
// day (kRobotsTtlUs), then asked again.
//
// An origin is kUnknown until its robots.txt is requested (StartFetch),
// kFetching until it is answered (Answered), then kReady. An unreachable
// robots.txt (5xx, no answer: RFC 9309's "disallow all for a while") leaves
// the origin kUnknown, so it is asked again when its host is next due.
// Not thread-safe.
#ifndef GOVHARVEST_CRAWLER_ROBOTS_CACHE_H_
#define GOVHARVEST_CRAWLER_ROBOTS_CACHE_H_

#include <string>
#include <string_view>
#include <unordered_map>

#include "crawler/robots.h"
#include "store/timestamp.h"

namespace govharvest {

inline constexpr TimestampUs kRobotsTtlUs = 24LL * 3600 * 1000000;
inline constexpr int kMaxRobotsRedirects = 5;  // RFC 9309 2.3.1.2
inline constexpr const char* kRobotsProductToken = "govharvest";

enum class RobotsState { kUnknown, kFetching, kReady };

class RobotsCache {
 public:
  struct Lookup {
    RobotsState state = RobotsState::kUnknown;
    const RobotsRules* rules = nullptr;  // set when kReady; valid until the next change of the cache
  };

  // The state of `origin` ("http://host:port") at `now`: a kReady entry
  // older than the TTL reads (and becomes) kUnknown.
  Lookup Find(const std::string& origin, TimestampUs now);
  // The rules of a kReady origin regardless of age; null otherwise.
  const RobotsRules* ReadyRules(const std::string& origin) const;

  void StartFetch(const std::string& origin) { entries_[origin].state = RobotsState::kFetching; }
  // The robots.txt of `origin` was answered with `http_status` (0: no
  // answer; a redirect not followed reads as 404) and `body` at `now`.
  // Returns the rules now in force.
  const RobotsRules& Answered(const std::string& origin, int http_status, std::string_view body, TimestampUs now);

 private:
  struct Entry {
    RobotsState state = RobotsState::kUnknown;
    RobotsRules rules = RobotsRules::AllowAll();
    TimestampUs expires = 0;
  };
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_ROBOTS_CACHE_H_
