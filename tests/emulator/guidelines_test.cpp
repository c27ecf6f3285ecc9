// SPDX-License-Identifier: MIT
// acs_rooms tests: the Azure SDK guideline features of the sync client against the emulator -
// tracing (spans, attributes, traceparent), retry modes, statuses and predicate, response
// metadata, and the api-deprecated-versions warning. Injected clock and sleeps: no real waits.

#include <acs/rooms.hpp>
#include <acs/rooms/emulator.hpp>

#include "../support/test_tracer.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace acs::rooms;
using namespace std::chrono_literals;
using acs_rooms_test::recorded_span;
using acs_rooms_test::test_tracer;

/// The emulator behind a transport that records what was sent and may add answer headers.
struct recording {
  emulator& emu;
  std::vector<http_request> sent;
  http_headers extra; ///< added to every answer
  result<http_response> send(const http_request& request, const send_options& limits) {
    sent.push_back(request);
    auto answer = emu.send(request, limits);
    if (answer) {
      for (const auto& [name, value] : extra) {
        answer->headers.set(name, value);
      }
    }
    return answer;
  }
};

struct fixture {
  emulator emu{emulator_options{}};
  recording wire{emu, {}, {}};
  std::shared_ptr<test_tracer> traces = std::make_shared<test_tracer>();
  std::vector<std::chrono::milliseconds> sleeps;
  std::vector<std::pair<log_level, std::string>> log;

  client_options options() {
    client_options o;
    o.clock = emu.clock();
    o.sleep = [this](std::chrono::milliseconds d) {
      sleeps.push_back(d);
      emu.advance(d);
    };
    o.tracer = traces;
    o.logger = [this](log_level level, std::string_view line) {
      log.emplace_back(level, std::string(line));
    };
    return o;
  }
  auto client(client_options o) {
    return make_client<recording&>(emu.connection_string("https://rooms.emu.test"), wire,
                                   std::move(o))
        .value();
  }
  auto client() { return client(options()); }
};

/// The spans with `name`.
std::vector<recorded_span> named(const std::vector<recorded_span>& spans, const std::string& name) {
  std::vector<recorded_span> out;
  for (const auto& s : spans) {
    if (s.name == name) {
      out.push_back(s);
    }
  }
  return out;
}

} // namespace

TEST_CASE("tracing: a retried create is one method span over two attempt spans",
          "[guidelines][tracing]") {
  fixture f;
  auto c = f.client();
  f.emu.inject(emulator_fault::answer(503).on("POST", "/rooms").with_header("Retry-After", "2"));
  const auto made = c.create_room({});
  REQUIRE(made);

  const auto spans = f.traces->spans();
  REQUIRE(spans.size() == 3);
  const recorded_span& method = spans[0];
  CHECK(method.name == "RoomsClient.CreateRoom");
  CHECK(method.kind == span_kind::internal);
  CHECK(method.parent == -1);
  CHECK(method.text("az.namespace") == "Microsoft.Communication");
  CHECK(method.status == span_status::unset);
  for (const auto& s : spans) {
    CHECK(s.ends == 1); // every span ended exactly once
  }
  for (int i : {1, 2}) {
    const recorded_span& attempt = spans[static_cast<std::size_t>(i)];
    CAPTURE(i);
    CHECK(attempt.name == "POST");
    CHECK(attempt.kind == span_kind::client);
    CHECK(attempt.parent == 0);
    CHECK(attempt.text("http.request.method") == "POST");
    CHECK(attempt.text("url.full") == "https://rooms.emu.test/rooms?api-version=2025-03-13");
    CHECK(attempt.text("server.address") == "rooms.emu.test");
    CHECK(attempt.number("server.port") == 443);
    CHECK(attempt.text("az.namespace") == "Microsoft.Communication");
    CHECK(attempt.text("az.client_request_id") ==
          *f.wire.sent[static_cast<std::size_t>(i - 1)].headers.get("x-ms-client-request-id"));
    // Each attempt carries its own span's context.
    CHECK(f.wire.sent[static_cast<std::size_t>(i - 1)].headers.get("traceparent") ==
          std::optional<std::string_view>(attempt.traceparent));
  }
  CHECK(spans[1].number("http.response.status_code") == 503);
  CHECK(spans[1].text("error.type") == "503");
  CHECK(spans[1].status == span_status::error);
  CHECK(spans[1].number("http.request.resend_count") == -1); // the first attempt has none
  CHECK(spans[2].number("http.response.status_code") == 201);
  CHECK(spans[2].number("http.request.resend_count") == 1);
  CHECK(spans[2].text("error.type").empty());
  CHECK(spans[2].status == span_status::unset);
  CHECK(f.sleeps == std::vector<std::chrono::milliseconds>{2s});
}

