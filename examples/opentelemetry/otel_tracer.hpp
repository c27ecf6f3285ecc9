// SPDX-License-Identifier: MIT
// acs_rooms example (not built in CI: opentelemetry-cpp is not in Debian 12): an adapter from
// acs::rooms::tracer to the OpenTelemetry C++ API. Use it as
//   options.tracer = std::make_shared<otel_tracer>(
//       opentelemetry::trace::Provider::GetTracerProvider()->GetTracer("acs_rooms"));
#pragma once

#include <acs/rooms/tracing.hpp>

#include <opentelemetry/context/propagation/global_propagator.h>
#include <opentelemetry/context/propagation/text_map_propagator.h>
#include <opentelemetry/context/runtime_context.h>
#include <opentelemetry/trace/context.h>
#include <opentelemetry/trace/provider.h>
#include <opentelemetry/trace/span.h>
#include <opentelemetry/trace/tracer.h>

#include <memory>
#include <string>
#include <string_view>

namespace otel = opentelemetry;

/// Writes OpenTelemetry's propagated fields into acs::rooms::http_headers.
class headers_carrier : public otel::context::propagation::TextMapCarrier {
public:
  explicit headers_carrier(acs::rooms::http_headers& h) : headers_(h) {}
  otel::nostd::string_view Get(otel::nostd::string_view) const noexcept override { return {}; }
  void Set(otel::nostd::string_view key, otel::nostd::string_view value) noexcept override {
    headers_.set(std::string(key.data(), key.size()), std::string(value.data(), value.size()));
  }

private:
  acs::rooms::http_headers& headers_;
};

/// One acs_rooms span as an OpenTelemetry span.
class otel_span : public acs::rooms::span {
public:
  explicit otel_span(otel::nostd::shared_ptr<otel::trace::Span> s) : span_(std::move(s)) {}
  void set_attribute(std::string_view key, std::string_view value) override {
    span_->SetAttribute({key.data(), key.size()}, std::string(value));
  }
  void set_attribute(std::string_view key, std::int64_t value) override {
    span_->SetAttribute({key.data(), key.size()}, value);
  }
  void set_status(acs::rooms::span_status status, std::string_view description) override {
    span_->SetStatus(status == acs::rooms::span_status::error ? otel::trace::StatusCode::kError
                     : status == acs::rooms::span_status::ok  ? otel::trace::StatusCode::kOk
                                                              : otel::trace::StatusCode::kUnset,
                     {description.data(), description.size()});
  }
  void inject(acs::rooms::http_headers& headers) override {
    auto context = otel::trace::SetSpan(otel::context::RuntimeContext::GetCurrent(), span_);
    headers_carrier carrier(headers);
    otel::context::propagation::GlobalTextMapPropagator::GetGlobalPropagator()->Inject(carrier,
                                                                                       context);
  }
  void end() override { span_->End(); }
  otel::nostd::shared_ptr<otel::trace::Span> get() const { return span_; }

private:
  otel::nostd::shared_ptr<otel::trace::Span> span_;
};

/// acs::rooms::tracer over an OpenTelemetry tracer.
class otel_tracer : public acs::rooms::tracer {
public:
  explicit otel_tracer(otel::nostd::shared_ptr<otel::trace::Tracer> t) : tracer_(std::move(t)) {}
  std::unique_ptr<acs::rooms::span> start_span(std::string_view name, acs::rooms::span_kind kind,
                                               acs::rooms::span* parent) override {
    otel::trace::StartSpanOptions options;
    options.kind = kind == acs::rooms::span_kind::client ? otel::trace::SpanKind::kClient
                                                         : otel::trace::SpanKind::kInternal;
    if (parent != nullptr) { // else: the caller's active span, from the runtime context
      options.parent = static_cast<otel_span*>(parent)->get()->GetContext();
    }
    return std::make_unique<otel_span>(tracer_->StartSpan({name.data(), name.size()}, options));
  }

private:
  otel::nostd::shared_ptr<otel::trace::Tracer> tracer_;
};
