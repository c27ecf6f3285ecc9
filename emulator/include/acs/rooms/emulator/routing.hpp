// SPDX-License-Identifier: MIT
// acs_rooms emulator part: routing - which operation a method and path name.
#pragma once

#include <acs/rooms/emulator/validation.hpp>
#include <acs/rooms/emulator/wire.hpp>
#include <acs/rooms/http.hpp>

#include <optional>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
namespace emu {

/// The seven operations of the Rooms API.
enum class operation {
  create_room,
  list_rooms,
  get_room,
  update_room,
  delete_room,
  list_participants,
  update_participants
};

/// An operation and the room it is about (empty for create_room and list_rooms).
struct route {
  operation op = operation::list_rooms; ///< what to do
  std::string room_id;                  ///< decoded and checked
};

/// The route of `method` on `path` (/rooms, /rooms/{id}, /rooms/{id}/participants), or the
/// 400, 404 or 405 to answer.
inline std::optional<http_response> match_route(std::string_view method, std::string_view path,
                                                route& out) {
  constexpr std::string_view root = "/rooms";
  if (path.substr(0, root.size()) != root) {
    return not_found();
  }
  path.remove_prefix(root.size());
  if (path.empty()) {
    if (method != "POST" && method != "GET") {
      return method_not_allowed();
    }
    out.op = method == "POST" ? operation::create_room : operation::list_rooms;
    return std::nullopt;
  }
  if (path.front() != '/') {
    return not_found();
  }
  path.remove_prefix(1);
  const auto slash = path.find('/');
  if (!percent_decode(path.substr(0, slash), out.room_id)) {
    return error_response(400, "BadRequest", "Invalid room ID.");
  }
  const std::string_view rest =
      slash == std::string_view::npos ? std::string_view() : path.substr(slash);
  if (rest.empty()) {
    if (method != "GET" && method != "PATCH" && method != "DELETE") {
      return method_not_allowed();
    }
    out.op = method == "GET"     ? operation::get_room
             : method == "PATCH" ? operation::update_room
                                 : operation::delete_room;
  } else if (rest == "/participants") {
    if (method != "GET" && method != "PATCH") {
      return method_not_allowed();
    }
    out.op = method == "GET" ? operation::list_participants : operation::update_participants;
  } else {
    return not_found();
  }
  return validate_room_id(out.room_id);
}

} // namespace emu
} // namespace detail
ACS_ROOMS_NAMESPACE_END
