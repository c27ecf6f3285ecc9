// SPDX-License-Identifier: MIT
// acs_rooms layer 5 (client): rooms_client and make_client, the blocking driver of the call
// machine.
#pragma once

#include <acs/rooms/api_version.hpp>
#include <acs/rooms/call.hpp>
#include <acs/rooms/concepts.hpp>
#include <acs/rooms/connection_string.hpp>
#include <acs/rooms/detail/uuid.hpp>
#include <acs/rooms/models.hpp>
#include <acs/rooms/pager.hpp>
#include <acs/rooms/pagination.hpp>
#include <acs/rooms/requests.hpp>
#include <acs/rooms/requests_v2022.hpp>
#include <acs/rooms/responses.hpp>
#include <acs/rooms/responses_v2022.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/signing.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// How a client talks to the service. Every field has a working default.
struct client_options {
  api_version version = api_version::latest; ///< the `api-version` to speak
  std::function<time_point()> clock;         ///< empty: system_clock::now
  std::function<std::string()> uuid_source;  ///< empty: random v4 UUIDs
  std::string application_id;                ///< prefixed to the User-Agent
  retry_options retry;                       ///< when to send a failed call again
  /// Waits between attempts; empty: a real wait that a cancellation ends at once.
  std::function<void(std::chrono::milliseconds)> sleep;
  /// Receives one line per attempt (never a key, token or signature); empty: no logging.
  std::function<void(log_level, std::string_view)> logger;
  next_link_policy next_links = next_link_policy::same_origin; ///< where paging may go
};

