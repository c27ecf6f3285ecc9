// SPDX-License-Identifier: MIT
// acs_rooms ThreadSanitizer test (tests): one bearer_token_signer over a managed identity
// credential and the emulator's IMDS, signing from many threads across refreshes. Run by
// shared_client_tsan.cpp (one program: each costs CI compile time).
//
// TSan fails the run on any data race; run() fails when a refresh is not shared (more than one
// token request per refresh), a request goes unsigned, or a failure is not typed; run_hostile()
// when a token source that throws, returns garbage or an expired token lets one through.
#pragma once

#include <acs/rooms.hpp>
#include <acs/rooms/credentials.hpp>
#include <acs/rooms/emulator.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
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

/// A token source that misbehaves in turn, by call number: throws, returns a token with CR LF
/// in it, returns one already expired, returns a good one ("good-N", valid an hour).
struct hostile_source {
  std::atomic<int>* calls;
  std::atomic<std::int64_t>* round_start; // the time the threads sign at, in seconds
  std::mutex* mutex;
  std::set<std::string>* issued; // the good tokens of this round
  access_token operator()() const {
    const int n = (*calls)++;
    const time_point at{std::chrono::seconds(round_start->load())};
    switch (n % 4) {
    case 0:
      throw std::runtime_error("the token source is down");
    case 1:
      return {"tok\r\nX-Evil: 1", at + 1h};
    case 2:
      return {"expired-" + std::to_string(n), at - 1min};
    default: {
      std::string token = "good-" + std::to_string(n);
      std::lock_guard<std::mutex> lock(*mutex);
      issued->insert(token);
      return {std::move(token), at + 1h};
    }
    }
  }
};

/// Threads signing while the source misbehaves: every sign either carries a good token of this
/// round or fails with a typed error (the thread whose call ran the throwing source gets the
/// exception, as documented; those waiting on that refresh get an error); never a garbage or
/// expired token, or a race.
/// 0 when it held, else 1.
inline int run_hostile() {
  std::atomic<int> calls{0};
  std::atomic<std::int64_t> round_start{1'800'000'000};
  std::mutex mutex;
  std::set<std::string> issued;
  const bearer_token_signer signer(hostile_source{&calls, &round_start, &mutex, &issued},
                                   std::chrono::minutes(5), std::chrono::seconds(0));
  std::atomic<int> bad{0};
  std::atomic<int> signed_ok{0};
  std::atomic<int> refused{0};
  for (int round = 0; round < 40; ++round) {
    round_start += 2 * 3600; // every earlier token has expired
    {
      std::lock_guard<std::mutex> lock(mutex);
      issued.clear();
    }
    const time_point at{std::chrono::seconds(round_start.load())};
    std::vector<std::thread> workers;
    for (int t = 0; t < 6; ++t) {
      workers.emplace_back([&] {
        for (int i = 0; i < 8; ++i) {
          http_request request{"GET", "https://emu.local/rooms", {}, {}};
          std::optional<result<void>> attempt;
          try {
            attempt.emplace(signer.sign(request, at));
          } catch (const std::runtime_error&) { // the source's own, passed through by design
            bad += request.headers.contains("Authorization") ? 1 : 0;
            ++refused;
            continue;
          }
          const result<void>& signed_ = *attempt;
          if (signed_) {
            const auto value = request.headers.get("Authorization");
            std::lock_guard<std::mutex> lock(mutex);
            if (!value || value->substr(0, 7) != "Bearer " ||
                issued.count(std::string(value->substr(7))) == 0) {
              ++bad;
            }
            ++signed_ok;
          } else {
            const error& e = signed_.error();
            if (e.message.empty() || e.message.find("X-Evil") != std::string::npos ||
                request.headers.contains("Authorization")) {
              ++bad;
            }
            ++refused;
          }
        }
      });
    }
    for (auto& w : workers) {
      w.join();
    }
  }
  const bool ok = bad == 0 && signed_ok > 0 && refused > 0;
  std::printf("bearer refresh, hostile source: %d signed, %d refused, %d bad: %s\n",
              signed_ok.load(), refused.load(), bad.load(), ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
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
