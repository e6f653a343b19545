// `govharvest export` (snapshots for researchers: report tables, SQLite,
// texts, summary page, WARC; docs/export.md) and `govharvest archive
// import-warc`. Each returns the process exit code.
#ifndef GOVHARVEST_APP_EXPORT_COMMANDS_H_
#define GOVHARVEST_APP_EXPORT_COMMANDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "app/archive_commands.h"

namespace govharvest {

struct ExportArgs {
  std::string out;                   // snapshot directory, replaced whole at the end
  std::vector<std::string> formats;  // empty: every format but texts (texts too with `texts`)
  std::string years;                 // "A-B" or "A": only reports of these years; "" = all
  bool texts = false;                // also write texts/
  bool excel = false;                // CSVs start with a UTF-8 BOM
  std::vector<std::string> sites;    // empty: every capture
  std::string job;                   // only captures of this job
  std::string since;                 // only captures fetched at or after this time
  bool force = false;                // replace a non-empty `out`
  int64_t warc_file_bytes = int64_t{1} << 30;  // roll WARC files past this size
};

struct ImportWarcArgs {
  std::vector<std::string> files;
  int64_t max_body_bytes = 0;  // largest payload imported; 0: the config's [limits] max_body_bytes
};

int RunExport(const GlobalOptions& global, const ExportArgs& args);
int RunImportWarc(const GlobalOptions& global, const ImportWarcArgs& args);

}  // namespace govharvest

#endif  // GOVHARVEST_APP_EXPORT_COMMANDS_H_