TEST_CASE("tracing: failures, paging and redaction", "[guidelines][tracing]") {
  fixture f;
  auto c = f.client();

  SECTION("a 404 ends both spans in error with the status") {
    const auto missing = c.get_room("12345678901234567");
    REQUIRE_FALSE(missing);
    const auto spans = f.traces->spans();
    REQUIRE(spans.size() == 2);
    CHECK(spans[0].name == "RoomsClient.GetRoom");
    CHECK(spans[0].status == span_status::error);
    CHECK(spans[0].text("error.type") == "404");
    CHECK(spans[0].description == missing.error().message);
    CHECK(spans[1].text("error.type") == "404");
  }

  SECTION("no answer at all: transport_error on each attempt and the method") {
    client_options o = f.options();
    o.retry.max_retries = 1;
    auto fragile = f.client(o);
    f.emu.inject(emulator_fault::drop_request().for_next(2));
    const auto lost = fragile.delete_room("12345678901234567");
    REQUIRE_FALSE(lost);
    const auto spans = f.traces->spans();
    REQUIRE(spans.size() == 3);
    CHECK(spans[0].name == "RoomsClient.DeleteRoom");
    CHECK(spans[0].text("error.type") == "transport_error");
    CHECK(spans[1].text("error.type") == "transport_error");
    CHECK(spans[2].text("error.type") == "transport_error");
    CHECK(spans[2].number("http.response.status_code") == -1);
  }

  SECTION("a listing: a GetRooms span per page; query values other than api-version redacted") {
    for (int i = 0; i < 3; ++i) {
      REQUIRE(c.create_room({}));
    }
    emulator_options small;
    small.page_size = 2;
    emulator paged(small);
    recording wire{paged, {}, {}};
    client_options o = f.options();
    o.clock = paged.clock();
    auto lister =
        make_client<recording&>(paged.connection_string("https://rooms.emu.test"), wire, o).value();
    for (int i = 0; i < 3; ++i) {
      REQUIRE(lister.create_room({}));
    }
    std::size_t rooms = 0;
    for (const auto& r : lister.list_rooms()) {
      static_cast<void>(r);
      ++rooms;
    }
    CHECK(rooms == 3);
    const auto pages = named(f.traces->spans(), "RoomsClient.GetRooms");
    CHECK(pages.size() == 2);
    std::vector<recorded_span> gets = named(f.traces->spans(), "GET");
    REQUIRE(gets.size() == 2);
    CHECK(gets[0].text("url.full") == "https://rooms.emu.test/rooms?api-version=2025-03-13");
    const std::string second = gets[1].text("url.full");
    CHECK(second.find("api-version=2025-03-13") != std::string::npos);
    CHECK(second.find("=REDACTED") != std::string::npos);              // the continuation token
    CHECK(wire.sent.back().url.find("REDACTED") == std::string::npos); // only in the trace
  }
}

TEST_CASE("tracing: no tracer, no spans and no traceparent", "[guidelines][tracing]") {
  fixture f;
  client_options o = f.options();
  o.tracer = nullptr;
  auto c = f.client(o);
  REQUIRE(c.create_room({}));
  CHECK(f.traces->spans().empty());
  CHECK_FALSE(f.wire.sent.back().headers.get("traceparent"));
}

