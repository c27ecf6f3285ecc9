// SPDX-License-Identifier: MIT
// acs_rooms tests (snippets): docs/transports.md "A transport over cpp-httplib" (linked from the
// README's "Transport and Signer"), run here against the emulator served on loopback: create,
// add, list, delete.
#include <acs/rooms.hpp>
#include <acs/rooms/emulator.hpp>

#include "http_server.hpp" // acs-rooms-emulator's network front (programs/emulator/)

#include <httplib.h>

#include <iostream>
#include <stdexcept>
#include <string>

#include "readme_transport.hpp"

static_assert(acs::rooms::is_transport_v<my_transport>);

int main() {
  using namespace acs::rooms;
  emulator_options o;
  o.page_size = 2; // the listing takes two pages
  emulator service(o);
  emulator_http_server server(service);
  if (server.bind() < 0) {
    std::cerr << "cannot listen on loopback\n";
    return 1;
  }
  server.start();
  auto client = make_client(server.connection_string(), my_transport{}).value();
  create_room_options options;
  options.participants = {{communication_identifier::from_raw_id("8:acs:a")},
                          {communication_identifier::from_raw_id("8:acs:b")}};
  const room created = client.create_room(options).value();
  client
      .add_or_update_participants(
          created.id,
          {{communication_identifier::phone_number("+14255550123"), participant_role::consumer}})
      .value();
  int listed = 0;
  for (const room_participant& p : client.list_participants(created.id)) {
    (void)p;
    ++listed;
  }
  client.delete_room(created.id).value();
  server.stop();
  if (listed != 3 || service.room_count() != 0) {
    std::cerr << "listed " << listed << " participants, " << service.room_count()
              << " rooms left\n";
    return 1;
  }
  return 0;
}
