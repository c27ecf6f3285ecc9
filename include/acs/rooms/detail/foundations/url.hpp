// SPDX-License-Identifier: MIT
// acs_rooms layer 1 (detail): splitting, checking and percent-encoding http(s) URLs.
#pragma once

#include <acs/rooms/config.hpp>
#include <acs/rooms/detail/foundations/strings.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// An absolute http(s) URL split in place: every part is a view into the URL, nothing is
/// allocated (the signing path uses this; url_parts below owns lower-cased copies).
struct url_view {
  std::string_view scheme;   ///< "http" or "https", in any case as written
  std::string_view host;     ///< as written (brackets kept for IPv6); signing lower-cases it
  std::string_view port;     ///< digits as written; empty when absent
  std::string_view path;     ///< from the first '/' up to '?' or '#'; may be empty
  std::string_view query;    ///< after '?' up to '#', without the '?'; may be empty
  bool has_query = false;    ///< a '?' was present (even with nothing after it)
  bool has_userinfo = false; ///< "user@host": refused for endpoints

  /// True when the port is absent or the scheme's default (443 for https, 80 for http).
  [[nodiscard]] bool default_port() const noexcept {
    return port.empty() || (port == "443" && iequals(scheme, "https")) ||
           (port == "80" && iequals(scheme, "http"));
  }
  /// Appends the host as signed and sent in `Host`: lower case, ":port" only when not the
  /// scheme's default.
  void append_authority(std::string& out) const {
    for (char c : host) {
      out += ascii_lower(c);
    }
    if (!default_port()) {
      out += ':';
      out += port;
    }
  }
  /// The length append_authority() appends.
  [[nodiscard]] std::size_t authority_size() const noexcept {
    return host.size() + (default_port() ? 0 : 1 + port.size());
  }
  /// Appends the path and query as sent on the request line ("/" for an empty path).
  void append_path_and_query(std::string& out) const {
    if (path.empty()) {
      out += '/';
    } else {
      out += path;
    }
    if (has_query) {
      out += '?';
      out += query;
    }
  }
  /// The length append_path_and_query() appends.
  [[nodiscard]] std::size_t path_and_query_size() const noexcept {
    return (path.empty() ? 1 : path.size()) + (has_query ? 1 + query.size() : 0);
  }
};

/// Splits an absolute http(s) URL without allocating; nullopt when it is not one (no scheme,
/// empty host, bad port). The views point into `url`.
inline std::optional<url_view> split_url(std::string_view url) noexcept {
  url_view parts;
  const auto colon = url.find("://");
  if (colon == std::string_view::npos) {
    return std::nullopt;
  }
  parts.scheme = url.substr(0, colon);
  if (!iequals(parts.scheme, "http") && !iequals(parts.scheme, "https")) {
    return std::nullopt;
  }
  std::string_view rest = url.substr(colon + 3);
  const auto authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  rest = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    parts.has_userinfo = true;
    authority = authority.substr(at + 1);
  }
  std::string_view host = authority;
  const auto bracket = authority.rfind(']');
  const auto port_colon = authority.rfind(':');
  if (port_colon != std::string_view::npos &&
      (bracket == std::string_view::npos || port_colon > bracket)) {
    host = authority.substr(0, port_colon);
    const std::string_view port = authority.substr(port_colon + 1);
    if (port.empty() || port.size() > 5) {
      return std::nullopt;
    }
    unsigned value = 0;
    for (char c : port) {
      if (c < '0' || c > '9') {
        return std::nullopt;
      }
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value == 0 || value > 65535) {
      return std::nullopt;
    }
    parts.port = port;
  }
  if (host.empty() || (host.front() == '[') != (host.back() == ']')) {
    return std::nullopt;
  }
  // ':' only inside brackets: "a:b:443" would otherwise sign and send Host "a:b".
  const bool bracketed = host.front() == '[';
  for (char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || c == '_' ||
                    (bracketed && (c == '[' || c == ']' || c == ':'));
    if (!ok) {
      return std::nullopt;
    }
  }
  parts.host = host;
  const auto hash = rest.find('#');
  rest = rest.substr(0, hash);
  const auto question = rest.find('?');
  parts.path = rest.substr(0, question);
  if (question != std::string_view::npos) {
    parts.has_query = true;
    parts.query = rest.substr(question + 1);
  }
  return parts;
}