TEST_CASE("retry rules: modes, statuses and a predicate", "[guidelines][retry]") {
  fixture f;

  SECTION("fixed mode waits initial_delay every time, without jitter") {
    client_options o = f.options();
    o.retry.mode = retry_mode::fixed;
    o.retry.initial_delay = 250ms;
    auto c = f.client(o);
    f.emu.inject(emulator_fault::answer(500).for_next(3));
    REQUIRE(c.create_room({}));
    CHECK(f.sleeps == std::vector<std::chrono::milliseconds>{250ms, 250ms, 250ms});
  }

  SECTION("the status set: 409 retried when asked, 503 not when removed") {
    client_options o = f.options();
    o.retry.statuses.insert(409);
    o.retry.statuses.erase(503);
    auto c = f.client(o);
    f.emu.inject(emulator_fault::answer(409).for_next(1));
    REQUIRE(c.create_room({}));
    CHECK(f.wire.sent.size() == 2);
    f.emu.inject(emulator_fault::answer(503).for_next(1));
    const auto refused = c.create_room({});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().status == 503);
    CHECK(refused.error().attempts == 1);
  }

  SECTION("a predicate forces a retry on an error code; the create keeps its repeatability") {
    client_options o = f.options();
    std::vector<int> seen;
    o.retry.should_retry = [&seen](const retry_attempt& a) {
      seen.push_back(a.attempt);
      const bool busy = a.response != nullptr &&
                        a.response->headers.get("x-ms-error-code") == std::string_view("Busy");
      return busy ? retry_decision::retry : retry_decision::by_rules;
    };
    auto c = f.client(o);
    f.emu.inject(emulator_fault::answer(400).with_header("x-ms-error-code", "Busy"));
    REQUIRE(c.create_room({}));
    REQUIRE(f.wire.sent.size() == 2);
    CHECK(seen == std::vector<int>{1}); // a success is not retried, so not asked about
    for (const char* h : {"Repeatability-Request-ID", "Repeatability-First-Sent"}) {
      CAPTURE(h);
      REQUIRE(f.wire.sent[0].headers.get(h));
      CHECK(f.wire.sent[0].headers.get(h) == f.wire.sent[1].headers.get(h));
    }
  }

  SECTION("a forced retry stays within max_retries") {
    client_options o = f.options();
    o.retry.max_retries = 2;
    o.retry.should_retry = [](const retry_attempt&) { return retry_decision::retry; };
    auto c = f.client(o);
    f.emu.inject(emulator_fault::answer(400).for_next(emulator_fault::forever));
    const auto failed = c.get_room("12345678901234567");
    REQUIRE_FALSE(failed);
    CHECK(failed.error().attempts == 3);
    CHECK(failed.error().status == 400);
  }

  SECTION("a predicate vetoes a retry the rules would make, also for a lost answer") {
    client_options o = f.options();
    std::vector<bool> by_rules;
    o.retry.should_retry = [&by_rules](const retry_attempt& a) {
      by_rules.push_back(a.retry_by_rules);
      CHECK((a.response == nullptr) == (a.failure != nullptr));
      return retry_decision::stop;
    };
    auto c = f.client(o);
    f.emu.inject(emulator_fault::answer(503));
    const auto refused = c.get_room("12345678901234567");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().status == 503);
    f.emu.inject(emulator_fault::drop_request());
    const auto lost = c.get_room("12345678901234567");
    REQUIRE_FALSE(lost);
    CHECK(lost.error().kind == errc::transport_error);
    CHECK(lost.error().attempts == 1);
    CHECK(by_rules == std::vector<bool>{true, true});
    CHECK(f.sleeps.empty());
  }

  SECTION("a predicate that throws fails the call with invalid_argument") {
    client_options o = f.options();
    o.retry.should_retry = [](const retry_attempt&) -> retry_decision {
      throw std::runtime_error("predicate bug");
    };
    auto c = f.client(o);
    f.emu.inject(emulator_fault::answer(503));
    const auto failed = c.get_room("12345678901234567");
    REQUIRE_FALSE(failed);
    CHECK(failed.error().kind == errc::invalid_argument);
    CHECK(failed.error().message == "the retry predicate threw: predicate bug");
    CHECK(failed.error().attempts == 1);
  }
}

TEST_CASE("response metadata: status, headers and attempts, success or failure",
          "[guidelines][metadata]") {
  fixture f;
  auto c = f.client();
  response_metadata md;
  call_options per_call;
  per_call.metadata = &md;

  f.emu.inject(emulator_fault::answer(503).on("POST"));
  const auto made = c.create_room({}, per_call);
  REQUIRE(made);
  CHECK(md.status == 201);
  CHECK(md.attempts == 2);
  CHECK(md.headers.get("Repeatability-Result") == std::string_view("accepted"));
  CHECK(md.client_request_id == *f.wire.sent.back().headers.get("x-ms-client-request-id"));

  REQUIRE(c.delete_room(made->id, per_call));
  CHECK(md.status == 204);
  CHECK(md.attempts == 1);

  const auto gone = c.get_room(made->id, per_call);
  REQUIRE_FALSE(gone);
  CHECK(md.status == 404);
  CHECK(md.headers.get("x-ms-error-code") == std::string_view("NotFound"));

  f.emu.inject(emulator_fault::drop_request().for_next(4));
  REQUIRE_FALSE(c.get_room(made->id, per_call));
  CHECK(md.status == 0); // no answer came
  CHECK(md.attempts == 4);
  CHECK(md.headers.size() == 0);
}

TEST_CASE("api-deprecated-versions naming the version in use: one warning per client",
          "[guidelines][metadata]") {
  fixture f;
  f.wire.extra.set("api-deprecated-versions", "2023-06-14, 2025-03-13");
  auto c = f.client();
  const auto warnings = [&f] {
    int n = 0;
    for (const auto& [level, line] : f.log) {
      n += level == log_level::warning && line.find("deprecated") != std::string::npos ? 1 : 0;
    }
    return n;
  };
  REQUIRE(c.create_room({}));
  REQUIRE(c.create_room({}));
  CHECK(warnings() == 1);
  CHECK(f.log.back().second.find("2025-03-13") != std::string::npos);

  f.wire.extra.set("api-deprecated-versions", "2023-06-14");
  client_options o = f.options();
  auto other = f.client(o); // another client, whose version is not in the list
  f.log.clear();
  REQUIRE(other.create_room({}));
  CHECK(warnings() == 0);
}
