#include "crawler/crawler.h"

#include <curl/curl.h>
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
#include <cmath>
#include <cstdio>
#include <limits>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "crawler/column.h"
#include "crawler/encoding.h"
#include "crawler/http_fetcher.h"
#include "crawler/links.h"
#include "crawler/robots.h"
#include "crawler/url.h"
#include "store/numbers.h"

namespace govharvest {

namespace {

namespace asio = boost::asio;
using nlohmann::json;

constexpr TimestampUs kForever = std::numeric_limits<TimestampUs>::max();
constexpr size_t kWindow = 64;           // queue entries per host kept in memory
constexpr int kMaxRobotsRedirects = 5;   // RFC 9309 2.3.1.2
constexpr TimestampUs kRobotsTtlUs = 24LL * 3600 * 1000000;
constexpr const char* kProductToken = "govharvest";

std::string Hex16(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016" PRIx64, v);
  return buf;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// A URL waiting in the frontier. Its key orders it within its host:
// "<job>/q/<host>|<priority digit><seq hex>".
struct QueueEntry {
  std::string key;
  std::string host;
  std::string url;
  std::string via;
  int depth = 0;
  int priority = 2;
  int attempts = 0;
  TimestampUs not_before = 0;
  // Column walking: what the URL is to its site.
  char role = 'p';   // 'p' page (ad-hoc crawl), 'l' list page, 'd' report page, 'a' attachment
  std::string site;  // site name, "" outside column walking
  std::string form;  // POST body (Hanweb dataproxy.jsp), "" for GET
  int year = 0;      // report year of a 'd' entry
  // List pages still to walk after this one, when an earlier page listed them
  // all at once (Hanweb groups, gkmlpt API pages). One is queued at a time so
  // the incremental and backfill stops can end the walk.
  std::vector<ListRequest> pending;

  std::string Value() const {
    json j{{"url", url}, {"via", via}, {"depth", depth}, {"attempts", attempts}, {"not_before", not_before}};
    if (role != 'p') j["role"] = std::string(1, role);
    if (!site.empty()) j["site"] = site;
    if (!form.empty()) j["form"] = form;
    if (year != 0) j["year"] = year;
    if (!pending.empty()) {
      json rest = json::array();
      for (const auto& r : pending) rest.push_back({r.url, r.form});
      j["pending"] = std::move(rest);
    }
    return j.dump();
  }
  static bool Parse(std::string_view key, std::string_view value, QueueEntry* out) {
    json j = json::parse(value, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return false;
    size_t bar = key.rfind('|');
    size_t q = key.find("/q/");
    if (bar == std::string_view::npos || q == std::string_view::npos || bar + 2 > key.size()) return false;
    out->key = std::string(key);
    out->host = std::string(key.substr(q + 3, bar - q - 3));
    out->priority = key[bar + 1] - '0';
    out->url = j.value("url", "");
    out->via = j.value("via", "");
    out->depth = j.value("depth", 0);
    out->attempts = j.value("attempts", 0);
    out->not_before = j.value("not_before", TimestampUs{0});
    const std::string role = j.value("role", "p");
    out->role = role.empty() ? 'p' : role[0];
    out->site = j.value("site", "");
    out->form = j.value("form", "");
    out->year = j.value("year", 0);
    if (auto it = j.find("pending"); it != j.end() && it->is_array()) {
      for (const auto& r : *it) {
        if (r.is_array() && r.size() == 2 && r[0].is_string() && r[1].is_string()) {
          out->pending.push_back({r[0].get<std::string>(), r[1].get<std::string>()});
        }
      }
    }
    return !out->url.empty();
  }
};

std::string RoleName(char role) {
  switch (role) {
    case 'l': return "list";
    case 'd': return "report";
    case 'a': return "attachment";
    default: return "";
  }
}

// Seeds and list-like pages (column indexes, pagination) come before detail
// pages, so a column is walked before its items are.
int PriorityFor(std::string_view url, int depth) {
  if (depth == 0) return 0;
  std::string lower(url);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  size_t q = lower.find('?');
  std::string_view path = std::string_view(lower).substr(0, q);
  std::string_view file = path.substr(path.rfind('/') + 1);
  if (file.empty() || StartsWith(file, "index") || StartsWith(file, "list") ||
      lower.find("page=") != std::string::npos || lower.find("pageindex=") != std::string::npos) {
    return 1;
  }
  return 2;
}

std::string MediaType(std::string_view content_type) {
  std::string t(content_type.substr(0, content_type.find(';')));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
  return t;
}

bool LooksLikeHtml(std::string_view media_type, std::string_view body) {
  if (media_type == "text/html" || media_type == "application/xhtml+xml") return true;
  if (!media_type.empty() && media_type != "text/plain" && media_type != "application/octet-stream") {
    return false;
  }
  std::string head(body.substr(0, 512));
  std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
  return head.find("<html") != std::string::npos || head.find("<!doctype html") != std::string::npos;
}

// The wait a Retry-After header asks for, in ms: delta-seconds ("120") or an
// HTTP date. 0 when absent, unreadable or in the past. Never throws; a number
// too large for any clock saturates at kRetryAfterSaturatedMs, so it counts
// as longer than every configured limit.
constexpr int64_t kRetryAfterSaturatedMs = 400LL * 24 * 3600 * 1000;  // beyond a yearly run

int64_t RetryAfterMs(std::string_view value, TimestampUs now) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty()) return 0;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return LeadingInt(value, 0, kRetryAfterSaturatedMs / 1000, 0) * 1000;
  }
  const time_t t = curl_getdate(std::string(value).c_str(), nullptr);
  if (t <= 0) return 0;
  const int64_t until_ms = static_cast<int64_t>(t) * 1000 - now / 1000;
  return std::clamp<int64_t>(until_ms, 0, kRetryAfterSaturatedMs);
}

bool IsRetryable(const std::string& outcome, int status) {
  if (outcome == "error:timeout" || outcome == "error:low_speed" || outcome == "error:connect" ||
      outcome == "error:reset") {
    return true;
  }
  return StartsWith(outcome, "error:http_") && (status >= 500 || status == 408 || status == 429);
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
                {"left_queued", h.left_queued},     {"parked_reason", h.parked_reason}};
  }
  j["hosts"] = std::move(hs);
  if (!sites.empty()) {
    json ss = json::object();
    for (const auto& [name, st] : sites) {
      json years = json::object();
      for (const auto& [year, n] : st.reports_by_year) years[year ? std::to_string(year) : "unknown"] = n;
      ss[name] = {{"pages", st.pages},       {"reports_by_year", years},   {"attachments", st.attachments},
                  {"errors", st.errors},     {"blocked", st.blocked},      {"robots_denied", st.robots_denied},
                  {"out_of_scope", st.out_of_scope}, {"ok", st.ok()}};
    }
    j["sites"] = std::move(ss);
  }
  return j.dump();
}

