// SPDX-License-Identifier: MIT
// acs_rooms layer 4 (pure): the call machine, one sans-I/O state machine for every operation.
#pragma once

#include <acs/rooms/call_options.hpp>
#include <acs/rooms/cancellation.hpp>
#include <acs/rooms/detail/pure/call_trace.hpp>
#include <acs/rooms/error.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/retry.hpp>
#include <acs/rooms/time.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <exception>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// What the driver of a `call_machine` must do next.
enum class call_action {
  send,   ///< sign `request()` at the current time and send it; report with on_response/on_error
  wait,   ///< wait `delay()`, then report on_waited (or cancel)
  finish, ///< the call is over: take_outcome()
};

/// One call as a sans-I/O state machine (h11-style): given the request, it says what to do
/// next — send, wait, or finish — and is told what happened. It decides retries, delays
/// (Retry-After headers first, else exponential back-off with ±20% jitter; a requested delay
/// past the deadline ends the call with `timed_out`, one longer than `max_delay` with the
/// answer's `service_error`, both naming it, and neither is slept), deadlines, the one
/// credential refresh after a 401, and writes the log line of each attempt. It never reads a
/// clock, sleeps, or touches a socket: the sync client drives it with a blocking wait, the async
/// client with timers, and anyone with their own I/O can drive it the same way:
///
///     call_machine m(std::move(request), retry, now(), deadline, seed);
///     while (m.next() != call_action::finish) {
///       if (m.next() == call_action::send) {
///         sign(m.request(), now());               // fresh x-ms-date each attempt
///         auto r = send(m.request());
///         r ? m.on_response(std::move(*r), now()) : m.on_error(std::move(r).error(), now());
///       } else {
///         sleep(m.delay());
///         m.on_waited(now());
///       }
///     }
///     result<http_response> outcome = m.take_outcome();   // then parse it
class call_machine {
public:
  /// A call of `request` (built, not yet signed) starting at `now`; `deadline` bounds the whole
  /// call (time_point::max(), where a saturated timeout ends, is none); `seed` feeds the jitter;
  /// `can_refresh` says the signer can drop a cached credential, so a 401 is retried once with a
  /// fresh one.
  call_machine(http_request request, retry_options retry, time_point now,
               std::optional<time_point> deadline = std::nullopt, std::uint64_t seed = 0,
               bool can_refresh = false);

  /// What to do now.
  [[nodiscard]] call_action next() const noexcept { return action_; }
  /// The request to sign and send (the same request every attempt: same ids and body).
  [[nodiscard]] http_request& request() noexcept { return request_; }
  /// The request, read-only.
  [[nodiscard]] const http_request& request() const noexcept { return request_; }
  /// How long to wait, when next() is `wait`.
  [[nodiscard]] std::chrono::milliseconds delay() const noexcept { return delay_; }
  /// Attempts made so far.
  [[nodiscard]] int attempts() const noexcept { return attempts_; }
  /// True when the driver should drop a cached credential before signing the next attempt.
  [[nodiscard]] bool refresh_credentials() const noexcept { return refresh_next_; }
  /// The time left before the deadline at `now`, or nullopt without a deadline (never negative).
  [[nodiscard]] std::optional<std::chrono::milliseconds> remaining(time_point now) const;

  /// Turns the log lines on (off by default, so a client without a logger builds no text).
  void log_lines(bool on) noexcept { logging_ = on; }

  /// Opens the call's spans on `t` (see tracing.hpp): the method's span `name` now, a client
  /// span per attempt from on_sending, all ended by finish_trace (or when the machine goes).
  void trace(std::shared_ptr<tracer> t, std::string_view name);
  /// Ends the spans: `e` is how the call failed (the parser's verdict included), or null.
  void finish_trace(const error* e) { trace_.finished(e); }

  /// Where the driver reports the call's response_metadata (null: nowhere).
  void report_to(response_metadata* sink) noexcept { metadata_ = sink; }
  /// See report_to.
  [[nodiscard]] response_metadata* metadata() const noexcept { return metadata_; }

