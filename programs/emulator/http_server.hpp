// SPDX-License-Identifier: MIT
// acs-rooms-emulator's network front (programs/emulator/, not installed; needs Boost Beast and
// OpenSSL): the emulator (or any object with its send / refuse_before_body / connection_string)
// served over HTTP or HTTPS with Boost.Beast, one front and one set of limits for both. This
// header declares it; http_server.cpp, compiled once (CMake's acs_rooms_emulator_front), holds
// Beast, so the program and the tests that serve the emulator do not parse Beast each.
#pragma once

#include "server_options.hpp"
#include "tls.hpp"

#include <acs/rooms.hpp> // the whole client, from include/ or single_include/

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

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
  /// What the server calls: the service, type-erased.
  struct service_calls {
    std::function<http_response(const http_request&)> send;                  ///< `send`
    std::function<std::optional<http_response>(const http_request&)> refuse; ///< early refusal
    std::function<std::string(const std::string&)> connection_string;        ///< for an origin
  };

  /// Serves `service` over plain HTTP; `service` must outlive this object. Nothing is bound yet.
  template <class Service,
            class = std::enable_if_t<!std::is_same<std::decay_t<Service>, emulator_server>::value>>
  explicit emulator_server(Service& service, emulator_server_options options = {})
      : emulator_server(calls_of(service), nullptr, options) {}

  /// Serves `service` over HTTPS with `identity`; `valid()` is false when its PEM could not be
  /// read.
  template <class Service>
  emulator_server(Service& service, const tls_identity& identity,
                  emulator_server_options options = {})
      : emulator_server(calls_of(service), &identity, options) {}

  /// The server of `calls` (over HTTPS when `identity` is not null; it is copied).
  emulator_server(service_calls calls, const tls_identity* identity,
                  const emulator_server_options& options);

  emulator_server(const emulator_server&) = delete;            ///< owns a socket
  emulator_server& operator=(const emulator_server&) = delete; ///< owns a socket
  /// Stops serving, joins the threads and waits for the service calls under way.
  ~emulator_server();

  /// True unless a TLS identity was given and was not usable.
  [[nodiscard]] bool valid() const noexcept;

  /// Binds to `host` (an IPv4 or IPv6 address) and `port` (0: a free one); the port bound, or
  /// -1 when it cannot listen there.
  int bind(const std::string& host = "127.0.0.1", int port = 0);

  /// "http://host:port" (or https://) once bound, e.g. "http://127.0.0.1:41234".
  [[nodiscard]] std::string origin() const;

  /// The served service's connection string, for make_client or an official SDK.
  [[nodiscard]] std::string connection_string() const;

  /// The options in force (defaults filled in).
  [[nodiscard]] const emulator_server_options& options() const noexcept;

  /// Calls `observer` with every request (and the client's port) before the service sees it,
  /// on a worker thread; set it before serving.
  void on_request(std::function<void(const http_request&, unsigned short remote_port)> observer);

  /// Connections held now.
  [[nodiscard]] std::size_t connections() const;

  /// Serves on the calling thread (and `io_threads - 1` more) until stop(); false when the
  /// server ended on its own (or was never bound).
  bool listen();

  /// Serves on a thread of its own until stop() or destruction.
  void start();

  /// Stops serving; callable from any thread, and more than once.
  void stop();

private:
  template <class Service> static service_calls calls_of(Service& service) {
    return {[&service](const http_request& r) { return service.send(r); },
            [&service](const http_request& r) { return service.refuse_before_body(r); },
            [&service](const std::string& o) { return service.connection_string(o); }};
  }

  struct impl;
  std::unique_ptr<impl> impl_;
};

/// The front over plain HTTP (`emulator_server(service, options)`).
using emulator_http_server = emulator_server;
/// The front over HTTPS (`emulator_server(service, identity, options)`).
using emulator_https_server = emulator_server;

ACS_ROOMS_NAMESPACE_END
