// SPDX-License-Identifier: MIT
// Consumer test of separate compilation: built with ACS_ROOMS_SEPARATE_COMPILATION (from the
// acs_rooms::compiled target, meson's acs_rooms_compiled or pkg-config's acs_rooms_compiled), it
// calls a JSON parser that only the compiled library defines.

#include <acs/rooms.hpp>

#ifndef ACS_ROOMS_SEPARATE_COMPILATION
#error "this consumer is built in separate compilation mode: ACS_ROOMS_SEPARATE_COMPILATION"
#endif

int main() {
  acs::rooms::http_response response{200, {}, R"({"id":"99117812428622880",
      "createdAt":"2026-01-01T00:00:00Z","validFrom":"2026-01-01T00:00:00Z",
      "validUntil":"2026-02-01T00:00:00Z","pstnDialOutEnabled":false})"};
  auto room = acs::rooms::parse_room(response, acs::rooms::api_version::v2025_03_13);
  return room && room->id == "99117812428622880" ? 0 : 1;
}
