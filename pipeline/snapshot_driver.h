// The snapshot driver of `govharvest export` (docs/export.md): which captures
// and reports are in scope, the report formats (export/snapshot_writers.h)
// and the WARC files (export/warc.h) written into a temporary directory
// beside `out`, the manifest with every file's SHA-256, and the swap that
// puts the snapshot in place.
//
// Invariants:
//  - `out` holds a complete snapshot or nothing: everything is written into
//    `.<name>.tmp-<pid>` beside it, which is renamed to `out` at the end; an
//    existing `out` is first moved aside to `.<name>.old-<pid>` and removed
//    after the rename (put back when the rename fails). Temporaries that a
//    killed export left (their pid no longer runs) are removed; a running
//    export's are kept.
//  - The same archive and options give the same bytes in every file but the
//    manifest's created_at.
//  - With years, the WARC holds the evidence of those years' reports: the
//    captures of their documents, the attachments fetched from those pages,
//    and every attempt at a report page listed under those years.
#ifndef GOVHARVEST_PIPELINE_SNAPSHOT_DRIVER_H_
#define GOVHARVEST_PIPELINE_SNAPSHOT_DRIVER_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "export/snapshot.h"
#include "store/archive.h"
#include "store/timestamp.h"

namespace govharvest {

// Formats a snapshot may hold, in manifest order.
extern const std::vector<std::string> kSnapshotFormats;  // jsonl, csv, sqlite, texts, summary, warc

struct SnapshotDriverOptions {
  std::filesystem::path out;         // absolute, normalized; replaced whole at the end
  std::vector<std::string> formats;  // sorted and distinct, each of kSnapshotFormats
  // The filters as given (manifest, summary page) and as applied.
  std::string years_text;            // "" = every year
  int year_min = 0;                  // report years in [year_min, year_max]; 0/0 = every year
  int year_max = 0;
  std::vector<std::string> sites;    // captures of these config sites; empty = every capture
  std::string job;                   // captures of this job; "" = every job
  std::string since_text;            // "" = any time
  TimestampUs since = 0;             // captures fetched at or after this time
  bool excel = false;                // CSVs start with a UTF-8 BOM
  int64_t warc_file_bytes = int64_t{1} << 30;  // roll WARC files past this size (> 0)
  std::map<std::string, SnapshotSiteInfo> site_info;  // config sites, for identity context
  std::string archive_name;          // the archive in progress messages
  // Optional, called on the calling thread: documents written so far of
  // `total`, and progress messages ("indexing the documents of ...").
  std::function<void(int64_t done, int64_t total)> progress;
  std::function<void(const std::string& message)> log;
};

struct SnapshotDriverResult {
  std::string snapshot_id;
  std::vector<std::string> files;  // written, relative to the snapshot, sorted (manifest.json not included)
  nlohmann::json counts = nlohmann::json::object();  // as in the manifest
  int64_t warc_files = -1;         // WARC files written (index.cdxj not counted); -1 without warc
  // Captures left out of the WARC because their blob is damaged, one line
  // each; the snapshot is complete otherwise, and the export exits 1.
  std::vector<std::string> damaged_captures;
};

// Writes the snapshot of `archive` into options.out (see the header).
Status WriteSnapshot(const Archive& archive, const SnapshotDriverOptions& options, SnapshotDriverResult* out);

// Removes `.<name of out><kind><pid>` siblings of `out` (kind ".tmp-" or
// ".old-") whose pid no longer runs; other names are left alone.
void RemoveStaleTemporaries(const std::filesystem::path& out, const std::string& kind);

}  // namespace govharvest

#endif  // GOVHARVEST_PIPELINE_SNAPSHOT_DRIVER_H_
