#include "store/progress.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace govharvest {
namespace {

// A reporter on a fake clock, recording what it shows.
struct Harness {
  TimestampUs now = 1000;
  std::string terminal;
  std::vector<std::string> logged;

  ProgressReporter::Options Options(bool on_terminal, int64_t interval_us) {
    ProgressReporter::Options o;
    o.terminal = on_terminal;
    o.interval_us = interval_us;
    o.now = [this] { return now; };
    o.write = [this](std::string_view text) { terminal += text; };
    o.log = [this](const std::string& line) { logged.push_back(line); };
    return o;
  }
};

TEST(ProgressReporterTest, ThrottlesByInjectedTimeAndAlwaysShowsTheLast) {
  Harness h;
  ProgressReporter progress(h.Options(/*on_terminal=*/false, /*interval_us=*/5000));
  progress.Update("1");  // the first is shown at once
  h.now += 4999;
  progress.Update("2");  // too soon
  h.now += 1;
  progress.Update("3");
  h.now += 10;
  progress.Update("4", /*last=*/true);  // soon, but the last
  progress.Update("5");                  // after the last: ignored
  EXPECT_EQ(h.logged, (std::vector<std::string>{"1", "3", "4"}));
  EXPECT_EQ(h.terminal, "");
}

TEST(ProgressReporterTest, TerminalRedrawsInPlaceAndEndsTheLine) {
  Harness h;
  {
    ProgressReporter progress(h.Options(/*on_terminal=*/true, /*interval_us=*/0));
    progress.Update("a");
    progress.Update("b", /*last=*/true);
  }
  EXPECT_EQ(h.terminal, "\r\033[Ka\r\033[Kb\n");
  EXPECT_TRUE(h.logged.empty());
}

TEST(ProgressReporterTest, DestructionEndsAnOpenTerminalLine) {
  Harness h;
  {
    ProgressReporter progress(h.Options(/*on_terminal=*/true, /*interval_us=*/0));
    progress.Update("half");
  }
  EXPECT_EQ(h.terminal, "\r\033[Khalf\n");
  Harness quiet;
  { ProgressReporter progress(quiet.Options(/*on_terminal=*/true, /*interval_us=*/0)); }
  EXPECT_EQ(quiet.terminal, "") << "nothing drawn, nothing to end";
}

TEST(ProgressReporterTest, OffTerminalWithoutLogShowsNothing) {
  Harness h;
  ProgressReporter::Options o = h.Options(/*on_terminal=*/false, 0);
  o.log = nullptr;
  ProgressReporter progress(std::move(o));
  progress.Update("x", /*last=*/true);
  EXPECT_EQ(h.terminal, "");
}

}  // namespace
}  // namespace govharvest
