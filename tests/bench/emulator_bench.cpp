// SPDX-License-Identifier: MIT
// acs_rooms benchmark (not a test): the in-process emulator's cost per request and per stored
// room, as the store grows and as rooms expire.
//
// The emulator's clock is stopped, so one signed request can be answered again and again: each
// case times emulator::send() on requests prepared once by a real client (get and list cycle
// through 64 of them; create sends one without its repeatability headers, so each send stores
// a room). Cases are timed in rounds of a few milliseconds of this thread's CPU time and the
// median per request is printed. Memory per stored room, participant and repeatability entry
// is the growth in live heap bytes (operator new below counts them) divided by the count.
//
// Run it with tools/bench.sh --emulator (which builds `acs_rooms_emulator_bench` optimised).
#include <acs/rooms.hpp>
#include <acs/rooms/emulator.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <malloc.h>
#include <memory>
#include <new>
#include <string>
#include <vector>

// ---------------------------------------------------------------------------------------------
// Live heap bytes: every operator new of the program goes through here.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
namespace {
long long live_bytes = 0;
void* counted_new(std::size_t size) {
  void* p = std::malloc(size != 0 ? size : 1);
  if (p == nullptr) {
    throw std::bad_alloc();
  }
  live_bytes += static_cast<long long>(malloc_usable_size(p));
  return p;
}
void counted_delete(void* p) noexcept {
  if (p != nullptr) {
    live_bytes -= static_cast<long long>(malloc_usable_size(p));
    std::free(p);
  }
}
} // namespace

