// SPDX-License-Identifier: MIT
// acs_rooms: a header-only C++ client for the Azure Communication Services Rooms API.

// The shipped transports over loopback: the whole client flow against the emulator behind a
// cpp-httplib server, and every failure mode against a small misbehaving server of raw sockets.

#include <acs/rooms.hpp>
#include <acs/rooms/detail/transport/common.hpp>
#include <acs/rooms/emulator.hpp>

#if ACS_ROOMS_TEST_HAVE_CURL
#include <acs/rooms/transport/curl.hpp>
#endif
#if ACS_ROOMS_TEST_HAVE_HTTPLIB
#include "http_server.hpp" // acs-rooms-emulator's network front (programs/emulator/)
#include <acs/rooms/transport/httplib.hpp>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#endif

#include <catch2/catch.hpp>

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
#include <functional>
#include <iostream>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace rooms = acs::rooms;
using namespace std::chrono_literals;

namespace {

// Any valid base64 key: the misbehaving server does not check signatures.
constexpr const char* test_key = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODk=";

/// The options struct of transport `T`.
template <class T> using options_of = std::decay_t<decltype(std::declval<const T&>().options())>;

/// Options for loopback tests: short timeouts so a hung case fails fast.
template <class T> options_of<T> quick_options(std::chrono::milliseconds total = 5000ms) {
  options_of<T> o;
  o.connect_timeout = 2000ms;
  o.total_timeout = total;
  return o;
}

/// A server on 127.0.0.1 made of raw sockets, in a thread, that reads each request (head and
/// body) and lets `answer` do what it likes with the connection. It gives up after 15 s.
class raw_server {
public:
  /// Writes to the connection; returns true to keep it open for another request.
  using answer_function = std::function<bool(int fd, const std::string& request)>;

  explicit raw_server(answer_function answer) : answer_(std::move(answer)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(listener_ >= 0);
    int yes = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(listener_, 8) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  raw_server(const raw_server&) = delete;
  raw_server& operator=(const raw_server&) = delete;
  ~raw_server() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }

  /// The port it listens on.
  int port() const { return port_; }
  /// "http://127.0.0.1:<port>".
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }
  /// A connection string for a client of this server.
  std::string connection_string() const {
    return "endpoint=" + origin() + "/;accesskey=" + test_key;
  }
  /// How many connections were accepted.
  int connections() const { return connections_; }
  /// The raw requests received (head and body), in order.
  std::vector<std::string> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }
  /// True when the server was asked to stop (answers that stall poll this).
  bool stopping() const { return stop_; }

  /// Sends all of `data`.
  static void write_all(int fd, const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
      const auto n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) {
        return;
      }
      sent += static_cast<std::size_t>(n);
    }
  }

private:
  /// Waits up to `ms` for `fd` to be readable.
  static bool readable(int fd, int ms) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, ms) > 0;
  }

  /// Reads one request (head, then Content-Length bytes of body); empty at EOF or timeout.
  std::string read_request(int fd, std::string& pending) const {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    std::size_t need = std::string::npos;
    char buffer[65536];
    while (!stop_ && std::chrono::steady_clock::now() < deadline) {
      const auto end = pending.find("\r\n\r\n");
      if (end != std::string::npos && need == std::string::npos) {
        std::size_t length = 0;
        std::string lower = pending.substr(0, end);
        for (char& c : lower) {
          c = rooms::detail::ascii_lower(c);
        }
        const auto at = lower.find("\r\ncontent-length:");
        if (at != std::string::npos) {
          length = std::stoul(lower.substr(at + 17));
        }
        need = end + 4 + length;
      }
      if (need != std::string::npos && pending.size() >= need) {
        std::string request = pending.substr(0, need);
        pending.erase(0, need);
        return request;
      }
      if (!readable(fd, 100)) {
        continue;
      }
      const auto n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) {
        return {};
      }
      pending.append(buffer, static_cast<std::size_t>(n));
    }
    return {};
  }

  void serve() {
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    while (!stop_ && std::chrono::steady_clock::now() < deadline) {
      if (!readable(listener_, 50)) {
        continue;
      }
      const int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) {
        continue;
      }
      ++connections_;
      std::string pending;
      while (!stop_) {
        std::string request = read_request(fd, pending);
        if (request.empty()) {
          break;
        }
        {
          std::lock_guard<std::mutex> lock(mutex_);
          requests_.push_back(request);
        }
        if (!answer_(fd, request)) {
          break;
        }
      }
      ::close(fd);
    }
  }

  answer_function answer_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
  std::thread thread_;
};

/// A complete HTTP/1.1 answer with a Content-Length.
std::string http_answer(int status, const std::string& reason, const std::string& type,
                        const std::string& body, const std::string& extra_headers = {}) {
  return "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Type: " + type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n" +
         body;
}

/// A port on 127.0.0.1 that nothing listens on (bound, then closed).
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

/// A GET of `url` with a Host header, as the signer would set it.
rooms::http_request get_request(const std::string& url) {
  rooms::http_request r;
  r.method = "GET";
  r.url = url;
  r.headers.add("Host", rooms::detail::parse_url(url)->authority());
  r.headers.add("Accept", "application/json");
  r.headers.add("User-Agent", "transport-test");
  return r;
}

/// Calls `f` (a client call), checking that it does not throw; returns its error.
template <class F> rooms::error error_of(F&& f) {
  std::optional<rooms::error> e;
  REQUIRE_NOTHROW([&] {
    auto r = f();
    REQUIRE_FALSE(r.has_value());
    e = r.error();
  }());
  return *e;
}

} // namespace

