// SPDX-License-Identifier: MIT
// acs_rooms compile-time benchmark: the compile floor, a TU that includes nlohmann/json and date
// and parses once (what any user of those two libraries pays). Not a test; only compiled.
#include <date/date.h>
#include <nlohmann/json.hpp>

int main(int argc, char** argv) {
  const auto j = nlohmann::json::parse(argc > 1 ? argv[1] : "{}", nullptr, false);
  const date::year_month_day ymd{date::floor<date::days>(std::chrono::system_clock::now())};
  return j.is_object() && ymd.ok() ? 0 : 1;
}
