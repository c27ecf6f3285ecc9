// SPDX-License-Identifier: MIT
// acs_rooms layer 4 (pure layer): pager<T>, the lazy range over nextLink pages.
#pragma once

#include <acs/rooms/models.hpp>
#include <acs/rooms/result.hpp>

#include <cstddef>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// A lazy listing: no request is made until next_page() (or iteration) asks for one. Each page
/// is fetched by a function given the next-page link (nullopt for the first page), so the pager
/// itself does no I/O. A failed fetch changes nothing: call next_page() again to retry.
/// The pager refers to the client that made it; the client must outlive it.
template <class T> class pager {
public:
  /// Fetches one page: nullopt means the first page, else the link to follow verbatim.
  using fetch_function = std::function<result<page<T>>(const std::optional<std::string>&)>;

  /// A pager that starts at the first page.
  explicit pager(fetch_function fetch) : fetch_(std::move(fetch)) {}
  /// A pager that resumes from a continuation token taken from another pager.
  pager(fetch_function fetch, std::string continuation_token)
      : fetch_(std::move(fetch)), next_link_(std::move(continuation_token)), started_(true) {}

  /// True once a page without a next link has been returned.
  [[nodiscard]] bool done() const noexcept { return started_ && !next_link_; }

  /// Fetches the next page (possibly empty, even when more follow). After the last page this
  /// fails with `invalid_argument`.
  result<page<T>> next_page() {
    if (done()) {
      return detail::make_error(errc::invalid_argument,
                                "the listing is complete: there is no next page");
    }
    auto fetched = fetch_(next_link_);
    if (fetched) {
      started_ = true;
      next_link_ = fetched->next_link;
    }
    return fetched;
  }

  /// Where to resume later (the next page's link), or nullopt before the first page and after
  /// the last one.
  [[nodiscard]] std::optional<std::string> continuation_token() const { return next_link_; }

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
  fetch_function fetch_;
  std::optional<std::string> next_link_;
  bool started_ = false;
};

ACS_ROOMS_NAMESPACE_END
