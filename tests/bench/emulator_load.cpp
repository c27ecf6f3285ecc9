// SPDX-License-Identifier: MIT
// acs_rooms bench: a bounded load on an acs-rooms-emulator over loopback, with idle connections.

// Opens N idle connections to a running emulator (reopening any the server closes, so N stay
// open), then sends signed get-room requests from T threads with each shipped transport, and
// prints requests/s and the p50/p99 latency. Bounded: a request count and a time limit per
// transport. Loopback only: any other endpoint is refused. Not a test; build the
// acs_rooms_emulator_load target (not built by default) and run, e.g.
//   acs-rooms-emulator --idle-timeout-ms 60000 > /tmp/cs &
//   emulator_load "$(head -1 /tmp/cs)" --idle 500 --requests 20000 --seconds 20 --threads 4

#include <acs/rooms.hpp>
#if __has_include(<curl/curl.h>)
#include <acs/rooms/transport/curl.hpp>
#define ACS_ROOMS_LOAD_CURL 1
#endif
#if __has_include(<httplib.h>)
#include <acs/rooms/transport/httplib.hpp>
#define ACS_ROOMS_LOAD_HTTPLIB 1
#endif

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using namespace acs::rooms;
using clock_type = std::chrono::steady_clock;

struct settings {
  std::string connection_string;
  int idle = 500;
  long requests = 20000; // per transport, over all threads
  int seconds = 20;      // per transport, at most
  int threads = 4;
  std::string transports = "curl,httplib";
  std::string ca_bundle; // for an https:// emulator (acs-rooms-emulator --tls --tls-cert-out)
};

/// Host and port of a loopback endpoint ("http://127.0.0.1:PORT" or https://), or false.
bool loopback_port(std::string_view endpoint, int& port) {
  for (std::string_view prefix :
       {"http://127.0.0.1:", "http://localhost:", "https://127.0.0.1:", "https://localhost:"}) {
    if (endpoint.substr(0, prefix.size()) == prefix) {
      port = std::atoi(std::string(endpoint.substr(prefix.size())).c_str());
      return port > 0 && port < 65536;
    }
  }
  return false;
}

int connect_loopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    return -1;
  }
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

/// N connections that send nothing; any the server closes is opened again.
class idle_connections {
public:
  idle_connections(int port, int n) : port_(port) {
    for (int i = 0; i < n; ++i) {
      fds_.push_back(connect_loopback(port));
    }
    keeper_ = std::thread([this] { keep(); });
  }
  ~idle_connections() {
    stop_ = true;
    keeper_.join();
    for (int fd : fds_) {
      if (fd >= 0) {
        ::close(fd);
      }
    }
  }
  [[nodiscard]] long reopened() const { return reopened_; }
  [[nodiscard]] int open_now() const { return open_; }

private:
  void keep() {
    std::vector<pollfd> p(fds_.size());
    while (!stop_) {
      int open = 0;
      for (std::size_t i = 0; i < fds_.size(); ++i) {
        if (fds_[i] < 0) {
          fds_[i] = connect_loopback(port_);
          reopened_ += fds_[i] >= 0 ? 1 : 0;
        }
        open += fds_[i] >= 0 ? 1 : 0;
        p[i] = pollfd{fds_[i], POLLIN, 0};
      }
      open_ = open;
      if (::poll(p.data(), p.size(), 50) > 0) {
        for (std::size_t i = 0; i < p.size(); ++i) {
          if (p[i].revents != 0) { // closed by the server (it never sends otherwise)
            ::close(fds_[i]);
            fds_[i] = -1;
          }
        }
      }
    }
  }

  int port_;
  std::vector<int> fds_;
  std::thread keeper_;
  std::atomic<bool> stop_{false};
  std::atomic<long> reopened_{0};
  std::atomic<int> open_{0};
};

/// A transport trusting `s.ca_bundle` when one is given.
template <class Transport, class Options> Transport make_transport(const settings& s) {
  Options o;
  o.ca_bundle = s.ca_bundle;
  return Transport(o);
}

