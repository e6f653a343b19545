// The extract pass (`govharvest extract`, docs/cleaning.md): cleans every
// archived page capture not cleaned yet, writes the documents and markers
// (pipeline/document_writer.h), merges mirror copies
// (pipeline/mirror_merge.h), runs the cross-year checks
// (pipeline/across_years.h) and counts the documents
// (pipeline/document_counts.h).
//
// One scan of the captures serves every step. Pages are cleaned, and their
// report records extracted, on a pool of worker threads; one thread writes.
// A page that cannot be cleaned gets a failure marker and is not tried again
// unless `all` is set.
#ifndef GOVHARVEST_PIPELINE_EXTRACT_PASS_H_
#define GOVHARVEST_PIPELINE_EXTRACT_PASS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "extract/clean.h"
#include "pipeline/across_years.h"
#include "pipeline/document_counts.h"
#include "pipeline/document_writer.h"
#include "pipeline/mirror_merge.h"
#include "store/archive.h"

namespace govharvest {

struct ExtractPassOptions {
  bool all = false;  // re-clean payloads that were already cleaned
  int threads = 1;   // worker threads (>= 1)
  CleanOptions clean;
  // The crawl config's [[site]] division_code by site name: the last evidence
  // for a report's agency_id (extract/agency_identity.h), read from each
  // page's capture record (`site`). Empty: no site evidence.
  std::map<std::string, std::string> site_division_codes;
  // Each callback is optional and called on the thread running the pass.
  // Pages cleaned or failed so far, of `total` to clean; `last` once at the
  // end of the cleaning.
  std::function<void(int64_t done, int64_t failed, int64_t total, bool last)> progress;
  // A page that could not be cleaned: its payload, the failure recorded in
  // its marker and the error.
  std::function<void(const std::string& payload_digest, const std::string& failure, const Status& error)> on_failure;
  // The end of a phase ("reading captures and markers", "cleaning and writing
  // documents", "merging mirror copies", "cross-year checks", "counting
  // documents").
  std::function<void(const char* phase)> phase_done;
};

struct ExtractSummary {
  int64_t pages_to_clean = 0;
  int64_t pages_cleaned = 0;
  int64_t pages_failed = 0;
  int64_t pages_already_cleaned = 0;
  DocumentWriterCounts written;
  int64_t spam_pages = 0;
  int64_t reports_extracted = 0;
  int64_t reports_failing_identities = 0;  // some hard identity (H1-H5) failed
  int64_t reports_with_ambiguous_rows = 0;  // some table row left without values (schema.md "Placement")
  int64_t reports_without_agency_id = 0;    // the body's division was undecided (schema.md "Agency identity")
  int64_t reports_tables_from_attachments = 0;
  std::map<std::string, int64_t> report_templates;
  std::map<std::string, int64_t> failures;  // by failure reason
  MirrorMergeCounts mirror_merge;
  AcrossYearsCounts across_years;
  DocumentCounts totals;  // after the run

  // Whether some page could not be read (damaged blob, a limit, a reader
  // error); payloads that are no pages ("not_a_page") do not count.
  bool unreadable_pages() const;
};

// Runs the pass over `archive`. Corruption naming the key when a stored
// marker or document entry is malformed; the entries written before the
// error stay (each batch is atomic), and a re-run carries on.
Status RunExtractPass(Archive& archive, const ExtractPassOptions& options, ExtractSummary* out);

}  // namespace govharvest

#endif  // GOVHARVEST_PIPELINE_EXTRACT_PASS_H_
