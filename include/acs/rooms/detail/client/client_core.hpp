// SPDX-License-Identifier: MIT
// acs_rooms layer 5 (client), internal: client_core and client_base, what every client shares —
// the state of a client and the steps of a call (prepare, drive, finish) around the call machine.
#pragma once

#include <acs/rooms/api_version.hpp>
#include <acs/rooms/call.hpp>
#include <acs/rooms/client_options.hpp>
#include <acs/rooms/concepts.hpp>
#include <acs/rooms/connection_string.hpp>
#include <acs/rooms/detail/client/call_report.hpp>
#include <acs/rooms/detail/client/user_agent.hpp>
#include <acs/rooms/detail/foundations/function_ref.hpp>
#include <acs/rooms/detail/foundations/uuid.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/models.hpp>
#include <acs/rooms/operations.hpp>
#include <acs/rooms/pagination.hpp>
#include <acs/rooms/request_context.hpp>
#include <acs/rooms/requests.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/signing.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
/// A random 64-bit value from a per-thread generator seeded once from std::random_device: a
/// syscall per call would cost as much as the HMAC itself.
ACS_ROOMS_API std::uint64_t random_u64();

/// A random version-4 UUID.
ACS_ROOMS_API std::string random_uuid();

/// True when `value` can go in a header: no control characters (no header injection).
inline bool header_safe(std::string_view value) noexcept {
  for (char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return false;
    }
  }
  return true;
}

/// Sends through a Transport that returns either http_response or result<http_response>,
/// passing the call's limits to those that accept them.
template <class Transport>
result<http_response> send_through(Transport& transport, const http_request& request,
                                   const send_options& limits) {
  if constexpr (accepts_send_options<Transport>::value) {
    return transport.send(request, limits);
  } else {
    return transport.send(request);
  }
}

/// Signs with a Signer whose sign() returns either void or result<void>.
template <class Signer>
result<void> sign_with(Signer& signer, http_request& request, time_point now) {
  if constexpr (std::is_void_v<decltype(signer.sign(request, now))>) {
    signer.sign(request, now);
    return {};
  } else {
    return signer.sign(request, now);
  }
}

/// The part of a client that does not depend on its Transport and Signer, compiled once in
/// separate compilation: the endpoint, options and User-Agent, and the steps of a call around
/// the call machine (prepare, the blocking drive loop, the outcome). client_core adds the
/// transport and signer, and hands them to these steps as function_refs.
struct client_state {
  /// Normalises and checks the endpoint and the application id (a problem is kept in
  /// setup_error, which every call then fails with).
  client_state(std::string endpoint_in, client_options options_in);

  /// The client's clock.
  [[nodiscard]] time_point now() const {
    return options.clock ? options.clock() : std::chrono::system_clock::now();
  }
  /// A fresh client request id (or Repeatability-Request-ID): the options' source, else random.
  [[nodiscard]] std::string new_uuid() const;

  /// Builds the request of one call (with a fresh client request id) and sets up its machine,
  /// traced as `span_name` when the client has a tracer; `can_refresh`: the signer can drop a
  /// cached credential.
  result<call_machine>
  prepare_call(function_ref<result<http_request>(const request_context&)> build,
               const call_options* per_call, std::string_view span_name, bool can_refresh);

  /// Hands the machine's log line, if any, to the logger.
  void log(const call_machine& machine) const;

  /// Runs the machine to its end, blocking: `attempt` signs and sends one attempt (and reports
  /// it to the machine); waits and cancellation are handled here.
  void drive_with(call_machine& machine, const call_options* per_call,
                  function_ref<void(call_machine&, const cancellation_token&)> attempt);

  /// Logs one warning per client when `answer` says its api-version is deprecated.
  void check_deprecation(const http_response& answer) const;

  /// The Repeatability-* pair of a create: the caller's, else a fresh id at the client's time.
  [[nodiscard]] repeatability repeatability_for(const create_room_options& create) const;

  /// The finished machine's outcome, its metadata reported; an error carries the request id
  /// and attempt count. `self` (null for a moved-from client) hears about the answer.
  static result<http_response> outcome_of(call_machine& machine, const client_state* self);
  /// `e` with the machine's request id (unless it has one) and attempt count.
  static error decorated(const call_machine& machine, error e);

