// SPDX-License-Identifier: MIT
// acs_rooms fuzzing (tests): strict base64 decoding, encoding and constant_time_equal.
//
// Input: text to decode, and bytes to encode.

#include "fuzz_support.hpp"

using namespace acs::rooms;
using acs_rooms_fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = acs_rooms_fuzz::as_text(data, size);
  std::string decoded;
  if (detail::base64_decode(text, decoded)) {
    // One accepted spelling per byte string: encoding gives the input back.
    require(detail::base64_encode(decoded) == text, "a decoded text does not encode back");
  }
  const std::string encoded = detail::base64_encode(text);
  require(encoded.size() == (size + 2) / 3 * 4, "wrong encoded length");
  std::string again;
  require(detail::base64_decode(encoded, again) && again == text,
          "what base64_encode writes base64_decode does not read back");
  const auto half = text.substr(0, size / 2);
  const auto rest = text.substr(size / 2);
  require(detail::constant_time_equal(half, rest) == (half == rest),
          "constant_time_equal disagrees with ==");
  require(detail::constant_time_equal(text, text), "constant_time_equal(x, x) is false");
  return 0;
}
