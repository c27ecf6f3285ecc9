// SPDX-License-Identifier: MIT
// acs_rooms optional layer 6, internal: which HTTP proxy a request goes through (pure).
#pragma once

// The one proxy resolver every shipped transport uses, so they agree (docs/transports.md,
// "Proxies"): the explicit proxy_options::url for every target; else, when use_environment,
// https_proxy / HTTPS_PROXY for https targets and http_proxy / HTTP_PROXY for http ones (lower
// case first, as curl and Python read them; HTTP_PROXY not under CGI, where a request's "Proxy:"
// header becomes it: httpoxy), unless no_proxy / NO_PROXY names the host or the host is loopback.
// The environment is read through an injected lookup, so tests never setenv.

#include <acs/rooms/detail/foundations/base64.hpp>
#include <acs/rooms/detail/foundations/strings.hpp>
#include <acs/rooms/detail/foundations/url.hpp>
#include <acs/rooms/detail/transport/common.hpp>
#include <acs/rooms/error.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/transport/options.hpp>

#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// `host` without the brackets of an IPv6 literal.
inline std::string without_brackets(std::string_view host) {
  return std::string(host.size() > 1 && host.front() == '[' ? host.substr(1, host.size() - 2)
                                                            : host);
}

/// The proxy one request goes through.
struct resolved_proxy {
  std::string host;     ///< lower case; IPv6 in brackets, as in a URL
  std::string port;     ///< digits; "80" when the URL had none
  std::string username; ///< basic credentials (percent-decoded); empty: none
  std::string password; ///< with username
  std::string source;   ///< "proxy_options.url" or the environment variable's name

  /// "http://host:port": the proxy as messages name it (never with credentials).
  [[nodiscard]] std::string display() const { return "http://" + host + ":" + port; }
  /// Host without IPv6 brackets, for a resolver.
  [[nodiscard]] std::string bare_host() const { return without_brackets(host); }
  /// What a kept connection's key adds: a connection is bound to its proxy (and tunnel).
  [[nodiscard]] std::string key() const {
    return " via " + display() + " as " + username + ":" + password;
  }
  /// True when credentials are to be sent.
  [[nodiscard]] bool has_credentials() const { return !username.empty() || !password.empty(); }
  /// "Basic base64(user:password)", the Proxy-Authorization value.
  [[nodiscard]] std::string basic_authorization() const {
    return "Basic " + base64_encode(username + ":" + password);
  }
};

/// Reads an environment variable; nullopt when unset. Injected in tests.
using environment_lookup = std::function<std::optional<std::string>(const char* name)>;

/// The process environment (std::getenv).
inline std::optional<std::string> process_environment(const char* name) {
  const char* value = std::getenv(name); // NOLINT(concurrency-mt-unsafe): read only
  if (value == nullptr) {
    return std::nullopt;
  }
  return std::string(value);
}

/// `text` in ASCII lower case.
inline std::string proxy_lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    out += ascii_lower(c);
  }
  return out;
}

