// SPDX-License-Identifier: MIT
// acs_rooms example (testing): the application code under test, a function that invites a user
// to a room and says what happened in the application's own words.
#pragma once

#include <acs/rooms.hpp>

#include <string>
#include <string_view>

namespace app {

/// What invite() reports: the application's own result, not the library's error.
enum class invite_outcome { invited, no_such_room, failed };

/// Adds `user` (a raw id such as "8:acs:...") to `room_id` as an attendee. Works with any
/// rooms_client, so tests hand it one over mocks. Retries are the client's (client_options).
template <class Client>
invite_outcome invite(Client& client, std::string_view room_id, const std::string& user) {
  namespace rooms = acs::rooms;
  const rooms::result<void> added = client.add_or_update_participants(
      room_id,
      {{rooms::communication_identifier::from_raw_id(user), rooms::participant_role::attendee}});
  if (added) {
    return invite_outcome::invited;
  }
  if (added.error().is_not_found()) { // the room was deleted or has expired
    return invite_outcome::no_such_room;
  }
  return invite_outcome::failed;
}

} // namespace app
