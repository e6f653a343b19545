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
  int64_t too_large = 0;          // records skipped as over a WarcImportOptions limit
  std::map<std::string, int64_t> skipped;  // why -> records not turned into captures
};

struct WarcImportOptions {
  // The largest payload imported, after chunked transfer coding and
  // gzip/deflate content coding are undone: the crawler's [limits]
  // max_body_bytes, so that the archive takes from a WARC nothing the crawler
  // would not take from the network. A record's block may have
  // kWarcHeadAllowanceBytes more (its headers); a record over either limit
  // is reported with its offset, declared size and the limit, and skipped.
  int64_t max_body_bytes = int64_t{50} << 20;
  // What the import keeps in memory from its first pass until Finish()
  // (request bodies, revisit records, govharvest capture records), all files
  // together. A record that would pass it is reported and skipped (too_large).
  int64_t max_held_bytes = int64_t{256} << 20;
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
  WarcImporter(Archive* archive, std::string job_id, const WarcImportOptions& options = WarcImportOptions());
  ~WarcImporter();
  WarcImporter(const WarcImporter&) = delete;
  WarcImporter& operator=(const WarcImporter&) = delete;

  // Imports the response and resource records of `path` (and remembers its
  // revisits for Finish). Fails only when the file cannot be read or the
  // archive refuses a write; malformed records and records over the limits
  // become problems. Memory stays bounded by the limits whatever the file
  // holds (a gzip bomb is inflated and dropped, never held).
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
