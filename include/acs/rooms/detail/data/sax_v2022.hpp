// SPDX-License-Identifier: MIT
// acs_rooms layer 2 (data, detail): SAX readers of the retired 2022-02-01 dialect's RoomModel and
// ParticipantsCollection, whose participants carry their raw id one object deeper.
#pragma once

#include <acs/rooms/detail/data/sax_fields.hpp>
#include <acs/rooms/detail/data/sax_readers.hpp>
#include <acs/rooms/error.hpp>
#include <acs/rooms/models.hpp>
#include <acs/rooms/result.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// The fields of a 2022-02-01 `RoomParticipant` {communicationIdentifier {rawId, ...}, role} as
/// SAX events deliver them; depth 1 is the participant's members, 2 the identifier's.
class participant_2022_fields {
public:
  static constexpr std::string_view what = "participant";

  void reset() noexcept {
    identifier_type_ = raw_id_type_ = role_type_ = nullptr;
    current_ = none;
    in_identifier_ = raw_id_key_ = false;
  }
  void key(int depth, std::string_view k) noexcept {
    if (depth == 1) {
      current_ = k == "communicationIdentifier" ? identifier : k == "role" ? role : none;
      in_identifier_ = false;
    } else if (depth == 2 && in_identifier_) {
      raw_id_key_ = k == "rawId";
    }
  }
  void value(int depth, const char* type) noexcept {
    if (depth == 1 && current_ == identifier) {
      identifier_type_ = type;
      in_identifier_ = type == json_type::object;
      if (in_identifier_) { // a repeated identifier replaces the one before
        raw_id_type_ = nullptr;
        raw_id_key_ = false;
      }
    } else if (depth == 1 && current_ == role) {
      role_type_ = type;
    } else if (depth == 2 && in_identifier_ && raw_id_key_) {
      raw_id_type_ = type;
    }
  }
  void string(int depth, const std::string& v) {
    if (depth == 1 && current_ == role) {
      role_.assign(v);
    } else if (depth == 2 && in_identifier_ && raw_id_key_) {
      raw_id_.assign(v);
    }
  }
  /// The participant, or the first problem: communicationIdentifier, its rawId (required: the
  /// spec says "required in responses"), then role (absent or null: kept as an empty role).
  result<room_participant> finish() {
    if (identifier_type_ != json_type::object) {
      return field_error(what, "communicationIdentifier",
                         identifier_type_ == nullptr ? "is missing" : "is not an object");
    }
    if (auto e = check_string_field(what, "rawId", raw_id_type_)) {
      return std::move(*e);
    }
    if (role_type_ != nullptr && role_type_ != json_type::string && role_type_ != json_type::null) {
      return field_error(what, "role", std::string("is a ") + role_type_ + ", not a string");
    }
    return room_participant{
        communication_identifier::from_raw_id(std::move(raw_id_)),
        participant_role(role_type_ == json_type::string ? std::move(role_) : std::string())};
  }

private:
  enum slot { none, identifier, role };
  slot current_ = none;
  const char* identifier_type_ = nullptr;
  const char* raw_id_type_ = nullptr;
  const char* role_type_ = nullptr;
  bool in_identifier_ = false; // inside the communicationIdentifier object
  bool raw_id_key_ = false;    // its current key is rawId
  std::string raw_id_;
  std::string role_;
};

/// A 2022-02-01 `participants` array as it was read: its items, or its first bad item.
struct participant_list_2022 {
  std::vector<room_participant> items; ///< every item, when none is bad
  std::optional<error> item_error;     ///< the first bad item's problem
  std::size_t error_index = 0;         ///< and its place

  /// The checks of a present `participants` member of type `type` in `what`: an array whose
  /// items all read. nullopt when it is one; the items are then in `items`.
  std::optional<error> check(const char* type, std::string_view what) {
    if (type != json_type::array) {
      return field_error(what, "participants", type == nullptr ? "is missing" : "is not an array");
    }
    if (item_error) {
      error e = std::move(*item_error);
      e.message +=
          " (participant " + std::to_string(error_index) + " of the " + std::string(what) + ")";
      return e;
    }
    return std::nullopt;
  }
};

/// The members of a 2022-02-01 `RoomModel`: id, createdDateTime, validFrom and validUntil
/// required; roomJoinPolicy (any string, kept) and participants (the roster) when present.
class room_2022_fields : public room_members<6> {
public:
  using value_type = room;
  static constexpr std::string_view what = "room";

  room_2022_fields() noexcept : room_members("createdDateTime") {}
  /// The problem when the body is a `type`, not an object.
  static std::string not_an_object(const char* type) {
    return std::string("malformed response: a room is a ") + type + ", not an object";
  }
  void key(std::string_view k) noexcept {
    current_ = k == "roomJoinPolicy" ? join_policy
               : k == "participants" ? participants
                                     : room_key(k);
  }
  /// True while the current member is `participants` (its array is the roster).
  bool at_participants() const noexcept { return current_ == participants; }
  void string(const std::string& v) {
    if (current_ == join_policy) {
      join_policy_.assign(v);
    } else {
      room_members::string(v);
    }
  }
  /// The room, or the first problem: id, createdDateTime, validFrom, validUntil,
  /// roomJoinPolicy, participants (the first bad one).
  result<room> finish(participant_list_2022& list) {
    auto r = finish_room(what);
    if (!r) {
      return r;
    }
    if (type_[join_policy] == json_type::string) {
      r->join_policy = room_join_policy(std::move(join_policy_));
    } else if (type_[join_policy] != nullptr && type_[join_policy] != json_type::null) {
      return field_error(what, "roomJoinPolicy", "is not a string");
    }
    if (type_[participants] != nullptr && type_[participants] != json_type::null) {
      if (auto e = list.check(type_[participants], what)) {
        return std::move(*e);
      }
      r->participants = std::move(list.items);
    }
    return r;
  }

private:
  enum slot : int { join_policy = more, participants };
  std::string join_policy_;
};

