// SPDX-License-Identifier: MIT
// acs_rooms: a header-only C++ client for the Azure Communication Services Rooms API.

// rooms-quickstart: the classic Rooms quickstart. Creates a room valid for a month with three
// participants, reads it, extends its lifetime, adds and removes participants, lists rooms and
// participants, and deletes the room.
//
// With ACS_CONNECTION_STRING (or COMMUNICATION_SAMPLES_CONNECTION_STRING) set, it talks to that
// resource over libcurl (trusting the PEM file ACS_ROOMS_CA_BUNDLE names, if set); otherwise it
// runs on the in-process emulator, with no network.
//
// `rooms-quickstart --classic` runs the seed-era flow on the retired api-version 2022-02-01
// instead (join policy, participants:add/:remove, get_participants), as the Python
// quickstart in examples/classic-quickstart/ does with the 1.0.0b3 SDK.

#include <acs/rooms.hpp>
#include <acs/rooms/emulator.hpp>

#if defined(ACS_ROOMS_HAVE_CURL) && ACS_ROOMS_HAVE_CURL && defined(__has_include)
#if __has_include(<acs/rooms/transport/curl.hpp>)
#include <acs/rooms/transport/curl.hpp>
#define ACS_ROOMS_QUICKSTART_CURL 1
#endif
#endif

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <vector>

namespace {

namespace rooms = acs::rooms;
using namespace std::chrono_literals;

/// A made-up ACS user id. A real application gets its users from the Identity service.
std::string example_user(std::mt19937_64& random) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string id = "8:acs:00000000-0000-0000-0000-000000000000_";
  for (int i = 0; i < 32; ++i) {
    id += hex[random() % 16];
    if (i == 7 || i == 11 || i == 15 || i == 19) {
      id += '-';
    }
  }
  return id;
}

void print_room(const char* what, const rooms::room& r) {
  std::cout << what << " room " << r.id << "\n  valid from  " << rooms::format_rfc3339(r.valid_from)
            << "\n  valid until " << rooms::format_rfc3339(r.valid_until) << "\n  PSTN dial-out "
            << (r.pstn_dial_out_enabled ? "enabled" : "disabled") << '\n';
}

/// Prints the failure of `step` and says whether it failed.
template <class Result> bool failed(const char* step, const Result& r) {
  if (r) {
    return false;
  }
  std::cerr << step << " failed: " << r.error().describe() << '\n';
  return true;
}

/// The quickstart proper, the same against the service and the emulator.
template <class Client> int run(Client& client) {
  std::mt19937_64 random{std::random_device{}()};
  const rooms::communication_identifier alice =
      rooms::communication_identifier::communication_user(example_user(random));
  const rooms::communication_identifier bob =
      rooms::communication_identifier::communication_user(example_user(random));
  const rooms::communication_identifier carol =
      rooms::communication_identifier::communication_user(example_user(random));
  const rooms::communication_identifier dave =
      rooms::communication_identifier::communication_user(example_user(random));

  // 1. A room valid for a month, with three participants.
  rooms::create_room_options create;
  create.valid_from = std::chrono::system_clock::now();
  create.valid_until = *create.valid_from + 24h * 30;
  create.participants = {{alice, rooms::participant_role::presenter},
                         {bob, rooms::participant_role::attendee},
                         {carol, rooms::participant_role::consumer}};
  const auto created = client.create_room(create);
  if (failed("create room", created)) {
    return 1;
  }
  print_room("Created", *created);
  const std::string& id = created->id;

  const auto finish = [&](int code) {
    if (const auto deleted = client.delete_room(id); failed("delete room", deleted)) {
      return 1;
    }
    std::cout << "Deleted room " << id << '\n';
    return code;
  };

  // 2. Read it back.
  const auto got = client.get_room(id);
  if (failed("get room", got)) {
    return finish(1);
  }
  print_room("Got", *got);

  // 3. Extend its lifetime to two months.
  rooms::update_room_options update;
  update.valid_until = got->valid_from + 24h * 60;
  const auto updated = client.update_room(id, update);
  if (failed("update room", updated)) {
    return finish(1);
  }
  print_room("Updated", *updated);

  // 4. Add a participant and change a role; then remove one.
  const auto added =
      client.add_or_update_participants(id, {{dave, rooms::participant_role::collaborator},
                                             {bob, rooms::participant_role::presenter}});
  if (failed("add participants", added)) {
    return finish(1);
  }
  std::cout << "Added " << dave.raw_id() << " as Collaborator; " << bob.raw_id()
            << " is now Presenter\n";
  const auto removed = client.remove_participants(id, {carol});
  if (failed("remove participants", removed)) {
    return finish(1);
  }
  std::cout << "Removed " << carol.raw_id() << '\n';

  // 5. List the resource's rooms and this room's participants, page by page.
  std::size_t count = 0;
  for (auto pages = client.list_rooms(); !pages.done();) {
    const auto page = pages.next_page();
    if (failed("list rooms", page)) {
      return finish(1);
    }
    count += page->items.size();
  }
  std::cout << "The resource has " << count << " active room(s)\n";
  std::cout << "Participants of room " << id << ":\n";
  for (auto pages = client.list_participants(id); !pages.done();) {
    const auto page = pages.next_page();
    if (failed("list participants", page)) {
      return finish(1);
    }
    for (const auto& p : page->items) {
      std::cout << "  " << p.id.raw_id() << "  " << p.role.value() << '\n';
    }
  }

  // 6. Delete it.
  return finish(0);
}