namespace {

class CrawlJob {
 public:
  CrawlJob(Archive& archive, const CrawlOptions& options, std::shared_ptr<spdlog::logger> logger)
      : archive_(archive),
        options_(options),
        log_(std::move(logger)),
        fetcher_(io_),
        wake_timer_(io_),
        progress_timer_(io_),
        signals_(io_, SIGINT, SIGTERM),
        workers_(std::max(1u, std::thread::hardware_concurrency())),
        rng_(std::random_device{}()) {}

  Status Run(CrawlSummary* summary);

 private:
  struct RobotsEntry {
    enum class State { kUnknown, kFetching, kReady } state = State::kUnknown;
    RobotsRules rules = RobotsRules::AllowAll();
    TimestampUs expires = 0;
  };

  struct Host {
    std::string key;
    std::map<std::string, QueueEntry> window;  // entries with key <= loaded_through
    std::string loaded_through;
    bool more_in_store = false;  // entries with key > loaded_through wait in the store
    int in_flight = 0;
    TimestampUs next_allowed = 0;
    TimestampUs parked_until = 0;
    int consecutive_failures = 0;
    int parks = 0;
    bool abandoned = false;
    int64_t robots_delay_ms = 0;
    int64_t queued = 0;  // entries in the store for this host, in flight included
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
    std::string host;
    std::string site;
    char role = 'p';
    std::string outcome;
    int64_t bytes = 0;
    std::vector<QueueEntry> discovered;
    std::optional<QueueEntry> retry;
    bool counts_as_page = false;
    std::vector<int> reports_found;  // years of report items found in range
    int64_t out_of_scope = 0;        // list items recorded without fetching

    // What the summaries count of this step, as stored with its capture
    // ("<job>/t/<seq>") so that a resumed job's summary covers the whole job.
    std::string TallyJson() const {
      json j{{"h", host}, {"o", outcome}, {"b", bytes}, {"p", counts_as_page}, {"t", retry.has_value()}};
      if (!site.empty()) j["s"] = site;
      if (role != 'p') j["r"] = std::string(1, role);
      if (!reports_found.empty()) j["y"] = reports_found;
      if (out_of_scope != 0) j["x"] = out_of_scope;
      return j.dump();
    }
    static bool FromTally(std::string_view text, Processed* out) {
      json j = json::parse(text, nullptr, false);
      if (j.is_discarded() || !j.is_object()) return false;
      try {
        out->host = j.at("h").get<std::string>();
        out->outcome = j.at("o").get<std::string>();
        out->bytes = j.at("b").get<int64_t>();
        out->counts_as_page = j.at("p").get<bool>();
        out->site = j.value("s", "");
        const std::string role = j.value("r", "p");
        out->role = role.empty() ? 'p' : role[0];
        out->reports_found = j.value("y", std::vector<int>{});
        out->out_of_scope = j.value("x", int64_t{0});
        out->tallied_retry = j.at("t").get<bool>();
      } catch (const json::exception&) {
        return false;
      }
      return true;
    }
    bool tallied_retry = false;  // FromTally: the step was retried (retry itself is not kept)
  };

  // What a list page leads to, decided on a worker thread before the lock
  // (see WalkList).
  struct ListLink {
    std::string url;
    char kind = 'd';  // 'd' report page, 'l' sub-column, 'n' next list page, 'o' not a wanted report
    std::string form;
    int year = 0;
    std::string title;
  };
  struct ListOutcome {
    std::vector<ListLink> links;
    std::vector<int> reports_found;
  };

  Status Prepare();
  std::string Fingerprint() const;
  std::string HostKeyFor(const std::string& url);
  std::string ResolvedAddress(const std::string& host);
  bool InScope(const std::string& url) const;
  const PolitenessSettings& PolitenessFor(const std::string& host) const;
  bool TlsVerifyFor(const std::string& host) const;
  QueueEntry MakeEntry(std::string url, std::string via, int depth);
  QueueEntry MakeSiteEntry(std::string url, std::string via, int depth, char role, const std::string& site);
  void WalkList(const QueueEntry& list, const std::string& final_url, const std::string& text,
                const std::string& content_type, ListOutcome* out);
  bool YearWanted(int year) const;
  Status LoadFrontier();
  void LoadWindow(Host& h);
  void AddToHost(QueueEntry e);

  void Pump();
  bool StartNext(Host& h, TimestampUs now, TimestampUs* wake);
  void StartRobots(Host& h, const std::string& origin);
  void OnRobots(const std::string& host_key, const std::string& origin, int hops, std::string url,
                HttpResponse r);
  void Issue(Host& h, std::shared_ptr<Attempt> a);
  void OnResponse(std::shared_ptr<Attempt> a, HttpResponse r);
  void Finish(std::shared_ptr<Attempt> a, HttpResponse r, std::string outcome, std::string detail);
  void Deny(Host& h, QueueEntry e);
  void Process(std::shared_ptr<Attempt> a, HttpResponse r, std::string outcome, std::string detail,
               std::optional<QueueEntry> retry);
  void OnProcessed(Processed p);
  // Adds one step to the host, site and job counters.
  void Tally(const Processed& p);
  void ArchiveRobots(std::string url, HttpResponse r);
  void UpdatePoliteness(Host& h, int64_t duration_us);
  void NoteFailure(Host& h, const std::string& outcome);
  // Stops scheduling `h` in this run; its queued URLs stay for the next.
  void LeaveHostForLater(Host& h, const std::string& reason);
  bool Finished() const;
  void Progress(bool final);
  void WriteJob(bool ended);
  void CleanupJob();
  void OnCapture(const CaptureRecord& r);