/// The members of a 2022-02-01 `ParticipantsCollection` {participants: [...]}, the answer to
/// get participants and to the participants:add|:update|:remove actions.
class participant_collection_2022_fields : public member_types<1> {
public:
  using value_type = std::vector<room_participant>;
  static constexpr std::string_view what = "participants collection";

  /// The problem when the body is a `type`, not an object.
  static std::string not_an_object(const char* type) {
    return std::string("malformed response: the participants collection is a ") + type +
           ", not an object";
  }
  void key(std::string_view k) noexcept { current_ = k == "participants" ? 0 : none; }
  /// True while the current member is `participants`.
  bool at_participants() const noexcept { return current_ == 0; }
  void string(const std::string&) noexcept {}
  /// The roster, or the first problem: participants missing or not an array, a bad item.
  result<value_type> finish(participant_list_2022& list) {
    if (auto e = list.check(type_[0], what)) {
      return std::move(*e);
    }
    return std::move(list.items);
  }
};

/// A nlohmann SAX handler (the json_sax interface, without virtual calls) reading one 2022-02-01
/// object of `Top` (room_2022_fields, participant_collection_2022_fields) with its `participants`
/// array of participant_2022_fields. Values of unknown keys, however deep, are skipped.
template <class Top> class sax_reader_2022 : public sax_value_events<sax_reader_2022<Top>> {
public:
  using json = nlohmann::json;

  // The json_sax events the base does not cover.
  bool string(const json::string_t& v) {
    classify(json_type::string);
    if (depth_ == 1 && top_is_object_) {
      top_.string(v);
    } else if (item_open_ && depth_ >= 3) {
      item_.string(depth_ - 2, v);
    }
    return true;
  }
  bool start_object(std::size_t) {
    classify(json_type::object);
    if (depth_ == 0) {
      top_is_object_ = true;
    } else if (list_open_ && depth_ == 2) {
      item_open_ = true;
      item_.reset();
    }
    ++depth_;
    return true;
  }
  bool key(const json::string_t& k) {
    if (depth_ == 1 && top_is_object_) {
      top_.key(k);
    } else if (item_open_ && depth_ >= 3) {
      item_.key(depth_ - 2, k);
    }
    return true;
  }
  bool end_object() {
    --depth_;
    if (item_open_ && depth_ == 2) {
      item_open_ = false;
      if (!list_.item_error) { // after the first bad item the rest are only walked
        auto p = item_.finish();
        if (p) {
          list_.items.push_back(std::move(*p));
        } else {
          list_.item_error = std::move(p).error();
          list_.error_index = index_;
        }
      }
      ++index_;
    }
    return true;
  }
  bool start_array(std::size_t) {
    classify(json_type::array);
    if (depth_ == 1 && top_is_object_ && top_.at_participants()) {
      list_open_ = true; // a repeated member replaces the one before, as in a DOM
      list_ = participant_list_2022();
      index_ = 0;
    }
    ++depth_;
    return true;
  }
  bool end_array() {
    --depth_;
    if (list_open_ && depth_ == 1) {
      list_open_ = false;
    }
    return true;
  }
  /// After a successful parse: the value or its first problem.
  result<typename Top::value_type> take() {
    if (!top_is_object_) {
      return make_error(errc::malformed_response, Top::not_an_object(top_type_));
    }
    return top_.finish(list_);
  }

private:
  friend class sax_value_events<sax_reader_2022>;
  // Notes a value that starts now where it matters: the top's type, a member's type, a roster
  // item that is not an object, a participant's field.
  void classify(const char* type) {
    if (depth_ == 0) {
      top_type_ = type;
    } else if (depth_ == 1 && top_is_object_) {
      top_.value(type);
    } else if (list_open_ && depth_ == 2) {
      if (type != json_type::object) {
        if (!list_.item_error) {
          list_.item_error = make_error(errc::malformed_response,
                                        std::string("malformed response: a participant is a ") +
                                            type + ", not an object");
          list_.error_index = index_;
        }
        ++index_;
      }
    } else if (item_open_ && depth_ >= 3) {
      item_.value(depth_ - 2, type);
    }
  }

  Top top_;
  participant_2022_fields item_;
  participant_list_2022 list_;
  int depth_ = 0;
  const char* top_type_ = nullptr;
  bool top_is_object_ = false;
  bool list_open_ = false;
  bool item_open_ = false;
  std::size_t index_ = 0;
};

} // namespace detail
ACS_ROOMS_NAMESPACE_END
