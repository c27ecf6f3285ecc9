// SPDX-License-Identifier: MIT
// acs_rooms fuzzing (tests): every response parser and parse_error, with fuzzed status and headers,
// and the from_json hooks on the body's DOM against the parsers on its bytes.
//
// Input: a status line ("201"), header lines ("Name: value"), an empty line, the body.

#include "fuzz_support.hpp"

#include <date/date.h>

using namespace acs::rooms;
using acs_rooms_fuzz::require;

namespace {

int read_status(std::string_view line) {
  int status = 0;
  for (std::size_t i = 0; i < line.size() && i < 4 && line[i] >= '0' && line[i] <= '9'; ++i) {
    status = status * 10 + (line[i] - '0');
  }
  return status;
}

void check_error(const error& e, const http_response& r, errc kind) {
  require(e.kind == kind, "a parser failed with an unexpected error kind");
  require(e.status == r.status, "an error lost the response's status");
  require(!e.message.empty(), "an error has no message");
  require(e.raw_body.size() <= 4096, "raw_body is longer than 4096 bytes");
  (void)e.describe();
}

/// A room written by to_json reads back as the same room (times to the millisecond), from
/// its text by parse_room and from its DOM by from_json alike.
void check_room_round_trip(const room& r) {
  nlohmann::json j;
  to_json(j, r);
  http_response answer;
  answer.status = 200;
  answer.body = j.dump();
  const auto back = parse_room(answer, api_version::latest);
  require(back.has_value(), "a parsed room, written by to_json, does not read back");
  const auto hooked = acs_rooms_fuzz::from_json_result<room>(j);
  require(hooked.has_value() && *hooked == *back,
          "from_json and parse_room read a room's JSON differently");
  // Compared in milliseconds (a floored minimum converted back to nanoseconds overflows). Times
  // are written floored, but the clock's first partial millisecond rounded up (its floor is
  // before the clock's range).
  const auto same_ms = [](time_point read, time_point written) {
    const auto first = date::ceil<std::chrono::milliseconds>(time_point::min());
    const auto expected = written < first ? first : date::floor<std::chrono::milliseconds>(written);
    return date::floor<std::chrono::milliseconds>(read) == expected;
  };
  require(back->id == r.id && back->pstn_dial_out_enabled == r.pstn_dial_out_enabled,
          "a room's id or pstnDialOutEnabled changed on the way through to_json");
  require(same_ms(back->created_at, r.created_at) && same_ms(back->valid_from, r.valid_from) &&
              same_ms(back->valid_until, r.valid_until),
          "a room's times changed on the way through to_json (beyond the millisecond floor)");
}

/// The from_json hook on the DOM of a body gives what `parsed`, the parser on its bytes, gave.
template <class T> void check_same(const result<T>& hooked, const result<T>& parsed) {
  require(hooked.has_value() == parsed.has_value(), "from_json and the parser disagree");
  if (hooked) {
    require(*hooked == *parsed, "from_json and the parser read different values");
    return;
  }
  require(hooked.error().kind == parsed.error().kind &&
              hooked.error().target == parsed.error().target &&
              hooked.error().message == parsed.error().message,
          "from_json and the parser fail differently");
}

template <class T> void check_page(const result<page<T>>& p, const http_response& r) {
  if (!p) {
    check_error(p.error(), r,
                detail::is_success(r.status) ? errc::malformed_response : errc::service_error);
    return;
  }
  require(detail::is_success(r.status), "a page was read from a non-2xx answer");
  if (p->next_link) {
    require(!p->next_link->empty() && detail::parse_url(*p->next_link).has_value(),
            "a parsed nextLink is not an absolute http(s) URL");
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto m = acs_rooms_fuzz::read_message(acs_rooms_fuzz::as_text(data, size));
  http_response r;
  r.status = read_status(m.first_line);
  r.headers = m.headers;
  r.body = m.body;
  const bool ok = detail::is_success(r.status);

  const error e = parse_error(r);
  check_error(e, r, errc::service_error);

  for (const api_version* v : {&api_version::latest, &api_version::v2023_06_14}) {
    const auto room_result = parse_room(r, *v);
    if (room_result) {
      require(ok, "a room was read from a non-2xx answer");
      check_room_round_trip(*room_result);
    } else {
      check_error(room_result.error(), r, ok ? errc::malformed_response : errc::service_error);
    }
    const auto rooms = parse_room_page(r, *v);
    check_page(rooms, r);
    if (rooms) {
      for (const auto& item : rooms->items) {
        check_room_round_trip(item);
      }
    }
  }
  const auto participants = parse_participant_page(r);
  check_page(participants, r);
  if (participants) {
    for (const auto& p : participants->items) {
      nlohmann::json j;
      to_json(j, p);
      const auto back = acs_rooms_fuzz::from_json_result<room_participant>(j);
      require(back.has_value() && *back == p, "a participant does not survive to_json");
    }
  }
  const auto room_2022 = parse_room_v2022(r);
  require(!room_2022 || ok, "a 2022 room was read from a non-2xx answer");
  if (!room_2022) {
    check_error(room_2022.error(), r, ok ? errc::malformed_response : errc::service_error);
  }
  const auto roster = parse_participants_v2022(r);
  require(!roster || ok, "a 2022 roster was read from a non-2xx answer");
  if (!roster) {
    check_error(roster.error(), r, ok ? errc::malformed_response : errc::service_error);
  }
  // The hooks read a DOM with the parsers' rules: the same value or the same error.
  if (ok && acs_rooms_fuzz::is_json(r.body)) {
    const auto j = nlohmann::json::parse(r.body);
    check_same(acs_rooms_fuzz::from_json_result<room>(j), parse_room(r, api_version::v2023_06_14));
    if (participants) { // each item alone reads as it read inside the page
      for (std::size_t i = 0; i < participants->items.size(); ++i) {
        const auto item = acs_rooms_fuzz::from_json_result<room_participant>(j.at("value").at(i));
        require(item.has_value() && *item == participants->items[i],
                "from_json reads a page's participant differently");
      }
    }
  }
  const auto empty = parse_empty(r);
  require(empty.has_value() == ok, "parse_empty disagrees with the status");
  if (!empty) {
    check_error(empty.error(), r, errc::service_error);
  }
  return 0;
}
