// SPDX-License-Identifier: MIT
// acs_rooms tests (snippets): docs/emulator.md's example, a room's life in a unit test, run with
// a REQUIRE that throws in place of Catch2's.
#include <stdexcept>

#define REQUIRE(...)                                                                               \
  do {                                                                                             \
    if (!(__VA_ARGS__)) {                                                                          \
      throw std::runtime_error("REQUIRE failed: " #__VA_ARGS__);                                   \
    }                                                                                              \
  } while (false)

#include "emulator_docs_example.hpp"

int main() {
  room_lifecycle_in_a_unit_test();
  return 0;
}
