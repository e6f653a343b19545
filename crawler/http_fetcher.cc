#include "crawler/http_fetcher.h"

#include <algorithm>

#include "crawler/url.h"

#include <curl/curl.h>

#include <boost/asio/post.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstring>
#include <unordered_map>

namespace govharvest {

namespace {

namespace asio = boost::asio;

struct Transfer {
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::function<void(HttpResponse)> done;
  HttpResponse response;
  int64_t max_body = 0;
  bool too_large = false;
  std::chrono::steady_clock::time_point start;
  char errbuf[CURL_ERROR_SIZE] = {};

  ~Transfer() {
    if (easy) curl_easy_cleanup(easy);
    if (headers) curl_slist_free_all(headers);
  }
};

// One socket libcurl asked us to watch. Waits hold a shared_ptr, so the state
// outlives its removal from the map; `removed` tells late handlers to stop.
struct SocketState {
  explicit SocketState(asio::io_context& io, curl_socket_t fd) : descriptor(io, fd) {}
  asio::posix::stream_descriptor descriptor;
  int what = 0;
  bool reading = false;
  bool writing = false;
  bool removed = false;
};

size_t OnBody(char* data, size_t size, size_t n, void* userp) {
  auto* t = static_cast<Transfer*>(userp);
  const size_t bytes = size * n;
  if (static_cast<int64_t>(t->response.body.size() + bytes) > t->max_body) {
    t->too_large = true;
    return 0;  // libcurl aborts with CURLE_WRITE_ERROR
  }
  t->response.body.append(data, bytes);
  return bytes;
}

size_t OnHeader(char* data, size_t size, size_t n, void* userp) {
  auto* t = static_cast<Transfer*>(userp);
  const size_t bytes = size * n;
  std::string_view line(data, bytes);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line.substr(0, 5) == "HTTP/") {
    t->response.headers.clear();  // a new response (after 1xx, or through a proxy)
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    t->response.headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
  }
  return bytes;
}

std::string ErrorKind(CURLcode code, const Transfer& t) {
  switch (code) {
    case CURLE_OK: return "";
    case CURLE_OPERATION_TIMEDOUT:
      return std::strstr(t.errbuf, "too slow") ? "low_speed" : "timeout";
    case CURLE_COULDNT_CONNECT: return "connect";
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return "dns";
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE: return "tls";
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE: return "reset";
    case CURLE_WRITE_ERROR: return t.too_large ? "too_large" : "other";
    case CURLE_FILESIZE_EXCEEDED: return "too_large";
    case CURLE_BAD_CONTENT_ENCODING: return "decode";
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_UNSUPPORTED_PROTOCOL: return "protocol";
    default: return "other";
  }
}

}  // namespace

