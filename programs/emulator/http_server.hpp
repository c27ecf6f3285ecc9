// SPDX-License-Identifier: MIT
// acs-rooms-emulator's network front (programs/emulator/, not installed; needs cpp-httplib): the
// emulator served over HTTP, on loopback.
#pragma once

#include "connection_loop.hpp"
#include "httplib_bridge.hpp"

#include <acs/rooms.hpp> // the whole client, from include/ or single_include/
#include <acs/rooms/emulator.hpp>

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// How `emulator_http_server` treats connections. Every field has a working default.
struct emulator_server_options {
  /// A request, once its first byte is read, must arrive whole within this (headers and body):
  /// a trickling client loses its connection. Each response must be written within it too.
  std::chrono::milliseconds read_timeout{5000};
  /// A connection with no request for this long is closed (the first request included).
  std::chrono::milliseconds idle_timeout{5000};
  /// Larger bodies are answered 413 from their Content-Length, before any byte of them is read.
  std::size_t max_body_bytes = 4U << 20U;
  /// Threads that serve requests. Idle connections wait in one event loop and hold none; a
  /// thread is busy only while a request is read, answered and written. 0: 4 per CPU, at least 16.
  std::size_t workers = 0;
  /// Requests served on one connection before it is closed (0: no limit).
  std::size_t max_requests_per_connection = 100000;
  /// Connections held at once; one more is closed as soon as it is accepted.
  std::size_t max_connections = 4096;
  /// TCP_NODELAY on every accepted connection (else Nagle and delayed ACK cost ~40 ms a request).
  bool tcp_nodelay = true;
};

/// An `emulator` behind a cpp-httplib server: plain HTTP, so meant for loopback. Every method
/// on every path reaches the emulator, which answers 404 or 405 where the service would.
/// Bind, then serve on the calling thread (`listen`) or on a thread of its own (`start`).
/// On Linux idle connections wait in one epoll loop, so many of them starve no request; a
/// body larger than allowed (413), of no declared length (411) or from a sender who does not
/// authenticate (401) is refused from the headers, before it is read, and the connection closed.
class emulator_http_server {
public:
  /// Serves `service`, which must outlive this object. Nothing is bound yet.
  template <class Service>
  explicit emulator_http_server(Service& service, emulator_server_options options = {})
      : service_(detail::emu::served_service::of(service)), options_(complete(options)),
        server_(*this) {
    const auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      detail::emu::to_httplib(service_.send(detail::emu::from_httplib(req, authority_)), res);
    };
    server_.Get(".*", handler);
    server_.Post(".*", handler);
    server_.Patch(".*", handler);
    server_.Delete(".*", handler);
    server_.Put(".*", handler);
    server_.Options(".*", handler);
    // A refusal decided from the headers is answered before routing (so before the body is
    // read), and to an "Expect: 100-continue" instead of the 100.
    server_.set_pre_routing_handler([](const httplib::Request&, httplib::Response& res) {
      auto* early = detail::emu::current_early();
      if (early == nullptr || !*early) {
        return httplib::Server::HandlerResponse::Unhandled;
      }
      detail::emu::to_httplib(**early, res);
      return httplib::Server::HandlerResponse::Handled;
    });
    server_.set_expect_100_continue_handler([](const httplib::Request&, httplib::Response& res) {
      auto* early = detail::emu::current_early();
      if (early == nullptr || !*early) {
        return 100;
      }
      detail::emu::to_httplib(**early, res);
      return res.status;
    });
    const auto seconds = [](std::chrono::milliseconds ms) {
      return static_cast<time_t>(std::max<long long>(1, (ms.count() + 999) / 1000));
    };
    server_.set_tcp_nodelay(options_.tcp_nodelay);
    server_.set_read_timeout(
        std::chrono::duration_cast<std::chrono::microseconds>(options_.read_timeout));
    server_.set_write_timeout(
        std::chrono::duration_cast<std::chrono::microseconds>(options_.read_timeout));
    server_.set_keep_alive_timeout(seconds(options_.idle_timeout));
    server_.set_keep_alive_max_count(options_.max_requests_per_connection == 0
                                         ? std::size_t(1) << 30U
                                         : options_.max_requests_per_connection);
    server_.set_payload_max_length(options_.max_body_bytes);
#if defined(ACS_ROOMS_EMULATOR_EVENT_LOOP)
    server_.new_task_queue = [] { return new detail::emu::inline_queue; };
#else
    server_.new_task_queue = [n = options_.workers] { return new httplib::ThreadPool(n); };
#endif
  }
  emulator_http_server(const emulator_http_server&) = delete;            ///< owns a socket
  emulator_http_server& operator=(const emulator_http_server&) = delete; ///< owns a socket
  /// Stops serving and joins the thread `start` made.
  ~emulator_http_server() {
    stop();
    if (thread_.joinable()) {
      thread_.join();
    }
  }

  /// Binds to `host` (an IPv4 or IPv6 address) and `port` (0: a free one); the port bound, or
  /// -1 when it cannot listen there.
  int bind(const std::string& host = "127.0.0.1", int port = 0) {
    port =
        port == 0 ? server_.bind_to_any_port(host) : (server_.bind_to_port(host, port) ? port : -1);
    if (port <= 0) {
      return -1;
    }
    server_.raise_backlog();
    const bool ipv6 = host.find(':') != std::string::npos;
    authority_ = (ipv6 ? "[" + host + "]" : host) + ':' + std::to_string(port);
    return port;
  }

  /// "http://host:port" once bound, e.g. "http://127.0.0.1:41234".
  [[nodiscard]] std::string origin() const { return "http://" + authority_; }

  /// The served emulator's connection string, for make_client or an official SDK.
  [[nodiscard]] std::string connection_string() const {
    return service_.connection_string(origin());
  }

  /// The options in force (defaults filled in).
  [[nodiscard]] const emulator_server_options& options() const noexcept { return options_; }

  /// Serves on the calling thread until stop(); false when the server ended on its own.
  bool listen() {
    listening_ = true;
    if (!stopping_) {
#if defined(ACS_ROOMS_EMULATOR_EVENT_LOOP)
      if (loop_.start(options_.workers, options_.max_connections, options_.idle_timeout,
                      [this](detail::emu::connection& c) { return serve_one(c); })) {
        server_.listen_after_bind();
      }
      loop_.stop();
#else
      server_.listen_after_bind();
#endif
    }
    listening_ = false;
    return stopping_;
  }

  /// Serves on a thread of its own until stop() or destruction.
  void start() {
    listening_ = true; // before the thread runs, so that an early stop() waits for it
    thread_ = std::thread([this] { listen(); });
  }

  /// Stops serving; callable from any thread, and more than once.
  void stop() {
    stopping_ = true;
    // httplib ignores a stop() that comes before it runs: wait until it runs or has ended.
    while (listening_ && !server_.is_running()) {
      std::this_thread::yield();
    }
    server_.stop();
  }

  /// The underlying server, e.g. to add a logger before serving. Its pre-routing and
  /// expect-100 handlers are this server's: replacing them loses the early refusals.
  [[nodiscard]] httplib::Server& server() noexcept { return server_; }

