// The `govharvest discover` command: portal home pages in, a config file of
// every body's annual-report column out (docs/discovery.md).
#ifndef GOVHARVEST_APP_DISCOVER_COMMAND_H_
#define GOVHARVEST_APP_DISCOVER_COMMAND_H_

#include <cstdint>
#include <string>
#include <vector>

#include "app/archive_commands.h"

namespace govharvest {

struct DiscoverArgs {
  std::vector<std::string> urls;
  std::string out;             // the config file written (merged when it exists)
  int64_t max_pages = 0;       // 0 = no limit
  std::string scope = "domain";
  int64_t min_delay_ms = -1;   // < 0: the config's
  std::string report_json;     // also write the full report (every note) to this file
};

// Exit 0 when at least one column was found, 1 when none (or the file could
// not be written), 2 on usage errors.
int RunDiscover(const GlobalOptions& global, const DiscoverArgs& args);

}  // namespace govharvest

#endif  // GOVHARVEST_APP_DISCOVER_COMMAND_H_