void* operator new(std::size_t size) { return counted_new(size); }
void* operator new[](std::size_t size) { return counted_new(size); }
void operator delete(void* p) noexcept { counted_delete(p); }
void operator delete[](void* p) noexcept { counted_delete(p); }
void operator delete(void* p, std::size_t) noexcept { counted_delete(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_delete(p); }

using namespace acs::rooms;
using namespace std::chrono_literals;

namespace {

unsigned long sink = 0; // folded into the output so the work cannot be optimised away

double cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

/// Runs every case in `cases` for ~`round_ms` ms of thread CPU time per round, interleaved over
/// `rounds` rounds (a slow spell of the machine hits every case alike), and returns each case's
/// median time per call.
std::vector<double> interleaved_ns(const std::vector<std::function<void()>>& cases, int rounds = 21,
                                   double round_ms = 3) {
  std::vector<std::vector<double>> per_call(cases.size());
  for (int r = 0; r < rounds; ++r) {
    for (std::size_t c = 0; c < cases.size(); ++c) {
      long n = 0;
      const double start = cpu_ns();
      double now = start;
      while (now - start < round_ms * 1e6) {
        cases[c]();
        ++n;
        now = cpu_ns();
      }
      per_call[c].push_back((now - start) / static_cast<double>(n));
    }
  }
  std::vector<double> medians;
  for (auto& v : per_call) {
    std::sort(v.begin(), v.end());
    medians.push_back(v[v.size() / 2]);
  }
  return medians;
}

/// A transport that passes requests to the emulator and keeps the last one.
struct recorder {
  emulator* emu;
  http_request last;
  http_response send(const http_request& request) {
    last = request;
    return emu->send(request);
  }
};

const time_point t0 = std::chrono::system_clock::from_time_t(1795000000); // late 2026

/// An emulator with its time stopped at t0, a client on it, and the requests it made.
struct bench_service {
  emulator emu;
  recorder rec{&emu, {}};
  rooms_client<recorder&, hmac_signer<>> client;
  std::vector<std::string> ids;

  explicit bench_service(emulator_options o = {})
      : emu(with_time(std::move(o))),
        client(make_client<recorder&>(emu.connection_string("https://emulator.local"), rec,
                                      options(emu))
                   .value()) {}

  static client_options options(const emulator& e) {
    client_options o;
    o.clock = e.clock();
    return o;
  }

  static emulator_options with_time(emulator_options o) {
    o.clock = [] { return t0; };
    return o;
  }

  /// Creates `n` rooms with `participants` attendees each, valid for `valid`; keeps their ids
  /// in `ids` unless `keep_ids` is false (for the memory figures).
  void fill(std::size_t n, std::size_t participants = 0, std::chrono::hours valid = 24h,
            bool keep_ids = true) {
    for (std::size_t i = 0; i < n; ++i) {
      create_room_options o;
      o.valid_until = emu.now() + valid;
      for (std::size_t p = 0; p < participants; ++p) {
        o.participants.push_back(
            {communication_identifier::from_raw_id(
                 "8:acs:bbbcbc1e-9f06-482a-b5d8-20e3f26ef0cd_00000018-0b3a-4d5e-8a1e-" +
                 std::to_string(100000000000 + p)),
             participant_role::attendee});
      }
      std::string id = client.create_room(o).value().id;
      if (keep_ids) {
        ids.push_back(std::move(id));
      }
    }
  }

  /// The signed requests of `make` (a client call) for 64 stored rooms.
  std::vector<http_request> requests(const std::function<void(const std::string&)>& make) {
    std::vector<http_request> out;
    for (std::size_t i = 0; i < 64 && !ids.empty(); ++i) {
      make(ids[(i * 7919) % ids.size()]);
      out.push_back(rec.last);
    }
    return out;
  }
};

/// send() over `requests`, cycling; exits on an unexpected status.
std::function<void()> sends(emulator& emu, std::vector<http_request> requests, int status) {
  return [&emu, requests = std::move(requests), status, i = std::size_t{0}]() mutable {
    http_response r = emu.send(requests[i++ % requests.size()]);
    if (r.status != status) {
      std::fprintf(stderr, "unexpected status %d: %s\n", r.status, r.body.c_str());
      std::exit(1);
    }
    sink += r.body.size();
  };
}

/// The signed request of the first page of rooms.
http_request first_page_request(bench_service& s) {
  s.rec.last = {};
  (void)s.client.list_rooms().next_page();
  return s.rec.last;
}

/// Per store size: get, create, the first page, and the client's get and page; then a page
/// after 100,000 rooms expired. All cases interleaved in one run.
void speed() {
  const std::vector<std::size_t> sizes{1000, 10000, 100000};
  std::vector<std::unique_ptr<bench_service>> services;
  std::vector<std::function<void()>> cases;
  for (const std::size_t n : sizes) {
    auto& s = *services.emplace_back(std::make_unique<bench_service>());
    s.fill(n);
    cases.push_back(
        sends(s.emu, s.requests([&](const std::string& id) { (void)s.client.get_room(id); }), 200));
    (void)s.client.create_room({});
    http_request create = s.rec.last; // without its repeatability pair: every send creates
    create.headers.erase("Repeatability-Request-ID");
    create.headers.erase("Repeatability-First-Sent");
    cases.push_back(sends(s.emu, {create}, 201));
    cases.push_back(sends(s.emu, {first_page_request(s)}, 200));
    cases.push_back([&s] { sink += s.client.get_room(s.ids.front()).value().id.size(); });
    cases.push_back([&s] { sink += s.client.list_rooms().next_page().value().items.size(); });
  }
  // 100,000 rooms that expired an hour ago, then 100 live ones.
  auto& expired = *services.emplace_back(std::make_unique<bench_service>());
  expired.fill(100000, 0, 1h);
  expired.emu.advance(2h);
  expired.fill(100);
  cases.push_back(sends(expired.emu, {first_page_request(expired)}, 200));

  const std::vector<double> ns = interleaved_ns(cases);
  std::printf("emulator::send(), median us per request (time stopped; requests signed once)\n");
  std::printf("   stored       get    create  page(30)  client get  client page\n");
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    const double* row = &ns[i * 5];
    std::printf("%9zu  %8.2f  %8.2f  %8.2f  %10.2f  %11.2f\n", sizes[i], row[0] / 1e3, row[1] / 1e3,
                row[2] / 1e3, row[3] / 1e3, row[4] / 1e3);
  }
  std::printf("(create: each store grows by the rooms the run creates, ~%zu)\n",
              services.front()->emu.room_count() - sizes.front() - 1);
  std::printf("100000 expired rooms, 100 live: first page of 30 in %.2f us\n", ns.back() / 1e3);
}

/// Live heap bytes per item that `add` (which adds `count` items) leaves behind.
double bytes_per(std::size_t count, const std::function<void()>& add) {
  const long long before = live_bytes;
  add();
  return static_cast<double>(live_bytes - before) / static_cast<double>(count);
}

void memory() {
  constexpr std::size_t n = 10000;
  emulator_options o;
  o.repeatability_capacity = 0; // rooms alone
  bench_service bare(o);
  bare.fill(1, 0, 24h, false); // the first of everything (tables, buffers) is not per room
  const double room = bytes_per(n, [&] { bare.fill(n, 0, 24h, false); });
  const double with_ten = bytes_per(n / 10, [&] { bare.fill(n / 10, 10, 24h, false); });
  std::printf("stored room: %.0f B; per participant: %.0f B\n", room, (with_ten - room) / 10);

  bench_service s; // with the repeatability cache
  s.fill(1, 0, 24h, false);
  const double in_window = bytes_per(n, [&] { s.fill(n, 0, 24h, false); }) - room;
  s.emu.advance(6min); // past the window: the next create drops the answers, keeps the digests
  const double dropped = bytes_per(n, [&] { s.fill(1, 0, 24h, false); });
  std::printf("repeatability entry: %.0f B within the window; %.0f B after it\n", in_window,
              in_window + dropped - room / n);
}

} // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--page") { // for a profiler: the listing alone
    bench_service s;
    s.fill(1000);
    for (int i = 0; i < 20000; ++i) {
      sink += s.client.list_rooms().next_page().value().items.size();
    }
    return static_cast<int>(sink & 1U);
  }
  speed();
  memory();
  std::printf("(sink %lu)\n", sink);
}
