#include "crawler/crawler.h"

#include <spdlog/spdlog.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cinttypes>
#include <cstdio>
#include <limits>
#include <mutex>
#include <future>
#include <optional>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>
#include <unordered_map>

#include "crawler/clock.h"
#include "crawler/column.h"
#include "crawler/column_walker.h"
#include "crawler/encoding.h"
#include "crawler/frontier.h"
#include "crawler/host_scheduler.h"
#include "crawler/http_fetcher.h"
#include "crawler/links.h"
#include "crawler/browser_fetch.h"
#include "crawler/outcome.h"
#include "crawler/robots.h"
#include "crawler/robots_cache.h"
#include "crawler/step_commit.h"
#include "crawler/url.h"
#include "store/progress.h"

namespace govharvest {

namespace {

namespace asio = boost::asio;
using nlohmann::json;

constexpr TimestampUs kForever = std::numeric_limits<TimestampUs>::max();

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool LooksLikeHtml(std::string_view media_type, std::string_view body) {
  if (media_type == "text/html" || media_type == "application/xhtml+xml") return true;
  if (!media_type.empty() && media_type != "text/plain" && media_type != "application/octet-stream") {
    return false;
  }
  std::string head(body.substr(0, 512));
  std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
  return head.find("<html") != std::string::npos || head.find("<!doctype html") != std::string::npos;
}


}  // namespace

std::string DetectChallenge(int status, std::string_view body) {
  const std::string_view head = body.substr(0, 64 * 1024);
  auto has = [&](std::string_view s) { return head.find(s) != std::string_view::npos; };
  // Ruishu (瑞数): 202/412 with a $_ts bootstrap and an obfuscated script.
  if (has("$_ts") && (has("$_ts.cd") || has("$_ts.nsd") || has("$_ts=window"))) return "ruishu";
  if (has("__jsl_clearance") || has("jsl_clearance_s")) return "jiasule";
  if (has("wzws_cid") || has("wzwsconfirm") || has("wzwstemplate") || has("/WZWSR")) return "wzws";
  if (has("acw_sc__v2") || has("arg1=")) {
    if (has("acw_sc__v2")) return "aliyun_waf";
  }
  if ((status == 412 || status == 202 || status == 521 || status == 403) && body.size() < 32 * 1024 &&
      has("<script") && !has("<table") &&
      (has("document.cookie") || has("eval(") || has("location.reload"))) {
    return "generic_js";
  }
  return "";
}

std::string CrawlSummary::ToJson() const {
  json j;
  j["job_id"] = job_id;
  j["resumed"] = resumed;
  j["interrupted"] = interrupted;
  j["complete"] = complete;
  json hs = json::object();
  for (const auto& [host, h] : hosts) {
    hs[host] = {{"fetched", h.fetched},       {"not_modified", h.not_modified},
                {"errors", h.errors},         {"retries", h.retries},
                {"robots_denied", h.robots_denied}, {"blocked", h.blocked},
                {"out_of_scope", h.out_of_scope},   {"bytes", h.bytes},
                {"left_queued", h.left_queued},     {"parked_reason", h.parked_reason},
                {"browser_requests", h.browser_requests}};
  }
  j["hosts"] = std::move(hs);
  if (!sites.empty()) {
    json ss = json::object();
    for (const auto& [name, st] : sites) {
      json years = json::object();
      for (const auto& [year, n] : st.reports_by_year) years[year ? std::to_string(year) : "unknown"] = n;
      ss[name] = {{"pages", st.pages},       {"reports_by_year", years},   {"attachments", st.attachments},
                  {"errors", st.errors},     {"blocked", st.blocked},      {"robots_denied", st.robots_denied},
                  {"out_of_scope", st.out_of_scope}, {"ok", st.ok()}, {"status", st.Status()},
                  {"guesses_missed", st.guesses_missed}, {"hints_unmatched", st.UnmatchedHints()},
                  {"rendered_pages", st.rendered_pages}, {"browser_requests", st.browser_requests},
                  {"render_problem", st.render_problem}};
    }
    j["sites"] = std::move(ss);
  }
  return j.dump();
}


std::string SiteSummary::UnmatchedHints() const {
  std::string names;
  const unsigned unmatched = hints_given & ~hints_matched;
  for (auto [bit, name] : {std::pair{kListHintMatched, "list_pattern"}, std::pair{kDetailHintMatched, "detail_pattern"},
                           std::pair{kNextHintMatched, "next_pattern"}}) {
    if (unmatched & bit) names += (names.empty() ? "" : ", ") + std::string(name);
  }
  return names;
}

std::string SiteSummary::Status() const {
  if (blocked > 0) return "blocked";
  if (errors > 0) return "errors";
  if (const std::string hints = UnmatchedHints(); !hints.empty()) {
    return "hint_unmatched: " + hints + " matched no link on the " + std::to_string(pages) + " pages walked";
  }
  if (no_reports()) {
    return "no_reports: " + std::to_string(pages) + " pages walked, " + std::to_string(out_of_scope) +
           " items rejected, none a report of the years asked" +
           (render_problem.empty() ? "" : "; rendering failed: " + render_problem);
  }
  if (!render_problem.empty()) return "render_failed: " + render_problem;
  return "ok";
}

namespace {

// A site's rendering in one job, merged into its SiteSummary at the end.
struct RenderTally {
  int64_t pages = 0;
  int64_t requests = 0;
  std::string problem;
};

// Tabs of the job's browser rendering at once (render/page_renderer.h).
constexpr int kRenderTabs = 2;

// The orchestrator of one job on the io_context (see crawler.h): it asks the frontier
// (frontier.h) for the next URL of each host the host scheduler
// (host_scheduler.h) and the robots cache (robots_cache.h) let go, hands
// responses to workers that decode them, walk list pages (column_walker.h)
// and commit each step in one batch (step_commit.h), and counts the steps.
class CrawlJob {
 public:
  CrawlJob(Archive& archive, const CrawlOptions& options, std::shared_ptr<spdlog::logger> logger)
      : archive_(archive),
        options_(options),
        log_(std::move(logger)),
        clock_(SystemClock()),
        robots_(options.carry_over ? options.carry_over->robots : own_robots_),
        fetcher_(io_),
        wake_timer_(io_),
        progress_timer_(io_),
        signals_(io_, SIGINT, SIGTERM),
        workers_(std::max(1u, std::thread::hardware_concurrency())),
        scheduler_(options.config, clock_, std::random_device{}(), log_.get()),
        committer_(archive, clock_, [this](const std::string& url) { return HostKeyFor(url); },
                   static_cast<uint64_t>(clock_->NowUs())),
        walk_{options.year_from, options.year_to, options.previous_run, options.backfill} {}

  Status Run(CrawlSummary* summary);

