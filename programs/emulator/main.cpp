// SPDX-License-Identifier: MIT
// acs_rooms program: acs-rooms-emulator, the emulator served over HTTP or HTTPS on loopback.

// The in-process `acs::rooms::emulator` behind the program's Beast front (`emulator_server`, plain
// or TLS, one set of limits), so that any HTTP client (the official SDKs included) can talk to it.
// The first line on stdout is the connection string.

#include <acs/rooms.hpp>
#include <acs/rooms/emulator.hpp>

#include "control_plane.hpp" // the control API, request log and persistence
#include "http_server.hpp"   // this program's network front: programs/emulator/*.hpp
#include "tls.hpp"

#include <pthread.h>
#include <sys/resource.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>

namespace {

constexpr const char* usage =
    "Usage: acs-rooms-emulator [--host 127.0.0.1] [--port N] [--access-key-file PATH]\n"
    "                          [--page-size N] [--accept-token TOKEN] [server options]\n"
    "                          [--fault-rate P] [--fault-status N] [--fault-retry-after S]\n"
    "                          [--fault-method M] [--fault-path PREFIX] [--fault-seed N]\n"
    "                          [--latency-ms N]\n"
    "                          [--tls [--tls-cert-out PATH] | --tls-cert FILE --tls-key FILE]\n"
    "                          [--data-dir DIR] [--log-format text|json] [--quiet]\n"
    "                          [--print-connection-string]\n"
    "\n"
    "Serves an in-memory Azure Communication Services Rooms service over plain HTTP (or HTTPS).\n"
    "The first line printed is the connection string to use, e.g.\n"
    "  endpoint=http://127.0.0.1:PORT/;accesskey=...\n"
    "\n"
    "Options:\n"
    "  --host          address to listen on (default 127.0.0.1: loopback only)\n"
    "  --port          port to listen on; 0 (the default) picks a free one\n"
    "  --access-key    base64 access key (default: a random 64-byte key); visible in ps,\n"
    "                  so prefer --access-key-file or ACS_ROOMS_EMULATOR_ACCESS_KEY\n"
    "  --access-key-file  read the base64 access key from this file (\"-\": stdin)\n"
    "  --page-size     rooms and participants per page (default 30)\n"
    "  --accept-token  also accept \"Authorization: Bearer TOKEN\"\n"
    "  --tls           serve HTTPS with a self-signed certificate for localhost and 127.0.0.1,\n"
    "                  made at start (the connection string then says https://)\n"
    "  --tls-cert-out  write that certificate (PEM) to PATH, for clients to trust\n"
    "  --tls-cert, --tls-key  serve HTTPS with this certificate and key (PEM files)\n"
    "  --data-dir      keep rooms, participants and repeatability ids in DIR/state.json,\n"
    "                  saved before each change is answered, read back at start\n"
    "  --log-format    one line per request on stdout: text (the default) or json\n"
    "  --quiet         no request log (the connection string is still printed)\n"
    "  --print-connection-string  print the connection string and exit (with --port and\n"
    "                  --access-key it is the one a later start serves)\n"
    "\n"
    "Control API and web page: http://HOST:PORT/_emulator/ (see docs/emulator.md); off\n"
    "loopback they ask for \"Authorization: Bearer <access key>\".\n"
    "\n"
    "Server options (the defaults suit loopback use; the same with --tls):\n"
    "  --read-timeout-ms   a request must arrive whole within this (default 5000)\n"
    "  --idle-timeout-ms   an idle connection is closed after this (default 5000)\n"
    "  --max-body-bytes    larger bodies are answered 413 unread (default 4194304)\n"
    "  --max-header-bytes  larger request heads are answered 431, then closed (default 16384)\n"
    "  --workers           threads calling the service (default 4 per CPU, at least 16)\n"
    "  --max-connections   connections held at once; when full, the one idle the longest is\n"
    "                      closed to make room (default 4096)\n"
    "  --max-requests-per-connection  then the connection closes (default 100000; 0: no limit)\n"
    "\n"
    "Faults, to test a client's retries (off by default):\n"
    "  --fault-rate         chance (0 to 1) that a request is answered with the fault status\n"
    "                       instead of by the service (default 0: never)\n"
    "  --fault-status       that status, 100 to 599 (default 503)\n"
    "  --fault-retry-after  add \"Retry-After: S\" (seconds) to the fault answer\n"
    "  --fault-method       fault only requests with this method (default: any)\n"
    "  --fault-path         fault only paths starting with PREFIX, e.g. /rooms (default: any)\n"
    "  --fault-seed         seed of the fault draws, to replay a run (default: random, printed)\n"
    "  --latency-ms         wait this long before handling every request (default 0)\n"
    "\n"
    "Environment: ACS_ROOMS_EMULATOR_ACCESS_KEY, the base64 access key (a flag wins).\n"
    "Stops on SIGINT or SIGTERM.\n";

struct fault_flags {
  double rate = 0;
  int status = 503;
  long retry_after = -1; // seconds; -1: no Retry-After
  std::string method;
  std::string path;
  long seed = -1; // -1: random
  long latency_ms = 0;
};

struct settings {
  std::string host = "127.0.0.1";
  int port = 0;
  acs::rooms::emulator_options options;
  acs::rooms::emulator_server_options server;
  fault_flags faults;
  bool tls = false;
  std::string tls_cert_out;
  std::string tls_cert;
  std::string tls_key;
  std::string data_dir;
  acs_rooms_emulator::log_format log = acs_rooms_emulator::log_format::text;
  bool print_connection_string = false;
};

/// The whole file at `path`, or nullopt.
std::optional<std::string> slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

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

// ---- Fault flags (--fault-*, --latency-ms): the emulator's fault plan, from the command line.

/// True for the flags parse_fault_flag reads.
bool is_fault_flag(std::string_view flag) {
  return flag.substr(0, 8) == "--fault-" || flag == "--latency-ms";
}

/// Reads one fault flag into `out`; prints why and returns false on a bad value.
bool parse_fault_flag(std::string_view flag, std::string_view value, fault_flags& out) {
  const auto bad = [flag](const char* what) {
    std::cerr << "acs-rooms-emulator: " << flag << " must be " << what << '\n';
    return false;
  };
  if (flag == "--fault-rate") {
    const std::string text(value);
    char* end = nullptr;
    const double rate = text.empty() ? -1 : std::strtod(text.c_str(), &end);
    if (end == nullptr || *end != '\0' || !(rate >= 0.0 && rate <= 1.0)) {
      return bad("a number from 0 to 1");
    }
    out.rate = rate;
  } else if (flag == "--fault-status") {
    const long status = parse_number(value, 100, 599);
    if (status < 0) {
      return bad("a status from 100 to 599");
    }
    out.status = static_cast<int>(status);
  } else if (flag == "--fault-retry-after") {
    if ((out.retry_after = parse_number(value, 0, 86400)) < 0) {
      return bad("a number of seconds from 0 to 86400");
    }
  } else if (flag == "--fault-method") {
    if (value.empty()) {
      return bad("a method, e.g. POST");
    }
    out.method = std::string(value);
  } else if (flag == "--fault-path") {
    if (value.empty() || value.front() != '/') {
      return bad("a path prefix starting with /");
    }
    out.path = std::string(value);
  } else if (flag == "--fault-seed") {
    if ((out.seed = parse_number(value, 0, 999999999)) < 0) {
      return bad("a number from 0 to 999999999");
    }
  } else if (flag == "--latency-ms") {
    if ((out.latency_ms = parse_number(value, 0, 600000)) < 0) {
      return bad("a number of milliseconds from 0 to 600000");
    }
  } else {
    std::cerr << "acs-rooms-emulator: unknown flag " << flag << '\n';
    return false;
  }
  return true;
}

/// The fault plan the flags ask for, into `options`: a latency for every request, then the
/// fault answer at the given rate. Prints the seed used when there is a rate to draw against.
void add_faults(const fault_flags& flags, acs::rooms::emulator_options& options) {
  using acs::rooms::emulator_fault;
  if (flags.latency_ms > 0) {
    options.faults.push_back(emulator_fault::slow(std::chrono::milliseconds(flags.latency_ms))
                                 .for_next(emulator_fault::forever));
  }
  if (flags.rate > 0) {
    emulator_fault f = emulator_fault::answer(flags.status)
                           .on(flags.method, flags.path)
                           .with_probability(flags.rate)
                           .for_next(emulator_fault::forever);
    if (flags.retry_after >= 0) {
      f.with_header("Retry-After", std::to_string(flags.retry_after));
    }
    options.faults.push_back(std::move(f));
    options.fault_seed = flags.seed >= 0 ? static_cast<std::uint64_t>(flags.seed)
                                         : std::random_device()() % 1000000000U;
    std::cerr << "acs-rooms-emulator: answering " << flags.rate * 100 << "% of requests with "
              << flags.status << " (--fault-seed " << options.fault_seed << ")\n";
  }
}

// ---- End of the fault flags.

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
         flag == "--max-header-bytes" || flag == "--workers" || flag == "--max-connections" ||
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
  } else if (flag == "--max-header-bytes") {
    out.max_header_bytes = std::max<std::size_t>(count, 64);
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
    if (flag == "--tls") {
      out.tls = true;
      continue;
    }
    if (flag == "--quiet") {
      out.log = acs_rooms_emulator::log_format::none;
      continue;
    }
    if (flag == "--print-connection-string") {
      out.print_connection_string = true;
      continue;
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
    } else if (is_fault_flag(flag)) {
      if (!parse_fault_flag(flag, value, out.faults)) {
        return false;
      }
    } else if (flag == "--data-dir") {
      if (value.empty()) {
        std::cerr << "acs-rooms-emulator: --data-dir must not be empty\n";
        return false;
      }
      out.data_dir = std::string(value);
    } else if (flag == "--log-format") {
      if (value != "text" && value != "json") {
        std::cerr << "acs-rooms-emulator: --log-format must be text or json\n";
        return false;
      }
      if (out.log != acs_rooms_emulator::log_format::none) {
        out.log = value == "json" ? acs_rooms_emulator::log_format::json
                                  : acs_rooms_emulator::log_format::text;
      }
    } else if (flag == "--tls-cert-out") {
      out.tls_cert_out = std::string(value);
    } else if (flag == "--tls-cert") {
      out.tls_cert = std::string(value);
    } else if (flag == "--tls-key") {
      out.tls_key = std::string(value);
    } else {
      std::cerr << "acs-rooms-emulator: unknown flag " << flag << '\n';
      return false;
    }
  }
  // The key from the environment when no flag gave one; it is not echoed.
  if (const char* key = std::getenv("ACS_ROOMS_EMULATOR_ACCESS_KEY");
      key != nullptr && *key != '\0' && out.options.access_key.empty() &&
      !set_access_key(key, "ACS_ROOMS_EMULATOR_ACCESS_KEY", out)) {
    return false;
  }
  add_faults(out.faults, out.options);
  if (out.tls_cert.empty() != out.tls_key.empty()) {
    std::cerr << "acs-rooms-emulator: --tls-cert and --tls-key go together\n";
    return false;
  }
  if (!out.tls_cert.empty() && !out.tls_cert_out.empty()) {
    std::cerr << "acs-rooms-emulator: --tls-cert-out writes the generated certificate; it "
                 "does not go with --tls-cert\n";
    return false;
  }
  out.tls = out.tls || !out.tls_cert.empty() || !out.tls_cert_out.empty();
  return true;
}

