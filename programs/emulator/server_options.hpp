// SPDX-License-Identifier: MIT
// acs-rooms-emulator's network front (programs/emulator/, not installed): the limits the server
// holds every connection to, plain and TLS alike.
#pragma once

#include <acs/rooms.hpp> // the whole client, from include/ or single_include/

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <thread>

ACS_ROOMS_NAMESPACE_BEGIN

/// How `emulator_http_server` treats connections. Every field has a working default.
struct emulator_server_options {
  /// A request, once its first byte is read, must arrive whole within this (headers and body):
  /// a trickling client loses its connection. Each response must be written within it too, and
  /// a TLS handshake completed.
  std::chrono::milliseconds read_timeout{5000};
  /// A connection with no request for this long is closed (the first request included).
  std::chrono::milliseconds idle_timeout{5000};
  /// Larger bodies are answered 413 from their Content-Length, before any byte of them is read.
  std::size_t max_body_bytes = 4U << 20U;
  /// Larger request heads (request line and header fields) are answered 431 and the connection
  /// closed; so is a request with more than `max_header_count` fields.
  std::size_t max_header_bytes = 16384;
  /// Header fields a request may have (see `max_header_bytes`).
  std::size_t max_header_count = 100;
  /// Threads that call the service (a delay fault holds one for its delay). Connections hold
  /// none while they wait. 0: 4 per CPU, at least 16.
  std::size_t workers = 0;
  /// Threads that run the network I/O (accept, TLS, parsing, writing). 0: one per CPU, at most 4.
  std::size_t io_threads = 0;
  /// Requests served on one connection before it is closed (0: no limit).
  std::size_t max_requests_per_connection = 100000;
  /// Connections held at once. One more makes room by closing the connection idle the longest;
  /// when none is idle, the new one is closed as soon as it is accepted.
  std::size_t max_connections = 4096;
  /// TCP_NODELAY on every accepted connection (else Nagle and delayed ACK cost ~40 ms a request).
  bool tcp_nodelay = true;
};

namespace detail {
namespace emu {
/// `o` with its defaults filled in and its limits made usable.
inline emulator_server_options complete(emulator_server_options o) {
  const std::size_t cpus = std::max<std::size_t>(1, std::thread::hardware_concurrency());
  if (o.workers == 0) {
    o.workers = std::max<std::size_t>(16, 4 * cpus);
  }
  if (o.io_threads == 0) {
    o.io_threads = std::min<std::size_t>(4, cpus);
  }
  o.max_connections = std::max<std::size_t>(1, o.max_connections);
  o.max_header_bytes = std::clamp<std::size_t>(o.max_header_bytes, 64, std::size_t(1) << 30U);
  o.max_header_count = std::max<std::size_t>(1, o.max_header_count);
  return o;
}
} // namespace emu
} // namespace detail

ACS_ROOMS_NAMESPACE_END
