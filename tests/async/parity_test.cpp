// SPDX-License-Identifier: MIT
// The parity test: every operation through rooms_client and async_rooms_client, in the GA and
// the 2022-02-01 dialects, on the in-process emulator; both must send byte-identical requests
// (room ids and nextLink tokens normalised) and read identical results.
#include <acs/rooms/async.hpp>

#include <acs/rooms/emulator.hpp>

#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

using namespace acs::rooms;
namespace asio = boost::asio;

namespace {

constexpr const char* key = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0wMTIzNDU2Nzg5"; // base64
const time_point start_time = *parse_rfc3339("2026-12-04T12:00:00Z");

/// Sends to the emulator and keeps a copy of every signed request.
struct recorder {
  emulator& emu;
  std::vector<http_request> sent;
  http_response send(const http_request& request) {
    sent.push_back(request);
    return emu.send(request);
  }
};

emulator_options fixed_emulator() {
  emulator_options o;
  o.access_key = key;
  o.page_size = 2;
  o.clock = [] { return start_time; };
  return o;
}

/// The same ids and times for both clients: a counter of UUIDs and a stopped clock.
client_options fixed_client(const api_version& version) {
  client_options o;
  o.version = version;
  o.clock = [] { return start_time; };
  o.uuid_source = [n = 0]() mutable {
    char text[37];
    std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012d", ++n);
    return std::string(text);
  };
  return o;
}

/// Both clients behind one interface: `call(f)` gives f the client and, for the async one,
/// a completion token, and returns the result either way.
struct sync_side {
  using client_type = rooms_client<recorder&, hmac_signer<>>;
  client_type client;
  template <class F> auto call(F&& f) { return f(client); }
  template <class F> auto walk(F&& f) { return walk(f(client, std::false_type{})); }
  template <class T> std::vector<result<page<T>>> walk(pager<T> p) {
    std::vector<result<page<T>>> pages;
    while (!p.done() && pages.size() < 10) {
      pages.push_back(p.next_page());
      if (!pages.back()) {
        break;
      }
    }
    return pages;
  }
};

struct async_side {
  using client_type = async_rooms_client<in_process_transport<recorder&>, hmac_signer<>>;
  asio::io_context& ioc;
  client_type client;
  template <class F> auto call(F&& f) {
    auto future = f(client, asio::use_future);
    ioc.restart();
    ioc.run();
    return future.get();
  }
  template <class F> auto walk(F&& f) { return walk(f(client, std::true_type{})); }
  template <class T> std::vector<result<page<T>>> walk(async_pager<T> p) {
    std::vector<result<page<T>>> pages;
    while (!p.done() && pages.size() < 10) {
      auto future = p.async_next_page(asio::use_future);
      ioc.restart();
      ioc.run();
      pages.push_back(future.get());
      if (!pages.back()) {
        break;
      }
    }
    return pages;
  }
};

// One spelling of each operation for both sides: `c.name(args...)` on the sync client,
// `c.async_name(args..., token)` on the async one.
#define PARITY_CALL(side, name, ...)                                                               \
  (side).call([&](auto& c, auto... token) {                                                        \
    if constexpr (sizeof...(token) == 0) {                                                         \
      return c.name(__VA_ARGS__);                                                                  \
    } else {                                                                                       \
      return c.async_##name(__VA_ARGS__, token...);                                                \
    }                                                                                              \
  })

// The same for listings, whose arguments come in parentheses (a listing may have none):
// `c.name args` or `c.async_name args`, walked to the end.
#define PARITY_LIST(side, name, args)                                                              \
  (side).walk([&](auto& c, auto is_async) {                                                        \
    if constexpr (decltype(is_async)::value) {                                                     \
      return c.async_##name args;                                                                  \
    } else {                                                                                       \
      return c.name args;                                                                          \
    }                                                                                              \
  })

/// What a session saw, as text: each result in order.
struct transcript {
  std::vector<std::string> lines;
  std::vector<std::string> room_ids; // in the order they were made: normalised to {room N}

