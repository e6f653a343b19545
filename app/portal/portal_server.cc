#include "app/portal/portal_server.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <csignal>
#include <optional>
#include <stdexcept>
#include <thread>

namespace govharvest::portal {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, size_t listener, const Handler& handler)
      : stream_(std::move(socket)), timer_(stream_.get_executor()), listener_(listener), handler_(handler) {}

  void Start() {
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(4 << 20);
    stream_.expires_after(std::chrono::seconds(60));
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec == http::error::end_of_stream) return Close();
    if (ec) return;
    http::request<http::string_body>& req = parser_->get();
    HttpRequest request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    if (auto it = req.find(http::field::host); it != req.end()) request.host = std::string(it->value());
    // Absolute form (RFC 9112 3.2.2), as clients send it to a proxy: the URL's
    // authority wins over the Host header.
    if (request.target.size() > 7 && beast::iequals(request.target.substr(0, 7), "http://")) {
      const size_t slash = request.target.find('/', 7);
      request.host = request.target.substr(7, slash == std::string::npos ? std::string::npos : slash - 7);
      request.target = slash == std::string::npos ? "/" : request.target.substr(slash);
    }
    request.body = req.body();
    if (auto it = req.find(http::field::content_type); it != req.end()) request.content_type = std::string(it->value());
    HttpResponse out;
    try {
      out = handler_(listener_, request);
    } catch (const std::exception& e) {
      out = HttpResponse{};
      out.status = 500;
      out.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
      out.body = std::string("internal error: ") + e.what() + "\n";
    }
    if (out.reset) {
      beast::error_code ignored;
      stream_.socket().set_option(net::socket_base::linger(true, 0), ignored);
      stream_.socket().close(ignored);
      return;
    }
    response_ = {};
    response_.version(req.version());
    response_.result(static_cast<unsigned>(out.status));
    for (const auto& [name, value] : out.headers) response_.set(name, value);
    response_.keep_alive(req.keep_alive());
    response_.body() = std::move(out.body);
    response_.prepare_payload();
    if (req.method() == http::verb::head) {
      const auto n = response_.body().size();
      response_.body().clear();
      response_.content_length(n);
    }
    if (out.delay_ms > 0) {
      timer_.expires_after(std::chrono::milliseconds(out.delay_ms));
      timer_.async_wait([self = shared_from_this()](beast::error_code) { self->Write(); });
    } else {
      Write();
    }
  }

  void Write() {
    stream_.expires_after(std::chrono::seconds(60));
    http::async_write(stream_, response_, beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
  }

  void OnWrite(beast::error_code ec, size_t) {
    if (ec) return;
    if (!response_.keep_alive()) return Close();
    Read();
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  net::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  size_t listener_;
  const Handler& handler_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, size_t index, const Handler& handler)
      : ioc_(ioc), acceptor_(net::make_strand(ioc)), index_(index), handler_(handler) {}

  // Binds and listens; returns false (with `error`) on failure.
  bool Bind(const std::string& address, int port, std::string* error) {
    beast::error_code ec;
    const tcp::endpoint endpoint(net::ip::make_address(address, ec), static_cast<unsigned short>(port));
    if (ec) {
      *error = "bad address " + address + ": " + ec.message();
      return false;
    }
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      *error = "cannot listen on " + address + ":" + std::to_string(port) + ": " + ec.message();
      beast::error_code ignored;
      acceptor_.close(ignored);
      return false;
    }
    return true;
  }

  int port() const { return acceptor_.local_endpoint().port(); }

  void Accept() {
    acceptor_.async_accept(net::make_strand(ioc_), beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
  }

  void Close() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ignored;
      self->acceptor_.close(ignored);
    });
  }

 private:
  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec) {
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::make_shared<Session>(std::move(socket), index_, handler_)->Start();
    }
    Accept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  size_t index_;
  const Handler& handler_;
};

}  // namespace

struct PortalServer::Impl {
  net::io_context ioc;
  std::optional<net::signal_set> signals;
  Handler handler;
  std::vector<std::shared_ptr<Listener>> listeners;
  int port = 0;
};

PortalServer::PortalServer(const std::vector<std::string>& addresses, int port, Handler handler)
    : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  std::string error;
  for (int attempt = 0; attempt < 50; ++attempt) {
    impl_->listeners.clear();
    int chosen = port;
    bool ok = true;
    for (size_t i = 0; i < addresses.size() && ok; ++i) {
      auto listener = std::make_shared<Listener>(impl_->ioc, i, impl_->handler);
      ok = listener->Bind(addresses[i], chosen, &error);
      if (ok && chosen == 0) chosen = listener->port();
      if (ok) impl_->listeners.push_back(std::move(listener));
    }
    if (ok) {
      impl_->port = chosen;
      for (auto& l : impl_->listeners) l->Accept();
      // Caught from now on, handled once Run() runs.
      impl_->signals.emplace(impl_->ioc, SIGINT, SIGTERM);
      impl_->signals->async_wait([this](beast::error_code ec, int) {
        if (!ec) Stop();
      });
      return;
    }
    if (port != 0) break;  // a fixed port that is taken: no point in retrying
  }
  throw std::runtime_error(error);
}

PortalServer::~PortalServer() = default;

int PortalServer::port() const { return impl_->port; }

void PortalServer::Run(int threads) {
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : pool) t.join();
}

void PortalServer::Stop() {
  for (auto& l : impl_->listeners) l->Close();
  impl_->ioc.stop();
}

}  // namespace govharvest::portal