private:
  /// httplib's server with connections handed to the event loop instead of its thread pool.
  class front final : public httplib::Server {
  public:
    explicit front(emulator_http_server& owner) : owner_(owner) {}

    /// cpp-httplib listens with a backlog of 5, so a burst of connections waits for SYN
    /// retransmits (1 s and more): listen again with a deep one (Linux and BSDs update it).
    void raise_backlog() {
#if defined(ACS_ROOMS_EMULATOR_EVENT_LOOP)
      ::listen(svr_sock_, SOMAXCONN);
#endif
    }

#if defined(ACS_ROOMS_EMULATOR_EVENT_LOOP)
    /// Serves one request from `c`; false when the connection is to be closed.
    bool serve(detail::emu::connection& c) {
      const auto& o = owner_.options_;
      detail::emu::connection_stream stream(c, detail::emu::steady::now() + o.read_timeout,
                                            o.read_timeout, owner_.loop_.stopping());
      ++c.served;
      const bool last =
          o.max_requests_per_connection != 0 && c.served >= o.max_requests_per_connection;
      bool closed = false;
      c.early.reset();
      c.timed_out = false;
      detail::emu::current_early() = &c.early;
      const bool ok = process_request(stream, last, closed, [&](httplib::Request& req) {
        c.early =
            detail::emu::refuse_early(owner_.service_, req, owner_.authority_, o.max_body_bytes);
        if (c.early) { // the body stays unread: say the connection closes
          req.headers.erase("Connection");
          req.headers.emplace("Connection", "close");
        }
      });
      detail::emu::current_early() = nullptr;
      if (c.early) {
        linger(c.fd);
        return false;
      }
      return ok && !closed && !last && !c.timed_out;
    }
#endif

  private:
#if defined(ACS_ROOMS_EMULATOR_EVENT_LOOP)
    bool process_and_close_socket(socket_t sock) override {
      owner_.loop_.adopt(sock, owner_.options_.tcp_nodelay);
      return true;
    }

    /// Before closing on an unread body: stop sending, and read (and drop) what the client
    /// already sent for a moment, so that closing does not reset the connection before the
    /// client reads the answer.
    static void linger(int fd) {
      ::shutdown(fd, SHUT_WR);
      const auto until = detail::emu::steady::now() + std::chrono::milliseconds(200);
      std::atomic<bool> never{false};
      std::size_t dropped = 0;
      char sink[16384];
      while (dropped < (std::size_t(1) << 20U) && detail::emu::wait_for(fd, POLLIN, until, never)) {
        const ssize_t n = ::recv(fd, sink, sizeof(sink), MSG_DONTWAIT);
        if (n <= 0) {
          break;
        }
        dropped += static_cast<std::size_t>(n);
      }
    }
#endif

    emulator_http_server& owner_;
  };

  static emulator_server_options complete(emulator_server_options o) {
    if (o.workers == 0) {
      o.workers = std::max<std::size_t>(16, 4 * std::thread::hardware_concurrency());
    }
    if (o.max_connections == 0) {
      o.max_connections = 1;
    }
    return o;
  }

#if defined(ACS_ROOMS_EMULATOR_EVENT_LOOP)
  bool serve_one(detail::emu::connection& c) { return server_.serve(c); }
#endif

  detail::emu::served_service service_;
  emulator_server_options options_;
  front server_;
  std::string authority_; // host:port as bound, for requests without a Host header
  std::atomic<bool> listening_{false};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
#if defined(ACS_ROOMS_EMULATOR_EVENT_LOOP)
  detail::emu::connection_loop loop_;
#endif
};

ACS_ROOMS_NAMESPACE_END