 private:
  struct Host {
    HostQueue queue;
    HostSchedule schedule;
    HostSummary summary;
  };

  // One URL being fetched, across its redirect hops.
  struct Attempt {
    QueueEntry entry;
    std::string current_url;
    std::vector<RedirectHop> chain;
    TimestampUs started_at = 0;
    int64_t duration_us = 0;
  };

  // What a worker hands back to the io thread.
  struct Processed {
    bool archived = false;  // false: the archive refused the step's batch
    StepResult result;
  };

  Status Prepare();
  std::string Fingerprint() const;
  std::string HostKeyFor(const std::string& url);
  std::string ResolvedAddress(const std::string& host);
  bool InScope(const std::string& url) const;
  Status LoadFrontier();
  Host& HostFor(const std::string& key);
  void AddToHost(QueueEntry e);

  void Pump();
  bool StartNext(Host& h, TimestampUs now, TimestampUs* wake);
  void StartRobots(Host& h, const std::string& origin);
  void OnRobots(const std::string& host_key, const std::string& origin, int hops, std::string url,
                HttpResponse r);
  void Issue(Host& h, std::shared_ptr<Attempt> a);
  void OnResponse(std::shared_ptr<Attempt> a, HttpResponse r);
  void Finish(std::shared_ptr<Attempt> a, HttpResponse r, Outcome outcome, std::string detail);
  void Deny(QueueEntry e);
  void Process(std::shared_ptr<Attempt> a, HttpResponse r, Outcome outcome, std::string detail,
               std::optional<QueueEntry> retry);
  void OnProcessed(Processed p);
  // Adds one step to the host, site and job counters.
  void Tally(const StepTally& t);
  void ArchiveRobots(std::string url, HttpResponse r);
  bool Finished() const;
  void Progress(bool final);
  void WriteJob(bool ended);
  void CleanupJob();
  void OnCapture(const CaptureRecord& r);
  // Rendering (docs/rendering.md), on a worker thread: whether a list page
  // is rendered, the render itself (its links join `list`), and the gate
  // that puts the browser's requests under the hosts' politeness.
  bool ShouldRender(const std::string& site, std::string_view text, std::string_view url, const ListOutcome& list) const;
  void RenderList(const QueueEntry& entry, const std::string& url, const HttpResponse& page, ListOutcome* list);
  bool AcquireHost(const std::string& url);
  void ReleaseHost(const std::string& url, int64_t duration_us);

  Archive& archive_;
  const CrawlOptions& options_;
  std::shared_ptr<spdlog::logger> log_;
  const Clock* clock_;

  RobotsCache own_robots_;  // used when no carry-over is given
  RobotsCache& robots_;
  asio::io_context io_;
  HttpFetcher fetcher_;
  asio::steady_timer wake_timer_;
  asio::steady_timer progress_timer_;
  asio::signal_set signals_;
  asio::thread_pool workers_;

  // io thread state
  HostScheduler scheduler_;
  std::string job_id_;
  std::string active_key_;
  JobRecord job_;
  bool resumed_ = false;
  std::unordered_map<std::string, Host> hosts_;
  std::set<std::string> start_hosts_, start_domains_;
  std::map<std::string, const SiteConfig*> walk_sites_;  // by name, column walking only
  std::map<std::string, SiteHints> site_hints_;           // by name, set before the walk starts
  std::vector<std::pair<std::string, std::string>> seeds_;  // (canonical URL, site name or "")
  std::map<std::string, SiteSummary> site_summaries_;
  int pending_work_ = 0;
  int robots_in_flight_ = 0;
  int64_t pages_done_ = 0;
  int64_t pages_in_flight_ = 0;
  int stop_signals_ = 0;
  bool hard_stop_ = false;
  TimestampUs started_ = 0;
  int64_t bytes_ = 0;
  int64_t errors_ = 0;
  bool tty_ = false;
  std::optional<ProgressReporter> progress_;  // made by Run

  // shared with workers: the seen set and key sequences (the committer
  // locks), and the address map, used by HostKeyFor under the committer's lock
  StepCommitter committer_;
  std::unordered_map<std::string, std::string> addresses_;  // host -> address (queue_by = "ip")
  const ColumnWalkSettings walk_;
  std::mutex capture_mu_;
  // Rendering: one browser for the job, kRenderTabs renders at once.
  std::mutex render_mu_;  // guards the three below
  std::unique_ptr<PageRenderer> renderer_;
  std::map<std::string, RenderTally> render_tallies_;  // by site
  std::string chromium_missing_;  // why Chromium cannot run: not tried again in the job
  std::mutex addresses_mu_;  // addresses_: HostKeyFor is called from workers and the io thread
};

// Identifies "the same command": a run with the same fingerprint resumes the
// unfinished job of an earlier one.
std::string CrawlJob::Fingerprint() const {
  std::vector<std::string> urls;
  for (const auto& [url, site] : seeds_) urls.push_back(site + " " + url);
  std::sort(urls.begin(), urls.end());
  std::string text = options_.kind + "\n" + options_.scope + "\n" + (options_.follow_links ? "1" : "0") +
                     "\n" + std::to_string(options_.max_pages) + "\n" + std::to_string(options_.year_from) + "-" +
                     std::to_string(options_.year_to);
  for (const auto& u : urls) text += "\n" + u;
  return PayloadDigest(text).substr(7, 12);
}

// Called by committer_ under its lock (addresses_ is shared with workers).
std::string CrawlJob::HostKeyFor(const std::string& url) {
  UrlParts p;
  if (!SplitUrl(url, &p).ok()) return "";
  if (options_.config.queue_by == "domain") return RegistrableDomain(p.host);
  if (options_.config.queue_by == "ip") return ResolvedAddress(p.host);
  return p.host;
}

// The first address `host` resolves to, looked up once per job (a blocking
// lookup on a worker thread; hosts are few). Falls back to the name.
std::string CrawlJob::ResolvedAddress(const std::string& host) {
  std::lock_guard<std::mutex> lock(addresses_mu_);
  auto it = addresses_.find(host);
  if (it != addresses_.end()) return it->second;
  std::string key = host;
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (::getaddrinfo(host.c_str(), nullptr, &hints, &res) == 0 && res != nullptr) {
    char buf[INET6_ADDRSTRLEN] = {};
    const void* addr = res->ai_family == AF_INET6
                           ? static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(res->ai_addr)->sin6_addr)
                           : static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(res->ai_addr)->sin_addr);
    if (::inet_ntop(res->ai_family, addr, buf, sizeof(buf))) key = buf;
    ::freeaddrinfo(res);
  }
  addresses_.emplace(host, key);
  return key;
}