TEST_CASE("loopback hosts are recognised without resolving names", "[transport]") {
  using rooms::detail::is_loopback_host;
  CHECK(is_loopback_host("localhost"));
  CHECK(is_loopback_host("localhost."));
  CHECK(is_loopback_host("127.0.0.1"));
  CHECK(is_loopback_host("127.255.255.254"));
  CHECK(is_loopback_host("[::1]"));
  CHECK_FALSE(is_loopback_host("128.0.0.1"));
  CHECK_FALSE(is_loopback_host("127.0.0.1.example.com"));
  CHECK_FALSE(is_loopback_host("localhost.example.com"));
  CHECK_FALSE(is_loopback_host("127.1"));
  CHECK_FALSE(is_loopback_host("127.0.0.256"));
  CHECK_FALSE(is_loopback_host("[::2]"));
  CHECK_FALSE(is_loopback_host("example.com"));
}

// ---------------------------------------------------------------------------------------------
// Both transports, the same tests.

#if ACS_ROOMS_TEST_HAVE_CURL && ACS_ROOMS_TEST_HAVE_HTTPLIB
#define ACS_ROOMS_TEST_TRANSPORTS rooms::curl_transport, rooms::httplib_transport
#elif ACS_ROOMS_TEST_HAVE_CURL
#define ACS_ROOMS_TEST_TRANSPORTS rooms::curl_transport
#elif ACS_ROOMS_TEST_HAVE_HTTPLIB
#define ACS_ROOMS_TEST_TRANSPORTS rooms::httplib_transport
#endif

#ifdef ACS_ROOMS_TEST_TRANSPORTS

namespace {
/// Client options without retries: these tests check how one failed attempt is reported.
rooms::client_options no_retries() {
  rooms::client_options o;
  o.retry.max_retries = 0;
  return o;
}
} // namespace

TEMPLATE_TEST_CASE("transport defaults are safe", "[transport]", ACS_ROOMS_TEST_TRANSPORTS) {
  const TestType transport;
  CHECK(transport.options().verify_tls);
  CHECK_FALSE(transport.options().allow_insecure_http);
  CHECK(transport.options().connect_timeout == 10000ms);
  CHECK(transport.options().total_timeout == 60000ms);
  CHECK(transport.options().ca_bundle.empty());
  STATIC_REQUIRE(std::is_nothrow_move_constructible_v<TestType>);
  STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<TestType>);
  STATIC_REQUIRE(rooms::is_transport_v<TestType>);
}

TEMPLATE_TEST_CASE("plain http to a non-loopback host is refused before any connection",
                   "[transport]", ACS_ROOMS_TEST_TRANSPORTS) {
  TestType transport;
  const auto started = std::chrono::steady_clock::now();
  auto r = transport.send(get_request("http://rooms.example.invalid/rooms?api-version=1"));
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == rooms::errc::invalid_argument);
  CHECK(r.error().status == 0);
  CHECK_THAT(r.error().message, Catch::Contains("allow_insecure_http = true") &&
                                    Catch::Contains("rooms.example.invalid"));
  CHECK(std::chrono::steady_clock::now() - started < 1s);

  // Through the client: the same refusal, returned, not thrown.
  auto client = rooms::make_client(
      std::string("endpoint=http://rooms.example.invalid/;accesskey=") + test_key, TestType{});
  REQUIRE(client);
  const auto e = error_of([&] { return client->get_room("123"); });
  CHECK(e.kind == rooms::errc::invalid_argument);

  // A request with a header that would split it is refused too; the value is not echoed.
  auto bad = get_request("http://127.0.0.1:1/");
  bad.headers.add("X-Bad", "secret\r\nInjected: 1");
  auto refused = transport.send(bad);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().kind == rooms::errc::invalid_argument);
  CHECK_THAT(refused.error().message, !Catch::Contains("secret"));
}

TEMPLATE_TEST_CASE("a refused connection is a transport_error naming the host", "[transport]",
                   ACS_ROOMS_TEST_TRANSPORTS) {
  const int port = closed_port();
  auto client = rooms::make_client("endpoint=http://127.0.0.1:" + std::to_string(port) +
                                       "/;accesskey=" + test_key,
                                   TestType(quick_options<TestType>()), no_retries());
  REQUIRE(client);
  const auto e = error_of([&] { return client->get_room("123"); });
  CHECK(e.kind == rooms::errc::transport_error);
  CHECK(e.status == 0);
  CHECK_THAT(e.message, Catch::Contains("127.0.0.1:" + std::to_string(port)));
  CHECK_FALSE(e.client_request_id.empty());
}

TEMPLATE_TEST_CASE("a reset connection is a transport_error", "[transport]",
                   ACS_ROOMS_TEST_TRANSPORTS) {
  raw_server server([](int fd, const std::string&) {
    linger l{1, 0}; // close with RST
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    return false;
  });
  auto client = rooms::make_client(server.connection_string(), TestType(quick_options<TestType>()),
                                   no_retries());
  REQUIRE(client);
  const auto e = error_of([&] { return client->get_room("123"); });
  CHECK(e.kind == rooms::errc::transport_error);
  CHECK(e.status == 0);
  CHECK_THAT(e.message, Catch::Contains("127.0.0.1:" + std::to_string(server.port())));
}

TEMPLATE_TEST_CASE("a stalled answer ends at the total timeout", "[transport]",
                   ACS_ROOMS_TEST_TRANSPORTS) {
  std::atomic<bool> finished{false};
  raw_server server([&](int, const std::string&) {
    for (int i = 0; i < 60 && !finished; ++i) { // up to 3 s, or until the client gave up
      std::this_thread::sleep_for(50ms);
    }
    return false;
  });
  auto client = rooms::make_client(server.connection_string(),
                                   TestType(quick_options<TestType>(300ms)), no_retries());
  REQUIRE(client);
  const auto started = std::chrono::steady_clock::now();
  const auto e = error_of([&] { return client->get_room("123"); });
  const auto took = std::chrono::steady_clock::now() - started;
  finished = true;
  CHECK(e.kind == rooms::errc::transport_error);
  CHECK(e.status == 0);
  CHECK_THAT(e.message, Catch::Contains("300 ms"));
  CHECK(took >= 250ms);
  CHECK(took < 2s);
}

