// The `govharvest fetch` and `govharvest crawl` commands.
#ifndef GOVHARVEST_APP_CRAWL_COMMANDS_H_
#define GOVHARVEST_APP_CRAWL_COMMANDS_H_

#include <optional>
#include <string>
#include <vector>

#include "app/archive_commands.h"

namespace govharvest {

struct CrawlArgs {
  std::vector<std::string> urls;
  std::string scope = "host";
  int64_t max_pages = 0;
  std::optional<int64_t> min_delay_ms;
  std::optional<int> per_host;
  std::string summary_json;  // file to write the summary to, "" for none
  std::vector<std::string> sites;  // column walking: site names ("" = all in the config)
  std::string years;               // "2019-2023" or "2021"
};

// Fetches the URLs (no link following) and prints each capture as a JSON line.
int RunFetch(const GlobalOptions& global, const CrawlArgs& args);
// Breadth-first crawl from the URLs within the scope; prints the summary JSON.
int RunAdHocCrawl(const GlobalOptions& global, const CrawlArgs& args);
// Walks the annual-report columns of the config's sites: `backfill` false is
// the scheduled, incremental harvest; true walks back through the years.
int RunColumnCrawl(const GlobalOptions& global, const CrawlArgs& args, bool backfill);

}  // namespace govharvest

#endif  // GOVHARVEST_APP_CRAWL_COMMANDS_H_
