// SPDX-License-Identifier: MIT
// Tests of the async client (async.hpp) in process: callbacks, use_future, C++20 coroutines,
// async paging, retries on timers, cancellation and deadlines, through in_process_transport.
#include <acs/rooms/async.hpp>

#include "../support/test_support.hpp"
#include "../support/test_tracer.hpp"

#include <acs/rooms/emulator.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_future.hpp>

#if defined(__cpp_impl_coroutine) && defined(BOOST_ASIO_HAS_CO_AWAIT)
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>
#define ACS_ROOMS_TEST_COROUTINES 1
#else
#define ACS_ROOMS_TEST_COROUTINES 0
#endif

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace acs::rooms;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using acs_rooms_test::response;
using acs_rooms_test::room_json;

namespace {

constexpr const char* endpoint = "https://contoso.communication.azure.com";
constexpr const char* key = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0wMTIzNDU2Nzg5"; // base64

using emulator_transport = in_process_transport<emulator&>;
using emulator_client = async_rooms_client<emulator_transport, hmac_signer<>>;

emulator_options small_pages(std::size_t n) {
  emulator_options o;
  o.page_size = n;
  return o;
}

emulator_client client_for(emulator& emu, asio::io_context& ioc,
                           std::chrono::milliseconds delay = 0ms, client_options options = {}) {
  auto made =
      make_async_client(emu.connection_string("https://emulator.local"),
                        emulator_transport(emu, ioc.get_executor(), delay), std::move(options));
  REQUIRE(made);
  return std::move(*made);
}

/// Runs one operation to its end with a callback; checks the callback is not called inline.
template <class T, class Start> result<T> run_callback(asio::io_context& ioc, Start start) {
  std::optional<result<T>> out;
  start([&out](result<T> r) { out.emplace(std::move(r)); });
  CHECK_FALSE(out.has_value()); // never inside the initiating function
  ioc.restart();
  ioc.run();
  REQUIRE(out.has_value());
  return std::move(*out);
}

/// A sync Transport in front of the emulator that answers requests for room "throttled" with
/// 503 and `retry-after-ms`, `throttle` times, then lets them through (the emulator says 404).
struct throttling_transport {
  emulator& emu;
  int throttle = 2;
  std::string retry_after_ms = "50";
  std::vector<std::string> urls;
  http_response send(const http_request& request) {
    urls.push_back(request.url);
    if (request.url.find("/rooms/40440440440440440") != std::string::npos && throttle > 0) {
      --throttle;
      http_response busy = response(503, R"({"error":{"code":"Busy","message":"later"}})");
      busy.headers.set("retry-after-ms", retry_after_ms);
      return busy;
    }
    return emu.send(request);
  }
};

/// Answers from a list of responses, in order; records the URLs asked for.
struct scripted_transport {
  std::vector<http_response> answers;
  std::vector<std::string> urls;
  http_response send(const http_request& request) {
    urls.push_back(request.url);
    REQUIRE(urls.size() <= answers.size());
    return answers[urls.size() - 1];
  }
};

} // namespace

TEST_CASE("AsyncTransport is checked at compile time", "[async]") {
  STATIC_REQUIRE(is_async_transport_v<emulator_transport>);
  STATIC_REQUIRE(is_async_transport_v<emulator_transport&>);
  STATIC_REQUIRE_FALSE(is_async_transport_v<emulator>); // a sync Transport is not one
  STATIC_REQUIRE_FALSE(is_async_transport_v<int>);
}