  Archive& archive_;
  const CrawlOptions& options_;
  std::shared_ptr<spdlog::logger> log_;

  asio::io_context io_;
  HttpFetcher fetcher_;
  asio::steady_timer wake_timer_;
  asio::steady_timer progress_timer_;
  asio::signal_set signals_;
  asio::thread_pool workers_;
  std::mt19937_64 rng_;

  // io thread state
  std::string job_id_;
  std::string active_key_;
  JobRecord job_;
  bool resumed_ = false;
  std::unordered_map<std::string, Host> hosts_;
  std::unordered_map<std::string, RobotsEntry> robots_;
  std::set<std::string> start_hosts_, start_domains_;
  std::map<std::string, const SiteConfig*> walk_sites_;  // by name, column walking only
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

  // shared with workers, under mu_
  std::mutex mu_;
  std::unordered_set<uint64_t> seen_;  // hashes of URLs queued in this job
  std::unordered_map<std::string, std::string> addresses_;  // host -> address (queue_by = "ip")
  uint64_t next_seq_ = 0;
  uint64_t next_tally_ = 0;
  std::mutex capture_mu_;
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

// Caller holds mu_ (or is the only thread, before the crawl starts).
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

const PolitenessSettings& CrawlJob::PolitenessFor(const std::string& host) const {
  for (const auto& site : options_.config.sites) {
    if (std::find(site.hosts.begin(), site.hosts.end(), host) != site.hosts.end()) return site.politeness;
  }
  return options_.config.politeness;
}

bool CrawlJob::TlsVerifyFor(const std::string& host) const {
  for (const auto& site : options_.config.sites) {
    if (std::find(site.hosts.begin(), site.hosts.end(), host) != site.hosts.end()) return site.tls_verify;
  }
  return true;
}

// Caller holds mu_.
QueueEntry CrawlJob::MakeEntry(std::string url, std::string via, int depth) {
  QueueEntry e;
  e.host = HostKeyFor(url);
  e.priority = PriorityFor(url, depth);
  e.depth = depth;
  e.url = std::move(url);
  e.via = std::move(via);
  e.key = job_id_ + "/q/" + e.host + "|" + std::to_string(e.priority) + Hex16(next_seq_++);
  return e;
}

// Caller holds mu_.
QueueEntry CrawlJob::MakeSiteEntry(std::string url, std::string via, int depth, char role,
                                   const std::string& site) {
  QueueEntry e;
  e.host = HostKeyFor(url);
  e.role = role;
  e.site = site;
  e.priority = depth == 0 ? 0 : role == 'l' ? 1 : 2;
  e.depth = depth;
  e.url = std::move(url);
  e.via = std::move(via);
  e.key = job_id_ + "/q/" + e.host + "|" + std::to_string(e.priority) + Hex16(next_seq_++);
  return e;
}

bool CrawlJob::YearWanted(int year) const {
  if (year == 0) return true;  // unknown year: keep, the extractor reads it from the report
  return (options_.year_from == 0 || year >= options_.year_from) && (options_.year_to == 0 || year <= options_.year_to);
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
      site_summaries_[site.name];
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
  next_seq_ = static_cast<uint64_t>(NowUs());

  active_key_ = "active/" + options_.kind + "-" + Fingerprint();
  std::string active_job;
  GOVHARVEST_RETURN_IF_ERROR(archive_.ScanFrontier(active_key_, "", [&](std::string_view k, std::string_view v) {
    if (k == active_key_) active_job = std::string(v);
    return false;
  }));
  if (!active_job.empty() && archive_.GetJob(active_job, &job_).ok()) {
    job_id_ = active_job;
    resumed_ = true;
    log_->info("resuming job {} (left unfinished by an earlier run)", job_id_);
    return LoadFrontier();
  }

  job_ = JobRecord();
  job_.started_at = NowUs();
  std::string stamp = FormatTimestamp(job_.started_at);
  stamp.erase(std::remove_if(stamp.begin(), stamp.end(), [](char c) { return c == '-' || c == ':'; }),
              stamp.end());
  const std::string base_id = options_.kind + "-" + stamp.substr(0, 15) + "-" + Fingerprint().substr(0, 6);
  job_id_ = base_id;
  // Two runs of one command within a second: the later one gets "-2", "-3"...
  JobRecord existing;
  for (int n = 2; archive_.GetJob(job_id_, &existing).ok(); ++n) job_id_ = base_id + "-" + std::to_string(n);
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
    if (!seen_.insert(std::hash<std::string>{}(url)).second) continue;
    QueueEntry e = site.empty() ? MakeEntry(url, "", 0) : MakeSiteEntry(url, "", 0, 'l', site);
    batch.PutFrontier(job_id_ + "/s/" + url, "");
    batch.PutFrontier(e.key, e.Value());
    entries.push_back(std::move(e));
  }
  GOVHARVEST_RETURN_IF_ERROR(archive_.Write(std::move(batch)));
  for (auto& e : entries) AddToHost(std::move(e));
  return Status::Ok();
}

// After a restart: the seen set, and for every host the count of queued
// entries and its first window.
Status CrawlJob::LoadFrontier() {
  GOVHARVEST_RETURN_IF_ERROR(
      archive_.ScanFrontier(job_id_ + "/s/", "", [&](std::string_view k, std::string_view) {
        seen_.insert(std::hash<std::string_view>{}(k.substr(job_id_.size() + 3)));
        return true;
      }));
  // The counts of the steps done before the job was interrupted.
  GOVHARVEST_RETURN_IF_ERROR(
      archive_.ScanFrontier(job_id_ + "/t/", "", [&](std::string_view, std::string_view v) {
        Processed p;
        if (Processed::FromTally(v, &p)) Tally(p);
        ++next_tally_;
        return true;
      }));
  Status bad = Status::Ok();
  GOVHARVEST_RETURN_IF_ERROR(
      archive_.ScanFrontier(job_id_ + "/q/", "", [&](std::string_view k, std::string_view v) {
        QueueEntry e;
        if (!QueueEntry::Parse(k, v, &e)) {
          bad = Status::Corruption("frontier entry '" + std::string(k) + "' is malformed");
          return false;
        }
        Host& h = hosts_[e.host];
        h.key = e.host;
        h.queued += 1;
        if (h.window.size() < kWindow && !h.more_in_store) {
          h.loaded_through = e.key;
          h.window.emplace(e.key, std::move(e));
        } else {
          h.more_in_store = true;
        }
        return true;
      }));
  return bad;
}

void CrawlJob::LoadWindow(Host& h) {
  const std::string prefix = job_id_ + "/q/" + h.key + "|";
  size_t loaded = 0;
  bool more = false;
  std::string start = h.loaded_through.empty() ? "" : h.loaded_through + std::string(1, '\0');
  Status s = archive_.ScanFrontier(prefix, start, [&](std::string_view k, std::string_view v) {
    if (loaded == kWindow) {
      more = true;
      return false;
    }
    QueueEntry e;
    if (QueueEntry::Parse(k, v, &e) && !h.window.count(e.key)) {
      h.loaded_through = e.key;
      h.window.emplace(e.key, std::move(e));
      ++loaded;
    }
    return true;
  });
  if (!s.ok()) log_->error("frontier of {}: {}", h.key, s.message());
  h.more_in_store = more;
}

void CrawlJob::AddToHost(QueueEntry e) {
  Host& h = hosts_[e.host];
  h.key = e.host;
  h.queued += 1;
  if (h.more_in_store && e.key > h.loaded_through) return;  // stays in the store until its turn
  h.window.emplace(e.key, std::move(e));
  if (h.window.size() > 2 * kWindow) {
    // Keep memory bounded: the largest keys go back to being store-only.
    while (h.window.size() > kWindow) h.window.erase(std::prev(h.window.end()));
    h.loaded_through = h.window.rbegin()->first;
    h.more_in_store = true;
  }
}

void CrawlJob::Pump() {
  if (stop_signals_ > 0 || hard_stop_) {
    if (Finished()) io_.stop();
    return;
  }
  const TimestampUs now = NowUs();
  TimestampUs wake = kForever;
  const size_t max_in_flight = static_cast<size_t>(std::max(1, options_.config.limits.max_in_flight));
  for (auto& [key, h] : hosts_) {
    if (h.abandoned) continue;
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
  const PolitenessSettings& pol = PolitenessFor(h.key);
  if (h.in_flight >= pol.max_concurrent_per_host) return false;
  if (now < h.parked_until) {
    *wake = std::min(*wake, h.parked_until);
    return false;
  }
  if (now < h.next_allowed) {
    *wake = std::min(*wake, h.next_allowed);
    return false;
  }
  if (h.window.empty() && h.more_in_store) LoadWindow(h);
  TimestampUs host_wake = kForever;
  for (auto it = h.window.begin(); it != h.window.end(); ++it) {
    QueueEntry& e = it->second;
    if (e.not_before > now) {
      host_wake = std::min(host_wake, e.not_before);
      continue;
    }
    UrlParts parts;
    if (!SplitUrl(e.url, &parts).ok()) {
      QueueEntry bad = std::move(e);
      h.window.erase(it);
      Deny(h, std::move(bad));
      return true;
    }
    if (pol.obey_robots) {
      const std::string origin = OriginOf(parts);
      RobotsEntry& rb = robots_[origin];
      if (rb.state == RobotsEntry::State::kReady && rb.expires < now) rb.state = RobotsEntry::State::kUnknown;
      if (rb.state == RobotsEntry::State::kUnknown) {
        StartRobots(h, origin);
        return true;
      }
      if (rb.state == RobotsEntry::State::kFetching) return false;
      if (!rb.rules.IsAllowed(parts.path_and_query)) {
        QueueEntry denied = std::move(e);
        h.window.erase(it);
        Deny(h, std::move(denied));
        return true;
      }
    }
    auto a = std::make_shared<Attempt>();
    a->entry = std::move(e);
    h.window.erase(it);
    a->current_url = a->entry.url;
    a->started_at = now;
    ++pages_in_flight_;
    Issue(h, std::move(a));
    return true;
  }
  if (host_wake != kForever && host_wake - now > options_.config.limits.max_retry_after_ms * 1000) {
    // Only URLs due later than a run may wait for (a long Retry-After of an
    // earlier run): the job does not sit idle until then.
    if (h.in_flight == 0) {
      LeaveHostForLater(h, "next request due at " + FormatTimestamp(host_wake) + ", later than max_retry_after_ms");
    }
    return false;
  }
  *wake = std::min(*wake, host_wake);
  return false;
}

void CrawlJob::Issue(Host& h, std::shared_ptr<Attempt> a) {
  const LimitSettings& lim = options_.config.limits;
  HttpRequest req;
  req.url = a->current_url;
  if (a->chain.empty()) req.post_form = a->entry.form;
  req.user_agent = options_.config.user_agent;
  req.proxy = options_.config.proxy;
  req.max_body_bytes = lim.max_body_bytes;
  req.connect_timeout_ms = lim.connect_timeout_ms;
  req.total_timeout_ms = lim.total_timeout_ms;
  req.low_speed_bytes_per_s = lim.low_speed_bytes_per_s;
  req.low_speed_time_ms = lim.low_speed_time_ms;
  UrlParts parts;
  if (SplitUrl(a->current_url, &parts).ok()) req.tls_verify = TlsVerifyFor(parts.host);
  if (a->chain.empty() && req.post_form.empty()) {
    UrlState state;
    if (archive_.GetUrlState(a->entry.url, &state).ok() && !state.payload_digest.empty()) {
      if (!state.etag.empty()) req.extra_headers.push_back("If-None-Match: " + state.etag);
      if (!state.last_modified.empty()) req.extra_headers.push_back("If-Modified-Since: " + state.last_modified);
    }
  }
  h.in_flight += 1;
  fetcher_.Fetch(std::move(req), [this, a](HttpResponse r) { OnResponse(a, std::move(r)); });
}

void CrawlJob::OnResponse(std::shared_ptr<Attempt> a, HttpResponse r) {
  a->duration_us += r.duration_us;
  Host& h = hosts_[a->entry.host];
  h.in_flight -= 1;
  UpdatePoliteness(h, r.duration_us);

  const std::string location = FindHeader(r.headers, "Location");
  if (r.error_kind.empty() && r.status >= 300 && r.status < 400 && r.status != 304 && !location.empty()) {
    std::string target;
    if (!ResolveUrl(a->current_url, location, &target).ok()) {
      return Finish(a, std::move(r), "error:bad_redirect", "Location '" + location + "' is not an http(s) URL");
    }
    a->chain.push_back({a->current_url, r.status});
    bool loop = target == a->entry.url;
    for (const auto& hop : a->chain) loop = loop || hop.url == target;
    if (loop) return Finish(a, std::move(r), "error:redirect_loop", "redirect loop at " + target);
    if (static_cast<int>(a->chain.size()) > options_.config.limits.max_redirects) {
      return Finish(a, std::move(r), "error:too_many_redirects",
                    "more than " + std::to_string(options_.config.limits.max_redirects) + " redirects");
    }
    a->current_url = target;
    if (!InScope(target)) return Finish(a, HttpResponse{}, "out_of_scope", "redirect leaves the crawl scope");
    UrlParts parts;
    SplitUrl(target, &parts);
    auto rb = robots_.find(OriginOf(parts));
    if (PolitenessFor(h.key).obey_robots && rb != robots_.end() &&
        rb->second.state == RobotsEntry::State::kReady && !rb->second.rules.IsAllowed(parts.path_and_query)) {
      return Finish(a, HttpResponse{}, "robots_denied", "redirect target disallowed by robots.txt");
    }
    Issue(h, a);
    return;
  }

  std::string outcome = "ok";
  std::string detail;
  if (!r.error_kind.empty()) {
    outcome = "error:" + r.error_kind;
    detail = r.error_detail;
  } else if (r.status == 304) {
    outcome = "not_modified";
  } else if (std::string vendor = DetectChallenge(r.status, r.body); !vendor.empty()) {
    outcome = "blocked_challenge";
    detail = "anti-bot challenge page (" + vendor + "), HTTP " + std::to_string(r.status);
  } else if (r.status >= 400 || r.status < 200) {
    outcome = "error:http_" + std::to_string(r.status);
  } else if (r.status >= 300) {
    outcome = "error:http_" + std::to_string(r.status);
    detail = "redirect without Location";
  }
  Finish(a, std::move(r), outcome, detail);
}

void CrawlJob::Finish(std::shared_ptr<Attempt> a, HttpResponse r, std::string outcome, std::string detail) {
  Host& h = hosts_[a->entry.host];
  const TimestampUs now = NowUs();
  const LimitSettings& lim = options_.config.limits;
  std::optional<QueueEntry> retry;
  const bool retryable = IsRetryable(outcome, r.status);
  if (retryable || outcome == "blocked_challenge") {
    NoteFailure(h, outcome);
  } else {
    h.consecutive_failures = 0;
  }
  if (outcome == "blocked_challenge") {
    // Back off the host; never try to get around the challenge.
    h.next_allowed = std::max(h.next_allowed, now + PolitenessFor(h.key).max_delay_ms * 1000);
  }
  const int64_t retry_after_ms = retryable ? RetryAfterMs(FindHeader(r.headers, "Retry-After"), now) : 0;
  if (retry_after_ms > lim.max_retry_after_ms) {
    // The server asks for a longer wait than a run may take: the URL stays
    // queued, due when the server said, and the host is left for a later run.
    QueueEntry e = a->entry;
    e.not_before = now + retry_after_ms * 1000;
    retry = std::move(e);
    LeaveHostForLater(h, "Retry-After of " + std::to_string(retry_after_ms / 1000) + " s is above max_retry_after_ms (" +
                             std::to_string(lim.max_retry_after_ms / 1000) + " s)");
  } else if (retryable && a->entry.attempts + 1 < lim.max_attempts && !h.abandoned) {
    QueueEntry e = a->entry;
    e.attempts += 1;
    const int64_t base_ms = std::max<int64_t>(200, PolitenessFor(h.key).min_delay_ms);
    std::uniform_real_distribution<double> jitter(0.5, 1.5);
    int64_t backoff_ms = static_cast<int64_t>(static_cast<double>(base_ms) *
                                              std::pow(2.0, e.attempts - 1) * jitter(rng_));
    backoff_ms = std::min<int64_t>(backoff_ms, 10 * 60 * 1000);
    if (retry_after_ms > 0) {
      backoff_ms = std::max(backoff_ms, retry_after_ms);
      h.next_allowed = std::max(h.next_allowed, now + retry_after_ms * 1000);
    }
    e.not_before = now + backoff_ms * 1000;
    retry = std::move(e);
  }
  --pages_in_flight_;
  ++pending_work_;
  asio::post(workers_, [this, a, r = std::move(r), outcome = std::move(outcome), detail = std::move(detail),
                        retry = std::move(retry)]() mutable {
    Process(a, std::move(r), std::move(outcome), std::move(detail), std::move(retry));
  });
}

void CrawlJob::Deny(Host& h, QueueEntry e) {
  auto a = std::make_shared<Attempt>();
  a->entry = std::move(e);
  a->current_url = a->entry.url;
  a->started_at = NowUs();
  (void)h;
  ++pending_work_;
  UrlParts parts;
  const bool valid = SplitUrl(a->entry.url, &parts).ok();
  asio::post(workers_, [this, a, valid]() {
    Process(a, HttpResponse{}, valid ? "robots_denied" : "error:bad_url",
            valid ? "disallowed by robots.txt" : "not an http(s) URL", std::nullopt);
  });
}

// Worker thread: decode, find links, archive everything in one batch.
// Reads a list page of a column (HTML, Hanweb dataproxy XML or gkmlpt JSON):
// report items to fetch, other items to record, and the next list page
// unless a stop condition holds.
void CrawlJob::WalkList(const QueueEntry& list, const std::string& final_url, const std::string& text,
                        const std::string& content_type, ListOutcome* out) {
  (void)content_type;
  auto site_it = walk_sites_.find(list.site);
  const CmsFamily hint = site_it == walk_sites_.end() ? CmsFamily::kUnknown
                                                      : CmsFamilyFromName(site_it->second->cms);
  ColumnPage page;
  if (final_url.find("jpage/dataproxy.jsp") != std::string::npos) {
    page = ParseHanwebDataproxy(text, final_url);
  } else if (final_url.find("/gkmlpt/api/") != std::string::npos) {
    page = ParseGkmlptApi(text, final_url);
  } else {
    page = ParseColumnPage(text, final_url, hint);
  }
  const TimestampUs now = NowUs();
  // Stop conditions look at dated items only (navigation links carry no date).
  bool any_new = false;
  bool any_dated = false;
  bool all_dated_before_years = options_.year_from > 0;
  bool all_dated_before_last_run = options_.previous_run > 0;
  const std::string years_floor = std::to_string(options_.year_from) + "-01-01";
  const std::string last_run_day = FormatTimestamp(options_.previous_run).substr(0, 10);
  for (const ListItem& item : page.items) {
    if (!InScope(item.url)) continue;
    if (!item.date.empty()) {
      any_dated = true;
      if (item.date >= years_floor) all_dated_before_years = false;
      if (item.date >= last_run_day) all_dated_before_last_run = false;
    }
    UrlState state;
    const bool known = archive_.GetUrlState(item.url, &state).ok();  // met in an earlier run
    const bool archived = known && !state.payload_digest.empty();
    if (!known) any_new = true;
    ListLink link{item.url, 'o', "", item.year, item.title};
    if (item.is_report && YearWanted(item.year)) {
      out->reports_found.push_back(item.year);
      // A report already archived is fetched again only when it is due.
      if (archived && (state.next_due_at == 0 || state.next_due_at > now)) continue;
      link.kind = 'd';
    }
    out->links.push_back(std::move(link));
  }
  for (const std::string& sub : page.subcolumns) {
    if (InScope(sub)) out->links.push_back({sub, 'l', "", 0, ""});
  }
  const bool stop = any_dated && ((!options_.backfill && all_dated_before_last_run && !any_new) || all_dated_before_years);
  if (!stop) {
    // A page that names no further pages continues with those an earlier page named.
    for (const ListRequest& next : page.next_pages.empty() ? list.pending : page.next_pages) {
      if (InScope(next.url)) out->links.push_back({next.url, 'n', next.form, 0, ""});
    }
  }
}

// Worker thread: decode, find links, archive everything in one batch.
void CrawlJob::Process(std::shared_ptr<Attempt> a, HttpResponse r, std::string outcome, std::string detail,
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
  rec.outcome = outcome;
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
  const bool leads_on = entry.role == 'l' || entry.role == 'd' || (entry.role == 'p' && options_.follow_links);
  std::string body = std::move(r.body);
  std::string text;
  if (outcome == "not_modified") {
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
                               (entry.role == 'l' && rec.content_type.find("json") != std::string::npos) ||
                               (entry.role == 'l' && rec.content_type.find("xml") != std::string::npos))) {
    DecodedPage page = DecodePage(body, content_type);
    rec.charset_header = page.charset_header;
    rec.charset_meta = page.charset_meta;
    rec.charset_used = page.encoding;
    if (!page.note.empty()) rec.error_detail = rec.error_detail.empty() ? page.note : rec.error_detail + "; " + page.note;
    if (outcome == "ok" && leads_on) text = std::move(page.text);
  }

  ListOutcome list;
  std::vector<std::string> candidates;
  if (!text.empty()) {
    if (entry.role == 'l') {
      WalkList(entry, rec.final_url, text, content_type, &list);
    } else if (entry.role == 'd') {
      for (auto& url : AttachmentLinks(text, rec.final_url)) {
        if (InScope(url)) candidates.push_back(std::move(url));
      }
    } else if (LooksLikeHtml(rec.content_type, text)) {
      for (auto& link : ExtractLinks(text, rec.final_url)) {
        if (InScope(link.url)) candidates.push_back(std::move(link.url));
      }
    }
  }

  Processed p;
  p.host = entry.host;
  p.site = entry.site;
  p.role = entry.role;
  p.outcome = outcome;
  p.bytes = static_cast<int64_t>(body.size());
  p.counts_as_page = outcome == "ok" || outcome == "not_modified";
  p.retry = retry;
  p.reports_found = std::move(list.reports_found);
  {
    std::lock_guard<std::mutex> lock(mu_);
    ArchiveBatch batch;
    batch.AddCapture(rec, std::move(body));
    auto enqueue = [&](QueueEntry e) {
      batch.PutFrontier(job_id_ + "/s/" + e.url, "");
      batch.PutFrontier(e.key, e.Value());
      p.discovered.push_back(std::move(e));
    };
    auto first_sighting = [&](const std::string& url) { return seen_.insert(std::hash<std::string>{}(url)).second; };
    for (auto& url : candidates) {
      if (!first_sighting(url)) continue;
      enqueue(entry.role == 'd' ? MakeSiteEntry(url, rec.final_url, entry.depth + 1, 'a', entry.site)
                                : MakeEntry(url, rec.final_url, entry.depth + 1));
    }
    // Next list pages: the first one not yet seen is queued, carrying the rest.
    std::optional<QueueEntry> next_page;
    for (ListLink& c : list.links) {
      if (c.kind == 'n') {
        if (next_page) {
          next_page->pending.push_back({c.url, c.form});
        } else if (first_sighting(c.url)) {
          next_page = MakeSiteEntry(c.url, rec.final_url, entry.depth + 1, 'l', entry.site);
          next_page->form = c.form;
        }
      } else if (c.kind == 'o') {
        if (!first_sighting(c.url)) continue;
        // Found on a list page, not an annual report: recorded, never fetched.
        CaptureRecord skipped;
        skipped.requested_url = c.url;
        skipped.final_url = c.url;
        skipped.fetched_at = NowUs();
        skipped.job_id = job_id_;
        skipped.outcome = "out_of_scope";
        skipped.error_detail = "list item that is not a wanted annual report: " + c.title;
        skipped.source = "http";
        skipped.via = rec.final_url;
        skipped.site = entry.site;
        batch.AddCapture(std::move(skipped), "");
        batch.PutFrontier(job_id_ + "/s/" + c.url, "");
        p.out_of_scope += 1;
      } else {
        if (!first_sighting(c.url)) continue;
        QueueEntry e = MakeSiteEntry(c.url, rec.final_url, entry.depth + 1, c.kind, entry.site);
        e.year = c.year;
        enqueue(std::move(e));
      }
    }
    if (next_page) enqueue(std::move(*next_page));
    if (retry) {
      batch.PutFrontier(retry->key, retry->Value());
    } else {
      batch.DeleteFrontier(entry.key);
    }
    batch.PutFrontier(job_id_ + "/t/" + Hex16(next_tally_++), p.TallyJson());
    Status s = archive_.Write(std::move(batch));
    if (!s.ok()) {
      // Nothing of this step landed; the entry stays queued for the next run.
      log_->error("archiving {} failed: {}", rec.requested_url, s.message());
      for (const auto& e : p.discovered) seen_.erase(std::hash<std::string>{}(e.url));
      p.discovered.clear();
      p.retry.reset();
      p.outcome = "archive_error";
    }
  }
  if (p.outcome != "archive_error" && options_.on_capture) {
    CaptureRecord stored;
    if (archive_.GetLatestCapture(rec.requested_url, &stored).ok()) OnCapture(stored);
  }
  asio::post(io_, [this, p = std::move(p)]() mutable { OnProcessed(std::move(p)); });
}

void CrawlJob::OnCapture(const CaptureRecord& r) {
  if (!options_.on_capture) return;
  std::lock_guard<std::mutex> lock(capture_mu_);
  options_.on_capture(r);
}

void CrawlJob::OnProcessed(Processed p) {
  --pending_work_;
  if (p.outcome == "archive_error") {
    hard_stop_ = true;  // the archive refuses writes: stop, keep the frontier for the next run
    ++errors_;
  } else {
    Tally(p);
    Host& h = hosts_[p.host];
    if (p.retry) {
      if (!h.more_in_store || p.retry->key <= h.loaded_through) h.window.emplace(p.retry->key, *p.retry);
    } else {
      h.queued -= 1;
    }
    for (auto& e : p.discovered) AddToHost(std::move(e));
  }
  Pump();
}

void CrawlJob::Tally(const Processed& p) {
  Host& h = hosts_[p.host];
  h.key = p.host;
  HostSummary& s = h.summary;
  if (p.outcome == "ok") {
    s.fetched += 1;
  } else if (p.outcome == "not_modified") {
    s.not_modified += 1;
  } else if (p.outcome == "robots_denied") {
    s.robots_denied += 1;
  } else if (p.outcome == "blocked_challenge") {
    s.blocked += 1;
  } else if (p.outcome == "out_of_scope") {
    s.out_of_scope += 1;
  } else {
    s.errors += 1;
    ++errors_;
  }
  const bool retried = p.retry.has_value() || p.tallied_retry;
  if (retried) s.retries += 1;
  s.bytes += p.bytes;
  bytes_ += p.bytes;
  if (!p.site.empty()) {
    SiteSummary& site = site_summaries_[p.site];
    if (p.counts_as_page && p.role != 'a') site.pages += 1;
    if (p.role == 'a' && p.outcome == "ok") site.attachments += 1;
    if (p.outcome == "blocked_challenge") site.blocked += 1;
    if (p.outcome == "robots_denied") site.robots_denied += 1;
    if (StartsWith(p.outcome, "error:") && !retried) site.errors += 1;
    site.out_of_scope += p.out_of_scope;
    for (int year : p.reports_found) site.reports_by_year[year] += 1;
  }
  if (p.counts_as_page) ++pages_done_;
}

void CrawlJob::StartRobots(Host& h, const std::string& origin) {
  robots_[origin].state = RobotsEntry::State::kFetching;
  ++robots_in_flight_;
  h.in_flight += 1;
  HttpRequest req;
  req.url = origin + "/robots.txt";
  req.user_agent = options_.config.user_agent;
  req.proxy = options_.config.proxy;
  req.max_body_bytes = 1 << 20;
  req.connect_timeout_ms = options_.config.limits.connect_timeout_ms;
  req.total_timeout_ms = options_.config.limits.total_timeout_ms;
  req.low_speed_bytes_per_s = options_.config.limits.low_speed_bytes_per_s;
  req.low_speed_time_ms = options_.config.limits.low_speed_time_ms;
  UrlParts parts;
  if (SplitUrl(origin + "/", &parts).ok()) req.tls_verify = TlsVerifyFor(parts.host);
  std::string url = req.url;
  fetcher_.Fetch(std::move(req), [this, host = h.key, origin, url](HttpResponse r) {
    OnRobots(host, origin, 0, url, std::move(r));
  });
}

void CrawlJob::OnRobots(const std::string& host_key, const std::string& origin, int hops, std::string url,
                        HttpResponse r) {
  const std::string location = FindHeader(r.headers, "Location");
  std::string target;
  if (r.error_kind.empty() && r.status >= 300 && r.status < 400 && !location.empty() &&
      hops < kMaxRobotsRedirects && ResolveUrl(url, location, &target).ok()) {
    HttpRequest req;
    req.url = target;
    req.user_agent = options_.config.user_agent;
    req.proxy = options_.config.proxy;
    req.max_body_bytes = 1 << 20;
    req.total_timeout_ms = options_.config.limits.total_timeout_ms;
    fetcher_.Fetch(std::move(req), [this, host_key, origin, hops, target](HttpResponse r2) {
      OnRobots(host_key, origin, hops + 1, target, std::move(r2));
    });
    return;
  }
  --robots_in_flight_;
  Host& h = hosts_[host_key];
  h.in_flight -= 1;
  UpdatePoliteness(h, r.duration_us);
  const int status = r.error_kind.empty() ? r.status : 0;
  RobotsEntry& rb = robots_[origin];
  rb.rules = RobotsRules::ForFetch(status >= 300 && status < 400 ? 404 : status, r.body, kProductToken);
  rb.state = RobotsEntry::State::kReady;
  rb.expires = NowUs() + kRobotsTtlUs;
  const PolitenessSettings& pol = PolitenessFor(host_key);
  if (rb.rules.crawl_delay_ms()) {
    h.robots_delay_ms = std::min(*rb.rules.crawl_delay_ms(), pol.max_crawl_delay_ms);
  }
  if (rb.rules.unreachable()) {
    // RFC 9309: an unreachable robots.txt means "disallow all" for a while.
    // The host's URLs stay queued; the host is parked and asked again later.
    rb.state = RobotsEntry::State::kUnknown;
    NoteFailure(h, status ? "robots.txt HTTP " + std::to_string(status) : "robots.txt " + r.error_kind);
    if (h.parked_until <= NowUs()) h.next_allowed = std::max(h.next_allowed, NowUs() + pol.max_delay_ms * 1000);
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
  rec.outcome = !r.error_kind.empty() ? "error:" + r.error_kind
                : r.status >= 400     ? "error:http_" + std::to_string(r.status)
                                      : "ok";
  rec.error_detail = r.error_detail;
  rec.source = "http";
  Status s = archive_.PutCapture(rec, std::move(r.body));
  if (!s.ok()) log_->error("archiving {} failed: {}", url, s.message());
}

void CrawlJob::UpdatePoliteness(Host& h, int64_t duration_us) {
  const PolitenessSettings& pol = PolitenessFor(h.key);
  // Heritrix-style adaptive delay: a slow host is given proportionally more rest.
  int64_t delay_ms = static_cast<int64_t>(pol.delay_factor * static_cast<double>(duration_us) / 1000.0);
  delay_ms = std::clamp(delay_ms, pol.min_delay_ms, std::max(pol.min_delay_ms, pol.max_delay_ms));
  delay_ms = std::max(delay_ms, h.robots_delay_ms);
  h.next_allowed = std::max(h.next_allowed, NowUs() + delay_ms * 1000);
}

void CrawlJob::NoteFailure(Host& h, const std::string& outcome) {
  h.consecutive_failures += 1;
  const LimitSettings& lim = options_.config.limits;
  if (h.consecutive_failures < lim.host_failure_threshold) return;
  h.consecutive_failures = 0;
  h.parks += 1;
  h.summary.parked_reason = std::to_string(lim.host_failure_threshold) + " failures in a row (last: " + outcome + ")";
  if (h.parks >= 2) {
    h.abandoned = true;
    h.summary.parked_reason += "; parked twice, left for a later run";
    log_->warn("host {} abandoned for this run: {}", h.key, h.summary.parked_reason);
  } else {
    h.parked_until = NowUs() + lim.host_park_ms * 1000;
    log_->warn("host {} parked for {:.1f} s: {}", h.key, static_cast<double>(lim.host_park_ms) / 1000,
               h.summary.parked_reason);
  }
}

void CrawlJob::LeaveHostForLater(Host& h, const std::string& reason) {
  if (h.abandoned) return;
  h.abandoned = true;
  h.summary.parked_reason = reason + "; left queued for a later run";
  log_->warn("host {} left for a later run: {}", h.key, h.summary.parked_reason);
}

bool CrawlJob::Finished() const {
  if (pending_work_ > 0) return false;
  if (hard_stop_) return true;
  if (fetcher_.in_flight() > 0 || robots_in_flight_ > 0) return false;
  if (stop_signals_ > 0) return true;
  if (options_.max_pages > 0 && pages_done_ >= options_.max_pages) return true;
  for (const auto& [key, h] : hosts_) {
    if (!h.abandoned && (!h.window.empty() || h.more_in_store)) return false;
  }
  return true;
}

void CrawlJob::Progress(bool final) {
  int64_t queued = 0;
  int parked = 0;
  const TimestampUs now = NowUs();
  for (const auto& [key, h] : hosts_) {
    queued += h.queued;
    if (h.abandoned || h.parked_until > now) ++parked;
  }
  const double secs = std::max(1e-3, static_cast<double>(now - started_) / 1e6);
  char line[256];
  std::snprintf(line, sizeof(line),
                "fetched %" PRId64 "  queued %" PRId64 "  in flight %zu  errors %" PRId64
                "  %.1f pages/s  %.1f MB  parked hosts %d",
                pages_done_, queued, fetcher_.in_flight(), errors_, static_cast<double>(pages_done_) / secs,
                static_cast<double>(bytes_) / 1e6, parked);
  if (tty_) {
    std::fprintf(stderr, "\r\033[K%s%s", line, final ? "\n" : "");
  } else {
    log_->info("{}", line);
  }
}

void CrawlJob::WriteJob(bool ended) {
  job_.counters["pages"] = pages_done_;
  job_.counters["bytes"] = bytes_;
  job_.counters["errors"] = errors_;
  if (ended) job_.ended_at = NowUs();
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
  const std::string prefix = job_id_ + "/";
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
  started_ = NowUs();
  tty_ = options_.progress_on_tty && ::isatty(STDERR_FILENO);
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
    h.summary.left_queued = h.queued;
    left = left || h.queued > 0;
    summary->hosts[key] = h.summary;
  }
  summary->sites = site_summaries_;
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
