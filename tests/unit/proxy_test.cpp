// SPDX-License-Identifier: MIT
// The proxy resolver every shipped transport shares (detail/transport/proxy.hpp): the explicit
// proxy, the environment variables and their precedence, httpoxy, NO_PROXY, loopback, the proxy
// URL's userinfo, refused schemes and messages without credentials. The environment is injected.
#include <acs/rooms/detail/transport/proxy.hpp>
#if defined(ACS_ROOMS_SINGLE_INCLUDE_HPP) // the detail header forwards to <acs/rooms.hpp>; the
#include <acs/rooms/transport/curl.hpp>   // resolver is inlined in each transport header
#endif

#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <string>

using namespace acs::rooms;
using detail::resolve_proxy;

namespace {

/// An environment of exactly these variables.
detail::environment_lookup env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

detail::url_parts target(const char* url) {
  auto parts = detail::parse_url(url);
  REQUIRE(parts.has_value());
  return *parts;
}

/// The proxy's "http://host:port" for `url` under `vars` ("" when direct).
std::string via(const char* url, std::map<std::string, std::string> vars,
                const proxy_options& options = {}) {
  const auto r = resolve_proxy(options, target(url), env(std::move(vars)));
  REQUIRE(r.has_value());
  return *r ? (*r)->display() : std::string();
}

} // namespace

TEST_CASE("proxy: an explicit proxy applies to every target, loopback included", "[proxy]") {
  proxy_options o;
  o.url = "http://Proxy.Example:3128";
  CHECK(via("https://x.communication.azure.com/rooms", {}, o) == "http://proxy.example:3128");
  CHECK(via("http://127.0.0.1:8080/rooms", {}, o) == "http://proxy.example:3128");
  CHECK(via("https://localhost:1/", {{"NO_PROXY", "*"}}, o) == "http://proxy.example:3128");
  // It wins over the environment; without a port it is 80; a bare host:port is http.
  CHECK(via("https://a.example/", {{"HTTPS_PROXY", "http://env:1"}}, o) ==
        "http://proxy.example:3128");
  o.url = "http://proxy.example";
  CHECK(via("https://a.example/", {}, o) == "http://proxy.example:80");
  o.url = "proxy.example:8080/";
  CHECK(via("https://a.example/", {}, o) == "http://proxy.example:8080");
  o.url = "http://[::1]:3128";
  const auto r = resolve_proxy(o, target("https://a.example/"), env({}));
  REQUIRE(r.has_value());
  CHECK((*r)->host == "[::1]");
  CHECK((*r)->bare_host() == "::1");
  CHECK((*r)->source == "proxy_options.url");
}

TEST_CASE("proxy: the environment, by the target's scheme, lower case first, httpoxy", "[proxy]") {
  const std::map<std::string, std::string> both{{"HTTPS_PROXY", "http://secure:1"},
                                                {"HTTP_PROXY", "http://plain:2"}};
  CHECK(via("https://a.example/", both) == "http://secure:1");
  CHECK(via("http://a.example/", both) == "http://plain:2");
  CHECK(via("https://a.example/", {{"HTTP_PROXY", "http://plain:2"}}).empty());
  CHECK(via("https://a.example/", {{"https_proxy", "http://lower:3"},
                                   {"HTTPS_PROXY", "http://upper:4"}}) == "http://lower:3");
  CHECK(via("https://a.example/", {{"https_proxy", ""}, {"HTTPS_PROXY", "http://upper:4"}}) ==
        "http://upper:4");
  // Under CGI a request's "Proxy:" header becomes HTTP_PROXY: ignored, as curl does.
  CHECK(via("http://a.example/", {{"HTTP_PROXY", "http://evil:1"}, {"REQUEST_METHOD", "GET"}})
            .empty());
  CHECK(via("http://a.example/", {{"http_proxy", "http://ok:1"}, {"REQUEST_METHOD", "GET"}}) ==
        "http://ok:1");
  // Never for loopback; not at all without use_environment.
  CHECK(via("https://localhost:8443/", both).empty());
  CHECK(via("http://127.0.0.2/", both).empty());
  CHECK(via("http://[::1]:80/", both).empty());
  proxy_options off;
  off.use_environment = false;
  CHECK(via("https://a.example/", both, off).empty());
  const auto r = resolve_proxy({}, target("https://a.example/"), env(both));
  REQUIRE(r.has_value());
  CHECK((*r)->source == "the environment variable HTTPS_PROXY");
}

