// SPDX-License-Identifier: MIT
// acs_rooms layer 5 (client), internal: client_state::run, the blocking call of one operation
// (client_core.hpp), a template on the answer's type; in separate compilation it is compiled
// once, by the implementation TU, for the library's value types.
#pragma once

#include <acs/rooms/detail/client/client_core.hpp>

#include <type_traits>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
/// True for page<T>: run<T> then accepts the page into its cursor.
template <class T> struct is_page_result : std::false_type {};
/// See above.
template <class T> struct is_page_result<page<T>> : std::true_type {};

// Out of the class, so not inline: in separate compilation the implementation TU instantiates it
// for the library's value types and the extern templates below keep other TUs from doing so.
template <class T>
result<T> client_state::run(function_ref<result<http_request>(const request_context&)> build,
                            const call_options* per_call, std::string_view span_name,
                            bool can_refresh,
                            function_ref<void(call_machine&, const cancellation_token&)> attempt,
                            finish_steps<T> steps, page_cursor* cursor) {
  auto machine = prepare_call(build, per_call, span_name, can_refresh);
  if (!machine) {
    return std::move(machine).error();
  }
  drive_with(*machine, per_call, attempt);
  auto outcome = outcome_of(*machine, this);
  result<T> out =
      outcome ? steps.parse(*outcome, options.version) : result<T>(std::move(outcome).error());
  if (!out) {
    error e = outcome ? decorated(*machine, std::move(out).error()) : std::move(out).error();
    if (steps.explain != nullptr) {
      steps.explain(e, machine->request(), machine->attempts());
    }
    machine->finish_trace(&e);
    return e;
  }
  machine->finish_trace(nullptr);
  if constexpr (is_page_result<T>::value) {
    if (cursor != nullptr) {
      return accept(*cursor, *machine, std::move(out));
    }
  }
  return out;
}

#if defined(ACS_ROOMS_SEPARATE_COMPILATION)
#if ACS_ROOMS_DEFINITIONS
#define ACS_ROOMS_RUN_INSTANTIATION template
#else
#define ACS_ROOMS_RUN_INSTANTIATION extern template
#endif
ACS_ROOMS_RUN_INSTANTIATION result<room>
client_state::run<room>(function_ref<result<http_request>(const request_context&)>,
                        const call_options*, std::string_view, bool,
                        function_ref<void(call_machine&, const cancellation_token&)>,
                        finish_steps<room>, page_cursor*);
ACS_ROOMS_RUN_INSTANTIATION result<void>
client_state::run<void>(function_ref<result<http_request>(const request_context&)>,
                        const call_options*, std::string_view, bool,
                        function_ref<void(call_machine&, const cancellation_token&)>,
                        finish_steps<void>, page_cursor*);
ACS_ROOMS_RUN_INSTANTIATION result<page<room>>
client_state::run<page<room>>(function_ref<result<http_request>(const request_context&)>,
                              const call_options*, std::string_view, bool,
                              function_ref<void(call_machine&, const cancellation_token&)>,
                              finish_steps<page<room>>, page_cursor*);
ACS_ROOMS_RUN_INSTANTIATION result<page<room_participant>>
client_state::run<page<room_participant>>(
    function_ref<result<http_request>(const request_context&)>, const call_options*,
    std::string_view, bool, function_ref<void(call_machine&, const cancellation_token&)>,
    finish_steps<page<room_participant>>, page_cursor*);
ACS_ROOMS_RUN_INSTANTIATION result<std::vector<room_participant>>
client_state::run<std::vector<room_participant>>(
    function_ref<result<http_request>(const request_context&)>, const call_options*,
    std::string_view, bool, function_ref<void(call_machine&, const cancellation_token&)>,
    finish_steps<std::vector<room_participant>>, page_cursor*);
#undef ACS_ROOMS_RUN_INSTANTIATION
#endif
} // namespace detail
ACS_ROOMS_NAMESPACE_END
