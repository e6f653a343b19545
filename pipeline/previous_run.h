// The "previous run" of a scheduled column crawl (docs/crawler.md): the
// incremental stop of `govharvest crawl` compares list dates with the start
// of the last completed crawl over the same sites and years.
#ifndef GOVHARVEST_PIPELINE_PREVIOUS_RUN_H_
#define GOVHARVEST_PIPELINE_PREVIOUS_RUN_H_

#include <string>
#include <vector>

#include "store/records.h"
#include "store/timestamp.h"

namespace govharvest {

// The latest started_at among `jobs` that are column crawls (kind "crawl",
// not "backfill") which completed (ended_at set) and whose recorded options
// name exactly `sites` (in any order) and the years [year_from, year_to]
// (0 = no bound, as CrawlOptions has them); 0 when there is none. Jobs whose
// options are malformed do not match.
TimestampUs PreviousRunStart(const std::vector<JobRecord>& jobs, std::vector<std::string> sites, int year_from,
                             int year_to);

}  // namespace govharvest

#endif  // GOVHARVEST_PIPELINE_PREVIOUS_RUN_H_
