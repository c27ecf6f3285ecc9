// SPDX-License-Identifier: MIT
// acs_rooms layer 4 (pure): the call machine, one sans-I/O state machine for every operation.
#pragma once

#include <acs/rooms/call_options.hpp>
#include <acs/rooms/cancellation.hpp>
#include <acs/rooms/detail/foundations/saturate.hpp>
#include <acs/rooms/detail/pure/attempt_log.hpp>
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
               bool can_refresh = false)
      : request_(std::move(request)), retry_(retry), deadline_(deadline), attempt_started_(now),
        rng_(seed), can_refresh_(can_refresh) {
    if (deadline_ && *deadline_ == time_point::max()) {
      deadline_.reset(); // the end of the clock: no limit
    }
    if (deadline_ && now >= *deadline_) {
      finish_timed_out("the deadline had passed before the call started");
    }
  }

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
  [[nodiscard]] std::optional<std::chrono::milliseconds> remaining(time_point now) const {
    if (!deadline_) {
      return std::nullopt;
    }
    if (now >= *deadline_) {
      return std::chrono::milliseconds(0);
    }
    return std::chrono::ceil<std::chrono::milliseconds>(detail::time_distance(*deadline_, now));
  }

  /// Turns the log lines on (off by default, so a client without a logger builds no text).
  void log_lines(bool on) noexcept { logging_ = on; }

  /// Opens the call's spans on `t` (see tracing.hpp): the method's span `name` now, a client
  /// span per attempt from on_sending, all ended by finish_trace (or when the machine goes).
  void trace(std::shared_ptr<tracer> t, std::string_view name) {
    trace_ = detail::call_trace(std::move(t), name);
  }
  /// Ends the spans: `e` is how the call failed (the parser's verdict included), or null.
  void finish_trace(const error* e) { trace_.finished(e); }

  /// Where the driver reports the call's response_metadata (null: nowhere).
  void report_to(response_metadata* sink) noexcept { metadata_ = sink; }
  /// See report_to.
  [[nodiscard]] response_metadata* metadata() const noexcept { return metadata_; }

  /// Marks the start of an attempt at `now`, before it is signed: the log line's duration
  /// starts, and with a tracer the attempt's span opens and its traceparent goes in the request.
  void on_sending(time_point now) {
    attempt_started_ = now;
    trace_.attempt_started(request_, attempts_);
  }

  /// The transport answered.
  void on_response(http_response response, time_point now) {
    count_attempt();
    trace_.attempt_answered(response);
    refresh_next_ = false;
    const int status = response.status;
    const bool unauthorized = status == 401 && can_refresh_ && !refreshed_;
    std::optional<std::chrono::milliseconds> wait;
    const char* why = nullptr;
    bool requested = false;
    const bool success = status >= 200 && status < 300; // final: the predicate is not asked
    const auto retry = unauthorized || success
                           ? std::optional<bool>(false)
                           : decide(retry_.statuses.contains(status), &response, nullptr);
    if (!retry) {
      return; // the predicate threw: the call has failed
    }
    if (*retry) {
      if (auto server = server_retry_delay(response.headers, now)) {
        wait = *server;
        why = "the service asked (Retry-After)";
        requested = true;
      } else {
        wait = backoff();
        why = "back-off";
      }
    }
    if (logging_) {
      log_ = attempt_line(std::to_string(status), now);
      detail::add_loggable_headers(log_, response.headers);
    }
    last_ = std::move(response);
    last_error_.reset();
    if (unauthorized) {
      refreshed_ = true;
      refresh_next_ = true;
      log_level_ = log_level::warning;
      if (logging_) {
        log_ += "; sending again with a fresh credential";
      }
      action_ = call_action::send;
      return;
    }
    if (wait) {
      schedule(*wait, why, now, requested);
      return;
    }
    log_level_ = status >= 200 && status < 300 ? log_level::info : log_level::error;
    action_ = call_action::finish;
  }

  /// The transport failed without an answer (a `transport_error`, or any error it reported).
  void on_error(error e, time_point now) {
    count_attempt();
    refresh_next_ = false;
    if (logging_) {
      log_ = attempt_line("failed (" + e.message + ")", now);
    }
    trace_.attempt_failed(e);
    const bool expired = deadline_ && now >= *deadline_;
    if (expired && e.kind == errc::transport_error) {
      last_.reset();
      last_error_ = std::move(e);
      finish_timed_out("no answer before the deadline");
      return;
    }
    // A transport error with a status is an intermediary's answer (a proxy's 407): retried as
    // that status would be.
    const auto retry = decide(e.kind == errc::transport_error &&
                                  (e.status == 0 || retry_.statuses.contains(e.status)),
                              nullptr, &e);
    if (!retry) {
      return; // the predicate threw: the call has failed
    }
    last_.reset();
    last_error_ = std::move(e);
    if (*retry) {
      schedule(backoff(), "no answer", now);
      return;
    }
    log_level_ = log_level::error;
    action_ = call_action::finish;
  }

  /// The wait asked for is over.
  void on_waited(time_point now) {
    log_.clear();
    if (deadline_ && now >= *deadline_) {
      finish_timed_out("the deadline passed while waiting to retry");
      return;
    }
    action_ = call_action::send;
  }

  /// The caller cancelled: the call finishes with `errc::cancelled`.
  /// With `in_flight`, an attempt had been sent (its answer is dropped): it counts.
  void cancel(bool in_flight = false) {
    if (in_flight) {
      count_attempt();
    }
    log_.clear();
    finish_with(errc::cancelled,
                "the call was cancelled after " + std::to_string(attempts_) + " attempt(s)");
  }

  /// Signing failed, or anything else the driver cannot go on from: finish with `e`.
  void fail(error e) {
    trace_.attempt_failed(e);
    log_.clear();
    last_.reset();
    last_error_ = std::move(e);
    log_level_ = log_level::error;
    action_ = call_action::finish;
  }

  /// The log line of the last event ("GET https://... -> 503 in 12 ms, attempt 1 of 4; retrying
  /// in 800 ms: ..."), with allow-listed headers only; empty before the first event.
  [[nodiscard]] const std::string& log_line() const noexcept { return log_; }
  /// How much the last event matters.
  [[nodiscard]] log_level log_line_level() const noexcept { return log_level_; }

  /// The outcome, once next() is `finish`: the last response (any status: the operation's
  /// parser turns a non-2xx into its error), or the error that ended the call. An error carries
  /// the attempt count and, when there was one, the last response's status and headers.
  [[nodiscard]] result<http_response> take_outcome() {
    if (last_error_) {
      error e = std::move(*last_error_);
      e.attempts = attempts_;
      return e;
    }
    if (last_) {
      return std::move(*last_);
    }
    return detail::make_error(errc::invalid_argument, "the call has not finished");
  }