  /// Marks the start of an attempt at `now`, before it is signed: the log line's duration
  /// starts, and with a tracer the attempt's span opens and its traceparent goes in the request.
  void on_sending(time_point now);

  /// The transport answered.
  void on_response(http_response response, time_point now);

  /// The transport failed without an answer (a `transport_error`, or any error it reported).
  void on_error(error e, time_point now);

  /// The wait asked for is over.
  void on_waited(time_point now);

  /// The caller cancelled: the call finishes with `errc::cancelled`.
  /// With `in_flight`, an attempt had been sent (its answer is dropped): it counts.
  void cancel(bool in_flight = false);

  /// Signing failed, or anything else the driver cannot go on from: finish with `e`.
  void fail(error e);

  /// The log line of the last event ("GET https://... -> 503 in 12 ms, attempt 1 of 4; retrying
  /// in 800 ms: ..."), with allow-listed headers only; empty before the first event.
  [[nodiscard]] const std::string& log_line() const noexcept { return log_; }
  /// How much the last event matters.
  [[nodiscard]] log_level log_line_level() const noexcept { return log_level_; }

  /// The outcome, once next() is `finish`: the last response (any status: the operation's
  /// parser turns a non-2xx into its error), or the error that ended the call. An error carries
  /// the attempt count and, when there was one, the last response's status and headers.
  [[nodiscard]] result<http_response> take_outcome();

private:
  std::chrono::milliseconds backoff() { return detail::backoff_delay(retry_, attempts_, rng_); }

  // Whether to retry after the attempt just counted, which the rules alone would (`by_rules`,
  // before max_retries) and the predicate may overrule; nullopt when the predicate threw (the
  // call then fails with invalid_argument: a user's callback must not escape a driver).
  std::optional<bool> decide(bool by_rules, const http_response* answer, const error* failure);

  // One more attempt; the count saturates, so max_retries = INT_MAX never overflows it.
  void count_attempt() noexcept {
    if (attempts_ < std::numeric_limits<int>::max()) {
      ++attempts_;
    }
  }

  // Waits `wait` before the next attempt, unless the wait would pass the deadline (the call
  // ends with timed_out) or, when the service `requested` it, is longer than max_delay.
  //
  // A requested delay longer than max_delay is neither slept nor cut short: sleeping it lets any
  // server or proxy park the caller for as long as it likes (Retry-After: 9999999999 is 317
  // years), and retrying sooner goes against what the service asked while it sheds load. So
  // the call ends at once with the answer's status and headers (Retry-After among them) as a
  // `service_error` whose message names the requested delay and the limit: the caller, who
  // knows whether waiting that long makes sense, decides. Azure SDK for Go does the same with
  // MaxRetryDelay; raise max_delay (milliseconds::max(): no limit) to wait any request.
  void schedule(std::chrono::milliseconds wait, const char* why, time_point now,
                bool requested = false);

  void finish_timed_out(const std::string& what);

  void finish_with(errc kind, std::string message);

  std::string attempt_line(const std::string& outcome, time_point now) const;

  http_request request_;
  retry_options retry_;
  std::optional<time_point> deadline_;
  time_point attempt_started_;
  std::uint64_t rng_;
  bool can_refresh_;
  bool refreshed_ = false;
  bool refresh_next_ = false;
  call_action action_ = call_action::send;
  std::chrono::milliseconds delay_{0};
  int attempts_ = 0;
  std::optional<http_response> last_;
  std::optional<error> last_error_;
  std::string log_;
  log_level log_level_ = log_level::verbose;
  bool logging_ = false;
  detail::call_trace trace_;              // empty without a tracer
  response_metadata* metadata_ = nullptr; // the caller's, through call_options
};

ACS_ROOMS_NAMESPACE_END

#if ACS_ROOMS_DEFINITIONS
#include <acs/rooms/detail/pure/call_machine_impl.hpp>
#endif