bool CrawlJob::InScope(const std::string& url) const {
  UrlParts p;
  if (!SplitUrl(url, &p).ok()) return false;
  if (options_.scope == "domain") return start_domains_.count(RegistrableDomain(p.host)) > 0;
  return start_hosts_.count(p.host) > 0;
}

Status CrawlJob::Prepare() {
  if (options_.scope != "host" && options_.scope != "domain") {
    return Status::InvalidArgument("--scope must be host or domain, not '" + options_.scope + "'");
  }
  auto add_seed = [&](const std::string& raw, const std::string& site) {
    std::string url;
    Status s = CanonicalizeUrl(raw, &url);
    if (!s.ok()) {
      return Status::InvalidArgument((site.empty() ? "start URL '" : "site " + site + ": entry '") + raw +
                                     "': " + s.message());
    }
    UrlParts p;
    GOVHARVEST_RETURN_IF_ERROR(SplitUrl(url, &p));
    start_hosts_.insert(p.host);
    start_domains_.insert(RegistrableDomain(p.host));
    seeds_.emplace_back(url, site);
    return Status::Ok();
  };
  if (options_.walk_columns) {
    for (const auto& site : options_.config.sites) {
      if (!options_.sites.empty() &&
          std::find(options_.sites.begin(), options_.sites.end(), site.name) == options_.sites.end()) {
        continue;
      }
      walk_sites_[site.name] = &site;
      SiteHints& hints = site_hints_[site.name];
      SiteSummary& summary = site_summaries_[site.name];
      // The patterns were checked when the config was read.
      auto compile = [&](const std::string& pattern, std::optional<std::regex>* out, unsigned bit) {
        if (pattern.empty()) return;
        try {
          out->emplace(pattern, std::regex::ECMAScript);
          summary.hints_given |= bit;
        } catch (const std::regex_error&) {
        }
      };
      compile(site.list_pattern, &hints.list, kListHintMatched);
      compile(site.detail_pattern, &hints.detail, kDetailHintMatched);
      compile(site.next_pattern, &hints.next, kNextHintMatched);
      for (const auto& h : site.hosts) start_hosts_.insert(h);
      for (const auto& entry : site.entries) GOVHARVEST_RETURN_IF_ERROR(add_seed(entry, site.name));
    }
    for (const auto& name : options_.sites) {
      if (!walk_sites_.count(name)) {
        return Status::InvalidArgument("no site '" + name + "' in " +
                                       (options_.config.source.empty() ? "the config" : options_.config.source));
      }
    }
  } else {
    for (const auto& raw : options_.start_urls) GOVHARVEST_RETURN_IF_ERROR(add_seed(raw, ""));
  }
  if (seeds_.empty()) return Status::InvalidArgument("no start URL given");

  active_key_ = "active/" + options_.kind + "-" + Fingerprint();
  std::string active_job;
  GOVHARVEST_RETURN_IF_ERROR(archive_.ScanFrontier(active_key_, "", [&](std::string_view k, std::string_view v) {
    if (k == active_key_) active_job = std::string(v);
    return false;
  }));
  if (!active_job.empty() && archive_.GetJob(active_job, &job_).ok()) {
    job_id_ = active_job;
    committer_.SetJob(job_id_);
    resumed_ = true;
    log_->info("resuming job {} (left unfinished by an earlier run)", job_id_);
    return LoadFrontier();
  }

  job_ = JobRecord();
  job_.started_at = clock_->NowUs();
  std::string stamp = FormatTimestamp(job_.started_at);
  stamp.erase(std::remove_if(stamp.begin(), stamp.end(), [](char c) { return c == '-' || c == ':'; }),
              stamp.end());
  const std::string base_id = options_.kind + "-" + stamp.substr(0, 15) + "-" + Fingerprint().substr(0, 6);
  job_id_ = base_id;
  // Two runs of one command within a second: the later one gets "-2", "-3"...
  JobRecord existing;
  for (int n = 2; archive_.GetJob(job_id_, &existing).ok(); ++n) job_id_ = base_id + "-" + std::to_string(n);
  committer_.SetJob(job_id_);
  job_.id = job_id_;
  job_.kind = options_.kind;
  std::vector<std::string> seed_urls;
  for (const auto& [url, site] : seeds_) seed_urls.push_back(url);
  json opts{{"start_urls", seed_urls},
            {"scope", options_.scope},
            {"follow_links", options_.follow_links},
            {"max_pages", options_.max_pages},
            {"user_agent", options_.config.user_agent}};
  if (options_.walk_columns) {
    json names = json::array();
    for (const auto& [name, site] : walk_sites_) names.push_back(name);
    opts["sites"] = names;
    opts["years"] = {options_.year_from, options_.year_to};
    opts["backfill"] = options_.backfill;
  }
  job_.options_json = opts.dump();
  ArchiveBatch batch;
  batch.PutJob(job_);
  batch.PutFrontier(active_key_, job_id_);
  std::vector<QueueEntry> entries;
  for (const auto& [url, site] : seeds_) {
    if (!committer_.FirstSighting(url)) continue;
    QueueEntry e = committer_.NewEntry(url, "", 0, site.empty() ? Role::kPage : Role::kList, site);
    batch.PutFrontier(committer_.keys().Seen(url), "");
    batch.PutFrontier(e.key, e.Value());
    entries.push_back(std::move(e));
  }
  GOVHARVEST_RETURN_IF_ERROR(archive_.Write(std::move(batch)));
  for (auto& e : entries) AddToHost(std::move(e));
  return Status::Ok();
}

// After a restart: the seen set, the tallies of the steps done, and for
// every host the count of queued entries and its first window.
Status CrawlJob::LoadFrontier() {
  GOVHARVEST_RETURN_IF_ERROR(committer_.Resume([this](const StepTally& t) { Tally(t); }));
  Status bad = Status::Ok();
  GOVHARVEST_RETURN_IF_ERROR(
      archive_.ScanFrontier(committer_.keys().QueuePrefix(), "", [&](std::string_view k, std::string_view v) {
        QueueEntry e;
        if (!QueueEntry::Parse(k, v, &e)) {
          bad = Status::Corruption("frontier entry '" + std::string(k) + "' is malformed");
          return false;
        }
        HostFor(e.host).queue.Restore(std::move(e));
        return true;
      }));
  return bad;
}

CrawlJob::Host& CrawlJob::HostFor(const std::string& key) {
  auto [it, fresh] = hosts_.try_emplace(key);
  if (fresh) {
    it->second.schedule.key = key;
    if (options_.carry_over) {
      if (auto carried = options_.carry_over->hosts.find(key); carried != options_.carry_over->hosts.end()) {
        it->second.schedule.next_allowed = carried->second.next_allowed;
        it->second.schedule.robots_delay_ms = carried->second.robots_delay_ms;
      }
    }
  }
  return it->second;
}

