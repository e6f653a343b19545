#include "app/crawl_commands.h"

#include <spdlog/spdlog.h>

#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "crawler/crawler.h"
#include "store/archive.h"

namespace govharvest {

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

int Run(const GlobalOptions& g, const CrawlArgs& args, CrawlOptions options) {
  options.start_urls = args.urls;
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
  if (!s.ok()) {
    std::fprintf(stderr, "govharvest: error: %s\n", s.message().c_str());
    return kExitFailure;
  }
  CrawlSummary summary;
  s = RunCrawl(*archive, options, g.logger, &summary);
  if (!s.ok()) {
    std::fprintf(stderr, "govharvest: error: %s\n", s.message().c_str());
    return s.IsInvalidArgument() || s.IsUnsupported() ? kExitUsage : kExitFailure;
  }

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

int RunAdHocCrawl(const GlobalOptions& g, const CrawlArgs& args) {
  CrawlOptions options;
  options.kind = "crawl";
  options.follow_links = true;
  const int code = Run(g, args, std::move(options));
  return code;
}

}  // namespace govharvest
