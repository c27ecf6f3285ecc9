// SPDX-License-Identifier: MIT
// acs_rooms tests (snippets): docs/credentials.md "Testing with the emulator", run: the
// snippet's signer gets its token from the emulator's IMDS; the injected 500 fails the first
// call with the endpoint's status, the next one creates a room.
#include <acs/rooms.hpp>
#include <acs/rooms/credentials.hpp>
#include <acs/rooms/emulator.hpp>

#include <cstdio>

int main() {
#include "credentials_emulator.hpp"
  acs::rooms::client_options options;
  options.clock = emu.clock();
  acs::rooms::rooms_client<acs::rooms::emulator&, acs::rooms::bearer_token_signer> client(
      "https://emu.local", emu, signer, options);
  const auto failed = client.create_room();
  const auto created = client.create_room();
  if (failed || failed.error().status != 500 || !created || emu.room_count() != 1) {
    std::puts("the docs/credentials.md emulator snippet does not work");
    return 1;
  }
  return 0;
}
