// A Chrome DevTools Protocol connection (issue 17): JSON messages over the
// browser's WebSocket (Boost.Beast), commands matched to their answers by
// id, events queued in arrival order. Sessions are flat: a command for a tab
// carries the tab's sessionId. Blocking calls with time limits; used by one
// thread at a time.
#ifndef GOVHARVEST_RENDER_CDP_CONNECTION_H_
#define GOVHARVEST_RENDER_CDP_CONNECTION_H_

#include <chrono>
#include <deque>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "store/status.h"

namespace govharvest {

class CdpConnection {
 public:
  CdpConnection();
  ~CdpConnection();
  CdpConnection(const CdpConnection&) = delete;
  CdpConnection& operator=(const CdpConnection&) = delete;

  // Connects to "ws://127.0.0.1:PORT/devtools/browser/ID".
  Status Connect(const std::string& ws_url);
  bool connected() const;

  // Sends a command and waits for its answer: the `result` object, or
  // IoError when the connection fails or no answer comes within `timeout`,
  // Unsupported (with the protocol's message) when the browser answers with
  // an error. Events arriving meanwhile are queued for NextEvent.
  Status Call(const std::string& method, const nlohmann::json& params, const std::string& session_id,
              nlohmann::json* result, std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // Sends a command without waiting for its answer (answers to it are dropped).
  Status Send(const std::string& method, const nlohmann::json& params, const std::string& session_id);

  // The next event ({"method", "params", "sessionId"}), waiting at most
  // `timeout`; nullopt when none came (or the connection failed: see connected()).
  std::optional<nlohmann::json> NextEvent(std::chrono::milliseconds timeout);

 private:
  struct Impl;
  // Reads one message within `timeout`; false on timeout or failure.
  bool ReadMessage(std::chrono::milliseconds timeout, nlohmann::json* message);

  std::unique_ptr<Impl> impl_;
  std::deque<nlohmann::json> events_;
  int64_t next_id_ = 1;
};

}  // namespace govharvest

#endif  // GOVHARVEST_RENDER_CDP_CONNECTION_H_
