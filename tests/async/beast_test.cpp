// SPDX-License-Identifier: MIT
// Tests of beast_transport (transport/beast.hpp) against the emulator and small servers on
// loopback: every operation, 100 calls in flight on one thread, the pool, refusals, timeouts,
// and large bodies and headers.
#include <acs/rooms/async.hpp>
#include <acs/rooms/emulator.hpp>
#include <acs/rooms/transport/beast.hpp>

#include "../support/test_support.hpp"

#if ACS_ROOMS_TEST_HAVE_HTTPLIB
#include "../support/connect_proxy.hpp"
#include "http_server.hpp" // acs-rooms-emulator's network front (programs/emulator/)
#include "tls.hpp"

#include <httplib.h> // test servers of their own

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace acs::rooms;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

/// The emulator on 127.0.0.1 with enough server threads for many connections at once,
/// counting requests and distinct client ports (connections).
class served_emulator {
public:
  explicit served_emulator(std::size_t page_size = 30)
      : emulator_(options(page_size)), front_(emulator_) {
    front_.on_request([this](const http_request&, unsigned short remote_port) {
      std::lock_guard<std::mutex> lock(mutex_);
      ports_.insert(remote_port);
      ++requests_;
    });
    REQUIRE(front_.bind("127.0.0.1") > 0);
    front_.start();
  }
  std::string connection_string() const { return front_.connection_string(); }
  emulator& service() { return emulator_; }
  int requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }
  std::size_t connections() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return ports_.size();
  }

private:
  static emulator_options options(std::size_t page_size) {
    emulator_options o;
    o.page_size = page_size;
    return o;
  }
  emulator emulator_;
  mutable std::mutex mutex_;
  std::set<int> ports_;
  int requests_ = 0;
  emulator_http_server front_; // last: stopped before what its handler uses goes
};

/// Sends one request through `transport` and runs the io_context until it completes.
result<http_response> send_one(asio::io_context& ioc, beast_transport& transport,
                               const http_request& request) {
  std::optional<result<http_response>> out;
  transport.async_send(request, [&](result<http_response> r) { out.emplace(std::move(r)); });
  CHECK_FALSE(out.has_value());
  ioc.restart();
  ioc.run();
  REQUIRE(out.has_value());
  return std::move(*out);
}

http_request get(std::string url) {
  http_request r;
  r.method = "GET";
  r.url = std::move(url);
  return r;
}

} // namespace

TEST_CASE("beast_transport runs every operation against the emulator over loopback",
          "[async][beast]") {
  asio::io_context ioc;
  served_emulator server(2);
  auto made = make_async_client(server.connection_string(), beast_transport(ioc.get_executor()));
  REQUIRE(made);
  auto& client = *made;
  std::optional<result<room>> created;
  std::vector<std::string> listed;
  std::optional<result<void>> removed;
  std::optional<result<void>> deleted;
  client.async_create_room({}, [&](result<room> r) { created.emplace(std::move(r)); });
  ioc.run();
  REQUIRE(created);
  REQUIRE(created->has_value());
  for (int i = 0; i < 4; ++i) {
    client.async_create_room({}, [](result<room> r) { CHECK(r.has_value()); });
  }
  ioc.restart();
  ioc.run();
  auto pager = client.async_list_rooms();
  std::function<void(result<page<room>>)> on_page = [&](result<page<room>> p) {
    REQUIRE(p);
    for (const auto& r : p->items) {
      listed.push_back(r.id);
    }
    if (!pager.done()) {
      pager.async_next_page(on_page);
    }
  };
  pager.async_next_page(on_page);
  ioc.restart();
  ioc.run();
  CHECK(listed.size() == 5);
  client.async_add_or_update_participants(
      (*created)->id,
      {{communication_identifier::from_raw_id("8:acs:res_x"), participant_role::attendee}},
      [&](result<void> r) {
        REQUIRE(r);
        client.async_remove_participants((*created)->id,
                                         {communication_identifier::from_raw_id("8:acs:res_x")},
                                         [&](result<void> r2) { removed.emplace(std::move(r2)); });
      });
  ioc.restart();
  ioc.run();
  REQUIRE(removed);
  CHECK(removed->has_value());
  client.async_delete_room((*created)->id, [&](result<void> r) { deleted.emplace(std::move(r)); });
  ioc.restart();
  ioc.run();
  REQUIRE(deleted);
  CHECK(deleted->has_value());
  CHECK(server.service().room_count() == 4);
  // Sequential calls reuse kept-alive connections.
  CHECK(server.connections() < static_cast<std::size_t>(server.requests()));
}

