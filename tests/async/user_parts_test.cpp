// SPDX-License-Identifier: MIT
// Tests of the async client when a user-supplied part throws: the exception becomes the
// operation's error instead of leaving io_context::run() with the operation never completed.
#include <acs/rooms/async.hpp>

#include <acs/rooms/emulator.hpp>

#include <catch2/catch.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

using namespace acs::rooms;
namespace asio = boost::asio;

namespace {

/// Signs with the emulator's key, but throws on the attempts it is told to, and when asked to
/// drop its credential (as bearer_token_signer does after a 401) if `throw_on_invalidate`.
struct flaky_signer {
  hmac_signer<> inner;
  int throw_on_attempt = 0; // 1-based; 0: never
  bool throw_on_invalidate = false;
  int attempts = 0;
  void sign(http_request& request, time_point now) {
    if (++attempts == throw_on_attempt) {
      throw std::runtime_error("the token source is down");
    }
    inner.sign(request, now).value();
  }
  void invalidate() {
    if (throw_on_invalidate) {
      throw 42; // not even a std::exception
    }
  }
};

using client_type = async_rooms_client<in_process_transport<emulator&>, flaky_signer&>;

/// Runs one get to its end; run() must return normally and the handler must have been called.
result<room> get_once(emulator& emu, flaky_signer& signer) {
  asio::io_context ioc;
  const auto parsed = parse_connection_string(emu.connection_string("https://emulator.local"));
  REQUIRE(parsed);
  client_type client(parsed->endpoint, in_process_transport<emulator&>(emu, ioc.get_executor()),
                     signer);
  std::optional<result<room>> out;
  client.async_get_room("40440440440440440", [&out](result<room> r) { out.emplace(std::move(r)); });
  REQUIRE_NOTHROW(ioc.run());
  REQUIRE(out.has_value());
  return std::move(*out);
}

} // namespace

TEST_CASE("async: a Signer that throws fails the operation, which completes", "[async][errors]") {
  emulator emu;
  flaky_signer signer{hmac_signer<>(emu.access_key())};
  signer.throw_on_attempt = 1;
  const auto r = get_once(emu, signer);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind == errc::invalid_argument);
  CHECK(r.error().message == "signing the request threw: the token source is down");
  CHECK(r.error().status == 0);
  CHECK(r.error().attempts == 0); // nothing was sent
}

TEST_CASE("async: a credential refresh that throws after a 401 fails the operation",
          "[async][errors]") {
  emulator emu;
  emu.inject(emulator_fault::answer(401)); // once
  flaky_signer signer{hmac_signer<>(emu.access_key())};
  signer.throw_on_invalidate = true;
  const auto r = get_once(emu, signer);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind == errc::invalid_argument);
  CHECK(r.error().message == "signing the request threw a non-std exception");
  CHECK(r.error().attempts == 1); // the 401, then the refresh threw
  CHECK(r.error().status == 0);   // the call ended on signing, not on an answer
}

TEST_CASE("async: a signer that works again after throwing serves the next operation",
          "[async][errors]") {
  emulator emu;
  flaky_signer signer{hmac_signer<>(emu.access_key())};
  signer.throw_on_attempt = 1;
  CHECK_FALSE(get_once(emu, signer).has_value());
  const auto second = get_once(emu, signer); // attempt 2: signed; the room does not exist
  REQUIRE_FALSE(second.has_value());
  CHECK(second.error().kind == errc::service_error);
  CHECK(second.error().status == 404);
}

namespace {
/// An async Transport whose initiation throws (before it takes the handler) on the attempts it
/// is told to, and otherwise completes from the emulator on the executor.
struct throwing_transport {
  using executor_type = asio::any_io_executor;
  emulator& emu;
  asio::any_io_executor executor;
  int throw_on_attempt = 1;
  int attempts = 0;
  executor_type get_executor() const { return executor; }
  template <class Handler> void async_send(const http_request& request, Handler&& handler) {
    if (++attempts == throw_on_attempt) {
      throw std::length_error("no buffer for the request");
    }
    auto answer = emu.send(request, send_options{});
    asio::post(executor, [h = std::forward<Handler>(handler), a = std::move(answer)]() mutable {
      std::move(h)(std::move(a));
    });
  }
};
} // namespace

TEST_CASE("async: a transport whose async_send throws fails the operation, which completes",
          "[async][errors]") {
  asio::io_context ioc;
  emulator emu;
  throwing_transport transport{emu, ioc.get_executor()};
  auto client = make_async_client<throwing_transport&>(
                    emu.connection_string("https://emulator.local"), transport)
                    .value();
  bool called_inside = true;
  std::optional<result<room>> out;
  client.async_get_room("40440440440440440", [&out](result<room> r) { out.emplace(std::move(r)); });
  called_inside = out.has_value(); // never completed inside the initiating function
  REQUIRE_NOTHROW(ioc.run());
  CHECK_FALSE(called_inside);
  REQUIRE(out.has_value());
  REQUIRE_FALSE(out->has_value());
  CHECK(out->error().kind == errc::transport_error);
  CHECK(out->error().message == "the transport threw: no buffer for the request");
  CHECK(out->error().attempts == 0);
  CHECK(transport.attempts == 1); // not retried

  // The next operation is sent as usual (a 404: the room does not exist).
  out.reset();
  ioc.restart();
  client.async_get_room("40440440440440440", [&out](result<room> r) { out.emplace(std::move(r)); });
  ioc.run();
  REQUIRE(out.has_value());
  REQUIRE_FALSE(out->has_value());
  CHECK(out->error().status == 404);
}

namespace {
/// The emulator behind a Transport that moves the service's time 6 minutes on after the first
/// request: the retry of a create then lands after its 5-minute repeatability window, with no
/// wait spent.
struct window_passes {
  emulator& emu;
  int sent = 0;
  result<http_response> send(const http_request& request) {
    auto out = emu.send(request, send_options{});
    if (++sent == 1) {
      emu.advance(std::chrono::minutes(6));
    }
    return out;
  }
};
} // namespace

TEST_CASE("async: a create retried after the repeatability window says the room may exist",
          "[async][repeatability]") {
  asio::io_context ioc;
  emulator emu;
  emu.set_time(*parse_rfc3339("2026-12-04T12:00:00Z"));
  emu.inject(emulator_fault::drop_answer()); // the room is made; the client hears nothing
  window_passes service{emu};
  client_options options;
  options.clock = emu.clock();
  options.retry.initial_delay = std::chrono::milliseconds(0); // retry at once
  auto client =
      make_async_client(emu.connection_string("https://emulator.local"),
                        in_process_transport<window_passes&>(service, ioc.get_executor()), options)
          .value();
  create_room_options create;
  create.repeatability_request_id = "2f1a9d8e-4b6c-4e0a-9f3d-7c5b1a2e8d40";
  std::optional<result<room>> out;
  client.async_create_room(create, [&out](result<room> r) { out.emplace(std::move(r)); });
  REQUIRE_NOTHROW(ioc.run());
  REQUIRE(out.has_value());
  REQUIRE_FALSE(out->has_value());
  const error& e = out->error();
  CHECK(e.kind == errc::service_error);
  CHECK(e.status == 412);
  CHECK(e.attempts == 2);
  CHECK(e.message.find("may have created the room") != std::string::npos);
  CHECK(e.message.find("2f1a9d8e-4b6c-4e0a-9f3d-7c5b1a2e8d40") != std::string::npos);
  CHECK(e.message.find("first sent Fri, 04 Dec 2026 12:00:00 GMT") != std::string::npos);
  CHECK(emu.room_count() == 1);
}
