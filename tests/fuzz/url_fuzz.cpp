// SPDX-License-Identifier: MIT
// acs_rooms fuzzing (tests): the URL splitter (detail::parse_url) and path-segment encoding.
//
// Input: a URL.

#include "fuzz_support.hpp"

using namespace acs::rooms;
using acs_rooms_fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = acs_rooms_fuzz::as_text(data, size);
  if (const auto u = detail::parse_url(text)) {
    require(u->scheme == "http" || u->scheme == "https", "a scheme other than http(s)");
    require(!u->host.empty(), "an empty host");
    const std::string pq = u->path_and_query();
    require(!pq.empty() && (pq.front() == '/' || pq.front() == '?' || u->path.empty()),
            "path_and_query does not start the request target");
    // What we write (scheme://authority/path?query) we split back to the same parts.
    const std::string again = u->scheme + "://" + u->authority() + pq;
    const auto v = detail::parse_url(again);
    require(v.has_value(), "a URL rebuilt from its parts does not parse");
    require(v->authority() == u->authority() && v->path_and_query() == pq &&
                v->scheme == u->scheme && !v->has_userinfo,
            "a URL rebuilt from its parts splits differently");
  }
  // A path segment we encode stays one segment of a valid URL, with nothing unescaped.
  std::string url = "https://contoso.communication.azure.com/rooms/";
  detail::append_path_segment(url, text);
  const auto w = detail::parse_url(url);
  require(w.has_value(), "a URL with an encoded segment does not parse");
  require(w->path.find_first_of("?#", 0) == std::string_view::npos && !w->has_query,
          "an encoded segment leaked a query or fragment");
  require(w->path.substr(7).find('/') == std::string_view::npos, "an encoded segment contains '/'");
  require(w->path.substr(7) != "." && w->path.substr(7) != "..", "a dot segment was not encoded");
  return 0;
}
