// SPDX-License-Identifier: MIT
// acs-rooms-emulator's network front (programs/emulator/, not installed; needs Boost Beast and
// OpenSSL): the emulator (or any object with its send / refuse_before_body / connection_string)
// served over HTTP or HTTPS with Boost.Beast, one front and one set of limits for both.
#pragma once

#include "server_options.hpp"
#include "session.hpp"
#include "tls.hpp"

#include <acs/rooms.hpp> // the whole client, from include/ or single_include/
#include <acs/rooms/emulator.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// A service behind a Beast server, over plain HTTP or (given a TLS identity) HTTPS. The
/// service is any object with `http_response send(const http_request&)`,
/// `std::optional<http_response> refuse_before_body(const http_request&) const` and
/// `std::string connection_string(const std::string& origin) const`, as `emulator` has.
/// Every method on every path reaches it. Connections wait for requests holding no thread; the
/// service is called on worker threads; a body larger than allowed (413), of no declared length
/// (411) or from a sender who does not authenticate (401), and headers over their cap (431),
/// are refused from the headers, before the body is read, and the connection closed.
/// Bind, then serve on the calling thread (`listen`) or on a thread of its own (`start`).
class emulator_server {
public:
  /// Serves `service` over plain HTTP; `service` must outlive this object. Nothing is bound yet.
  template <class Service,
            class = std::enable_if_t<!std::is_same<std::decay_t<Service>, emulator_server>::value>>
  explicit emulator_server(Service& service, emulator_server_options options = {})
      : emulator_server(service, nullptr, options) {}

  /// Serves `service` over HTTPS with `identity`; `valid()` is false when its PEM could not be
  /// read.
  template <class Service>
  emulator_server(Service& service, const tls_identity& identity,
                  emulator_server_options options = {})
      : emulator_server(service, detail::emu::make_server_context(identity), options) {
    valid_ = shared_->tls != nullptr;
  }

  emulator_server(const emulator_server&) = delete;            ///< owns a socket
  emulator_server& operator=(const emulator_server&) = delete; ///< owns a socket
  /// Stops serving, joins the threads and waits for the service calls under way.
  ~emulator_server() {
    stop();
    if (thread_.joinable()) {
      thread_.join();
    }
    workers_.join();
  }

  /// True unless a TLS identity was given and was not usable.
  [[nodiscard]] bool valid() const noexcept { return valid_; }

  /// Binds to `host` (an IPv4 or IPv6 address) and `port` (0: a free one); the port bound, or
  /// -1 when it cannot listen there.
  int bind(const std::string& host = "127.0.0.1", int port = 0) {
    namespace ip = boost::asio::ip;
    boost::system::error_code ec;
    const auto address = ip::make_address(host, ec);
    if (!valid_ || ec || port < 0 || port > 65535) {
      return -1;
    }
    const ip::tcp::endpoint where(address, static_cast<unsigned short>(port));
    acceptor_.open(where.protocol(), ec);
    if (!ec) {
      acceptor_.set_option(ip::tcp::acceptor::reuse_address(true), ec);
      acceptor_.bind(where, ec);
    }
    if (!ec) {
      acceptor_.listen(boost::asio::socket_base::max_listen_connections, ec);
    }
    const int bound = ec ? -1 : acceptor_.local_endpoint(ec).port();
    if (ec || bound <= 0) {
      acceptor_.close(ec);
      return -1;
    }
    const bool ipv6 = address.is_v6();
    shared_->authority = (ipv6 ? "[" + host + "]" : host) + ':' + std::to_string(bound);
    return bound;
  }

  /// "http://host:port" (or https://) once bound, e.g. "http://127.0.0.1:41234".
  [[nodiscard]] std::string origin() const { return shared_->scheme + "://" + shared_->authority; }

  /// The served service's connection string, for make_client or an official SDK.
  [[nodiscard]] std::string connection_string() const { return connection_string_(origin()); }

  /// The options in force (defaults filled in).
  [[nodiscard]] const emulator_server_options& options() const noexcept { return shared_->options; }

  /// Calls `observer` with every request (and the client's port) before the service sees it,
  /// on a worker thread; set it before serving.
  void on_request(std::function<void(const http_request&, unsigned short remote_port)> observer) {
    shared_->observe = std::move(observer);
  }

  /// Connections held now.
  [[nodiscard]] std::size_t connections() const {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    return shared_->connections;
  }

  /// Serves on the calling thread (and `io_threads - 1` more) until stop(); false when the
  /// server ended on its own (or was never bound).
  bool listen() {
    if (!acceptor_.is_open()) {
      return false;
    }
    if (!stopping_) {
      accept();
      std::vector<std::thread> more;
      for (std::size_t i = 1; i < shared_->options.io_threads; ++i) {
        more.emplace_back([this] { io_.run(); });
      }
      io_.run();
      for (auto& t : more) {
        t.join();
      }
    }
    return stopping_;
  }

  /// Serves on a thread of its own until stop() or destruction.
  void start() {
    thread_ = std::thread([this] { listen(); }); // a stop() before it runs stops io_ at once
  }

  /// Stops serving; callable from any thread, and more than once.
  void stop() {
    stopping_ = true;
    io_.stop(); // a later run() returns at once too
  }

private:
  template <class Service>
  emulator_server(Service& service, std::shared_ptr<boost::asio::ssl::context> tls,
                  const emulator_server_options& options)
      : shared_(std::make_shared<detail::emu::front_shared>()),
        workers_(detail::emu::complete(options).workers), acceptor_(io_), timer_(io_) {
    shared_->options = detail::emu::complete(options);
    shared_->tls = std::move(tls);
    shared_->scheme = shared_->tls ? "https" : "http";
    shared_->send = [&service](const http_request& r) { return service.send(r); };
    shared_->refuse = [&service](const http_request& r) { return service.refuse_before_body(r); };
    shared_->workers = &workers_;
    connection_string_ = [&service](const std::string& o) { return service.connection_string(o); };
  }

  void accept() {
    acceptor_.async_accept(
        boost::asio::make_strand(io_),
        [this](boost::system::error_code ec, boost::asio::ip::tcp::socket socket) {
          if (!acceptor_.is_open() || stopping_) {
            return;
          }
          if (ec) { // out of descriptors, say: try again in a moment, not in a busy loop
            timer_.expires_after(std::chrono::milliseconds(10));
            timer_.async_wait([this](boost::system::error_code) { accept(); });
            return;
          }
          serve(std::move(socket));
          accept();
        });
  }

  void serve(boost::asio::ip::tcp::socket socket) {
    boost::system::error_code ec;
    if (shared_->options.tcp_nodelay) {
      socket.set_option(boost::asio::ip::tcp::no_delay(true), ec);
    }
    if (!shared_->admit()) {
      socket.close(ec);
      return;
    }
    if (shared_->tls) {
      std::make_shared<detail::emu::tls_session>(std::move(socket), shared_)->run();
    } else {
      std::make_shared<detail::emu::plain_session>(std::move(socket), shared_)->run();
    }
  }

  bool valid_ = true;
  std::shared_ptr<detail::emu::front_shared> shared_;
  std::function<std::string(const std::string&)> connection_string_;
  boost::asio::io_context io_;       // before what uses it: destroyed after them
  boost::asio::thread_pool workers_; // service calls; joined before io_ goes
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer timer_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

/// The front over plain HTTP (`emulator_server(service, options)`).
using emulator_http_server = emulator_server;
/// The front over HTTPS (`emulator_server(service, identity, options)`).
using emulator_https_server = emulator_server;

ACS_ROOMS_NAMESPACE_END
