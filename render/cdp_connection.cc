// CDP over a Beast WebSocket: synchronous connect and write, reads with a
// time limit (an asynchronous read run on the connection's own io_context
// for at most the time given).

#include "render/cdp_connection.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

namespace govharvest {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using nlohmann::json;

struct CdpConnection::Impl {
  asio::io_context io;
  std::unique_ptr<websocket::stream<beast::tcp_stream>> ws;
  beast::flat_buffer buffer;
  bool failed = false;
  bool read_pending = false;  // an async_read was started and has not completed
  bool read_done = false;
  beast::error_code read_error;
};

CdpConnection::CdpConnection() : impl_(std::make_unique<Impl>()) {}

CdpConnection::~CdpConnection() {
  if (impl_->ws && impl_->ws->is_open()) {
    beast::error_code ignored;
    beast::get_lowest_layer(*impl_->ws).socket().close(ignored);
  }
}

bool CdpConnection::connected() const { return impl_->ws && impl_->ws->is_open() && !impl_->failed; }

Status CdpConnection::Connect(const std::string& ws_url) {
  // ws://HOST:PORT/PATH
  const std::string prefix = "ws://";
  if (ws_url.rfind(prefix, 0) != 0) return Status::InvalidArgument("not a ws:// URL: " + ws_url);
  const size_t slash = ws_url.find('/', prefix.size());
  const std::string authority = ws_url.substr(prefix.size(), slash - prefix.size());
  const std::string path = slash == std::string::npos ? "/" : ws_url.substr(slash);
  const size_t colon = authority.rfind(':');
  if (colon == std::string::npos) return Status::InvalidArgument("no port in " + ws_url);
  const std::string host = authority.substr(0, colon), port = authority.substr(colon + 1);
  try {
    asio::ip::tcp::resolver resolver(impl_->io);
    impl_->ws = std::make_unique<websocket::stream<beast::tcp_stream>>(impl_->io);
    beast::get_lowest_layer(*impl_->ws).expires_after(std::chrono::seconds(10));
    beast::get_lowest_layer(*impl_->ws).connect(resolver.resolve(host, port));
    beast::get_lowest_layer(*impl_->ws).expires_never();
    impl_->ws->read_message_max(256 << 20);  // a DOM or a response body in base64
    impl_->ws->handshake(authority, path);
  } catch (const std::exception& e) {
    impl_->failed = true;
    return Status::IoError("DevTools connection to " + ws_url + ": " + e.what());
  }
  impl_->failed = false;
  return Status::Ok();
}

Status CdpConnection::Send(const std::string& method, const json& params, const std::string& session_id) {
  if (!connected()) return Status::IoError("the DevTools connection is closed");
  json message{{"id", next_id_++}, {"method", method}, {"params", params}};
  if (!session_id.empty()) message["sessionId"] = session_id;
  beast::error_code ec;
  impl_->ws->write(asio::buffer(message.dump()), ec);
  if (ec) {
    impl_->failed = true;
    return Status::IoError("DevTools write (" + method + "): " + ec.message());
  }
  return Status::Ok();
}

// A read that did not finish in time stays pending: the next call waits on
// it again, so no message is ever lost to a cancelled read.
bool CdpConnection::ReadMessage(std::chrono::milliseconds timeout, json* message) {
  if (!connected()) return false;
  if (!impl_->read_pending) {
    impl_->read_pending = true;
    impl_->read_done = false;
    impl_->ws->async_read(impl_->buffer, [impl = impl_.get()](beast::error_code ec, size_t) {
      impl->read_done = true;
      impl->read_error = ec;
    });
  }
  impl_->io.restart();
  impl_->io.run_for(timeout);
  if (!impl_->read_done) return false;
  impl_->read_pending = false;
  if (impl_->read_error) {
    impl_->failed = true;
    return false;
  }
  const std::string text = beast::buffers_to_string(impl_->buffer.data());
  impl_->buffer.consume(impl_->buffer.size());
  *message = json::parse(text, nullptr, false);
  return !message->is_discarded();
}

Status CdpConnection::Call(const std::string& method, const json& params, const std::string& session_id,
                           json* result, std::chrono::milliseconds timeout) {
  const int64_t id = next_id_;
  GOVHARVEST_RETURN_IF_ERROR(Send(method, params, session_id));
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Status::IoError("no answer to " + method + " within " + std::to_string(timeout.count()) + " ms");
    json message;
    if (!ReadMessage(left, &message)) {
      if (!connected()) return Status::IoError("the DevTools connection failed during " + method);
      continue;
    }
    if (message.contains("id")) {
      if (message["id"].get<int64_t>() != id) continue;  // the answer to a Send
      if (message.contains("error")) {
        return Status::Unsupported(method + ": " + message["error"].value("message", std::string("error")));
      }
      if (result != nullptr) *result = message.value("result", json::object());
      return Status::Ok();
    }
    events_.push_back(std::move(message));
  }
}

std::optional<json> CdpConnection::NextEvent(std::chrono::milliseconds timeout) {
  if (!events_.empty()) {
    json e = std::move(events_.front());
    events_.pop_front();
    return e;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    json message;
    if (!ReadMessage(left, &message)) return std::nullopt;
    if (message.contains("id")) continue;  // answers to Sends
    return message;
  }
}

}  // namespace govharvest
