// SPDX-License-Identifier: MIT
// acs_rooms layer 3 (protocol): connection string parsing and endpoint checks.
#pragma once

#include <acs/rooms/result.hpp>

#include <string>
#include <string_view>

#if ACS_ROOMS_DEFINITIONS
#include <acs/rooms/detail/foundations/base64.hpp>
#include <acs/rooms/detail/foundations/secure_memory.hpp>
#include <acs/rooms/detail/foundations/strings.hpp>
#include <acs/rooms/detail/foundations/url.hpp>
#endif

ACS_ROOMS_NAMESPACE_BEGIN

/// The two parts of "endpoint=https://<resource>.communication.azure.com/;accesskey=<base64>".
struct connection_string {
  std::string endpoint;   ///< absolute http(s) URL of the resource, without a trailing '/'
  std::string access_key; ///< the base64 access key, as written (already checked to decode)
};

namespace detail {
/// Checks an endpoint URL; returns an empty string when fine, else what is wrong with it.
ACS_ROOMS_API std::string endpoint_problem(std::string_view endpoint);

/// The endpoint without a trailing '/', so paths can be appended directly.
ACS_ROOMS_API std::string normalize_endpoint(std::string_view endpoint);
} // namespace detail

/// Parses a connection string: keys `endpoint` and `accesskey` in any order and any case,
/// whitespace around keys and values trimmed, empty segments (a trailing ';') ignored, unknown
/// keys ignored. Fails with `invalid_argument` naming what is missing or wrong; the message
/// never contains the key.
[[nodiscard]] ACS_ROOMS_API result<connection_string>
parse_connection_string(std::string_view text);

#if ACS_ROOMS_DEFINITIONS
namespace detail {
ACS_ROOMS_API std::string endpoint_problem(std::string_view endpoint) {
  const auto parts = parse_url(endpoint);
  if (!parts) {
    return "the endpoint is not an absolute http(s) URL such as "
           "https://<resource>.communication.azure.com/";
  }
  if (parts->has_userinfo) {
    return "the endpoint must not contain user information ('user@')";
  }
  if ((!parts->path.empty() && parts->path != "/") || parts->has_query ||
      endpoint.find('#') != std::string_view::npos) {
    return "the endpoint must be the resource URL alone, with no path, query or fragment";
  }
  return {};
}

ACS_ROOMS_API std::string normalize_endpoint(std::string_view endpoint) {
  endpoint = trim(endpoint);
  while (!endpoint.empty() && endpoint.back() == '/') {
    endpoint.remove_suffix(1);
  }
  return std::string(endpoint);
}

} // namespace detail

ACS_ROOMS_API result<connection_string> parse_connection_string(std::string_view text) {
  const auto fail = [](std::string message) {
    return detail::make_error(errc::invalid_argument,
                              "invalid connection string: " + std::move(message));
  };
  std::optional<std::string_view> endpoint, key;
  while (!text.empty()) {
    const auto semi = text.find(';');
    const std::string_view segment = detail::trim(text.substr(0, semi));
    text = semi == std::string_view::npos ? std::string_view() : text.substr(semi + 1);
    if (segment.empty()) {
      continue;
    }
    const auto eq = segment.find('=');
    if (eq == std::string_view::npos) {
      // Do not echo the segment: it could be a key that lost its "accesskey=".
      return fail("a segment has no '=' (expected endpoint=...;accesskey=...)");
    }
    const std::string_view name = detail::trim(segment.substr(0, eq));
    const std::string_view value = detail::trim(segment.substr(eq + 1));
    if (detail::iequals(name, "endpoint")) {
      endpoint = value;
    } else if (detail::iequals(name, "accesskey")) {
      key = value;
    }
  }
  if (!endpoint) {
    return fail("'endpoint' is missing (expected endpoint=https://<resource>.communication."
                "azure.com/;accesskey=<key>)");
  }
  if (endpoint->empty()) {
    return fail("'endpoint' is empty");
  }
  if (!key) {
    return fail("'accesskey' is missing (expected endpoint=...;accesskey=<base64 key>)");
  }
  if (key->empty()) {
    return fail("'accesskey' is empty");
  }
  if (auto problem = detail::endpoint_problem(*endpoint); !problem.empty()) {
    return fail(std::move(problem));
  }
  std::string decoded;
  const bool decodes = detail::base64_decode(*key, decoded) && !decoded.empty();
  detail::secure_zero(decoded.data(), decoded.size()); // decoded only to check it
  if (!decodes) {
    return fail("'accesskey' is not valid base64 (copy it again from the Azure portal: "
                "Keys > Connection string)");
  }
  return connection_string{detail::normalize_endpoint(*endpoint), std::string(*key)};
}
#endif // ACS_ROOMS_DEFINITIONS

ACS_ROOMS_NAMESPACE_END
