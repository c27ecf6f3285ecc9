// SPDX-License-Identifier: MIT
// acs_rooms ThreadSanitizer test (tests) of the async client: one async_rooms_client over the
// in-process emulator, its io_context run by 4 threads, 1,000 operations in flight at once
// (each on a strand of its own, as Asio asks of an operation that is cancelled), a quarter of
// them cancelled mid-flight from another thread, then the client destroyed while a second
// wave is in flight. TSan fails the run on any data race; the program fails (exit 1) when an
// operation does not complete exactly once or completes wrongly.
#include <acs/rooms/async.hpp>
#include <acs/rooms/emulator.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace acs::rooms;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

using client_type = async_rooms_client<in_process_transport<emulator&>, hmac_signer<>>;

/// One operation's strand, cancellation signal and outcome.
struct slot {
  explicit slot(asio::io_context& ioc) : strand(asio::make_strand(ioc)) {}
  asio::strand<asio::io_context::executor_type> strand;
  asio::cancellation_signal signal;
  std::atomic<int> calls{0};
  std::atomic<int> status{-1}; // 200 (a room), the error's status, or 0 (cancelled)
};

/// Starts get_room of a room that exists (even i) or not (odd i) on `s`'s strand.
void start(const std::shared_ptr<client_type>& client, slot& s, std::size_t i,
           const std::string& room_id) {
  asio::post(s.strand, [client, &s, i, room_id] {
    client->async_get_room(
        i % 2 == 0 ? room_id : std::string("40440440440440440"),
        asio::bind_cancellation_slot(
            s.signal.slot(), asio::bind_executor(s.strand, [&s](result<room> r) {
              s.status = r ? 200 : r.error().kind == errc::cancelled ? 0 : r.error().status;
              ++s.calls;
            })));
  });
}

} // namespace

int main() {
  emulator emu;
  asio::io_context ioc;
  auto work = asio::make_work_guard(ioc);
  std::vector<std::thread> runners;
  for (int t = 0; t < 4; ++t) {
    runners.emplace_back([&ioc] { ioc.run(); });
  }
  const std::string cs = emu.connection_string("https://emulator.local");
  const std::string made = make_client<emulator&>(cs, emu).value().create_room().value().id;
  int failures = 0;

  // Wave 1: 1,000 operations, every fourth cancelled mid-flight.
  constexpr std::size_t n = 1000;
  std::vector<std::unique_ptr<slot>> slots;
  {
    auto client = std::make_shared<client_type>(
        make_async_client(cs, in_process_transport<emulator&>(emu, ioc.get_executor(), 2ms))
            .value());
    for (std::size_t i = 0; i < n; ++i) {
      slots.push_back(std::make_unique<slot>(ioc));
      start(client, *slots.back(), i, made);
    }
    for (std::size_t i = 0; i < n; i += 4) {
      asio::post(slots[i]->strand,
                 [&s = *slots[i]] { s.signal.emit(asio::cancellation_type::terminal); });
    }
    // Wave 2: 200 more, and this client goes while they are in flight (what is posted holds
    // it until the operation has started; the operations then hold what they need).
    for (std::size_t i = 0; i < 200; ++i) {
      slots.push_back(std::make_unique<slot>(ioc));
      start(client, *slots.back(), i, made);
    }
  }
  work.reset();
  for (auto& r : runners) {
    r.join();
  }
  int cancelled = 0;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    const slot& s = *slots[i];
    cancelled += s.status == 0 ? 1 : 0;
    const std::size_t k = i < n ? i : i - n;
    const bool cancellable = i < n && i % 4 == 0;
    const int expected = k % 2 == 0 ? 200 : 404;
    const bool ok = s.calls == 1 && (s.status == expected || (cancellable && s.status == 0));
    if (!ok) {
      std::fprintf(stderr, "operation %zu: %d calls, status %d\n", i, s.calls.load(),
                   s.status.load());
      ++failures;
    }
  }
  std::printf("async client under 4 threads: %zu operations, %d cancelled in flight, %d wrong\n",
              slots.size(), cancelled, failures);
  return failures == 0 ? 0 : 1;
}
