// SPDX-License-Identifier: MIT
// Consumer test: a unit test's use of the emulator component (acs_rooms::emulator, pkg-config
// acs_rooms_emulator, meson dependency('acs_rooms_emulator')): a real client against the Rooms
// service in process, with no network.

#include <acs/rooms.hpp>
#include <acs/rooms/emulator.hpp>

#include <iostream>

int main() {
  acs::rooms::emulator service;
  auto client = acs::rooms::make_client<acs::rooms::emulator&>(
      service.connection_string("https://emulator.local"), service);
  if (!client) {
    std::cerr << client.error().describe() << '\n';
    return 1;
  }
  auto created = client->create_room();
  if (!created || service.room_count() != 1 || !client->delete_room(created->id)) {
    std::cerr << "create or delete against the in-process emulator failed\n";
    return 1;
  }
  std::cout << "emulator: ok\n";
  return 0;
}
