// SPDX-License-Identifier: MIT
// acs_rooms layer 4 (pure): the tracing hook - a `tracer` the clients open spans with, so any
// tracing library (OpenTelemetry, your own) plugs in without the library depending on it.
#pragma once

#include <acs/rooms/http.hpp>

#include <cstdint>
#include <memory>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN

/// What a span stands for (OpenTelemetry's SpanKind, the two the clients use).
enum class span_kind {
  internal, ///< one public method, e.g. RoomsClient.CreateRoom, around all its attempts
  client,   ///< one HTTP attempt
};

/// How a span ended.
enum class span_status {
  unset, ///< not said (a success, by OpenTelemetry's convention)
  ok,    ///< explicitly a success
  error, ///< a failure; the description says what failed (never a secret)
};

/// One span a `tracer` opened. The client sets attributes and a status on it, asks it to put
/// its context in a request's headers, and calls end() once (last). Attribute names follow
/// OpenTelemetry's HTTP conventions and the Azure SDK's (docs/tracing.md has the table).
class span {
public:
  virtual ~span() = default;
  /// Sets a string attribute.
  virtual void set_attribute(std::string_view key, std::string_view value) = 0;
  /// Sets an integer attribute.
  virtual void set_attribute(std::string_view key, std::int64_t value) = 0;
  /// Sets the status; `description` is set with `error` only.
  virtual void set_status(span_status status, std::string_view description = {}) = 0;
  /// Writes this span's context into `headers`: W3C `traceparent`, and `tracestate` when there
  /// is one (set(), so a retried request carries its own attempt's span). Default: nothing.
  virtual void inject(http_headers& headers) { static_cast<void>(headers); }
  /// Ends the span; nothing is called on it afterwards.
  virtual void end() = 0;
};

/// Opens spans; give one to `client_options::tracer`. Called from any thread that makes calls
/// (and from the executor's threads for the async client), so it must be thread-safe.
class tracer {
public:
  virtual ~tracer() = default;
  /// A new span named `name`, child of `parent`, or of the tracer's own current context (the
  /// caller's active span, say) when `parent` is null. May return null: that span is skipped.
  virtual std::unique_ptr<span> start_span(std::string_view name, span_kind kind, span* parent) = 0;
};

/// The `az.namespace` attribute of every span (the Azure resource provider).
inline constexpr std::string_view tracing_namespace = "Microsoft.Communication";

ACS_ROOMS_NAMESPACE_END
