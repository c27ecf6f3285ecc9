// SPDX-License-Identifier: MIT
// Tests of the async client's lifetimes under load (the sanitize leg runs them under ASan and
// UBSan): 1,000 operations in flight at once, the client destroyed while its operations are in
// flight, the io_context destroyed with operations pending, and cancellation mid-flight, over
// in_process_transport and over beast_transport to the emulator's front on loopback.
#include <acs/rooms/async.hpp>

#include <acs/rooms/emulator.hpp>
#include <acs/rooms/transport/beast.hpp>

#if ACS_ROOMS_TEST_HAVE_HTTPLIB
#include "http_server.hpp" // acs-rooms-emulator's network front (programs/emulator/)
#endif

#include <catch2/catch.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

using namespace acs::rooms;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

using in_process = in_process_transport<emulator&>;

/// A room id the emulator does not hold (its answer is a 404).
constexpr const char* absent = "40440440440440440";

/// How many times each operation's handler ran, and what it got.
struct tally {
  std::vector<int> calls;
  std::vector<std::optional<error>> errors;
  std::vector<std::string> ids;
  explicit tally(std::size_t n) : calls(n), errors(n), ids(n) {}
  /// The handler of operation `i`.
  auto handler(std::size_t i) {
    return [this, i](auto r) {
      ++calls[i];
      if (r) {
        if constexpr (std::is_same_v<std::decay_t<decltype(*r)>, room>) {
          ids[i] = r->id;
        }
      } else {
        errors[i] = r.error();
      }
    };
  }
  [[nodiscard]] bool each_once() const {
    for (int c : calls) {
      if (c != 1) {
        return false;
      }
    }
    return true;
  }
};

} // namespace

TEST_CASE("1,000 operations in flight on one io_context each complete once, correctly",
          "[async][teardown]") {
  asio::io_context ioc;
  emulator emu;
  auto client = make_async_client(emu.connection_string("https://emulator.local"),
                                  in_process(emu, ioc.get_executor(), 1ms))
                    .value();
  constexpr std::size_t n = 1000;
  tally t(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 2 == 0) {
      client.async_create_room(create_room_options{}, t.handler(i));
    } else {
      client.async_get_room(absent, t.handler(i));
    }
  }
  ioc.run();
  REQUIRE(t.each_once());
  std::set<std::string> made;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 2 == 0) {
      CHECK_FALSE(t.errors[i].has_value());
      made.insert(t.ids[i]);
    } else {
      REQUIRE(t.errors[i].has_value());
      CHECK(t.errors[i]->status == 404);
    }
  }
  CHECK(made.size() == n / 2);
  CHECK(emu.room_count() == n / 2);
}

TEST_CASE("a client destroyed with operations in flight still completes them",
          "[async][teardown]") {
  asio::io_context ioc;
  emulator emu;
  constexpr std::size_t n = 100;
  tally t(n);
  {
    auto client = make_async_client(emu.connection_string("https://emulator.local"),
                                    in_process(emu, ioc.get_executor(), 5ms))
                      .value();
    for (std::size_t i = 0; i < n; ++i) {
      client.async_get_room(absent, t.handler(i));
    }
  } // the operations hold what they need
  ioc.run();
  REQUIRE(t.each_once());
  for (const auto& e : t.errors) {
    REQUIRE(e.has_value());
    CHECK(e->status == 404);
  }
}

TEST_CASE("an io_context destroyed with operations pending destroys their handlers uncalled",
          "[async][teardown]") {
  emulator emu;
  auto alive = std::make_shared<int>(0); // each handler holds a copy
  int called = 0;
  {
    asio::io_context ioc;
    auto client = make_async_client(emu.connection_string("https://emulator.local"),
                                    in_process(emu, ioc.get_executor(), 50ms))
                      .value();
    for (int i = 0; i < 100; ++i) {
      client.async_get_room(absent, [alive, &called](result<room>) { ++called; });
    }
    ioc.run_for(1ms); // started, none answered (the answers come after 50 ms)
  }
  CHECK(called == 0);
  CHECK(alive.use_count() == 1); // every handler was destroyed: nothing leaked
}

#if ACS_ROOMS_TEST_HAVE_HTTPLIB
namespace {
/// The emulator served on 127.0.0.1 over plain HTTP.
struct served {
  emulator emu;
  emulator_http_server front{emu};
  served() {
    REQUIRE(front.bind("127.0.0.1") > 0);
    front.start();
  }
};
} // namespace

TEST_CASE("beast_transport: a client destroyed with 50 operations in flight completes them",
          "[async][teardown][beast]") {
  served s;
  asio::io_context ioc;
  constexpr std::size_t n = 50;
  tally t(n);
  {
    auto client =
        make_async_client(s.front.connection_string(), beast_transport(ioc.get_executor())).value();
    for (std::size_t i = 0; i < n; ++i) {
      client.async_get_room(absent, t.handler(i));
    }
    ioc.run_for(2ms); // some connections open, some requests out
  }
  ioc.run();
  REQUIRE(t.each_once());
  for (const auto& e : t.errors) {
    REQUIRE(e.has_value());
    CHECK(e->status == 404);
  }
}

TEST_CASE("beast_transport: the client and the io_context destroyed with requests on the wire",
          "[async][teardown][beast]") {
  served s;
  auto alive = std::make_shared<int>(0);
  int called = 0;
  {
    asio::io_context ioc;
    auto client =
        make_async_client(s.front.connection_string(), beast_transport(ioc.get_executor())).value();
    for (int i = 0; i < 50; ++i) {
      client.async_get_room(absent, [alive, &called](result<room>) { ++called; });
    }
    ioc.run_for(2ms);
  } // the client goes first, then the io_context with its sockets and pending operations
  CHECK(called <= 50);
  CHECK(alive.use_count() == 1);
}

TEST_CASE("beast_transport: cancelling half of 100 operations mid-flight", "[async][teardown]") {
  served s;
  asio::io_context ioc;
  auto client =
      make_async_client(s.front.connection_string(), beast_transport(ioc.get_executor())).value();
  constexpr std::size_t n = 100;
  tally t(n);
  std::vector<asio::cancellation_signal> signals(n);
  for (std::size_t i = 0; i < n; ++i) {
    client.async_get_room(absent, asio::bind_cancellation_slot(signals[i].slot(), t.handler(i)));
  }
  ioc.run_for(2ms);
  for (std::size_t i = 0; i < n; i += 2) {
    signals[i].emit(asio::cancellation_type::terminal);
  }
  ioc.run();
  REQUIRE(t.each_once());
  for (std::size_t i = 0; i < n; ++i) {
    REQUIRE(t.errors[i].has_value());
    if (i % 2 == 1) {
      CHECK(t.errors[i]->status == 404);
    } else { // cancelled, or answered before the signal
      CHECK((t.errors[i]->kind == errc::cancelled || t.errors[i]->status == 404));
    }
  }
}
#endif