void CrawlJob::AddToHost(QueueEntry e) {
  Host& h = HostFor(e.host);
  h.queue.Add(std::move(e));
}

void CrawlJob::Pump() {
  if (stop_signals_ > 0 || hard_stop_) {
    if (Finished()) io_.stop();
    return;
  }
  const TimestampUs now = clock_->NowUs();
  TimestampUs wake = kForever;
  const size_t max_in_flight = static_cast<size_t>(std::max(1, options_.config.limits.max_in_flight));
  for (auto& [key, h] : hosts_) {
    if (h.schedule.abandoned) continue;
    while (fetcher_.in_flight() < max_in_flight && pending_work_ < static_cast<int>(2 * max_in_flight)) {
      if (options_.max_pages > 0 && pages_done_ + pages_in_flight_ >= options_.max_pages) break;
      if (!StartNext(h, now, &wake)) break;
    }
  }
  if (Finished()) {
    io_.stop();
    return;
  }
  if (wake != kForever) {
    wake_timer_.expires_after(std::chrono::microseconds(std::max<TimestampUs>(0, wake - now) + 500));
    wake_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) Pump();
    });
  }
}

// Starts one request for `h` if its politeness allows; false when it cannot
// start anything now (`wake` is lowered to when it might).
bool CrawlJob::StartNext(Host& h, TimestampUs now, TimestampUs* wake) {
  if (!scheduler_.MayStart(h.schedule, now, wake)) return false;
  const PolitenessSettings& pol = scheduler_.PolitenessFor(h.schedule.key);
  if (h.queue.window().empty() && h.queue.more_in_store()) {
    Status s = h.queue.Refill(archive_, committer_.keys().HostQueuePrefix(h.schedule.key));
    if (!s.ok()) log_->error("frontier of {}: {}", h.schedule.key, s.message());
  }
  HostQueue::Window& window = h.queue.window();
  TimestampUs host_wake = kForever;
  for (auto it = window.begin(); it != window.end(); ++it) {
    QueueEntry& e = it->second;
    if (e.not_before > now) {
      host_wake = std::min(host_wake, e.not_before);
      continue;
    }
    UrlParts parts;
    if (!SplitUrl(e.url, &parts).ok()) {
      QueueEntry bad = std::move(e);
      window.erase(it);
      Deny(std::move(bad));
      return true;
    }
    if (pol.obey_robots) {
      const std::string origin = OriginOf(parts);
      const RobotsCache::Lookup rb = robots_.Find(origin, now);
      if (rb.state == RobotsState::kUnknown) {
        StartRobots(h, origin);
        return true;
      }
      if (rb.state == RobotsState::kFetching) return false;
      if (!rb.rules->IsAllowed(parts.path_and_query)) {
        QueueEntry denied = std::move(e);
        window.erase(it);
        Deny(std::move(denied));
        return true;
      }
    }
    auto a = std::make_shared<Attempt>();
    a->entry = std::move(e);
    window.erase(it);
    a->current_url = a->entry.url;
    a->started_at = now;
    ++pages_in_flight_;
    Issue(h, std::move(a));
    return true;
  }
  if (host_wake != kForever && host_wake - now > options_.config.limits.max_retry_after_ms * 1000) {
    // Only URLs due later than a run may wait for (a long Retry-After of an
    // earlier run): the job does not sit idle until then.
    if (h.schedule.in_flight == 0) {
      scheduler_.LeaveForLater(h.schedule, "next request due at " + FormatTimestamp(host_wake) +
                                               ", later than max_retry_after_ms");
    }
    return false;
  }
  *wake = std::min(*wake, host_wake);
  return false;
}

void CrawlJob::Issue(Host& h, std::shared_ptr<Attempt> a) {
  HttpRequest req = ConfiguredRequest(options_.config, a->current_url);
  if (a->chain.empty()) req.post_form = a->entry.form;
  if (a->chain.empty() && req.post_form.empty()) {
    UrlState state;
    if (archive_.GetUrlState(a->entry.url, &state).ok() && !state.payload_digest.empty()) {
      if (!state.etag.empty()) req.extra_headers.push_back("If-None-Match: " + state.etag);
      if (!state.last_modified.empty()) req.extra_headers.push_back("If-Modified-Since: " + state.last_modified);
    }
  }
  scheduler_.Started(h.schedule);
  fetcher_.Fetch(std::move(req), [this, a](HttpResponse r) { OnResponse(a, std::move(r)); });
}

void CrawlJob::OnResponse(std::shared_ptr<Attempt> a, HttpResponse r) {
  a->duration_us += r.duration_us;
  Host& h = HostFor(a->entry.host);
  scheduler_.Answered(h.schedule, r.duration_us);

  const std::string location = FindHeader(r.headers, "Location");
  if (r.error_kind.empty() && r.status >= 300 && r.status < 400 && r.status != 304 && !location.empty()) {
    std::string target;
    if (!ResolveUrl(a->current_url, location, &target).ok()) {
      return Finish(a, std::move(r), Outcome::Error("bad_redirect"),
                    "Location '" + location + "' is not an http(s) URL");
    }
    a->chain.push_back({a->current_url, r.status});
    bool loop = target == a->entry.url;
    for (const auto& hop : a->chain) loop = loop || hop.url == target;
    if (loop) return Finish(a, std::move(r), Outcome::Error("redirect_loop"), "redirect loop at " + target);
    if (static_cast<int>(a->chain.size()) > options_.config.limits.max_redirects) {
      return Finish(a, std::move(r), Outcome::Error("too_many_redirects"),
                    "more than " + std::to_string(options_.config.limits.max_redirects) + " redirects");
    }
    a->current_url = target;
    if (!InScope(target)) {
      return Finish(a, HttpResponse{}, Outcome::Of(Outcome::Kind::kOutOfScope), "redirect leaves the crawl scope");
    }
    UrlParts parts;
    if (!SplitUrl(target, &parts).ok()) {
      return Finish(a, std::move(r), Outcome::Error("bad_redirect"), "Location '" + location + "' has no host");
    }
    const RobotsRules* rules = robots_.ReadyRules(OriginOf(parts));
    if (scheduler_.PolitenessFor(h.schedule.key).obey_robots && rules != nullptr &&
        !rules->IsAllowed(parts.path_and_query)) {
      return Finish(a, HttpResponse{}, Outcome::Of(Outcome::Kind::kRobotsDenied),
                    "redirect target disallowed by robots.txt");
    }
    Issue(h, a);
    return;
  }

  Outcome outcome = Outcome::Ok();
  std::string detail;
  if (!r.error_kind.empty()) {
    outcome = Outcome::Error(r.error_kind);
    detail = r.error_detail;
  } else if (r.status == 304) {
    outcome = Outcome::Of(Outcome::Kind::kNotModified);
  } else if (std::string vendor = DetectChallenge(r.status, r.body); !vendor.empty()) {
    outcome = Outcome::Of(Outcome::Kind::kBlockedChallenge);
    detail = "anti-bot challenge page (" + vendor + "), HTTP " + std::to_string(r.status);
  } else if (r.status >= 400 || r.status < 200) {
    outcome = Outcome::HttpError(r.status);
  } else if (r.status >= 300) {
    outcome = Outcome::HttpError(r.status);
    detail = "redirect without Location";
  }
  Finish(a, std::move(r), std::move(outcome), detail);
}

