// SPDX-License-Identifier: MIT
// acs_rooms layer 1 (foundations): result<T>, a value or an error, spelled like std::expected.
#pragma once

#include <acs/rooms/error.hpp>

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

ACS_ROOMS_NAMESPACE_BEGIN

/// Either a `T` or an `error`, spelled like `std::expected<T, error>`.
template <class T> class [[nodiscard]] result {
  static_assert(!std::is_same_v<T, acs::rooms::error>, "result<error> is ambiguous");

public:
  /// A success holding `value`.
  result(T value) : storage_(std::in_place_index<0>, std::move(value)) {}
  /// A failure holding `e`.
  result(acs::rooms::error e) : storage_(std::in_place_index<1>, std::move(e)) {}

  /// True when a value is held.
  [[nodiscard]] bool has_value() const noexcept { return storage_.index() == 0; }
  /// Same as has_value().
  explicit operator bool() const noexcept { return has_value(); }

  /// The value; throws `rooms_error` (aborts without exceptions) when an error is held.
  T& value() & {
    check();
    return *std::get_if<0>(&storage_);
  }
  /// The value; throws `rooms_error` (aborts without exceptions) when an error is held.
  const T& value() const& {
    check();
    return *std::get_if<0>(&storage_);
  }
  /// The value, moved out; throws `rooms_error` when an error is held.
  T&& value() && {
    check();
    return std::move(*std::get_if<0>(&storage_));
  }
  /// The value, or `fallback` when an error is held.
  template <class U> T value_or(U&& fallback) const& {
    return has_value() ? *std::get_if<0>(&storage_) : static_cast<T>(std::forward<U>(fallback));
  }
  /// The error. Precondition: !has_value().
  const acs::rooms::error& error() const& noexcept { return *std::get_if<1>(&storage_); }
  /// The error, moved out. Precondition: !has_value().
  acs::rooms::error&& error() && noexcept { return std::move(*std::get_if<1>(&storage_)); }

  /// The value. Precondition: has_value().
  T& operator*() & noexcept { return *std::get_if<0>(&storage_); }
  /// The value. Precondition: has_value().
  const T& operator*() const& noexcept { return *std::get_if<0>(&storage_); }
  /// The value, moved out. Precondition: has_value().
  T&& operator*() && noexcept { return std::move(*std::get_if<0>(&storage_)); }
  /// Member access to the value. Precondition: has_value().
  T* operator->() noexcept { return std::get_if<0>(&storage_); }
  /// Member access to the value. Precondition: has_value().
  const T* operator->() const noexcept { return std::get_if<0>(&storage_); }

private:
  void check() const {
    if (!has_value()) {
      ACS_ROOMS_THROW(rooms_error(*std::get_if<1>(&storage_)));
    }
  }
  std::variant<T, acs::rooms::error> storage_;
};

/// Success with nothing to return, or an `error`.
template <> class [[nodiscard]] result<void> {
public:
  /// A success.
  result() noexcept = default;
  /// A failure holding `e`.
  result(acs::rooms::error e) : error_(std::move(e)) {}

  /// True on success.
  [[nodiscard]] bool has_value() const noexcept { return !error_.has_value(); }
  /// Same as has_value().
  explicit operator bool() const noexcept { return has_value(); }
  /// Throws `rooms_error` (aborts without exceptions) on failure; does nothing on success.
  void value() const {
    if (error_) {
      ACS_ROOMS_THROW(rooms_error(*error_));
    }
  }
  /// The error. Precondition: !has_value().
  const acs::rooms::error& error() const& noexcept { return *error_; }
  /// The error, moved out. Precondition: !has_value().
  acs::rooms::error&& error() && noexcept { return std::move(*error_); }

private:
  std::optional<acs::rooms::error> error_;
};

ACS_ROOMS_NAMESPACE_END
