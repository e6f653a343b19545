#include "app/exit_codes.h"

#include <algorithm>
#include <cstdio>
#include <string>

namespace govharvest {

int ExitCodeFor(const Status& s) {
  if (s.IsInvalidArgument()) return kExitUsage;
  if (s.IsBusy()) return kExitBusy;
  return kExitFailure;
}

int Fail(const Status& s) {
  std::string line = s.message();
  std::replace(line.begin(), line.end(), '\n', ' ');
  std::fprintf(stderr, "govharvest: error: %s\n", line.c_str());
  return ExitCodeFor(s);
}

}  // namespace govharvest
