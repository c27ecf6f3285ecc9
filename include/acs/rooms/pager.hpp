// SPDX-License-Identifier: MIT
// acs_rooms layer 5 (client): pager<T>, a lazy listing that owns what it needs to fetch pages.
#pragma once

#include <acs/rooms/call.hpp>
#include <acs/rooms/error.hpp>
#include <acs/rooms/models.hpp>
#include <acs/rooms/pagination.hpp>
#include <acs/rooms/result.hpp>

#include <cstddef>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// A lazy listing: no request is made until next_page() (or iteration) asks for one. The fetch
/// function it is given owns (shares) what it needs — endpoint, transport, signer, options —
/// so a pager stays valid after its client is moved or destroyed. A failed fetch changes
/// nothing: call next_page() again to retry.
template <class T> class pager {
public:
  /// Fetches the page at `link` (nullopt: the first page) and accepts it into `cursor`.
  using fetch_function =
      std::function<result<page<T>>(page_cursor& cursor, const call_options* per_call)>;

  /// The first round's fetch: given the link (nullopt: the first page), returns the page.
  using link_fetch_function = std::function<result<page<T>>(const std::optional<std::string>&)>;

  /// A pager that starts at the first page.
  explicit pager(fetch_function fetch) : fetch_(std::move(fetch)) {}
  /// A pager that resumes from a continuation token taken from another pager.
  pager(fetch_function fetch, std::string continuation_token)
      : fetch_(std::move(fetch)), cursor_(std::move(continuation_token)) {}
  /// A pager over a fetch by link (the cursor's bookkeeping, cycle refusal included, is added).
  explicit pager(link_fetch_function fetch) : pager(by_link(std::move(fetch))) {}
  /// A pager over a fetch by link, resumed from a continuation token.
  pager(link_fetch_function fetch, std::string continuation_token)
      : pager(by_link(std::move(fetch)), std::move(continuation_token)) {}

  /// True once a page without a next link has been returned.
  [[nodiscard]] bool done() const noexcept { return cursor_.done(); }

  /// Fetches the next page (possibly empty, even when more follow). After the last page this
  /// fails with `invalid_argument`.
  result<page<T>> next_page() { return next(nullptr); }
  /// next_page() with a per-call deadline or cancellation token.
  result<page<T>> next_page(const call_options& per_call) { return next(&per_call); }

  /// Where to resume later (the next page's link), or nullopt before the first page and after
  /// the last one.
  [[nodiscard]] std::optional<std::string> continuation_token() const {
    return cursor_.next_link();
  }

  /// Walks the items of every remaining page, fetching pages as needed (empty pages are
  /// skipped). A failed fetch throws `rooms_error` (aborts without exceptions).
  class iterator {
  public:
    using iterator_category = std::input_iterator_tag; ///< single pass
    using value_type = T;                              ///< an item
    using difference_type = std::ptrdiff_t;            ///< unused
    using pointer = T*;                                ///< pointer to an item
    using reference = T&;                              ///< reference to an item

    /// The end iterator.
    iterator() = default;
    /// The current item.
    reference operator*() const { return items_[index_]; }
    /// Member access to the current item.
    pointer operator->() const { return &items_[index_]; }
    /// Moves to the next item, fetching pages as needed.
    iterator& operator++() {
      ++index_;
      settle();
      return *this;
    }
    /// Equal when both are at the end.
    friend bool operator==(const iterator& a, const iterator& b) { return a.owner_ == b.owner_; }
    /// Negation of ==.
    friend bool operator!=(const iterator& a, const iterator& b) { return !(a == b); }

  private:
    friend class pager;
    explicit iterator(pager* owner) : owner_(owner) { settle(); }
    void settle() {
      while (owner_ != nullptr && index_ >= items_.size()) {
        if (owner_->done()) {
          owner_ = nullptr;
          return;
        }
        auto next = owner_->next_page();
        if (!next) {
          ACS_ROOMS_THROW(rooms_error(next.error()));
        }
        items_ = std::move(next->items);
        index_ = 0;
      }
    }
    pager* owner_ = nullptr;
    mutable std::vector<T> items_;
    std::size_t index_ = 0;
  };

  /// Starts iteration at the next unfetched page.
  iterator begin() { return iterator(this); }
  /// The end of iteration.
  iterator end() { return iterator(); }

private:
  static fetch_function by_link(link_fetch_function fetch) {
    if (!fetch) {
      return {};
    }
    return [fetch = std::move(fetch)](page_cursor& cursor, const call_options*) {
      const std::optional<std::string> link = cursor.next_link();
      auto fetched = fetch(link);
      if (fetched) {
        if (auto e = cursor.accept(link ? std::string_view(*link) : std::string_view(),
                                   fetched->next_link, fetched->items.size())) {
          return result<page<T>>(std::move(*e));
        }
      }
      return fetched;
    };
  }

  result<page<T>> next(const call_options* per_call) {
    if (done()) {
      return detail::make_error(errc::invalid_argument,
                                "the listing is complete: there is no next page");
    }
    if (!fetch_) {
      return detail::make_error(errc::invalid_argument, "this pager was moved from");
    }
    return fetch_(cursor_, per_call);
  }

  fetch_function fetch_;
  page_cursor cursor_;
};

ACS_ROOMS_NAMESPACE_END
