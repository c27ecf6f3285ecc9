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

#include <chrono>
#include <cstddef>
#include <string>
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

TEST_CASE("emulator server: accepted connections get TCP_NODELAY", "[emulator_server]") {
  // A loopback pair made here, handed to the loop as the server would hand an accepted one.
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(listener >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0);
  REQUIRE(::listen(listener, 1) == 0);
  socklen_t len = sizeof(a);
  REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&a), &len) == 0);
  const int client = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(::connect(client, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0);
  const int accepted = ::accept(listener, nullptr, nullptr);
  REQUIRE(accepted >= 0);
  const auto nodelay = [](int fd) {
    int on = 0;
    socklen_t size = sizeof(on);
    REQUIRE(::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, &size) == 0);
    return on != 0;
  };
  REQUIRE_FALSE(nodelay(accepted)); // the control: off by default
  {
    detail::emu::connection_loop loop;
    REQUIRE(loop.start(1, 10, 60s, [](detail::emu::connection&) { return false; }));
    loop.adopt(accepted, true);
    CHECK(nodelay(accepted)); // still open: parked, idle for up to a minute
    CHECK(loop.size() == 1);
  } // the loop closes it
  ::close(client);
  ::close(listener);
}

#endif
