#include "store/progress.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <utility>

namespace govharvest {

ProgressReporter::ProgressReporter(Options options) : options_(std::move(options)) {
  if (!options_.now) {
    options_.now = [] {
      return std::chrono::duration_cast<std::chrono::microseconds>(
                 std::chrono::steady_clock::now().time_since_epoch())
          .count();
    };
  }
}

ProgressReporter::~ProgressReporter() {
  if (line_open_) Write("\n");
}

void ProgressReporter::Update(const std::string& line, bool last) {
  if (finished_) return;
  const TimestampUs now = options_.now();
  if (!last && last_shown_ && now - *last_shown_ < options_.interval_us) return;
  last_shown_ = now;
  finished_ = last;
  if (options_.terminal) {
    Write("\r\033[K" + line + (last ? "\n" : ""));
    line_open_ = !last;
  } else if (options_.log) {
    options_.log(line);
  }
}

void ProgressReporter::Write(std::string_view text) {
  if (options_.write) {
    options_.write(text);
    return;
  }
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

bool ProgressReporter::StderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

void ProgressReporter::WriteLineToStderr(const std::string& line) {
  std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

}  // namespace govharvest
