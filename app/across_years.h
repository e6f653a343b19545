// Cross-year soft checks S1/S2 over the reports stored in the doc keyspace
// (issue 6, "Across years"; docs/schema.md).
//
// Report records (`d/<document digest>`.report) are grouped by agency_key; for
// each agency with reports of consecutive years N-1 and N, CheckAcrossYears
// runs on the pair and its checks are stored on BOTH records, in
// validation.soft, each entry carrying
//   "across_years": {"years": [N-1, N], "other_document": <digest>, "other_year": <year>}.
// Entries with an "across_years" key are recomputed on every run (old ones are
// dropped first), so running it twice changes nothing; a document is only
// rewritten when its entries change. Writes go through atomic batches.
#ifndef GOVHARVEST_APP_ACROSS_YEARS_H_
#define GOVHARVEST_APP_ACROSS_YEARS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "store/archive.h"

namespace govharvest {

struct AcrossYearsCounts {
  int64_t agencies = 0;           // agencies with reports of >= 2 consecutive years
  int64_t pairs = 0;              // (N-1, N) pairs checked
  int64_t documents_updated = 0;  // documents whose cross-year entries changed
  std::map<std::string, int64_t> outcomes;  // S1/S2 outcomes ("ok", "warn", "no_data") over all pairs
};

// Document digests listed by the markers of the archive's page captures,
// sorted and distinct.
Status ListReportDocuments(const Archive& archive, std::vector<std::string>* out);

// Documents are read on up to `threads` threads.
Status CheckReportsAcrossYears(Archive& archive, int threads, AcrossYearsCounts* out);

}  // namespace govharvest

#endif  // GOVHARVEST_APP_ACROSS_YEARS_H_
