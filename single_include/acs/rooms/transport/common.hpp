// SPDX-License-Identifier: MIT
// Generated from include/ by tools/amalgamate.py - do not edit.
// acs_rooms: a header-only C++ client for the Azure Communication Services Rooms API.
#pragma once

// What the shipped transports share: the loopback rule for plain http, request checks and the
// shape of their error messages. Needs nothing beyond the library itself.

#include <acs/rooms.hpp> // the whole core, from the single header

#include <optional>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// True for a dotted-quad IPv4 literal in 127.0.0.0/8 (four decimal parts, each 0 to 255).
inline bool is_ipv4_loopback(std::string_view host) noexcept {
  int parts = 0;
  int first = -1;
  while (true) {
    const auto dot = host.find('.');
    const std::string_view part = host.substr(0, dot);
    if (part.empty() || part.size() > 3) {
      return false;
    }
    int value = 0;
    for (char c : part) {
      if (c < '0' || c > '9') {
        return false;
      }
      value = value * 10 + (c - '0');
    }
    if (value > 255) {
      return false;
    }
    if (first < 0) {
      first = value;
    }
    ++parts;
    if (dot == std::string_view::npos) {
      break;
    }
    host.remove_prefix(dot + 1);
  }
  return parts == 4 && first == 127;
}

/// True when `host` (lower case, as detail::parse_url gives it; IPv6 in brackets) names this
/// machine: "localhost", 127.0.0.0/8 or ::1. Other names are not resolved: a name that merely
/// resolves to 127.0.0.1 today is not trusted with plain http.
inline bool is_loopback_host(std::string_view host) noexcept {
  if (!host.empty() && host.back() == '.') {
    host.remove_suffix(1); // "localhost." is the same name, fully qualified
  }
  return host == "localhost" || host == "[::1]" || host == "[0:0:0:0:0:0:0:1]" ||
         is_ipv4_loopback(host);
}

/// A transport_error (status 0) naming the host and the cause.
inline error transport_failure(std::string_view host, std::string_view cause) {
  std::string message = "no answer from ";
  message += host;
  message += ": ";
  message += cause;
  return make_error(errc::transport_error, std::move(message));
}

/// Checks what a transport is about to send: an absolute http(s) URL, plain http only to a
/// loopback host unless `allow_insecure_http` (its name in the options is `option_name`), and
/// header fields that cannot split the request. On success `parts` holds the parsed URL.
inline std::optional<error> check_outgoing(const http_request& request, bool allow_insecure_http,
                                           std::string_view option_name,
                                           std::optional<url_parts>& parts) {
  parts = parse_url(request.url);
  if (!parts) {
    return make_error(errc::invalid_argument, "the request URL is not an absolute http(s) URL: \"" +
                                                  request.url.substr(0, 200) + '"');
  }
  if (parts->scheme == "http" && !allow_insecure_http && !is_loopback_host(parts->host)) {
    std::string message = "refusing to send plain http:// to '";
    message += parts->authority();
    message += "', which is not a loopback address (localhost, 127.0.0.0/8, ::1): the request "
               "is signed and would travel unencrypted. Use https://, or set ";
    message += option_name;
    message += ".allow_insecure_http = true to allow it";
    return make_error(errc::invalid_argument, std::move(message));
  }
  if (request.method.empty()) {
    return make_error(errc::invalid_argument, "the request has no method");
  }
  for (char c : request.method) {
    if (!(c >= 'A' && c <= 'Z')) {
      return make_error(errc::invalid_argument,
                        "the request method is not an upper-case token: \"" +
                            request.method.substr(0, 20) + '"');
    }
  }
  for (const auto& [name, value] : request.headers) {
    bool ok = !name.empty();
    for (char c : name) {
      // A token: no separators, blanks or controls, so the field cannot be re-parsed.
      const auto u = static_cast<unsigned char>(c);
      ok = ok && u > 0x20 && u < 0x7F && c != ':' && c != '(' && c != ')' && c != '"' && c != ',' &&
           c != ';' && c != '<' && c != '>' && c != '@' && c != '[' && c != ']' && c != '?' &&
           c != '=' && c != '{' && c != '}' && c != '/' && c != '\\';
    }
    for (char c : value) {
      const auto u = static_cast<unsigned char>(c);
      ok = ok && (u >= 0x20 || c == '\t') && u != 0x7F;
    }
    if (!ok) {
      // Name only: a value may be a credential.
      return make_error(errc::invalid_argument,
                        "the request header \"" + name.substr(0, 64) +
                            "\" has a malformed name or a control character in its value");
    }
  }
  return std::nullopt;
}

/// `Name: value` from one raw response header line (CRLF already stripped), or false for a line
/// that is not a field.
inline bool split_header_line(std::string_view line, std::string& name, std::string& value) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return false;
  }
  name.assign(trim(line.substr(0, colon)));
  value.assign(trim(line.substr(colon + 1)));
  return !name.empty();
}

} // namespace detail
ACS_ROOMS_NAMESPACE_END
