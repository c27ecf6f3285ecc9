// SPDX-License-Identifier: MIT
// acs_rooms layer 3 (protocol): bearer_token_signer, a Signer over a source of Entra ID tokens.
#pragma once

#include <acs/rooms/concepts.hpp>
#include <acs/rooms/detail/foundations/saturate.hpp>
#include <acs/rooms/error.hpp>
#include <acs/rooms/fwd.hpp>
#include <acs/rooms/result.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#if ACS_ROOMS_DEFINITIONS
#include <condition_variable>
#include <mutex>
#endif

ACS_ROOMS_NAMESPACE_BEGIN

/// A Microsoft Entra ID access token and when it expires.
struct access_token {
  std::string token;     ///< the bearer token (never logged)
  time_point expires_on; ///< when the token stops being accepted
};

/// Signs requests with a Microsoft Entra ID access token: `Authorization: Bearer <token>`.
/// Request tokens for the scope "https://communication.azure.com//.default" (the double slash is
/// what the service expects; <acs/rooms/credentials.hpp> has sources that do). Given a source
/// of tokens (a callable returning `access_token`, or `result<access_token>` to report a failure
/// as an `error`), the token is cached and fetched again `refresh_margin` before it expires, or
/// after the service answered 401 (see invalidate()). Copies of a signer share the cache, and it
/// is safe from several threads: one refresh runs at a time (single flight), outside the lock,
/// and the others meanwhile send the token they have while it is valid, or wait for the refresh
/// when it is not. An expired token is never sent: when a refresh fails, a token still valid
/// (inside the margin) is used until `refresh_retry` has passed, then asked for again; past its
/// expiry sign() fails with the source's error. A token with control characters is refused: it
/// would inject headers.
class bearer_token_signer {
public:
  /// The first round's form: `token_source()` is called for every request (no caching).
  explicit bearer_token_signer(std::function<std::string()> token_source)
      : cache_(make_cache(std::move(token_source), {}, std::chrono::seconds(300),
                          std::chrono::seconds(30))) {}
  /// Caches each token until `refresh_margin` before its expiry. Any margin is safe: one
  /// reaching past the clock's range (`seconds::max()`: no limit) asks the source for every
  /// request (with `refresh_retry` 0), and a negative one counts as 0. After a refresh that gave
  /// no fresher token (it failed, or its token is inside the margin too), the token in hand is
  /// used for `refresh_retry` before the source is asked again; 0 asks for every request.
  template <class Source,
            std::enable_if_t<std::is_convertible_v<std::invoke_result_t<Source&>, access_token> ||
                                 std::is_same_v<std::decay_t<std::invoke_result_t<Source&>>,
                                                result<access_token>>,
                             int> = 0>
  explicit bearer_token_signer(Source token_source,
                               std::chrono::seconds refresh_margin = std::chrono::minutes(5),
                               std::chrono::seconds refresh_retry = std::chrono::seconds(30))
      : cache_(make_cache({}, as_source(std::move(token_source)), refresh_margin, refresh_retry)) {}

  /// Sets Authorization; fails with `invalid_argument` when the source gave no usable token, or
  /// with the source's own `error` when it failed and no valid token is at hand.
  result<void> sign(http_request& request, time_point now) const;

  /// Drops the cached token, so the next sign() fetches a new one. The client calls this once
  /// after a 401 and sends the request again.
  void invalidate() const;

  /// True: this signer's credential must never be sent to a host other than the endpoint's.
  static constexpr bool bearer_credential = true;

private:
  struct cache; // the token, its refresh state and their lock (defined with the definitions)

  // A source returning access_token, as one returning result<access_token>.
  template <class Source> static std::function<result<access_token>()> as_source(Source source) {
    if constexpr (std::is_same_v<std::decay_t<std::invoke_result_t<Source&>>,
                                 result<access_token>>) {
      return source;
    } else {
      return
          [s = std::move(source)]() mutable -> result<access_token> { return access_token(s()); };
    }
  }
  // The shared cache of a new signer (negative durations count as 0).
  static std::shared_ptr<cache> make_cache(std::function<std::string()> plain,
                                           std::function<result<access_token>()> source,
                                           std::chrono::seconds margin, std::chrono::seconds retry);

  // Why `token` cannot be sent, or null.
  static const char* token_problem(const std::string& token) noexcept;

  // The token to send at `now`: the cached one while fresh, else one refresh shared by all.
  result<std::string> current_token(time_point now) const;

  std::shared_ptr<cache> cache_;
};

namespace detail {
template <class S, class = void> struct can_invalidate : std::false_type {};
template <class S>
struct can_invalidate<
    S, std::void_t<decltype(std::declval<std::remove_reference_t<S>&>().invalidate())>>
    : std::true_type {};
template <class S, class = void> struct is_bearer : std::false_type {};
template <class S>
struct is_bearer<S, std::void_t<decltype(std::remove_reference_t<S>::bearer_credential)>>
    : std::bool_constant<std::remove_reference_t<S>::bearer_credential> {};
} // namespace detail

