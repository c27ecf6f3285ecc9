// SPDX-License-Identifier: MIT
// acs_rooms tests: a consumer of the separate-compilation mode (linked with acs_rooms::compiled):
// the umbrella brings no JSON parser, nor <thread>, <mutex>, <condition_variable>, <random> or
// date's header, and what the library compiles once (the parsers, the call machine, run<T>, the
// builders, cancellation, the signers) works from it, as does a call of the user's own operation.
#include <acs/rooms.hpp>

#if !defined(ACS_ROOMS_SEPARATE_COMPILATION)
#error "this test is built with ACS_ROOMS_SEPARATE_COMPILATION (acs_rooms::compiled)"
#endif
#if defined(INCLUDE_NLOHMANN_JSON_HPP_)
#error "with ACS_ROOMS_SEPARATE_COMPILATION <acs/rooms.hpp> must not include nlohmann/json.hpp"
#endif

#if defined(__GLIBCXX__) && (defined(_GLIBCXX_THREAD) || defined(_GLIBCXX_MUTEX) ||                \
                             defined(_GLIBCXX_CONDITION_VARIABLE) || defined(_GLIBCXX_RANDOM))
#error "with ACS_ROOMS_SEPARATE_COMPILATION <acs/rooms.hpp> must not include <thread>, <mutex>, \
<condition_variable> or <random>"
#endif
#if defined(DATE_H)
#error "with ACS_ROOMS_SEPARATE_COMPILATION <acs/rooms.hpp> must not include date/date.h"
#endif

#include <chrono>
#include <cstdio>
#include <deque>
#include <string>
#include <vector>

namespace {
struct canned_transport {
  acs::rooms::http_response reply;
  acs::rooms::http_response send(const acs::rooms::http_request&) { return reply; }
};

// Answers in turn from a script, and keeps what was sent.
struct scripted_transport {
  std::deque<acs::rooms::http_response> replies;
  std::vector<acs::rooms::http_request> sent;
  acs::rooms::http_response send(const acs::rooms::http_request& request) {
    sent.push_back(request);
    auto reply = replies.front();
    replies.pop_front();
    return reply;
  }
};

// The user's own operation, whose value type the library does not know: run<T> is instantiated
// here, in the user's TU.
struct room_id_operation {
  using value_type = std::string;
  static constexpr std::string_view name = "room_id";
  std::string_view room_id;
  [[nodiscard]] acs::rooms::result<acs::rooms::http_request>
  build(const acs::rooms::request_context& ctx) const {
    return acs::rooms::build_get_room(ctx, room_id);
  }
  static acs::rooms::result<std::string> parse(const acs::rooms::http_response& r,
                                               const acs::rooms::api_version& v) {
    auto room = acs::rooms::parse_room(r, v);
    if (!room) {
      return std::move(room).error();
    }
    return room->id;
  }
};

const char* const room_json =
    R"({"id":"7","createdAt":"2022-04-13T18:09:12Z","validFrom":"2022-04-13T18:09:12Z",)"
    R"("validUntil":"2022-05-13T18:09:12Z","pstnDialOutEnabled":true})";

int failures = 0;
void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "separate_compilation: %s\n", what);
    ++failures;
  }
}
} // namespace

