// SPDX-License-Identifier: MIT
// acs_rooms layer 4 (pure layer): response parsers of the retired 2022-02-01 dialect.
#pragma once

#include <acs/rooms/http.hpp>
#include <acs/rooms/models.hpp>
#include <acs/rooms/responses.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/serialization.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#if ACS_ROOMS_JSON_DEFINITIONS
#include <acs/rooms/detail/data/sax_readers.hpp>
#include <acs/rooms/detail/data/sax_v2022.hpp>
#endif

ACS_ROOMS_NAMESPACE_BEGIN

/// A room from a 2022-02-01 create (201), get or update (200): `RoomModel` directly, with
/// `createdDateTime`, `roomJoinPolicy` and the participants. Any other status is an error.
[[nodiscard]] ACS_ROOMS_JSON_API result<room> parse_room_v2022(const http_response& response);

/// The roster from a 2022-02-01 `ParticipantsCollection` (get participants and the three
/// participants:add|:update|:remove actions, which answer with the whole updated roster).
[[nodiscard]] ACS_ROOMS_JSON_API result<std::vector<room_participant>>
parse_participants_v2022(const http_response& response);

#if ACS_ROOMS_JSON_DEFINITIONS

namespace detail {
/// Reads a 2022-02-01 answer of shape `Top` by SAX straight from the body (see
/// detail/data/sax_v2022.hpp); the parse_error answer for a non-2xx status.
template <class Top>
result<typename Top::value_type> parse_sax_2022(const http_response& response) {
  if (!is_success(response.status)) {
    return parse_error(response);
  }
  sax_reader_2022<Top> reader;
  if (!sax_read(response.body, reader)) {
    return not_json_error(response, Top::what);
  }
  auto out = reader.take();
  if (!out) {
    auto e = std::move(out).error();
    e.status = response.status;
    return e;
  }
  return out;
}
} // namespace detail

/// A room from a 2022-02-01 create (201), get or update (200): `RoomModel` directly, with
/// `createdDateTime`, `roomJoinPolicy` and the participants. Any other status is an error.
ACS_ROOMS_JSON_API result<room> parse_room_v2022(const http_response& response) {
  auto r = detail::parse_sax_2022<detail::room_2022_fields>(response);
  if (r) {
    if (const auto replay = response.headers.get("Repeatability-Result")) {
      r->repeatability_result = std::string(*replay);
    }
  }
  return r;
}

/// The roster from a 2022-02-01 `ParticipantsCollection` (get participants and the three
/// participants:add|:update|:remove actions, which answer with the whole updated roster).
ACS_ROOMS_JSON_API result<std::vector<room_participant>>
parse_participants_v2022(const http_response& response) {
  return detail::parse_sax_2022<detail::participant_collection_2022_fields>(response);
}
#endif // ACS_ROOMS_JSON_DEFINITIONS

ACS_ROOMS_NAMESPACE_END