  std::string normalise(std::string text) const {
    for (std::size_t i = 0; i < room_ids.size(); ++i) {
      const std::string& id = room_ids[i];
      for (auto at = text.find(id); !id.empty() && at != std::string::npos;
           at = text.find(id, at)) {
        const std::string mark = "{room " + std::to_string(i) + "}";
        text.replace(at, id.size(), mark);
        at += mark.size();
      }
    }
    // The emulator MACs its nextLink tokens with a per-instance key.
    for (auto at = text.find("nextLink="); at != std::string::npos;
         at = text.find("nextLink=", at + 1)) {
      const auto end = text.find_first_of("&\" ]", at);
      text.replace(at + 9, (end == std::string::npos ? text.size() : end) - at - 9, "*");
    }
    // The signature covers the URL, so it differs where the room ids do; the emulator checks
    // each one (a bad one would be a 401 in the results, which are compared too).
    for (auto at = text.find("Signature="); at != std::string::npos;
         at = text.find("Signature=", at + 1)) {
      const auto end = text.find('\n', at);
      text.replace(at + 10, (end == std::string::npos ? text.size() : end) - at - 10, "*");
    }
    return text;
  }

  static std::string describe(const error& e) {
    return "error " + e.describe() + " attempts=" + std::to_string(e.attempts);
  }
  static std::string describe(const room_participant& p) {
    return p.id.raw_id() + "=" + p.role.value();
  }
  static std::string describe(const room& r) {
    std::string out = "room " + r.id + " from " + format_rfc3339(r.valid_from) + " until " +
                      format_rfc3339(r.valid_until) + " created " + format_rfc3339(r.created_at) +
                      (r.pstn_dial_out_enabled ? " pstn" : "") +
                      (r.join_policy ? " policy " + r.join_policy->value() : "") + " repeat " +
                      r.repeatability_result.value_or("-");
    if (r.participants) {
      for (const auto& p : *r.participants) {
        out += ' ' + describe(p);
      }
    }
    return out;
  }
  static std::string describe(const std::vector<room_participant>& roster) {
    std::string out = "roster";
    for (const auto& p : roster) {
      out += ' ' + describe(p);
    }
    return out;
  }
  template <class T> static std::string describe(const page<T>& p) {
    std::string out = "page";
    for (const auto& item : p.items) {
      out += " [" + describe(item) + "]";
    }
    return out + " next " + p.next_link.value_or("-");
  }

