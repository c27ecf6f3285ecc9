// SPDX-License-Identifier: MIT
// acs_rooms layer 5 (client), internal: the definitions of client_state's members and of the
// random ids (client_core.hpp), inline header-only and compiled once in separate compilation.
#pragma once

#include <acs/rooms/detail/client/client_core.hpp>

#include <algorithm>
#include <random>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
ACS_ROOMS_API std::uint64_t random_u64() {
  thread_local std::mt19937_64 engine{[] {
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device();
  }()};
  return engine();
}

ACS_ROOMS_API std::string random_uuid() {
  const std::uint64_t hi = random_u64(); // named first: argument evaluation order is unspecified
  const std::uint64_t lo = random_u64();
  return uuid_v4_from_bits(hi, lo);
}

ACS_ROOMS_API client_state::client_state(std::string endpoint_in, client_options options_in)
    : endpoint(normalize_endpoint(endpoint_in)), options(std::move(options_in)) {
  if (auto problem = endpoint_problem(endpoint); !problem.empty()) {
    setup_error = make_error(errc::invalid_argument, "invalid endpoint: " + problem);
  } else if (auto refused = application_id_problem(options.application_id); !refused.empty()) {
    setup_error = make_error(errc::invalid_argument, std::move(refused));
  }
  user_agent = make_user_agent(options.application_id);
}

ACS_ROOMS_API std::string client_state::new_uuid() const {
  return options.uuid_source ? options.uuid_source() : random_uuid();
}

ACS_ROOMS_API result<call_machine>
client_state::prepare_call(function_ref<result<http_request>(const request_context&)> build,
                           const call_options* per_call, std::string_view span_name,
                           bool can_refresh) {
  if (setup_error) {
    return *setup_error;
  }
  const std::string request_id = new_uuid();
  if (!header_safe(request_id)) {
    return make_error(errc::invalid_argument,
                      "the uuid source returned an id with control characters");
  }
  const request_context ctx(endpoint, options.version, request_id, user_agent);
  auto request = build(ctx);
  if (!request) {
    return std::move(request).error();
  }
  const time_point start = now();
  std::optional<time_point> deadline;
  if (per_call != nullptr) {
    deadline = per_call->deadline;
    if (per_call->timeout) {
      const time_point by_timeout = saturating_add(start, *per_call->timeout); // no overflow
      deadline = deadline ? std::min(*deadline, by_timeout) : by_timeout;
    }
  }
  call_machine machine(std::move(*request), options.retry, start, deadline, random_u64(),
                       can_refresh);
  machine.log_lines(static_cast<bool>(options.logger));
  if (options.tracer) {
    machine.trace(options.tracer, span_name);
  }
  machine.report_to(per_call != nullptr ? per_call->metadata : nullptr);
  return machine;
}

ACS_ROOMS_API void client_state::log(const call_machine& machine) const {
  if (options.logger && !machine.log_line().empty()) {
    options.logger(machine.log_line_level(), machine.log_line());
  }
}

ACS_ROOMS_API void
client_state::drive_with(call_machine& machine, const call_options* per_call,
                         function_ref<void(call_machine&, const cancellation_token&)> attempt) {
  static const cancellation_token never;
  const cancellation_token& cancel = per_call != nullptr ? per_call->cancellation : never;
  while (machine.next() != call_action::finish) {
    if (cancel.cancelled()) {
      machine.cancel();
    } else if (machine.next() == call_action::send) {
      attempt(machine, cancel);
    } else if (options.sleep) {
      options.sleep(machine.delay());
      if (!cancel.cancelled()) {
        machine.on_waited(now());
      }
    } else if (cancel.wait_for(machine.delay())) {
      machine.on_waited(now());
    }
    log(machine);
  }
}

ACS_ROOMS_API void client_state::check_deprecation(const http_response& answer) const {
  warn_if_deprecated(options, deprecation, answer);
}

ACS_ROOMS_API repeatability
client_state::repeatability_for(const create_room_options& create) const {
  return resolve_repeatability(create, create.repeatability_request_id ? std::string() : new_uuid(),
                               now());
}

ACS_ROOMS_API error client_state::decorated(const call_machine& machine, error e) {
  if (e.client_request_id.empty()) {
    e.client_request_id = std::string(
        machine.request().headers.get("x-ms-client-request-id").value_or(std::string_view()));
  }
  e.attempts = machine.attempts();
  return e;
}

ACS_ROOMS_API result<http_response> client_state::outcome_of(call_machine& machine,
                                                             const client_state* self) {
  auto outcome = machine.take_outcome();
  if (!outcome) {
    error e = decorated(machine, std::move(outcome).error());
    report_metadata(machine, nullptr, &e);
    return e;
  }
  if (self != nullptr) {
    self->check_deprecation(*outcome);
  }
  report_metadata(machine, &*outcome, nullptr);
  return outcome;
}
} // namespace detail

ACS_ROOMS_NAMESPACE_END
