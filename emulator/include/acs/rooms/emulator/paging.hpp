// SPDX-License-Identifier: MIT
// acs_rooms emulator part: paging - pages of a sorted map and signed nextLink tokens.
#pragma once

#include <acs/rooms/crypto/portable.hpp>
#include <acs/rooms/detail/foundations/base64.hpp>
#include <acs/rooms/emulator/validation.hpp>
#include <acs/rooms/emulator/wire.hpp>
#include <acs/rooms/http.hpp>

#include <nlohmann/json.hpp> // the whole parser, also under ACS_ROOMS_SEPARATE_COMPILATION

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
namespace emu {

/// base64url without padding: survives every query re-encoding (the JS SDK re-encodes).
inline std::string base64url_encode(std::string_view bytes) {
  std::string out = base64_encode(bytes);
  while (!out.empty() && out.back() == '=') {
    out.pop_back();
  }
  std::replace(out.begin(), out.end(), '+', '-');
  std::replace(out.begin(), out.end(), '/', '_');
  return out;
}

/// Inverse of base64url_encode; false when `text` is not one of its outputs.
inline bool base64url_decode(std::string_view text, std::string& out) {
  std::string standard(text);
  for (char& c : standard) {
    if (c == '+' || c == '/' || c == '=') {
      return false;
    }
    c = c == '-' ? '+' : c == '_' ? '/' : c;
  }
  standard.append((4 - standard.size() % 4) % 4, '=');
  return base64_decode(standard, out);
}

/// Makes and reads the nextLink tokens "list `kind` of `scope` after `last`", MAC'd with a key
/// of this emulator's so that a client cannot forge one.
class link_signer {
public:
  /// Signs with `key` (random bytes, made once per emulator).
  explicit link_signer(std::string_view key) : key_(crypto_.prepare_hmac_key(key)) {}

  /// The token for "list `kind` of `scope` after `last`".
  [[nodiscard]] std::string make(char kind, std::string_view scope, std::string_view last) const {
    std::string payload(1, kind);
    payload += '\n';
    payload += scope;
    payload += '\n';
    payload += last;
    std::string mac = crypto_.hmac_sha256(key_, payload);
    mac.resize(16);
    return base64url_encode(payload) + '.' + base64url_encode(mac);
  }

  /// The position `token` holds, if it is genuine and about `kind` of `scope`.
  [[nodiscard]] std::optional<std::string> read(std::string_view token, char kind,
                                                std::string_view scope) const {
    const auto dot = token.find('.');
    std::string payload;
    std::string mac;
    if (dot == std::string_view::npos || !base64url_decode(token.substr(0, dot), payload) ||
        !base64url_decode(token.substr(dot + 1), mac)) {
      return std::nullopt;
    }
    std::string expected = crypto_.hmac_sha256(key_, payload);
    expected.resize(16);
    const std::string prefix = std::string(1, kind) + '\n' + std::string(scope) + '\n';
    if (!constant_time_equal(mac, expected) || payload.compare(0, prefix.size(), prefix) != 0) {
      return std::nullopt;
    }
    return payload.substr(prefix.size());
  }

  /// The absolute nextLink, on the host the client addressed.
  [[nodiscard]] std::string next_link(const incoming& c, std::string_view path, char kind,
                                      std::string_view scope, std::string_view last) const {
    return c.scheme + "://" + c.host + std::string(path) + "?nextLink=" + make(kind, scope, last) +
           "&api-version=" + c.version;
  }

  /// The position to list from: empty for the first page; nullopt (an error) for a bad token.
  [[nodiscard]] std::optional<std::string> start_position(const incoming& c, char kind,
                                                          std::string_view scope) const {
    if (c.query.find("nextLink=") == std::string_view::npos) {
      return std::string();
    }
    const auto token = query_param(c.query, "nextLink");
    return token ? read(*token, kind, scope) : std::nullopt;
  }

private:
  portable_crypto crypto_;
  portable_crypto::hmac_key key_;
};

/// The 400 for a nextLink token that is not one of ours.
inline http_response bad_link() {
  return error_response(400, "BadRequest", "The nextLink token is not valid.", "nextLink");
}

/// Opens `{"value":[` with up to `page_size` items of the sorted map `items` after key `last`
/// (its smallest value, "" or 0, for the first page), rendered by `write(out, item)`.
/// `next_after` is the key to continue after, or nullopt when nothing is left. The caller adds
/// the nextLink and closes the object.
template <class Map, class Write>
std::string page_json(const Map& items, const typename Map::key_type& last, std::size_t page_size,
                      Write write, std::optional<typename Map::key_type>& next_after) {
  std::string out;
  out.reserve(64 + page_size * 192); // a room is about 170 bytes, a participant about 100
  out += "{\"value\":[";
  std::size_t n = 0;
  auto it = items.upper_bound(last);
  for (; it != items.end(); ++it) {
    if (n == page_size) {
      break; // one more exists: this page needs a nextLink
    }
    out += n++ == 0 ? "" : ",";
    write(out, *it);
    next_after = it->first;
  }
  if (it == items.end()) {
    next_after.reset();
  }
  out += ']';
  return out;
}

} // namespace emu
} // namespace detail
ACS_ROOMS_NAMESPACE_END
