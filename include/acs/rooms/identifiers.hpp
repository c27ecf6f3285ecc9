// SPDX-License-Identifier: MIT
// acs_rooms layer 2 (data): communication_identifier and its raw-id forms.
#pragma once

#include <acs/rooms/config.hpp>

#include <string>
#include <string_view>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// The kinds of communication identifier a raw id can name.
enum class identifier_kind {
  communication_user,   ///< "8:acs:...", "8:spool:...", "8:dod-acs:...", "8:gcch-acs:..."
  phone_number,         ///< "4:<number>"
  microsoft_teams_user, ///< "8:orgid:", "8:dod:", "8:gcch:", "8:teamsvisitor:"
  microsoft_teams_app,  ///< "28:orgid:", "28:dod:", "28:gcch:"
  teams_extension_user, ///< "8:acs:<resource>_<tenant>_<user>" (and dod/gcch variants)
  unknown,              ///< anything else; kept verbatim
};

/// The cloud a Teams or extension identifier belongs to.
enum class cloud_environment { public_cloud, dod, gcch };

/// A participant's identity, held as its raw id; the kind and parts are derived from it.
/// Parsing follows the official SDKs (JS 2.5, .NET): split on every ':' and require 3 parts.
class communication_identifier {
public:
  /// An empty identifier of kind `unknown`.
  communication_identifier() = default;
  /// Reads any raw id; never fails (an unrecognised one is of kind `unknown`).
  static communication_identifier from_raw_id(std::string raw_id) {
    const identifier_kind kind = classify(raw_id);
    return communication_identifier(std::move(raw_id), kind);
  }
  /// An ACS user, e.g. "8:acs:<resource>_<guid>"; the id is the raw id.
  static communication_identifier communication_user(std::string id) {
    return communication_identifier(std::move(id), identifier_kind::communication_user);
  }
  /// A phone number: raw id "4:" + the number as given (no '+' added or removed).
  static communication_identifier phone_number(std::string e164) {
    return communication_identifier("4:" + e164, identifier_kind::phone_number);
  }
  /// A Teams user: "8:orgid:<id>" (or dod/gcch), or "8:teamsvisitor:<id>" when anonymous.
  static communication_identifier
  microsoft_teams_user(std::string_view user_id, bool anonymous = false,
                       cloud_environment cloud = cloud_environment::public_cloud) {
    std::string prefix = anonymous                          ? "8:teamsvisitor:"
                         : cloud == cloud_environment::dod  ? "8:dod:"
                         : cloud == cloud_environment::gcch ? "8:gcch:"
                                                            : "8:orgid:";
    return communication_identifier(prefix.append(user_id), identifier_kind::microsoft_teams_user);
  }
  /// A Teams app: "28:orgid:<id>" (or dod/gcch).
  static communication_identifier
  microsoft_teams_app(std::string_view app_id,
                      cloud_environment cloud = cloud_environment::public_cloud) {
    std::string prefix = cloud == cloud_environment::dod    ? "28:dod:"
                         : cloud == cloud_environment::gcch ? "28:gcch:"
                                                            : "28:orgid:";
    return communication_identifier(prefix.append(app_id), identifier_kind::microsoft_teams_app);
  }
  /// A Teams Phone extension user: "8:acs:<resource>_<tenant>_<user>" (or dod-acs/gcch-acs).
  static communication_identifier
  teams_extension_user(std::string_view user_id, std::string_view tenant_id,
                       std::string_view resource_id,
                       cloud_environment cloud = cloud_environment::public_cloud) {
    std::string raw = cloud == cloud_environment::dod    ? "8:dod-acs:"
                      : cloud == cloud_environment::gcch ? "8:gcch-acs:"
                                                         : "8:acs:";
    raw.append(resource_id).append("_").append(tenant_id).append("_").append(user_id);
    return from_raw_id(std::move(raw));
  }

  /// What kind of identity this is.
  [[nodiscard]] identifier_kind kind() const noexcept { return kind_; }
  /// The raw id, exactly as given or as the service sent it.
  [[nodiscard]] const std::string& raw_id() const noexcept { return raw_id_; }

