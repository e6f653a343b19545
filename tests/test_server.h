// A small HTTP/1.1 server on 127.0.0.1 and a free port, for tests. Each
// connection is served on its own thread; keep-alive is supported. It records
// every request with the time it arrived.
#ifndef GOVHARVEST_TESTS_TEST_SERVER_H_
#define GOVHARVEST_TESTS_TEST_SERVER_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace govharvest::testing {

struct ServedRequest {
  std::string method;
  std::string target;  // path and query
  std::map<std::string, std::string> headers;  // lower-case names
  int64_t received_us = 0;  // steady clock
  int64_t finished_us = 0;  // when the response was fully sent
};

struct ServedResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int delay_ms = 0;          // before the response starts
  int drip_bytes_per_s = 0;  // > 0: send the body this slowly
  bool reset = false;        // close the connection without answering
};

class TestServer {
 public:
  using Handler = std::function<ServedResponse(const ServedRequest&)>;
  explicit TestServer(Handler handler);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path) const;
  std::vector<ServedRequest> requests() const;
  std::vector<ServedRequest> requests_for(const std::string& target) const;
  int max_concurrent() const { return max_concurrent_.load(); }

 private:
  void AcceptLoop();
  void Serve(int fd);

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> concurrent_{0};
  std::atomic<int> max_concurrent_{0};
  mutable std::mutex mu_;
  std::vector<ServedRequest> requests_;
  std::vector<int> connections_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

// gzip of `n` zero bytes.
std::string GzipZeros(size_t n);

}  // namespace govharvest::testing

#endif  // GOVHARVEST_TESTS_TEST_SERVER_H_
