// SPDX-License-Identifier: MIT
// acs_rooms tests (snippets): docs/usage.md "Using the builders and parsers directly", run with
// the snippet's "your I/O" answered by the in-process emulator (deferred: no thread, no socket).
#include <acs/rooms.hpp>
#include <acs/rooms/emulator.hpp>

#include <chrono>
#include <cstdio>
#include <future>

namespace {
const char* const access_key = "pw==";

acs::rooms::emulator& service() {
  static acs::rooms::emulator emu([] {
    acs::rooms::emulator_options o;
    o.access_key = access_key;
    return o;
  }());
  return emu;
}

std::future<acs::rooms::http_response> my_async_http(const acs::rooms::http_request& request) {
  return std::async(std::launch::deferred, [request] { return service().send(request); });
}
} // namespace

int main() {
#include "readme_builders.hpp"
  // The signed request reached the room lookup (no such room), so it was built and signed right.
  if (r || !r.error().is_not_found()) {
    std::puts(r ? "unexpected room" : r.error().describe().c_str());
    return 1;
  }
  return 0;
}
