// SPDX-License-Identifier: MIT
// acs_rooms layer 1 (foundations, detail): function_ref, a non-owning reference to a callable, so
// that a template can hand its lambda to a function compiled once (no allocation, no copy).
#pragma once

#include <acs/rooms/config.hpp>

#include <memory>
#include <type_traits>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
template <class Signature> class function_ref;

/// Calls the callable it was made from, which must outlive it (a function argument does).
template <class R, class... Args> class function_ref<R(Args...)> {
public:
  /// Refers to `f` (not copied).
  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, function_ref>>>
  function_ref(F&& f) noexcept // NOLINT: implicit, like a reference
      : object_(const_cast<void*>(static_cast<const void*>(std::addressof(f)))),
        call_([](void* object, Args... args) -> R {
          return (*static_cast<std::remove_reference_t<F>*>(object))(std::forward<Args>(args)...);
        }) {}

  /// Calls the callable.
  R operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }

private:
  void* object_;
  R (*call_)(void*, Args...);
};
} // namespace detail
ACS_ROOMS_NAMESPACE_END
