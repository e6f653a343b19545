// A Chrome DevTools Protocol connection (issue 17): JSON messages over the
// browser's WebSocket (Boost.Beast). One background thread runs the socket:
// it reads every message, files answers by command id and events by the
// session (tab) they belong to, and writes queued commands one at a time.
// Any number of threads may call, each waiting only for its own answers and
// its own tab's events, so several tabs render at once.
#ifndef GOVHARVEST_RENDER_CDP_CONNECTION_H_
#define GOVHARVEST_RENDER_CDP_CONNECTION_H_

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "store/status.h"

namespace govharvest {

class CdpConnection {
 public:
  CdpConnection();
  ~CdpConnection();  // closes the socket and joins the thread
  CdpConnection(const CdpConnection&) = delete;
  CdpConnection& operator=(const CdpConnection&) = delete;

  // Connects to "ws://127.0.0.1:PORT/devtools/browser/ID" and starts the thread.
  Status Connect(const std::string& ws_url);
  // False once the socket failed or closed; every waiting call then returns.
  bool connected() const;

  // Sends a command and waits for its answer: the `result` object, or
  // IoError when the connection fails or no answer comes within `timeout`,
  // Unsupported (with the protocol's message) when the browser answers with
  // an error. Thread-safe.
  Status Call(const std::string& method, const nlohmann::json& params, const std::string& session_id,
              nlohmann::json* result, std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // Sends a command without waiting for its answer. Thread-safe.
  Status Send(const std::string& method, const nlohmann::json& params, const std::string& session_id);

  // The next event of `session_id` ("" for the browser's own), in arrival
  // order, waiting at most `timeout`; nullopt when none came or the
  // connection failed. Thread-safe.
  std::optional<nlohmann::json> NextEvent(const std::string& session_id, std::chrono::milliseconds timeout);
  // Forgets a closed tab's events, queued and to come.
  void DropSession(const std::string& session_id);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace govharvest

#endif  // GOVHARVEST_RENDER_CDP_CONNECTION_H_
