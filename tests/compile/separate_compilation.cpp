// SPDX-License-Identifier: MIT
// acs_rooms tests: a consumer of the separate-compilation mode (linked with acs_rooms::compiled):
// the umbrella brings no JSON parser, and every parser works from the library.
#include <acs/rooms.hpp>

#if !defined(ACS_ROOMS_SEPARATE_COMPILATION)
#error "this test is built with ACS_ROOMS_SEPARATE_COMPILATION (acs_rooms::compiled)"
#endif
#if defined(INCLUDE_NLOHMANN_JSON_HPP_)
#error "with ACS_ROOMS_SEPARATE_COMPILATION <acs/rooms.hpp> must not include nlohmann/json.hpp"
#endif

#include <cstdio>
#include <string>

namespace {
struct canned_transport {
  acs::rooms::http_response reply;
  acs::rooms::http_response send(const acs::rooms::http_request&) { return reply; }
};

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
  return failures == 0 ? 0 : 1;
}