TEST_CASE("every operation with callbacks against the in-process emulator", "[async]") {
  asio::io_context ioc;
  emulator emu(small_pages(2));
  auto client = client_for(emu, ioc);

  create_room_options create;
  create.participants = {
      {communication_identifier::from_raw_id("8:acs:res_alice"), participant_role::presenter},
      {communication_identifier::from_raw_id("8:acs:res_bob"), participant_role::attendee},
      {communication_identifier::from_raw_id("8:acs:res_carol"), participant_role::attendee}};
  const auto created =
      run_callback<room>(ioc, [&](auto cb) { client.async_create_room(create, std::move(cb)); });
  REQUIRE(created);
  CHECK(emu.room_count() == 1);

  const auto got =
      run_callback<room>(ioc, [&](auto cb) { client.async_get_room(created->id, std::move(cb)); });
  REQUIRE(got);
  CHECK(got->id == created->id);

  update_room_options update;
  update.pstn_dial_out_enabled = true;
  const auto updated = run_callback<room>(
      ioc, [&](auto cb) { client.async_update_room(created->id, update, std::move(cb)); });
  REQUIRE(updated);
  CHECK(updated->pstn_dial_out_enabled);

  REQUIRE(run_callback<void>(ioc, [&](auto cb) {
    client.async_add_or_update_participants(
        created->id,
        {{communication_identifier::from_raw_id("8:acs:res_dave"), participant_role::consumer}},
        std::move(cb));
  }));
  REQUIRE(run_callback<void>(ioc, [&](auto cb) {
    client.async_remove_participants(
        created->id, {communication_identifier::from_raw_id("8:acs:res_alice")}, std::move(cb));
  }));
  CHECK(emu.participant_count(created->id) == 3u);

  // Three participants, two per page.
  auto roster = client.async_list_participants(created->id);
  std::vector<std::string> ids;
  while (!roster.done()) {
    const auto p = run_callback<page<room_participant>>(
        ioc, [&](auto cb) { roster.async_next_page(std::move(cb)); });
    REQUIRE(p);
    for (const auto& item : p->items) {
      ids.push_back(item.id.raw_id());
    }
  }
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::string>{"8:acs:res_bob", "8:acs:res_carol", "8:acs:res_dave"});

  REQUIRE(run_callback<void>(
      ioc, [&](auto cb) { client.async_delete_room(created->id, std::move(cb)); }));
  CHECK(emu.room_count() == 0);

  const auto gone =
      run_callback<room>(ioc, [&](auto cb) { client.async_get_room(created->id, std::move(cb)); });
  REQUIRE_FALSE(gone);
  CHECK(gone.error().kind == errc::service_error);
  CHECK(gone.error().status == 404);
  CHECK(gone.error().attempts == 1);
  CHECK_FALSE(gone.error().client_request_id.empty());
}

TEST_CASE("use_future gives std::future<result<T>>", "[async]") {
  asio::io_context ioc;
  emulator emu;
  auto client = client_for(emu, ioc);
  std::future<result<room>> created = client.async_create_room({}, asio::use_future);
  static_assert(std::is_same_v<decltype(created), std::future<result<room>>>);
  std::future<result<void>> missing =
      client.async_delete_room("12345678901234567", asio::use_future);
  ioc.run();
  const auto r = created.get();
  REQUIRE(r);
  CHECK(emu.room_count() == 1);
  const auto d = missing.get();
  CHECK(d.has_value()); // the service answers 204 for a room that is not there
}

TEST_CASE("errors found before any I/O complete from the executor", "[async]") {
  asio::io_context ioc;
  emulator emu;
  auto client = client_for(emu, ioc);
  const auto empty_id =
      run_callback<room>(ioc, [&](auto cb) { client.async_get_room("", std::move(cb)); });
  REQUIRE_FALSE(empty_id);
  CHECK(empty_id.error().kind == errc::invalid_argument);
  CHECK(empty_id.error().attempts == 0);

  auto moved = std::move(client);
  const auto from_moved =
      run_callback<room>(ioc, [&](auto cb) { client.async_get_room("1", std::move(cb)); });
  REQUIRE_FALSE(from_moved);
  CHECK(from_moved.error().kind == errc::invalid_argument);
  CHECK(from_moved.error().message.find("moved from") != std::string::npos);

  // A bad endpoint: every call reports it.
  async_rooms_client<emulator_transport, hmac_signer<>> bad(
      "ftp://nowhere", emulator_transport(emu, ioc.get_executor()), hmac_signer<>(key));
  const auto refused =
      run_callback<room>(ioc, [&](auto cb) { bad.async_get_room("1", std::move(cb)); });
  REQUIRE_FALSE(refused);
  CHECK(refused.error().kind == errc::invalid_argument);
}

