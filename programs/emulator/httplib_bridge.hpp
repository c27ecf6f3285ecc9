// SPDX-License-Identifier: MIT
// acs-rooms-emulator's network front (programs/emulator/, not installed; needs cpp-httplib):
// requests and answers between httplib and the emulator, and the refusals made from a request's
// headers before its body is read.
#pragma once

#include <acs/rooms.hpp> // the whole client, from include/ or single_include/
#include <acs/rooms/emulator.hpp>

#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
namespace emu {
/// httplib's request -> the emulator's, with the request target exactly as received;
/// `authority` stands in for a missing Host header.
inline http_request from_httplib(const httplib::Request& in, std::string_view authority,
                                 bool with_body = true) {
  http_request out;
  out.method = in.method;
  const std::string host =
      in.has_header("Host") ? in.get_header_value("Host") : std::string(authority);
  out.url = "http://" + host + in.target;
  for (const auto& [name, value] : in.headers) {
    // httplib adds these pseudo-headers about the connection; they were not sent.
    if (name != "LOCAL_ADDR" && name != "LOCAL_PORT" && name != "REMOTE_ADDR" &&
        name != "REMOTE_PORT") {
      out.headers.add(name, value);
    }
  }
  if (with_body) {
    out.body = in.body;
  }
  return out;
}

/// The emulator's response -> httplib's (httplib writes Content-Length itself).
inline void to_httplib(const http_response& in, httplib::Response& out) {
  out.status = in.status;
  std::string content_type;
  for (const auto& [name, value] : in.headers) {
    if (iequals(name, "Content-Type")) {
      content_type = value;
    } else if (!iequals(name, "Content-Length")) {
      out.set_header(name.c_str(), value);
    }
  }
  if (!in.body.empty() || !content_type.empty()) {
    out.set_content(in.body, content_type.c_str());
  }
}

/// What a front serves: an `emulator`, or anything with its send, refuse_before_body and
/// connection_string (the program's control plane), held by reference.
struct served_service {
  std::function<http_response(const http_request&)> send; ///< the answer to a request
  /// The refusal decided from a request's headers, or nullopt.
  std::function<std::optional<http_response>(const http_request&)> refuse_before_body;
  std::function<std::string(const std::string&)> connection_string; ///< for an origin

  /// `service`'s members; it must outlive the result.
  template <class Service> static served_service of(Service& service) {
    return {[&service](const http_request& r) { return service.send(r); },
            [&service](const http_request& r) { return service.refuse_before_body(r); },
            [&service](const std::string& origin) { return service.connection_string(origin); }};
  }
};

/// What the server decided about a request from its headers alone, before reading its body.
struct early_answer {
  std::optional<http_response> refusal; ///< set: answer this and close the connection
};

/// The answer to a request that must not be read further, or nullopt: 411 for a body of no
/// declared length, 413 for one over `max_body`, the emulator's 401 for a body whose sender
/// does not authenticate.
inline std::optional<http_response> refuse_early(const served_service& service,
                                                 const httplib::Request& req,
                                                 std::string_view authority, std::size_t max_body) {
  if (req.has_header("Transfer-Encoding")) {
    return error_response(411, "LengthRequired",
                          "A request body must be sent with a Content-Length.");
  }
  if (!req.has_header("Content-Length")) {
    return std::nullopt;
  }
  const std::string declared = req.get_header_value("Content-Length");
  std::uint64_t length = 0;
  bool number = !declared.empty() && declared.size() <= 19;
  for (const char c : declared) {
    number = number && c >= '0' && c <= '9';
    length = number ? length * 10 + static_cast<std::uint64_t>(c - '0') : 0;
  }
  if (!number) {
    return error_response(400, "BadRequest", "The Content-Length header is not a number.");
  }
  if (length > max_body) {
    return error_response(413, "RequestEntityTooLarge",
                          "The request body is larger than this emulator accepts (" +
                              std::to_string(max_body) + " bytes).");
  }
  if (length == 0) {
    return std::nullopt;
  }
  return service.refuse_before_body(from_httplib(req, authority, false));
}

/// The thread `early` refusal of the request being served belongs to (null: none).
inline std::optional<http_response>*& current_early() {
  thread_local std::optional<http_response>* early = nullptr;
  return early;
}

} // namespace emu
} // namespace detail
ACS_ROOMS_NAMESPACE_END
