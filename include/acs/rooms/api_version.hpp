// SPDX-License-Identifier: MIT
// acs_rooms layer 2 (data): api_version and what each version may send.
#pragma once

#include <acs/rooms/config.hpp>

#include <string>
#include <string_view>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
/// True when version string `v` is `date` or newer (version strings sort by their date prefix).
constexpr bool version_at_least(std::string_view v, std::string_view date) noexcept {
  return v.substr(0, date.size()) >= date;
}
/// True when `v` has `pstnDialOutEnabled` (2023-10-30-preview and later).
constexpr bool version_has_pstn(std::string_view v) noexcept {
  return version_at_least(v, "2023-10-30");
}
/// True when `v` speaks the 2022-02-01 dialect (join policy, participants:add/:update/:remove;
/// no listing): versions from 2022-02-01 up to, not including, 2023-03-31-preview.
constexpr bool version_is_2022_dialect(std::string_view v) noexcept {
  return version_at_least(v, "2022-02-01") && !version_at_least(v, "2023-03-31");
}
/// True when `v` has the `Collaborator` role (2025-03-13 and later).
constexpr bool version_has_collaborator(std::string_view v) noexcept {
  return version_at_least(v, "2025-03-13");
}
} // namespace detail

/// The Rooms `api-version` to speak. Extensible: any version string may be given; features are
/// enabled by comparing its date prefix, which sorts like the versions themselves.
class api_version {
public:
  /// Any version string, e.g. "2025-03-13" or "2023-10-30-preview".
  explicit api_version(std::string value) : value_(std::move(value)) {}
  /// The retired 2022-02-01 preview dialect: `roomJoinPolicy`, participants in the room,
  /// `participants:add|:update|:remove`, no listing of rooms.
  static const api_version v2022_02_01;
  /// First GA: rooms, roles Presenter/Attendee/Consumer, no PSTN dial-out.
  static const api_version v2023_06_14;
  /// Adds `pstnDialOutEnabled`.
  static const api_version v2024_04_15;
  /// Adds the `Collaborator` role. The default.
  static const api_version v2025_03_13;
  /// The newest version this library knows: v2025_03_13.
  static const api_version latest;

  /// The string sent as `api-version`.
  [[nodiscard]] const std::string& value() const noexcept { return value_; }
  /// True when rooms carry `pstnDialOutEnabled` (2023-10-30-preview and later).
  [[nodiscard]] bool has_pstn_dial_out() const noexcept { return detail::version_has_pstn(value_); }
  /// True when the `Collaborator` role exists (2025-03-13 and later).
  [[nodiscard]] bool has_collaborator() const noexcept {
    return detail::version_has_collaborator(value_);
  }

  /// True for the 2022-02-01 dialect (see v2022_02_01), whose operations differ from GA's.
  [[nodiscard]] bool is_2022_dialect() const noexcept {
    return detail::version_is_2022_dialect(value_);
  }

  /// Same version string.
  friend bool operator==(const api_version& a, const api_version& b) {
    return a.value_ == b.value_;
  }
  /// Different version strings.
  friend bool operator!=(const api_version& a, const api_version& b) { return !(a == b); }

private:
  std::string value_;
};

inline const api_version api_version::v2022_02_01{"2022-02-01"};
inline const api_version api_version::v2023_06_14{"2023-06-14"};
inline const api_version api_version::v2024_04_15{"2024-04-15"};
inline const api_version api_version::v2025_03_13{"2025-03-13"};
inline const api_version api_version::latest = api_version::v2025_03_13;

ACS_ROOMS_NAMESPACE_END
