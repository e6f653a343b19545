// Exit codes of the govharvest program (docs/reliability.md) and the one
// place that turns a failed Status into its error line and exit code.
#ifndef GOVHARVEST_APP_EXIT_CODES_H_
#define GOVHARVEST_APP_EXIT_CODES_H_

#include "store/status.h"

namespace govharvest {

inline constexpr int kExitOk = 0;
// Something failed: a site did not go fully well, damage was found, a file
// could not be read or written.
inline constexpr int kExitFailure = 1;
// A usage or configuration error: the command line or the config is wrong.
inline constexpr int kExitUsage = 2;
// sysexits' EX_TEMPFAIL: another process holds the archive (its lock); the
// same command can simply run again later.
inline constexpr int kExitBusy = 75;

// kExitUsage for invalid arguments, kExitBusy for a held archive, else
// kExitFailure. `s` must not be ok.
int ExitCodeFor(const Status& s);

// Prints "govharvest: error: <message>" (one line) to stderr and returns
// ExitCodeFor(s).
int Fail(const Status& s);

}  // namespace govharvest

#endif  // GOVHARVEST_APP_EXIT_CODES_H_
