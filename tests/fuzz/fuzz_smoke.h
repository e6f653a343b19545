// The driver of the fuzz smoke tests (CleanFuzzSmoke, ReportFuzzSmoke,
// WarcFuzzSmoke, RobotsFuzzSmoke): runs
// a libFuzzer entry point over seeded mutations of the fixtures, so every
// build (g++ included, which has no libFuzzer) exercises the fuzz targets in
// ctest.
//
//   <name> --fixtures DIR [--iterations N] [--seed S] [--max-seconds T] [--max-input-ms M]
//
// Inputs are windows (at most 8 KB) of the fixtures (.html/.htm/.txt unless the
// target names other endings) with byte
// flips, random bytes, insertions of the target's fragments, deletions,
// duplications and splices of two fixtures. Exit 0 when every input went
// through; a crash aborts; an input taking longer than --max-input-ms (a
// hang) or a run past --max-seconds fails with exit 1.
#ifndef GOVHARVEST_TESTS_FUZZ_FUZZ_SMOKE_H_
#define GOVHARVEST_TESTS_FUZZ_FUZZ_SMOKE_H_

#include <string>
#include <vector>

struct FuzzSmokeTarget {
  const char* name;                          // program name for messages
  const char* verb;                          // what the target does: "cleaned", "extracted"
  double default_max_seconds;                // --max-seconds default
  const std::vector<std::string>& fragments;  // inserted by the mutator
  // File name endings of the fixtures read from --fixtures.
  std::vector<std::string> extensions = {".html", ".htm", ".txt"};
};

// Runs LLVMFuzzerTestOneInput (linked into the same program) as described above.
int RunFuzzSmoke(int argc, char** argv, const FuzzSmokeTarget& target);

#endif  // GOVHARVEST_TESTS_FUZZ_FUZZ_SMOKE_H_
