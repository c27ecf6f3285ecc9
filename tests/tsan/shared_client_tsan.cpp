// SPDX-License-Identifier: MIT
// acs_rooms ThreadSanitizer test (tests): one rooms_client and one emulator shared by threads;
// then one bearer_token_signer refreshed under threads (bearer_refresh.hpp).
//
// Built with -fsanitize=thread under ACS_ROOMS_TSAN; TSan fails the run on any data race. The
// program itself fails when an operation fails or a room is lost.

#include <acs/rooms.hpp>
#include <acs/rooms/emulator.hpp>

#include "bearer_refresh.hpp"

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

using namespace acs::rooms;

int main() {
  emulator_options options;
  options.page_size = 3;
  emulator emu(std::move(options));
  auto client = make_client<emulator&>(emu.connection_string("https://emulator.local"), emu);
  if (!client) {
    std::fprintf(stderr, "no client\n");
    return 1;
  }
  const auto shared = client->create_room();
  if (!shared) {
    return 1;
  }
  constexpr int threads = 4;
  constexpr int rounds = 20;
  std::atomic<int> failures{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < rounds; ++i) {
        const auto r = client->create_room();
        const std::string who = "8:acs:t" + std::to_string(t) + "_" + std::to_string(i);
        const bool ok =
            r && client->get_room(r->id) &&
            client->add_or_update_participants(
                shared->id,
                {{communication_identifier::from_raw_id(who), participant_role::attendee}}) &&
            client->delete_room(r->id);
        std::size_t seen = 0;
        for (auto& p : client->list_participants(shared->id)) {
          (void)p;
          ++seen;
        }
        if (!ok || seen == 0) {
          ++failures;
        }
      }
    });
  }
  for (auto& w : workers) {
    w.join();
  }
  const auto roster = emu.participant_count(shared->id);
  const bool all_there = roster && *roster == threads * rounds;
  std::printf("%d failures, %zu participants\n", failures.load(), roster ? *roster : 0U);
  const bool shared_ok = failures == 0 && all_there && emu.room_count() == 1;
  const bool bearer_ok = bearer_refresh::run() == 0 && bearer_refresh::run_hostile() == 0;
  return shared_ok && bearer_ok ? 0 : 1;
}
