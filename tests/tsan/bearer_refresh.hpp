// SPDX-License-Identifier: MIT
// acs_rooms ThreadSanitizer test (tests): one bearer_token_signer over a managed identity
// credential and the emulator's IMDS, signing from many threads across refreshes. Run by
// shared_client_tsan.cpp (one program: each costs CI compile time).
//
// TSan fails the run on any data race; run_bearer_refresh() fails when a refresh is not shared
// (more than one token request per refresh), a request goes unsigned, or a failure is not typed.
#pragma once

#include <acs/rooms.hpp>
#include <acs/rooms/credentials.hpp>
#include <acs/rooms/emulator.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace bearer_refresh {
using namespace acs::rooms;
using namespace std::chrono_literals;

// The emulator as a Transport, counting token requests.
struct counting {
  emulator* emu;
  std::atomic<int>* token_requests;
  result<http_response> send(const http_request& request, const send_options& limits) {
    if (request.url.find("/metadata/identity/") != std::string::npos) {
      ++*token_requests;
    }
    return emu->send(request, limits);
  }
};

// Every thread signs `rounds` requests at the emulator's time; returns the failures.
inline int sign_from_threads(const bearer_token_signer& signer, const emulator& emu,
                             errc expected_kind, bool expect_success) {
  constexpr int threads = 8;
  constexpr int rounds = 50;
  std::atomic<int> bad{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < rounds; ++i) {
        http_request request{"GET", "https://emu.local/rooms", {}, {}};
        const auto signed_ = signer.sign(request, emu.now());
        const bool ok = expect_success ? signed_ && request.headers.contains("Authorization")
                                       : !signed_ && signed_.error().kind == expected_kind;
        if (!ok) {
          ++bad;
        }
      }
    });
  }
  for (auto& w : workers) {
    w.join();
  }
  return bad.load();
}

/// 0 when every phase held, else 1.
inline int run() {
  emulator_options options;
  options.identity.imds = true;
  options.identity.token_lifetime = 1h;
  emulator emu(std::move(options));
  std::atomic<int> token_requests{0};
  credential_options credential;
  credential.clock = emu.clock();
  const bearer_token_signer signer(
      managed_identity_credential(counting{&emu, &token_requests}, credential));
  int failures = 0;
  const auto phase = [&](const char* name, int expected_requests, bool success) {
    token_requests = 0;
    const int bad = sign_from_threads(signer, emu, errc::service_error, success);
    const bool requests_ok =
        expected_requests < 0 ? token_requests >= 1 : token_requests == expected_requests;
    if (bad != 0 || !requests_ok) {
      std::fprintf(stderr, "%s: %d bad signatures, %d token requests\n", name, bad,
                   token_requests.load());
      ++failures;
    }
  };
  phase("first token", 1, true); // all wait for one fetch
  phase("cached", 0, true);      // no fetch at all
  emu.advance(56min);            // inside the margin: one refresh, the others send
  phase("refresh in the margin", 1, true);
  emu.advance(2h); // expired: all wait for one fetch
  phase("refresh after expiry", 1, true);
  emu.advance(2h);
  emu.inject(emulator_fault::answer(500).for_next(emulator_fault::forever));
  phase("endpoint failing", -1, false); // typed errors; never the expired token
  emu.clear_faults();
  phase("recovered", 1, true);
  std::printf("bearer refresh under threads: %s\n", failures == 0 ? "ok" : "FAILED");
  return failures == 0 ? 0 : 1;
}
} // namespace bearer_refresh
