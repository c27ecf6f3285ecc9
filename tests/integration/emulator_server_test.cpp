// SPDX-License-Identifier: MIT
// acs_rooms tests: emulator_http_server's connection handling, over raw loopback sockets.

#if defined(ACS_ROOMS_TEST_HAVE_HTTPLIB) && defined(__linux__)

#include <acs/rooms.hpp>
#include <acs/rooms/emulator.hpp>
#include <acs/rooms/transport/httplib.hpp>

#include "http_server.hpp" // acs-rooms-emulator's network front (programs/emulator/)

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace acs::rooms;
using namespace std::chrono_literals;

/// Long enough never to pass on a working machine: only a hang reaches it.
constexpr int generous_ms = 20000;

/// A connected loopback socket, closed on destruction.
struct raw_socket {
  int fd = -1;
  std::string pending; // received, not yet consumed

  explicit raw_socket(int port) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0);
  }
  raw_socket(const raw_socket&) = delete;
  raw_socket& operator=(const raw_socket&) = delete;
  ~raw_socket() { ::close(fd); }

  void send_all(const std::string& bytes) const {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      REQUIRE(n > 0);
      sent += static_cast<std::size_t>(n);
    }
  }

  /// Appends what arrives to `pending`; false on end of stream or error (or the bound).
  bool receive_more() {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, generous_ms) <= 0) {
      FAIL("nothing arrived within the generous bound");
    }
    char buf[4096];
    const ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) {
      return false;
    }
    pending.append(buf, static_cast<std::size_t>(n));
    return true;
  }

  /// True when the server closed the connection (end of stream, or reset) with nothing more
  /// to read.
  bool closed_by_server() {
    while (receive_more()) {
    }
    return true;
  }

  /// The next whole response: its status line and headers (lower-cased) and its body.
  struct response {
    int status = 0;
    std::string head;
    std::string body;
  };
  response next_response() {
    std::size_t end;
    while ((end = pending.find("\r\n\r\n")) == std::string::npos) {
      REQUIRE(receive_more());
    }
    response r;
    r.head = pending.substr(0, end + 2);
    for (char& c : r.head) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    REQUIRE(r.head.rfind("http/1.1 ", 0) == 0);
    r.status = std::stoi(r.head.substr(9, 3));
    std::size_t length = 0;
    const auto cl = r.head.find("\r\ncontent-length: ");
    if (cl != std::string::npos) {
      length = std::stoul(r.head.substr(cl + 18));
    }
    while (pending.size() < end + 4 + length) {
      REQUIRE(receive_more());
    }
    r.body = pending.substr(end + 4, length);
    pending.erase(0, end + 4 + length);
    return r;
  }
};

/// An emulator served on a free loopback port with `options`.
struct served {
  emulator emu;
  emulator_http_server server;
  int port;

  explicit served(emulator_server_options options) : server(emu, options) {
    port = server.bind();
    REQUIRE(port > 0);
    server.start();
  }
};

std::string get_rooms(const std::string& extra = "") {
  return "GET /rooms?api-version=2025-03-13 HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
}

} // namespace

TEST_CASE("emulator server: an oversized body is answered 413 before it is sent",
          "[emulator_server]") {
  emulator_server_options o;
  o.max_body_bytes = 1024;
  served s(o);
  raw_socket c(s.port);
  // Only the headers: were the server to wait for the body, no answer would come.
  c.send_all("POST /rooms?api-version=2025-03-13 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
             "Content-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n");
  const auto r = c.next_response();
  CHECK(r.status == 413);
  CHECK(r.head.find("\r\nconnection: close\r\n") != std::string::npos);
  CHECK(r.head.find("x-ms-error-code: requestentitytoolarge") != std::string::npos);
  CHECK(c.closed_by_server());
  CHECK(s.emu.room_count() == 0);
}