int main() {
  using namespace acs::rooms;
  auto client =
      make_client("endpoint=https://x.communication.azure.com/;accesskey=a2V5", canned_transport{})
          .value();
  client.transport().reply = {
      200,
      {},
      R"({"id":"7","createdAt":"2022-04-13T18:09:12Z","validFrom":"2022-04-13T18:09:12Z",)"
      R"("validUntil":"2022-05-13T18:09:12Z","pstnDialOutEnabled":true})"};
  const auto room = client.get_room("7");
  check(room.has_value() && room->id == "7" && room->pstn_dial_out_enabled, "get_room");

  client.transport().reply = {200, {}, R"({"value":[{"rawId":"8:acs:a","role":"Consumer"}]})"};
  auto pager = client.list_participants("7");
  const auto page = pager.next_page();
  check(page.has_value() && page->items.size() == 1 &&
            page->items[0].role == participant_role::consumer && pager.done(),
        "list_participants");

  client.transport().reply = {200, {}, R"({"id":17})"};
  const auto bad = client.get_room("7");
  check(!bad.has_value() && bad.error().kind == errc::malformed_response &&
            bad.error().target == "id",
        "a malformed room names its field");

  client.transport().reply = {404, {}, R"({"error":{"code":"NotFound","message":"no"}})"};
  const auto missing = client.delete_room("7");
  check(!missing.has_value() && missing.error().status == 404 && missing.error().code == "NotFound",
        "a service error is read");
  // A retried create: run<room>, the call machine's back-off and the builders, compiled once.
  std::vector<std::chrono::milliseconds> waits;
  client_options options;
  options.sleep = [&waits](std::chrono::milliseconds wait) { waits.push_back(wait); };
  auto scripted = make_client("endpoint=https://x.communication.azure.com/;accesskey=a2V5",
                              scripted_transport{}, options)
                      .value();
  scripted.transport().replies = {{503, {}, ""}, {201, {}, room_json}};
  const auto made = scripted.create_room();
  const auto& sent = scripted.transport().sent;
  check(made.has_value() && made->id == "7" && waits.size() == 1 && sent.size() == 2 &&
            sent[0].headers.get("Repeatability-Request-ID") ==
                sent[1].headers.get("Repeatability-Request-ID") &&
            sent[1].headers.get("Authorization").value_or("").rfind("HMAC-SHA256 ", 0) == 0 &&
            sent[1].headers.get("x-ms-date").value_or("").size() == 29,
        "a create retried after a 503 sends the same ids, signed");

  // A create refused with 412 after a retry: the operation's explain, through run<room>.
  scripted.transport().replies = {{503, {}, ""}, {412, {}, ""}};
  const auto refused = scripted.create_room();
  check(!refused && refused.error().status == 412 && refused.error().attempts == 2 &&
            refused.error().message.find("may have created the room") != std::string::npos,
        "a 412 to a retried create says the room may exist");

  // Cancellation (its state and wait are compiled once).
  cancellation_source stop;
  stop.cancel();
  call_options cancelled;
  cancelled.cancellation = stop.token();
  scripted.transport().replies = {{200, {}, room_json}};
  const auto stopped = scripted.get_room("7", cancelled);
  check(!stopped && stopped.error().kind == errc::cancelled, "a cancelled call is cancelled");
  scripted.transport().replies.clear();

  // The user's operation, and a 2022-02-01 one (run<std::vector<room_participant>>).
  scripted.transport().replies = {{200, {}, room_json}};
  const auto id = scripted.call(room_id_operation{"7"});
  check(id.has_value() && *id == "7", "the user's own operation runs");
  client_options v2022;
  v2022.version = api_version::v2022_02_01;
  auto old = make_client("endpoint=https://x.communication.azure.com/;accesskey=a2V5",
                         scripted_transport{}, v2022)
                 .value();
  old.transport().replies = {{200,
                              {},
                              R"({"participants":[{"communicationIdentifier":{"rawId":"8:acs:a"},)"
                              R"("role":"Attendee"}]})"}};
  const auto roster = old.call(get_participants_operation{"7"});
  check(roster.has_value() && roster->size() == 1 && (*roster)[0].id.raw_id() == "8:acs:a",
        "a 2022-02-01 roster is read");

  // A bearer token signer: refreshed once after a 401.
  int fetched = 0;
  bearer_token_signer bearer([&fetched] {
    ++fetched;
    return access_token{"token" + std::to_string(fetched),
                        std::chrono::system_clock::now() + std::chrono::hours(1)};
  });
  rooms_client<scripted_transport, bearer_token_signer> with_token(
      "https://x.communication.azure.com", scripted_transport{}, bearer);
  with_token.transport().replies = {{401, {}, ""}, {200, {}, room_json}};
  const auto got = with_token.get_room("7");
  check(got.has_value() && fetched == 2 &&
            with_token.transport().sent[1].headers.get("Authorization") == "Bearer token2",
        "a 401 refreshes the bearer token once");
  return failures == 0 ? 0 : 1;
}