struct HttpFetcher::Impl {
  explicit Impl(asio::io_context& io_context) : io(io_context), timer(io_context) {
    multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, &Impl::OnSocket);
    curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, &Impl::OnTimer);
    curl_multi_setopt(multi, CURLMOPT_TIMERDATA, this);
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, 1024L);
  }

  ~Impl() {
    AbortAll();
    for (auto& [fd, st] : sockets) Forget(*st);
    sockets.clear();
    curl_multi_cleanup(multi);
  }

  // Stops watching a socket without closing it: libcurl owns the fd.
  static void Forget(SocketState& st) {
    st.removed = true;
    boost::system::error_code ec;
    st.descriptor.cancel(ec);
    st.descriptor.release();
  }

  static int OnSocket(CURL*, curl_socket_t fd, int what, void* userp, void*) {
    auto* self = static_cast<Impl*>(userp);
    auto it = self->sockets.find(fd);
    if (what == CURL_POLL_REMOVE) {
      if (it != self->sockets.end()) {
        Forget(*it->second);
        self->sockets.erase(it);
      }
      return 0;
    }
    if (it == self->sockets.end()) {
      it = self->sockets.emplace(fd, std::make_shared<SocketState>(self->io, fd)).first;
    }
    it->second->what = what;
    self->Arm(it->second, fd);
    return 0;
  }

  static int OnTimer(CURLM*, long timeout_ms, void* userp) {
    auto* self = static_cast<Impl*>(userp);
    self->timer.cancel();
    if (timeout_ms < 0) return 0;
    self->timer.expires_after(std::chrono::milliseconds(timeout_ms));
    self->timer.async_wait([self](const boost::system::error_code& ec) {
      if (ec) return;
      int running = 0;
      curl_multi_socket_action(self->multi, CURL_SOCKET_TIMEOUT, 0, &running);
      self->CheckDone();
    });
    return 0;
  }

  void Arm(const std::shared_ptr<SocketState>& st, curl_socket_t fd) {
    if ((st->what & CURL_POLL_IN) && !st->reading) {
      st->reading = true;
      st->descriptor.async_wait(asio::posix::stream_descriptor::wait_read,
                                [this, st, fd](const boost::system::error_code& ec) {
                                  st->reading = false;
                                  if (ec || st->removed || !(st->what & CURL_POLL_IN)) return;
                                  Act(fd, CURL_CSELECT_IN);
                                  if (!st->removed) Arm(st, fd);
                                });
    }
    if ((st->what & CURL_POLL_OUT) && !st->writing) {
      st->writing = true;
      st->descriptor.async_wait(asio::posix::stream_descriptor::wait_write,
                                [this, st, fd](const boost::system::error_code& ec) {
                                  st->writing = false;
                                  if (ec || st->removed || !(st->what & CURL_POLL_OUT)) return;
                                  Act(fd, CURL_CSELECT_OUT);
                                  if (!st->removed) Arm(st, fd);
                                });
    }
  }

  void Act(curl_socket_t fd, int action) {
    int running = 0;
    curl_multi_socket_action(multi, fd, action, &running);
    CheckDone();
  }

  void CheckDone() {
    CURLMsg* msg;
    int left = 0;
    while ((msg = curl_multi_info_read(multi, &left))) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* easy = msg->easy_handle;
      const CURLcode code = msg->data.result;
      auto it = transfers.find(easy);
      if (it == transfers.end()) continue;
      std::unique_ptr<Transfer> t = std::move(it->second);
      transfers.erase(it);
      curl_multi_remove_handle(multi, easy);
      long status = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      t->response.status = static_cast<int>(status);
      t->response.duration_us = std::chrono::duration_cast<std::chrono::microseconds>(
                                    std::chrono::steady_clock::now() - t->start)
                                    .count();
      t->response.error_kind = ErrorKind(code, *t);
      if (code != CURLE_OK) {
        t->response.error_detail = t->errbuf[0] ? t->errbuf : curl_easy_strerror(code);
        if (t->too_large) {
          t->response.error_detail = "body exceeds " + std::to_string(t->max_body) + " bytes";
        }
      }
      auto done = std::move(t->done);
      HttpResponse response = std::move(t->response);
      t.reset();
      done(std::move(response));
    }
  }

  void AbortAll() {
    for (auto& [easy, t] : transfers) curl_multi_remove_handle(multi, easy);
    transfers.clear();
  }

  asio::io_context& io;
  asio::steady_timer timer;
  CURLM* multi = nullptr;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> transfers;
  std::unordered_map<curl_socket_t, std::shared_ptr<SocketState>> sockets;
};

HttpFetcher::HttpFetcher(asio::io_context& io) : impl_(std::make_unique<Impl>(io)) {}
HttpFetcher::~HttpFetcher() = default;

