// SPDX-License-Identifier: MIT
// acs_rooms emulator component (acs_rooms::emulator): the Rooms service in process, a test double.
#pragma once

#include <acs/rooms/concepts.hpp>
#include <acs/rooms/connection_string.hpp>
#include <acs/rooms/crypto/portable.hpp>
#include <acs/rooms/detail/foundations/base64.hpp>
#include <acs/rooms/detail/foundations/url.hpp>
#include <acs/rooms/emulator/auth.hpp>
#include <acs/rooms/emulator/faults.hpp>
#include <acs/rooms/emulator/identity.hpp>
#include <acs/rooms/emulator/paging.hpp>
#include <acs/rooms/emulator/routing.hpp>
#include <acs/rooms/emulator/service_ga.hpp>
#include <acs/rooms/emulator/snapshot.hpp>
#include <acs/rooms/emulator/store.hpp>
#include <acs/rooms/emulator/v2022.hpp>
#include <acs/rooms/emulator/validation.hpp>
#include <acs/rooms/emulator/wire.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/requests.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/serialization.hpp>
#include <acs/rooms/time.hpp>

#include <nlohmann/json.hpp> // the whole parser, also under ACS_ROOMS_SEPARATE_COMPILATION

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// How an `emulator` behaves. Every field has a working default.
struct emulator_options {
  std::string access_key;                    ///< base64 access key; empty: a random 64-byte key
  std::optional<std::string> accepted_token; ///< also accept "Authorization: Bearer <token>"
  std::size_t page_size = 30;                ///< rooms and participants per page (0 counts as 1)
  std::function<time_point()> clock;         ///< empty: system_clock::now
  std::chrono::seconds repeatability_window{300}; ///< how long a Repeatability-Request-ID lives
  /// How long a Repeatability-Request-ID stays known after the window, so that reusing it
  /// answers 412 instead of creating again (kept: the id and its body's SHA-256).
  std::chrono::seconds repeatability_retention{86400};
  std::size_t repeatability_capacity = 100000; ///< at most this many ids kept; oldest go first
  std::vector<emulator_fault> faults; ///< the fault plan to start with (more: emulator::inject)
  std::uint64_t fault_seed = 0;       ///< seeds the draws of the faults' probabilities
  /// How a delay fault waits; empty: a real wait, which a caller's cancellation ends.
  std::function<void(std::chrono::milliseconds)> sleep;
  emulator_identity identity; ///< token endpoints to play (their tokens are accepted too)
};

/// The Azure Communication Services Rooms service, in process: `send()` takes a request and
/// answers it as the service would (authentication, the seven operations of api-versions
/// 2023-06-14, 2023-10-30-preview, 2024-04-15 and 2025-03-13, validation rules and error
/// bodies, repeatability, paging, expiry; and the retired 2022-02-01 dialect over the same
/// rooms, see emulator/v2022.hpp). State is in memory behind a mutex, so one emulator
/// may serve many threads. It satisfies Transport: pass it by reference to a client, e.g.
/// `make_client<emulator&>(emu.connection_string("https://emulator.local"), emu)`.
///
/// For tests of a caller's own retry and expiry handling it also injects faults (`inject`: canned
/// answers such as 503 with Retry-After, lost requests, lost answers, delays) and has a clock
/// the test moves (`advance`, `set_time`; give the client `clock()` too).
class emulator {
public:
  /// A fault to inject (see inject()); also spelled `emulator_fault`.
  using fault = emulator_fault;

  /// The api-versions served.
  static constexpr std::array<std::string_view, 5> supported_versions =
      detail::emu::supported_versions;

  /// An empty service. A missing access key is made up (see access_key()).
  explicit emulator(emulator_options options = {})
      : random_(seeded()), options_(complete(std::move(options), random_)),
        identity_(options_.identity),
        auth_(options_.access_key, options_.accepted_token, &identity_),
        links_(random_bytes(random_, 32)),
        store_(detail::emu::repeat_limits{options_.repeatability_window,
                                          options_.repeatability_retention,
                                          options_.repeatability_capacity}),
        plan_(options_.fault_seed) {
    for (auto& f : options_.faults) {
      plan_.add(std::move(f));
    }
    options_.faults.clear();
  }
  emulator(const emulator&) = delete;            ///< one service, one state
  emulator& operator=(const emulator&) = delete; ///< one service, one state

