// SPDX-License-Identifier: MIT
// acs_rooms optional layer 6 (needs Boost.Beast 1.81 and OpenSSL): one HTTP/1.1 exchange of
// beast_transport, as an Asio composed operation over the pool of beast_pool.hpp.
#pragma once

#include <acs/rooms/concepts.hpp>
#include <acs/rooms/detail/transport/beast_pool.hpp>
#include <acs/rooms/detail/transport/common.hpp>
#include <acs/rooms/detail/transport/proxy.hpp>
#include <acs/rooms/error.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/result.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream_base.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <openssl/ssl.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// One exchange as an Asio composed operation: take a pooled connection or resolve, connect,
/// (for https through a proxy) CONNECT, (for https) handshake; write; read; give the connection
/// back when it may be kept. An http request through a proxy is sent to it in absolute form.
class beast_send_op {
  // clang-format off
  enum class phase { start, early, resolving, connecting, tunnel_writing, tunnel_reading,
                     handshaking, writing, reading };
  // clang-format on
  using tcp = boost::asio::ip::tcp;

  struct state {
    std::shared_ptr<beast_state> shared;
    std::optional<error> early;
    boost::beast::http::request<boost::beast::http::string_body> request;
    std::optional<resolved_proxy> proxy;
    boost::beast::http::request<boost::beast::http::string_body> tunnel; // CONNECT host:port
    std::string key;       // scheme://host:port (and the proxy), the pool's key
    std::string authority; // for messages and Host
    std::string hostname;  // for the resolver, SNI and certificate checks (no brackets)
    std::string port;
    bool https = false;
    bool may_resend = false;
    bool reused = false;
    bool resent = false;
    std::chrono::steady_clock::time_point deadline;
    std::optional<tcp::resolver> resolver;
    std::unique_ptr<beast_connection> conn;
    std::optional<boost::beast::http::response_parser<boost::beast::http::string_body>> parser;
    phase at = phase::start;
  };

public:
  beast_send_op(std::shared_ptr<beast_state> shared, const http_request& in,
                const send_options& limits)
      : s_(std::make_unique<state>()) {
    state& s = *s_;
    s.shared = std::move(shared);
    const transport_options& options = s.shared->options;
    std::optional<url_parts> parts;
    if (auto problem =
            check_outgoing(in, options.allow_insecure_http, "beast_transport_options", parts)) {
      s.early = std::move(*problem);
      return;
    }
    s.authority = parts->authority();
    if (limits.cancellation.cancelled()) {
      s.early = make_error(errc::cancelled, "the send was cancelled before it started");
      return;
    }
    s.https = parts->scheme == "https";
    s.port = !parts->port.empty() ? parts->port : s.https ? std::string("443") : std::string("80");
    s.hostname = without_brackets(parts->host);
    auto proxy = resolve_proxy(options.proxy, *parts);
    if (!proxy) {
      s.early = std::move(proxy).error();
      return;
    }
    s.proxy = std::move(*proxy);
    s.key = parts->scheme + "://" + parts->host + ":" + s.port + (s.proxy ? s.proxy->key() : "");
    const auto total = exchange_limits::of(options, limits).total_timeout; // 0: none
    s.deadline = saturating_add(std::chrono::steady_clock::now(),
                                total.count() > 0 ? total : std::chrono::hours(24 * 365));
    s.may_resend = may_resend(in);
    const std::string& m = in.method;
    auto& req = s.request;
    req.version(11);
    req.method_string(in.method);
    // Through a proxy, http goes in absolute form; https in a tunnel, in origin form.
    req.target(s.proxy && !s.https ? "http://" + s.authority + parts->path_and_query()
                                   : parts->path_and_query());
    if (s.proxy && s.https) { // CONNECT host:port, then TLS in the tunnel
      s.tunnel = {boost::beast::http::verb::connect, parts->host + ":" + s.port, 11};
      s.tunnel.set(boost::beast::http::field::host, s.tunnel.target());
    }
    if (s.proxy && s.proxy->has_credentials()) {
      auto& target = s.https ? s.tunnel : req;
      target.set(boost::beast::http::field::proxy_authorization, s.proxy->basic_authorization());
    }
    bool has_host = false;
    for (const auto& [name, value] : in.headers) {
      has_host = has_host || iequals(name, "Host");
      req.insert(name, value);
    }
    if (!has_host) {
      req.set(boost::beast::http::field::host, s.authority);
    }
    req.body() = in.body;
    if (!in.body.empty() || m == "POST" || m == "PUT" || m == "PATCH") {
      req.prepare_payload();
    }
  }