/// `text` with %XX sequences decoded (a malformed one is kept as it is).
inline std::string percent_decode(std::string_view text) {
  const auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

/// Parses a proxy URL ("http://user:pass@host:port/", or "host:port", taken as http://) from
/// `source` (named in messages, which never echo the URL's userinfo).
inline result<resolved_proxy> parse_proxy_url(std::string_view url, std::string source) {
  url = trim(url);
  std::string scheme = "http";
  if (const auto sep = url.find("://"); sep != std::string_view::npos) {
    scheme = proxy_lower(url.substr(0, sep));
    url.remove_prefix(sep + 3);
  }
  if (scheme != "http") {
    return make_error(errc::invalid_argument,
                      "the proxy from " + source + " has the scheme '" + scheme.substr(0, 20) +
                          "', which is not supported: only http:// proxies are (https targets "
                          "are tunnelled through them with CONNECT)");
  }
  url = url.substr(0, url.find_first_of("/?#"));
  resolved_proxy out;
  out.source = std::move(source);
  if (const auto at = url.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = url.substr(0, at);
    const auto colon = userinfo.find(':');
    out.username = percent_decode(userinfo.substr(0, colon));
    if (colon != std::string_view::npos) {
      out.password = percent_decode(userinfo.substr(colon + 1));
    }
    url.remove_prefix(at + 1);
  }
  std::string_view host = url;
  std::string_view port;
  if (!url.empty() && url.front() == '[') {
    const auto close = url.find(']');
    host = url.substr(0, close == std::string_view::npos ? url.size() : close + 1);
    const std::string_view rest = url.substr(host.size());
    if (!rest.empty() && rest.front() == ':') {
      port = rest.substr(1);
    } else if (!rest.empty() || close == std::string_view::npos) {
      host = {};
    }
  } else if (const auto colon = url.rfind(':'); colon != std::string_view::npos) {
    host = url.substr(0, colon);
    port = url.substr(colon + 1);
  }
  bool port_ok = port.size() <= 5;
  unsigned long number = 0;
  for (char c : port) {
    port_ok = port_ok && c >= '0' && c <= '9';
    number = number * 10 + static_cast<unsigned long>(c - '0');
  }
  if (!port.empty() && (number == 0 || number > 65535)) {
    port_ok = false;
  }
  bool host_ok = !host.empty();
  for (char c : host) {
    const auto u = static_cast<unsigned char>(c);
    host_ok = host_ok && u > 0x20 && u < 0x7F && c != '@' && c != '/' && c != '%';
  }
  if (!host_ok || !port_ok) {
    return make_error(errc::invalid_argument,
                      "the proxy from " + out.source +
                          " is not a valid http://host:port URL (its host or port is malformed)");
  }
  out.host = proxy_lower(host);
  out.port = port.empty() ? std::string("80") : std::string(port);
  return out;
}

/// True when one NO_PROXY entry names `host` (lower case, IPv6 in brackets) on `port`. An entry
/// is "*", a host name (matching it and its subdomains; a leading "." or "*." changes nothing),
/// an IP literal (IPv6 with or without brackets), each with an optional ":port".
inline bool no_proxy_entry_matches(std::string_view entry, std::string_view host,
                                   std::string_view port) {
  entry = trim(entry);
  if (entry == "*") {
    return true;
  }
  std::string_view name = entry;
  std::string_view entry_port;
  if (!entry.empty() && entry.front() == '[') {
    const auto close = entry.find(']');
    if (close == std::string_view::npos) {
      return false;
    }
    name = entry.substr(1, close - 1);
    const std::string_view rest = entry.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') {
        return false;
      }
      entry_port = rest.substr(1);
    }
  } else if (const auto colon = entry.find(':');
             colon != std::string_view::npos &&
             entry.find(':', colon + 1) == std::string_view::npos) {
    name = entry.substr(0, colon); // one colon: host:port; more: a bare IPv6 literal
    entry_port = entry.substr(colon + 1);
  }
  if (!entry_port.empty() && entry_port != port) {
    return false;
  }
  if (name.substr(0, 2) == "*.") {
    name.remove_prefix(1);
  }
  if (!name.empty() && name.front() == '.') {
    name.remove_prefix(1);
  }
  while (!name.empty() && name.back() == '.') {
    name.remove_suffix(1);
  }
  if (name.empty()) {
    return false;
  }
  std::string_view bare = host;
  if (bare.size() > 1 && bare.front() == '[') {
    bare = bare.substr(1, bare.size() - 2);
  }
  while (!bare.empty() && bare.back() == '.') {
    bare.remove_suffix(1);
  }
  if (iequals(bare, name)) {
    return true;
  }
  // A domain suffix on a label boundary: "example.com" covers "a.example.com", not
  // "badexample.com".
  return bare.size() > name.size() && bare[bare.size() - name.size() - 1] == '.' &&
         iequals(bare.substr(bare.size() - name.size()), name);
}