  /// Answers one request as the service would, after the fault plan. Thread-safe; never throws
  /// for any input (except std::bad_alloc and what the injected clock or sleep throws). Every
  /// body is JSON. This form has no way to say "no answer", so drop faults pass it by (they stay
  /// in the plan for the next `send(request, send_options)`).
  http_response send(const http_request& request) {
    auto answered = serve(request, nullptr);
    if (!answered) { // not reached: without limits only a drop ends without an answer
      return detail::emu::error_response(500, "InternalServerError", answered.error().message);
    }
    return std::move(*answered);
  }

  /// The Transport form (the one a client calls): as send(request), and every fault applies -
  /// a lost request or answer is a `transport_error` - and a delay honours `limits`: it ends
  /// with `cancelled` when the caller cancels, and without an answer (a `transport_error`) when
  /// the call's remaining time runs out first.
  result<http_response> send(const http_request& request, const send_options& limits) {
    return serve(request, &limits);
  }

  /// Adds `f` at the end of the fault plan; it applies from the next request. Thread-safe.
  void inject(emulator_fault f) {
    std::lock_guard<std::mutex> lock(mutex_);
    plan_.add(std::move(f));
  }

  /// Forgets every fault not used up yet.
  void clear_faults() {
    std::lock_guard<std::mutex> lock(mutex_);
    plan_.clear();
  }