void CrawlJob::Finish(std::shared_ptr<Attempt> a, HttpResponse r, Outcome outcome, std::string detail) {
  Host& h = HostFor(a->entry.host);
  const RetryPlan plan =
      scheduler_.AfterAttempt(h.schedule, outcome, FindHeader(r.headers, "Retry-After"), a->entry.attempts);
  std::optional<QueueEntry> retry;
  if (plan.retry) {
    retry = a->entry;
    retry->attempts = plan.attempts;
    retry->not_before = plan.not_before;
  }
  --pages_in_flight_;
  ++pending_work_;
  asio::post(workers_, [this, a, r = std::move(r), outcome = std::move(outcome), detail = std::move(detail),
                        retry = std::move(retry)]() mutable {
    Process(a, std::move(r), std::move(outcome), std::move(detail), std::move(retry));
  });
}

void CrawlJob::Deny(QueueEntry e) {
  auto a = std::make_shared<Attempt>();
  a->entry = std::move(e);
  a->current_url = a->entry.url;
  a->started_at = clock_->NowUs();
  ++pending_work_;
  UrlParts parts;
  const bool valid = SplitUrl(a->entry.url, &parts).ok();
  asio::post(workers_, [this, a, valid]() {
    Process(a, HttpResponse{}, valid ? Outcome::Of(Outcome::Kind::kRobotsDenied) : Outcome::Error("bad_url"),
            valid ? "disallowed by robots.txt" : "not an http(s) URL", std::nullopt);
  });
}

// Worker thread: decode, find links (or walk a list page), commit the step.
void CrawlJob::Process(std::shared_ptr<Attempt> a, HttpResponse r, Outcome outcome, std::string detail,
                       std::optional<QueueEntry> retry) {
  const QueueEntry& entry = a->entry;
  CaptureRecord rec;
  rec.requested_url = entry.url;
  if (!entry.form.empty()) {
    rec.method = "POST";
    rec.request_body = entry.form;
  }
  rec.final_url = a->current_url;
  rec.redirects = a->chain;
  rec.http_status = r.status;
  rec.response_headers = r.headers;
  rec.fetched_at = a->started_at;
  rec.duration_us = a->duration_us;
  rec.job_id = job_id_;
  rec.outcome = outcome.ToString();
  rec.error_detail = detail;
  rec.source = "http";
  rec.via = entry.via;
  rec.site = entry.site;
  rec.role = RoleName(entry.role);
  rec.listed_year = entry.year;
  const std::string content_type = FindHeader(r.headers, "Content-Type");
  rec.content_type = MediaType(content_type);

  // The text to read links from: pages that lead somewhere (ad-hoc pages
  // followed, list pages, report pages with attachments).
  const bool is_list = entry.role == Role::kList;
  const bool leads_on = is_list || entry.role == Role::kReport || (entry.role == Role::kPage && options_.follow_links);
  std::string body = std::move(r.body);
  std::string text;
  if (outcome.kind == Outcome::Kind::kNotModified) {
    UrlState state;
    if (archive_.GetUrlState(rec.requested_url, &state).ok() && !state.payload_digest.empty()) {
      rec.payload_digest = state.payload_digest;
      std::string previous;
      if (archive_.GetBlob(state.payload_digest, &previous).ok()) {
        rec.size = static_cast<int64_t>(previous.size());
        if (leads_on) text = DecodePage(previous, content_type).text;
      }
    }
  } else if (!body.empty() && (StartsWith(rec.content_type, "text/") || LooksLikeHtml(rec.content_type, body) ||
                               (is_list && rec.content_type.find("json") != std::string::npos) ||
                               (is_list && rec.content_type.find("xml") != std::string::npos))) {
    DecodedPage page = DecodePage(body, content_type);
    rec.charset_header = page.charset_header;
    rec.charset_meta = page.charset_meta;
    rec.charset_used = page.encoding;
    if (!page.note.empty()) rec.error_detail = rec.error_detail.empty() ? page.note : rec.error_detail + "; " + page.note;
    if (outcome.ok() && leads_on) text = std::move(page.text);
  }

  Step step;
  if (!text.empty()) {
    if (is_list) {
      auto site_it = walk_sites_.find(entry.site);
      FetchedListPage page;
      // An entry whose fragment names the list (gkmlpt's /gkmlpt/index#2390):
      // the canonical URL dropped it, the walker reads it from the entry.
      std::string url_with_fragment = rec.final_url;
      if (entry.depth == 0 && site_it != walk_sites_.end()) {
        for (const std::string& written : site_it->second->entries) {
          std::string canonical;
          const size_t hash = written.find('#');
          if (hash != std::string::npos && CanonicalizeUrl(written, &canonical).ok() && canonical == entry.url) {
            url_with_fragment += written.substr(hash);
          }
        }
      }
      page.url = url_with_fragment;
      page.text = text;
      page.family_hint =
          site_it == walk_sites_.end() ? CmsFamily::kUnknown : CmsFamilyFromName(site_it->second->cms);
      page.pending = &entry.pending;
      const ListRequest request{entry.url, entry.form, entry.guessed};
      page.request = &request;
      page.next_page = entry.next_page;
      if (auto hints = site_hints_.find(entry.site); hints != site_hints_.end()) page.hints = &hints->second;
      ColumnWalkContext context;
      context.in_scope = [this](const std::string& url) { return InScope(url); };
      context.url_state = [this](const std::string& url, UrlState* state) {
        return archive_.GetUrlState(url, state).ok();
      };
      context.seen_in_job = [this](const std::string& url) { return committer_.Seen(url); };
      context.now = clock_->NowUs();
      ListOutcome list = WalkListPage(page, walk_, context);
      // A further page of a list whose first page was read is never rendered
      // (an empty last page is the end of the list), nor an API's JSON or XML.
      if (!entry.next_page && LooksLikeHtml(rec.content_type, text) &&
          ShouldRender(entry.site, text, url_with_fragment, list)) {
        HttpResponse fetched;
        fetched.status = rec.http_status;
        fetched.headers = rec.response_headers;
        fetched.body = body;
        RenderList(entry, url_with_fragment, fetched, &list);
      }
      if (const std::string problem = ListPageProblem(text); !problem.empty() && list.links.empty()) {
        rec.error_detail += (rec.error_detail.empty() ? "" : "; ") + ("list page is a " + problem);
        log_->warn("site {}: list page {} is a {}", entry.site, entry.url, problem);
      }
      if (list.stopped && !list.stop_reason.empty()) log_->debug("list {}: walk stops: {}", entry.url, list.stop_reason);
      step.list_links = std::move(list.links);
      step.tally.hints_matched = list.hints_matched;
    } else if (entry.role == Role::kReport) {
      bool is_report = true;
      if (entry.verify) {
        // The list's title could not decide: the page's own title does.
        const PageTitleVerdict v = VerifyReportPage(text);
        is_report = v.is_report;
        if (is_report) {
          step.tally.reports_found.push_back(entry.year != 0 ? entry.year : v.year);
        } else {
          rec.role.clear();
          rec.error_detail = "listed as a possible report; the page's title says otherwise (" + v.reason + ")";
        }
      }
      if (is_report) {
        for (auto& url : AttachmentLinks(text, rec.final_url)) {
          if (InScope(url)) step.links.push_back(std::move(url));
        }
      }
    } else if (LooksLikeHtml(rec.content_type, text)) {
      for (auto& link : ExtractLinks(text, rec.final_url)) {
        if (InScope(link.url)) step.links.push_back(std::move(link.url));
      }
    }
  }

  step.tally.host = entry.host;
  step.tally.site = entry.site;
  step.tally.role = entry.role;
  step.tally.guessed = entry.guessed;
  step.tally.bytes = static_cast<int64_t>(body.size());
  step.tally.counts_as_page = outcome.counts_as_page();
  step.tally.outcome = std::move(outcome);
  step.entry = entry;
  step.retry = std::move(retry);
  const std::string requested_url = rec.requested_url;
  step.capture = std::move(rec);
  step.payload = std::move(body);
  Processed p;
  Status s = committer_.Commit(std::move(step), &p.result);
  p.archived = s.ok();
  if (!s.ok()) log_->error("archiving {} failed: {}", requested_url, s.message());
  if (p.archived && options_.on_capture) {
    CaptureRecord stored;
    if (archive_.GetLatestCapture(requested_url, &stored).ok()) OnCapture(stored);
  }
  asio::post(io_, [this, p = std::move(p)]() mutable { OnProcessed(std::move(p)); });
}