/// True when the comma-separated NO_PROXY `list` names `host` on `port`.
inline bool no_proxy_matches(std::string_view list, std::string_view host, std::string_view port) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    if (no_proxy_entry_matches(list.substr(0, comma), host, port)) {
      return true;
    }
    if (comma == std::string_view::npos) {
      break;
    }
    list.remove_prefix(comma + 1);
  }
  return false;
}

/// The first of `names` that is set and not empty in the environment, and its name.
inline std::optional<std::pair<std::string, std::string>>
first_set(const environment_lookup& env, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (auto value = env(name); value && !trim(*value).empty()) {
      return std::make_pair(std::string(name), std::move(*value));
    }
  }
  return std::nullopt;
}

/// The proxy for a request to `target`, or nullopt to go direct. An explicit `options.url`
/// applies to every target; the environment's proxy never to loopback or a NO_PROXY host.
/// `options.username` / `password`, when set, replace the URL's userinfo.
inline result<std::optional<resolved_proxy>>
resolve_proxy(const proxy_options& options, const url_parts& target,
              const environment_lookup& env = process_environment) {
  std::optional<resolved_proxy> out;
  if (!trim(options.url).empty()) {
    auto parsed = parse_proxy_url(options.url, "proxy_options.url");
    if (!parsed) {
      return std::move(parsed).error();
    }
    out = std::move(*parsed);
  } else if (options.use_environment && !is_loopback_host(target.host)) {
    const bool https = target.scheme == "https";
    const bool cgi = env("REQUEST_METHOD").has_value(); // httpoxy: HTTP_PROXY may be a header
    auto chosen = https ? first_set(env, {"https_proxy", "HTTPS_PROXY"})
                  : cgi ? first_set(env, {"http_proxy"})
                        : first_set(env, {"http_proxy", "HTTP_PROXY"});
    if (!chosen) {
      return out;
    }
    const std::string port = !target.port.empty() ? target.port : std::string(https ? "443" : "80");
    if (const auto no_proxy = first_set(env, {"no_proxy", "NO_PROXY"});
        no_proxy && no_proxy_matches(no_proxy->second, target.host, port)) {
      return out;
    }
    auto parsed = parse_proxy_url(chosen->second, "the environment variable " + chosen->first);
    if (!parsed) {
      return std::move(parsed).error();
    }
    out = std::move(*parsed);
  } else {
    return out;
  }
  if (!options.username.empty() || !options.password.empty()) {
    out->username = options.username;
    out->password = options.password;
  }
  return out;
}

/// The typed error of a 407 from `proxy`: it asked for credentials, or refused those sent. Not
/// retried by the call machine (the same credentials would be refused again).
inline error proxy_auth_error(const resolved_proxy& proxy) {
  error e =
      make_error(errc::transport_error,
                 "the proxy " + proxy.display() + " (from " + proxy.source + ") answered 407 " +
                     (proxy.has_credentials()
                          ? "Proxy Authentication Required: it refused the proxy credentials "
                            "sent; check proxy_options.username and password (or the "
                            "user:password@ of the proxy URL)"
                          : "Proxy Authentication Required: set proxy credentials "
                            "(proxy_options.username and password, or user:password@ in the "
                            "proxy URL)"),
                 407);
  e.code = "ProxyAuthenticationRequired";
  return e;
}

/// A transport_error for a proxy that answered CONNECT with something other than 2xx or 407.
inline error proxy_refused_error(const resolved_proxy& proxy, std::string_view target, int status) {
  return make_transport_error(target, "the proxy " + proxy.display() + " answered CONNECT with " +
                                          std::to_string(status) + " (no tunnel)");
}

} // namespace detail
ACS_ROOMS_NAMESPACE_END