TEST_CASE("100 calls in flight at once on one thread through beast_transport",
          "[async][beast][concurrency]") {
  asio::io_context ioc;
  served_emulator server;
  auto made = make_async_client(server.connection_string(), beast_transport(ioc.get_executor()));
  REQUIRE(made);
  int ok = 0;
  int done = 0;
  for (int i = 0; i < 100; ++i) {
    made->async_create_room({}, [&](result<room> r) {
      ++done;
      if (r) {
        ++ok;
      } else {
        FAIL_CHECK(r.error().describe());
      }
    });
  }
  ioc.run();
  CHECK(done == 100);
  CHECK(ok == 100);
  CHECK(server.service().room_count() == 100);
  CHECK(server.requests() == 100);
}

TEST_CASE("beast_transport refuses what it must not send, and reports failures as "
          "transport_error",
          "[async][beast]") {
  asio::io_context ioc;
  beast_transport transport(ioc.get_executor());

  const auto plain = send_one(ioc, transport, get("http://example.com/rooms"));
  REQUIRE_FALSE(plain);
  CHECK(plain.error().kind == errc::invalid_argument);
  CHECK(plain.error().message.find("allow_insecure_http") != std::string::npos);

  auto injected = get("http://127.0.0.1:1/rooms");
  injected.headers.add("X-Bad", "a\r\nInjected: yes");
  const auto bad_header = send_one(ioc, transport, injected);
  REQUIRE_FALSE(bad_header);
  CHECK(bad_header.error().kind == errc::invalid_argument);

  const auto bad_url = send_one(ioc, transport, get("http://127.0.0.1:1/a b"));
  REQUIRE_FALSE(bad_url);
  CHECK(bad_url.error().kind == errc::invalid_argument);

  // Nothing listens on a port we bound and released.
  unsigned short port = 0;
  {
    asio::ip::tcp::acceptor probe(ioc,
                                  asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = probe.local_endpoint().port();
  }
  const auto refused =
      send_one(ioc, transport, get("http://127.0.0.1:" + std::to_string(port) + "/rooms"));
  REQUIRE_FALSE(refused);
  CHECK(refused.error().kind == errc::transport_error);
  CHECK(refused.error().status == 0);
  CHECK(refused.error().message.find("127.0.0.1:" + std::to_string(port)) != std::string::npos);
}

TEST_CASE("beast_transport: TLS to a plain server fails as transport_error; timeouts and the "
          "cancellation slot cut a stalled answer",
          "[async][beast]") {
  asio::io_context ioc;
  httplib::Server slow;
  slow.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(1500ms);
    res.set_content("late", "text/plain");
  });
  slow.Get("/fast", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok", "text/plain");
  });
  const int port = slow.bind_to_any_port("127.0.0.1");
  REQUIRE(port > 0);
  std::thread serving([&] { slow.listen_after_bind(); });
  while (!slow.is_running()) {
    std::this_thread::yield();
  }
  const std::string origin = "127.0.0.1:" + std::to_string(port);
  {
    beast_transport transport(ioc.get_executor());
    const auto tls = send_one(ioc, transport, get("https://" + origin + "/fast"));
    REQUIRE_FALSE(tls);
    CHECK(tls.error().kind == errc::transport_error);
    CHECK(tls.error().message.find("TLS") != std::string::npos);
  }
  {
    beast_transport_options options;
    options.total_timeout = 200ms;
    beast_transport transport(ioc.get_executor(), options);
    const auto late = send_one(ioc, transport, get("http://" + origin + "/slow"));
    REQUIRE_FALSE(late);
    CHECK(late.error().kind == errc::transport_error);
    CHECK(late.error().message.find("timed out") != std::string::npos);
  }
  {
    // The handler's own executor and cancellation slot survive the transport's type erasure.
    beast_transport transport(ioc.get_executor());
    auto strand = asio::make_strand(ioc);
    asio::cancellation_signal signal;
    std::optional<result<http_response>> out;
    bool on_strand = false;
    transport.async_send(
        get("http://" + origin + "/slow"),
        asio::bind_cancellation_slot(signal.slot(),
                                     asio::bind_executor(strand, [&](result<http_response> r) {
                                       on_strand = strand.running_in_this_thread();
                                       out.emplace(std::move(r));
                                     })));
    asio::steady_timer later(ioc, 100ms);
    later.async_wait(
        [&](boost::system::error_code) { signal.emit(asio::cancellation_type::terminal); });
    ioc.restart();
    ioc.run();
    REQUIRE(out.has_value());
    CHECK(on_strand);
    REQUIRE_FALSE(*out); // not the "late" answer
    CHECK(out->error().kind == errc::transport_error);
    CHECK(out->error().message.find("cancelled") != std::string::npos);
  }
  slow.stop();
  serving.join();
}