TEMPLATE_TEST_CASE("a truncated body is a transport_error", "[transport]",
                   ACS_ROOMS_TEST_TRANSPORTS) {
  raw_server server([](int fd, const std::string&) {
    raw_server::write_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                              "Content-Length: 1000\r\n\r\n{\"id\":\"123\",");
    return false;
  });
  auto client = rooms::make_client(server.connection_string(), TestType(quick_options<TestType>()),
                                   no_retries());
  REQUIRE(client);
  const auto e = error_of([&] { return client->get_room("123"); });
  CHECK(e.kind == rooms::errc::transport_error);
  CHECK(e.status == 0);
}

TEMPLATE_TEST_CASE("a 200 whose body is not JSON is a malformed_response", "[transport]",
                   ACS_ROOMS_TEST_TRANSPORTS) {
  raw_server server([](int fd, const std::string&) {
    raw_server::write_all(fd, http_answer(200, "OK", "application/json", "hello, world"));
    return true;
  });
  auto client = rooms::make_client(server.connection_string(), TestType(quick_options<TestType>()),
                                   no_retries());
  REQUIRE(client);
  const auto e = error_of([&] { return client->get_room("123"); });
  CHECK(e.kind == rooms::errc::malformed_response);
}

TEMPLATE_TEST_CASE("a 502 HTML page is a service_error with status 502", "[transport]",
                   ACS_ROOMS_TEST_TRANSPORTS) {
  const std::string page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
  raw_server server([&](int fd, const std::string&) {
    raw_server::write_all(fd, http_answer(502, "Bad Gateway", "text/html", page));
    return true;
  });
  auto client = rooms::make_client(server.connection_string(), TestType(quick_options<TestType>()),
                                   no_retries());
  REQUIRE(client);
  const auto e = error_of([&] { return client->get_room("123"); });
  CHECK(e.kind == rooms::errc::service_error);
  CHECK(e.status == 502);
  CHECK(e.raw_body == page);
}

TEMPLATE_TEST_CASE("large headers and a multi-megabyte body arrive intact", "[transport]",
                   ACS_ROOMS_TEST_TRANSPORTS) {
  std::string body(5 * 1024 * 1024, '\0');
  for (std::size_t i = 0; i < body.size(); ++i) {
    body[i] = static_cast<char>((i * 7919) % 251); // NULs and high bytes included
  }
  std::string headers;
  for (int i = 0; i < 100; ++i) {
    headers += "X-Filler-" + std::to_string(i) + ": " + std::string(100, 'a') + "\r\n";
  }
  headers += "X-Big: " + std::string(6000, 'b') + "\r\n";
  headers += "X-Repeat: first\r\nX-Repeat: second\r\n";
  raw_server server([&](int fd, const std::string&) {
    raw_server::write_all(fd, http_answer(200, "OK", "application/octet-stream", body, headers));
    return true;
  });
  TestType transport(quick_options<TestType>(10000ms));
  auto r = transport.send(get_request(server.origin() + "/big"));
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body.size() == body.size());
  CHECK(r->body == body);
  CHECK(r->headers.get("X-Big") == std::string(6000, 'b'));
  CHECK(r->headers.get("X-Filler-99") == std::string(100, 'a'));
  std::vector<std::string> repeats;
  for (const auto& [name, value] : r->headers) {
    if (rooms::detail::iequals(name, "X-Repeat")) {
      repeats.push_back(value);
    }
  }
  CHECK(repeats == std::vector<std::string>{"first", "second"});
  CHECK(r->headers.size() >= 104);
}

TEMPLATE_TEST_CASE("an answer over max_body_bytes is ResponseTooLarge, not retried",
                   "[transport][limits]", ACS_ROOMS_TEST_TRANSPORTS) {
  const bool chunked = GENERATE(false, true);
  CAPTURE(chunked);
  raw_server server([&](int fd, const std::string&) {
    if (!chunked) { // 2 MiB declared and sent
      raw_server::write_all(
          fd, http_answer(200, "OK", "application/json", std::string(2 * 1024 * 1024, 'x')));
      return false;
    }
    // No length, chunks without end: only the limit stops the client.
    raw_server::write_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n");
    const std::string chunk = "10000\r\n" + std::string(0x10000, 'y') + "\r\n";
    for (int i = 0; i < 1000 && !server.stopping(); ++i) {
      pollfd p{fd, POLLOUT, 0};
      if (::poll(&p, 1, 1000) <= 0 || ::send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL) <= 0) {
        break; // the client hung up
      }
    }
    return false;
  });
  auto options = quick_options<TestType>(10000ms);
  options.max_body_bytes = 1024 * 1024;
  rooms::client_options client_options; // default retries: 3
  client_options.retry.initial_delay = 1ms;
  auto client = rooms::make_client(server.connection_string(), TestType(options), client_options);
  REQUIRE(client);
  const auto e = error_of([&] { return client->get_room("123"); });
  CHECK(e.kind == rooms::errc::transport_error);
  CHECK(e.code == "ResponseTooLarge");
  CHECK(e.status == 200);
  CHECK(e.attempts == 1); // the same answer would come again
  CHECK_THAT(e.message, Catch::Contains("max_body_bytes (1048576 bytes)"));
  CHECK(server.requests().size() == 1);
}

