// SPDX-License-Identifier: MIT
// acs_rooms emulator part: fault injection - canned answers, lost messages, delays.
#pragma once

#include <acs/rooms/emulator/wire.hpp>
#include <acs/rooms/http.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// One fault for an `emulator` to inject: which requests it hits, how many, and what happens to
/// them. Faults are tried in the order they were given; every matching `delay` adds its wait,
/// and the first matching fault of another kind decides the request's fate.
struct emulator_fault {
  /// What happens to a request the fault hits.
  enum class kind {
    respond,     ///< answered with `status`, `headers` and `body`; the service does not act
    drop_before, ///< no answer, and the service never saw the request
    drop_after,  ///< the service acts (e.g. creates the room), then its answer is lost
    delay,       ///< a wait of `delay` before the request is handled (as usual, or by a fault)
  };
  /// A `times` that is never used up.
  static constexpr int forever = -1;

  kind effect = kind::respond; ///< what happens
  std::string method;          ///< "POST", "GET", ... (exact); empty: every method
  std::string path_prefix;     ///< e.g. "/rooms" or "/rooms/123/participants"; empty: every path
  int times = 1;               ///< requests it hits before it is used up; `forever`: no limit
  double probability = 1.0;    ///< chance it hits a matching request (0 to 1; see fault_seed)
  int status = 503;            ///< respond: the status
  http_headers headers;        ///< respond: headers to add, e.g. Retry-After
  std::string body;            ///< respond: the body; empty: the service's error envelope (>= 400)
  std::chrono::milliseconds delay{0}; ///< delay: how long to wait

  /// Answers `status` instead of the service (a 503 with the service's error body by default).
  [[nodiscard]] static emulator_fault answer(int status) {
    emulator_fault f;
    f.status = status;
    return f;
  }
  /// Loses the request: no answer, nothing done.
  [[nodiscard]] static emulator_fault drop_request() {
    emulator_fault f;
    f.effect = kind::drop_before;
    return f;
  }
  /// Loses the answer: the service acts, the caller hears nothing.
  [[nodiscard]] static emulator_fault drop_answer() {
    emulator_fault f;
    f.effect = kind::drop_after;
    return f;
  }
  /// Waits `wait` before handling the request.
  [[nodiscard]] static emulator_fault slow(std::chrono::milliseconds wait) {
    emulator_fault f;
    f.effect = kind::delay;
    f.delay = wait;
    return f;
  }
  /// Hits only `method` requests whose path starts with `prefix` (empty: any).
  emulator_fault& on(std::string method_name, std::string prefix = {}) {
    method = std::move(method_name);
    path_prefix = std::move(prefix);
    return *this;
  }
  /// Hits the next `n` matching requests (`forever`: all of them).
  emulator_fault& for_next(int n) {
    times = n;
    return *this;
  }
  /// Hits a matching request with probability `p` (0 to 1).
  emulator_fault& with_probability(double p) {
    probability = p;
    return *this;
  }
  /// Adds a header to the canned answer (respond).
  emulator_fault& with_header(std::string name, std::string value) {
    headers.add(std::move(name), std::move(value));
    return *this;
  }
};

namespace detail {
namespace emu {

/// What the fault plan decided for one request.
struct fault_decision {
  std::chrono::milliseconds delay{0};       ///< the sum of the matching delays
  std::optional<emulator_fault::kind> fate; ///< respond or a drop; nullopt: the service answers
  http_response answer;                     ///< for respond
};

/// The service's error code for a status a fault answers with (a guess for most).
inline std::string_view fault_error_code(int status) noexcept {
  switch (status) {
  case 400:
    return "BadRequest";
  case 401:
    return "Unauthorized";
  case 403:
    return "Forbidden";
  case 404:
    return "NotFound";
  case 408:
    return "RequestTimeout";
  case 409:
    return "Conflict";
  case 412:
    return "PreconditionFailed";
  case 429:
    return "TooManyRequests";
  case 500:
    return "InternalServerError";
  case 502:
    return "BadGateway";
  case 503:
    return "ServiceUnavailable";
  case 504:
    return "GatewayTimeout";
  default:
    return status >= 500 ? "ServerError" : "Error";
  }
}

/// The canned answer of a respond fault: its body (or the service's error envelope for a status
/// of 400 and up), then its headers, which replace any of the same name.
inline http_response fault_answer(const emulator_fault& f) {
  http_response out;
  if (f.body.empty() && f.status >= 400) {
    out = error_response(f.status, fault_error_code(f.status),
                         "The emulator answered with an injected fault.");
  } else {
    out.status = f.status;
    out.body = f.body;
    if (!out.body.empty()) {
      out.headers.set("Content-Type", "application/json; charset=utf-8");
    }
  }
  for (const auto& [name, value] : f.headers) {
    out.headers.set(name, value);
  }
  return out;
}

/// The faults still to inject, in order, and the generator their probabilities draw from. Not
/// thread-safe: the emulator holds its mutex around every call.
class fault_plan {
public:
  /// An empty plan whose draws follow `seed`.
  explicit fault_plan(std::uint64_t seed) : random_(seed) {}

  /// Appends `f` (one that can never hit is dropped).
  void add(emulator_fault f) {
    if (f.times != 0) {
      faults_.push_back(std::move(f));
    }
  }

  /// Forgets every fault.
  void clear() noexcept { faults_.clear(); }

  /// How many faults are not used up yet.
  [[nodiscard]] std::size_t pending() const noexcept { return faults_.size(); }

  /// The faults not used up yet, in order.
  [[nodiscard]] const std::vector<emulator_fault>& faults() const noexcept { return faults_; }

  /// Applies the plan to a `method` request for `path`, using up what hits it. Drops are
  /// skipped (and kept) when the caller cannot lose an answer (`can_drop` false).
  fault_decision decide(std::string_view method, std::string_view path, bool can_drop) {
    fault_decision out;
    for (auto& f : faults_) {
      if (!matches(f, method, path) ||
          (!can_drop && (f.effect == emulator_fault::kind::drop_before ||
                         f.effect == emulator_fault::kind::drop_after)) ||
          !draw(f.probability)) {
        continue;
      }
      if (f.times > 0) {
        --f.times;
      }
      if (f.effect == emulator_fault::kind::delay) {
        out.delay += f.delay < std::chrono::milliseconds::zero() ? std::chrono::milliseconds::zero()
                                                                 : f.delay;
        continue;
      }
      out.fate = f.effect;
      if (f.effect == emulator_fault::kind::respond) {
        out.answer = fault_answer(f);
      }
      break;
    }
    faults_.erase(std::remove_if(faults_.begin(), faults_.end(),
                                 [](const emulator_fault& f) { return f.times == 0; }),
                  faults_.end());
    return out;
  }

private:
  static bool matches(const emulator_fault& f, std::string_view method, std::string_view path) {
    return (f.method.empty() || f.method == method) &&
           path.substr(0, f.path_prefix.size()) == f.path_prefix;
  }

  /// True with probability `p`; no draw (so no change to later draws) when p is 0 or 1.
  bool draw(double p) {
    if (!(p > 0.0)) { // also NaN
      return false;
    }
    if (p >= 1.0) {
      return true;
    }
    // 53 random bits as a double in [0, 1): the same sequence on every standard library.
    const double u = static_cast<double>(random_() >> 11U) * (1.0 / 9007199254740992.0);
    return u < p;
  }

  std::vector<emulator_fault> faults_;
  std::mt19937_64 random_;
};

} // namespace emu
} // namespace detail
ACS_ROOMS_NAMESPACE_END
