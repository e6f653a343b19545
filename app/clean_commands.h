// The `govharvest clean` and `govharvest extract` commands. Each Run* returns
// the process exit code.
//
// `clean` cleans one page (a file, a URL's latest capture or a payload) and
// prints it as text, JSON or HTML; it writes nothing. `extract` runs the
// extract pass over the archive (pipeline/extract_pass.h: cleaning, the
// documents and markers of the doc keyspace, store/documents.h, the mirror
// merge and the cross-year checks) and prints its summary as JSON; it exits 1
// when a page could not be read.
#ifndef GOVHARVEST_APP_CLEAN_COMMANDS_H_
#define GOVHARVEST_APP_CLEAN_COMMANDS_H_

#include <string>

#include "app/archive_commands.h"

namespace govharvest {

struct CleanArgs {
  std::string target;  // FILE, URL or sha256:<hex>
  std::string format = "text";  // text | json | html
  std::string url;     // for FILE: the URL it was saved from (host checks)
};

struct ExtractArgs {
  bool all = false;  // re-clean payloads that were already cleaned
  int jobs = 0;      // worker threads; 0 = one per core
};

int RunClean(const GlobalOptions& global, const CleanArgs& args);
int RunExtract(const GlobalOptions& global, const ExtractArgs& args);

}  // namespace govharvest

#endif  // GOVHARVEST_APP_CLEAN_COMMANDS_H_
