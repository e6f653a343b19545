#include "crawler/clock.h"

namespace govharvest {

namespace {

class WallClock final : public Clock {
 public:
  TimestampUs NowUs() const override { return ::govharvest::NowUs(); }
};

}  // namespace

Clock* SystemClock() {
  static WallClock clock;  // stateless
  return &clock;
}

}  // namespace govharvest
