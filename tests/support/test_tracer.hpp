// SPDX-License-Identifier: MIT
// acs_rooms tests: a tracer that records every span (name, kind, parent, attributes, status, end)
// and injects a W3C traceparent, so tests check what a tracing library would see.
#pragma once

#include <acs/rooms/tracing.hpp>

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace acs_rooms_test {

/// One span as recorded.
struct recorded_span {
  std::string name;
  acs::rooms::span_kind kind = acs::rooms::span_kind::internal;
  int parent = -1; ///< index in test_tracer::spans, -1: none
  std::map<std::string, std::variant<std::string, std::int64_t>> attributes;
  acs::rooms::span_status status = acs::rooms::span_status::unset;
  std::string description;
  int ends = 0;            ///< how often end() was called (must be 1)
  std::string traceparent; ///< what inject() wrote

  /// A string attribute, or "" when absent or not a string.
  std::string text(const std::string& key) const {
    const auto it = attributes.find(key);
    return it != attributes.end() && std::holds_alternative<std::string>(it->second)
               ? std::get<std::string>(it->second)
               : std::string();
  }
  /// An integer attribute, or -1 when absent or not an integer.
  std::int64_t number(const std::string& key) const {
    const auto it = attributes.find(key);
    return it != attributes.end() && std::holds_alternative<std::int64_t>(it->second)
               ? std::get<std::int64_t>(it->second)
               : -1;
  }
};

/// Records spans; thread-safe.
class test_tracer : public acs::rooms::tracer {
public:
  /// Every span opened, in order.
  std::vector<recorded_span> spans() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return spans_;
  }

  std::unique_ptr<acs::rooms::span> start_span(std::string_view name, acs::rooms::span_kind kind,
                                               acs::rooms::span* parent) override {
    std::lock_guard<std::mutex> lock(mutex_);
    recorded_span s;
    s.name = std::string(name);
    s.kind = kind;
    if (parent != nullptr) {
      s.parent = static_cast<recorded*>(parent)->index;
    }
    spans_.push_back(std::move(s));
    return std::make_unique<recorded>(*this, static_cast<int>(spans_.size() - 1));
  }

private:
  struct recorded : acs::rooms::span {
    recorded(test_tracer& t, int i) : owner(t), index(i) {}
    void set_attribute(std::string_view key, std::string_view value) override {
      std::lock_guard<std::mutex> lock(owner.mutex_);
      owner.spans_[static_cast<std::size_t>(index)].attributes[std::string(key)] =
          std::string(value);
    }
    void set_attribute(std::string_view key, std::int64_t value) override {
      std::lock_guard<std::mutex> lock(owner.mutex_);
      owner.spans_[static_cast<std::size_t>(index)].attributes[std::string(key)] = value;
    }
    void set_status(acs::rooms::span_status status, std::string_view description) override {
      std::lock_guard<std::mutex> lock(owner.mutex_);
      auto& s = owner.spans_[static_cast<std::size_t>(index)];
      s.status = status;
      s.description = std::string(description);
    }
    void inject(acs::rooms::http_headers& headers) override {
      char value[64];
      std::snprintf(value, sizeof value, "00-%032x-%016x-01", 0xACE, index + 1);
      headers.set("traceparent", value);
      std::lock_guard<std::mutex> lock(owner.mutex_);
      owner.spans_[static_cast<std::size_t>(index)].traceparent = value;
    }
    void end() override {
      std::lock_guard<std::mutex> lock(owner.mutex_);
      ++owner.spans_[static_cast<std::size_t>(index)].ends;
    }
    test_tracer& owner;
    int index;
  };

  mutable std::mutex mutex_;
  std::vector<recorded_span> spans_;
};

} // namespace acs_rooms_test
