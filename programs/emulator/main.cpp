// SPDX-License-Identifier: MIT
// acs_rooms program: acs-rooms-emulator, the emulator served over HTTP on loopback.

// The in-process `acs::rooms::emulator` behind `emulator_http_server`, so that any HTTP client
// (the official SDKs included) can talk to it. The first line on stdout is the connection
// string.

#include <acs/rooms.hpp>
#include <acs/rooms/emulator.hpp>
#include <acs/rooms/emulator/http_server.hpp>

#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>

namespace {

constexpr const char* usage =
    "Usage: acs-rooms-emulator [--host 127.0.0.1] [--port N] [--access-key BASE64]\n"
    "                          [--page-size N] [--accept-token TOKEN]\n"
    "\n"
    "Serves an in-memory Azure Communication Services Rooms service over plain HTTP.\n"
    "The first line printed is the connection string to use, e.g.\n"
    "  endpoint=http://127.0.0.1:PORT/;accesskey=...\n"
    "\n"
    "Options:\n"
    "  --host          address to listen on (default 127.0.0.1: loopback only)\n"
    "  --port          port to listen on; 0 (the default) picks a free one\n"
    "  --access-key    base64 access key (default: a random 64-byte key)\n"
    "  --page-size     rooms and participants per page (default 30)\n"
    "  --accept-token  also accept \"Authorization: Bearer TOKEN\"\n"
    "\n"
    "Stops on SIGINT or SIGTERM.\n";

struct settings {
  std::string host = "127.0.0.1";
  int port = 0;
  acs::rooms::emulator_options options;
};

/// A whole decimal number in [low, high], or -1.
long parse_number(std::string_view text, long low, long high) {
  if (text.empty() || text.size() > 9) {
    return -1;
  }
  long value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return -1;
    }
    value = value * 10 + (c - '0');
  }
  return value < low || value > high ? -1 : value;
}

/// Reads the flags; prints why and returns false on bad usage.
bool parse_arguments(int argc, char** argv, settings& out) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::cout << usage;
      std::exit(0);
    }
    if (i + 1 >= argc) {
      std::cerr << "acs-rooms-emulator: " << flag << ": missing value or unknown flag\n";
      return false;
    }
    const std::string_view value = argv[++i];
    if (flag == "--host") {
      out.host = std::string(value);
    } else if (flag == "--port") {
      const long port = parse_number(value, 0, 65535);
      if (port < 0) {
        std::cerr << "acs-rooms-emulator: --port must be a number from 0 to 65535\n";
        return false;
      }
      out.port = static_cast<int>(port);
    } else if (flag == "--access-key") {
      std::string decoded;
      if (!acs::rooms::detail::base64_decode(value, decoded) || decoded.empty()) {
        std::cerr << "acs-rooms-emulator: --access-key must be non-empty standard base64\n";
        return false;
      }
      out.options.access_key = std::string(value);
    } else if (flag == "--page-size") {
      const long size = parse_number(value, 1, 100000);
      if (size < 0) {
        std::cerr << "acs-rooms-emulator: --page-size must be a number from 1 to 100000\n";
        return false;
      }
      out.options.page_size = static_cast<std::size_t>(size);
    } else if (flag == "--accept-token") {
      if (value.empty()) {
        std::cerr << "acs-rooms-emulator: --accept-token must not be empty\n";
        return false;
      }
      out.options.accepted_token = std::string(value);
    } else {
      std::cerr << "acs-rooms-emulator: unknown flag " << flag << '\n';
      return false;
    }
  }
  return true;
}

} // namespace

int main(int argc, char** argv) {
  settings config;
  if (!parse_arguments(argc, argv, config)) {
    std::cerr << usage;
    return 2;
  }

  // Signals are taken synchronously by one thread (stop() is not async-signal-safe); every
  // thread started from here on inherits the blocked mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  acs::rooms::emulator service(config.options);
  acs::rooms::emulator_http_server front(service);
  if (front.bind(config.host, config.port) < 0) {
    std::cerr << "acs-rooms-emulator: cannot listen on " << config.host << ':' << config.port
              << '\n';
    return 1;
  }
  std::cout << front.connection_string() << std::endl; // flushed
  std::cerr << "acs-rooms-emulator: serving the Rooms API on " << front.origin()
            << " (Ctrl-C to stop)\n";

  std::thread waiter([&] {
    int received = 0;
    sigwait(&stop_signals, &received);
    front.stop();
  });
  if (!front.listen()) {
    // The server ended on its own: wake the waiter (still in sigwait) so it can be joined.
    std::cerr << "acs-rooms-emulator: the server stopped unexpectedly\n";
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    return 1;
  }
  waiter.join();
  return 0;
}