TEMPLATE_TEST_CASE("a header block over max_header_bytes is ResponseTooLarge",
                   "[transport][limits]", ACS_ROOMS_TEST_TRANSPORTS) {
  raw_server server([&](int fd, const std::string&) {
    std::string headers;
    for (int i = 0; i < 200; ++i) { // about 20 KiB of fields
      headers += "X-Filler-" + std::to_string(i) + ": " + std::string(100, 'a') + "\r\n";
    }
    raw_server::write_all(fd, http_answer(200, "OK", "application/json", "{}", headers));
    return false;
  });
  auto options = quick_options<TestType>();
  options.max_header_bytes = 8 * 1024;
  TestType transport(options);
  auto r = transport.send(get_request(server.origin() + "/rooms/123"));
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == rooms::errc::transport_error);
  CHECK(r.error().code == "ResponseTooLarge");
  CHECK(r.error().status == 200);
  CHECK_THAT(r.error().message, Catch::Contains("max_header_bytes (8192 bytes)"));
}

TEMPLATE_TEST_CASE("headers that trickle in end at the total timeout, and on cancellation",
                   "[transport][limits]", ACS_ROOMS_TEST_TRANSPORTS) {
  const bool cancel = GENERATE(false, true);
  CAPTURE(cancel);
  std::atomic<bool> finished{false};
  raw_server server([&](int fd, const std::string&) {
    raw_server::write_all(fd, "HTTP/1.1 200 OK\r\n");
    const std::string fields = [] {
      std::string out;
      for (int i = 0; i < 40; ++i) {
        out += "X-Trickle: " + std::to_string(i) + "\r\n";
      }
      return out;
    }();
    for (std::size_t i = 0; i < 300 && !finished && !server.stopping(); ++i) { // a byte each 10 ms
      raw_server::write_all(fd, fields.substr(i, 1));
      std::this_thread::sleep_for(10ms);
    }
    return false;
  });
  TestType transport(quick_options<TestType>(cancel ? 10000ms : 400ms));
  rooms::cancellation_source source;
  rooms::send_options limits;
  limits.cancellation = source.token();
  std::thread canceller([&] {
    if (cancel) {
      std::this_thread::sleep_for(400ms);
      source.cancel();
    }
  });
  const auto started = std::chrono::steady_clock::now();
  auto r = transport.send(get_request(server.origin() + "/rooms/123"), limits);
  const auto took = std::chrono::steady_clock::now() - started;
  finished = true;
  canceller.join();
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == rooms::errc::transport_error);
  CHECK(r.error().status == 0);
  if (cancel) {
    CHECK_THAT(r.error().message, Catch::Contains("cancelled"));
  } else {
    CHECK_THAT(r.error().message, Catch::Contains("400 ms"));
  }
  CHECK(took >= 350ms);
  CHECK(took < 2000ms); // the trickle would last 3 s
}

TEMPLATE_TEST_CASE("a cancellation ends an exchange waiting on a silent server at once",
                   "[transport][cancel]", ACS_ROOMS_TEST_TRANSPORTS) {
  std::atomic<bool> finished{false};
  raw_server server([&](int, const std::string&) {
    for (int i = 0; i < 300 && !finished && !server.stopping(); ++i) { // silent up to 3 s
      std::this_thread::sleep_for(10ms);
    }
    return false;
  });
  TestType transport(quick_options<TestType>(10000ms));
  rooms::cancellation_source source;
  rooms::send_options limits;
  limits.cancellation = source.token();
  std::thread canceller([&] {
    std::this_thread::sleep_for(200ms);
    source.cancel();
  });
  const auto started = std::chrono::steady_clock::now();
  auto r = transport.send(get_request(server.origin() + "/rooms/123"), limits);
  const auto took = std::chrono::steady_clock::now() - started;
  finished = true;
  canceller.join();
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == rooms::errc::transport_error);
  CHECK_THAT(r.error().message, Catch::Contains("cancelled"));
  CHECK(took >= 190ms);
  CHECK(took < 300ms); // libcurl's progress callback alone came up to a second late
}

TEMPLATE_TEST_CASE("the request goes out as built: headers, Host and a large body", "[transport]",
                   ACS_ROOMS_TEST_TRANSPORTS) {
  raw_server server([](int fd, const std::string&) {
    raw_server::write_all(fd, http_answer(200, "OK", "application/json", "{}"));
    return true;
  });
  TestType transport(quick_options<TestType>(10000ms));
  rooms::http_request request;
  request.method = "PATCH";
  request.url = server.origin() + "/rooms/a%20b?api-version=2025-03-13";
  request.headers.add("Accept", "application/json");
  request.headers.add("Content-Type", "application/merge-patch+json");
  request.headers.add("Host", "signed.example:1234");
  request.headers.add("User-Agent", "transport-test");
  request.body = std::string(2 * 1024 * 1024, 'x'); // big enough for curl to want 100-continue
  auto r = transport.send(request);
  REQUIRE(r);
  CHECK(r->status == 200);
  const auto seen = server.requests();
  REQUIRE(seen.size() == 1);
  const std::string& raw = seen.front();
  const std::string head = raw.substr(0, raw.find("\r\n\r\n") + 2);
  CHECK_THAT(head, Catch::StartsWith("PATCH /rooms/a%20b?api-version=2025-03-13 HTTP/1.1\r\n"));
  CHECK_THAT(head, Catch::Contains("\r\nHost: signed.example:1234\r\n"));
  CHECK_THAT(head, Catch::Contains("\r\nContent-Type: application/merge-patch+json\r\n"));
  CHECK_THAT(head, Catch::Contains("\r\nContent-Length: 2097152\r\n"));
  CHECK_THAT(head, !Catch::Contains("Expect:", Catch::CaseSensitive::No));
  CHECK_THAT(head, !Catch::Contains("Accept-Encoding", Catch::CaseSensitive::No));
  CHECK_THAT(head, !Catch::Contains("Transfer-Encoding", Catch::CaseSensitive::No));
  CHECK(raw.substr(raw.find("\r\n\r\n") + 4) == request.body);
}

