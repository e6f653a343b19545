// Cross-year soft checks S1/S2 over the reports stored in the doc keyspace
// (issue 6, "Across years"; docs/schema.md), run by `govharvest extract`
// after the mirror merge.
//
// Report records (`d/<document digest>`.report) are grouped by agency_id
// (extract/agency_identity.h; never by agency_key, which a county shares with
// its townships and bureaus; a record without agency_id is in no pair); for
// each agency with reports of consecutive years N-1 and N, CheckAcrossYears
// runs on the pair and its checks are stored on BOTH records, in
// validation.soft, each entry carrying
//   "across_years": {"years": [N-1, N], "other_document": <digest>, "other_year": <year>}.
// Entries with an "across_years" key are recomputed on every run (old ones are
// dropped first), so running it twice changes nothing; a document is only
// rewritten when its entries change. Writes go through atomic batches.
//
// The record standing for an agency's year is the one from an authoritative
// host, then with the most cells, then with the smallest digest.
#ifndef GOVHARVEST_PIPELINE_ACROSS_YEARS_H_
#define GOVHARVEST_PIPELINE_ACROSS_YEARS_H_

#include <cstdint>
#include <map>
#include <string>

#include "store/archive.h"
#include "store/documents.h"

namespace govharvest {

struct AcrossYearsCounts {
  int64_t agencies = 0;           // agencies with reports of >= 2 consecutive years
  int64_t pairs = 0;              // (N-1, N) pairs checked
  int64_t documents_updated = 0;  // documents whose cross-year entries changed
  std::map<std::string, int64_t> outcomes;  // S1/S2 outcomes ("ok", "warn", "no_data") over all pairs
};

// Checks the documents of `marked` (ReadMarkers over the payloads of the ok
// captures), read on up to `threads` threads. Corruption naming the key when
// a marker or document entry is malformed, or a marker names no document.
Status CheckReportsAcrossYears(Archive& archive, const MarkedDocuments& marked, int threads,
                               AcrossYearsCounts* out);

// The same, listing the documents itself (ListMarkedDocuments).
Status CheckReportsAcrossYears(Archive& archive, int threads, AcrossYearsCounts* out);

}  // namespace govharvest

#endif  // GOVHARVEST_PIPELINE_ACROSS_YEARS_H_