  /// How many faults are not used up yet.
  [[nodiscard]] std::size_t pending_faults() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return plan_.pending();
  }

  /// The faults not used up yet, in plan order.
  [[nodiscard]] std::vector<emulator_fault> faults() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return plan_.faults();
  }

  /// Forgets every room, Repeatability-Request-ID and fault; the clock is left as it is.
  void reset() {
    std::lock_guard<std::mutex> lock(mutex_);
    store_.clear();
    plan_.clear();
  }

  /// The rooms that exist now with their rosters, as JSON: {"rooms": [...]} (see
  /// emulator/snapshot.hpp); with `request_ids`, also the remembered Repeatability-Request-IDs.
  [[nodiscard]] std::string state(bool request_ids = false) const {
    const time_point t = now();
    std::lock_guard<std::mutex> lock(mutex_);
    return (request_ids ? detail::emu::snapshot_document(store_, t)
                        : detail::emu::rooms_document(store_, t))
        .dump();
  }

  /// Adds the rooms of a state document (what state() writes; ids, times and roles optional),
  /// all or none: the ids stored, or `invalid_argument` naming the entry at fault. With
  /// `replace`, what the emulator held is dropped first, and "requestIds" are read too.
  result<std::vector<std::string>> seed(std::string_view document, bool replace = false) {
    const time_point t = now();
    std::lock_guard<std::mutex> lock(mutex_);
    return detail::emu::seed_store(store_, random_, document, t, replace);
  }

  /// The emulator's time: the time set_time() stopped it at, else the injected clock (or the
  /// system clock), either moved by advance(). Every check uses it (x-ms-date, expiry, windows).
  [[nodiscard]] time_point now() const {
    std::unique_lock<std::mutex> lock(clock_mutex_);
    if (stopped_at_) {
      return *stopped_at_;
    }
    const auto offset = offset_;
    lock.unlock(); // the injected clock runs unlocked
    return (options_.clock ? options_.clock() : std::chrono::system_clock::now()) + offset;
  }

  /// Moves the emulator's time by `d` (back, when negative): rooms age out, windows pass.
  void advance(std::chrono::system_clock::duration d) {
    std::lock_guard<std::mutex> lock(clock_mutex_);
    if (stopped_at_) {
      *stopped_at_ += d;
    } else {
      offset_ += d;
    }
  }

  /// Stops the emulator's time at `t`; from then on only advance() and set_time() move it.
  void set_time(time_point t) {
    std::lock_guard<std::mutex> lock(clock_mutex_);
    stopped_at_ = t;
  }

  /// Lets a stopped time run again from where it stands; then it is the clock plus an offset.
  void resume_time() {
    const time_point base = options_.clock ? options_.clock() : std::chrono::system_clock::now();
    std::lock_guard<std::mutex> lock(clock_mutex_);
    if (stopped_at_) {
      offset_ = *stopped_at_ - base;
      stopped_at_.reset();
    }
  }

  /// The running time's offset from the clock, or nullopt while the time is stopped.
  [[nodiscard]] std::optional<std::chrono::system_clock::duration> time_offset() const {
    std::lock_guard<std::mutex> lock(clock_mutex_);
    return stopped_at_ ? std::nullopt : std::optional<std::chrono::system_clock::duration>(offset_);
  }

  /// A clock reading now(), for `client_options::clock`: a client must sign with the
  /// emulator's time, since x-ms-date is checked against it (±15 minutes). The emulator must
  /// outlive it.
  [[nodiscard]] std::function<time_point()> clock() const {
    return [this] { return now(); };
  }

  /// The 401 that send() answers to a request with these method, URL and headers whatever its
  /// body, or nullopt when they pass (send() still checks the body against its hash). Lets a
  /// server refuse an unauthenticated request before reading its body. While faults are
  /// planned it says nothing: the plan answers before authentication, in send(). Thread-safe.
  [[nodiscard]] std::optional<http_response> refuse_before_body(const http_request& head) const {
    const auto url = detail::parse_url(head.url);
    if (!url) {
      return std::nullopt; // send() answers 400 for it
    }
    if (pending_faults() != 0) {
      return std::nullopt; // the fault plan answers before authentication: let send() decide
    }
    return auth_.check(head, *url, now(), false);
  }

  /// The base64 access key that signs requests (the one given, or the one made up).
  [[nodiscard]] const std::string& access_key() const noexcept { return options_.access_key; }

  /// "endpoint=<endpoint>/;accesskey=<key>", ready for make_client or an official SDK.
  [[nodiscard]] std::string connection_string(std::string_view endpoint) const {
    return "endpoint=" + detail::normalize_endpoint(endpoint) +
           "/;accesskey=" + options_.access_key;
  }

  /// Rooms that exist now (created, not deleted, not expired).
  [[nodiscard]] std::size_t room_count() const {
    const time_point t = now();
    std::lock_guard<std::mutex> lock(mutex_);
    return store_.live_count(t);
  }

  /// The roster size of a room that exists now; nullopt for any other id.
  [[nodiscard]] std::optional<std::size_t> participant_count(std::string_view room_id) const {
    const time_point t = now();
    std::lock_guard<std::mutex> lock(mutex_);
    const stored_room* r = store_.find_live(std::string(room_id), t);
    return r ? std::optional<std::size_t>(r->participants.size()) : std::nullopt;
  }

