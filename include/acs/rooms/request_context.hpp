// SPDX-License-Identifier: MIT
// acs_rooms layer 4 (pure layer): what every request builder takes besides the operation's own
// arguments - the request_context and the resolved Repeatability-* pair.
#pragma once

#include <acs/rooms/api_version.hpp>
#include <acs/rooms/models.hpp>
#include <acs/rooms/time.hpp>

#include <string>
#include <string_view>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// What every builder needs besides the operation's own arguments. The views must outlive the
/// call; nothing here is read from a clock, a random source or the environment.
struct request_context {
  std::string_view endpoint;                             ///< resource URL without a trailing '/'
  acs::rooms::api_version version = api_version::latest; ///< decides which fields may be sent
  std::string_view client_request_id;                    ///< x-ms-client-request-id; empty: none
  std::string_view user_agent;                           ///< User-Agent; empty: header omitted

  /// An empty context (latest version, no endpoint).
  request_context() = default;
  /// A context for `endpoint_in` speaking `version_in`.
  request_context(std::string_view endpoint_in, acs::rooms::api_version version_in,
                  std::string_view client_request_id_in = {}, std::string_view user_agent_in = {})
      : endpoint(endpoint_in), version(std::move(version_in)),
        client_request_id(client_request_id_in), user_agent(user_agent_in) {}
};

/// The Repeatability-* headers of a create, resolved once so that every attempt of the call
/// (and a retry after a lost answer) sends the same pair.
struct repeatability {
  std::string request_id; ///< Repeatability-Request-ID: a UUID
  time_point first_sent;  ///< Repeatability-First-Sent: when that id was first used
};

/// The caller's repeatability id and first-sent time from `options`, else `fresh_id` and `now`.
[[nodiscard]] inline repeatability resolve_repeatability(const create_room_options& options,
                                                         std::string fresh_id, time_point now) {
  return {options.repeatability_request_id ? *options.repeatability_request_id
                                           : std::move(fresh_id),
          options.repeatability_first_sent.value_or(now)};
}

ACS_ROOMS_NAMESPACE_END