/// The classic flow on api-version 2022-02-01: the same steps as the 1.0.0b3 Python quickstart.
template <class Client> int run_classic(Client& client) {
  std::mt19937_64 random{std::random_device{}()};
  const auto user = [&random] {
    return rooms::communication_identifier::communication_user(example_user(random));
  };
  rooms::create_room_options create;
  create.valid_from = std::chrono::system_clock::now();
  create.valid_until = *create.valid_from + 24h * 30;
  create.join_policy = rooms::room_join_policy::invite_only;
  create.participants = {{user(), rooms::participant_role::presenter},
                         {user(), rooms::participant_role::attendee},
                         {user(), rooms::participant_role::consumer}};
  const auto created = client.create_room(create);
  if (failed("create room", created)) {
    return 1;
  }
  print_room("Created", *created);
  const std::string& id = created->id;
  const auto finish = [&](int code) {
    if (const auto deleted = client.delete_room(id); failed("delete room", deleted)) {
      return 1;
    }
    std::cout << "Deleted room " << id << '\n';
    return code;
  };
  const auto got = client.get_room(id);
  if (failed("get room", got)) {
    return finish(1);
  }
  print_room("Got", *got);
  std::cout << "  join policy " << (got->join_policy ? got->join_policy->value() : "?") << '\n';
  rooms::update_room_options update;
  update.valid_until = *create.valid_until + 24h * 30;
  const auto updated = client.update_room(id, update);
  if (failed("update room", updated)) {
    return finish(1);
  }
  print_room("Updated", *updated);
  const std::vector<rooms::room_participant> newcomers = {
      {user(), rooms::participant_role::attendee}, {user(), rooms::participant_role::attendee}};
  const auto added = client.add_participants(id, newcomers);
  if (failed("add participants", added)) {
    return finish(1);
  }
  std::cout << "Added " << newcomers.size() << " participants as Attendees\n";
  const auto removed = client.remove_participants(id, {newcomers[0].id});
  if (failed("remove participants", removed)) {
    return finish(1);
  }
  std::cout << "Removed " << newcomers[0].id.raw_id() << '\n';
  const auto roster = client.get_participants(id);
  if (failed("get participants", roster)) {
    return finish(1);
  }
  std::cout << "Room " << id << " has " << roster->size() << " participants:\n";
  for (const auto& p : *roster) {
    std::cout << "  " << p.id.raw_id() << "  " << p.role.value() << '\n';
  }
  return finish(roster->size() == 4 ? 0 : 1);
}

} // namespace

int main(int argc, char** argv) {
  const bool classic = argc > 1 && std::string(argv[1]) == "--classic";
  if (argc > 2 || (argc == 2 && !classic)) {
    std::cerr << "usage: rooms-quickstart [--classic]\n";
    return 2;
  }
  rooms::client_options options;
  if (classic) {
    options.version = rooms::api_version::v2022_02_01;
    std::cout << "The classic flow, on api-version 2022-02-01 (retired at the service)\n";
  }
  const auto go = [classic](auto& client) { return classic ? run_classic(client) : run(client); };
  const char* from_env = std::getenv("ACS_CONNECTION_STRING");
  if (from_env == nullptr || *from_env == '\0') {
    from_env = std::getenv("COMMUNICATION_SAMPLES_CONNECTION_STRING");
  }
  if (from_env != nullptr && *from_env != '\0') {
#if defined(ACS_ROOMS_QUICKSTART_CURL)
    const auto parsed = rooms::parse_connection_string(from_env);
    if (!parsed) {
      std::cerr << "The connection string is not valid: " << parsed.error().message << '\n';
      return 2;
    }
    std::cout << "Running against " << parsed->endpoint << " (from the environment)\n";
    rooms::curl_transport_options transport_options;
    if (const char* ca = std::getenv("ACS_ROOMS_CA_BUNDLE"); ca != nullptr && *ca != '\0') {
      transport_options.ca_bundle = ca; // e.g. the certificate of acs-rooms-emulator --tls
    }
    auto client = rooms::make_client(from_env, rooms::curl_transport{transport_options}, options);
    if (!client) {
      std::cerr << client.error().describe() << '\n';
      return 2;
    }
    return go(*client);
#else
    std::cerr << "A connection string is set, but this rooms-quickstart was built without "
                 "libcurl, so it cannot reach the service. Rebuild with libcurl, or unset "
                 "ACS_CONNECTION_STRING and COMMUNICATION_SAMPLES_CONNECTION_STRING to run on "
                 "the emulator.\n";
    return 2;
#endif
  }

  std::cout << "Running against the in-process Rooms emulator (set ACS_CONNECTION_STRING to use "
               "an Azure Communication Services resource)\n";
  rooms::emulator service;
  auto client = rooms::make_client<rooms::emulator&>(
      service.connection_string("https://emulator.local"), service, options);
  if (!client) {
    std::cerr << client.error().describe() << '\n';
    return 1;
  }
  return go(*client);
}
