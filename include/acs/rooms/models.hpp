// SPDX-License-Identifier: MIT
// acs_rooms layer 2 (data): room, room_participant, participant_role, room_join_policy, options
// and page<T>.
#pragma once

#include <acs/rooms/fwd.hpp>
#include <acs/rooms/identifiers.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// A participant's role. Extensible: a role string from a newer service round-trips unchanged.
/// Wire: `Role` ("Presenter", "Attendee", "Consumer", "Collaborator" from 2025-03-13).
class participant_role {
public:
  /// Any role string, known or not.
  explicit participant_role(std::string value) : value_(std::move(value)) {}
  /// Full control: A/V, screen share, remove participants, mute others.
  static const participant_role presenter;
  /// Audio and video, no screen share (the service's default).
  static const participant_role attendee;
  /// Receive only.
  static const participant_role consumer;
  /// Attendee plus screen share; needs api-version 2025-03-13.
  static const participant_role collaborator;

  /// The role as the service spells it.
  [[nodiscard]] const std::string& value() const noexcept { return value_; }
  /// Same role string.
  friend bool operator==(const participant_role& a, const participant_role& b) {
    return a.value_ == b.value_;
  }
  /// Different role strings.
  friend bool operator!=(const participant_role& a, const participant_role& b) { return !(a == b); }

private:
  std::string value_;
};

inline const participant_role participant_role::presenter{"Presenter"};
inline const participant_role participant_role::attendee{"Attendee"};
inline const participant_role participant_role::consumer{"Consumer"};
inline const participant_role participant_role::collaborator{"Collaborator"};

/// Who may join a room (2022-02-01 only; later versions make every room invite-only).
/// Extensible like participant_role. Wire: `RoomJoinPolicy`.
class room_join_policy {
public:
  /// Any policy string, known or not.
  explicit room_join_policy(std::string value) : value_(std::move(value)) {}
  /// Only the room's participants may join.
  static const room_join_policy invite_only;
  /// Any user of the Communication Services resource may join.
  static const room_join_policy communication_service_users;

  /// The policy as the service spells it.
  [[nodiscard]] const std::string& value() const noexcept { return value_; }
  /// Same policy string.
  friend bool operator==(const room_join_policy& a, const room_join_policy& b) {
    return a.value_ == b.value_;
  }
  /// Different policy strings.
  friend bool operator!=(const room_join_policy& a, const room_join_policy& b) { return !(a == b); }

private:
  std::string value_;
};

inline const room_join_policy room_join_policy::invite_only{"InviteOnly"};
inline const room_join_policy room_join_policy::communication_service_users{
    "CommunicationServiceUsers"};

/// A member of a room's roster. Wire: `RoomParticipant` {rawId, role}.
struct room_participant {
  communication_identifier id;                        ///< who
  participant_role role = participant_role::attendee; ///< what they may do

  /// Same identity and role.
  friend bool operator==(const room_participant& a, const room_participant& b) {
    return a.id == b.id && a.role == b.role;
  }
  /// Differs in identity or role.
  friend bool operator!=(const room_participant& a, const room_participant& b) { return !(a == b); }
};

/// A room as the service reports it. Wire: `RoomModel`.
struct room {
  std::string id;                     ///< opaque, server-generated (digits in practice)
  time_point created_at;              ///< `createdAt` (`createdDateTime` in 2022-02-01)
  time_point valid_from;              ///< `validFrom`
  time_point valid_until;             ///< `validUntil`
  bool pstn_dial_out_enabled = false; ///< `pstnDialOutEnabled` (false before 2024-04-15)
  /// From create only: the service's `Repeatability-Result` header as sent ("accepted": the
  /// service honoured the Repeatability-Request-ID, executing it or replaying the first
  /// result; "rejected": it did not), when there was one. About the response, not the room:
  /// == ignores it.
  std::optional<std::string> repeatability_result;
  std::optional<room_join_policy> join_policy = std::nullopt; ///< `roomJoinPolicy` (2022-02-01)
  /// The roster as the room carries it (2022-02-01 only; GA versions list it separately).
  std::optional<std::vector<room_participant>> participants = std::nullopt;

  /// Every field of the room equal (repeatability_result is about the response, not the room).
  friend bool operator==(const room& a, const room& b) {
    return a.id == b.id && a.created_at == b.created_at && a.valid_from == b.valid_from &&
           a.valid_until == b.valid_until && a.pstn_dial_out_enabled == b.pstn_dial_out_enabled &&
           a.join_policy == b.join_policy && a.participants == b.participants;
  }
  /// Some field differs.
  friend bool operator!=(const room& a, const room& b) { return !(a == b); }
};

/// What to create. Absent fields are left out of the body and the service chooses.
/// Wire: `CreateRoomRequest` and the Repeatability-* headers of `Rooms_Create`.
struct create_room_options {
  std::optional<time_point> valid_from;                ///< default: now (service)
  std::optional<time_point> valid_until;               ///< default: valid_from + 180 days (service)
  std::optional<bool> pstn_dial_out_enabled;           ///< needs 2023-10-30-preview or later
  std::vector<room_participant> participants;          ///< sent in this order
  std::optional<std::string> repeatability_request_id; ///< idempotency key (UUID); default: new
  std::optional<time_point> repeatability_first_sent;  ///< when that key was first used
  std::optional<room_join_policy> join_policy = std::nullopt; ///< needs 2022-02-01
};

/// What to change. Absent fields are left out of the merge-patch body (never sent as null).
/// Wire: `UpdateRoomRequest`.
struct update_room_options {
  std::optional<time_point> valid_from;                       ///< new start
  std::optional<time_point> valid_until;                      ///< new end
  std::optional<bool> pstn_dial_out_enabled;                  ///< needs 2023-10-30-preview or later
  std::optional<room_join_policy> join_policy = std::nullopt; ///< needs 2022-02-01
  /// Replaces the whole roster (2022-02-01 only; GA versions change it participant by participant).
  std::optional<std::vector<room_participant>> participants = std::nullopt;
};

/// One page of a listing. Wire: `RoomsCollection` / `ParticipantsCollection`.
template <class T> struct page {
  std::vector<T> items;                 ///< `value`, possibly empty even mid-listing
  std::optional<std::string> next_link; ///< `nextLink`: absolute URL of the next page, if any
};

ACS_ROOMS_NAMESPACE_END