/// The certificate and key to serve: the files given, or a fresh self-signed pair (written to
/// --tls-cert-out when asked). Prints why and returns nullopt on failure.
std::optional<acs::rooms::tls_identity> tls_identity_for(const settings& config) {
  if (!config.tls_cert.empty()) {
    auto cert = slurp(config.tls_cert);
    auto key = slurp(config.tls_key);
    if (!cert || !key) {
      std::cerr << "acs-rooms-emulator: cannot read " << (cert ? config.tls_key : config.tls_cert)
                << '\n';
      return std::nullopt;
    }
    return acs::rooms::tls_identity{std::move(*cert), std::move(*key)};
  }
  auto made = acs::rooms::make_self_signed_identity();
  if (!made) {
    std::cerr << "acs-rooms-emulator: " << made.error().message << '\n';
    return std::nullopt;
  }
  if (!config.tls_cert_out.empty()) {
    std::ofstream out(config.tls_cert_out, std::ios::binary | std::ios::trunc);
    out << made->certificate_pem;
    if (!out.flush()) {
      std::cerr << "acs-rooms-emulator: cannot write " << config.tls_cert_out << '\n';
      return std::nullopt;
    }
  }
  return std::move(*made);
}

/// Binds `front`, prints the connection string, and serves until SIGINT or SIGTERM.
template <class Front> int serve(Front& front, const settings& config, sigset_t& stop_signals) {
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
  if (config.print_connection_string) {
    const bool ipv6 = config.host.find(':') != std::string::npos;
    const std::string host = ipv6 ? "[" + config.host + "]" : config.host;
    if (config.port == 0) {
      std::cerr << "acs-rooms-emulator: --print-connection-string needs --port (0 picks a "
                   "port only when serving)\n";
      return 2;
    }
    std::cout << service.connection_string((config.tls ? "https://" : "http://") + host + ':' +
                                           std::to_string(config.port))
              << '\n';
    return 0;
  }
  acs_rooms_emulator::control_plane served(
      service, {acs_rooms_emulator::is_loopback(config.host), config.log, config.data_dir},
      std::cout);
  if (auto bad = served.load()) {
    std::cerr << "acs-rooms-emulator: " << *bad << '\n';
    return 1;
  }
  if (config.tls) {
    const auto identity = tls_identity_for(config);
    if (!identity) {
      return 1;
    }
    acs::rooms::emulator_https_server front(served, *identity, config.server);
    if (!front.valid()) {
      std::cerr << "acs-rooms-emulator: the TLS certificate or key is not usable PEM\n";
      return 1;
    }
    return serve(front, config, stop_signals);
  }
  acs::rooms::emulator_http_server front(served, config.server);
  return serve(front, config, stop_signals);
}
