// SPDX-License-Identifier: MIT
// acs_rooms optional layer 6: the options the shipped transports share, and beast_transport's.
#pragma once

#include <acs/rooms/config.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

ACS_ROOMS_NAMESPACE_BEGIN

/// The HTTP proxy a transport goes through (docs/transports.md, "Proxies"). An explicit `url`
/// applies to every request, loopback included; without one, the standard environment variables
/// are read when `use_environment` (HTTPS_PROXY / HTTP_PROXY, NO_PROXY; never for loopback).
/// Only http:// proxies: https targets are tunnelled with CONNECT, http ones sent in absolute form.
struct proxy_options {
  std::string url;      ///< "http://proxy.example:3128" (port 80 when absent); empty: none set
  std::string username; ///< basic credentials; empty: those of the URL's userinfo, if any
  std::string password; ///< with `username`; never logged or put in an error message
  bool use_environment = true; ///< without `url`, use the proxy environment variables
};

/// Settings every shipped transport takes (curl_transport_options and httplib_transport_options
/// derive from it). The defaults are safe for the real service.
struct transport_options {
  std::chrono::milliseconds connect_timeout{10000}; ///< TCP + TLS handshake; 0: the library's
  std::chrono::milliseconds total_timeout{60000};   ///< whole request and response
  bool verify_tls = true;           ///< verify the server's certificate chain and host name
  bool allow_insecure_http = false; ///< allow plain http:// to a host that is not loopback
  std::string ca_bundle;            ///< CA certificates file (PEM); empty: the system's store
  proxy_options proxy;              ///< the HTTP proxy: explicit, or from the environment
  /// The largest response body accepted (64 MiB; a Rooms answer is a few KiB). A larger one
  /// ends the exchange with `transport_error` code "ResponseTooLarge", not retried.
  std::uint64_t max_body_bytes = std::uint64_t{64} << 20;
  /// The largest response header block accepted (1 MiB), as for `max_body_bytes`.
  std::uint32_t max_header_bytes = 1u << 20;
};

/// Settings of a beast_transport: the shared transport_options, plus the pool's size.
struct beast_transport_options : transport_options {
  std::size_t max_idle_per_host = 4; ///< kept-alive idle connections per origin
};

ACS_ROOMS_NAMESPACE_END
