// SPDX-License-Identifier: MIT
// acs_rooms layer 5 (client): client_options, how a client talks to the service.
#pragma once

#include <acs/rooms/api_version.hpp>
#include <acs/rooms/call.hpp>
#include <acs/rooms/pagination.hpp>
#include <acs/rooms/retry.hpp>
#include <acs/rooms/time.hpp>
#include <acs/rooms/tracing.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN

/// A shared tracer (client_options::tracer).
using tracer_ptr = std::shared_ptr<tracer>;

/// How a client talks to the service. Every field has a working default.
struct client_options {
  api_version version = api_version::latest; ///< the `api-version` to speak
  std::function<time_point()> clock;         ///< empty: system_clock::now
  std::function<std::string()> uuid_source;  ///< empty: random v4 UUIDs
  /// Prefixed to the User-Agent: at most 24 characters, no spaces (else every call, and
  /// make_client, fail with invalid_argument).
  std::string application_id;
  retry_options retry; ///< when to send a failed call again
  /// Waits between attempts; empty: a real wait that a cancellation ends at once.
  std::function<void(std::chrono::milliseconds)> sleep;
  /// Receives one line per attempt (never a key, token or signature); empty: no logging.
  std::function<void(log_level, std::string_view)> logger;
  next_link_policy next_links = next_link_policy::same_origin; ///< where paging may go
  /// Opens a span per public method and per HTTP attempt, and puts `traceparent` on each
  /// attempt (see tracing.hpp, docs/tracing.md); null: no tracing, at no cost.
  tracer_ptr tracer;
};

ACS_ROOMS_NAMESPACE_END
