// The HTTP/1.1 server of the portal simulator: one listening socket per site
// (each on its own loopback address, all on the same port), Boost.Beast
// asynchronous sessions with keep-alive and Content-Length.
#ifndef GOVHARVEST_APP_PORTAL_PORTAL_SERVER_H_
#define GOVHARVEST_APP_PORTAL_PORTAL_SERVER_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace govharvest::portal {

struct HttpRequest {
  std::string method;  // "GET", "POST", "HEAD", ...
  std::string target;  // path and query as sent
  std::string body;
  std::string content_type;
  // The host the request is for: from an absolute-form request line (a proxy
  // client's "GET http://host/path HTTP/1.1"; `target` is then "/path"), else
  // from the Host header. May carry ":port". "" when neither gives one.
  std::string host;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int delay_ms = 0;    // wait this long before answering
  bool reset = false;  // close the connection with a TCP reset instead of answering
};

// A response of `status` with one Content-Type header and `body`.
inline HttpResponse TextResponse(int status, const std::string& type, std::string body) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", type}};
  r.body = std::move(body);
  return r;
}

// Called for every request; `listener` is the index of the address it came in on.
// May be called from several threads at once.
using Handler = std::function<HttpResponse(size_t listener, const HttpRequest& request)>;

class PortalServer {
 public:
  // Binds every address on `port`; port 0 picks a free port (the first
  // address is bound on port 0, the others on the port it got). Throws
  // std::runtime_error when binding fails.
  PortalServer(const std::vector<std::string>& addresses, int port, Handler handler);
  ~PortalServer();
  PortalServer(const PortalServer&) = delete;
  PortalServer& operator=(const PortalServer&) = delete;

  int port() const;
  // Serves on `threads` threads until SIGINT or SIGTERM arrives or Stop() is called.
  void Run(int threads);
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace govharvest::portal

#endif  // GOVHARVEST_APP_PORTAL_PORTAL_SERVER_H_