/// The parts of an absolute http(s) URL that signing and validation need.
struct url_parts {
  std::string scheme;        ///< "http" or "https", lower case
  std::string host;          ///< lower case, brackets kept for IPv6 ("[::1]")
  std::string port;          ///< digits as written; empty when absent
  std::string_view path;     ///< from the first '/' up to '?' or '#'; may be empty
  std::string_view query;    ///< after '?' up to '#', without the '?'; may be empty
  bool has_query = false;    ///< a '?' was present (even with nothing after it)
  bool has_userinfo = false; ///< "user@host": refused for endpoints

  /// Host as signed and sent in `Host`: lower case, port only when not the scheme's default.
  [[nodiscard]] std::string authority() const {
    const bool default_port =
        port.empty() || (scheme == "https" && port == "443") || (scheme == "http" && port == "80");
    return default_port ? host : host + ":" + port;
  }
  /// Path and query as sent on the request line ("/" for an empty path; no fragment).
  [[nodiscard]] std::string path_and_query() const {
    std::string out = path.empty() ? std::string("/") : std::string(path);
    if (has_query) {
      out += '?';
      out += query;
    }
    return out;
  }
};

/// Splits an absolute http(s) URL; nullopt when it is not one (no scheme, empty host, bad port).
/// The returned views point into `url`. Allocates the lower-cased copies; see split_url.
inline std::optional<url_parts> parse_url(std::string_view url) {
  const auto view = split_url(url);
  if (!view) {
    return std::nullopt;
  }
  url_parts parts;
  for (char c : view->scheme) {
    parts.scheme += ascii_lower(c);
  }
  for (char c : view->host) {
    parts.host += ascii_lower(c);
  }
  parts.port = std::string(view->port);
  parts.path = view->path;
  parts.query = view->query;
  parts.has_query = view->has_query;
  parts.has_userinfo = view->has_userinfo;
  return parts;
}

/// Percent-encodes `segment` as one URL path segment, leaving only the characters that
/// JavaScript's encodeURIComponent leaves (so requests match the official SDK byte for byte).
inline void append_path_segment(std::string& out, std::string_view segment) {
  const bool dots_only = segment == "." || segment == "..";
  for (char ch : segment) {
    const auto c = static_cast<unsigned char>(ch);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '!' || c == '~' || c == '*' || c == '\'' ||
                      c == '(' || c == ')' || (c == '.' && !dots_only);
    if (keep) {
      out += ch;
    } else {
      out += '%';
      append_hex_byte(out, c, /*upper=*/true);
    }
  }
}

/// The offset of the first byte of `url` that may not go on a request line as it is (a control
/// character, a space, DEL, or a byte >= 0x80: RFC 3986 allows only printable ASCII, with
/// anything else percent-encoded), or npos when there is none.
inline std::size_t invalid_url_char(std::string_view url) noexcept {
  for (std::size_t i = 0; i < url.size(); ++i) {
    const auto c = static_cast<unsigned char>(url[i]);
    if (c <= 0x20 || c >= 0x7F) {
      return i;
    }
  }
  return std::string_view::npos;
}

/// True when `url` is an absolute http(s) URL (see parse_url) made only of printable ASCII, so
/// that its path and query can be written onto a request line without splitting it.
inline bool url_is_valid(std::string_view url) {
  return invalid_url_char(url) == std::string_view::npos && split_url(url).has_value();
}

/// Why `link` cannot be a page's next link (empty: it can): it must be an absolute http(s) URL
/// that can go on a request line as it is — no control character, space or non-ASCII byte
/// (which could inject a header) — and without user info. Such a link is not echoed.
inline std::string next_link_defect(std::string_view link) {
  if (const auto bad = invalid_url_char(link); bad != std::string_view::npos) {
    return "has a character that cannot be sent in a URL (a control character, a space or a "
           "non-ASCII byte) at offset " +
           std::to_string(bad);
  }
  const auto url = split_url(link);
  if (!url) {
    return "is not an absolute http(s) URL: \"" + std::string(link.substr(0, 200)) + '"';
  }
  if (url->has_userinfo) {
    return "carries user info (\"user@host\"), which is never followed";
  }
  return {};
}

} // namespace detail
ACS_ROOMS_NAMESPACE_END