  /// Starts the exchange.
  template <class Self> void operator()(Self& self) {
    state& s = *s_;
    if (s.at == phase::early) {
      self.complete(result<http_response>(std::move(*s.early)));
      return;
    }
    if (s.early) { // complete from the executor, never inside async_send
      s.at = phase::early;
      boost::asio::post(s.shared->executor, std::move(self));
      return;
    }
    if (auto conn = s.shared->take_idle(s.key)) {
      s.conn = std::move(conn);
      s.reused = true;
      write(self);
      return;
    }
    resolve(self);
  }

  /// The name resolved.
  template <class Self>
  void operator()(Self& self, boost::system::error_code ec, tcp::resolver::results_type found) {
    state& s = *s_;
    s.resolver.reset();
    if (ec) {
      fail(self, ec, "could not resolve the host name");
      return;
    }
    s.conn = std::make_unique<beast_connection>();
    if (s.https) {
      std::string problem;
      auto ctx = s.shared->tls(problem);
      if (!ctx) {
        self.complete(result<http_response>(transport_failure(s.authority, problem)));
        return;
      }
      s.conn->tls.emplace(s.shared->executor, *ctx);
    } else {
      s.conn->plain.emplace(s.shared->executor);
    }
    const auto connect_timeout = s.shared->options.connect_timeout; // 0: the deadline alone
    const auto until = connect_timeout.count() <= 0
                           ? s.deadline
                           : std::min(s.deadline, saturating_add(std::chrono::steady_clock::now(),
                                                                 connect_timeout));
    s.at = phase::connecting;
    s.conn->lowest().expires_at(until);
    s.conn->lowest().async_connect(found, std::move(self));
  }

  /// Connected.
  template <class Self>
  void operator()(Self& self, boost::system::error_code ec, const tcp::endpoint&) {
    state& s = *s_;
    if (ec) {
      fail(self, ec, "could not connect");
      return;
    }
    boost::system::error_code ignored;
    s.conn->lowest().socket().set_option(tcp::no_delay(true), ignored);
    if (!s.https) {
      write(self);
      return;
    }
    if (s.proxy) {
      s.at = phase::tunnel_writing;
      s.conn->lowest().expires_at(s.deadline);
      boost::beast::http::async_write(s.conn->lowest(), s.tunnel, std::move(self));
      return;
    }
    handshake(self);
  }

  /// The handshake, the write or the read ended.
  template <class Self> void operator()(Self& self, boost::system::error_code ec, std::size_t = 0) {
    state& s = *s_;
    switch (s.at) {
    case phase::tunnel_writing:
      if (ec) {
        fail(self, ec, "the CONNECT request could not be sent to the proxy");
        return;
      }
      s.at = phase::tunnel_reading;
      s.parser.emplace();
      s.parser->skip(true); // a CONNECT answer has no body: the tunnel follows the header
      s.parser->header_limit(s.shared->options.max_header_bytes);
      s.conn->lowest().expires_at(s.deadline);
      boost::beast::http::async_read(s.conn->lowest(), s.conn->buffer, *s.parser, std::move(self));
      return;
    case phase::tunnel_reading: {
      if (ec) {
        fail(self, ec, "the proxy's answer to CONNECT could not be read");
        return;
      }
      const int status = static_cast<int>(s.parser->get().result_int());
      if (status < 200 || status > 299) {
        s.conn.reset(); // no tunnel: the connection is of no use
        self.complete(result<http_response>(
            status == 407 ? proxy_auth_error(*s.proxy)
                          : proxy_refused_error(*s.proxy, s.authority, status)));
        return;
      }
      s.conn->buffer.consume(s.conn->buffer.size());
      handshake(self);
      return;
    }
    case phase::handshaking:
      if (ec) {
        fail(self, ec,
             s.shared->options.verify_tls ? "the TLS handshake or certificate check failed"
                                          : "the TLS handshake failed");
        return;
      }
      write(self);
      return;
    case phase::writing:
      if (ec) {
        if (retry_on_new_connection(self)) {
          return;
        }
        fail(self, ec, "the request could not be sent");
        return;
      }
      read(self);
      return;
    case phase::reading:
      if (ec) {
        if (!s.parser->got_some() && retry_on_new_connection(self)) {
          return;
        }
        fail(self, ec, "the answer could not be read");
        return;
      }
      finish(self);
      return;
    default:
      fail(self, ec, "unexpected step");
      return;
    }
  }

private:
  /// SNI, the host name check, then the TLS handshake (directly or in the proxy's tunnel).
  template <class Self> void handshake(Self& self) {
    state& s = *s_;
    boost::system::error_code ignored;
    auto& tls = *s.conn->tls;
    boost::system::error_code not_ip;
    boost::asio::ip::make_address(s.hostname, not_ip);
    if (not_ip) { // SNI names a host; it is not sent for an IP literal (RFC 6066)
      if (SSL_set_tlsext_host_name(tls.native_handle(), s.hostname.c_str()) != 1) {
        self.complete(result<http_response>(
            transport_failure(s.authority, "could not set the TLS server name (SNI)")));
        return;
      }
    }
    if (s.shared->options.verify_tls) {
      tls.set_verify_callback(boost::asio::ssl::host_name_verification(s.hostname), ignored);
    }
    s.at = phase::handshaking;
    s.conn->lowest().expires_at(s.deadline);
    tls.async_handshake(boost::asio::ssl::stream_base::client, std::move(self));
  }