TEST_CASE("async paging: pages, continuation token, resume, and a pager outliving its client",
          "[async][paging]") {
  asio::io_context ioc;
  emulator emu(small_pages(2));
  auto client = client_for(emu, ioc);
  for (int i = 0; i < 5; ++i) {
    REQUIRE(run_callback<room>(ioc, [&](auto cb) { client.async_create_room({}, std::move(cb)); }));
  }
  auto pager = client.async_list_rooms();
  CHECK_FALSE(pager.continuation_token().has_value());
  auto moved_client = std::move(client); // the pager shares what it needs
  const auto p1 =
      run_callback<page<room>>(ioc, [&](auto cb) { pager.async_next_page(std::move(cb)); });
  REQUIRE(p1);
  CHECK(p1->items.size() == 2);
  const auto token = pager.continuation_token();
  REQUIRE(token.has_value());

  // Resume elsewhere from the token.
  auto resumed = moved_client.async_list_rooms_from(*token);
  std::size_t rest = 0;
  while (!resumed.done()) {
    const auto p =
        run_callback<page<room>>(ioc, [&](auto cb) { resumed.async_next_page(std::move(cb)); });
    REQUIRE(p);
    rest += p->items.size();
  }
  CHECK(rest == 3);
  CHECK_FALSE(resumed.continuation_token().has_value());
  const auto after =
      run_callback<page<room>>(ioc, [&](auto cb) { resumed.async_next_page(std::move(cb)); });
  REQUIRE_FALSE(after);
  CHECK(after.error().kind == errc::invalid_argument);

  // One page at a time.
  std::optional<result<page<room>>> first;
  std::optional<result<page<room>>> second;
  pager.async_next_page([&](result<page<room>> r) { first.emplace(std::move(r)); });
  pager.async_next_page([&](result<page<room>> r) { second.emplace(std::move(r)); });
  ioc.restart();
  ioc.run();
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->has_value());
  REQUIRE_FALSE(second->has_value());
  CHECK(second->error().kind == errc::invalid_argument);
}

TEST_CASE("async paging keeps the sync pager's rules", "[async][paging]") {
  asio::io_context ioc;
  const std::string first_url = std::string(endpoint) + "/rooms?api-version=2025-03-13";
  const std::string link1 = std::string(endpoint) + "/rooms?nextLink=AAA&api-version=2025-03-13";
  const std::string link2 = std::string(endpoint) + "/rooms?nextLink=BBB&api-version=2025-03-13";
  scripted_transport script;
  script.answers = {
      response(200, R"({"value":[)" + room_json("1") + R"(],"nextLink":")" + link1 + R"("})"),
      response(200, R"({"value":[],"nextLink":")" + link2 + R"("})"), // empty, more follow
      response(503, ""),                                              // fails: nothing moves
      response(200, R"({"value":[)" + room_json("2") + R"(],"nextLink":")" + link1 + R"("})"),
  };
  client_options options;
  options.retry.max_retries = 0;
  async_rooms_client<in_process_transport<scripted_transport&>, hmac_signer<>> client(
      endpoint, in_process_transport<scripted_transport&>(script, ioc.get_executor()),
      hmac_signer<>(key), options);
  auto pager = client.async_list_rooms();
  const auto next = [&] {
    return run_callback<page<room>>(ioc, [&](auto cb) { pager.async_next_page(std::move(cb)); });
  };
  const auto p1 = next();
  REQUIRE(p1);
  CHECK(p1->items.at(0).id == "1");
  const auto p2 = next();
  REQUIRE(p2);
  CHECK(p2->items.empty());
  CHECK_FALSE(pager.done());
  CHECK(pager.continuation_token() == link2);
  const auto failed = next();
  REQUIRE_FALSE(failed);
  CHECK(failed.error().status == 503);
  CHECK(pager.continuation_token() == link2);
  const auto looped = next(); // link2's page leads back to link1: refused
  REQUIRE_FALSE(looped);
  CHECK(looped.error().kind == errc::malformed_response);
  CHECK(pager.continuation_token() == link2);
  CHECK(script.urls == std::vector<std::string>{first_url, link1, link2, link2});
}

TEST_CASE("100 concurrent operations on one thread take about one delay", "[async][concurrency]") {
  asio::io_context ioc; // run() on this thread only
  emulator emu;
  constexpr auto delay = 100ms;
  auto client = client_for(emu, ioc, delay);
  int ok = 0;
  int done = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i) {
    client.async_create_room({}, [&](result<room> r) {
      ++done;
      ok += r ? 1 : 0;
    });
  }
  ioc.run();
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(done == 100);
  CHECK(ok == 100);
  CHECK(emu.room_count() == 100);
  CHECK(took >= delay);
  CHECK(took < 20 * delay); // sequentially it would be 100 delays
}

