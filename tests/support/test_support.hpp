// SPDX-License-Identifier: MIT
// acs_rooms tests: shared helpers.
#pragma once

#include <acs/rooms.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

namespace acs_rooms_test {

/// The whole file at `path`; fails the test when it cannot be read.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// A time from RFC 3339 text; fails the test when malformed.
inline acs::rooms::time_point at(std::string_view text) {
  const auto t = acs::rooms::parse_rfc3339(text);
  REQUIRE(t.has_value());
  return *t;
}

/// An http_response from its parts.
inline acs::rooms::http_response response(int status, std::string body,
                                          std::string content_type = "application/json") {
  acs::rooms::http_response r;
  r.status = status;
  if (!content_type.empty()) {
    r.headers.set("Content-Type", std::move(content_type));
  }
  r.body = std::move(body);
  return r;
}

/// A room body as the service writes it.
inline std::string room_json(std::string id = "99117812428622880") {
  return R"({"id":")" + id +
         R"(","createdAt":"2022-04-13T18:09:12.8159131+00:00","validFrom":"2022-04-20T10:00:00.25+00:00","validUntil":"2022-05-20T10:00:00+00:00","pstnDialOutEnabled":true})";
}

/// A deterministic UUID source: 00000000-0000-4000-8000-00000000000N, counting up.
struct counting_uuids {
  int next = 1;
  std::string operator()() {
    std::string tail = std::to_string(next++);
    return "00000000-0000-4000-8000-" + std::string(12 - tail.size(), '0') + tail;
  }
};

} // namespace acs_rooms_test