TEMPLATE_TEST_CASE("connections are reused across requests", "[transport]",
                   ACS_ROOMS_TEST_TRANSPORTS) {
  raw_server server([](int fd, const std::string&) {
    raw_server::write_all(fd, http_answer(200, "OK", "application/json", "{}"));
    return true;
  });
  TestType transport(quick_options<TestType>());
  for (int i = 0; i < 4; ++i) {
    auto r = transport.send(get_request(server.origin() + "/again"));
    REQUIRE(r);
  }
  CHECK(server.requests().size() == 4);
  CHECK(server.connections() == 1);

  // A moved-to transport keeps working, and so does the moved-from one (with a new handle).
  {
    TestType moved = std::move(transport);
    CHECK(moved.send(get_request(server.origin() + "/moved")));
  } // closes the connection: the server answers one connection at a time
  CHECK(transport.send(get_request(server.origin() + "/moved-from"))); // NOLINT: by design
  CHECK(server.connections() == 2);
}

#endif // ACS_ROOMS_TEST_TRANSPORTS

#if ACS_ROOMS_TEST_HAVE_CURL
TEST_CASE("curl_transport: a name that does not resolve is a transport_error", "[transport]") {
  rooms::curl_transport_options o;
  o.allow_insecure_http = true; // past the loopback rule, to reach the resolver
  o.connect_timeout = 3000ms;
  o.total_timeout = 5000ms;
  rooms::curl_transport transport(o);
  auto r = transport.send(get_request("http://rooms.example.invalid/rooms"));
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == rooms::errc::transport_error);
  CHECK(r.error().status == 0);
  CHECK_THAT(r.error().message, Catch::Contains("rooms.example.invalid"));
}
#endif

// ---------------------------------------------------------------------------------------------
// TLS: verification is on by default, can be pointed at a CA file, and can be turned off.

#if ACS_ROOMS_TEST_HAVE_HTTPLIB
namespace {

/// A self-signed certificate (by default for localhost and 127.0.0.1; else for `common_name`
/// and `alt_names`), made in memory, served by httplib::SSLServer on 127.0.0.1, with its
/// PEM written to a file to use as a CA bundle.
class tls_server {
public:
  explicit tls_server(const char* common_name = "localhost",
                      const char* alt_names = "DNS:localhost,IP:127.0.0.1") {
    key_ = EVP_EC_gen("P-256");
    REQUIRE(key_ != nullptr);
    cert_ = X509_new();
    X509_set_version(cert_, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert_), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert_), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert_), 3600);
    X509_set_pubkey(cert_, key_);
    X509_NAME* name = X509_get_subject_name(cert_);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
    X509_set_issuer_name(cert_, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert_, cert_, nullptr, nullptr, 0);
    for (const auto& [nid, value] : {std::pair<int, const char*>{NID_subject_alt_name, alt_names},
                                     {NID_basic_constraints, "critical,CA:TRUE"}}) {
      X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
      REQUIRE(ext != nullptr);
      X509_add_ext(cert_, ext, -1);
      X509_EXTENSION_free(ext);
    }
    REQUIRE(X509_sign(cert_, key_, EVP_sha256()) > 0);

    char path[] = "/tmp/acs_rooms_ca_XXXXXX";
    const int fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    ca_path_ = path;
    FILE* file = ::fdopen(fd, "w");
    REQUIRE(file != nullptr);
    PEM_write_X509(file, cert_);
    std::fclose(file);

    server_ = std::make_unique<httplib::SSLServer>(cert_, key_);
    REQUIRE(server_->is_valid());
    server_->Get("/hello", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("hello over tls", "text/plain");
    });
    port_ = server_->bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_->listen_after_bind(); });
  }
  tls_server(const tls_server&) = delete;
  tls_server& operator=(const tls_server&) = delete;
  ~tls_server() {
    server_->stop();
    thread_.join();
    server_.reset();
    std::remove(ca_path_.c_str());
    X509_free(cert_);
    EVP_PKEY_free(key_);
  }
  /// "https://<host>:<port>/hello".
  std::string url(const std::string& host) const {
    return "https://" + host + ":" + std::to_string(port_) + "/hello";
  }
  /// A PEM file holding the certificate, to trust it.
  const std::string& ca_path() const { return ca_path_; }

private:
  EVP_PKEY* key_ = nullptr;
  X509* cert_ = nullptr;
  std::string ca_path_;
  std::unique_ptr<httplib::SSLServer> server_;
  int port_ = 0;
  std::thread thread_;
};

} // namespace

#if ACS_ROOMS_TEST_HAVE_CURL
#define ACS_ROOMS_TEST_TLS_TRANSPORTS rooms::curl_transport, rooms::httplib_transport
#else
#define ACS_ROOMS_TEST_TLS_TRANSPORTS rooms::httplib_transport
#endif

