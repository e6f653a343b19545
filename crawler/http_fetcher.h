// HttpFetcher: one Boost.Asio io_context drives libcurl's multi-socket API
// (CURLMOPT_SOCKETFUNCTION / CURLMOPT_TIMERFUNCTION), so thousands of
// transfers run on one thread. One Fetch is one HTTP exchange: redirects are
// not followed here (the caller checks scope at every hop).
//
// Thread safety: every method, and every completion callback, runs on the
// io_context's thread.
#ifndef GOVHARVEST_CRAWLER_HTTP_FETCHER_H_
#define GOVHARVEST_CRAWLER_HTTP_FETCHER_H_

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "store/records.h"

namespace govharvest {

struct HttpRequest {
  std::string url;
  std::string post_form;  // non-empty: POST this application/x-www-form-urlencoded body
  std::vector<std::string> extra_headers;  // "Name: value"
  std::string user_agent;
  std::string proxy;           // empty: libcurl's environment variables apply
  bool tls_verify = true;
  int64_t max_body_bytes = 50LL << 20;  // decoded size; the transfer stops beyond it
  int64_t connect_timeout_ms = 15000;
  int64_t total_timeout_ms = 120000;
  int64_t low_speed_bytes_per_s = 100;  // 0 disables the low-speed abort
  int64_t low_speed_time_ms = 30000;
};

struct HttpResponse {
  // "" on a complete exchange (any HTTP status), else the failure kind:
  // "timeout", "low_speed", "connect", "dns", "tls", "reset", "too_large",
  // "decode", "protocol", "other".
  std::string error_kind;
  std::string error_detail;
  int status = 0;
  std::vector<HttpHeader> headers;  // of the final response, in order
  std::string body;                 // decoded (Content-Encoding removed)
  int64_t duration_us = 0;
  TimestampUs started_at = 0;
};

class HttpFetcher {
 public:
  explicit HttpFetcher(boost::asio::io_context& io);
  ~HttpFetcher();
  HttpFetcher(const HttpFetcher&) = delete;
  HttpFetcher& operator=(const HttpFetcher&) = delete;

  // Starts the exchange; `done` runs exactly once, on the io thread, unless
  // the fetcher is destroyed first.
  void Fetch(HttpRequest request, std::function<void(HttpResponse)> done);

  // Aborts every transfer in flight; their callbacks do not run.
  void AbortAll();

  size_t in_flight() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A GET of `url` as the config says: its user agent, proxy and limits, and
// the TLS verification of the site whose hosts include the URL's host.
HttpRequest ConfiguredRequest(const Config& config, std::string url);

// One exchange on an io_context of its own, for callers outside a crawl job
// (`columns`, a browser's requests): blocks until the answer or the failure.
HttpResponse FetchBlocking(HttpRequest request);

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_HTTP_FETCHER_H_