TEST_CASE("emulator server: an unauthenticated body is refused before it is read",
          "[emulator_server]") {
  served s(emulator_server_options{});
  SECTION("no Authorization: 401 from the headers") {
    raw_socket c(s.port);
    c.send_all("POST /rooms?api-version=2025-03-13 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n");
    const auto r = c.next_response();
    CHECK(r.status == 401);
    CHECK(r.head.find("x-ms-error-code: unauthorized") != std::string::npos);
    CHECK(c.closed_by_server());
  }
  SECTION("a body of no declared length: 411") {
    raw_socket c(s.port);
    c.send_all("POST /rooms?api-version=2025-03-13 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
    const auto r = c.next_response();
    CHECK(r.status == 411);
    CHECK(c.closed_by_server());
  }
  SECTION("Expect: 100-continue gets the refusal instead of the 100") {
    raw_socket c(s.port);
    c.send_all("POST /rooms?api-version=2025-03-13 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               "Content-Type: application/json\r\nContent-Length: 10\r\n"
               "Expect: 100-continue\r\n\r\n");
    const auto r = c.next_response();
    CHECK(r.status == 401);
    CHECK(c.closed_by_server());
  }
  CHECK(s.emu.room_count() == 0);
}

TEST_CASE("emulator server: a signed create still works through the early checks",
          "[emulator_server]") {
  served s(emulator_server_options{});
  auto client = make_client(s.server.connection_string(), httplib_transport{});
  REQUIRE(client.has_value());
  const auto room = client->create_room();
  REQUIRE(room.has_value());
  CHECK(s.emu.room_count() == 1);
}

TEST_CASE("emulator server: idle and trickling connections are closed", "[emulator_server]") {
  emulator_server_options o;
  o.idle_timeout = 200ms;
  o.read_timeout = 200ms;
  served s(o);
  SECTION("a connection that never sends") {
    raw_socket c(s.port);
    CHECK(c.closed_by_server());
  }
  SECTION("a request that stops half-way through its headers") {
    raw_socket c(s.port);
    c.send_all("GET /rooms?api-version=2025-03-13 HTTP/1.1\r\nHost: 12");
    CHECK(c.closed_by_server());
    CHECK(c.pending.find("HTTP/1.1 200") == std::string::npos); // nothing was served
  }
  SECTION("a connection idle after a request") {
    raw_socket c(s.port);
    c.send_all(get_rooms());
    CHECK(c.next_response().status == 401);
    CHECK(c.closed_by_server());
  }
}

TEST_CASE("emulator server: idle connections hold no worker", "[emulator_server]") {
  emulator_server_options o;
  o.workers = 2;
  o.idle_timeout = 60s; // the idle sockets stay open for the whole test
  served s(o);
  std::vector<std::unique_ptr<raw_socket>> idle;
  for (int i = 0; i < 50; ++i) {
    idle.push_back(std::make_unique<raw_socket>(s.port));
  }
  auto client = make_client(s.server.connection_string(), httplib_transport{});
  REQUIRE(client.has_value());
  for (int i = 0; i < 3; ++i) {
    CHECK(client->create_room().has_value());
    auto rooms = client->list_rooms();
    CHECK(rooms.next_page().has_value());
  }
  CHECK(s.emu.room_count() == 3);
}

TEST_CASE("emulator server: one connection serves many requests, pipelined too",
          "[emulator_server]") {
  served s(emulator_server_options{});
  raw_socket c(s.port);
  for (int i = 0; i < 20; ++i) { // more than cpp-httplib's default of 5
    c.send_all(get_rooms());
    const auto r = c.next_response();
    CHECK(r.status == 401);
    CHECK(r.head.find("connection: close") == std::string::npos);
  }
  c.send_all(get_rooms() + get_rooms() + get_rooms("Connection: close\r\n"));
  CHECK(c.next_response().status == 401);
  CHECK(c.next_response().status == 401);
  const auto last = c.next_response();
  CHECK(last.status == 401);
  CHECK(last.head.find("connection: close") != std::string::npos);
  CHECK(c.closed_by_server());
}

namespace {

/// The server's end of `client` (a connection to `port` in this process), found among this
/// process's descriptors once the server has accepted it; -1 if it never appears.
int server_end_of(const raw_socket& client, int port) {
  sockaddr_in mine{};
  socklen_t len = sizeof(mine);
  REQUIRE(::getsockname(client.fd, reinterpret_cast<sockaddr*>(&mine), &len) == 0);
  for (int attempt = 0; attempt < 2000; ++attempt) {
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
      const int fd = std::atoi(entry.path().filename().c_str());
      sockaddr_in local{};
      sockaddr_in peer{};
      socklen_t a = sizeof(local);
      socklen_t b = sizeof(peer);
      if (fd != client.fd && ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &a) == 0 &&
          local.sin_family == AF_INET && ntohs(local.sin_port) == port &&
          ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &b) == 0 &&
          peer.sin_port == mine.sin_port) {
        return fd;
      }
    }
    std::this_thread::sleep_for(1ms); // the accept is under way on the server's thread
  }
  return -1;
}