/// Runs the load with one transport; prints one line.
template <class Transport, class Options>
void run(const char* name, const settings& s, idle_connections& idle) {
  auto setup = make_client(s.connection_string, make_transport<Transport, Options>(s));
  if (!setup) {
    std::fprintf(stderr, "emulator_load: bad connection string\n");
    std::exit(2);
  }
  const auto created = setup->create_room();
  if (!created) {
    std::fprintf(stderr, "emulator_load: %s: cannot create a room: %s\n", name,
                 created.error().message.c_str());
    return;
  }
  const std::string id = created->id;
  std::atomic<long> next{0};
  std::atomic<long> failed{0};
  std::mutex m;
  std::vector<double> latencies_us;
  const auto start = clock_type::now();
  const auto end_by = start + std::chrono::seconds(s.seconds);
  std::vector<std::thread> threads;
  for (int t = 0; t < s.threads; ++t) {
    threads.emplace_back([&] {
      auto client = make_client(s.connection_string, make_transport<Transport, Options>(s));
      std::vector<double> mine;
      while (next++ < s.requests && clock_type::now() < end_by) {
        const auto t0 = clock_type::now();
        const auto r = client->get_room(id);
        const auto t1 = clock_type::now();
        if (!r) {
          ++failed;
          continue;
        }
        mine.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
      }
      std::lock_guard<std::mutex> lock(m);
      latencies_us.insert(latencies_us.end(), mine.begin(), mine.end());
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  const double seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  std::sort(latencies_us.begin(), latencies_us.end());
  const auto pct = [&](double q) {
    return latencies_us.empty()
               ? 0.0
               : latencies_us[std::min(
                     latencies_us.size() - 1,
                     static_cast<std::size_t>(q * static_cast<double>(latencies_us.size())))];
  };
  std::printf("%-8s threads=%d ok=%zu failed=%ld in %.2f s: %.0f requests/s, p50 %.0f us, "
              "p99 %.0f us; idle open %d/%d (reopened %ld)\n",
              name, s.threads, latencies_us.size(), failed.load(), seconds,
              static_cast<double>(latencies_us.size()) / seconds, pct(0.50), pct(0.99),
              idle.open_now(), s.idle, idle.reopened());
  std::fflush(stdout);
}

int usage() {
  std::fprintf(stderr, "usage: emulator_load CONNECTION_STRING [--idle N] [--requests N] "
                       "[--seconds N] [--threads N] [--transports curl,httplib] [--ca-bundle PEM]\n"
                       "CONNECTION_STRING is the first line acs-rooms-emulator prints; its "
                       "endpoint must be http(s)://127.0.0.1:PORT or http(s)://localhost:PORT\n"
                       "(https: pass the certificate of --tls-cert-out as --ca-bundle).\n");
  return 2;
}

} // namespace

int main(int argc, char** argv) {
  settings s;
  if (argc < 2) {
    return usage();
  }
  s.connection_string = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--idle") {
      s.idle = std::clamp(std::atoi(value), 0, 2000);
    } else if (flag == "--requests") {
      s.requests = std::clamp(std::atol(value), 1L, 10000000L);
    } else if (flag == "--seconds") {
      s.seconds = std::clamp(std::atoi(value), 1, 600);
    } else if (flag == "--threads") {
      s.threads = std::clamp(std::atoi(value), 1, 64);
    } else if (flag == "--transports") {
      s.transports = value;
    } else if (flag == "--ca-bundle") {
      s.ca_bundle = value;
    } else {
      return usage();
    }
  }
  const auto parsed = parse_connection_string(s.connection_string);
  int port = 0;
  if (!parsed || !loopback_port(parsed->endpoint, port)) {
    std::fprintf(stderr, "emulator_load: the endpoint must be a loopback http(s):// one\n");
    return usage();
  }
  idle_connections idle(port, s.idle);
  std::this_thread::sleep_for(std::chrono::milliseconds(500)); // let them be accepted
  std::printf("emulator_load: %d idle connections to port %d, then up to %ld requests or %d s "
              "per transport\n",
              s.idle, port, s.requests, s.seconds);
  std::fflush(stdout);
#if defined(ACS_ROOMS_LOAD_CURL)
  if (s.transports.find("curl") != std::string::npos) {
    run<curl_transport, curl_transport_options>("curl", s, idle);
  }
#endif
#if defined(ACS_ROOMS_LOAD_HTTPLIB)
  if (s.transports.find("httplib") != std::string::npos) {
    run<httplib_transport, httplib_transport_options>("httplib", s, idle);
  }
#endif
  return 0;
}