TEST_CASE("a retry after Retry-After waits on a timer without blocking other operations",
          "[async][retry]") {
  asio::io_context ioc;
  emulator emu;
  throttling_transport throttled{emu, 2, "50", {}};
  auto made =
      make_async_client(emu.connection_string("https://emulator.local"),
                        in_process_transport<throttling_transport&>(throttled, ioc.get_executor()));
  REQUIRE(made);
  auto& client = *made;
  std::vector<std::string> order;
  std::optional<result<room>> slow;
  client.async_get_room("40440440440440440", [&](result<room> r) {
    order.emplace_back("throttled");
    slow.emplace(std::move(r));
  });
  for (int i = 0; i < 10; ++i) {
    client.async_create_room({}, [&](result<room> r) {
      CHECK(r.has_value());
      order.emplace_back("create");
    });
  }
  ioc.run();
  REQUIRE(slow.has_value());
  REQUIRE_FALSE(slow->has_value());
  CHECK(slow->error().status == 404); // let through on the third attempt
  CHECK(slow->error().attempts == 3);
  REQUIRE(order.size() == 11);
  CHECK(order.back() == "throttled"); // every create finished during its waits
  CHECK(emu.room_count() == 10);
}

TEST_CASE("cancelling an operation that waits to retry ends it at once", "[async][cancel]") {
  asio::io_context ioc;
  emulator emu;
  throttling_transport throttled{emu, 2, "50", {}};
  throttled.retry_after_ms = "60000"; // a minute: the longest wait the default max_delay allows
  auto made =
      make_async_client(emu.connection_string("https://emulator.local"),
                        in_process_transport<throttling_transport&>(throttled, ioc.get_executor()));
  REQUIRE(made);
  auto& client = *made;

  SECTION("through the cancellation slot") {
    asio::cancellation_signal signal;
    std::optional<result<room>> out;
    client.async_get_room("40440440440440440",
                          asio::bind_cancellation_slot(
                              signal.slot(), [&](result<room> r) { out.emplace(std::move(r)); }));
    // Once the first attempt has been answered (the op now waits ten minutes), cancel.
    asio::steady_timer later(ioc, 20ms);
    later.async_wait([&](boost::system::error_code) {
      CHECK(throttled.urls.size() == 1);
      signal.emit(asio::cancellation_type::terminal);
    });
    const auto start = std::chrono::steady_clock::now();
    ioc.run();
    CHECK(std::chrono::steady_clock::now() - start < 60s); // not ten minutes
    REQUIRE(out.has_value());
    REQUIRE_FALSE(out->has_value());
    CHECK(out->error().kind == errc::cancelled);
    CHECK(out->error().status == 503); // what the last answer said is kept
    CHECK(out->error().attempts == 1);
  }

  SECTION("through call_options' cancellation token, checked between steps") {
    cancellation_source source;
    call_options per_call;
    per_call.cancellation = source.token();
    source.cancel();
    const auto out = run_callback<room>(
        ioc, [&](auto cb) { client.async_get_room("40440440440440440", per_call, std::move(cb)); });
    REQUIRE_FALSE(out);
    CHECK(out.error().kind == errc::cancelled);
    CHECK(throttled.urls.empty());
  }

  SECTION("a deadline the wait would pass ends the call with timed_out") {
    call_options per_call;
    per_call.timeout = 5s;
    const auto out = run_callback<room>(
        ioc, [&](auto cb) { client.async_get_room("40440440440440440", per_call, std::move(cb)); });
    REQUIRE_FALSE(out);
    CHECK(out.error().kind == errc::timed_out);
    CHECK(out.error().attempts == 1);
  }
}

TEST_CASE("the logger sees every attempt of an async call", "[async][retry]") {
  asio::io_context ioc;
  emulator emu;
  throttling_transport throttled{emu, 2, "50", {}};
  throttled.throttle = 1;
  throttled.retry_after_ms = "1";
  std::vector<std::string> lines;
  client_options options;
  options.logger = [&](log_level, std::string_view line) { lines.emplace_back(line); };
  auto made = make_async_client(
      emu.connection_string("https://emulator.local"),
      in_process_transport<throttling_transport&>(throttled, ioc.get_executor()), options);
  REQUIRE(made);
  const auto out = run_callback<room>(
      ioc, [&](auto cb) { made->async_get_room("40440440440440440", std::move(cb)); });
  REQUIRE_FALSE(out);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].find("503") != std::string::npos);
  CHECK(lines[0].find("retrying in 1 ms") != std::string::npos);
  CHECK(lines[1].find("404") != std::string::npos);
  for (const auto& line : lines) {
    CHECK(line.find(emu.access_key()) == std::string::npos);
  }
}

#if ACS_ROOMS_TEST_COROUTINES
using namespace asio::experimental::awaitable_operators;

