// SPDX-License-Identifier: MIT
// acs_rooms fuzzing (tests): the emulator's send(), with raw requests and with requests signed
// with the emulator's key (so the fuzzer gets past authentication to the validators).
//
// Input: up to 8 requests separated by a line "===". Each is a first line
// "<mode> <METHOD> <target>", header lines, an empty line and the body. Modes:
//   R             sent as written (a "Authorization: Bearer fuzz-token" header passes)
//   S             signed with the emulator's key at the emulator's clock
//   S@<rfc3339>   signed with the emulator's key at that time
// <target> is a path ("/rooms?api-version=2025-03-13") or an absolute URL. "{id}" in the target
// or body stands for the id of the last room created by this input.

#include "fuzz_support.hpp"

#include <acs/rooms/emulator.hpp>

using namespace acs::rooms;
using acs_rooms_fuzz::contains;
using acs_rooms_fuzz::require;

namespace {

constexpr std::string_view key = "ZnV6emluZy1rZXktZm9yLXRoZS1lbXVsYXRvci0wMTIzNDU2Nzg5YWJjZGVm";
constexpr std::string_view token = "fuzz-token";
constexpr std::string_view clock_text = "2026-01-01T00:00:00Z";
constexpr auto max_validity = std::chrono::hours(24 * 180);

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

/// The api-version the request asked for (the emulator answers in its shape).
const api_version& version_of(const http_request& q) {
  const auto u = detail::parse_url(q.url);
  const std::string_view query = u ? u->query : std::string_view();
  for (const api_version* v :
       {&api_version::v2022_02_01, &api_version::v2023_06_14, &api_version::v2024_04_15}) {
    if (query.find("api-version=" + std::string(v->value())) != std::string_view::npos) {
      return *v;
    }
  }
  return api_version::latest;
}

/// True when `q` itself carries the key's text (the fuzzer learns it from the comparisons
/// below and may send it as an api-version or a raw id, which the emulator rightly echoes).
bool carries_key(const http_request& q) {
  if (contains(q.url, key) || contains(q.body, key)) {
    return true;
  }
  for (const auto& [name, value] : q.headers) {
    if (contains(name, key) || contains(value, key)) {
      return true;
    }
  }
  return false;
}

/// Checks one answer; returns the id of a room it created, if any. `key_sent`: some request of
/// this input carried the key's text, so an answer may echo it.
std::string check_answer(const http_response& r, const http_request& q, time_point now,
                         bool key_sent) {
  require(r.status >= 200 && r.status <= 599, "the emulator answered with an odd status");
  if (r.status == 204) {
    require(r.body.empty(), "a 204 answer has a body");
  } else {
    require(acs_rooms_fuzz::is_json(r.body), "an emulator answer is not JSON");
  }
  require(key_sent || !contains(r.body, key), "the access key appears in an emulator answer");
  for (const auto& [name, value] : r.headers) {
    require(key_sent || (!contains(value, key) && !contains(name, key)),
            "the access key appears in an emulator header");
  }
  if (!detail::is_success(r.status)) {
    const error e = parse_error(r);
    require(!e.code.empty() && !e.message.empty(), "an emulator error has no code or message");
    return {};
  }
  nlohmann::json body = nlohmann::json::parse(r.body, nullptr, false);
  if (!body.is_object()) {
    return {};
  }
  if (body.contains("value")) {
    const auto rooms = parse_room_page(r, version_of(q));
    const auto people = parse_participant_page(r);
    require(rooms.has_value() || people.has_value(), "the library cannot read an emulator page");
    const auto& link = rooms ? rooms->next_link : people->next_link;
    require(!link || detail::parse_url(*link).has_value(), "an emulator nextLink is not a URL");
    return {};
  }
  const api_version& version = version_of(q);
  if (version.is_2022_dialect() && !body.contains("validFrom") && body.contains("participants")) {
    require(parse_participants_v2022(r).has_value(), "the library cannot read a 2022 roster");
    return {};
  }
  if (!body.contains("validFrom")) {
    return {};
  }
  const auto room = version.is_2022_dialect() ? parse_room_v2022(r) : parse_room(r, version);
  require(room.has_value(), "the library cannot read an emulator room");
  // The 180-day rules, as the service states them, hold for every room it hands out.
  require(room->valid_from < room->valid_until, "a room ends before it starts");
  require(detail::within(room->valid_from, room->valid_until, max_validity),
          "a room is valid for more than 180 days");
  if (q.method == "POST" || q.method == "PATCH") {
    require(room->valid_from <= detail::saturating_add(now, max_validity),
            "a room starts more than 180 days after the request");
  }
  return q.method == "POST" && r.status == 201 ? room->id : std::string();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const time_point now = *parse_rfc3339(clock_text);
  static const hmac_signer<> signer(key);
  emulator_options options;
  options.access_key = std::string(key);
  options.accepted_token = std::string(token);
  options.page_size = 2;
  options.clock = [] { return now; };
  emulator emu(std::move(options));
  require(!contains(emu.connection_string("https://emu.example"), "\n"),
          "a connection string with a line break");

  std::string_view rest = acs_rooms_fuzz::as_text(data, size);
  std::string last_id = "00000000000000000";
  bool key_sent = false;
  for (int n = 0; n < 8 && !rest.empty(); ++n) {
    const auto cut = rest.find("\n===\n");
    const auto m = acs_rooms_fuzz::read_message(rest.substr(0, cut));
    rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + 5);

    std::string_view line = m.first_line;
    const auto sp1 = line.find(' ');
    const std::string_view mode = line.substr(0, sp1);
    line = sp1 == std::string_view::npos ? std::string_view() : line.substr(sp1 + 1);
    const auto sp2 = line.find(' ');
    http_request q;
    q.method = std::string(line.substr(0, sp2));
    std::string target = replace_all(
        std::string(sp2 == std::string_view::npos ? "" : line.substr(sp2 + 1)), "{id}", last_id);
    q.url = target.compare(0, 4, "http") == 0 ? target : "https://emu.example.com" + target;
    q.headers = m.headers;
    q.body = replace_all(m.body, "{id}", last_id);

    std::optional<time_point> signed_at;
    if (mode == "S") {
      signed_at = now;
    } else if (mode.substr(0, 2) == "S@") {
      signed_at = parse_rfc3339(mode.substr(2));
    }
    if (signed_at && !signer.sign(q, *signed_at)) {
      signed_at.reset(); // an URL the signer refuses: sent unsigned
    }
    key_sent = key_sent || carries_key(q);
    const http_response r = emu.send(q);
    if (signed_at) {
      // The 15-minute rule: a signed request is refused exactly when its date is far off (the
      // date has whole seconds, so compare what was sent, read back as the emulator reads it).
      const auto sent = parse_rfc1123(format_rfc1123(*signed_at));
      const bool near = sent && detail::within(*sent, now, std::chrono::minutes(15));
      require(near || r.status == 401, "a request signed more than 15 minutes off was accepted");
      require(!near || r.status != 401, "a correctly signed request was refused as unauthorized");
    }
    if (auto id = check_answer(r, q, now, key_sent); !id.empty()) {
      last_id = std::move(id);
    }
  }
  return 0;
}