  template <class Self> void resolve(Self& self) {
    state& s = *s_;
    s.at = phase::resolving;
    s.resolver.emplace(s.shared->executor);
    s.resolver->async_resolve(s.proxy ? s.proxy->bare_host() : s.hostname,
                              s.proxy ? s.proxy->port : s.port, std::move(self));
  }

  template <class Self> void write(Self& self) {
    state& s = *s_;
    s.at = phase::writing;
    s.conn->lowest().expires_at(s.deadline);
    if (s.conn->tls) {
      boost::beast::http::async_write(*s.conn->tls, s.request, std::move(self));
    } else {
      boost::beast::http::async_write(*s.conn->plain, s.request, std::move(self));
    }
  }

  template <class Self> void read(Self& self) {
    state& s = *s_;
    s.at = phase::reading;
    s.parser.emplace();
    s.parser->body_limit(s.shared->options.max_body_bytes);
    s.parser->header_limit(s.shared->options.max_header_bytes);
    s.conn->lowest().expires_at(s.deadline);
    if (s.conn->tls) {
      boost::beast::http::async_read(*s.conn->tls, s.conn->buffer, *s.parser, std::move(self));
    } else {
      boost::beast::http::async_read(*s.conn->plain, s.conn->buffer, *s.parser, std::move(self));
    }
  }

  /// A kept-alive connection the server had closed: send once more on a new one, when the
  /// request may be repeated (idempotent, or with a Repeatability-Request-ID).
  template <class Self> bool retry_on_new_connection(Self& self) {
    state& s = *s_;
    if (!s.reused || s.resent || !s.may_resend ||
        self.get_cancellation_state().cancelled() != boost::asio::cancellation_type::none ||
        std::chrono::steady_clock::now() >= s.deadline) {
      return false;
    }
    s.resent = true;
    s.reused = false;
    s.conn.reset();
    resolve(self);
    return true;
  }

  template <class Self> void finish(Self& self) {
    state& s = *s_;
    auto message = s.parser->release();
    if (s.proxy && message.result_int() == 407) {
      s.conn.reset(); // an http request through the proxy, which wants credentials
      self.complete(result<http_response>(proxy_auth_error(*s.proxy)));
      return;
    }
    http_response out;
    out.status = static_cast<int>(message.result_int());
    for (const auto& field : message) {
      out.headers.add(std::string(field.name_string()), std::string(field.value()));
    }
    out.body = std::move(message.body());
    if (message.keep_alive() && s.conn) {
      s.conn->lowest().expires_never();
      s.shared->give_back(s.key, std::move(s.conn));
    }
    self.complete(result<http_response>(std::move(out)));
  }

  template <class Self> void fail(Self& self, boost::system::error_code ec, const char* what) {
    state& s = *s_;
    s.conn.reset(); // never reuse a connection in an unknown state
    if (ec == boost::beast::http::error::body_limit ||
        ec == boost::beast::http::error::header_limit) {
      const auto which =
          ec == boost::beast::http::error::body_limit ? size_limit::body : size_limit::headers;
      // A message's status is 200 until its start line is read; its reason is set with it.
      const bool started = s.parser && !s.parser->get().reason().empty();
      const int status = started ? static_cast<int>(s.parser->get().result_int()) : 0;
      self.complete(
          result<http_response>(response_too_large(s.authority, status, which, s.shared->options)));
      return;
    }
    std::string cause = what;
    if (ec == boost::beast::error::timeout) {
      cause += ": timed out" + timeout_note(s.shared->options);
    } else if (self.get_cancellation_state().cancelled() != boost::asio::cancellation_type::none) {
      cause += ": cancelled";
    } else {
      cause += " (" + ec.message() + ")";
    }
    cause += s.proxy ? " (through the proxy " + s.proxy->display() + ")" : std::string();
    self.complete(result<http_response>(transport_failure(s.authority, cause)));
  }

  std::unique_ptr<state> s_;
};

} // namespace detail
ACS_ROOMS_NAMESPACE_END