  template <class T> void add(const result<T>& r) {
    if constexpr (std::is_void_v<T>) {
      lines.push_back(r ? "ok" : describe(r.error()));
    } else {
      lines.push_back(r ? describe(*r) : describe(r.error()));
    }
  }
  template <class T> void add_pages(const std::vector<result<page<T>>>& pages) {
    for (const auto& p : pages) {
      add(p);
    }
  }
  /// A room made: its id is normalised from now on.
  const std::string& made(const result<room>& r) {
    add(r);
    room_ids.push_back(r ? r->id : std::string());
    return room_ids.back();
  }
};

communication_identifier user(const char* name) {
  return communication_identifier::from_raw_id(std::string("8:acs:resource_") + name);
}

/// Every GA operation, successes and failures, the same way on either side.
template <class Side> transcript ga_session(Side& side) {
  transcript t;
  create_room_options create;
  create.valid_until = start_time + std::chrono::hours(24 * 30);
  create.pstn_dial_out_enabled = true;
  create.participants = {{user("alice"), participant_role::presenter},
                         {user("bob"), participant_role::attendee},
                         {user("carol"), participant_role::collaborator}};
  const std::string id = t.made(PARITY_CALL(side, create_room, create));
  t.made(PARITY_CALL(side, create_room, create_room_options{}));
  t.made(PARITY_CALL(side, create_room, create_room_options{}));
  t.add(PARITY_CALL(side, get_room, id));
  update_room_options update;
  update.valid_until = start_time + std::chrono::hours(24 * 60);
  update.pstn_dial_out_enabled = false;
  t.add(PARITY_CALL(side, update_room, id, update));
  const std::vector<room_participant> more = {{user("dave"), participant_role::consumer},
                                              {user("bob"), participant_role::presenter}};
  t.add(PARITY_CALL(side, add_or_update_participants, id, more));
  t.add_pages(PARITY_LIST(side, list_participants, (id)));
  const std::vector<communication_identifier> gone = {user("alice"), user("nobody")};
  t.add(PARITY_CALL(side, remove_participants, id, gone));
  t.add_pages(PARITY_LIST(side, list_participants, (id)));
  t.add_pages(PARITY_LIST(side, list_rooms, ()));
  t.add(PARITY_CALL(side, delete_room, id));
  t.add(PARITY_CALL(side, get_room, id));                             // 404
  t.add(PARITY_CALL(side, get_room, ""));                             // invalid_argument
  t.add(PARITY_CALL(side, get_participants, t.room_ids[1]));          // 2022-02-01 only
  t.add(PARITY_CALL(side, add_participants, t.room_ids[1], more));    // 2022-02-01 only
  t.add(PARITY_CALL(side, update_participants, t.room_ids[1], more)); // 2022-02-01 only
  create_room_options policy;
  policy.join_policy = room_join_policy::invite_only;
  t.add(PARITY_CALL(side, create_room, policy)); // a 2022-02-01 field: refused
  return t;
}

/// Every 2022-02-01 operation, successes and failures.
template <class Side> transcript v2022_session(Side& side) {
  transcript t;
  create_room_options create;
  create.valid_from = start_time;
  create.valid_until = start_time + std::chrono::hours(24 * 30);
  create.join_policy = room_join_policy::communication_service_users;
  create.participants = {{user("alice"), participant_role::presenter},
                         {user("bob"), participant_role::attendee}};
  const std::string id = t.made(PARITY_CALL(side, create_room, create));
  t.add(PARITY_CALL(side, get_room, id));
  update_room_options update;
  update.valid_until = start_time + std::chrono::hours(24 * 60);
  update.join_policy = room_join_policy::invite_only;
  t.add(PARITY_CALL(side, update_room, id, update));
  t.add(PARITY_CALL(side, add_participants, id,
                    std::vector<room_participant>{{user("carol"), participant_role::consumer}}));
  t.add(PARITY_CALL(side, update_participants, id,
                    std::vector<room_participant>{{user("bob"), participant_role::presenter}}));
  t.add(PARITY_CALL(side, get_participants, id));
  t.add(PARITY_CALL(side, remove_participants, id,
                    std::vector<communication_identifier>{user("alice")}));
  t.add(PARITY_CALL(side, get_participants, id));
  t.add_pages(PARITY_LIST(side, list_rooms, ()));          // GA only: refused
  t.add_pages(PARITY_LIST(side, list_participants, (id))); // GA only: refused
  t.add(PARITY_CALL(side, add_or_update_participants, id,
                    std::vector<room_participant>{{user("dave")}})); // GA only: refused
  create_room_options pstn;
  pstn.pstn_dial_out_enabled = true;
  t.add(PARITY_CALL(side, create_room, pstn)); // not in 2022-02-01: refused
  t.add(PARITY_CALL(side, delete_room, id));
  t.add(PARITY_CALL(side, get_room, id)); // 404
  return t;
}

/// The recorded requests as text, normalised, one per request.
std::vector<std::string> wire(const transcript& t, const std::vector<http_request>& sent) {
  std::vector<std::string> out;
  for (const http_request& r : sent) {
    std::string text = r.method + ' ' + r.url + '\n';
    for (const auto& [name, value] : r.headers) {
      text += name + ": " + value + '\n';
    }
    out.push_back(t.normalise(text + '\n' + r.body));
  }
  return out;
}

template <class Session> void check_parity(const api_version& version, Session session) {
  emulator sync_emu(fixed_emulator());
  recorder sync_wire{sync_emu, {}};
  auto sync_client = make_client<recorder&>(sync_emu.connection_string("https://emulator.local"),
                                            sync_wire, fixed_client(version));
  REQUIRE(sync_client);
  sync_side sync{std::move(*sync_client)};
  const transcript sync_seen = session(sync);

  asio::io_context ioc;
  emulator async_emu(fixed_emulator());
  recorder async_wire{async_emu, {}};
  auto async_client = make_async_client(
      async_emu.connection_string("https://emulator.local"),
      in_process_transport<recorder&>(async_wire, ioc.get_executor()), fixed_client(version));
  REQUIRE(async_client);
  async_side async{ioc, std::move(*async_client)};
  const transcript async_seen = session(async);

  // The sessions really ran: requests were sent and most calls succeeded.
  REQUIRE(sync_wire.sent.size() >= 10);
  REQUIRE(sync_seen.lines.size() >= 12);

  const auto sync_requests = wire(sync_seen, sync_wire.sent);
  const auto async_requests = wire(async_seen, async_wire.sent);
  REQUIRE(sync_requests.size() == async_requests.size());
  for (std::size_t i = 0; i < sync_requests.size(); ++i) {
    INFO("request " << i);
    CHECK(sync_requests[i] == async_requests[i]);
  }
  REQUIRE(sync_seen.lines.size() == async_seen.lines.size());
  for (std::size_t i = 0; i < sync_seen.lines.size(); ++i) {
    INFO("result " << i);
    CHECK(sync_seen.normalise(sync_seen.lines[i]) == async_seen.normalise(async_seen.lines[i]));
  }
}

} // namespace