private:
  std::chrono::milliseconds backoff() { return detail::backoff_delay(retry_, attempts_, rng_); }

  // Whether to retry after the attempt just counted, which the rules alone would (`by_rules`,
  // before max_retries) and the predicate may overrule; nullopt when the predicate threw (the
  // call then fails with invalid_argument: a user's callback must not escape a driver).
  std::optional<bool> decide(bool by_rules, const http_response* answer, const error* failure) {
    const bool within = attempts_ <= retry_.max_retries;
    by_rules = by_rules && within;
    if (!retry_.should_retry) {
      return by_rules;
    }
    retry_decision verdict = retry_decision::by_rules;
#if !ACS_ROOMS_NO_EXCEPTIONS
    try {
#endif
      verdict = retry_.should_retry(retry_attempt{request_, answer, failure, attempts_, by_rules});
#if !ACS_ROOMS_NO_EXCEPTIONS
    } catch (const std::exception& x) {
      fail(detail::make_error(errc::invalid_argument, "the retry predicate threw: " +
                                                          std::string(x.what()).substr(0, 200)));
      return std::nullopt;
    } catch (...) {
      fail(detail::make_error(errc::invalid_argument, "the retry predicate threw"));
      return std::nullopt;
    }
#endif
    return verdict == retry_decision::by_rules ? by_rules
                                               : verdict == retry_decision::retry && within;
  }

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
                bool requested = false) {
    if (deadline_ && detail::would_pass(now, wait, *deadline_)) {
      if (logging_) {
        log_ += "; not retrying: waiting " + std::to_string(wait.count()) + " ms (" + why +
                ") would pass the deadline";
      }
      finish_timed_out("waiting " + std::to_string(wait.count()) + " ms to retry (" + why +
                       ") would pass the call's deadline");
      return;
    }
    const std::chrono::milliseconds limit =
        std::max(retry_.max_delay, std::chrono::milliseconds(0));
    if (requested && wait > limit) {
      if (logging_) {
        log_ += "; not retrying: the service asked to wait " + std::to_string(wait.count()) +
                " ms, longer than max_delay (" + std::to_string(limit.count()) + " ms)";
      }
      finish_with(errc::service_error,
                  "the service asked to wait " + std::to_string(wait.count()) +
                      " ms before a retry (Retry-After), longer than retry_options::max_delay (" +
                      std::to_string(limit.count()) + " ms): not retried after " +
                      std::to_string(attempts_) + " attempt(s)");
      return;
    }
    delay_ = wait;
    log_level_ = log_level::warning;
    if (logging_) {
      log_ += "; retrying in " + std::to_string(wait.count()) + " ms (" + why + ")";
    }
    action_ = call_action::wait;
  }

  void finish_timed_out(const std::string& what) {
    finish_with(errc::timed_out,
                "timed out after " + std::to_string(attempts_) + " attempt(s): " + what);
  }

  void finish_with(errc kind, std::string message) {
    error e = detail::make_error(kind, std::move(message));
    if (last_) { // keep what the last answer said (Retry-After, x-ms-error-code, ...)
      e.status = last_->status;
      if (kind == errc::service_error) { // the answer is the error: its headers say what they can
        e.code = std::string(last_->headers.get("x-ms-error-code").value_or(""));
        e.correlation_vector = std::string(last_->headers.get("MS-CV").value_or(""));
        e.azure_ref = std::string(last_->headers.get("X-Azure-Ref").value_or(""));
      }
      e.headers = std::move(last_->headers);
    } else if (last_error_) {
      e.message += " (last attempt: " + last_error_->message + ")";
    }
    last_.reset();
    last_error_ = std::move(e);
    log_level_ = log_level::error;
    if (logging_) {
      log_ += log_.empty() ? "" : "; ";
      log_ += last_error_->message;
    }
    action_ = call_action::finish;
  }

  std::string attempt_line(const std::string& outcome, time_point now) const {
    return detail::attempt_log_line(request_, outcome, now, attempt_started_, attempts_,
                                    retry_.max_retries);
  }

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
