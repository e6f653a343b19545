// The portal simulator (govharvest-portal) as a child process, and a small
// blocking HTTP client for talking to it. Shared by the portal and harvest
// tests.
#ifndef GOVHARVEST_TESTS_PORTAL_PROCESS_H_
#define GOVHARVEST_TESTS_PORTAL_PROCESS_H_

#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace govharvest::testing {

// Starts govharvest-portal with `--root <source dir>` and `extra_args`, and
// reads its ready line (at most 20 s). SIGTERM and wait on destruction.
class PortalProcess {
 public:
  explicit PortalProcess(const std::vector<std::string>& extra_args);
  ~PortalProcess();
  PortalProcess(const PortalProcess&) = delete;
  PortalProcess& operator=(const PortalProcess&) = delete;

  bool ok() const { return ready_.is_object() && ready_.contains("port"); }
  // {"port": N, "sites": {name: base URL}, "manifest": URL}
  const nlohmann::json& ready() const { return ready_; }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  nlohmann::json ready_;
};

struct Reply {
  long status = 0;  // 0: no answer (connection reset, timeout)
  std::string body;
  std::string content_type;
  std::string location;
  long new_connections = 0;
};

// One libcurl easy handle: requests through it reuse its connection. No
// proxy, 10 s timeout.
class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  Reply Get(const std::string& url) { return Do(url, nullptr); }
  Reply Post(const std::string& url, const std::string& form) { return Do(url, &form); }
  // GET, retried up to `attempts` times on no answer or 503 (the flaky site).
  Reply GetRetrying(const std::string& url, int attempts = 6);
  // GET of a JSON document; a discarded value when it is not JSON.
  nlohmann::json GetJson(const std::string& url);

 private:
  Reply Do(const std::string& url, const std::string* form);
  void* curl_;
};

}  // namespace govharvest::testing

#endif  // GOVHARVEST_TESTS_PORTAL_PROCESS_H_
