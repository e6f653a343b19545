#include "crawler/robots_cache.h"

namespace govharvest {

RobotsCache::Lookup RobotsCache::Find(const std::string& origin, TimestampUs now) {
  Entry& e = entries_[origin];
  if (e.state == RobotsState::kReady && e.expires < now) e.state = RobotsState::kUnknown;
  return {e.state, e.state == RobotsState::kReady ? &e.rules : nullptr};
}

const RobotsRules* RobotsCache::ReadyRules(const std::string& origin) const {
  auto it = entries_.find(origin);
  return it != entries_.end() && it->second.state == RobotsState::kReady ? &it->second.rules : nullptr;
}

const RobotsRules& RobotsCache::Answered(const std::string& origin, int http_status, std::string_view body,
                                         TimestampUs now) {
  Entry& e = entries_[origin];
  e.rules = RobotsRules::ForFetch(http_status >= 300 && http_status < 400 ? 404 : http_status, body,
                                  kRobotsProductToken);
  e.state = e.rules.unreachable() ? RobotsState::kUnknown : RobotsState::kReady;
  e.expires = now + kRobotsTtlUs;
  return e.rules;
}

}  // namespace govharvest
