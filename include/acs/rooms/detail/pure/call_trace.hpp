// SPDX-License-Identifier: MIT
// acs_rooms layer 4 (pure), internal: call_trace, the spans of one call - the method's span and
// one client span per HTTP attempt - with their attributes, for the call machine.
#pragma once

#include <acs/rooms/detail/foundations/url.hpp>
#include <acs/rooms/error.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/tracing.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// `url` for the `url.full` attribute: every query value but api-version's is REDACTED (a
/// continuation token or a user's filter is nobody's business in a trace).
inline std::string redacted_url(std::string_view url) {
  const auto question = url.find('?');
  if (question == std::string_view::npos) {
    return std::string(url);
  }
  std::string out(url.substr(0, question + 1));
  std::string_view query = url.substr(question + 1);
  bool first = true;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const auto eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    out += first ? "" : "&";
    first = false;
    out += key;
    if (eq != std::string_view::npos) {
      out += key == "api-version" ? pair.substr(eq) : std::string_view("=REDACTED");
    }
  }
  return out;
}

/// A span that is ended when dropped, if nobody ended it before.
class owned_span {
public:
  owned_span() = default;
  explicit owned_span(std::unique_ptr<span> s) noexcept : span_(std::move(s)) {}
  owned_span(owned_span&&) noexcept = default;
  owned_span& operator=(owned_span&& other) noexcept {
    end();
    span_ = std::move(other.span_);
    return *this;
  }
  owned_span(const owned_span&) = delete;
  owned_span& operator=(const owned_span&) = delete;
  ~owned_span() { end(); }

  span* get() const noexcept { return span_.get(); }
  span* operator->() const noexcept { return span_.get(); }
  explicit operator bool() const noexcept { return span_ != nullptr; }
  void end() {
    if (span_) {
      span_->end();
      span_.reset();
    }
  }

private:
  std::unique_ptr<span> span_;
};

/// The spans of one call. Empty (and free) without a tracer.
class call_trace {
public:
  call_trace() = default;
  /// Opens the method's span `name` (internal) on `tracer`.
  call_trace(std::shared_ptr<tracer> t, std::string_view name) : tracer_(std::move(t)) {
    if (tracer_) {
      method_ = owned_span(tracer_->start_span(name, span_kind::internal, nullptr));
      if (method_) {
        method_->set_attribute("az.namespace", tracing_namespace);
      }
    }
  }

  /// An attempt of `request` starts: its client span, and its context in the headers.
  /// `resend_count` is 0 for the first attempt.
  void attempt_started(http_request& request, int resend_count) {
    if (!tracer_) {
      return;
    }
    attempt_ = owned_span(tracer_->start_span(request.method, span_kind::client, method_.get()));
    if (!attempt_) {
      return;
    }
    attempt_->set_attribute("az.namespace", tracing_namespace);
    attempt_->set_attribute("http.request.method", request.method);
    attempt_->set_attribute("url.full", redacted_url(request.url));
    if (const auto url = parse_url(request.url)) {
      attempt_->set_attribute("server.address", url->host);
      const std::string port =
          url->port.empty() ? (url->scheme == "https" ? "443" : "80") : url->port;
      attempt_->set_attribute("server.port", static_cast<std::int64_t>(std::stoi(port)));
    }
    if (const auto id = request.headers.get("x-ms-client-request-id")) {
      attempt_->set_attribute("az.client_request_id", *id);
    }
    if (resend_count > 0) {
      attempt_->set_attribute("http.request.resend_count", static_cast<std::int64_t>(resend_count));
    }
    attempt_->inject(request.headers);
  }

  /// The attempt was answered with `status`.
  void attempt_answered(const http_response& response) {
    if (!attempt_) {
      return;
    }
    attempt_->set_attribute("http.response.status_code",
                            static_cast<std::int64_t>(response.status));
    if (const auto id = response.headers.get("x-ms-request-id")) {
      attempt_->set_attribute("az.service_request_id", *id);
    }
    if (response.status >= 400) {
      const std::string status = std::to_string(response.status);
      attempt_->set_attribute("error.type", status);
      attempt_->set_status(span_status::error, "HTTP " + status);
    }
    attempt_.end();
  }

  /// The attempt ended without an answer (or was never sent: signing failed, or cancelled).
  void attempt_failed(const error& e) {
    if (!attempt_) {
      return;
    }
    attempt_->set_attribute("error.type", to_string(e.kind));
    attempt_->set_status(span_status::error, e.message);
    attempt_.end();
  }

  /// The call is over: `e` is its error, or null on success. Ends every span.
  void finished(const error* e) {
    if (e != nullptr) {
      attempt_failed(*e);
      if (method_) {
        method_->set_attribute("error.type", e->status >= 400 ? std::to_string(e->status)
                                                              : std::string(to_string(e->kind)));
        method_->set_status(span_status::error, e->message);
      }
    }
    attempt_.end();
    method_.end();
  }

private:
  std::shared_ptr<tracer> tracer_;
  owned_span method_;
  owned_span attempt_;
};

} // namespace detail
ACS_ROOMS_NAMESPACE_END
