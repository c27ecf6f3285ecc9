// SPDX-License-Identifier: MIT
// acs_rooms fuzzing (tests): parse_connection_string and the signer's key reader.
//
// Input: a connection string. Besides the input itself, the harness also reads the input as an
// endpoint next to a known key, and the input as a key next to a known endpoint.

#include "fuzz_support.hpp"

using namespace acs::rooms;
using acs_rooms_fuzz::contains;
using acs_rooms_fuzz::require;

namespace {

constexpr std::string_view known_key = "c2VjcmV0LWtleS1mb3ItZnV6emluZy0wMTIzNDU2Nzg5"; // 33 bytes
constexpr std::string_view known_endpoint = "https://contoso.communication.azure.com/";

/// Every value that follows an "accesskey" name in `text` (what a careless message could echo).
std::vector<std::string_view> key_values(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const auto semi = text.find(';');
    const std::string_view segment = detail::trim(text.substr(0, semi));
    text = semi == std::string_view::npos ? std::string_view() : text.substr(semi + 1);
    const auto eq = segment.find('=');
    if (eq != std::string_view::npos &&
        detail::iequals(detail::trim(segment.substr(0, eq)), "accesskey")) {
      out.push_back(detail::trim(segment.substr(eq + 1)));
    }
  }
  return out;
}

/// A value that could only come from the key if an error text holds it: 16 or more characters
/// of the base64 alphabet (no word of a message is that long), written once in the input (an
/// endpoint that repeats the key may be echoed).
bool worth_checking(std::string_view key, std::string_view input) {
  if (key.size() < 16 || input.find(key) != input.rfind(key)) {
    return false;
  }
  for (char c : key) {
    const bool b64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                     c == '+' || c == '/' || c == '=';
    if (!b64) {
      return false;
    }
  }
  return true;
}

void check(std::string_view text) {
  const auto parsed = parse_connection_string(text);
  if (parsed) {
    // What we format we parse back: endpoint=<endpoint>/;accesskey=<key>.
    const std::string again = "endpoint=" + parsed->endpoint + "/;accesskey=" + parsed->access_key;
    const auto twice = parse_connection_string(again);
    require(twice.has_value() && twice->endpoint == parsed->endpoint &&
                twice->access_key == parsed->access_key,
            "a parsed connection string, written back, does not parse to the same value");
    require(hmac_signer<>::from_access_key(parsed->access_key).has_value(),
            "a key accepted by parse_connection_string is refused by hmac_signer");
    return;
  }
  require(parsed.error().kind == errc::invalid_argument, "wrong error kind");
  std::vector<std::string> texts;
  acs_rooms_fuzz::error_texts(parsed.error(), texts);
  for (const auto key : key_values(text)) {
    if (!worth_checking(key, text)) {
      continue;
    }
    for (const auto& t : texts) {
      require(!contains(t, key), "an access key appears in a connection-string error");
    }
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = acs_rooms_fuzz::as_text(data, size);
  check(text);
  // The input as an endpoint, next to a real key: the key never shows in the error.
  const std::string with_key =
      "endpoint=" + std::string(text) + ";accesskey=" + std::string(known_key);
  const auto a = parse_connection_string(with_key);
  if (!a) {
    std::vector<std::string> texts;
    acs_rooms_fuzz::error_texts(a.error(), texts);
    for (const auto& t : texts) {
      require(!worth_checking(known_key, with_key) || !contains(t, known_key),
              "the access key appears in a connection-string error");
    }
  }
  check(with_key);
  // The input as a key.
  check("endpoint=" + std::string(known_endpoint) + ";accesskey=" + std::string(text));
  const auto signer = hmac_signer<>::from_access_key(text);
  if (!signer) {
    std::vector<std::string> texts;
    acs_rooms_fuzz::error_texts(signer.error(), texts);
    for (const auto& t : texts) {
      require(!worth_checking(detail::trim(text), text) || !contains(t, detail::trim(text)),
              "an access key appears in a signer error");
    }
  }
  return 0;
}