TEST_CASE("parity: every GA operation, sync and async, identical requests and results",
          "[async][parity]") {
  check_parity(api_version::v2025_03_13, [](auto& side) { return ga_session(side); });
}

TEST_CASE("parity: every 2022-02-01 operation, sync and async, identical requests and results",
          "[async][parity]") {
  check_parity(api_version::v2022_02_01, [](auto& side) { return v2022_session(side); });
}

TEST_CASE("parity: the sessions see what the service did", "[async][parity]") {
  // Guards the parity checks against two sides that agree on failing: the GA session's
  // results must show the successes the service gives.
  emulator emu(fixed_emulator());
  recorder wire_log{emu, {}};
  auto client = make_client<recorder&>(emu.connection_string("https://emulator.local"), wire_log,
                                       fixed_client(api_version::v2025_03_13));
  REQUIRE(client);
  sync_side side{std::move(*client)};
  const transcript t = ga_session(side);
  REQUIRE(t.lines.size() > 16);
  CHECK(t.lines[0].rfind("room ", 0) == 0);
  CHECK(t.lines[0].find(" pstn ") != std::string::npos);
  CHECK(t.lines[5] == "ok"); // add_or_update_participants
  CHECK(t.lines.back().rfind("error invalid_argument", 0) == 0);
  CHECK(emu.room_count() == 2); // three made, one deleted

  emulator old(fixed_emulator());
  recorder old_log{old, {}};
  auto v2022 = make_client<recorder&>(old.connection_string("https://emulator.local"), old_log,
                                      fixed_client(api_version::v2022_02_01));
  REQUIRE(v2022);
  sync_side old_side{std::move(*v2022)};
  const transcript t2 = v2022_session(old_side);
  CHECK(t2.lines[0].find("policy CommunicationServiceUsers") != std::string::npos);
  CHECK(t2.lines[3].find("roster") == 0);
  CHECK(t2.lines[5].find(":acs:resource_bob=Presenter") != std::string::npos);
  CHECK(old_log.sent.front().url.find("api-version=2022-02-01") != std::string::npos);
}