TEST_CASE("beast_transport keeps large bodies and headers intact, repeated headers in order",
          "[async][beast]") {
  asio::io_context ioc;
  std::string big(8 * 1024 * 1024 + 13, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) {
    big[i] = static_cast<char>('a' + static_cast<char>(i % 26));
  }
  const std::string long_value(40000, 'h');
  httplib::Server server;
  std::string received;
  server.Post("/echo", [&](const httplib::Request& req, httplib::Response& res) {
    received = req.body;
    res.set_header("X-Long", long_value);
    res.set_header("X-Twice", "one");
    res.headers.emplace("X-Twice", "two");
    res.set_content(big, "application/octet-stream");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  REQUIRE(port > 0);
  std::thread serving([&] { server.listen_after_bind(); });
  while (!server.is_running()) {
    std::this_thread::yield();
  }
  beast_transport transport(ioc.get_executor());
  http_request post;
  post.method = "POST";
  post.url = "http://127.0.0.1:" + std::to_string(port) + "/echo";
  post.body = big.substr(0, 3 * 1024 * 1024);
  const auto r = send_one(ioc, transport, post);
  transport.close_idle(); // else the server's worker waits out its keep-alive timeout
  server.stop();
  serving.join();
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body == big);
  CHECK(received == post.body);
  CHECK(r->headers.get("X-Long") == std::optional<std::string_view>(long_value));
  std::vector<std::string> twice;
  for (const auto& [name, value] : r->headers) {
    if (name == "X-Twice") {
      twice.push_back(value);
    }
  }
  CHECK(twice == std::vector<std::string>{"one", "two"});
}

TEST_CASE("beast_transport: an answer over max_body_bytes or max_header_bytes is "
          "ResponseTooLarge",
          "[async][beast][limits]") {
  asio::io_context ioc;
  httplib::Server server;
  server.Get("/big", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("X-Long", std::string(20000, 'h'));
    res.set_content(std::string(200000, 'b'), "application/json");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  REQUIRE(port > 0);
  std::thread serving([&] { server.listen_after_bind(); });
  while (!server.is_running()) {
    std::this_thread::yield();
  }
  const bool body = GENERATE(true, false);
  CAPTURE(body);
  beast_transport_options options;
  if (body) {
    options.max_body_bytes = 100000;
  } else {
    options.max_header_bytes = 8192;
  }
  beast_transport transport(ioc.get_executor(), options);
  http_request get;
  get.method = "GET";
  get.url = "http://127.0.0.1:" + std::to_string(port) + "/big";
  const auto r = send_one(ioc, transport, get);
  transport.close_idle();
  server.stop();
  serving.join();
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == errc::transport_error);
  CHECK(r.error().code == "ResponseTooLarge");
  CHECK(r.error().status == 200);
  CHECK_THAT(r.error().message, Catch::Contains(body ? "max_body_bytes (100000 bytes)"
                                                     : "max_header_bytes (8192 bytes)"));
}

TEST_CASE("measure: 100 operations concurrently on one thread vs sequentially",
          "[.][bench][async]") {
  for (const bool over_loopback : {false, true}) {
    asio::io_context ioc;
    served_emulator server;
    const auto run = [&](auto& client, bool concurrent) {
      const auto start = std::chrono::steady_clock::now();
      int done = 0;
      if (concurrent) {
        for (int i = 0; i < 100; ++i) {
          client.async_create_room({}, [&](result<room> r) { done += r ? 1 : 0; });
        }
        ioc.restart();
        ioc.run();
      } else {
        for (int i = 0; i < 100; ++i) {
          client.async_create_room({}, [&](result<room> r) { done += r ? 1 : 0; });
          ioc.restart();
          ioc.run();
        }
      }
      CHECK(done == 100);
      return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
          .count();
    };
    if (over_loopback) {
      auto made =
          make_async_client(server.connection_string(), beast_transport(ioc.get_executor()));
      REQUIRE(made);
      const double seq = run(*made, false);
      const double con = run(*made, true);
      // cpp-httplib 0.11 listens with a backlog of 5: 100 connects at once overflow it and wait
      // for SYN retransmits. Keeping 4 calls in flight shows the client without that limit.
      const auto start = std::chrono::steady_clock::now();
      int started = 0;
      int done = 0;
      std::function<void(result<room>)> next = [&](result<room> r) {
        done += r ? 1 : 0;
        if (started < 100) {
          ++started;
          made->async_create_room({}, next);
        }
      };
      for (; started < 4; ++started) {
        made->async_create_room({}, next);
      }
      ioc.restart();
      ioc.run();
      CHECK(done == 100);
      const double windowed =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      std::cout << "beast over loopback: 100 sequential " << seq << " ms, 100 concurrent " << con
                << " ms, 100 with 4 in flight " << windowed << " ms\n";
    } else {
      auto made = make_async_client(
          server.service().connection_string("https://emulator.local"),
          in_process_transport<emulator&>(server.service(), ioc.get_executor(), 20ms));
      REQUIRE(made);
      const double seq = run(*made, false);
      const double con = run(*made, true);
      std::cout << "in process, 20 ms delay: 100 sequential " << seq << " ms, 100 concurrent "
                << con << " ms\n";
    }
  }
}

TEST_CASE("beast_transport verifies TLS by default: an untrusted certificate and a trusted one "
          "for another host are refused",
          "[async][beast][tls]") {
  asio::io_context ioc;
  emulator service;
  const auto right = make_self_signed_identity(); // localhost and 127.0.0.1
  const auto wrong = make_self_signed_identity("DNS:rooms.example.test");
  REQUIRE(right.has_value());
  REQUIRE(wrong.has_value());
  emulator_https_server right_front(service, *right);
  emulator_https_server wrong_front(service, *wrong);
  const int right_port = right_front.bind("127.0.0.1", 0);
  const int wrong_port = wrong_front.bind("127.0.0.1", 0);
  REQUIRE(right_port > 0);
  REQUIRE(wrong_port > 0);
  right_front.start();
  wrong_front.start();
  const auto ca_file = [](const tls_identity& id, const char* tag) {
    const std::string path =
        (std::filesystem::temp_directory_path() / ("acs-rooms-beast-ca-" + std::string(tag) + "-" +
                                                   std::to_string(std::random_device{}()) + ".pem"))
            .string();
    std::ofstream(path, std::ios::binary) << id.certificate_pem;
    return path;
  };
  const std::string right_ca = ca_file(*right, "right");
  const std::string wrong_ca = ca_file(*wrong, "wrong");
  const auto url = [](int port) {
    return "https://localhost:" + std::to_string(port) + "/rooms?api-version=2025-03-13";
  };
  SECTION("untrusted: the system's store does not hold a self-signed certificate") {
    beast_transport transport(ioc.get_executor());
    const auto r = send_one(ioc, transport, get(url(right_port)));
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == errc::transport_error);
    CHECK(r.error().status == 0);
    CHECK_THAT(r.error().message, Catch::Contains("certificate"));
  }
  SECTION("trusted, but issued for another host name") {
    beast_transport_options o;
    o.ca_bundle = wrong_ca;
    beast_transport transport(ioc.get_executor(), o);
    const auto r = send_one(ioc, transport, get(url(wrong_port)));
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == errc::transport_error);
    CHECK(r.error().status == 0);
  }
  SECTION("trusted and for this host: answered (a 401: the request is not signed)") {
    beast_transport_options o;
    o.ca_bundle = right_ca;
    beast_transport transport(ioc.get_executor(), o);
    const auto r = send_one(ioc, transport, get(url(right_port)));
    REQUIRE(r);
    CHECK(r->status == 401);
    transport.close_idle();
  }
  std::filesystem::remove(right_ca);
  std::filesystem::remove(wrong_ca);
}