TEMPLATE_TEST_CASE("TLS is verified by default", "[transport][tls]",
                   ACS_ROOMS_TEST_TLS_TRANSPORTS) {
  tls_server server;
  SECTION("an untrusted certificate is a transport_error") {
    TestType transport(quick_options<TestType>());
    auto r = transport.send(get_request(server.url("localhost")));
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == rooms::errc::transport_error);
    CHECK(r.error().status == 0);
    CHECK_THAT(r.error().message, Catch::Contains("localhost:") &&
                                      Catch::Contains("certificate", Catch::CaseSensitive::No));
  }
  SECTION("a trusted certificate for another host is refused, whatever its common name") {
    // The second: only the common name is this host (cpp-httplib alone would accept it).
    const auto common_name = GENERATE("rooms.example.test", "localhost");
    CAPTURE(common_name);
    tls_server other(common_name, "DNS:rooms.example.test");
    auto options = quick_options<TestType>();
    options.ca_bundle = other.ca_path();
    TestType transport(options);
    for (const char* host : {"localhost", "127.0.0.1"}) {
      auto r = transport.send(get_request(other.url(host)));
      REQUIRE_FALSE(r);
      CHECK(r.error().kind == rooms::errc::transport_error);
      CHECK(r.error().status == 0);
    }
  }
  SECTION("a CA bundle that holds it makes it trusted, for the name and the address") {
    auto o = quick_options<TestType>();
    o.ca_bundle = server.ca_path();
    TestType transport(o);
    for (const char* host : {"localhost", "127.0.0.1"}) {
      auto r = transport.send(get_request(server.url(host)));
      REQUIRE(r);
      CHECK(r->status == 200);
      CHECK(r->body == "hello over tls");
    }
  }
  SECTION("verify_tls = false accepts it") {
    auto o = quick_options<TestType>();
    o.verify_tls = false;
    TestType transport(o);
    auto r = transport.send(get_request(server.url("localhost")));
    REQUIRE(r);
    CHECK(r->body == "hello over tls");
  }
}
#endif // ACS_ROOMS_TEST_HAVE_HTTPLIB

// ---------------------------------------------------------------------------------------------
// The whole client flow over loopback HTTP, against the emulator behind a cpp-httplib server.

#if ACS_ROOMS_TEST_HAVE_HTTPLIB
namespace {

/// The emulator served on 127.0.0.1 by the shipped front, in a thread, counting the traffic.
class emulator_server {
public:
  explicit emulator_server(std::size_t page_size)
      : emulator_(make_options(page_size)), front_(emulator_) {
    front_.on_request([this](const rooms::http_request&, unsigned short remote_port) {
      std::lock_guard<std::mutex> lock(mutex_);
      remote_ports_.insert(remote_port);
      ++requests_;
    });
    REQUIRE(front_.bind("127.0.0.1") > 0);
    front_.start();
  }
  /// The connection string of the served emulator.
  std::string connection_string() const { return front_.connection_string(); }
  /// How many requests came, and over how many distinct client ports (connections).
  std::pair<int, std::size_t> traffic() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return {requests_, remote_ports_.size()};
  }

private:
  static rooms::emulator_options make_options(std::size_t page_size) {
    rooms::emulator_options o;
    o.page_size = page_size;
    return o;
  }
  rooms::emulator emulator_;
  mutable std::mutex mutex_;
  std::set<int> remote_ports_;
  int requests_ = 0;
  rooms::emulator_http_server front_; // last: stopped before what its handler uses goes
};

template <class Transport> void run_client_flow(Transport transport) {
  emulator_server server(2);
  auto made = rooms::make_client(server.connection_string(), std::move(transport));
  REQUIRE(made);
  auto& client = *made;

  const auto start = std::chrono::system_clock::now() + 24h;
  rooms::create_room_options create;
  create.valid_from = start;
  create.valid_until = start + 48h;
  create.pstn_dial_out_enabled = true;
  create.participants = {{rooms::communication_identifier::from_raw_id("8:acs:res_alice"),
                          rooms::participant_role::presenter},
                         {rooms::communication_identifier::from_raw_id("8:acs:res_bob"),
                          rooms::participant_role::attendee},
                         {rooms::communication_identifier::from_raw_id("8:acs:res_carol"),
                          rooms::participant_role::collaborator}};
  auto created = client.create_room(create);
  REQUIRE(created);
  CHECK(created->pstn_dial_out_enabled);
  CHECK(std::chrono::abs(created->valid_until - created->valid_from - 48h) < 1s);
  std::string other_id;
  for (int i = 0; i < 4; ++i) {
    auto more = client.create_room();
    REQUIRE(more);
    other_id = more->id;
  }

  auto got = client.get_room(created->id);
  REQUIRE(got);
  CHECK(got->id == created->id);

  rooms::update_room_options update;
  update.valid_until = start + 72h;
  update.pstn_dial_out_enabled = false;
  auto updated = client.update_room(created->id, update);
  REQUIRE(updated);
  CHECK_FALSE(updated->pstn_dial_out_enabled);
  CHECK(std::chrono::abs(updated->valid_until - (start + 72h)) < 1s);

  std::size_t listed = 0;
  for (const auto& r : client.list_rooms()) { // three pages of two
    (void)r;
    ++listed;
  }
  CHECK(listed == 5);

  REQUIRE(client.add_or_update_participants(
      created->id, {{rooms::communication_identifier::from_raw_id("8:acs:res_dave"),
                     rooms::participant_role::consumer},
                    {rooms::communication_identifier::from_raw_id("8:acs:res_bob"),
                     rooms::participant_role::presenter}}));
  REQUIRE(client.remove_participants(
      created->id, {rooms::communication_identifier::from_raw_id("8:acs:res_alice")}));
  std::vector<std::pair<std::string, std::string>> roster;
  for (const auto& p : client.list_participants(created->id)) {
    roster.emplace_back(p.id.raw_id(), p.role.value());
  }
  std::sort(roster.begin(), roster.end());
  CHECK(roster ==
        std::vector<std::pair<std::string, std::string>>{{"8:acs:res_bob", "Presenter"},
                                                         {"8:acs:res_carol", "Collaborator"},
                                                         {"8:acs:res_dave", "Consumer"}});

  REQUIRE(client.delete_room(created->id));
  const auto gone = error_of([&] { return client.get_room(created->id); });
  CHECK(gone.kind == rooms::errc::service_error);
  CHECK(gone.status == 404);

  const auto too_long = error_of([&] {
    rooms::update_room_options o;
    o.valid_until = std::chrono::system_clock::now() + 24h * 365; // over 180 days
    return client.update_room(other_id, o);
  });
  CHECK(too_long.kind == rooms::errc::service_error);
  CHECK(too_long.status == 400);

  const auto [requests, connections] = server.traffic();
  CHECK(requests >= 15);
  CHECK(connections < static_cast<std::size_t>(requests)); // keep-alive at work
}

} // namespace

