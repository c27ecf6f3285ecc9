// SPDX-License-Identifier: MIT
// acs_rooms program: acs-rooms-emulator, the emulator served over HTTP on loopback.

// The in-process `acs::rooms::emulator` behind `emulator_http_server`, so that any HTTP client
// (the official SDKs included) can talk to it. The first line on stdout is the connection
// string.

#include <acs/rooms.hpp>
#include <acs/rooms/emulator.hpp>
#include <acs/rooms/emulator/http_server.hpp>

#include <pthread.h>
#include <sys/resource.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>
#include <thread>

namespace {

constexpr const char* usage =
    "usage: acs-rooms-emulator [--host 127.0.0.1] [--port N] [--access-key-file PATH]\n"
    "                          [--page-size N] [--accept-token TOKEN] [server options]\n"
    "\n"
    "Serves an in-memory Azure Communication Services Rooms service over plain HTTP.\n"
    "The first line printed is the connection string to use, e.g.\n"
    "  endpoint=http://127.0.0.1:PORT/;accesskey=...\n"
    "  --host          address to listen on (default 127.0.0.1: loopback only)\n"
    "  --port          port to listen on; 0 (the default) picks a free one\n"
    "  --access-key    base64 access key (default: a random 64-byte key); visible in ps,\n"
    "                  so prefer --access-key-file or ACS_ROOMS_EMULATOR_ACCESS_KEY\n"
    "  --access-key-file  read the base64 access key from this file (\"-\": stdin)\n"
    "  --page-size     rooms and participants per page (default 30)\n"
    "  --accept-token  also accept \"Authorization: Bearer TOKEN\"\n"
    "Server options (the defaults suit loopback use):\n"
    "  --read-timeout-ms   a request must arrive whole within this (default 5000)\n"
    "  --idle-timeout-ms   an idle connection is closed after this (default 5000)\n"
    "  --max-body-bytes    larger bodies are answered 413 unread (default 4194304)\n"
    "  --workers           threads serving requests (default 4 per CPU, at least 16)\n"
    "  --max-connections   connections held at once (default 4096)\n"
    "  --max-requests-per-connection  then the connection closes (default 100000; 0: no limit)\n"
    "Environment: ACS_ROOMS_EMULATOR_ACCESS_KEY, the base64 access key (a flag wins).\n"
    "Stops on SIGINT or SIGTERM.\n";

struct settings {
  std::string host = "127.0.0.1";
  int port = 0;
  acs::rooms::emulator_options options;
  acs::rooms::emulator_server_options server;
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

/// Sets the access key from `value` (base64, surrounding white space ignored); prints why and
/// returns false when it is not usable. `source` names where it came from, never the key.
bool set_access_key(std::string_view value, std::string_view source, settings& out) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back())) != 0) {
    value.remove_suffix(1);
  }
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front())) != 0) {
    value.remove_prefix(1);
  }
  std::string decoded;
  const bool ok = acs::rooms::detail::base64_decode(value, decoded) && !decoded.empty();
  acs::rooms::detail::secure_zero(decoded.data(), decoded.size());
  if (!ok) {
    std::cerr << "acs-rooms-emulator: " << source << ": the access key must be non-empty "
              << "standard base64\n";
    return false;
  }
  out.options.access_key = std::string(value);
  return true;
}

/// The whole of file `path` ("-": standard input) into `out`; false when it cannot be read.
bool read_key_file(const std::string& path, std::string& out) {
  if (path == "-") {
    out.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return !std::cin.bad();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return false;
  }
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

/// Whether `flag` is one of the server options.
bool server_flag(std::string_view flag) {
  return flag == "--read-timeout-ms" || flag == "--idle-timeout-ms" || flag == "--max-body-bytes" ||
         flag == "--workers" || flag == "--max-connections" ||
         flag == "--max-requests-per-connection";
}

/// Sets one server option; prints why and returns false on a bad value.
bool set_server_option(std::string_view flag, std::string_view value,
                       acs::rooms::emulator_server_options& out) {
  const bool may_be_zero = flag == "--max-requests-per-connection";
  const long n = parse_number(value, may_be_zero ? 0 : 1, 999999999);
  if (n < 0) {
    std::cerr << "acs-rooms-emulator: " << flag << " must be a number from "
              << (may_be_zero ? 0 : 1) << " to 999999999\n";
    return false;
  }
  const auto count = static_cast<std::size_t>(n);
  if (flag == "--read-timeout-ms") {
    out.read_timeout = std::chrono::milliseconds(n);
  } else if (flag == "--idle-timeout-ms") {
    out.idle_timeout = std::chrono::milliseconds(n);
  } else if (flag == "--max-body-bytes") {
    out.max_body_bytes = count;
  } else if (flag == "--workers") {
    out.workers = std::min<std::size_t>(count, 4096);
  } else if (flag == "--max-connections") {
    out.max_connections = count;
  } else {
    out.max_requests_per_connection = count;
  }
  return true;
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
      if (!set_access_key(value, "--access-key", out)) {
        return false;
      }
    } else if (flag == "--access-key-file") {
      std::string key;
      if (!read_key_file(std::string(value), key)) {
        std::cerr << "acs-rooms-emulator: --access-key-file: cannot read " << value << '\n';
        return false;
      }
      const bool ok = set_access_key(key, "--access-key-file", out);
      acs::rooms::detail::secure_zero(key.data(), key.size());
      if (!ok) {
        return false;
      }
    } else if (server_flag(flag)) {
      if (!set_server_option(flag, value, out.server)) {
        return false;
      }
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
  // The key from the environment when no flag gave one; it is not echoed.
  if (const char* key = std::getenv("ACS_ROOMS_EMULATOR_ACCESS_KEY");
      key != nullptr && *key != '\0' && out.options.access_key.empty()) {
    return set_access_key(key, "ACS_ROOMS_EMULATOR_ACCESS_KEY", out);
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

  // Room for the connections allowed (the soft limit is often 1024 descriptors).
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY) {
    const rlim_t wanted = static_cast<rlim_t>(config.server.max_connections) + 64;
    if (files.rlim_cur < wanted) {
      files.rlim_cur = files.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, files.rlim_max);
      setrlimit(RLIMIT_NOFILE, &files);
    }
  }

  acs::rooms::emulator service(config.options);
  acs::rooms::emulator_http_server front(service, config.server);
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
