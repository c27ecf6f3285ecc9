// SPDX-License-Identifier: MIT
// acs_rooms layer 5 (client): client_options and client_core, what every client shares — the
// state of a client and the steps of a call (prepare, drive, finish) around the call machine.
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
        const time_point by_timeout = saturating_add(start, *per_call->timeout); // no overflow
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

ACS_ROOMS_NAMESPACE_END