bool CrawlJob::ShouldRender(const std::string& site, std::string_view text, std::string_view url,
                            const ListOutcome& list) const {
  auto it = walk_sites_.find(site);
  if (it == walk_sites_.end() || it->second->render == "never") return false;
  if (it->second->render == "always") return true;
  // auto: nothing on the page leads on (a next page the pager only guessed
  // is no evidence of a list), and no title on it reads as a report's.
  for (const ListLink& l : list.links) {
    if (l.kind == ListLink::Kind::kNextPage && l.guessed) continue;
    if (l.kind != ListLink::Kind::kOutOfScope) return false;
  }
  const ColumnPage page = ParseColumnPage(text, url, CmsFamilyFromName(it->second->cms));
  return std::none_of(page.items.begin(), page.items.end(),
                      [](const ListItem& i) { return i.verdict != TitleVerdict::kNotReport; });
}

bool CrawlJob::AcquireHost(const std::string& url) {
  const std::string key = HostKeyFor(url);
  while (true) {
    std::promise<TimestampUs> answer;
    std::future<TimestampUs> wake = answer.get_future();
    asio::post(io_, [this, &key, &answer] {
      if (hard_stop_ || stop_signals_ > 0) {
        answer.set_value(-1);
        return;
      }
      Host& h = HostFor(key);
      TimestampUs when = kForever;
      if (scheduler_.MayStart(h.schedule, clock_->NowUs(), &when)) {
        scheduler_.Started(h.schedule);
        answer.set_value(0);
      } else {
        answer.set_value(when == kForever ? clock_->NowUs() + 50000 : when);
      }
    });
    const TimestampUs when = wake.get();
    if (when == 0) return true;
    if (when < 0) return false;
    const TimestampUs now = clock_->NowUs();
    if (when > now) std::this_thread::sleep_for(std::chrono::microseconds(std::min<TimestampUs>(when - now, 1000000)));
  }
}

void CrawlJob::ReleaseHost(const std::string& url, int64_t duration_us) {
  asio::post(io_, [this, key = HostKeyFor(url), duration_us] {
    Host& h = HostFor(key);
    scheduler_.Answered(h.schedule, duration_us);
    h.summary.browser_requests += 1;
    Pump();
  });
}

void CrawlJob::RenderList(const QueueEntry& entry, const std::string& url, const HttpResponse& page,
                          ListOutcome* list) {
  PageRenderer* renderer = nullptr;
  {
    std::lock_guard<std::mutex> lock(render_mu_);
    if (!chromium_missing_.empty()) {  // said once in the log, in every site's summary
      render_tallies_[entry.site].problem = chromium_missing_;
      return;
    }
    if (!renderer_) renderer_ = std::make_unique<PageRenderer>(ChromiumOptions{}, kRenderTabs);
    renderer = renderer_.get();
  }
  BrowserFetchSettings settings;
  settings.config = &options_.config;
  settings.in_scope = [this](const std::string& u) { return InScope(u); };
  settings.archive = &archive_;
  settings.job_id = job_id_;
  settings.site = entry.site;
  settings.via = url;
  settings.acquire = [this](const std::string& u) { return AcquireHost(u); };
  settings.release = [this](const std::string& u, int64_t d) { ReleaseHost(u, d); };
  BrowserResponse fetched;
  fetched.status = page.status;
  fetched.headers = page.headers;
  fetched.body = page.body;
  settings.prefetched.emplace(entry.url, std::move(fetched));
  BrowserFetchRules rules(std::move(settings));
  PageRenderOptions options;
  options.keep_paging = [this, url](const std::string& dom) { return KeepPagingRendered(url, dom, walk_); };
  RenderResult result;
  const Status s = renderer->Render(url, options, [&rules](const BrowserRequest& r) { return rules(r); }, &result);
  {
    std::lock_guard<std::mutex> lock(render_mu_);
    RenderTally& tally = render_tallies_[entry.site];
    tally.pages += 1;
    tally.requests += static_cast<int64_t>(result.requests);
    if (!s.ok()) {
      tally.problem = s.message();
      if (s.code() == Status::Code::kNotFound) chromium_missing_ = s.message();
    }
    for (const std::string& challenge : rules.challenges()) {
      tally.problem = "a request of the rendered page met an anti-bot challenge: " + challenge;
      log_->warn("site {}: rendering {}: anti-bot challenge at {}; reported, not worked around", entry.site, url,
                 challenge);
    }
  }
  if (!s.ok()) {
    log_->warn("site {}: rendering {} failed: {}", entry.site, url, s.message());
    return;
  }
  log_->info("site {}: rendered {}: {} states, {} browser requests ({} archived); {}", entry.site, url,
             result.states.size(), result.requests, rules.archived(), result.stopped_because);
  ColumnWalkContext context;
  context.in_scope = [this](const std::string& u) { return InScope(u); };
  context.url_state = [this](const std::string& u, UrlState* state) { return archive_.GetUrlState(u, state).ok(); };
  context.now = clock_->NowUs();
  FetchedListPage read_as;
  read_as.url = url;
  auto site_it = walk_sites_.find(entry.site);
  read_as.family_hint = site_it == walk_sites_.end() ? CmsFamily::kUnknown : CmsFamilyFromName(site_it->second->cms);
  if (auto hints = site_hints_.find(entry.site); hints != site_hints_.end()) read_as.hints = &hints->second;
  WalkRenderedStates(result.states, read_as, walk_, context, list);
}

