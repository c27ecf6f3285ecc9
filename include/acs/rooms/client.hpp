// SPDX-License-Identifier: MIT
// acs_rooms layer 5 (client): rooms_client and make_client, the only caller of a Transport.
#pragma once

#include <acs/rooms/api_version.hpp>
#include <acs/rooms/concepts.hpp>
#include <acs/rooms/connection_string.hpp>
#include <acs/rooms/detail/uuid.hpp>
#include <acs/rooms/models.hpp>
#include <acs/rooms/pagination.hpp>
#include <acs/rooms/requests.hpp>
#include <acs/rooms/responses.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/signing.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// How a client talks to the service. Every field has a working default.
struct client_options {
  api_version version = api_version::v2025_03_13; ///< the `api-version` to speak
  std::function<time_point()> clock;              ///< empty: system_clock::now
  std::function<std::string()> uuid_source;       ///< empty: random v4 UUIDs
  std::string application_id;                     ///< prefixed to the User-Agent
};

namespace detail {
/// A random version-4 UUID. Each thread has its own generator, seeded once from
/// std::random_device: a syscall per UUID would cost as much as the HMAC itself.
inline std::string random_uuid() {
  thread_local std::mt19937_64 engine{[] {
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device();
  }()};
  const std::uint64_t hi = engine(); // named first: argument evaluation order is unspecified
  const std::uint64_t lo = engine();
  return uuid_v4_from_bits(hi, lo);
}

/// True when `value` can go in a header: no control characters (no header injection).
inline bool header_safe(std::string_view value) noexcept {
  for (char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return false;
    }
  }
  return true;
}

/// Sends through a Transport that returns either http_response or result<http_response> (the
/// former converts to the latter).
template <class Transport>
result<http_response> send_through(Transport& transport, const http_request& request) {
  return transport.send(request);
}

/// Signs with a Signer whose sign() returns either void or result<void>.
template <class Signer>
result<void> sign_with(Signer& signer, http_request& request, time_point now) {
  if constexpr (std::is_void_v<decltype(signer.sign(request, now))>) {
    signer.sign(request, now);
    return {};
  } else {
    return signer.sign(request, now);
  }
}
} // namespace detail