  /// Phone number: the text after "4:"; empty for other kinds.
  [[nodiscard]] std::string_view phone_number_value() const noexcept {
    return kind_ == identifier_kind::phone_number ? std::string_view(raw_id_).substr(2)
                                                  : std::string_view();
  }
  /// Phone number: the asserted id after the last '_' (empty if none). Empty for other kinds.
  [[nodiscard]] std::string_view asserted_id() const noexcept {
    const std::string_view value = phone_number_value();
    const auto cut = value.rfind('_');
    return cut == std::string_view::npos ? std::string_view() : value.substr(cut + 1);
  }
  /// True for "4:anonymous" and for "8:teamsvisitor:" users.
  [[nodiscard]] bool is_anonymous() const noexcept {
    return raw_id_ == "4:anonymous" || (kind_ == identifier_kind::microsoft_teams_user &&
                                        raw_id_.compare(0, 15, "8:teamsvisitor:") == 0);
  }
  /// Teams user id, Teams app id or extension user id; the whole raw id for ACS users and
  /// unknown ids; the number for phone numbers.
  [[nodiscard]] std::string_view id() const noexcept {
    const std::string_view raw(raw_id_);
    switch (kind_) {
    case identifier_kind::phone_number:
      return raw.substr(2);
    case identifier_kind::microsoft_teams_user:
    case identifier_kind::microsoft_teams_app:
      return raw.substr(raw.rfind(':') + 1);
    case identifier_kind::teams_extension_user:
      return raw.substr(raw.rfind('_') + 1);
    default:
      return raw;
    }
  }
  /// Extension user: the tenant id; empty for other kinds.
  [[nodiscard]] std::string_view tenant_id() const noexcept { return extension_part(1); }
  /// Extension user: the resource id; empty for other kinds.
  [[nodiscard]] std::string_view resource_id() const noexcept { return extension_part(0); }
  /// The cloud of a Teams user, Teams app or extension user (public for every other kind).
  [[nodiscard]] cloud_environment cloud() const noexcept {
    const std::string_view raw(raw_id_);
    const std::string_view middle = raw.substr(0, raw.find(':', raw.find(':') + 1) + 1);
    if (middle == "8:dod:" || middle == "28:dod:" || middle == "8:dod-acs:") {
      return cloud_environment::dod;
    }
    if (middle == "8:gcch:" || middle == "28:gcch:" || middle == "8:gcch-acs:") {
      return cloud_environment::gcch;
    }
    return cloud_environment::public_cloud;
  }

  /// Same raw id.
  friend bool operator==(const communication_identifier& a, const communication_identifier& b) {
    return a.raw_id_ == b.raw_id_;
  }
  /// Different raw ids.
  friend bool operator!=(const communication_identifier& a, const communication_identifier& b) {
    return !(a == b);
  }
  /// Ordered by raw id, so identifiers can key a std::map.
  friend bool operator<(const communication_identifier& a, const communication_identifier& b) {
    return a.raw_id_ < b.raw_id_;
  }

  /// The kind a raw id names (auth-identifiers.md §4.2).
  static identifier_kind classify(std::string_view raw) noexcept {
    if (raw.substr(0, 2) == "4:") {
      return identifier_kind::phone_number;
    }
    const auto first = raw.find(':');
    const auto second = first == std::string_view::npos ? first : raw.find(':', first + 1);
    if (second == std::string_view::npos || raw.find(':', second + 1) != std::string_view::npos) {
      return identifier_kind::unknown; // not exactly three ':'-separated segments
    }
    const std::string_view prefix = raw.substr(0, second + 1);
    const std::string_view suffix = raw.substr(second + 1);
    if (prefix == "8:teamsvisitor:" || prefix == "8:orgid:" || prefix == "8:dod:" ||
        prefix == "8:gcch:") {
      return identifier_kind::microsoft_teams_user;
    }
    if (prefix == "8:acs:" || prefix == "8:dod-acs:" || prefix == "8:gcch-acs:") {
      const auto a = suffix.find('_');
      const auto b = a == std::string_view::npos ? a : suffix.find('_', a + 1);
      const bool three = b != std::string_view::npos && suffix.find('_', b + 1) == suffix.npos;
      return three ? identifier_kind::teams_extension_user : identifier_kind::communication_user;
    }
    if (prefix == "8:spool:") {
      return identifier_kind::communication_user;
    }
    if (prefix == "28:orgid:" || prefix == "28:dod:" || prefix == "28:gcch:") {
      return identifier_kind::microsoft_teams_app;
    }
    return identifier_kind::unknown;
  }

private:
  communication_identifier(std::string raw, identifier_kind kind)
      : raw_id_(std::move(raw)), kind_(kind) {}

  std::string_view extension_part(int index) const noexcept {
    if (kind_ != identifier_kind::teams_extension_user) {
      return {};
    }
    std::string_view suffix(raw_id_);
    suffix = suffix.substr(suffix.rfind(':') + 1);
    const auto a = suffix.find('_');
    const auto b = suffix.find('_', a + 1);
    return index == 0 ? suffix.substr(0, a) : suffix.substr(a + 1, b - a - 1);
  }

  std::string raw_id_;
  identifier_kind kind_ = identifier_kind::unknown;
};

ACS_ROOMS_NAMESPACE_END