#if ACS_ROOMS_DEFINITIONS
/// The token, its refresh state and their lock, shared by a signer's copies.
struct bearer_token_signer::cache {
  std::mutex mutex;                             ///< guards everything below
  std::condition_variable refreshed;            ///< signalled when a refresh ends
  std::function<std::string()> plain;           ///< the first round's form: asked every time
  std::function<result<access_token>()> source; ///< the caching form's source
  std::chrono::seconds margin{300};             ///< refresh this long before expiry
  std::chrono::seconds retry{30};               ///< after a refresh that gave nothing fresher
  std::optional<access_token> current;          ///< the token in hand
  time_point next_attempt = time_point::min();  ///< no refresh before this while `current` is valid
  bool fetching = false;                        ///< a refresh is running
  std::uint64_t fetches = 0;                    ///< completed fetches: a waiter sees one ended
  std::optional<error> failure;                 ///< the last fetch's error, for those who waited
};

ACS_ROOMS_API std::shared_ptr<bearer_token_signer::cache>
bearer_token_signer::make_cache(std::function<std::string()> plain,
                                std::function<result<access_token>()> source,
                                std::chrono::seconds margin, std::chrono::seconds retry) {
  auto c = std::make_shared<cache>();
  c->plain = std::move(plain);
  c->source = std::move(source);
  c->margin = std::max(margin, std::chrono::seconds(0));
  c->retry = std::max(retry, std::chrono::seconds(0));
  return c;
}

ACS_ROOMS_API result<void> bearer_token_signer::sign(http_request& request, time_point now) const {
  auto token = current_token(now);
  if (!token) {
    return std::move(token).error();
  }
  if (const char* problem = token_problem(*token)) {
    return detail::make_error(errc::invalid_argument, problem);
  }
  request.headers.set("Authorization", "Bearer " + *token);
  return {};
}

ACS_ROOMS_API void bearer_token_signer::invalidate() const {
  std::lock_guard<std::mutex> lock(cache_->mutex);
  cache_->current.reset();
}

ACS_ROOMS_API const char* bearer_token_signer::token_problem(const std::string& token) noexcept {
  if (token.empty()) {
    return "the bearer token source returned no token";
  }
  for (char c : token) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      return "the bearer token source returned a token with control characters; it was not "
             "sent";
    }
  }
  return nullptr;
}

ACS_ROOMS_API result<std::string> bearer_token_signer::current_token(time_point now) const {
  cache& c = *cache_;
  std::unique_lock<std::mutex> lock(c.mutex);
  if (c.plain) {
    return c.plain(); // asked for every request, serialised as before
  }
  if (!c.source) {
    return std::string();
  }
  for (;;) {
    const bool valid = c.current && now < c.current->expires_on;
    if (valid && (detail::saturating_add(now, c.margin) < c.current->expires_on ||
                  now < c.next_attempt || c.fetching)) {
      return c.current->token; // fresh, or a refresh is due but running or recently tried
    }
    if (!c.fetching) {
      break; // this call refreshes
    }
    const std::uint64_t seen = c.fetches;
    c.refreshed.wait(lock, [&] { return !c.fetching; });
    if (c.fetches != seen && c.failure && !(c.current && now < c.current->expires_on)) {
      return *c.failure; // the refresh this call waited for failed: share its error
    }
  }
  c.fetching = true;
  lock.unlock();
  // The source runs unlocked; `done` ends the refresh even when the source throws (the
  // exception passes through; those waiting get an error saying so).
  struct finish {
    cache& c;
    std::unique_lock<std::mutex>& lock;
    bool published = false;
    ~finish() {
      if (!lock.owns_lock()) {
        lock.lock();
      }
      if (!published) {
        c.failure = detail::make_error(errc::invalid_argument,
                                       "the bearer token source threw an exception");
      }
      c.fetching = false;
      ++c.fetches;
      c.refreshed.notify_all();
    }
  } done{c, lock};
  result<access_token> fetched = c.source();
  lock.lock();
  done.published = true;
  c.next_attempt = detail::saturating_add(now, c.retry);
  if (fetched && !token_problem(fetched->token) && now < fetched->expires_on) {
    c.failure.reset();
    c.current = std::move(*fetched);
    return c.current->token;
  }
  if (!fetched) {
    c.failure = std::move(fetched).error();
  } else if (const char* problem = token_problem(fetched->token)) {
    c.failure = detail::make_error(errc::invalid_argument, problem);
  } else {
    c.failure = detail::make_error(errc::invalid_argument,
                                   "the bearer token source returned a token that has already "
                                   "expired; it was not sent");
  }
  if (c.current && now < c.current->expires_on) {
    return c.current->token; // still valid: used until its expiry or the next attempt
  }
  return *c.failure;
}
#endif // ACS_ROOMS_DEFINITIONS

ACS_ROOMS_NAMESPACE_END