  /// How a call's answer is read as T: operation `Op`'s parse and, when it has one, explain.
  template <class T> struct finish_steps {
    result<T> (*parse)(const http_response&, const api_version&);
    void (*explain)(error&, const http_request&, int); ///< may be null
  };
  /// The finish_steps of operation `Op`.
  template <class Op> static finish_steps<typename Op::value_type> steps_of() {
    using value = typename Op::value_type;
    finish_steps<value> steps{[](const http_response& r, const api_version& v) -> result<value> {
                                return Op::parse(r, v);
                              },
                              nullptr};
    if constexpr (has_explain<Op>::value) {
      steps.explain = [](error& e, const http_request& sent, int attempts) {
        Op::explain(e, sent, attempts);
      };
    }
    return steps;
  }

  /// One blocking call whose answer reads as T: prepare (with `build`), drive (each attempt
  /// through `attempt`), then read the outcome with `steps`; a page is accepted into `cursor`.
  /// Not inline: the implementation TU compiles it for the library's value types once.
  template <class T>
  result<T> run(function_ref<result<http_request>(const request_context&)> build,
                const call_options* per_call, std::string_view span_name, bool can_refresh,
                function_ref<void(call_machine&, const cancellation_token&)> attempt,
                finish_steps<T> steps, page_cursor* cursor = nullptr);

  /// Accepts a fetched page into the cursor, or turns a looping link into an error.
  template <class T>
  static result<page<T>> accept(page_cursor& cursor, const call_machine& machine,
                                result<page<T>> fetched) {
    if (fetched) {
      if (auto e =
              cursor.accept(machine.request().url, fetched->next_link, fetched->items.size())) {
        e->attempts = machine.attempts();
        return std::move(*e);
      }
    }
    return fetched;
  }

  std::string endpoint;
  client_options options;
  std::string user_agent;
  std::optional<error> setup_error;
  once_flag deprecation; // api-deprecated-versions: one warning per client
};

/// Everything a client needs to make a call, shared by the client and the pagers it makes (so
/// a pager outlives a moved or destroyed client). The async client uses the same pieces and
/// replaces only drive().
template <class Transport, class Signer> struct client_core : client_state {
  client_core(std::string endpoint_in, Transport transport_in, Signer signer_in,
              client_options options_in)
      : client_state(std::move(endpoint_in), std::move(options_in)),
        transport(std::forward<Transport>(transport_in)), signer(std::forward<Signer>(signer_in)) {}

  /// Builds the request of one call (with a fresh client request id) and sets up its machine,
  /// traced as `span_name` when the client has a tracer.
  template <class Build>
  result<call_machine> prepare(Build&& build, const call_options* per_call,
                               std::string_view span_name = "RoomsClient.Call") {
    return prepare_call(build, per_call, span_name, can_invalidate<Signer>::value);
  }

  /// Runs the machine to its end with blocking sends and waits.
  void drive(call_machine& machine, const call_options* per_call) {
    drive_with(machine, per_call, attempt_fn());
  }

  /// What one attempt does with this client's transport and signer: drop a cached credential
  /// when asked, sign at the current time, send, and tell the machine.
  auto attempt_fn() {
    return [this](call_machine& m, const cancellation_token& cancel) {
      if constexpr (can_invalidate<Signer>::value) {
        if (m.refresh_credentials()) {
          signer.invalidate();
        }
      }
      const time_point at = now();
      m.on_sending(at);
      if (auto signed_ok = sign_with(signer, m.request(), at); !signed_ok) {
        m.fail(std::move(signed_ok).error());
        return;
      }
      auto response = send_through(transport, m.request(), send_options{m.remaining(at), cancel});
      if (response) {
        m.on_response(std::move(*response), now());
      } else {
        m.on_error(std::move(response).error(), now());
      }
    };
  }

  /// The machine's outcome through `parse`, with the request id and attempt count on errors;
  /// `self` (null for a moved-from client) hears about the answer.
  template <class Parse>
  static auto finish(call_machine& machine, Parse&& parse, const client_core* self = nullptr)
      -> decltype(parse(std::declval<const http_response&>())) {
    auto outcome = outcome_of(machine, self);
    if (!outcome) {
      return std::move(outcome).error();
    }
    auto parsed = parse(*outcome);
    if (!parsed) {
      return decorated(machine, std::move(parsed).error());
    }
    return parsed;
  }

  /// The finished machine's outcome read as operation `Op` reads it for `version`, with what
  /// only the operation can say about a failure (Op::explain, when it has one).
  /// The spans end here, with the final verdict.
  template <class Op>
  static result<typename Op::value_type>
  finish_op(call_machine& machine, const api_version& version, const client_core* self = nullptr) {
    auto out = finish(
        machine, [&version](const http_response& r) { return Op::parse(r, version); }, self);
    if (!out) {
      error e = std::move(out).error();
      if constexpr (has_explain<Op>::value) {
        Op::explain(e, machine.request(), machine.attempts());
      }
      machine.finish_trace(&e);
      return e;
    }
    machine.finish_trace(nullptr);
    return out;
  }

  /// Builds the request of the page `cursor` stands at: the operation's first page, else its
  /// next link, if the client may follow it.
  template <class Op> auto page_builder(const page_cursor& cursor, const Op& op) const {
    return [this, &cursor, &op](const request_context& ctx) -> result<http_request> {
      if (!cursor.next_link()) {
        return op.build(ctx);
      }
      const std::string& link = *cursor.next_link();
      if (auto problem =
              next_link_problem(endpoint, link, options.next_links, is_bearer<Signer>::value);
          !problem.empty()) {
        return make_error(errc::invalid_argument,
                          "refusing to follow the listing's next link: " + problem);
      }
      return build_next_page(ctx, link);
    };
  }

  /// One call of operation `op` through the blocking driver: build -> (sign -> send -> maybe
  /// wait)* -> parse, in run<T> (compiled once per value type).
  template <class Op>
  result<typename Op::value_type> call(const Op& op, const call_options* per_call) {
    return run<typename Op::value_type>(
        [&op](const request_context& ctx) { return op.build(ctx); }, per_call,
        span_name_of<Op>::value, can_invalidate<Signer>::value, attempt_fn(), steps_of<Op>());
  }

  /// One page of listing `op`, through the blocking driver.
  template <class Op>
  result<typename Op::value_type> fetch_page(page_cursor& cursor, const Op& op,
                                             const call_options* per_call) {
    return run<typename Op::value_type>(page_builder(cursor, op), per_call, span_name_of<Op>::value,
                                        can_invalidate<Signer>::value, attempt_fn(), steps_of<Op>(),
                                        &cursor);
  }

  Transport transport;
  Signer signer;
};

