// SPDX-License-Identifier: MIT
// acs_rooms compile-time benchmark: a TU that includes <acs/rooms.hpp> and calls every operation
// (tools/compile_bench.py times it against floor.cpp). Not a test; only compiled.
#include <acs/rooms.hpp>

namespace {
struct null_transport {
  acs::rooms::http_response send(const acs::rooms::http_request&) { return {}; }
};
} // namespace

int main() {
  using namespace acs::rooms;
  auto client =
      make_client("endpoint=https://x.communication.azure.com/;accesskey=a2V5", null_transport{})
          .value();
  int failures = 0;
  failures += client.create_room().has_value() ? 0 : 1;
  failures += client.get_room("1").has_value() ? 0 : 1;
  failures += client.update_room("1", {}).has_value() ? 0 : 1;
  failures += client.delete_room("1").has_value() ? 0 : 1;
  for (auto& r : client.list_rooms()) {
    failures += r.id.empty() ? 1 : 0;
  }
  failures += client.add_or_update_participants("1", {}).has_value() ? 0 : 1;
  failures += client.remove_participants("1", {}).has_value() ? 0 : 1;
  for (auto& p : client.list_participants("1")) {
    failures += p.id.raw_id().empty() ? 1 : 0;
  }
  return failures;
}
