// The `govharvest clean` and `govharvest extract` commands, and the document
// counts that `archive stats` shows. Each Run* returns the process exit code.
//
// Document entries live in the archive's doc keyspace (docs/storage.md):
//  - `d/<document digest>`: {"schema": 1, "document_digest", "clean": <CleanPage
//    JSON>, "captures": [{url, fetched_at, fetched_at_us, payload_digest, site,
//    role, listed_year, host_class}, ...]}; the same report at several URLs (or
//    several payloads that clean to the same text) is one entry;
//  - `d/cleaned/<payload digest>`: the marker saying a payload was cleaned:
//    {"schema": 1, "document_digest"} or {"schema": 1, "failure": reason,
//    "detail"} when it could not be cleaned. `extract` skips marked payloads
//    unless --all is given.
// A payload's marker and the document entries it changes are written in one
// atomic batch, so a killed `extract` never leaves a marker without its
// document. Mirror copies whose names were replaced are then merged into their
// originals (app/document_merge.h): the copy's entry becomes a pointer
// {"merged_into"} listing no capture, and its markers name the original.
#ifndef GOVHARVEST_APP_CLEAN_COMMANDS_H_
#define GOVHARVEST_APP_CLEAN_COMMANDS_H_

#include <cstdint>
#include <string>

#include "app/archive_commands.h"
#include "store/archive.h"

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

// Archive-wide document counts, read from the doc keyspace through the
// markers of the archived page captures.
struct DocumentCounts {
  int64_t documents = 0;              // document entries listing >= 1 capture
  int64_t captures = 0;               // captures listed by those entries
  int64_t duplicate_groups = 0;       // documents with more than one capture
  int64_t near_duplicate_groups = 0;  // groups of >= 2 documents whose SimHashes are within
                                      // kNearDuplicateMaxDistance (connected components)
  int64_t documents_in_near_duplicate_groups = 0;
  int64_t payloads_cleaned = 0;       // payloads with a marker
  int64_t payloads_failed = 0;        // markers recording a failure
};

// Documents are read on up to `threads` threads.
Status CountDocuments(const Archive& archive, int threads, DocumentCounts* out);

int RunClean(const GlobalOptions& global, const CleanArgs& args);
int RunExtract(const GlobalOptions& global, const ExtractArgs& args);

}  // namespace govharvest

#endif  // GOVHARVEST_APP_CLEAN_COMMANDS_H_