void CrawlJob::OnCapture(const CaptureRecord& r) {
  if (!options_.on_capture) return;
  std::lock_guard<std::mutex> lock(capture_mu_);
  options_.on_capture(r);
}

void CrawlJob::OnProcessed(Processed p) {
  --pending_work_;
  if (!p.archived) {
    hard_stop_ = true;  // the archive refuses writes: stop, keep the frontier for the next run
    ++errors_;
  } else {
    Tally(p.result.tally);
    Host& h = HostFor(p.result.tally.host);
    if (p.result.retry) {
      h.queue.PutBack(std::move(*p.result.retry));
    } else {
      h.queue.Remove();
    }
    for (auto& e : p.result.queued) AddToHost(std::move(e));
  }
  Pump();
}

void CrawlJob::Tally(const StepTally& t) {
  HostSummary& s = HostFor(t.host).summary;
  // A guessed list page that does not exist answers the guess; it is no error.
  const bool guess_missed = t.guessed && t.outcome.is_error() && !t.outcome.retryable();
  if (guess_missed) {
    if (!t.site.empty()) site_summaries_[t.site].guesses_missed += 1;
    s.bytes += t.bytes;
    bytes_ += t.bytes;
    return;
  }
  switch (t.outcome.kind) {
    case Outcome::Kind::kOk: s.fetched += 1; break;
    case Outcome::Kind::kNotModified: s.not_modified += 1; break;
    case Outcome::Kind::kRobotsDenied: s.robots_denied += 1; break;
    case Outcome::Kind::kBlockedChallenge: s.blocked += 1; break;
    case Outcome::Kind::kOutOfScope: s.out_of_scope += 1; break;
    case Outcome::Kind::kError:
      s.errors += 1;
      ++errors_;
      break;
  }
  if (t.retried) s.retries += 1;
  s.bytes += t.bytes;
  bytes_ += t.bytes;
  if (!t.site.empty()) {
    SiteSummary& site = site_summaries_[t.site];
    const bool attachment = t.role == Role::kAttachment;
    if (t.counts_as_page && !attachment) site.pages += 1;
    if (attachment && t.outcome.ok()) site.attachments += 1;
    if (t.outcome.kind == Outcome::Kind::kBlockedChallenge) site.blocked += 1;
    if (t.outcome.kind == Outcome::Kind::kRobotsDenied) site.robots_denied += 1;
    if (t.outcome.is_error() && !t.retried) site.errors += 1;
    site.out_of_scope += t.out_of_scope;
    site.hints_matched |= t.hints_matched;
    for (int year : t.reports_found) site.reports_by_year[year] += 1;
  }
  if (t.counts_as_page) ++pages_done_;
}

void CrawlJob::StartRobots(Host& h, const std::string& origin) {
  robots_.StartFetch(origin);
  ++robots_in_flight_;
  scheduler_.Started(h.schedule);
  HttpRequest req = ConfiguredRequest(options_.config, origin + "/robots.txt");
  req.max_body_bytes = 1 << 20;
  std::string url = req.url;
  fetcher_.Fetch(std::move(req), [this, host = h.schedule.key, origin, url](HttpResponse r) {
    OnRobots(host, origin, 0, url, std::move(r));
  });
}

void CrawlJob::OnRobots(const std::string& host_key, const std::string& origin, int hops, std::string url,
                        HttpResponse r) {
  const std::string location = FindHeader(r.headers, "Location");
  std::string target;
  if (r.error_kind.empty() && r.status >= 300 && r.status < 400 && !location.empty() &&
      hops < kMaxRobotsRedirects && ResolveUrl(url, location, &target).ok()) {
    HttpRequest req = ConfiguredRequest(options_.config, target);
    req.max_body_bytes = 1 << 20;
    fetcher_.Fetch(std::move(req), [this, host_key, origin, hops, target](HttpResponse r2) {
      OnRobots(host_key, origin, hops + 1, target, std::move(r2));
    });
    return;
  }
  --robots_in_flight_;
  Host& h = HostFor(host_key);
  scheduler_.Answered(h.schedule, r.duration_us);
  const int status = r.error_kind.empty() ? r.status : 0;
  const RobotsRules& rules = robots_.Answered(origin, status, r.body, clock_->NowUs());
  if (rules.crawl_delay_ms()) scheduler_.SetCrawlDelay(h.schedule, *rules.crawl_delay_ms());
  if (rules.unreachable()) {
    // RFC 9309: an unreachable robots.txt means "disallow all" for a while.
    // The host's URLs stay queued; the host is parked and asked again later.
    scheduler_.NoteFailure(h.schedule, status ? "robots.txt HTTP " + std::to_string(status) : "robots.txt " + r.error_kind);
    const TimestampUs now = clock_->NowUs();
    if (h.schedule.parked_until <= now) {
      scheduler_.HoldUntil(h.schedule, now + scheduler_.PolitenessFor(host_key).max_delay_ms * 1000);
    }
  }
  if (!r.error_kind.empty() || r.status != 0) {
    ++pending_work_;
    asio::post(workers_, [this, url, r = std::move(r)]() mutable {
      ArchiveRobots(url, std::move(r));
      asio::post(io_, [this] {
        --pending_work_;
        Pump();
      });
    });
  }
  Pump();
}

void CrawlJob::ArchiveRobots(std::string url, HttpResponse r) {
  CaptureRecord rec;
  rec.requested_url = url;
  rec.final_url = url;
  rec.http_status = r.status;
  rec.response_headers = r.headers;
  rec.fetched_at = r.started_at;
  rec.duration_us = r.duration_us;
  rec.content_type = MediaType(FindHeader(r.headers, "Content-Type"));
  rec.job_id = job_id_;
  rec.role = "robots";
  rec.outcome = Outcome::OfExchange(r.error_kind, r.status).ToString();
  rec.error_detail = r.error_detail;
  rec.source = "http";
  Status s = archive_.PutCapture(rec, std::move(r.body));
  if (!s.ok()) log_->error("archiving {} failed: {}", url, s.message());
}

