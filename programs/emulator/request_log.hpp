// SPDX-License-Identifier: MIT
// acs-rooms-emulator's control API part (programs/emulator/): the request log - a line per
// request on stdout and the last requests in memory, for GET /_emulator/requests.

#pragma once

#include <acs/rooms.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <iostream>
#include <mutex>
#include <string>
#include <vector>

namespace acs_rooms_emulator {

/// One request as logged. Only what helps a developer and holds no secret: never a header
/// but x-ms-client-request-id, never the signature, key or token.
struct logged_request {
  std::string at;                ///< when it arrived, RFC 3339 (the real clock)
  std::string method;            ///< e.g. POST
  std::string target;            ///< path and query as sent
  int status = 0;                ///< the answer's status
  double latency_ms = 0;         ///< from the request read whole to the answer made
  std::string client_request_id; ///< x-ms-client-request-id, if sent
  std::string error_code;        ///< the error body's code, for a status of 400 and up
  std::string string_to_sign;    ///< on a 401 for a bad HMAC signature: what the emulator signed
};

/// How the log is printed.
enum class log_format { text, json, none };

/// The entry as a JSON object.
inline nlohmann::json entry_json(const logged_request& e) {
  nlohmann::json out = {{"time", e.at},
                        {"method", e.method},
                        {"target", e.target},
                        {"status", e.status},
                        {"latencyMs", e.latency_ms}};
  if (!e.client_request_id.empty()) {
    out["clientRequestId"] = e.client_request_id;
  }
  if (!e.error_code.empty()) {
    out["errorCode"] = e.error_code;
  }
  if (!e.string_to_sign.empty()) {
    out["stringToSign"] = e.string_to_sign;
  }
  return out;
}

/// `text` with control characters shown as \n, \r, \xNN: a sender's bytes never move the
/// terminal or forge a log line.
inline std::string printable(const std::string& text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (u < 0x20 || u == 0x7f) {
      out += "\\x";
      out += hex[u >> 4U];
      out += hex[u & 15U];
    } else {
      out += c;
    }
  }
  return out;
}

/// The entry as one text line (no newline).
inline std::string entry_text(const logged_request& e) {
  char latency[32];
  std::snprintf(latency, sizeof latency, "%.1f ms", e.latency_ms);
  std::string out = e.at + ' ' + printable(e.method) + ' ' + printable(e.target) + ' ' +
                    std::to_string(e.status) + ' ' + latency;
  if (!e.error_code.empty()) {
    out += ' ' + printable(e.error_code);
  }
  if (!e.client_request_id.empty()) {
    out += " client-request-id=" + printable(e.client_request_id);
  }
  if (!e.string_to_sign.empty()) {
    out += "\n  the emulator signed (compare with your string-to-sign): " +
           printable(e.string_to_sign);
  }
  return out;
}

/// The last requests, and their lines on `out`. Thread-safe.
class request_log {
public:
  /// Prints to `out` in `format`; keeps the last `capacity` entries.
  request_log(std::ostream& out, log_format format, std::size_t capacity = 1000)
      : out_(out), format_(format), capacity_(capacity) {}

  /// Records `e` and prints its line.
  void add(logged_request e) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (format_ == log_format::text) {
      out_ << entry_text(e) << std::endl;
    } else if (format_ == log_format::json) {
      out_ << entry_json(e).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
           << std::endl;
    }
    entries_.push_back(std::move(e));
    if (entries_.size() > capacity_) {
      entries_.pop_front();
    }
  }

  /// The last `n` entries, newest last, as {"requests": [...]}.
  [[nodiscard]] nlohmann::json last(std::size_t n) const {
    std::lock_guard<std::mutex> lock(mutex_);
    nlohmann::json list = nlohmann::json::array();
    const std::size_t from = entries_.size() > n ? entries_.size() - n : 0;
    for (std::size_t i = from; i < entries_.size(); ++i) {
      list.push_back(entry_json(entries_[i]));
    }
    return {{"requests", std::move(list)}};
  }

  /// How many requests are kept.
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

private:
  std::ostream& out_;
  log_format format_;
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<logged_request> entries_;
};

} // namespace acs_rooms_emulator
