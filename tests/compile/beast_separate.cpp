// SPDX-License-Identifier: MIT
// acs_rooms tests: a consumer of beast_transport compiled once (acs_rooms::beast_compiled): the
// header then brings neither Beast nor Asio's TLS and sockets, and the exchange compiled in
// src/beast.cpp sends, pools, closes and fails as header-only, against a loopback server here.
#include <acs/rooms/async.hpp>
#include <acs/rooms/transport/beast.hpp>

#if !defined(ACS_ROOMS_BEAST_SEPARATE_COMPILATION) || !defined(ACS_ROOMS_SEPARATE_COMPILATION)
#error "this test is built with acs_rooms::beast_compiled"
#endif
#if defined(BOOST_BEAST_HTTP_READ_HPP) || defined(BOOST_ASIO_SSL_STREAM_HPP) ||                    \
    defined(BOOST_ASIO_IP_TCP_HPP)
#error "with ACS_ROOMS_BEAST_SEPARATE_COMPILATION <acs/rooms/transport/beast.hpp> must not \
include Beast's HTTP, Asio's TLS stream or its sockets"
#endif

// The loopback server's sockets: the test's, included after the checks above.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace {
int failures = 0;
void check(bool ok, const char* what) {
  std::printf("%s: %s\n", ok ? "ok" : "FAILED", what);
  if (!ok) {
    ++failures;
  }
}

const std::string room_body =
    R"({"id":"7","createdAt":"2022-04-13T18:09:12Z","validFrom":"2022-04-13T18:09:12Z",)"
    R"("validUntil":"2022-05-13T18:09:12Z","pstnDialOutEnabled":true})";

// Serves `replies` in turn, one per request, over as many connections as the client opens;
// records each request's head and how many connections it accepted.
class loopback_server {
public:
  explicit loopback_server(std::vector<std::string> replies)
      : acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}),
        replies_(std::move(replies)), thread_([this] { serve(); }) {}
  ~loopback_server() { finish(); }
  loopback_server(const loopback_server&) = delete;
  loopback_server& operator=(const loopback_server&) = delete;

  [[nodiscard]] unsigned short port() const { return acceptor_.local_endpoint().port(); }
  [[nodiscard]] int connections() const { return connections_; }

  /// The request heads received, once the server has stopped (if the client sent fewer requests
  /// than there are replies, a connection of our own wakes the blocked accept).
  std::vector<std::string> finish() {
    if (thread_.joinable()) {
      stop_ = true;
      boost::asio::io_context io;
      boost::asio::ip::tcp::socket wake(io);
      boost::system::error_code ec;
      wake.connect({boost::asio::ip::make_address("127.0.0.1"), port()}, ec);
      wake.close(ec);
      thread_.join();
    }
    return heads_;
  }

private:
  void serve() {
    std::size_t next = 0;
    while (next < replies_.size()) {
      boost::asio::ip::tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stop_) {
        return;
      }
      ++connections_;
      std::string buffer;
      while (next < replies_.size()) {
        const auto n =
            boost::asio::read_until(socket, boost::asio::dynamic_buffer(buffer), "\r\n\r\n", ec);
        if (ec) {
          break; // the client closed this connection: accept the next
        }
        heads_.push_back(buffer.substr(0, n));
        buffer.erase(0, n); // no bodies: the test sends GET and DELETE
        boost::asio::write(socket, boost::asio::buffer(replies_[next++]), ec);
      }
    }
  }

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::vector<std::string> replies_;
  std::vector<std::string> heads_;
  std::atomic<int> connections_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_; // last: starts once the rest is made
};

std::string reply(int status, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: application/json\r\n" +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}
} // namespace

int main() {
  using namespace acs::rooms;
  boost::asio::io_context io;
  beast_transport_options options;
  options.max_idle_per_host = 3;
  beast_transport transport(io.get_executor(), options);
  check(transport.options().max_idle_per_host == 3 && transport.get_executor() == io.get_executor(),
        "options() and get_executor() answer from the compiled state");

  client_options no_retries;
  no_retries.retry.max_retries = 0;
  {
    loopback_server server({reply(200, room_body), reply(204, ""), reply(200, room_body)});
    const std::string connection =
        "endpoint=http://127.0.0.1:" + std::to_string(server.port()) + "/;accesskey=a2V5";
    auto client = make_async_client(connection, transport, no_retries).value();

    result<room> got = make_error(errc::invalid_argument, "not called");
    client.async_get_room("7", [&](result<room> r) { got = std::move(r); });
    io.run();
    check(got.has_value() && got->id == "7" && got->pstn_dial_out_enabled, "get_room over Beast");

    result<void> deleted = make_error(errc::invalid_argument, "not called");
    io.restart();
    client.async_delete_room("7", [&](result<void> r) { deleted = std::move(r); });
    io.run();
    check(deleted.has_value() && server.connections() == 1,
          "delete_room reuses the pooled connection");

    transport.close_idle(); // the next call opens a new connection
    got = make_error(errc::invalid_argument, "not called");
    io.restart();
    client.async_get_room("7", [&](result<room> r) { got = std::move(r); });
    io.run();
    check(got.has_value() && server.connections() == 2,
          "close_idle() closes the pooled connection");
    const auto heads = server.finish();
    check(heads.size() == 3 && heads[0].rfind("GET /rooms/7?api-version=", 0) == 0 &&
              heads[0].find("\r\nAuthorization: HMAC-SHA256 ") != std::string::npos &&
              heads[1].rfind("DELETE /rooms/7?api-version=", 0) == 0,
          "the requests arrive signed, as built");
  }

  // A port nobody listens on: a transport_error naming the host, status 0.
  unsigned short closed_port = 0;
  {
    boost::asio::io_context probe;
    boost::asio::ip::tcp::acceptor acceptor(probe, {boost::asio::ip::make_address("127.0.0.1"), 0});
    closed_port = acceptor.local_endpoint().port();
  }
  auto client = make_async_client("endpoint=http://127.0.0.1:" + std::to_string(closed_port) +
                                      "/;accesskey=a2V5",
                                  transport, no_retries)
                    .value();
  result<room> refused = room{};
  io.restart();
  client.async_get_room("7", [&](result<room> r) { refused = std::move(r); });
  io.run();
  check(!refused && refused.error().kind == errc::transport_error && refused.error().status == 0 &&
            refused.error().message.find("127.0.0.1") != std::string::npos,
        "a refused connection is a transport_error naming the host");
  return failures == 0 ? 0 : 1;
}
