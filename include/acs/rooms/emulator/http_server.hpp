// SPDX-License-Identifier: MIT
// acs_rooms layer 6 (optional, needs cpp-httplib): the emulator served over HTTP, on loopback.
#pragma once

#include <acs/rooms/emulator.hpp>
#include <acs/rooms/http.hpp>

#include <httplib.h>

#include <atomic>
#include <string>
#include <string_view>
#include <thread>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
namespace emu {

/// httplib's request -> the emulator's, with the request target exactly as received;
/// `authority` stands in for a missing Host header.
inline http_request from_httplib(const httplib::Request& in, std::string_view authority) {
  http_request out;
  out.method = in.method;
  const std::string host =
      in.has_header("Host") ? in.get_header_value("Host") : std::string(authority);
  out.url = "http://" + host + in.target;
  for (const auto& [name, value] : in.headers) {
    // httplib adds these pseudo-headers about the connection; they were not sent.
    if (name != "LOCAL_ADDR" && name != "LOCAL_PORT" && name != "REMOTE_ADDR" &&
        name != "REMOTE_PORT") {
      out.headers.add(name, value);
    }
  }
  out.body = in.body;
  return out;
}

/// The emulator's response -> httplib's (httplib writes Content-Length itself).
inline void to_httplib(const http_response& in, httplib::Response& out) {
  out.status = in.status;
  std::string content_type;
  for (const auto& [name, value] : in.headers) {
    if (iequals(name, "Content-Type")) {
      content_type = value;
    } else if (!iequals(name, "Content-Length")) {
      out.set_header(name.c_str(), value);
    }
  }
  if (!in.body.empty() || !content_type.empty()) {
    out.set_content(in.body, content_type.c_str());
  }
}

} // namespace emu
} // namespace detail

/// An `emulator` behind a cpp-httplib server: plain HTTP, so meant for loopback. Every method
/// on every path reaches the emulator, which answers 404 or 405 where the service would.
/// Bind, then serve on the calling thread (`listen`) or on a thread of its own (`start`).
class emulator_http_server {
public:
  /// Serves `service`, which must outlive this object. Nothing is bound yet.
  explicit emulator_http_server(emulator& service) : service_(service) {
    const auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      detail::emu::to_httplib(service_.send(detail::emu::from_httplib(req, authority_)), res);
    };
    server_.Get(".*", handler);
    server_.Post(".*", handler);
    server_.Patch(".*", handler);
    server_.Delete(".*", handler);
    server_.Put(".*", handler);
    server_.Options(".*", handler);
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

  /// Serves on the calling thread until stop(); false when the server ended on its own.
  bool listen() {
    listening_ = true;
    if (!stopping_) {
      server_.listen_after_bind();
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

  /// The underlying server, e.g. to add a pre-routing handler or a logger before serving.
  [[nodiscard]] httplib::Server& server() noexcept { return server_; }

private:
  emulator& service_;
  httplib::Server server_;
  std::string authority_; // host:port as bound, for requests without a Host header
  std::atomic<bool> listening_{false};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

ACS_ROOMS_NAMESPACE_END