TEST_CASE("proxy: NO_PROXY names, suffixes, IP literals, ports and *", "[proxy]") {
  const auto direct = [](const char* url, const char* no_proxy) {
    return via(url, {{"HTTPS_PROXY", "http://p:1"},
                     {"HTTP_PROXY", "http://p:1"},
                     {"NO_PROXY", no_proxy}})
        .empty();
  };
  CHECK(direct("https://example.com/", "example.com"));
  CHECK(direct("https://a.b.example.com/", "example.com"));
  CHECK(direct("https://a.example.com/", ".example.com"));
  CHECK(direct("https://example.com/", ".example.com"));
  CHECK(direct("https://a.example.com/", "*.example.com"));
  CHECK(direct("https://A.Example.COM/", " other.org , EXAMPLE.com "));
  CHECK_FALSE(direct("https://badexample.com/", "example.com"));
  CHECK_FALSE(direct("https://example.com.evil/", "example.com"));
  CHECK(direct("https://10.1.2.3/", "10.1.2.3"));
  CHECK_FALSE(direct("https://10.1.2.30/", "10.1.2.3"));
  CHECK(direct("https://[2001:db8::1]/", "2001:db8::1"));
  CHECK(direct("https://[2001:db8::1]:8443/", "[2001:db8::1]:8443"));
  CHECK(direct("https://example.com/", "example.com:443"));
  CHECK_FALSE(direct("https://example.com:8443/", "example.com:443"));
  CHECK(direct("http://example.com/", "example.com:80"));
  CHECK(direct("https://anything.example/", "*"));
  CHECK_FALSE(direct("https://anything.example/", ""));
  CHECK_FALSE(direct("https://anything.example/", ",,"));
  // no_proxy (lower case) first, as for the proxies.
  CHECK(
      via("https://a.example/",
          {{"HTTPS_PROXY", "http://p:1"}, {"no_proxy", "a.example"}, {"NO_PROXY", "other.example"}})
          .empty());
}

TEST_CASE("proxy: credentials from the URL (percent-decoded) or the options, never in errors",
          "[proxy]") {
  proxy_options o;
  o.url = "http://us%40er:p%3Ass%25word@proxy.example:3128";
  auto r = resolve_proxy(o, target("https://a.example/"), env({}));
  REQUIRE(r.has_value());
  CHECK((*r)->username == "us@er");
  CHECK((*r)->password == "p:ss%word");
  CHECK((*r)->display() == "http://proxy.example:3128");
  CHECK((*r)->basic_authorization() == "Basic dXNAZXI6cDpzcyV3b3Jk");
  o.username = "alice";
  o.password = "s3cret";
  r = resolve_proxy(o, target("https://a.example/"), env({}));
  REQUIRE(r.has_value());
  CHECK((*r)->username == "alice");
  CHECK((*r)->password == "s3cret");
  r = resolve_proxy({}, target("https://a.example/"),
                    env({{"HTTPS_PROXY", "http://bob:hunter2@env.example:8080"}}));
  REQUIRE(r.has_value());
  CHECK((*r)->username == "bob");
  CHECK((*r)->password == "hunter2");

  const error e = detail::proxy_auth_error(**r);
  CHECK(e.kind == errc::transport_error);
  CHECK(e.status == 407);
  CHECK(e.code == "ProxyAuthenticationRequired");
  CHECK(e.message.find("http://env.example:8080") != std::string::npos);
  CHECK(e.message.find("hunter2") == std::string::npos);
  CHECK(e.message.find("bob") == std::string::npos);
  proxy_options none;
  none.url = "http://proxy.example:3128";
  r = resolve_proxy(none, target("https://a.example/"), env({}));
  REQUIRE(r.has_value());
  CHECK(detail::proxy_auth_error(**r).message.find("set proxy credentials") != std::string::npos);
}

TEST_CASE("proxy: only http:// proxies; a malformed one is invalid_argument without userinfo",
          "[proxy]") {
  for (const char* url : {"https://user:s3cret@proxy.example:443", "socks5://user:s3cret@p:1080",
                          "socks5h://p:1080"}) {
    proxy_options o;
    o.url = url;
    const auto r = resolve_proxy(o, target("https://a.example/"), env({}));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == errc::invalid_argument);
    CHECK(r.error().message.find(std::string(url).substr(0, std::string(url).find(':'))) !=
          std::string::npos);
    CHECK(r.error().message.find("s3cret") == std::string::npos);
  }
  for (const char* url : {"http://user:s3cret@:3128", "http://proxy.example:99999",
                          "http://proxy.example:port", "http://[::1"}) {
    proxy_options o;
    o.url = url;
    const auto r = resolve_proxy(o, target("https://a.example/"), env({}));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == errc::invalid_argument);
    CHECK(r.error().message.find("s3cret") == std::string::npos);
  }
  // From the environment: the variable is named.
  const auto r =
      resolve_proxy({}, target("https://a.example/"), env({{"https_proxy", "socks5://p:1080"}}));
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message.find("https_proxy") != std::string::npos);
  CHECK(r.error().message.find("'socks5'") != std::string::npos);
}