bool nodelay(int fd) {
  int on = 0;
  socklen_t size = sizeof(on);
  REQUIRE(::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, &size) == 0);
  return on != 0;
}

/// Sends up to `total` bytes of `chunk` repeated, stopping when the server stops taking them;
/// the bytes sent.
std::size_t send_until_refused(const raw_socket& c, const std::string& chunk, std::size_t total) {
  std::size_t sent = 0;
  while (sent < total) {
    const ssize_t n = ::send(c.fd, chunk.data(), chunk.size(), MSG_NOSIGNAL);
    if (n <= 0) {
      break;
    }
    sent += static_cast<std::size_t>(n);
  }
  return sent;
}

/// Waits (bounded) until the server holds `n` connections.
void wait_for_connections(const emulator_http_server& server, std::size_t n) {
  for (int i = 0; i < generous_ms && server.connections() != n; ++i) {
    std::this_thread::sleep_for(1ms);
  }
  REQUIRE(server.connections() == n);
}

} // namespace

TEST_CASE("emulator server: accepted connections get TCP_NODELAY", "[emulator_server]") {
  emulator_server_options o;
  o.idle_timeout = 60s;
  SECTION("on by default") {
    served s(o);
    raw_socket c(s.port);
    const int fd = server_end_of(c, s.port);
    REQUIRE(fd >= 0);
    wait_for_connections(s.server, 1); // admitted: its options are set
    CHECK(nodelay(fd));
  }
  SECTION("off when asked: the control") {
    o.tcp_nodelay = false;
    served s(o);
    raw_socket c(s.port);
    const int fd = server_end_of(c, s.port);
    REQUIRE(fd >= 0);
    wait_for_connections(s.server, 1); // admitted: its options are set
    CHECK_FALSE(nodelay(fd));
  }
}

