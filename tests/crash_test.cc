// A writer process is killed with SIGKILL at random points; afterwards the
// archive must open, verify clean, and hold every capture the writer had
// been told was written.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <string>

#include "store/archive.h"
#include "tests/test_util.h"

namespace govharvest {
namespace {

// Runs crash_writer for `run_ms`, kills it, returns the last acknowledged count.
long long RunAndKill(const std::string& archive, unsigned seed, int run_ms) {
  int out[2];
  EXPECT_EQ(::pipe(out), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    const std::string seed_text = std::to_string(seed);
    ::execl(GOVHARVEST_CRASH_WRITER, GOVHARVEST_CRASH_WRITER, archive.c_str(), seed_text.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out[1]);
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(run_ms);
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                      std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{out[0], POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char buf[4096];
    ssize_t n = ::read(out[0], buf, sizeof(buf));
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  // Lines the writer printed before the kill are acknowledged writes.
  char buf[4096];
  ssize_t n;
  while ((n = ::read(out[0], buf, sizeof(buf))) > 0) text.append(buf, static_cast<size_t>(n));
  ::close(out[0]);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "writer exited on its own";
  size_t end = text.rfind('\n');
  if (end == std::string::npos) return 0;
  size_t start = text.rfind('\n', end - 1);
  start = start == std::string::npos ? 0 : start + 1;
  return std::stoll(text.substr(start, end - start));
}

TEST(CrashTest, KilledWriterNeverLeavesDamage) {
  testing::ScratchDir dir;
  const std::string path = dir / "archive";
  std::mt19937 rng(20261122);
  std::uniform_int_distribution<int> run_ms(5, 250);
  long long acknowledged = 0;
  for (unsigned round = 1; round <= 20; ++round) {
    acknowledged += RunAndKill(path, round, run_ms(rng));

    std::unique_ptr<Archive> archive;
    Status s = Archive::Open(path, ArchiveOptions(), &archive);
    ASSERT_TRUE(s.ok()) << "round " << round << ": " << s.ToString();
    VerifyReport report;
    ASSERT_TRUE(archive->Verify(&report).ok());
    ASSERT_TRUE(report.ok()) << "round " << round << ": " << report.problems[0];
    EXPECT_EQ(report.orphan_blobs, 0) << "round " << round;
    ArchiveStats stats;
    ASSERT_TRUE(archive->Stats(&stats).ok());
    EXPECT_GE(stats.keyspaces["capture"].keys, acknowledged) << "round " << round;
  }
  EXPECT_GT(acknowledged, 0);
}

}  // namespace
}  // namespace govharvest
