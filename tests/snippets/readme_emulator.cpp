// SPDX-License-Identifier: MIT
// acs_rooms tests (snippets): README "Emulator", run: the snippet's
// client creates, reads and deletes a room on the in-process emulator.
#include <acs/rooms.hpp>
#include <acs/rooms/emulator.hpp>

#include <cstdio>

int main() {
#include "readme_emulator.hpp"
  const auto created = client.create_room();
  if (!created || client.get_room(created->id)->id != created->id ||
      !client.delete_room(created->id) || !client.get_room(created->id).error().is_not_found()) {
    std::puts("the README emulator snippet does not work");
    return 1;
  }
  return 0;
}
