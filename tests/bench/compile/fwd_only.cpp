// SPDX-License-Identifier: MIT
// acs_rooms compile-time benchmark: what a TU pays with nlohmann/json_fwd.hpp, date and the
// standard headers the library uses, but no JSON parser: the least a separate-compilation build
// could cost. Not a test; only compiled.
#include <date/date.h>
#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

int main() {
  const date::year_month_day ymd{date::floor<date::days>(std::chrono::system_clock::now())};
  std::function<int()> f = [&ymd] { return ymd.ok() ? 0 : 1; };
  return f();
}
