// SPDX-License-Identifier: MIT
// acs_rooms tests: the secrets sweep. Every operation, sync, against the emulator, through
// retries, lost answers, server errors, a wrong key and a refused bearer token, with a logger and
// a tracer: no access key, connection string, Authorization value, signature or token appears in
// a log line, a span, an error (any field, nested details, rooms_error::what()) or an answer.

#include <acs/rooms.hpp>
#include <acs/rooms/emulator.hpp>

#include "../support/test_tracer.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace {

using namespace acs::rooms;
using acs_rooms_test::test_tracer;

/// The emulator behind a transport that keeps every request and answer.
struct recording {
  emulator& emu;
  std::vector<http_request> sent;
  std::vector<http_response> answers;
  result<http_response> send(const http_request& request, const send_options& limits) {
    sent.push_back(request);
    auto answer = emu.send(request, limits);
    if (answer) {
      answers.push_back(*answer);
    }
    return answer;
  }
};

/// Everything a person or a log pipeline could see.
struct seen {
  std::vector<std::string> texts;
  std::shared_ptr<test_tracer> traces = std::make_shared<test_tracer>();

  client_options options() {
    client_options o;
    o.logger = [this](log_level, std::string_view line) { texts.emplace_back(line); };
    o.tracer = traces;
    o.sleep = [](std::chrono::milliseconds) {}; // retries without waiting
    return o;
  }
  void add(const error& e) {
    texts.insert(texts.end(), {e.message, e.code, e.target, e.raw_body, e.client_request_id,
                               rooms_error(e).what()});
    for (const auto& [name, value] : e.headers) {
      texts.push_back(name + ": " + value);
    }
    for (const auto& d : e.details) {
      add(d);
    }
  }
  template <class T> void add(const result<T>& r) {
    if (!r) {
      add(r.error());
    }
  }
  template <class T> void add(pager<T>&& p) {
    while (!p.done()) {
      auto page = p.next_page();
      if (!page) {
        add(page.error());
        break;
      }
    }
  }
  void add(const recording& wire) {
    for (const auto& a : wire.answers) {
      texts.push_back(a.body);
      for (const auto& [name, value] : a.headers) {
        texts.push_back(name + ": " + value);
      }
    }
  }
  void add_spans() {
    for (const auto& s : traces->spans()) {
      texts.push_back(s.name);
      texts.push_back(s.description);
      for (const auto& [name, value] : s.attributes) {
        if (std::holds_alternative<std::string>(value)) {
          texts.push_back(name + "=" + std::get<std::string>(value));
        }
      }
    }
  }
};

/// Runs every operation once with `client`, some under faults, recording what is seen.
template <class Client> void every_operation(Client& client, emulator& emu, seen& out) {
  emu.inject(emulator_fault::answer(503).on("POST", "/rooms"));
  auto made = client.create_room();
  out.add(made);
  const std::string id = made ? made->id : std::string("99999999999999999");
  emu.inject(emulator_fault::drop_answer().on("GET"));
  out.add(client.get_room(id));
  update_room_options update;
  update.pstn_dial_out_enabled = true;
  out.add(client.update_room(id, update));
  const std::vector<room_participant> people{
      {communication_identifier::from_raw_id("8:acs:r_secret_sweep"), participant_role::presenter}};
  emu.inject(emulator_fault::answer(500).on("PATCH"));
  out.add(client.add_or_update_participants(id, people));
  out.add(client.list_participants(id));
  out.add(client.remove_participants(id, {people[0].id}));
  out.add(client.list_rooms());
  out.add(client.get_room("not a room id"));
  out.add(client.delete_room(id));
  out.add(client.delete_room(id)); // 404 the second time
}

void check_clean(const seen& s, const std::vector<std::string>& secrets) {
  REQUIRE_FALSE(s.texts.empty());
  for (const auto& text : s.texts) {
    for (const auto& secret : secrets) {
      REQUIRE_FALSE(secret.empty());
      INFO(text);
      CHECK(text.find(secret) == std::string::npos);
    }
  }
}

/// The Authorization values and HMAC signatures the client sent.
std::vector<std::string> sent_credentials(const recording& wire) {
  std::vector<std::string> out;
  for (const auto& r : wire.sent) {
    const auto auth = r.headers.get("Authorization");
    REQUIRE(auth.has_value());
    out.emplace_back(*auth);
    const auto sig = auth->find("Signature=");
    if (sig != std::string_view::npos) {
      out.emplace_back(auth->substr(sig + 10));
    }
  }
  return out;
}

} // namespace

TEST_CASE("secrets sweep: the access key, its signatures and the connection string are never "
          "seen",
          "[secrets]") {
  emulator emu;
  recording wire{emu, {}, {}};
  seen s;
  auto secrets = std::vector<std::string>{emu.access_key()};
  SECTION("the right key, through faults") {
    const std::string cs = emu.connection_string("https://rooms.emu.test");
    secrets.push_back(cs);
    auto client = make_client<recording&>(cs, wire, s.options()).value();
    every_operation(client, emu, s);
  }
  SECTION("a wrong key: every call refused with 401") {
    const std::string wrong_key = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktMDEyMzQ1Njc=";
    const std::string cs = "endpoint=https://rooms.emu.test/;accesskey=" + wrong_key;
    secrets.insert(secrets.end(), {wrong_key, cs});
    auto client = make_client<recording&>(cs, wire, s.options()).value();
    every_operation(client, emu, s);
    CHECK(std::count_if(wire.answers.begin(), wire.answers.end(),
                        [](const http_response& a) { return a.status == 401; }) >= 8);
  }
  s.add(wire);
  s.add_spans();
  const auto sent = sent_credentials(wire);
  secrets.insert(secrets.end(), sent.begin(), sent.end());
  check_clean(s, secrets);
}

TEST_CASE("secrets sweep: a bearer token the service refuses is never seen", "[secrets]") {
  emulator emu;
  recording wire{emu, {}, {}};
  seen s;
  const std::string token = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXN3ZWVw.c2lnbmF0dXJlLXN3ZWVw";
  rooms_client<recording&, bearer_token_signer> client(
      "https://rooms.emu.test", wire, bearer_token_signer([&] { return token; }), s.options());
  every_operation(client, emu, s); // the emulator wants HMAC: 401s, a refresh, 401 again
  s.add(wire);
  s.add_spans();
  REQUIRE(wire.sent.size() > 10);
  CHECK(*wire.sent[0].headers.get("Authorization") == "Bearer " + token);
  check_clean(s, {token, emu.access_key()});
}
