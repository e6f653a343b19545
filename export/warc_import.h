// Importing WARC files written by other archivers (Heritrix, wget
// --warc-file, Browsertrix, govharvest's own export) into the archive as
// captures, for `govharvest archive import-warc`.
#ifndef GOVHARVEST_EXPORT_WARC_IMPORT_H_
#define GOVHARVEST_EXPORT_WARC_IMPORT_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "export/warc.h"
#include "store/archive.h"
#include "store/status.h"

namespace govharvest {

struct WarcImportCounts {
  int64_t files = 0;
  int64_t records = 0;            // well-formed records read
  int64_t captures_imported = 0;  // captures written
  int64_t revisits_resolved = 0;  // revisit records imported with their payload found
  int64_t already_archived = 0;   // same URL and time already in the archive: left as it was
  int64_t unresolved_revisits = 0;
  int64_t malformed = 0;          // records or gzip members skipped as unreadable
  std::map<std::string, int64_t> skipped;  // why -> records not turned into captures
};

// One problem with a record, reported with its file and byte offset.
struct WarcImportProblem {
  std::string file;
  int64_t offset = 0;
  std::string message;
};

// Reads WARC files into an archive. Each capture is its own atomic batch;
// a capture already archived (same requested URL and fetch time) is never
// overwritten. Revisit records are resolved once every file was read: by
// WARC-Refers-To, by payload digest (records read, or blobs already in the
// archive), or by WARC-Refers-To-Target-URI and -Date.
//
// Not thread-safe; one importer per import job.
class WarcImporter {
 public:
  // `archive` must outlive the importer. Captures get `job_id`.
  WarcImporter(Archive* archive, std::string job_id);
  ~WarcImporter();
  WarcImporter(const WarcImporter&) = delete;
  WarcImporter& operator=(const WarcImporter&) = delete;

  // Imports the response and resource records of `path` (and remembers its
  // revisits for Finish). Fails only when the file cannot be read or the
  // archive refuses a write; malformed records become problems.
  Status AddFile(const std::string& path);

  // Imports the revisit records and payload-less capture records read so far.
  Status Finish();

  const WarcImportCounts& counts() const;
  const std::vector<WarcImportProblem>& problems() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace govharvest

#endif  // GOVHARVEST_EXPORT_WARC_IMPORT_H_