/// The Rooms client: builds each request with the pure builders, signs it, sends it through
/// `Transport` and reads the answer with the pure parsers. `Transport` and `Signer` are held by
/// value; pass reference types (`rooms_client<my_transport&, ...>`) to keep them outside.
/// One client may be used from several threads if its Transport, Signer and options may.
template <class Transport, class Signer> class rooms_client {
#if ACS_ROOMS_HAS_CONCEPTS
  static_assert(transport<Transport>,
#else
  static_assert(is_transport_v<Transport>,
#endif
                "acs::rooms: the Transport type is not a Transport: it needs a member "
                "`http_response send(const http_request&)` (or one returning "
                "result<http_response>)");
#if ACS_ROOMS_HAS_CONCEPTS
  static_assert(signer<Signer>,
#else
  static_assert(is_signer_v<Signer>,
#endif
                "acs::rooms: the Signer type is not a Signer: it needs a member "
                "`void sign(http_request&, time_point)` (or one returning result<void>)");

public:
  /// A client for the resource at `endpoint` (e.g. "https://<resource>.communication.azure.com").
  /// A malformed endpoint or application id is reported by every call as `invalid_argument`.
  rooms_client(std::string endpoint, Transport transport, Signer signer,
               client_options options = {})
      : endpoint_(detail::normalize_endpoint(endpoint)),
        transport_(std::forward<Transport>(transport)), signer_(std::forward<Signer>(signer)),
        options_(std::move(options)) {
    if (auto problem = detail::endpoint_problem(endpoint_); !problem.empty()) {
      setup_error_ = detail::make_error(errc::invalid_argument, "invalid endpoint: " + problem);
    } else if (!detail::header_safe(options_.application_id)) {
      setup_error_ = detail::make_error(errc::invalid_argument,
                                        "the application id contains control characters");
    }
    if (!options_.application_id.empty()) {
      user_agent_ = options_.application_id + ' ';
    }
    user_agent_ += "acs-rooms-cpp/" ACS_ROOMS_VERSION_STRING;
  }

  /// Rooms_Create. Absent options are chosen by the service (valid now, for 180 days).
  result<room> create_room(const create_room_options& options = {}) {
    const time_point now = clock();
    std::string repeatability_id = options.repeatability_request_id ? std::string() : new_uuid();
    return call(
        [&](const request_context& ctx) {
          return build_create_room(ctx, options, repeatability_id, now);
        },
        [this](const http_response& r) { return parse_room(r, options_.version); }, now);
  }

  /// Rooms_Get.
  result<room> get_room(std::string_view room_id) {
    return call([&](const request_context& ctx) { return build_get_room(ctx, room_id); },
                [this](const http_response& r) { return parse_room(r, options_.version); });
  }

  /// Rooms_Update: changes only the fields set in `options`.
  result<room> update_room(std::string_view room_id, const update_room_options& options) {
    return call(
        [&](const request_context& ctx) { return build_update_room(ctx, room_id, options); },
        [this](const http_response& r) { return parse_room(r, options_.version); });
  }

  /// Rooms_Delete. Deleting a room does not end a call in progress in it.
  result<void> delete_room(std::string_view room_id) {
    return call([&](const request_context& ctx) { return build_delete_room(ctx, room_id); },
                [](const http_response& r) { return parse_empty(r); });
  }

  /// Rooms_List: a lazy pager over the resource's rooms.
  pager<room> list_rooms() { return pager<room>(room_page_fetcher()); }
  /// Rooms_List resumed from a pager's continuation_token().
  pager<room> list_rooms_from(std::string continuation_token) {
    return pager<room>(room_page_fetcher(), std::move(continuation_token));
  }

  /// Participants_Update: adds these participants or changes their roles.
  result<void> add_or_update_participants(std::string_view room_id,
                                          const std::vector<room_participant>& participants) {
    return call(
        [&](const request_context& ctx) {
          return build_add_or_update_participants(ctx, room_id, participants);
        },
        [](const http_response& r) { return parse_empty(r); });
  }

  /// Participants_Update with nulls: removes these participants (non-members are ignored).
  result<void> remove_participants(std::string_view room_id,
                                   const std::vector<communication_identifier>& participants) {
    return call(
        [&](const request_context& ctx) {
          return build_remove_participants(ctx, room_id, participants);
        },
        [](const http_response& r) { return parse_empty(r); });
  }

  /// Participants_List: a lazy pager over a room's roster.
  pager<room_participant> list_participants(std::string_view room_id) {
    return pager<room_participant>(participant_page_fetcher(std::string(room_id)));
  }
  /// Participants_List resumed from a pager's continuation_token().
  pager<room_participant> list_participants_from(std::string continuation_token) {
    return pager<room_participant>(participant_page_fetcher({}), std::move(continuation_token));
  }

  /// The transport, e.g. to inspect a fake in tests.
  std::remove_reference_t<Transport>& transport() noexcept { return transport_; }
  /// The signer.
  std::remove_reference_t<Signer>& signer() noexcept { return signer_; }
  /// The options the client was made with.
  [[nodiscard]] const client_options& options() const noexcept { return options_; }
  /// The endpoint, without a trailing '/'.
  [[nodiscard]] const std::string& endpoint() const noexcept { return endpoint_; }

private:
  time_point clock() const {
    return options_.clock ? options_.clock() : std::chrono::system_clock::now();
  }
  std::string new_uuid() const {
    return options_.uuid_source ? options_.uuid_source() : detail::random_uuid();
  }

  /// build -> sign -> send -> parse, with the ids the service needs for support attached to
  /// any error.
  template <class Build, class Parse>
  auto call(Build&& build, Parse&& parse, std::optional<time_point> at = std::nullopt)
      -> decltype(parse(std::declval<const http_response&>())) {
    if (setup_error_) {
      return *setup_error_;
    }
    const std::string request_id = new_uuid();
    if (!detail::header_safe(request_id)) {
      return detail::make_error(errc::invalid_argument,
                                "the uuid source returned an id with control characters");
    }
    const request_context ctx{endpoint_, options_.version.value(), request_id, user_agent_};
    auto request = build(ctx);
    if (!request) {
      return std::move(request).error();
    }
    const time_point now = at ? *at : clock();
    if (auto signed_ok = detail::sign_with(signer_, *request, now); !signed_ok) {
      return std::move(signed_ok).error();
    }
    auto response = detail::send_through(transport_, *request);
    if (!response) {
      auto e = std::move(response).error();
      e.client_request_id = request_id;
      return e;
    }
    auto parsed = parse(*response);
    if (!parsed) {
      auto e = std::move(parsed).error();
      if (e.client_request_id.empty()) {
        e.client_request_id = request_id;
      }
      return e;
    }
    return parsed;
  }

  /// Fetches one page: the first from `first`, later ones from the link, refusing a link that
  /// points back at the page just read (which would loop forever).
  template <class T, class First, class Parse>
  result<page<T>> fetch_page(const std::optional<std::string>& link, First&& first, Parse&& parse) {
    std::string url;
    auto fetched = call(
        [&](const request_context& ctx) -> result<http_request> {
          auto req = link ? build_next_page(ctx, *link) : first(ctx);
          if (req) {
            url = req->url;
          }
          return req;
        },
        parse);
    if (fetched && fetched->next_link && *fetched->next_link == url) {
      return detail::make_error(errc::malformed_response,
                                "malformed response: the page's nextLink points at the page "
                                "itself; stopping instead of looping forever");
    }
    return fetched;
  }

  typename pager<room>::fetch_function room_page_fetcher() {
    return [this](const std::optional<std::string>& link) {
      return fetch_page<room>(
          link,
          [](const request_context& ctx) -> result<http_request> { return build_list_rooms(ctx); },
          [this](const http_response& r) { return parse_room_page(r, options_.version); });
    };
  }

  typename pager<room_participant>::fetch_function participant_page_fetcher(std::string room_id) {
    return [this, room_id = std::move(room_id)](const std::optional<std::string>& link) {
      return fetch_page<room_participant>(
          link,
          [&room_id](const request_context& ctx) { return build_list_participants(ctx, room_id); },
          [](const http_response& r) { return parse_participant_page(r); });
    };
  }

  std::string endpoint_;
  Transport transport_;
  Signer signer_;
  client_options options_;
  std::string user_agent_;
  std::optional<error> setup_error_;
};

/// A client for a connection string ("endpoint=...;accesskey=..."), signing with
/// hmac_signer<portable_crypto>. Fails with `invalid_argument` for a malformed string.
template <class Transport>
result<rooms_client<Transport, hmac_signer<>>>
make_client(std::string_view connection_string, Transport transport, client_options options = {}) {
  auto parsed = parse_connection_string(connection_string);
  if (!parsed) {
    return std::move(parsed).error();
  }
  return rooms_client<Transport, hmac_signer<>>(
      parsed->endpoint, std::forward<Transport>(transport), hmac_signer<>(parsed->access_key),
      std::move(options));
}

ACS_ROOMS_NAMESPACE_END
