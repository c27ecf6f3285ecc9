// SPDX-License-Identifier: MIT
// acs_rooms layer 4 (pure): page_cursor, the bookkeeping of a listing shared by every pager.
#pragma once

#include <acs/rooms/detail/foundations/url.hpp>
#include <acs/rooms/error.hpp>
#include <acs/rooms/models.hpp>
#include <acs/rooms/result.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// Which hosts a `nextLink` may send the client to.
enum class next_link_policy {
  same_origin, ///< only the endpoint's scheme, host and port (the default)
  any_host,    ///< any http(s) host; a bearer token still never leaves the endpoint's host
};

/// Where a listing stands, without any I/O: the link of the next page, whether the listing is
/// over, and the links already visited, so that a `nextLink` that leads back to a page already
/// read (A → A, or A → B → A) stops the listing with an error instead of paging forever. A
/// hostile or broken service could also send an endless chain of distinct empty pages: after
/// `max_empty_pages` empty pages in a row the listing stops with `malformed_response`.
/// A failed fetch changes nothing: the same page is asked for again.
class page_cursor {
public:
  /// Empty pages in a row after which a listing is taken for a broken chain (the service may
  /// send an empty page mid-listing, but not a hundred).
  static constexpr std::size_t max_empty_pages = 100;

  /// A cursor before the first page.
  page_cursor() = default;
  /// A cursor that resumes at `continuation_token` (a next-page link taken from another cursor).
  explicit page_cursor(std::string continuation_token)
      : next_link_(std::move(continuation_token)), started_(true) {}

  /// True once a page without a next link was accepted.
  [[nodiscard]] bool done() const noexcept { return started_ && !next_link_; }
  /// The link of the next page; nullopt for the first page (and when done).
  [[nodiscard]] const std::optional<std::string>& next_link() const noexcept { return next_link_; }

  /// Takes in a page of `items` items fetched from `url`, advancing to its next link; refuses
  /// (and stays where it was) when that link leads back to a page already read, or when it is
  /// the `max_empty_pages`-th empty page in a row that still has a next link.
  [[nodiscard]] std::optional<error>
  accept(std::string_view url, const std::optional<std::string>& next_link, std::size_t items = 1);

private:
  std::optional<std::string> next_link_;
  bool started_ = false;
  std::size_t empty_in_a_row_ = 0;
  std::unordered_set<std::string> visited_; // hashed: a long listing costs the same per page
};

namespace detail {
/// Why the client must not follow `link` from a client of `endpoint` (empty: it may). A link
/// with user info is always refused; another origin only under `any_host`, and never when the
/// credential is a bearer token, which must not leave the endpoint's host.
ACS_ROOMS_API std::string next_link_problem(std::string_view endpoint, std::string_view link,
                                            next_link_policy policy, bool bearer_credential);
} // namespace detail

#if ACS_ROOMS_DEFINITIONS
ACS_ROOMS_API std::optional<error> page_cursor::accept(std::string_view url,
                                                       const std::optional<std::string>& next_link,
                                                       std::size_t items) {
  if (next_link) {
    if (*next_link == url || visited_.count(*next_link) != 0) {
      return detail::make_error(
          errc::malformed_response,
          "malformed response: the page's nextLink leads back to a page already read (" +
              std::string(next_link->substr(0, 200)) + "); stopping instead of looping forever");
    }
    if (items == 0 && empty_in_a_row_ + 1 >= max_empty_pages) {
      return detail::make_error(
          errc::malformed_response,
          "malformed response: " + std::to_string(max_empty_pages) +
              " empty pages in a row, each with a new nextLink; stopping instead of paging "
              "forever");
    }
  }
  visited_.emplace(url);
  empty_in_a_row_ = items == 0 ? empty_in_a_row_ + 1 : 0;
  started_ = true;
  next_link_ = next_link;
  return std::nullopt;
}

namespace detail {
ACS_ROOMS_API std::string next_link_problem(std::string_view endpoint, std::string_view link,
                                            next_link_policy policy, bool bearer_credential) {
  const auto to = parse_url(link);
  if (!to) {
    return "the nextLink is not an absolute http(s) URL";
  }
  if (to->has_userinfo) {
    return "the nextLink carries user info (\"user@host\"), which is never followed";
  }
  const auto from = parse_url(endpoint);
  const bool same_origin =
      from && from->scheme == to->scheme && from->authority() == to->authority();
  if (same_origin) {
    return {};
  }
  if (policy == next_link_policy::same_origin) {
    return "the nextLink points at another host (" + to->scheme + "://" + to->authority() +
           ") than the endpoint; set client_options::next_links to next_link_policy::any_host "
           "to follow it";
  }
  if (bearer_credential) {
    return "the nextLink points at another host (" + to->scheme + "://" + to->authority() +
           ") than the endpoint, and a bearer token is never sent to another host";
  }
  return {};
}

} // namespace detail
#endif // ACS_ROOMS_DEFINITIONS

ACS_ROOMS_NAMESPACE_END