private:
  /// The answer to `request`: the fault plan's, or the service's. `limits` is null for the
  /// form of send() that cannot lose an answer.
  result<http_response> serve(const http_request& request, const send_options* limits) {
    const auto url = detail::parse_url(request.url);
    detail::emu::fault_decision decided;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      decided =
          plan_.decide(request.method, url ? url->path : std::string_view(), limits != nullptr);
    }
    if (decided.delay > std::chrono::milliseconds::zero()) {
      if (auto stopped = wait(decided.delay, limits)) {
        return std::move(*stopped);
      }
    }
    if (decided.fate == emulator_fault::kind::respond) {
      return std::move(decided.answer);
    }
    if (decided.fate == emulator_fault::kind::drop_before) {
      return detail::make_error(errc::transport_error,
                                "no answer: the emulator lost the request (an injected fault)");
    }
    if (decided.fate == emulator_fault::kind::drop_after) {
      (void)answer(request);
      return detail::make_error(
          errc::transport_error,
          "no answer: the emulator acted, then lost its answer (an injected fault)");
    }
    return answer(request);
  }

  /// Waits `delay` (an injected one), or less: until the caller cancels or its time runs out.
  std::optional<error> wait(std::chrono::milliseconds delay, const send_options* limits) const {
    const bool cut = limits != nullptr && limits->timeout && *limits->timeout < delay;
    const auto span = cut ? std::max(*limits->timeout, std::chrono::milliseconds::zero()) : delay;
    bool cancelled = false;
    if (options_.sleep) {
      options_.sleep(span);
      cancelled = limits != nullptr && limits->cancellation.cancelled();
    } else if (limits != nullptr) {
      cancelled = !limits->cancellation.wait_for(span);
    } else {
      std::this_thread::sleep_for(span);
    }
    if (cancelled) {
      return detail::make_error(errc::cancelled, "cancelled during an injected delay");
    }
    if (cut) {
      return detail::make_error(errc::transport_error, "no answer within the call's remaining " +
                                                           std::to_string(span.count()) +
                                                           " ms (an injected delay of " +
                                                           std::to_string(delay.count()) + " ms)");
    }
    return std::nullopt;
  }

  /// The service's answer to `request`.
  http_response answer(const http_request& request) {
    incoming c;
    c.request = &request;
    c.method = request.method;
    c.now = now();
    const auto url = detail::parse_url(request.url);
    if (!url) {
      return detail::emu::error_response(400, "BadRequest", "The request URL is not valid.");
    }
    if (auto token = identity_.serve(request, *url, c.now)) {
      return std::move(*token); // a token endpoint (emulator/identity.hpp)
    }
    if (auto refused = auth_.check(request, *url, c.now)) {
      return std::move(*refused);
    }
    c.scheme = url->scheme;
    c.host = std::string(request.headers.get("Host").value_or(url->authority()));
    c.query = url->query;
    if (auto bad = detail::emu::read_version(url->query, c.version)) {
      return std::move(*bad);
    }
    return route(c, url->path);
  }

  using response = http_response;
  using incoming = detail::emu::incoming;
  using stored_room = detail::emu::stored_room;
  using roster_change = detail::emu::roster_change;

  static std::mt19937_64 seeded() {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }

  static std::string random_bytes(std::mt19937_64& random, std::size_t n) {
    std::string out(n, '\0');
    for (char& c : out) {
      c = static_cast<char>(random() & 0xFFU);
    }
    return out;
  }

  /// `options` with the defaults filled in: a random key, a page of at least one.
  static emulator_options complete(emulator_options options, std::mt19937_64& random) {
    if (options.access_key.empty()) {
      options.access_key = detail::base64_encode(random_bytes(random, 64));
    }
    if (options.page_size == 0) {
      options.page_size = 1;
    }
    return options;
  }

  /// Runs the operation the method and path name, in the dialect of the request's version.
  response route(const incoming& c, std::string_view path) {
    if (detail::version_is_2022_dialect(c.version)) {
      std::lock_guard<std::mutex> lock(mutex_);
      return detail::emu::service_2022(c, store_, random_).serve(path);
    }
    return detail::emu::service_ga{store_, mutex_, random_, links_, options_.page_size}.serve(c,
                                                                                              path);
  }

  std::mt19937_64 random_; // guarded by mutex_ once constructed
  emulator_options options_;
  detail::emu::identity_service identity_; // before auth_, which refers to it
  detail::emu::authenticator auth_;
  detail::emu::link_signer links_; // signs nextLink tokens
  mutable std::mutex mutex_;       // guards store_, plan_ and random_
  detail::emu::room_store store_;
  detail::emu::fault_plan plan_;
  mutable std::mutex clock_mutex_; // guards offset_ and stopped_at_
  std::chrono::system_clock::duration offset_{0};
  std::optional<time_point> stopped_at_;
};

ACS_ROOMS_NAMESPACE_END
