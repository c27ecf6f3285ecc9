// SPDX-License-Identifier: MIT
// acs_rooms layer 5 (client), internal: what a finished call reports besides its value - the
// caller's response_metadata and the api-deprecated-versions warning.
#pragma once

#include <acs/rooms/call.hpp>
#include <acs/rooms/client_options.hpp>
#include <acs/rooms/detail/foundations/strings.hpp>
#include <acs/rooms/http.hpp>

#include <atomic>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// A flag that is set once, from any thread; a copy starts unset (a copied client warns anew).
struct once_flag {
  once_flag() = default;
  once_flag(const once_flag&) noexcept {}
  once_flag& operator=(const once_flag&) noexcept { return *this; }
  /// True the first time only.
  bool first() const noexcept { return !done.exchange(true); }
  mutable std::atomic<bool> done{false};
};

/// Tells the caller's response_metadata, if any, how the call ended: `answer` (the final
/// response), else what error `e` kept of it.
ACS_ROOMS_API void report_metadata(const call_machine& machine, const http_response* answer,
                                   const error* e);

/// Logs one warning per client (`warned`) through `options.logger` when `answer`'s
/// `api-deprecated-versions` (a comma-separated list) names the api-version in use.
ACS_ROOMS_API void warn_if_deprecated(const client_options& options, const once_flag& warned,
                                      const http_response& answer);

} // namespace detail
#if ACS_ROOMS_DEFINITIONS
namespace detail {
ACS_ROOMS_API void report_metadata(const call_machine& machine, const http_response* answer,
                                   const error* e) {
  response_metadata* out = machine.metadata();
  if (out == nullptr) {
    return;
  }
  out->status = answer != nullptr ? answer->status : e != nullptr ? e->status : 0;
  out->headers = answer != nullptr ? answer->headers : e != nullptr ? e->headers : http_headers{};
  out->attempts = machine.attempts();
  out->client_request_id = std::string(
      machine.request().headers.get("x-ms-client-request-id").value_or(std::string_view()));
}

ACS_ROOMS_API void warn_if_deprecated(const client_options& options, const once_flag& warned,
                                      const http_response& answer) {
  const auto deprecated = answer.headers.get("api-deprecated-versions");
  if (!deprecated || !options.logger) {
    return;
  }
  const std::string& mine = options.version.value();
  std::string_view list = *deprecated;
  while (!list.empty()) {
    const auto comma = list.find(',');
    if (trim(list.substr(0, comma)) == mine) {
      if (warned.first()) {
        options.logger(log_level::warning, "the service says api-version " + mine +
                                               " is deprecated (api-deprecated-"
                                               "versions: " +
                                               std::string(deprecated->substr(0, 200)) +
                                               "); choose a newer client_options::version");
      }
      return;
    }
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
}

} // namespace detail
#endif // ACS_ROOMS_DEFINITIONS

ACS_ROOMS_NAMESPACE_END
