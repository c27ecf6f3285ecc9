// SPDX-License-Identifier: MIT
// acs-rooms-emulator's network front (programs/emulator/, not installed; needs cpp-httplib, Linux):
// one accepted connection of the event loop (connection_loop.hpp) as httplib's Stream, with
// deadlines on every read and write.
#pragma once

#include <acs/rooms.hpp> // the whole client, from include/ or single_include/

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

#if defined(__linux__)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#ifndef ACS_ROOMS_EMULATOR_EVENT_LOOP
#define ACS_ROOMS_EMULATOR_EVENT_LOOP 1
#endif
#endif

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
namespace emu {
#if defined(ACS_ROOMS_EMULATOR_EVENT_LOOP)

using steady = std::chrono::steady_clock;

/// One accepted connection and the bytes read ahead of the request being served.
struct connection {
  int fd = -1;
  std::string ahead;                  ///< bytes received but not yet consumed
  std::size_t ahead_pos = 0;          ///< the first unconsumed byte of `ahead`
  std::size_t served = 0;             ///< requests answered so far
  steady::time_point idle_deadline;   ///< while parked: when it is closed
  bool parked = false;                ///< waiting in the event loop (else with a worker)
  std::optional<http_response> early; ///< a refusal decided from the headers; then close
  bool timed_out = false;             ///< the request did not arrive in time; then close
  std::uint64_t tag = 0; ///< fd and a serial number: an event for an earlier socket of this fd
                         ///< number (closed meanwhile) is not taken for this one

  [[nodiscard]] bool has_ahead() const noexcept { return ahead_pos < ahead.size(); }
};

/// Waits until `fd` is ready for `events` or `deadline` passes (or `stop` is set); true when
/// ready.
inline bool wait_for(int fd, short events, steady::time_point deadline,
                     const std::atomic<bool>& stop) {
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady::now());
    if (left.count() <= 0 || stop.load(std::memory_order_relaxed)) {
      return false;
    }
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count() + 1, 100)));
    if (n > 0) {
      return true;
    }
    if (n < 0 && errno != EINTR) {
      return false;
    }
  }
}

/// A connection as httplib's Stream, with one deadline for reading the request and one for
/// each write. Reads ahead into the connection's buffer; what is left belongs to the next request.
class connection_stream final : public httplib::Stream {
public:
  connection_stream(connection& c, steady::time_point read_deadline,
                    std::chrono::milliseconds write_timeout, const std::atomic<bool>& stop)
      : c_(c), read_deadline_(read_deadline), write_timeout_(write_timeout), stop_(stop) {}

  bool is_readable() const override {
    return c_.has_ahead() || wait_for(c_.fd, POLLIN, read_deadline_, stop_);
  }
  bool is_writable() const override {
    return wait_for(c_.fd, POLLOUT, steady::now() + write_timeout_, stop_);
  }

  ssize_t read(char* ptr, size_t size) override {
    if (!c_.has_ahead()) {
      c_.ahead.clear();
      c_.ahead_pos = 0;
      if (size >= chunk) { // large reads (bodies) go straight to the caller
        return receive(ptr, size);
      }
      c_.ahead.resize(chunk);
      const ssize_t n = receive(c_.ahead.data(), chunk);
      c_.ahead.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
      if (n <= 0) {
        return n;
      }
    }
    const std::size_t n = std::min(size, c_.ahead.size() - c_.ahead_pos);
    std::memcpy(ptr, c_.ahead.data() + c_.ahead_pos, n);
    c_.ahead_pos += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) {
      return -1;
    }
    for (;;) {
      const ssize_t n = ::send(c_.fd, ptr, size, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n >= 0 || errno != EINTR) {
        return n;
      }
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    address(::getpeername, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    address(::getsockname, ip, port);
  }
  socket_t socket() const override { return c_.fd; }

private:
  static constexpr std::size_t chunk = 16384;

  ssize_t receive(char* ptr, std::size_t size) {
    if (!wait_for(c_.fd, POLLIN, read_deadline_, stop_)) {
      c_.timed_out = true;
      return -1;
    }
    for (;;) {
      const ssize_t n = ::recv(c_.fd, ptr, size, MSG_DONTWAIT);
      if (n >= 0 || errno != EINTR) {
        return n;
      }
    }
  }

  void address(int (*get)(int, sockaddr*, socklen_t*), std::string& ip, int& port) const {
    sockaddr_storage a{};
    socklen_t len = sizeof(a);
    ip.clear();
    port = 0;
    if (get(c_.fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      return;
    }
    char text[INET6_ADDRSTRLEN] = {};
    if (a.ss_family == AF_INET) {
      const auto* v4 = reinterpret_cast<const sockaddr_in*>(&a);
      ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof(text));
      port = ntohs(v4->sin_port);
    } else if (a.ss_family == AF_INET6) {
      const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&a);
      ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof(text));
      port = ntohs(v6->sin6_port);
    }
    ip = text;
  }

  connection& c_;
  steady::time_point read_deadline_;
  std::chrono::milliseconds write_timeout_;
  const std::atomic<bool>& stop_;
};

#endif // ACS_ROOMS_EMULATOR_EVENT_LOOP
} // namespace emu
} // namespace detail
ACS_ROOMS_NAMESPACE_END
