// CDP over a Beast WebSocket: one io thread reads in a loop and writes from a
// queue; callers wait on a condition variable for their answers and events.

#include "render/cdp_connection.h"

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace govharvest {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using nlohmann::json;

struct CdpConnection::Impl {
  asio::io_context io;
  std::unique_ptr<websocket::stream<beast::tcp_stream>> ws;
  beast::flat_buffer buffer;
  std::thread thread;
  std::deque<std::string> writes;  // io thread only: the queue; front() is being written

  // Shared with callers, under mu.
  std::mutex mu;
  std::condition_variable changed;
  std::map<int64_t, json> answers;                   // by command id
  std::map<std::string, std::deque<json>> events;    // by session id
  std::set<std::string> dropped;                     // closed tabs
  std::set<int64_t> unawaited;                       // ids of Sends: their answers are dropped
  std::atomic<bool> open{false};
  std::atomic<int64_t> next_id{1};

  void Fail() {
    {
      std::lock_guard<std::mutex> lock(mu);
      open = false;
    }
    changed.notify_all();
  }

  void ReadLoop() {
    ws->async_read(buffer, [this](beast::error_code ec, size_t) {
      if (ec) return Fail();
      json message = json::parse(beast::buffers_to_string(buffer.data()), nullptr, false);
      buffer.consume(buffer.size());
      if (message.is_object()) {
        std::lock_guard<std::mutex> lock(mu);
        if (message.contains("id") && message["id"].is_number_integer()) {
          const int64_t id = message["id"].get<int64_t>();
          if (unawaited.erase(id) == 0) answers[id] = std::move(message);
        } else {
          const std::string session = message.value("sessionId", "");
          if (!dropped.count(session)) events[session].push_back(std::move(message));
        }
      }
      changed.notify_all();
      ReadLoop();
    });
  }

  // io thread: writes the front of the queue, then the next.
  void WriteNext() {
    if (writes.empty()) return;
    ws->async_write(asio::buffer(writes.front()), [this](beast::error_code ec, size_t) {
      if (ec) return Fail();
      writes.pop_front();
      WriteNext();
    });
  }
};

CdpConnection::CdpConnection() : impl_(std::make_unique<Impl>()) {}

CdpConnection::~CdpConnection() {
  if (impl_->thread.joinable()) {
    asio::post(impl_->io, [impl = impl_.get()] {
      beast::error_code ignored;
      beast::get_lowest_layer(*impl->ws).socket().close(ignored);
    });
    impl_->io.stop();
    impl_->thread.join();
  }
}

bool CdpConnection::connected() const { return impl_->open.load(); }

Status CdpConnection::Connect(const std::string& ws_url) {
  const std::string prefix = "ws://";
  if (ws_url.rfind(prefix, 0) != 0) return Status::InvalidArgument("not a ws:// URL: " + ws_url);
  const size_t slash = ws_url.find('/', prefix.size());
  const std::string authority = ws_url.substr(prefix.size(), slash - prefix.size());
  const std::string path = slash == std::string::npos ? "/" : ws_url.substr(slash);
  const size_t colon = authority.rfind(':');
  if (colon == std::string::npos) return Status::InvalidArgument("no port in " + ws_url);
  try {
    asio::ip::tcp::resolver resolver(impl_->io);
    impl_->ws = std::make_unique<websocket::stream<beast::tcp_stream>>(impl_->io);
    beast::get_lowest_layer(*impl_->ws).expires_after(std::chrono::seconds(10));
    beast::get_lowest_layer(*impl_->ws).connect(resolver.resolve(authority.substr(0, colon), authority.substr(colon + 1)));
    beast::get_lowest_layer(*impl_->ws).expires_never();
    impl_->ws->read_message_max(256 << 20);  // a DOM or a response body in base64
    impl_->ws->handshake(authority, path);
  } catch (const std::exception& e) {
    return Status::IoError("DevTools connection to " + ws_url + ": " + e.what());
  }
  impl_->open = true;
  impl_->ReadLoop();
  impl_->thread = std::thread([impl = impl_.get()] {
    impl->io.run();
    impl->Fail();
  });
  return Status::Ok();
}

Status CdpConnection::Send(const std::string& method, const json& params, const std::string& session_id) {
  if (!connected()) return Status::IoError("the DevTools connection is closed");
  const int64_t id = impl_->next_id++;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->unawaited.insert(id);
  }
  json message{{"id", id}, {"method", method}, {"params", params}};
  if (!session_id.empty()) message["sessionId"] = session_id;
  asio::post(impl_->io, [impl = impl_.get(), text = message.dump()]() mutable {
    impl->writes.push_back(std::move(text));
    if (impl->writes.size() == 1) impl->WriteNext();
  });
  return Status::Ok();
}

Status CdpConnection::Call(const std::string& method, const json& params, const std::string& session_id,
                           json* result, std::chrono::milliseconds timeout) {
  if (!connected()) return Status::IoError("the DevTools connection is closed");
  const int64_t id = impl_->next_id++;
  json message{{"id", id}, {"method", method}, {"params", params}};
  if (!session_id.empty()) message["sessionId"] = session_id;
  asio::post(impl_->io, [impl = impl_.get(), text = message.dump()]() mutable {
    impl->writes.push_back(std::move(text));
    if (impl->writes.size() == 1) impl->WriteNext();
  });
  std::unique_lock<std::mutex> lock(impl_->mu);
  impl_->changed.wait_for(lock, timeout, [&] { return impl_->answers.count(id) || !impl_->open; });
  auto it = impl_->answers.find(id);
  if (it == impl_->answers.end()) {
    if (!impl_->open) return Status::IoError("the DevTools connection failed during " + method);
    return Status::IoError("no answer to " + method + " within " + std::to_string(timeout.count()) + " ms");
  }
  json answer = std::move(it->second);
  impl_->answers.erase(it);
  lock.unlock();
  if (answer.contains("error")) {
    return Status::Unsupported(method + ": " + answer["error"].value("message", std::string("error")));
  }
  if (result != nullptr) *result = answer.value("result", json::object());
  return Status::Ok();
}

std::optional<json> CdpConnection::NextEvent(const std::string& session_id, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(impl_->mu);
  impl_->changed.wait_for(lock, timeout, [&] {
    auto it = impl_->events.find(session_id);
    return (it != impl_->events.end() && !it->second.empty()) || !impl_->open;
  });
  auto it = impl_->events.find(session_id);
  if (it == impl_->events.end() || it->second.empty()) return std::nullopt;
  json event = std::move(it->second.front());
  it->second.pop_front();
  return event;
}

void CdpConnection::DropSession(const std::string& session_id) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->events.erase(session_id);
  impl_->dropped.insert(session_id);
}

}  // namespace govharvest