namespace detail {
/// A random 64-bit value from a per-thread generator seeded once from std::random_device: a
/// syscall per call would cost as much as the HMAC itself.
inline std::uint64_t random_u64() {
  thread_local std::mt19937_64 engine{[] {
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device();
  }()};
  return engine();
}

/// A random version-4 UUID.
inline std::string random_uuid() {
  const std::uint64_t hi = random_u64(); // named first: argument evaluation order is unspecified
  const std::uint64_t lo = random_u64();
  return uuid_v4_from_bits(hi, lo);
}

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

/// Everything a client needs to make a call, shared by the client and the pagers it makes (so
/// a pager outlives a moved or destroyed client). The async client uses the same pieces and
/// replaces only drive().
template <class Transport, class Signer> struct client_core {
  client_core(std::string endpoint_in, Transport transport_in, Signer signer_in,
              client_options options_in)
      : endpoint(normalize_endpoint(endpoint_in)), transport(std::forward<Transport>(transport_in)),
        signer(std::forward<Signer>(signer_in)), options(std::move(options_in)) {
    if (auto problem = endpoint_problem(endpoint); !problem.empty()) {
      setup_error = make_error(errc::invalid_argument, "invalid endpoint: " + problem);
    } else if (!header_safe(options.application_id)) {
      setup_error =
          make_error(errc::invalid_argument, "the application id contains control characters");
    }
    if (!options.application_id.empty()) {
      user_agent = options.application_id + ' ';
    }
    user_agent += "acs-rooms-cpp/" ACS_ROOMS_VERSION_STRING;
  }

  [[nodiscard]] time_point now() const {
    return options.clock ? options.clock() : std::chrono::system_clock::now();
  }
  [[nodiscard]] std::string new_uuid() const {
    return options.uuid_source ? options.uuid_source() : random_uuid();
  }

  /// Builds the request of one call (with a fresh client request id) and sets up its machine.
  template <class Build> result<call_machine> prepare(Build&& build, const call_options* per_call) {
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
        const time_point by_timeout = start + *per_call->timeout;
        deadline = deadline ? std::min(*deadline, by_timeout) : by_timeout;
      }
    }
    call_machine machine(std::move(*request), options.retry, start, deadline, random_u64(),
                         can_invalidate<Signer>::value);
    machine.log_lines(static_cast<bool>(options.logger));
    return machine;
  }

  void log(const call_machine& machine) const {
    if (options.logger && !machine.log_line().empty()) {
      options.logger(machine.log_line_level(), machine.log_line());
    }
  }

  /// Runs the machine to its end with blocking sends and waits.
  void drive(call_machine& machine, const call_options* per_call) {
    static const cancellation_token never;
    const cancellation_token& cancel = per_call != nullptr ? per_call->cancellation : never;
    while (machine.next() != call_action::finish) {
      if (cancel.cancelled()) {
        machine.cancel();
      } else if (machine.next() == call_action::send) {
        if constexpr (can_invalidate<Signer>::value) {
          if (machine.refresh_credentials()) {
            signer.invalidate();
          }
        }
        const time_point at = now();
        machine.on_sending(at);
        if (auto signed_ok = sign_with(signer, machine.request(), at); !signed_ok) {
          machine.fail(std::move(signed_ok).error());
        } else {
          auto response = send_through(transport, machine.request(),
                                       send_options{machine.remaining(at), cancel});
          if (response) {
            machine.on_response(std::move(*response), now());
          } else {
            machine.on_error(std::move(response).error(), now());
          }
        }
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

  /// The machine's outcome through `parse`, with the request id and attempt count on errors.
  template <class Parse>
  static auto finish(call_machine& machine, Parse&& parse)
      -> decltype(parse(std::declval<const http_response&>())) {
    const std::string_view sent_id =
        machine.request().headers.get("x-ms-client-request-id").value_or(std::string_view());
    const auto decorate = [&](error e) {
      if (e.client_request_id.empty()) {
        e.client_request_id = std::string(sent_id);
      }
      e.attempts = machine.attempts();
      return e;
    };
    auto outcome = machine.take_outcome();
    if (!outcome) {
      return decorate(std::move(outcome).error());
    }
    auto parsed = parse(*outcome);
    if (!parsed) {
      return decorate(std::move(parsed).error());
    }
    return parsed;
  }

  /// build -> (sign -> send -> maybe wait)* -> parse.
  template <class Build, class Parse>
  auto run(Build&& build, Parse&& parse, const call_options* per_call)
      -> decltype(parse(std::declval<const http_response&>())) {
    auto machine = prepare(std::forward<Build>(build), per_call);
    if (!machine) {
      return std::move(machine).error();
    }
    drive(*machine, per_call);
    return finish(*machine, std::forward<Parse>(parse));
  }

  /// Builds the request of the page `cursor` stands at: `first` for the first page, else its
  /// next link, if the client may follow it.
  template <class First> auto page_builder(const page_cursor& cursor, First&& first) const {
    return [this, &cursor, first](const request_context& ctx) -> result<http_request> {
      if (!cursor.next_link()) {
        return first(ctx);
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

  /// Accepts a fetched page into the cursor, or turns a looping link into an error.
  template <class T>
  static result<page<T>> accept(page_cursor& cursor, const call_machine& machine,
                                result<page<T>> fetched) {
    if (fetched) {
      if (auto e = cursor.accept(machine.request().url, fetched->next_link)) {
        e->attempts = machine.attempts();
        return std::move(*e);
      }
    }
    return fetched;
  }

  /// One page of a listing, through the blocking driver.
  template <class T, class First, class Parse>
  result<page<T>> fetch_page(page_cursor& cursor, const call_options* per_call, First&& first,
                             Parse&& parse) {
    auto machine = prepare(page_builder(cursor, std::forward<First>(first)), per_call);
    if (!machine) {
      return std::move(machine).error();
    }
    drive(*machine, per_call);
    return accept<T>(cursor, *machine, finish(*machine, std::forward<Parse>(parse)));
  }

  std::string endpoint;
  Transport transport;
  Signer signer;
  client_options options;
  std::string user_agent;
  std::optional<error> setup_error;
};
} // namespace detail

/// The Rooms client: builds each request with the pure builders, runs it through the call
/// machine (signing each attempt, sending through `Transport`, retrying and waiting as the
/// machine says) and reads the answer with the pure parsers. `Transport` and `Signer` are held
/// by value; pass reference types (`rooms_client<my_transport&, ...>`) to keep them outside.
/// One client may be used from several threads if its Transport, Signer and options may.
/// Every operation takes an optional last `call_options` (timeout, deadline, cancellation).
template <class Transport, class Signer> class rooms_client {
#if ACS_ROOMS_HAS_CONCEPTS
  static_assert(transport<Transport>,
#else
  static_assert(is_transport_v<Transport>,
#endif
                "acs::rooms: the Transport type is not a Transport: it needs a member "
                "`http_response send(const http_request&)` (or one returning "
                "result<http_response>)");
#if ACS_ROOMS_HAS_CONCEPTS
  static_assert(signer<Signer>,
#else
  static_assert(is_signer_v<Signer>,
#endif
                "acs::rooms: the Signer type is not a Signer: it needs a member "
                "`void sign(http_request&, time_point)` (or one returning result<void>)");
  using core = detail::client_core<Transport, Signer>;

public:
  /// A client for the resource at `endpoint` (e.g. "https://<resource>.communication.azure.com").
  /// A malformed endpoint or application id is reported by every call as `invalid_argument`.
  rooms_client(std::string endpoint, Transport transport, Signer signer,
               client_options options = {})
      : core_(std::make_shared<core>(std::move(endpoint), std::forward<Transport>(transport),
                                     std::forward<Signer>(signer), std::move(options))) {}
  /// A copy with its own copy of the transport, signer and options (a pager of the original
  /// keeps using the original's).
  rooms_client(const rooms_client& other)
      : core_(other.core_ ? std::make_shared<core>(*other.core_) : nullptr) {}
  /// Takes over `other`'s state; `other` then fails every call with `invalid_argument`. Pagers
  /// made by `other` keep working.
  rooms_client(rooms_client&& other) noexcept = default;
  /// Copy or move assignment.
  rooms_client& operator=(rooms_client other) noexcept {
    core_.swap(other.core_);
    return *this;
  }
  ~rooms_client() = default;

  /// Rooms_Create. Absent options are chosen by the service (valid now, for 180 days). Every
  /// attempt sends the same Repeatability-Request-ID and -First-Sent, so a retried create never
  /// makes two rooms.
  result<room> create_room(const create_room_options& options = {},
                           const call_options& per_call = {}) {
    if (!core_) {
      return moved_from();
    }
    const repeatability repeat = resolve_repeatability(
        options, options.repeatability_request_id ? std::string() : core_->new_uuid(),
        core_->now());
    return core_->run(
        [&](const request_context& ctx) {
          return ctx.version.is_2022_dialect() ? build_create_room_v2022(ctx, options, repeat)
                                               : build_create_room(ctx, options, repeat);
        },
        [this](const http_response& r) { return parse_any_room(r); }, &per_call);
  }

  /// Rooms_Get.
  result<room> get_room(std::string_view room_id, const call_options& per_call = {}) {
    if (!core_) {
      return moved_from();
    }
    return core_->run([&](const request_context& ctx) { return build_get_room(ctx, room_id); },
                      [this](const http_response& r) { return parse_any_room(r); }, &per_call);
  }

  /// Rooms_Update: changes only the fields set in `options`.
  result<room> update_room(std::string_view room_id, const update_room_options& options,
                           const call_options& per_call = {}) {
    if (!core_) {
      return moved_from();
    }
    return core_->run(
        [&](const request_context& ctx) {
          return ctx.version.is_2022_dialect() ? build_update_room_v2022(ctx, room_id, options)
                                               : build_update_room(ctx, room_id, options);
        },
        [this](const http_response& r) { return parse_any_room(r); }, &per_call);
  }

  /// Rooms_Delete. Deleting a room does not end a call in progress in it.
  result<void> delete_room(std::string_view room_id, const call_options& per_call = {}) {
    if (!core_) {
      return moved_from();
    }
    return core_->run([&](const request_context& ctx) { return build_delete_room(ctx, room_id); },
                      [](const http_response& r) { return parse_empty(r); }, &per_call);
  }

  /// Rooms_List: a lazy pager over the resource's rooms.
  pager<room> list_rooms() { return pager<room>(room_fetcher()); }
  /// Rooms_List resumed from a pager's continuation_token().
  pager<room> list_rooms_from(std::string continuation_token) {
    return pager<room>(room_fetcher(), std::move(continuation_token));
  }

  /// Participants_Update: adds these participants or changes their roles.
  result<void> add_or_update_participants(std::string_view room_id,
                                          const std::vector<room_participant>& participants,
                                          const call_options& per_call = {}) {
    if (!core_) {
      return moved_from();
    }
    return core_->run(
        [&](const request_context& ctx) -> result<http_request> {
          if (auto e = detail::check_dialect(ctx, false, "add_or_update_participants")) {
            return std::move(*e);
          }
          return build_add_or_update_participants(ctx, room_id, participants);
        },
        [](const http_response& r) { return parse_empty(r); }, &per_call);
  }

  /// Participants_Update with nulls: removes these participants (non-members are ignored). On
  /// 2022-02-01, `POST participants:remove` (use get_participants for the roster after).
  result<void> remove_participants(std::string_view room_id,
                                   const std::vector<communication_identifier>& participants,
                                   const call_options& per_call = {}) {
    if (!core_) {
      return moved_from();
    }
    return core_->run(
        [&](const request_context& ctx) {
          return ctx.version.is_2022_dialect()
                     ? build_remove_participants_v2022(ctx, room_id, participants)
                     : build_remove_participants(ctx, room_id, participants);
        },
        [](const http_response& r) { return parse_empty(r); }, &per_call);
  }

  /// Rooms_GetParticipants (2022-02-01 only): the whole roster, in one call.
  result<std::vector<room_participant>> get_participants(std::string_view room_id,
                                                         const call_options& per_call = {}) {
    return roster_call(
        [&](const request_context& ctx) { return build_get_participants_v2022(ctx, room_id); },
        per_call);
  }

  /// Rooms_AddParticipants (2022-02-01 only): adds these participants (members already in the
  /// room are left as they are) and returns the whole roster after.
  result<std::vector<room_participant>>
  add_participants(std::string_view room_id, const std::vector<room_participant>& participants,
                   const call_options& per_call = {}) {
    return roster_call(
        [&](const request_context& ctx) {
          return build_add_participants_v2022(ctx, room_id, participants);
        },
        per_call);
  }

  /// Rooms_UpdateParticipants (2022-02-01 only): changes these members' roles and returns the
  /// whole roster after.
  result<std::vector<room_participant>>
  update_participants(std::string_view room_id, const std::vector<room_participant>& participants,
                      const call_options& per_call = {}) {
    return roster_call(
        [&](const request_context& ctx) {
          return build_update_participants_v2022(ctx, room_id, participants);
        },
        per_call);
  }

  /// Participants_List: a lazy pager over a room's roster.
  pager<room_participant> list_participants(std::string_view room_id) {
    return pager<room_participant>(participant_fetcher(std::string(room_id)));
  }
  /// Participants_List resumed from a pager's continuation_token().
  pager<room_participant> list_participants_from(std::string continuation_token) {
    return pager<room_participant>(participant_fetcher({}), std::move(continuation_token));
  }

  /// The transport, e.g. to inspect a fake in tests (not on a moved-from client).
  std::remove_reference_t<Transport>& transport() noexcept { return core_->transport; }
  /// The signer (not on a moved-from client).
  std::remove_reference_t<Signer>& signer() noexcept { return core_->signer; }
  /// The options the client was made with (not on a moved-from client).
  [[nodiscard]] const client_options& options() const noexcept { return core_->options; }
  /// The endpoint, without a trailing '/' (not on a moved-from client).
  [[nodiscard]] const std::string& endpoint() const noexcept { return core_->endpoint; }

private:
  static error moved_from() {
    return detail::make_error(errc::invalid_argument,
                              "this rooms_client was moved from; use the client it was moved to");
  }

  /// A room in the dialect of the client's version.
  result<room> parse_any_room(const http_response& r) const {
    return core_->options.version.is_2022_dialect() ? parse_room_v2022(r)
                                                    : parse_room(r, core_->options.version);
  }

  /// A 2022-02-01 call answered with a participants collection.
  template <class Build>
  result<std::vector<room_participant>> roster_call(Build&& build, const call_options& per_call) {
    if (!core_) {
      return moved_from();
    }
    return core_->run(
        std::forward<Build>(build),
        [](const http_response& r) { return parse_participants_v2022(r); }, &per_call);
  }

  typename pager<room>::fetch_function room_fetcher() const {
    return
        [state = core_](page_cursor& cursor, const call_options* per_call) -> result<page<room>> {
          if (!state) {
            return moved_from();
          }
          core* c = state.get();
          return c->template fetch_page<room>(
              cursor, per_call,
              [](const request_context& ctx) -> result<http_request> {
                if (auto e = detail::check_dialect(ctx, false, "list_rooms")) {
                  return std::move(*e);
                }
                return build_list_rooms(ctx);
              },
              [c](const http_response& r) { return parse_room_page(r, c->options.version); });
        };
  }

  typename pager<room_participant>::fetch_function participant_fetcher(std::string room_id) const {
    return
        [state = core_, room_id = std::move(room_id)](
            page_cursor& cursor, const call_options* per_call) -> result<page<room_participant>> {
          if (!state) {
            return moved_from();
          }
          return state->template fetch_page<room_participant>(
              cursor, per_call,
              [room_id](const request_context& ctx) -> result<http_request> {
                if (auto e = detail::check_dialect(ctx, false, "list_participants")) {
                  return std::move(*e);
                }
                return build_list_participants(ctx, room_id);
              },
              [](const http_response& r) { return parse_participant_page(r); });
        };
  }

  std::shared_ptr<core> core_;
};

/// A client for a connection string ("endpoint=...;accesskey=..."), signing with
/// hmac_signer<portable_crypto>. Fails with `invalid_argument` for a malformed string.
template <class Transport>
result<rooms_client<Transport, hmac_signer<>>>
make_client(std::string_view connection_string, Transport transport, client_options options = {}) {
  auto parsed = parse_connection_string(connection_string);
  if (!parsed) {
    return std::move(parsed).error();
  }
  return rooms_client<Transport, hmac_signer<>>(
      parsed->endpoint, std::forward<Transport>(transport), hmac_signer<>(parsed->access_key),
      std::move(options));
}

ACS_ROOMS_NAMESPACE_END