#if ACS_ROOMS_TEST_HAVE_CURL
TEST_CASE("curl_transport runs the whole client flow against the emulator over HTTP",
          "[transport][emulator]") {
  run_client_flow(rooms::curl_transport(quick_options<rooms::curl_transport>()));
}
#endif

TEST_CASE("httplib_transport runs the whole client flow against the emulator over HTTP",
          "[transport][emulator]") {
  run_client_flow(rooms::httplib_transport(quick_options<rooms::httplib_transport>()));
}
#endif // ACS_ROOMS_TEST_HAVE_HTTPLIB

// ---------------------------------------------------------------------------------------------
// URLs that would split the request line, and kept-alive connections the server has closed.

TEST_CASE("a URL with a control character, a space or a non-ASCII byte is not valid",
          "[transport]") {
  using rooms::detail::invalid_url_char;
  using rooms::detail::url_is_valid;
  CHECK(url_is_valid("https://x.example/rooms/a%20b?api-version=2025-03-13&skip=1#f"));
  CHECK(invalid_url_char("https://x.example/p?q=%0D%0A") == std::string_view::npos);
  CHECK_FALSE(url_is_valid("https://x.example/rooms?x=1\r\nInjected: 1"));
  CHECK(invalid_url_char("https://x.example/rooms?x=1\r\nInjected: 1") == 27);
  CHECK_FALSE(url_is_valid("https://x.example/rooms a"));
  CHECK_FALSE(url_is_valid("https://x.example/rooms\ta"));
  CHECK_FALSE(url_is_valid("https://x.example/caf\xC3\xA9"));
  CHECK_FALSE(url_is_valid("https://x.example/\x7F"));
  CHECK_FALSE(url_is_valid(std::string_view("https://x.example/\0a", 20)));
  CHECK_FALSE(url_is_valid("/rooms?api-version=1")); // not absolute
}

#ifdef ACS_ROOMS_TEST_TRANSPORTS

TEMPLATE_TEST_CASE("a URL that would split the request line is refused before any connection",
                   "[transport]", ACS_ROOMS_TEST_TRANSPORTS) {
  raw_server server([](int fd, const std::string&) {
    raw_server::write_all(fd, http_answer(200, "OK", "application/json", "{}"));
    return true;
  });
  TestType transport(quick_options<TestType>());
  for (const std::string tail :
       {"/rooms?skip=1\r\nInjected: 1", "/rooms?skip=1 HTTP/1.1\r\nX: y", "/rooms?skip=a b",
        "/rooms/caf\xC3\xA9", "/rooms?skip=\x01", "/rooms\n"}) {
    auto r = transport.send(get_request(server.origin() + tail));
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == rooms::errc::invalid_argument);
    CHECK(r.error().status == 0);
    CHECK_THAT(r.error().message, Catch::Contains("URL") && !Catch::Contains("Injected") &&
                                      !Catch::Contains("\r") && !Catch::Contains("\n"));
  }
  // Nothing reached the server: the only request it saw is this valid one, sent afterwards.
  REQUIRE(transport.send(get_request(server.origin() + "/rooms?skip=1")));
  const auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  CHECK_THAT(requests[0], Catch::StartsWith("GET /rooms?skip=1 HTTP/1.1\r\n"));
  CHECK(server.connections() == 1);
}

TEMPLATE_TEST_CASE("a request on a kept-alive connection the server closed is sent again once",
                   "[transport]", ACS_ROOMS_TEST_TRANSPORTS) {
  // The first request is answered and the connection kept; the second is read and the
  // connection closed without an answer, as when a server's idle timeout closes a connection
  // just as the client reuses it. `reset` closes with RST instead of FIN.
  const bool reset = GENERATE(false, true);
  std::atomic<int> seen{0};
  raw_server server([&seen, reset](int fd, const std::string&) {
    if (++seen == 2) {
      if (reset) {
        linger l{1, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
      }
      return false;
    }
    raw_server::write_all(fd, http_answer(200, "OK", "application/json", "{}"));
    return true;
  });
  TestType transport(quick_options<TestType>());
  REQUIRE(transport.send(get_request(server.origin() + "/first")));
  auto r = transport.send(get_request(server.origin() + "/second"));
  REQUIRE(r);
  CHECK(r->status == 200);
  const auto requests = server.requests();
  REQUIRE(requests.size() == 3);
  CHECK_THAT(requests[1], Catch::StartsWith("GET /second HTTP/1.1\r\n"));
  CHECK_THAT(requests[2], Catch::StartsWith("GET /second HTTP/1.1\r\n"));
  CHECK(server.connections() == 2);
}

TEMPLATE_TEST_CASE("a request is sent again at most once, and a fresh connection's failure is "
                   "not retried",
                   "[transport]", ACS_ROOMS_TEST_TRANSPORTS) {
  std::atomic<int> seen{0};
  raw_server server([&seen](int fd, const std::string&) {
    if (++seen == 1) {
      raw_server::write_all(fd, http_answer(200, "OK", "application/json", "{}"));
      return true;
    }
    return false; // every later request: read, then the connection is closed unanswered
  });
  TestType transport(quick_options<TestType>());
  REQUIRE(transport.send(get_request(server.origin() + "/first")));
  auto r = transport.send(get_request(server.origin() + "/second"));
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == rooms::errc::transport_error);
  CHECK(r.error().status == 0);
  CHECK(server.requests().size() == 3); // first, second, second again on a new connection
  CHECK(server.connections() == 2);

  // On a new connection (the last one was closed) a failure is final: one more request.
  auto again = transport.send(get_request(server.origin() + "/third"));
  REQUIRE_FALSE(again);
  CHECK(again.error().kind == rooms::errc::transport_error);
  CHECK(server.requests().size() == 4);
  CHECK(server.connections() == 3);
}

