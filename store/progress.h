// The progress line of a long pass: crawl, extract and export each keep one
// on stderr while they run.
#ifndef GOVHARVEST_STORE_PROGRESS_H_
#define GOVHARVEST_STORE_PROGRESS_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "store/timestamp.h"

namespace govharvest {

// Shows the lines a pass reports as it goes. On a terminal the line is
// redrawn in place (carriage return, erase to the end of the line) and ended
// with a newline after the last update, or when the reporter is destroyed
// with a line still open; elsewhere each shown line is handed whole to `log`
// (nothing is shown when `log` is empty). Updates are throttled: a line is
// shown when at least `interval_us` has passed since the last shown one, and
// the last update is always shown. Not thread-safe: one pass, one thread.
class ProgressReporter {
 public:
  struct Options {
    bool terminal = false;   // redraw one line in place (see StderrIsTerminal)
    int64_t interval_us = 0;  // least time between two shown lines; 0 shows every update
    // A monotonic clock in microseconds; default the steady clock. Tests inject one.
    std::function<TimestampUs()> now;
    // Where a terminal's text goes; default stderr, flushed.
    std::function<void(std::string_view)> write;
    // Where lines go off a terminal (no newline given); empty: nowhere.
    std::function<void(const std::string&)> log;
  };

  explicit ProgressReporter(Options options);
  ~ProgressReporter();
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

  // Reports `line`; `last` marks the final figure of the pass. Updates after
  // the last are ignored.
  void Update(const std::string& line, bool last = false);

  static bool StderrIsTerminal();
  // A `log` that writes each line to stderr with a newline.
  static void WriteLineToStderr(const std::string& line);

 private:
  void Write(std::string_view text);

  Options options_;
  std::optional<TimestampUs> last_shown_;  // unset until a line is shown
  bool line_open_ = false;                 // a terminal line drawn and not ended
  bool finished_ = false;                  // the last update came
};

}  // namespace govharvest

#endif  // GOVHARVEST_STORE_PROGRESS_H_