void HttpFetcher::Fetch(HttpRequest req, std::function<void(HttpResponse)> done) {
  auto t = std::make_unique<Transfer>();
  t->easy = curl_easy_init();
  t->done = std::move(done);
  t->max_body = req.max_body_bytes;
  t->start = std::chrono::steady_clock::now();
  t->response.started_at = NowUs();
  // A request libcurl refuses to set up completes at once (on the io_context,
  // like every other completion) with error kind "other" naming the cause.
  auto refuse = [&](const std::string& detail) {
    HttpResponse response = std::move(t->response);
    response.error_kind = "other";
    response.error_detail = "cannot set up the request: " + detail;
    asio::post(impl_->io, [done = std::move(t->done), response = std::move(response)]() mutable {
      done(std::move(response));
    });
  };
  CURL* e = t->easy;
  if (e == nullptr) return refuse("curl_easy_init failed");
  CURLcode setup = CURLE_OK;  // the first option libcurl refused
  auto set = [&](CURLoption option, auto value) {
    const CURLcode code = curl_easy_setopt(e, option, value);
    if (setup == CURLE_OK) setup = code;
  };
  set(CURLOPT_URL, req.url.c_str());
  set(CURLOPT_PROTOCOLS_STR, "http,https");
  set(CURLOPT_FOLLOWLOCATION, 0L);
  set(CURLOPT_NOSIGNAL, 1L);
  set(CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl can decode
  set(CURLOPT_USERAGENT, req.user_agent.c_str());
  set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(req.connect_timeout_ms));
  set(CURLOPT_TIMEOUT_MS, static_cast<long>(req.total_timeout_ms));
  if (req.low_speed_bytes_per_s > 0 && req.low_speed_time_ms > 0) {
    set(CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(req.low_speed_bytes_per_s));
    set(CURLOPT_LOW_SPEED_TIME, std::max(1L, static_cast<long>(req.low_speed_time_ms / 1000)));
  }
  set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(req.max_body_bytes));
  set(CURLOPT_SSL_VERIFYPEER, req.tls_verify ? 1L : 0L);
  set(CURLOPT_SSL_VERIFYHOST, req.tls_verify ? 2L : 0L);
  if (!req.proxy.empty()) set(CURLOPT_PROXY, req.proxy.c_str());
  if (!req.post_form.empty()) {
    set(CURLOPT_POSTFIELDSIZE, static_cast<long>(req.post_form.size()));
    set(CURLOPT_COPYPOSTFIELDS, req.post_form.c_str());
  }
  for (const auto& h : req.extra_headers) {
    curl_slist* grown = curl_slist_append(t->headers, h.c_str());
    if (grown == nullptr) return refuse("out of memory for the request headers");
    t->headers = grown;
  }
  if (t->headers) set(CURLOPT_HTTPHEADER, t->headers);
  set(CURLOPT_WRITEFUNCTION, &OnBody);
  set(CURLOPT_WRITEDATA, t.get());
  set(CURLOPT_HEADERFUNCTION, &OnHeader);
  set(CURLOPT_HEADERDATA, t.get());
  set(CURLOPT_ERRORBUFFER, t->errbuf);
  if (setup != CURLE_OK) return refuse(curl_easy_strerror(setup));
  const CURLMcode added = curl_multi_add_handle(impl_->multi, e);
  if (added != CURLM_OK) return refuse(curl_multi_strerror(added));
  impl_->transfers.emplace(e, std::move(t));
}

void HttpFetcher::AbortAll() { impl_->AbortAll(); }

size_t HttpFetcher::in_flight() const { return impl_->transfers.size(); }

HttpRequest ConfiguredRequest(const Config& config, std::string url) {
  HttpRequest request;
  request.url = std::move(url);
  request.user_agent = config.user_agent;
  request.proxy = config.proxy;
  request.max_body_bytes = config.limits.max_body_bytes;
  request.connect_timeout_ms = config.limits.connect_timeout_ms;
  request.total_timeout_ms = config.limits.total_timeout_ms;
  request.low_speed_bytes_per_s = config.limits.low_speed_bytes_per_s;
  request.low_speed_time_ms = config.limits.low_speed_time_ms;
  UrlParts parts;
  if (SplitUrl(request.url, &parts).ok()) {
    for (const SiteConfig& site : config.sites) {
      if (std::find(site.hosts.begin(), site.hosts.end(), parts.host) != site.hosts.end()) {
        request.tls_verify = site.tls_verify;
        break;
      }
    }
  }
  return request;
}

HttpResponse FetchBlocking(HttpRequest request) {
  boost::asio::io_context io;
  HttpFetcher fetcher(io);
  HttpResponse response;
  fetcher.Fetch(std::move(request), [&](HttpResponse r) { response = std::move(r); });
  io.run();
  return response;
}

}  // namespace govharvest