TEST_CASE("beast_transport through a proxy: CONNECT for https (TLS verified for localhost), "
          "absolute form for http, credentials, and a 407 that is not retried",
          "[async][beast][proxy]") {
  asio::io_context ioc; // first: destroyed after the clients and their pooled connections
  emulator service;
  const auto identity = make_self_signed_identity();
  REQUIRE(identity.has_value());
  emulator_https_server tls_front(service, *identity);
  emulator_http_server plain_front(service);
  const int tls_port = tls_front.bind("127.0.0.1", 0);
  const int plain_port = plain_front.bind("127.0.0.1", 0);
  REQUIRE(tls_port > 0);
  REQUIRE(plain_port > 0);
  tls_front.start();
  plain_front.start();
  const std::string ca_path =
      (std::filesystem::temp_directory_path() /
       ("acs-rooms-beast-proxy-ca-" + std::to_string(std::random_device{}()) + ".pem"))
          .string();
  std::ofstream(ca_path, std::ios::binary) << identity->certificate_pem;
  acs_rooms_test::connect_proxy tunnel(tls_port, "alice", "s3cret");
  acs_rooms_test::connect_proxy forward(plain_port);
  const std::string https =
      service.connection_string("https://localhost:" + std::to_string(tls_port));
  beast_transport_options o;
  o.ca_bundle = ca_path;
  o.proxy.url = tunnel.url();
  o.proxy.username = "alice";
  o.proxy.password = "s3cret";
  {
    auto client = make_async_client(https, beast_transport(ioc.get_executor(), o));
    REQUIRE(client);
    std::optional<result<room>> created;
    std::optional<result<room>> got;
    client->async_create_room({}, [&](result<room> r) {
      created.emplace(std::move(r));
      REQUIRE(created->has_value());
      client->async_get_room((*created)->id, [&](result<room> r2) { got.emplace(std::move(r2)); });
    });
    ioc.run();
    REQUIRE(got);
    CHECK(got->has_value());
    // The second call reused the pooled connection: one tunnel for both.
    REQUIRE(tunnel.requests().size() == 1);
    CHECK(tunnel.requests().front() ==
          "CONNECT localhost:" + std::to_string(tls_port) + " HTTP/1.1");
    CHECK(tunnel.authorizations().front() == "Basic YWxpY2U6czNjcmV0"); // alice:s3cret
  }
  {
    beast_transport_options plain;
    plain.proxy.url = forward.url();
    auto client = make_async_client(
        service.connection_string("http://localhost:" + std::to_string(plain_port)),
        beast_transport(ioc.get_executor(), plain));
    REQUIRE(client);
    std::optional<result<room>> created;
    client->async_create_room({}, [&](result<room> r) { created.emplace(std::move(r)); });
    ioc.restart();
    ioc.run();
    REQUIRE(created);
    CHECK(created->has_value());
    REQUIRE(forward.requests().size() == 1);
    CHECK(forward.requests().front().rfind(
              "POST http://localhost:" + std::to_string(plain_port) + "/rooms?", 0) == 0);
  }
  {
    o.proxy.password = "wrong-pw";
    auto client = make_async_client(https, beast_transport(ioc.get_executor(), o));
    REQUIRE(client);
    std::optional<result<room>> got;
    client->async_get_room("99117812428622880", [&](result<room> r) { got.emplace(std::move(r)); });
    ioc.restart();
    ioc.run();
    REQUIRE(got);
    REQUIRE_FALSE(got->has_value());
    const error& e = got->error();
    CHECK(e.kind == errc::transport_error);
    CHECK(e.status == 407);
    CHECK(e.code == "ProxyAuthenticationRequired");
    CHECK(e.attempts == 1);
    CHECK(tunnel.requests().size() == 2);
    CHECK(e.message.find(tunnel.url()) != std::string::npos);
    CHECK(e.message.find("wrong-pw") == std::string::npos);
  }
  tls_front.stop();
  plain_front.stop();
  std::remove(ca_path.c_str());
}
#endif
