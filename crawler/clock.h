// Clock: where the crawler reads the time, so that politeness, retry and
// parking decisions can be tested without sleeping (LevelDB's Env idea).
//
// The crawler reads the time only through a Clock. SystemClock() is the
// wall clock; ManualClock is advanced by hand. A Clock is safe to call from
// any thread; ManualClock's setters are for a test's own thread.
#ifndef GOVHARVEST_CRAWLER_CLOCK_H_
#define GOVHARVEST_CRAWLER_CLOCK_H_

#include <atomic>

#include "store/timestamp.h"

namespace govharvest {

class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since the Unix epoch, UTC.
  virtual TimestampUs NowUs() const = 0;
};

// The system's wall clock (store/timestamp.h's NowUs). Never null, lives for
// the whole program, holds no state.
Clock* SystemClock();

// A clock that stands still until told to move.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimestampUs start = 1'700'000'000'000'000) : now_(start) {}
  TimestampUs NowUs() const override { return now_.load(std::memory_order_relaxed); }
  void Set(TimestampUs t) { now_.store(t, std::memory_order_relaxed); }
  void AdvanceMs(int64_t ms) { now_.fetch_add(ms * 1000, std::memory_order_relaxed); }

 private:
  std::atomic<TimestampUs> now_;
};

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_CLOCK_H_