#endif // ACS_ROOMS_TEST_TRANSPORTS

#if ACS_ROOMS_TEST_HAVE_HTTPLIB
TEST_CASE("httplib_transport sends a POST again only when it carries a Repeatability-Request-ID",
          "[transport]") {
  std::atomic<int> seen{0};
  raw_server server([&seen](int fd, const std::string&) {
    // Requests 2 and 4 arrive on a kept connection and are dropped unanswered.
    const int n = ++seen;
    if (n == 2 || n == 4) {
      return false;
    }
    raw_server::write_all(fd, http_answer(201, "Created", "application/json", "{}"));
    return true;
  });
  rooms::httplib_transport transport(quick_options<rooms::httplib_transport>());
  auto post = get_request(server.origin() + "/rooms");
  post.method = "POST";
  post.headers.add("Content-Type", "application/json");
  post.body = "{}";

  REQUIRE(transport.send(post)); // 1: answered, connection kept
  // 2: dropped, and not sent again: the server may have created the room.
  auto r = transport.send(post);
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == rooms::errc::transport_error);
  CHECK(server.requests().size() == 2);

  REQUIRE(transport.send(post)); // 3: a new connection, kept
  // 4: dropped, 5: sent again, since the service answers a repeat as it answered the first.
  post.headers.add("Repeatability-Request-ID", "3e9a8f5c-2a3b-4c1d-9e8f-0a1b2c3d4e5f");
  post.headers.add("Repeatability-First-Sent", "Tue, 01 Jul 2025 10:00:00 GMT");
  auto repeated = transport.send(post);
  REQUIRE(repeated);
  CHECK(repeated->status == 201);
  const auto requests = server.requests();
  REQUIRE(requests.size() == 5);
  CHECK(requests[3] == requests[4]);
  CHECK(server.connections() == 3);
}
#endif

TEMPLATE_TEST_CASE("the call's timeout reaches the transport: a stall ends at the call's deadline",
                   "[transport][resilience]", ACS_ROOMS_TEST_TRANSPORTS) {
  std::atomic<bool> finished{false};
  raw_server server([&](int, const std::string&) {
    for (int i = 0; i < 100 && !finished; ++i) { // up to 5 s, or until the client gave up
      std::this_thread::sleep_for(50ms);
    }
    return false;
  });
  // The transport would wait 60 s; the call allows 300 ms, retries included.
  auto client =
      rooms::make_client(server.connection_string(), TestType(quick_options<TestType>(60000ms)));
  REQUIRE(client);
  rooms::call_options limits;
  limits.timeout = 300ms;
  const auto started = std::chrono::steady_clock::now();
  const auto got = client->get_room("123", limits);
  const auto took = std::chrono::steady_clock::now() - started;
  finished = true;
  REQUIRE_FALSE(got);
  CHECK(got.error().kind == rooms::errc::timed_out);
  CHECK(got.error().attempts == 1);
  CHECK_THAT(got.error().message, Catch::Contains("remaining time"));
  CHECK(took < 4s); // bounded by the call, not by the transport's 60 s
}

TEMPLATE_TEST_CASE("a 503 with Retry-After is retried over loopback and then succeeds",
                   "[transport][resilience]", ACS_ROOMS_TEST_TRANSPORTS) {
  std::atomic<int> answered{0};
  raw_server server([&](int fd, const std::string&) {
    if (answered++ == 0) {
      raw_server::write_all(fd, "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
                                "Content-Length: 0\r\n\r\n");
    } else {
      const std::string body = R"({"id":"123","createdAt":"2026-01-01T00:00:00Z",)"
                               R"("validFrom":"2026-01-01T00:00:00Z",)"
                               R"("validUntil":"2026-02-01T00:00:00Z","pstnDialOutEnabled":false})";
      raw_server::write_all(fd, http_answer(200, "OK", "application/json", body));
    }
    return true;
  });
  std::vector<std::chrono::milliseconds> slept;
  rooms::client_options o;
  o.sleep = [&slept](std::chrono::milliseconds d) { slept.push_back(d); };
  auto client =
      rooms::make_client(server.connection_string(), TestType(quick_options<TestType>()), o);
  REQUIRE(client);
  const auto got = client->get_room("123");
  REQUIRE(got);
  CHECK(got->id == "123");
  CHECK(answered == 2);
  CHECK(slept == std::vector<std::chrono::milliseconds>{1000ms});
  const auto requests = server.requests();
  REQUIRE(requests.size() == 2);
  const auto request_id = [](const std::string& raw) {
    const auto at = raw.find("x-ms-client-request-id: ");
    return at == std::string::npos ? std::string() : raw.substr(at, 60);
  };
  CHECK(!request_id(requests[0]).empty());
  CHECK(request_id(requests[0]) == request_id(requests[1]));
}