bool CrawlJob::Finished() const {
  if (pending_work_ > 0) return false;
  if (hard_stop_) return true;
  if (fetcher_.in_flight() > 0 || robots_in_flight_ > 0) return false;
  if (stop_signals_ > 0) return true;
  if (options_.max_pages > 0 && pages_done_ >= options_.max_pages) return true;
  for (const auto& [key, h] : hosts_) {
    if (!h.schedule.abandoned && !h.queue.exhausted()) return false;
  }
  return true;
}

void CrawlJob::Progress(bool final) {
  int64_t queued = 0;
  int parked = 0;
  const TimestampUs now = clock_->NowUs();
  for (const auto& [key, h] : hosts_) {
    queued += h.queue.queued();
    if (h.schedule.abandoned || h.schedule.parked_until > now) ++parked;
  }
  const double secs = std::max(1e-3, static_cast<double>(now - started_) / 1e6);
  char line[256];
  std::snprintf(line, sizeof(line),
                "fetched %" PRId64 "  queued %" PRId64 "  in flight %zu  errors %" PRId64
                "  %.1f pages/s  %.1f MB  parked hosts %d",
                pages_done_, queued, fetcher_.in_flight(), errors_, static_cast<double>(pages_done_) / secs,
                static_cast<double>(bytes_) / 1e6, parked);
  progress_->Update(line, final);
}

void CrawlJob::WriteJob(bool ended) {
  job_.counters["pages"] = pages_done_;
  job_.counters["bytes"] = bytes_;
  job_.counters["errors"] = errors_;
  if (ended) job_.ended_at = clock_->NowUs();
  ArchiveBatch batch;
  batch.PutJob(job_);
  Status s = archive_.Write(std::move(batch));
  if (!s.ok()) log_->error("job record {}: {}", job_id_, s.message());
}

// The job is complete: its frontier, seen set and active marker go; its
// captures stay. Deleted in bounded batches, so memory stays flat however
// many URLs were left queued (a page-limited crawl).
void CrawlJob::CleanupJob() {
  constexpr size_t kChunk = 10000;
  const std::string prefix = committer_.keys().JobPrefix();
  std::string start;
  for (;;) {
    std::vector<std::string> keys;
    Status s = archive_.ScanFrontier(prefix, start, [&](std::string_view k, std::string_view) {
      keys.emplace_back(k);
      return keys.size() < kChunk;
    });
    ArchiveBatch batch;
    const bool last = !s.ok() || keys.size() < kChunk;
    const std::string batch_last = keys.empty() ? "" : keys.back();
    for (auto& k : keys) batch.DeleteFrontier(std::move(k));
    if (last) batch.DeleteFrontier(active_key_);
    if (s.ok()) s = archive_.Write(std::move(batch));
    if (!s.ok()) {
      log_->error("cleaning up job {}: {}", job_id_, s.message());
      return;
    }
    if (last) return;
    start = batch_last + std::string(1, '\0');  // resume after the last key deleted
  }
}

Status CrawlJob::Run(CrawlSummary* summary) {
  GOVHARVEST_RETURN_IF_ERROR(Prepare());
  started_ = clock_->NowUs();
  tty_ = options_.progress_on_tty && ProgressReporter::StderrIsTerminal();
  ProgressReporter::Options progress;  // the timer below paces it
  progress.terminal = tty_;
  progress.now = [this] { return clock_->NowUs(); };
  progress.log = [this](const std::string& line) { log_->info("{}", line); };
  progress_.emplace(std::move(progress));
  for (const auto& site : options_.config.sites) {
    if (!site.tls_verify) {
      log_->warn("TLS certificate verification is OFF for site {} ({}): captures can be forged in transit",
                 site.name, fmt::join(site.hosts, ", "));
    }
  }
  signals_.async_wait([this](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    ++stop_signals_;
    log_->warn("signal {}: no new requests; waiting for {} in flight (again to abort them)", sig,
               fetcher_.in_flight());
    signals_.async_wait([this](const boost::system::error_code& ec2, int) {
      if (ec2) return;
      ++stop_signals_;
      hard_stop_ = true;
      fetcher_.AbortAll();  // their queue entries stay in the store
      Pump();
    });
    Pump();
  });
  std::function<void()> tick = [this, &tick] {
    progress_timer_.expires_after(std::chrono::seconds(tty_ ? 1 : 5));
    progress_timer_.async_wait([this, &tick](const boost::system::error_code& ec) {
      if (ec) return;
      Progress(false);
      WriteJob(false);
      tick();
    });
  };
  tick();
  asio::post(io_, [this] { Pump(); });
  io_.run();
  // Stopped: wait for workers still writing (only after a hard stop).
  workers_.join();
  fetcher_.AbortAll();
  progress_timer_.cancel();
  Progress(true);

  summary->job_id = job_id_;
  summary->resumed = resumed_;
  summary->interrupted = stop_signals_ > 0;
  bool left = false;
  for (auto& [key, h] : hosts_) {
    if (options_.carry_over) options_.carry_over->hosts[key] = {h.schedule.next_allowed, h.schedule.robots_delay_ms};
    h.summary.left_queued = h.queue.queued();
    h.summary.parked_reason = h.schedule.parked_reason;
    left = left || h.queue.queued() > 0;
    summary->hosts[key] = h.summary;
  }
  summary->sites = site_summaries_;
  {
    std::lock_guard<std::mutex> lock(render_mu_);
    for (const auto& [site, tally] : render_tallies_) {
      SiteSummary& st = summary->sites[site];
      st.rendered_pages = tally.pages;
      st.browser_requests = tally.requests;
      st.render_problem = tally.problem;
    }
    renderer_.reset();  // the browser is killed with the crawl
  }
  const bool page_limit = options_.max_pages > 0 && pages_done_ >= options_.max_pages;
  summary->complete = !summary->interrupted && !hard_stop_ && (!left || page_limit);
  WriteJob(summary->complete);
  if (summary->complete) CleanupJob();
  return hard_stop_ && stop_signals_ == 0 ? Status::IoError("the archive refused a write; see the log")
                                          : Status::Ok();
}

}  // namespace

Status RunCrawl(Archive& archive, const CrawlOptions& options, const std::shared_ptr<spdlog::logger>& logger,
                CrawlSummary* summary) {
  CrawlJob job(archive, options, logger);
  return job.Run(summary);
}

}  // namespace govharvest
