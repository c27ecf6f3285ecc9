// SPDX-License-Identifier: MIT
// acs_rooms fuzzing (tests): shared helpers for the libFuzzer harnesses in tests/fuzz/.
#pragma once

#include <acs/rooms.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace acs_rooms_fuzz {

/// Stops the run with `what` when an invariant does not hold; libFuzzer then saves the input.
/// `what` names the invariant only: it never contains input bytes or a key.
inline void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "acs_rooms fuzz invariant broken: %s\n", what);
    std::abort();
  }
}

/// The fuzzer's bytes as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// An HTTP message written as text: a first line, "Name: value" lines, an empty line, the body.
/// Both "\n" and "\r\n" end a line; a line without ':' in the header block is skipped.
struct message {
  std::string first_line;           ///< status, or "<mode> <METHOD> <target>"
  acs::rooms::http_headers headers; ///< in order, repeats kept
  std::string body;                 ///< everything after the empty line, verbatim
};

/// Splits `text` as described at `message`.
inline message read_message(std::string_view text) {
  message m;
  const auto next_line = [&text](std::string_view& line) {
    if (text.empty()) {
      return false;
    }
    const auto end = text.find('\n');
    line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    return true;
  };
  std::string_view line;
  if (next_line(line)) {
    m.first_line = std::string(line);
  }
  while (next_line(line) && !line.empty()) {
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      continue;
    }
    std::string_view value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') {
      value.remove_prefix(1);
    }
    m.headers.add(std::string(line.substr(0, colon)), std::string(value));
  }
  m.body = std::string(text);
  return m;
}

/// `j` read as a T by its from_json hook (the SAX readers fed by the DOM), or the rooms_error it
/// threw. Any other exception escapes, and libFuzzer reports it.
template <class T> acs::rooms::result<T> from_json_result(const nlohmann::json& j) {
  try {
    return j.get<T>();
  } catch (const acs::rooms::rooms_error& e) {
    return e.error();
  }
}

/// True when `text` is one complete JSON value (UTF-8 checked, as a JSON reader would).
inline bool is_json(std::string_view text) { return nlohmann::json::accept(text); }

/// True when `needle` (non-empty) occurs in `haystack`.
inline bool contains(std::string_view haystack, std::string_view needle) {
  return !needle.empty() && haystack.find(needle) != std::string_view::npos;
}

/// Every text an error carries, nested details and innererror included.
inline void error_texts(const acs::rooms::error& e, std::vector<std::string>& out) {
  out.push_back(e.describe());
  out.push_back(e.code);
  out.push_back(e.message);
  out.push_back(e.target);
  out.push_back(e.raw_body);
  for (const auto& d : e.details) {
    error_texts(d, out);
  }
  if (const acs::rooms::error* inner = e.inner_error()) {
    error_texts(*inner, out);
  }
}

} // namespace acs_rooms_fuzz
