#include "app/crawl_commands.h"

#include <spdlog/spdlog.h>

#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <algorithm>
#include <string>
#include <vector>

#include "app/exit_codes.h"
#include "crawler/crawler.h"
#include "pipeline/previous_run.h"
#include "store/archive.h"

namespace govharvest {

namespace {


int Run(const GlobalOptions& g, const CrawlArgs& args, CrawlOptions options) {
  options.start_urls = args.urls;
  options.sites = args.sites;
  if (!args.years.empty()) {
    if (Status s = ParseYearRange(args.years, &options.year_from, &options.year_to); !s.ok()) return Fail(s);
  }
  options.scope = args.scope;
  options.max_pages = args.max_pages;
  options.config = *g.config;
  if (args.min_delay_ms) {
    options.config.politeness.min_delay_ms = *args.min_delay_ms;
    options.config.politeness.max_delay_ms =
        std::max(options.config.politeness.max_delay_ms, *args.min_delay_ms);
  }
  if (args.per_host) options.config.politeness.max_concurrent_per_host = *args.per_host;

  ArchiveOptions archive_options;
  archive_options.create_if_missing = true;
  std::unique_ptr<Archive> archive;
  Status s = Archive::Open(g.archive_dir, archive_options, &archive);
  if (!s.ok()) return Fail(s);
  if (options.walk_columns && !options.backfill) {
    // The incremental stop compares list dates with the start of the last
    // completed scheduled run over the same sites and years.
    std::vector<JobRecord> jobs;
    if (archive->ListJobs(&jobs).ok()) {
      std::vector<std::string> wanted = options.sites;
      if (wanted.empty()) {
        for (const auto& site : options.config.sites) wanted.push_back(site.name);
      }
      options.previous_run = PreviousRunStart(jobs, wanted, options.year_from, options.year_to);
    }
  }
  CrawlSummary summary;
  s = RunCrawl(*archive, options, g.logger, &summary);
  if (!s.ok()) return Fail(s);

  std::fprintf(stderr, "\n%-28s %8s %8s %7s %7s %7s %7s %7s %8s  %s\n", "host", "fetched", "304", "errors",
               "retries", "robots", "blocked", "queued", "MB", "parked");
  bool failures = false;
  for (const auto& [host, h] : summary.hosts) {
    std::fprintf(stderr, "%-28s %8" PRId64 " %8" PRId64 " %7" PRId64 " %7" PRId64 " %7" PRId64 " %7" PRId64
                         " %7" PRId64 " %8.2f  %s\n",
                 host.c_str(), h.fetched, h.not_modified, h.errors, h.retries, h.robots_denied, h.blocked,
                 h.left_queued, static_cast<double>(h.bytes) / 1e6, h.parked_reason.c_str());
    failures = failures || !h.parked_reason.empty();
  }
  if (!summary.sites.empty()) {
    std::fprintf(stderr, "\n%-20s %6s %-30s %6s %6s %7s %6s %6s\n", "site", "pages", "reports by year", "attach",
                 "errors", "blocked", "robots", "other");
    for (const auto& [name, st] : summary.sites) {
      std::string years;
      for (const auto& [year, n] : st.reports_by_year) {
        years += (years.empty() ? "" : " ") + (year ? std::to_string(year) : std::string("?")) + ":" + std::to_string(n);
      }
      std::fprintf(stderr, "%-20s %6" PRId64 " %-30s %6" PRId64 " %6" PRId64 " %7" PRId64 " %6" PRId64 " %6" PRId64 "\n",
                   name.c_str(), st.pages, years.empty() ? "-" : years.c_str(), st.attachments, st.errors, st.blocked,
                   st.robots_denied, st.out_of_scope);
      failures = failures || !st.ok();
    }
    for (const auto& [name, st] : summary.sites) {
      if (!st.ok()) std::fprintf(stderr, "site %s: %s\n", name.c_str(), st.Status().c_str());
    }
  }
  if (summary.interrupted || !summary.complete) {
    g.logger->warn("job {} is not finished; run the same command again to resume it", summary.job_id);
  }
  if (!args.summary_json.empty()) {
    std::ofstream out(args.summary_json, std::ios::trunc);
    out << summary.ToJson() << "\n";
    if (!out) {
      std::fprintf(stderr, "govharvest: error: cannot write '%s'\n", args.summary_json.c_str());
      return kExitFailure;
    }
  }
  return summary.complete && !failures ? 0 : kExitFailure;
}

}  // namespace

int RunFetch(const GlobalOptions& g, const CrawlArgs& args) {
  CrawlOptions options;
  options.kind = "fetch";
  options.follow_links = false;
  options.on_capture = [](const CaptureRecord& r) {
    std::cout << r.ToJson() << "\n";
    std::cout.flush();
  };
  return Run(g, args, std::move(options));
}

int RunColumnCrawl(const GlobalOptions& g, const CrawlArgs& args, bool backfill) {
  int year_from = 0, year_to = 0;  // the flags first, then what they need of the config
  if (!args.years.empty()) {
    if (Status s = ParseYearRange(args.years, &year_from, &year_to); !s.ok()) return Fail(s);
  }
  if (g.config->sites.empty()) {
    std::fprintf(stderr, "govharvest: error: %s has no [[site]]; give --config FILE with sites, or --start URL\n",
                 g.config->source.empty() ? "the default config" : g.config->source.c_str());
    return kExitUsage;
  }
  for (const auto& name : args.sites) {
    if (g.config->FindSite(name) == nullptr) {
      std::fprintf(stderr, "govharvest: error: no site '%s' in %s\n", name.c_str(), g.config->source.c_str());
      return kExitUsage;
    }
  }
  CrawlOptions options;
  options.kind = backfill ? "backfill" : "crawl";
  options.walk_columns = true;
  options.backfill = backfill;
  return Run(g, args, std::move(options));
}

int RunAdHocCrawl(const GlobalOptions& g, const CrawlArgs& args) {
  CrawlOptions options;
  options.kind = "crawl";
  options.follow_links = true;
  const int code = Run(g, args, std::move(options));
  return code;
}

}  // namespace govharvest
