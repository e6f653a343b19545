// Discovery on the crawl engine: one crawl job per round of the walk.

#include "discover/discover.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "crawler/browser_fetch.h"
#include "crawler/crawler.h"
#include "crawler/encoding.h"
#include "crawler/url.h"
#include "render/page_renderer.h"

namespace govharvest {

namespace {

// The page the round's job archived for `url`, as the walk reads it.
DiscoveryFetch ReadCapture(const Archive& archive, const std::string& url, const std::string& job_id) {
  DiscoveryFetch page;
  page.url = url;
  page.final_url = url;
  CaptureRecord rec;
  if (!archive.GetLatestCapture(url, &rec).ok() || rec.job_id != job_id) {
    page.outcome = "not_fetched";
    return page;
  }
  page.final_url = rec.final_url.empty() ? url : rec.final_url;
  page.http_status = rec.http_status;
  page.outcome = rec.outcome;
  if ((rec.outcome == "ok" || rec.outcome == "not_modified") && !rec.payload_digest.empty()) {
    std::string bytes;
    if (archive.GetBlob(rec.payload_digest, &bytes).ok()) {
      page.text = DecodePage(bytes, FindHeader(rec.response_headers, "Content-Type")).text;
      page.outcome = "ok";
    }
  }
  return page;
}

// Renders a column candidate whose list is built by scripts: every request
// of the browser through the crawler's rules (crawler/browser_fetch.h),
// archived, each host asked no sooner than its politeness allows, counting
// from the time the crawl rounds left in `carry_over`. Returns the pages fetched.
int64_t RenderCandidate(Archive& archive, const DiscoverOptions& options, const std::string& url,
                        CrawlCarryOver* carry_over, std::unique_ptr<PageRenderer>* renderer,
                        std::vector<std::string>* doms, std::string* problem) {
  const DiscoveryScope scope(options.scope, options.start_urls);
  BrowserFetchSettings settings;
  settings.config = &options.config;
  settings.in_scope = [&scope](const std::string& u) { return scope.Contains(u); };
  settings.archive = &archive;
  settings.via = url;
  settings.carry_over = carry_over;
  BrowserFetchRules rules(std::move(settings));
  if (!*renderer) *renderer = std::make_unique<PageRenderer>(ChromiumOptions{}, 1);
  RenderResult result;
  const Status s = (*renderer)->Render(url, PageRenderOptions{}, [&rules](const BrowserRequest& r) { return rules(r); },
                                       &result);
  if (!s.ok()) {
    *problem = s.message();
  } else if (!rules.challenges().empty()) {
    *problem = "anti-bot challenge at " + rules.challenges().front() + "; reported, not worked around";
  }
  for (const RenderedState& state : result.states) doms->push_back(state.dom);
  int64_t fetched = 0;
  for (const auto& logged : rules.log()) fetched += logged.status != 0 ? 1 : 0;
  return fetched;
}

}  // namespace

Status RunDiscovery(Archive& archive, const DiscoverOptions& options, const std::shared_ptr<spdlog::logger>& logger,
                    DiscoverRun* run) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::string> starts;
  for (const std::string& raw : options.start_urls) {
    std::string url;
    if (Status s = CanonicalizeUrl(raw, &url); !s.ok()) {
      return Status::InvalidArgument("start URL '" + raw + "': " + s.message());
    }
    starts.push_back(url);
  }
  if (starts.empty()) return Status::InvalidArgument("no start URL given");

  DiscoveryWalk walk(options.scope, starts);
  CrawlCarryOver carry_over;
  std::unique_ptr<PageRenderer> renderer;  // started for the first list built by scripts
  *run = DiscoverRun();
  while (true) {
    const std::vector<std::string> round = walk.NextRound();
    const std::vector<std::string> renders = walk.TakeRenders();
    if (round.empty() && renders.empty()) break;
    if (options.max_pages > 0 && run->pages >= options.max_pages) {
      run->stopped_because = "max_pages " + std::to_string(options.max_pages) + " reached; " +
                             std::to_string(round.size() + renders.size()) + " pages of the walk left unfetched";
      break;
    }
    for (const std::string& url : renders) {
      std::vector<std::string> doms;
      std::string problem;
      run->pages += RenderCandidate(archive, options, url, &carry_over, &renderer, &doms, &problem);
      if (!problem.empty()) logger->warn("discover: rendering {} failed: {}", url, problem);
      walk.AddRendered(url, doms, problem);
    }
    if (round.empty()) continue;
    CrawlOptions crawl;
    crawl.kind = "discover";
    crawl.start_urls = round;
    crawl.follow_links = false;
    crawl.scope = options.scope == ScopeMode::kDomain ? "domain" : "host";
    crawl.max_pages = options.max_pages > 0 ? options.max_pages - run->pages : 0;
    crawl.config = options.config;
    crawl.progress_on_tty = options.progress_on_tty;
    crawl.carry_over = &carry_over;
    CrawlSummary summary;
    GOVHARVEST_RETURN_IF_ERROR(RunCrawl(archive, crawl, logger, &summary));
    run->rounds += 1;
    run->job_ids.push_back(summary.job_id);
    for (const auto& [host, h] : summary.hosts) run->pages += h.fetched + h.not_modified;
    logger->info("discover round {}: {} pages asked ({} in all)", run->rounds, round.size(), run->pages);
    for (const std::string& url : round) walk.AddPage(ReadCapture(archive, url, summary.job_id));
    if (summary.interrupted) {
      run->interrupted = true;
      run->stopped_because = "interrupted by a signal";
      break;
    }
  }
  run->complete = run->stopped_because.empty();
  // The loop's last NextRound decided on every page added (after a signal,
  // the last round's pages are left undecided).
  run->result = walk.Result();
  run->elapsed_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  return Status::Ok();
}

}  // namespace govharvest