TEST_CASE("emulator server: request headers are capped (431, then closed)", "[emulator_server]") {
  emulator_server_options o;
  o.max_header_bytes = 2048;
  o.max_header_count = 20;
  served s(o);
  SECTION("endless header bytes") {
    raw_socket c(s.port);
    c.send_all("GET /rooms?api-version=2025-03-13 HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    // 64 KiB of one endless header line: the server stops reading after 2 KiB.
    send_until_refused(c, "X-Endless: " + std::string(1000, 'a'), 64 * 1024);
    const auto r = c.next_response();
    CHECK(r.status == 431);
    CHECK(r.head.find("x-ms-error-code: requestheaderfieldstoolarge") != std::string::npos);
    CHECK(r.head.find("\r\nconnection: close\r\n") != std::string::npos);
    CHECK(c.closed_by_server());
  }
  SECTION("too many fields, each small") {
    raw_socket c(s.port);
    std::string many;
    for (int i = 0; i < 30; ++i) {
      many += "X-" + std::to_string(i) + ": 1\r\n";
    }
    c.send_all(get_rooms(many));
    const auto r = c.next_response();
    CHECK(r.status == 431);
    CHECK(c.closed_by_server());
  }
  SECTION("under both caps: served as usual") {
    raw_socket c(s.port);
    c.send_all(get_rooms("X-A: 1\r\nX-B: " + std::string(1000, 'b') + "\r\n"));
    CHECK(c.next_response().status == 401);
  }
}

TEST_CASE("emulator server: slow senders do not hold up others", "[emulator_server]") {
  emulator_server_options o;
  o.workers = 2;
  o.io_threads = 1;
  SECTION("32 connections stalled in their headers; another is answered at once") {
    o.read_timeout = 60s; // the slow ones stay for the whole test
    served s(o);
    std::vector<std::unique_ptr<raw_socket>> slow;
    for (int i = 0; i < 32; ++i) {
      slow.push_back(std::make_unique<raw_socket>(s.port));
      slow.back()->send_all("POST /rooms?api-version=2025-03-13 HTTP/1.1\r\nHost: 12");
    }
    const auto start = std::chrono::steady_clock::now();
    raw_socket c(s.port);
    c.send_all(get_rooms());
    CHECK(c.next_response().status == 401);
    CHECK(std::chrono::steady_clock::now() - start < 5s); // not after the slow ones' deadline
    CHECK(s.server.connections() == 33);
  }
  SECTION("a trickle of header bytes is cut off at the read deadline") {
    o.read_timeout = 100ms;
    o.idle_timeout = 60s;
    served s(o);
    raw_socket c(s.port);
    c.send_all("GET /rooms?api-version=2025-03-13 HTTP/1.1\r\n");
    const auto start = std::chrono::steady_clock::now();
    bool cut = false;
    for (int i = 0; i < 200 && !cut; ++i) { // one byte every 10 ms: never a whole request
      std::this_thread::sleep_for(10ms);
      cut = ::send(c.fd, "X", 1, MSG_NOSIGNAL) <= 0 || [&] {
        pollfd p{c.fd, POLLIN, 0};
        return ::poll(&p, 1, 0) > 0;
      }();
    }
    CHECK(cut);
    CHECK(std::chrono::steady_clock::now() - start < 1500ms);
    CHECK(c.closed_by_server());
    CHECK(c.pending.find("HTTP/1.1 200") == std::string::npos);
  }
}

TEST_CASE("emulator server: a full server makes room by closing the longest-idle connection",
          "[emulator_server]") {
  emulator_server_options o;
  o.max_connections = 8;
  o.idle_timeout = 60s;
  o.io_threads = 1;
  served s(o);
  std::vector<std::unique_ptr<raw_socket>> idle;
  for (std::size_t i = 1; i <= 8; ++i) {
    idle.push_back(std::make_unique<raw_socket>(s.port));
    wait_for_connections(s.server, i); // in order: the first is the longest idle
  }
  raw_socket c(s.port);
  c.send_all(get_rooms());
  CHECK(c.next_response().status == 401);
  CHECK(idle.front()->closed_by_server());
  CHECK(s.server.connections() <= 8);
  // The others are still served.
  idle.back()->send_all(get_rooms());
  CHECK(idle.back()->next_response().status == 401);
}

/// A service of its own (not the emulator): records what the front handed it.
struct recording_service {
  std::mutex mutex;
  std::vector<http_request> seen;

  http_response send(const http_request& request) {
    std::lock_guard<std::mutex> lock(mutex);
    seen.push_back(request);
    http_response r;
    r.status = 200;
    r.headers.add("Content-Type", "text/plain");
    r.body = "seen";
    return r;
  }
  std::optional<http_response> refuse_before_body(const http_request&) const {
    return std::nullopt;
  }
  std::string connection_string(const std::string& origin) const {
    return "endpoint=" + origin + "/;accesskey=none";
  }
};

TEST_CASE("emulator server: any service, handed the request as received", "[emulator_server]") {
  recording_service service;
  emulator_http_server server(service);
  const int port = server.bind();
  REQUIRE(port > 0);
  server.start();
  CHECK(server.connection_string() ==
        "endpoint=http://127.0.0.1:" + std::to_string(port) + "/;accesskey=none");
  raw_socket c(port);
  c.send_all("PATCH /rooms/a%2Fb?api-version=2025-03-13&x=%20y HTTP/1.1\r\n"
             "Host: example.test:8443\r\nx-MS-Date: now\r\nX-Twice: 1\r\nX-Twice: 2\r\n"
             "Content-Length: 5\r\n\r\nhello");
  const auto r = c.next_response();
  CHECK(r.status == 200);
  CHECK(r.body == "seen");
  {
    std::lock_guard<std::mutex> lock(service.mutex);
    REQUIRE(service.seen.size() == 1);
  }
  // Expect: 100-continue, not refused: the 100, then the body is read and served.
  c.send_all("POST /echo HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n"
             "Content-Length: 3\r\n\r\n");
  const auto go_on = c.next_response();
  CHECK(go_on.status == 100);
  c.send_all("abc");
  CHECK(c.next_response().status == 200);
  std::lock_guard<std::mutex> lock(service.mutex);
  REQUIRE(service.seen.size() == 2);
  CHECK(service.seen.back().body == "abc");
  const http_request& in = service.seen.front();
  CHECK(in.method == "PATCH");
  CHECK(in.url == "http://example.test:8443/rooms/a%2Fb?api-version=2025-03-13&x=%20y");
  CHECK(in.body == "hello");
  std::vector<std::string> names;
  for (const auto& [name, value] : in.headers) {
    names.push_back(name + '=' + value);
  }
  CHECK(names == std::vector<std::string>{"Host=example.test:8443", "x-MS-Date=now", "X-Twice=1",
                                          "X-Twice=2", "Content-Length=5"});
}

#endif