TEST_CASE("coroutines: co_await gives result<T>", "[async][coroutine]") {
  asio::io_context ioc;
  emulator emu(small_pages(1));
  auto client = client_for(emu, ioc, 1ms);
  bool finished = false;
  asio::co_spawn(
      ioc,
      [&]() -> asio::awaitable<void> {
        result<room> created = co_await client.async_create_room({}, asio::use_awaitable);
        REQUIRE(created);
        result<room> also = co_await client.async_create_room({}, asio::use_awaitable);
        REQUIRE(also);
        result<room> got = co_await client.async_get_room(created->id, asio::use_awaitable);
        REQUIRE(got);
        CHECK(got->id == created->id);
        auto pager = client.async_list_rooms();
        std::size_t seen = 0;
        while (!pager.done()) {
          result<page<room>> p = co_await pager.async_next_page(asio::use_awaitable);
          REQUIRE(p);
          seen += p->items.size();
        }
        CHECK(seen == 2);
        result<void> deleted = co_await client.async_delete_room(created->id, asio::use_awaitable);
        CHECK(deleted.has_value());
        finished = true;
      },
      asio::detached);
  ioc.run();
  CHECK(finished);
  CHECK(emu.room_count() == 1);
}

TEST_CASE("coroutines: (op || timer) cancels an operation waiting to retry", "[async][cancel]") {
  asio::io_context ioc;
  emulator emu;
  throttling_transport throttled{emu, 2, "50", {}};
  throttled.retry_after_ms = "60000"; // the default max_delay: waited, not refused
  auto made =
      make_async_client(emu.connection_string("https://emulator.local"),
                        in_process_transport<throttling_transport&>(throttled, ioc.get_executor()));
  REQUIRE(made);
  auto& client = *made;
  std::optional<std::size_t> winner;
  asio::co_spawn(
      ioc,
      [&]() -> asio::awaitable<void> {
        asio::steady_timer timer(ioc, 50ms);
        auto either = co_await (client.async_get_room("40440440440440440", asio::use_awaitable) ||
                                timer.async_wait(asio::use_awaitable));
        winner = either.index();
      },
      asio::detached);
  const auto start = std::chrono::steady_clock::now();
  ioc.run(); // returns only once the cancelled operation has ended
  CHECK(std::chrono::steady_clock::now() - start < 60s);
  REQUIRE(winner.has_value());
  CHECK(*winner == 1); // the timer
  CHECK(throttled.urls.size() == 1);
}
#endif

TEST_CASE("async: spans, traceparent, retry rules and response metadata as the sync client",
          "[async][guidelines]") {
  asio::io_context ioc;
  emulator emu;
  auto traces = std::make_shared<acs_rooms_test::test_tracer>();
  client_options o;
  o.clock = emu.clock();
  o.tracer = traces;
  o.retry.mode = retry_mode::fixed;
  o.retry.initial_delay = 1ms;
  std::vector<int> asked;
  o.retry.should_retry = [&asked](const retry_attempt& a) {
    asked.push_back(a.response != nullptr ? a.response->status : 0);
    return a.response != nullptr && a.response->status == 400 ? retry_decision::retry
                                                              : retry_decision::by_rules;
  };
  auto client = client_for(emu, ioc, 0ms, o);
  emu.inject(emulator_fault::answer(400).on("POST", "/rooms"));
  response_metadata md;
  call_options per_call;
  per_call.metadata = &md;
  auto made = client.async_create_room({}, per_call, asio::use_future);
  ioc.run();
  REQUIRE(made.get());
  CHECK(asked == std::vector<int>{400});
  CHECK(md.status == 201);
  CHECK(md.attempts == 2);

  const auto spans = traces->spans();
  REQUIRE(spans.size() == 3);
  CHECK(spans[0].name == "RoomsClient.CreateRoom");
  CHECK(spans[1].parent == 0);
  CHECK(spans[2].parent == 0);
  CHECK(spans[1].number("http.response.status_code") == 400);
  CHECK(spans[2].number("http.request.resend_count") == 1);
  CHECK_FALSE(spans[2].traceparent.empty());
  for (const auto& s : spans) {
    CHECK(s.ends == 1);
  }

  ioc.restart();
  auto missing = client.async_get_room("12345678901234567", per_call, asio::use_future);
  ioc.run();
  REQUIRE_FALSE(missing.get());
  CHECK(md.status == 404);
  const auto after = traces->spans();
  REQUIRE(after.size() == 5);
  CHECK(after[3].name == "RoomsClient.GetRoom");
  CHECK(after[3].text("error.type") == "404");
}
