// `govharvest columns URL|FILE [--site NAME] [--url URL] [--years A-B] [--json]`:
// what the column walker sees on one column page (crawler/column_probe.h):
// each item with its classification and why, the sub-columns and script
// APIs it leads to, the pager's evidence and the next requests. For fixing a
// site's entry or hints in minutes. Exit 0 when the page lists at least one
// report (or a report to verify), 1 when it lists none or is no list (a
// challenge, a soft 404, a login wall), 2 on usage errors.
#ifndef GOVHARVEST_APP_COLUMNS_COMMAND_H_
#define GOVHARVEST_APP_COLUMNS_COMMAND_H_

#include <string>

#include "app/archive_commands.h"

namespace govharvest {

struct ColumnsArgs {
  std::string target;  // http(s) URL or file
  std::string site;    // a [[site]] of the config: its cms and hints apply
  std::string url;     // a file's URL, for resolving its links
  std::string years;   // "2019-2024"
  bool json = false;
  bool render = false;  // also render the page in headless Chromium
};

int RunColumns(const GlobalOptions& global, const ColumnsArgs& args);

}  // namespace govharvest

#endif  // GOVHARVEST_APP_COLUMNS_COMMAND_H_
