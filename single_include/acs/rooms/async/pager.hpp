// SPDX-License-Identifier: MIT
// Generated from include/ by tools/amalgamate.py - do not edit. Needs only <acs/rooms.hpp> beside it.
#pragma once
#ifndef ACS_ROOMS_SINGLE_INCLUDE_ASYNC_PAGER_HPP // async/pager.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_ASYNC_PAGER_HPP
// acs_rooms optional layer 6 (needs Boost.Asio 1.81): async_pager, the lazy listing driven by
// completion tokens.

#include <acs/rooms.hpp> // the whole core, from the single header

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
/// Where an async_pager stands: its cursor, and whether a page is being fetched.
template <class T> struct async_pager_state {
  /// The handler a page fetch completes: type-erased, bound to the caller's executor (Asio
  /// 1.81's any_completion_executor cannot be posted to, which Beast's reads need).
  using handler_type =
      boost::asio::executor_binder<boost::asio::any_completion_handler<void(result<page<T>>)>,
                                   boost::asio::any_io_executor>;
  /// Starts fetching the page the cursor stands at, for this state.
  using fetch_function = std::function<void(const std::shared_ptr<async_pager_state>&,
                                            const call_options&, handler_type)>;
  fetch_function fetch;
  page_cursor cursor;
  bool busy = false;
};
} // namespace detail

/// An async lazy listing: no request is made until async_next_page(). It shares what it needs
/// with the client that made it (endpoint, transport, signer, options), so it stays valid after
/// that client is moved or destroyed. The rules are the sync pager's (the same page_cursor): a
/// page may be empty while more follow; a nextLink back to a page already read ends the listing
/// with `malformed_response`; a failed fetch changes nothing (ask again to retry). One page at a
/// time: asking for another while one is being fetched fails with `invalid_argument`.
template <class T> class async_pager {
  using state = detail::async_pager_state<T>;

public:
  /// The executor on which errors found before any I/O are reported.
  using executor_type = boost::asio::any_io_executor;

  /// A pager over `fetch` (made by async_rooms_client), at the start or at a continuation token.
  async_pager(executor_type executor, typename state::fetch_function fetch,
              std::optional<std::string> continuation_token = std::nullopt)
      : executor_(std::move(executor)), state_(std::make_shared<state>()) {
    state_->fetch = std::move(fetch);
    if (continuation_token) {
      state_->cursor = page_cursor(std::move(*continuation_token));
    }
  }

  /// True once a page without a next link has been returned.
  [[nodiscard]] bool done() const noexcept { return state_ && state_->cursor.done(); }

  /// Where to resume later (the next page's link), or nullopt before the first page and after
  /// the last one; give it to async_list_rooms_from / async_list_participants_from.
  [[nodiscard]] std::optional<std::string> continuation_token() const {
    return state_ ? state_->cursor.next_link() : std::nullopt;
  }

  /// The executor of the client that made this pager.
  [[nodiscard]] executor_type get_executor() const noexcept { return executor_; }

  /// Fetches the next page; completion signature `void(result<page<T>>)`. After the last page
  /// it fails with `invalid_argument`.
  template <class CompletionToken> auto async_next_page(CompletionToken&& token) {
    return async_next_page(call_options{}, std::forward<CompletionToken>(token));
  }

  /// async_next_page() with a per-call timeout, deadline or cancellation token.
  template <class CompletionToken>
  auto async_next_page(const call_options& per_call, CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, void(result<page<T>>)>(
        [](auto handler, executor_type ex, std::shared_ptr<state> st, call_options per) {
          const char* refusal = nullptr;
          if (!st || !st->fetch) {
            refusal = "this async_pager was moved from";
          } else if (st->cursor.done()) {
            refusal = "the listing is complete: there is no next page";
          } else if (st->busy) {
            refusal = "a page of this listing is already being fetched";
          }
          if (refusal != nullptr) {
            result<page<T>> failed = detail::make_error(errc::invalid_argument, refusal);
            boost::asio::post(ex, boost::asio::append(std::move(handler), std::move(failed)));
            return;
          }
          st->busy = true;
          boost::asio::any_io_executor target = boost::asio::get_associated_executor(handler, ex);
          st->fetch(
              st, per,
              boost::asio::bind_executor(
                  std::move(target),
                  boost::asio::any_completion_handler<void(result<page<T>>)>(std::move(handler))));
        },
        token, executor_, state_, per_call);
  }

private:
  executor_type executor_;
  std::shared_ptr<state> state_;
};

ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_ASYNC_PAGER_HPP
