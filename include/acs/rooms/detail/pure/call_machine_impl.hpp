// SPDX-License-Identifier: MIT
// acs_rooms layer 4 (pure), internal: the definitions of call_machine's members (call.hpp),
// compiled inline header-only and once, by the implementation TU, in separate compilation.
#pragma once

#include <acs/rooms/call.hpp>
#include <acs/rooms/detail/foundations/saturate.hpp>
#include <acs/rooms/detail/pure/attempt_log.hpp>

#include <algorithm>
#include <exception>
#include <string>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

ACS_ROOMS_API call_machine::call_machine(http_request request, retry_options retry, time_point now,
                                         std::optional<time_point> deadline, std::uint64_t seed,
                                         bool can_refresh)
    : request_(std::move(request)), retry_(retry), deadline_(deadline), attempt_started_(now),
      rng_(seed), can_refresh_(can_refresh) {
  if (deadline_ && *deadline_ == time_point::max()) {
    deadline_.reset(); // the end of the clock: no limit
  }
  if (deadline_ && now >= *deadline_) {
    finish_timed_out("the deadline had passed before the call started");
  }
}

ACS_ROOMS_API std::optional<std::chrono::milliseconds>
call_machine::remaining(time_point now) const {
  if (!deadline_) {
    return std::nullopt;
  }
  if (now >= *deadline_) {
    return std::chrono::milliseconds(0);
  }
  return std::chrono::ceil<std::chrono::milliseconds>(detail::time_distance(*deadline_, now));
}

ACS_ROOMS_API void call_machine::trace(std::shared_ptr<tracer> t, std::string_view name) {
  trace_ = detail::call_trace(std::move(t), name);
}

ACS_ROOMS_API void call_machine::on_sending(time_point now) {
  attempt_started_ = now;
  trace_.attempt_started(request_, attempts_);
}

ACS_ROOMS_API void call_machine::on_response(http_response response, time_point now) {
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

ACS_ROOMS_API void call_machine::on_error(error e, time_point now) {
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

ACS_ROOMS_API void call_machine::on_waited(time_point now) {
  log_.clear();
  if (deadline_ && now >= *deadline_) {
    finish_timed_out("the deadline passed while waiting to retry");
    return;
  }
  action_ = call_action::send;
}

ACS_ROOMS_API void call_machine::cancel(bool in_flight) {
  if (in_flight) {
    count_attempt();
  }
  log_.clear();
  finish_with(errc::cancelled,
              "the call was cancelled after " + std::to_string(attempts_) + " attempt(s)");
}

ACS_ROOMS_API void call_machine::fail(error e) {
  trace_.attempt_failed(e);
  log_.clear();
  last_.reset();
  last_error_ = std::move(e);
  log_level_ = log_level::error;
  action_ = call_action::finish;
}

ACS_ROOMS_API result<http_response> call_machine::take_outcome() {
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

ACS_ROOMS_API std::optional<bool> call_machine::decide(bool by_rules, const http_response* answer,
                                                       const error* failure) {
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
    fail(detail::make_error(errc::invalid_argument,
                            "the retry predicate threw: " + std::string(x.what()).substr(0, 200)));
    return std::nullopt;
  } catch (...) {
    fail(detail::make_error(errc::invalid_argument, "the retry predicate threw"));
    return std::nullopt;
  }
#endif
  return verdict == retry_decision::by_rules ? by_rules
                                             : verdict == retry_decision::retry && within;
}

ACS_ROOMS_API void call_machine::schedule(std::chrono::milliseconds wait, const char* why,
                                          time_point now, bool requested) {
  if (deadline_ && detail::would_pass(now, wait, *deadline_)) {
    if (logging_) {
      log_ += "; not retrying: waiting " + std::to_string(wait.count()) + " ms (" + why +
              ") would pass the deadline";
    }
    finish_timed_out("waiting " + std::to_string(wait.count()) + " ms to retry (" + why +
                     ") would pass the call's deadline");
    return;
  }
  const std::chrono::milliseconds limit = std::max(retry_.max_delay, std::chrono::milliseconds(0));
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

ACS_ROOMS_API void call_machine::finish_timed_out(const std::string& what) {
  finish_with(errc::timed_out,
              "timed out after " + std::to_string(attempts_) + " attempt(s): " + what);
}

ACS_ROOMS_API void call_machine::finish_with(errc kind, std::string message) {
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

ACS_ROOMS_API std::string call_machine::attempt_line(const std::string& outcome,
                                                     time_point now) const {
  return detail::attempt_log_line(request_, outcome, now, attempt_started_, attempts_,
                                  retry_.max_retries);
}

ACS_ROOMS_NAMESPACE_END