/// What both clients are: a handle on a shared client_core (so pagers and operations in flight
/// outlive a moved or destroyed client), with the accessors they share.
template <class Transport, class Signer> class client_base {
#if ACS_ROOMS_HAS_CONCEPTS
  static_assert(signer<Signer>,
#else
  static_assert(is_signer_v<Signer>,
#endif
                "acs::rooms: the Signer type is not a Signer: it needs a member "
                "`void sign(http_request&, time_point)` (or one returning result<void>)");

public:
  /// The transport, e.g. to inspect a fake in tests (not on a moved-from client).
  std::remove_reference_t<Transport>& transport() noexcept { return core_->transport; }
  /// The signer (not on a moved-from client).
  std::remove_reference_t<Signer>& signer() noexcept { return core_->signer; }
  /// The options the client was made with (not on a moved-from client).
  [[nodiscard]] const client_options& options() const noexcept { return core_->options; }
  /// The endpoint, without a trailing '/' (not on a moved-from client).
  [[nodiscard]] const std::string& endpoint() const noexcept { return core_->endpoint; }

protected:
  using core = client_core<Transport, Signer>;

  explicit client_base(std::shared_ptr<core> state) noexcept : core_(std::move(state)) {}

  /// What every call on a moved-from client fails with.
  static error moved_from() {
    return make_error(errc::invalid_argument,
                      "this client was moved from; use the client it was moved to");
  }
  /// The version the client speaks (the latest on a moved-from client, which fails anyway).
  [[nodiscard]] api_version version() const {
    return core_ ? core_->options.version : api_version::latest;
  }
  /// The Repeatability-* pair of a create (empty on a moved-from client, which fails anyway).
  [[nodiscard]] repeatability repeatability_for(const create_room_options& create) const {
    return core_ ? core_->repeatability_for(create) : repeatability{};
  }

  std::shared_ptr<core> core_; ///< null only in a moved-from client
};

/// A client of type `Client` for a connection string ("endpoint=...;accesskey=..."), signing
/// with hmac_signer<portable_crypto>: what make_client and make_async_client share.
template <class Client, class Transport>
result<Client> client_from_connection_string(std::string_view connection_string,
                                             Transport&& transport, client_options options) {
  auto parsed = parse_connection_string(connection_string);
  if (!parsed) {
    return std::move(parsed).error();
  }
  if (auto refused = application_id_problem(options.application_id); !refused.empty()) {
    return make_error(errc::invalid_argument, std::move(refused));
  }
  return Client(parsed->endpoint, std::forward<Transport>(transport),
                hmac_signer<>(parsed->access_key), std::move(options));
}
} // namespace detail

ACS_ROOMS_NAMESPACE_END

#include <acs/rooms/detail/client/client_run.hpp>

#if ACS_ROOMS_DEFINITIONS
#include <acs/rooms/detail/client/client_core_impl.hpp>
#endif
