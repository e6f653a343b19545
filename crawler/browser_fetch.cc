// A browser's requests through the crawler's rules: scope, robots.txt,
// per-host politeness, the crawler's HTTP client, the archive.

#include "crawler/browser_fetch.h"

#include "crawler/crawler.h"

#include <algorithm>
#include <limits>
#include <thread>

#include "crawler/ascii.h"
#include "crawler/clock.h"
#include "crawler/http_fetcher.h"
#include "crawler/outcome.h"
#include "crawler/robots_cache.h"
#include "crawler/url.h"
#include "store/timestamp.h"

namespace govharvest {

namespace {

using SteadyClock = std::chrono::steady_clock;

}  // namespace

BrowserFetchRules::BrowserFetchRules(BrowserFetchSettings settings)
    : settings_(std::move(settings)), scheduler_(*settings_.config, SystemClock(), 1, nullptr) {}

HostSchedule& BrowserFetchRules::ScheduleOf(const std::string& host) {
  auto [it, fresh] = schedules_.try_emplace(host);
  if (fresh) {
    it->second.key = host;
    if (settings_.carry_over != nullptr) {
      if (auto carried = settings_.carry_over->hosts.find(host); carried != settings_.carry_over->hosts.end()) {
        it->second.next_allowed = carried->second.next_allowed;
        it->second.robots_delay_ms = carried->second.robots_delay_ms;
      }
    }
  }
  return it->second;
}

bool BrowserFetchRules::WaitFor(const std::string& url, const std::string& host) {
  if (settings_.acquire) return settings_.acquire(url);
  HostSchedule& h = ScheduleOf(host);
  for (;;) {
    TimestampUs wake = std::numeric_limits<TimestampUs>::max();
    const TimestampUs now = scheduler_.NowUs();
    if (scheduler_.MayStart(h, now, &wake)) {
      scheduler_.Started(h);
      return true;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(std::min<TimestampUs>(wake - now, 1000000)));
  }
}

void BrowserFetchRules::Answered(const std::string& url, const std::string& host, int64_t duration_us) {
  if (settings_.release) {
    settings_.release(url, duration_us);
    return;
  }
  HostSchedule& h = ScheduleOf(host);
  scheduler_.Answered(h, duration_us);
  if (settings_.carry_over != nullptr) settings_.carry_over->hosts[host] = {h.next_allowed, h.robots_delay_ms};
}

const RobotsRules& BrowserFetchRules::RobotsFor(const std::string& origin, const std::string& host) {
  auto it = robots_.find(origin);
  if (it != robots_.end()) return it->second;
  HttpRequest request = ConfiguredRequest(*settings_.config, origin + "/robots.txt");
  request.max_body_bytes = 1 << 20;
  if (!WaitFor(request.url, host)) {
    // The crawl is stopping: nothing more is asked of this origin.
    return robots_.emplace(origin, RobotsRules::ForFetch(0, "", settings_.config->user_agent)).first->second;
  }
  const auto started = SteadyClock::now();
  HttpResponse r = FetchBlocking(request);
  Answered(request.url, host, r.duration_us);
  log_.push_back(Logged{request.url, "GET", host, r.status, r.error_kind.empty() ? "ok" : "error: " + r.error_kind, started});
  RobotsRules rules = r.error_kind.empty() ? RobotsRules::ForFetch(r.status, r.body, settings_.config->user_agent)
                                           : RobotsRules::ForFetch(0, "", settings_.config->user_agent);
  // Under a crawl's scheduler the crawl's own robots.txt reading set it already.
  if (rules.crawl_delay_ms() && !settings_.acquire) scheduler_.SetCrawlDelay(ScheduleOf(host), *rules.crawl_delay_ms());
  return robots_.emplace(origin, std::move(rules)).first->second;
}

BrowserResponse BrowserFetchRules::operator()(const BrowserRequest& request) {
  BrowserResponse out;
  Logged entry{request.url, request.method, "", 0, "", SteadyClock::now()};
  auto refuse = [&](const std::string& why) {
    out.refused = true;
    out.refusal = why;
    entry.outcome = "refused: " + why;
    log_.push_back(entry);
    return out;
  };
  std::string url;
  UrlParts parts;
  if (!CanonicalizeUrl(request.url, &url).ok() || !SplitUrl(url, &parts).ok()) return refuse("not an http(s) URL");
  entry.host = parts.host;
  if (settings_.in_scope && !settings_.in_scope(url)) return refuse("outside the crawl's scope");
  if (request.method != "GET" && request.method != "HEAD" && request.method != "POST") {
    return refuse("method " + request.method + " is not fetched");
  }
  if (auto known = settings_.prefetched.find(url); known != settings_.prefetched.end()) {
    out = std::move(known->second);
    settings_.prefetched.erase(known);
    entry.status = out.status;
    entry.outcome = "ok (fetched before rendering)";
    log_.push_back(entry);
    return out;
  }
  const RobotsRules& rules = RobotsFor(OriginOf(parts), parts.host);
  if (rules.unreachable()) return refuse("robots.txt of " + OriginOf(parts) + " is unreachable (disallow all for now)");
  if (!rules.IsAllowed(parts.path_and_query)) return refuse("disallowed by robots.txt");

  // As the browser asked it (its canonical form is what the archive keys).
  HttpRequest http = ConfiguredRequest(*settings_.config, request.url);
  if (request.method == "POST") {
    http.post_form = request.post_data;
    for (const HttpHeader& h : request.headers) {
      if (ascii::EqualsNoCase(h.name, "Content-Type")) http.extra_headers.push_back("Content-Type: " + h.value);
    }
  }
  for (const HttpHeader& h : request.headers) {
    // What a script's request says about itself (an API may answer JSON only to it).
    if (ascii::EqualsNoCase(h.name, "X-Requested-With") || ascii::EqualsNoCase(h.name, "Accept")) {
      http.extra_headers.push_back(h.name + ": " + h.value);
    }
  }
  if (!WaitFor(url, parts.host)) return refuse("the crawl is stopping");
  entry.started = SteadyClock::now();
  const TimestampUs fetched_at = NowUs();
  HttpResponse r = FetchBlocking(std::move(http));
  Answered(url, parts.host, r.duration_us);
  const std::string challenge = r.error_kind.empty() ? DetectChallenge(r.status, r.body) : "";
  if (!r.error_kind.empty()) {
    out.refused = true;
    out.refusal = r.error_kind + (r.error_detail.empty() ? "" : ": " + r.error_detail);
    entry.outcome = "error: " + out.refusal;
  } else if (!challenge.empty()) {
    // Never handed to the browser, whose scripts would answer it.
    out.refused = true;
    out.refusal = "anti-bot challenge page (" + challenge + "): reported, not worked around";
    entry.status = r.status;
    entry.outcome = "blocked: " + challenge;
    challenges_.push_back(url + " (" + challenge + ")");
  } else {
    out.status = r.status;
    out.headers = r.headers;
    entry.status = r.status;
    entry.outcome = "ok";
  }
  if (settings_.archive != nullptr) {
    CaptureRecord rec;
    rec.requested_url = url;
    rec.method = request.method == "POST" ? "POST" : "GET";
    rec.request_body = request.method == "POST" ? request.post_data : "";
    rec.final_url = url;
    rec.http_status = r.status;
    rec.response_headers = r.headers;
    rec.fetched_at = fetched_at;
    rec.duration_us = r.duration_us;
    rec.content_type = MediaType(FindHeader(r.headers, "Content-Type"));
    rec.job_id = settings_.job_id;
    rec.site = settings_.site;
    rec.via = settings_.via;
    rec.source = "browser";
    rec.outcome = challenge.empty() ? Outcome::OfExchange(r.error_kind, r.status).ToString()
                                    : Outcome::Of(Outcome::Kind::kBlockedChallenge).ToString();
    rec.error_detail = r.error_detail;
    if (settings_.archive->PutCapture(rec, r.body).ok()) ++archived_;
  }
  out.body = std::move(r.body);
  log_.push_back(entry);
  return out;
}

}  // namespace govharvest
