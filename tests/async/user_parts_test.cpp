// SPDX-License-Identifier: MIT
// Tests of the async client when a user-supplied part throws: the exception becomes the
// operation's error instead of leaving io_context::run() with the operation never completed.
#include <acs/rooms/async.hpp>

#include <acs/rooms/emulator.hpp>

#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

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
  client.async_get_room("42", [&out](result<room> r) { out.emplace(std::move(r)); });
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
