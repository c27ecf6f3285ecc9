// SPDX-License-Identifier: MIT
// Replays every exchange captured from Debian's Python SDK azure-communication-rooms 1.0.0b3
// (api-version 2022-02-01; tests/data/py, made by tests/py/capture_v2022.py) through our client
// and compares method, URL, body (as JSON: the SDK's whitespace is its own), headers, the HMAC
// signature (verified independently with OpenSSL over each side's own bytes) and the results.
#include "../support/test_support.hpp"

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <filesystem>
#include <set>
#include <vector>

using namespace acs::rooms;
using acs_rooms_test::at;
using json = nlohmann::json;

namespace {

std::string b64(const unsigned char* data, std::size_t n) {
  std::string out(4 * ((n + 2) / 3) + 1, '\0');
  const int len =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(n));
  out.resize(static_cast<std::size_t>(len));
  return out;
}

std::string unb64(const std::string& text) {
  std::string out(text.size(), '\0');
  const int len = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(text.data()),
                                  static_cast<int>(text.size()));
  REQUIRE(len >= 0);
  const std::size_t pad =
      text.size() >= 2 ? (text[text.size() - 1] == '=') + (text[text.size() - 2] == '=') : 0;
  out.resize(static_cast<std::size_t>(len) - pad);
  return out;
}

// Checks an ACS HMAC-SHA256 signature the way the service does, without our signer: the content
// hash of `body`, then the string to sign "METHOD\n<path?query>\n<date>;<host>;<hash>".
void verify_hmac(const std::string& method, const std::string& url, const std::string& body,
                 const std::string& date, const std::string& content_hash,
                 const std::string& authorization, const std::string& key_b64) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest);
  CHECK(content_hash == b64(digest, sizeof digest));
  const auto scheme_end = url.find("://");
  REQUIRE(scheme_end != std::string::npos);
  const auto path_start = url.find('/', scheme_end + 3);
  const std::string host = url.substr(scheme_end + 3, path_start - scheme_end - 3);
  const std::string to_sign =
      method + "\n" + url.substr(path_start) + "\n" + date + ";" + host + ";" + content_hash;
  const std::string key = unb64(key_b64);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(to_sign.data()), to_sign.size(), mac, &mac_len);
  CHECK(authorization == "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=" +
                             b64(mac, mac_len));
}

json body_json(const std::string& body) { return body.empty() ? json() : json::parse(body); }

// Serves the captured answers in order and checks each request against the SDK's.
struct scripted_transport {
  const json* exchanges = nullptr;
  std::string key;
  std::size_t next = 0;

  http_response send(const http_request& request) {
    REQUIRE(next < exchanges->size());
    const json& expected = (*exchanges)[next]["request"];
    const json& reply = (*exchanges)[next]["response"];
    ++next;
    const json& sdk_headers = expected["headers"];
    CHECK(request.method == expected["method"].get<std::string>());
    CHECK(request.url == expected["url"].get<std::string>());
    const std::string sdk_body =
        expected["body"].is_null() ? "" : expected["body"].get<std::string>();
    CHECK(body_json(request.body) == body_json(sdk_body));
    // Same values where the frozen clock and fixed ids make them comparable.
    for (const char* name : {"accept", "content-type", "x-ms-date", "repeatability-first-sent",
                             "repeatability-request-id", "x-ms-client-request-id"}) {
      INFO("header " << name);
      const auto ours = request.headers.get(name);
      if (sdk_headers.contains(name)) {
        REQUIRE(ours.has_value());
        CHECK(std::string(*ours) == sdk_headers[name].get<std::string>());
      } else {
        CHECK_FALSE(ours.has_value());
      }
    }
    // We send nothing the SDK does not (Host is the one its HTTP stack adds, so not recorded).
    for (const auto& field : request.headers) {
      std::string lower;
      for (char c : field.first) {
        lower += detail::ascii_lower(c);
      }
      INFO("header " << lower);
      CHECK((lower == "host" || sdk_headers.contains(lower)));
    }
    // Each side's signature holds over its own bytes (the bodies differ in whitespace only).
    verify_hmac(expected["method"].get<std::string>(), expected["url"].get<std::string>(), sdk_body,
                sdk_headers["x-ms-date"].get<std::string>(),
                sdk_headers["x-ms-content-sha256"].get<std::string>(),
                sdk_headers["authorization"].get<std::string>(), key);
    verify_hmac(request.method, request.url, request.body,
                std::string(request.headers.get("x-ms-date").value_or("")),
                std::string(request.headers.get("x-ms-content-sha256").value_or("")),
                std::string(request.headers.get("Authorization").value_or("")), key);
    http_response out;
    out.status = reply["status"].get<int>();
    for (const auto& [name, value] : reply["headers"].items()) {
      out.headers.add(name, value.get<std::string>());
    }
    out.body = reply["body"].is_null() ? "" : reply["body"].get<std::string>();
    return out;
  }
};

json participant_to_py(const room_participant& p) {
  return json{{"raw_id", p.id.raw_id()}, {"role", p.role.value()}};
}

json roster_to_py(const std::vector<room_participant>& roster) {
  json out = json::array();
  for (const auto& p : roster) {
    out.push_back(participant_to_py(p));
  }
  return out;
}

json room_to_py(const room& r) {
  return json{
      {"id", r.id},
      {"created_on", format_rfc3339(r.created_at)},
      {"valid_from", format_rfc3339(r.valid_from)},
      {"valid_until", format_rfc3339(r.valid_until)},
      {"room_join_policy", r.join_policy ? json(r.join_policy->value()) : json()},
      {"participants", roster_to_py(r.participants.value_or(std::vector<room_participant>{}))}};
}

std::vector<room_participant> participants_of(const json& args) {
  std::vector<room_participant> out;
  for (const auto& p : args.value("participants", json::array())) {
    room_participant rp{communication_identifier::from_raw_id(p["raw_id"].get<std::string>())};
    if (p.contains("role")) {
      rp.role = participant_role(p["role"].get<std::string>());
    }
    out.push_back(rp);
  }
  return out;
}

std::optional<time_point> time_arg(const json& args, const char* name) {
  if (!args.contains(name)) {
    return std::nullopt;
  }
  return at(args[name].get<std::string>());
}

std::optional<room_join_policy> policy_arg(const json& args) {
  if (!args.contains("room_join_policy")) {
    return std::nullopt;
  }
  return room_join_policy(args["room_join_policy"].get<std::string>());
}

// What the SDK's own call returned or raised, from our client's answer. For the three
// participants:* actions the SDK returns None and drops the roster; ours is checked against
// the answer's body instead.
template <class T> void check_outcome(const json& scenario, const result<T>& got, json value) {
  if (scenario.contains("error")) {
    REQUIRE_FALSE(got.has_value());
    CHECK(got.error().kind == errc::service_error);
    CHECK(got.error().status == scenario["error"]["status"].get<int>());
    CHECK(got.error().code == scenario["error"]["code"].get<std::string>());
    CHECK(got.error().message == scenario["error"]["message"].get<std::string>());
    return;
  }
  REQUIRE(got.has_value());
  CHECK(value == scenario["result"]);
}

void replay(const json& scenario) {
  const json& args = scenario["args"];
  const std::string op = scenario["operation"].get<std::string>();
  const std::string room_id = args.value("room_id", "");
  const json& first = scenario["exchanges"][0]["request"]["headers"];
  const std::string client_request_id = first["x-ms-client-request-id"].get<std::string>();

  auto parsed = parse_connection_string(scenario["connection_string"].get<std::string>());
  REQUIRE(parsed.has_value());
  client_options options;
  options.version = api_version::v2022_02_01;
  const time_point now = at(scenario["now"].get<std::string>());
  options.clock = [now] { return now; };
  options.uuid_source = [client_request_id] { return client_request_id; };
  options.retry.max_retries = 0;
  scripted_transport transport{&scenario["exchanges"], parsed->access_key};
  auto made = make_client<scripted_transport&>(scenario["connection_string"].get<std::string>(),
                                               transport, options);
  REQUIRE(made.has_value());
  auto& client = *made;

  if (op == "create_room") {
    create_room_options o;
    o.valid_from = time_arg(args, "valid_from");
    o.valid_until = time_arg(args, "valid_until");
    o.join_policy = policy_arg(args);
    o.participants = participants_of(args);
    o.repeatability_request_id = first["repeatability-request-id"].get<std::string>();
    const auto r = client.create_room(o);
    check_outcome(scenario, r, r ? room_to_py(*r) : json());
  } else if (op == "get_room") {
    const auto r = client.get_room(room_id);
    check_outcome(scenario, r, r ? room_to_py(*r) : json());
  } else if (op == "update_room") {
    update_room_options o;
    o.valid_from = time_arg(args, "valid_from");
    o.valid_until = time_arg(args, "valid_until");
    o.join_policy = policy_arg(args);
    if (args.contains("participants")) {
      o.participants = participants_of(args);
    }
    const auto r = client.update_room(room_id, o);
    check_outcome(scenario, r, r ? room_to_py(*r) : json());
  } else if (op == "delete_room") {
    const auto r = client.delete_room(room_id);
    REQUIRE(r.has_value());
    CHECK(scenario["result"].is_null());
  } else if (op == "get_participants") {
    const auto r = client.get_participants(room_id);
    check_outcome(scenario, r, r ? roster_to_py(*r) : json());
  } else {
    const json answer =
        json::parse(scenario["exchanges"][0]["response"]["body"].get<std::string>());
    std::vector<room_participant> expected;
    for (const auto& p : answer["participants"]) {
      expected.push_back(
          room_participant{communication_identifier::from_raw_id(
                               p["communicationIdentifier"]["rawId"].get<std::string>()),
                           participant_role(p["role"].get<std::string>())});
    }
    CHECK(scenario["result"].is_null()); // the SDK drops the roster
    if (op == "add_participants") {
      const auto r = client.add_participants(room_id, participants_of(args));
      REQUIRE(r.has_value());
      CHECK(*r == expected);
    } else if (op == "update_participants") {
      const auto r = client.update_participants(room_id, participants_of(args));
      REQUIRE(r.has_value());
      CHECK(*r == expected);
    } else {
      REQUIRE(op == "remove_participants");
      std::vector<communication_identifier> ids;
      for (const auto& p : participants_of(args)) {
        ids.push_back(p.id);
      }
      const auto r = client.remove_participants(room_id, ids);
      REQUIRE(r.has_value());
    }
  }
  CHECK(transport.next == scenario["exchanges"].size());
}

} // namespace

TEST_CASE("py replay: every capture of the 1.0.0b3 Python SDK replays through our client",
          "[py][replay][v2022]") {
  const std::filesystem::path dir = std::filesystem::path(ACS_ROOMS_TEST_DATA_DIR) / "py";
  std::set<std::string> seen;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") {
      continue;
    }
    const json scenario = json::parse(acs_rooms_test::read_file(entry.path().string()));
    const std::string name = scenario["name"].get<std::string>();
    seen.insert(scenario["operation"].get<std::string>());
    DYNAMIC_SECTION(name) { replay(scenario); }
  }
  // Every operation of the version is covered.
  CHECK(seen == std::set<std::string>{"create_room", "get_room", "update_room", "delete_room",
                                      "get_participants", "add_participants", "update_participants",
                                      "remove_participants"});
}

TEST_CASE("v2022: GA-only operations are refused on 2022-02-01 and 2022 ones on GA", "[v2022]") {
  struct never_transport {
    http_response send(const http_request&) {
      FAIL("nothing may be sent");
      return {};
    }
  };
  const std::string cs = "endpoint=https://contoso.communication.azure.com/;accesskey=cHc=";
  client_options old_options;
  old_options.version = api_version::v2022_02_01;
  auto old_client = make_client(cs, never_transport{}, old_options);
  auto ga_client = make_client(cs, never_transport{});
  REQUIRE(old_client.has_value());
  REQUIRE(ga_client.has_value());
  const auto refused = [](const error& e, const std::string& needle) {
    CHECK(e.kind == errc::invalid_argument);
    CHECK(e.message.find(needle) != std::string::npos);
  };
  const std::vector<room_participant> one{
      {communication_identifier::from_raw_id("8:acs:r_u1"), participant_role::attendee}};
  auto rooms = old_client->list_rooms();
  auto page = rooms.next_page();
  REQUIRE_FALSE(page.has_value());
  refused(page.error(), "list_rooms does not exist in api-version 2022-02-01");
  auto people = old_client->list_participants("1");
  auto people_page = people.next_page();
  REQUIRE_FALSE(people_page.has_value());
  refused(people_page.error(), "2022-02-01");
  const auto patch = old_client->add_or_update_participants("1", one);
  REQUIRE_FALSE(patch.has_value());
  refused(patch.error(), "add_or_update_participants does not exist in api-version 2022-02-01");

  const auto get = ga_client->get_participants("1");
  REQUIRE_FALSE(get.has_value());
  refused(get.error(), "exists only in api-version 2022-02-01; this client uses 2025-03-13");
  const auto add = ga_client->add_participants("1", one);
  REQUIRE_FALSE(add.has_value());
  refused(add.error(), "participants:add exists only in api-version 2022-02-01");
  const auto update = ga_client->update_participants("1", one);
  REQUIRE_FALSE(update.has_value());
  refused(update.error(), "participants:update exists only in api-version 2022-02-01");
  create_room_options with_policy;
  with_policy.join_policy = room_join_policy::invite_only;
  const auto created = ga_client->create_room(with_policy);
  REQUIRE_FALSE(created.has_value());
  refused(created.error(), "join_policy needs api-version 2022-02-01");
  update_room_options with_roster;
  with_roster.participants = one;
  const auto updated = ga_client->update_room("1", with_roster);
  REQUIRE_FALSE(updated.has_value());
  refused(updated.error(), "needs api-version 2022-02-01");

  // The roles of 2022-02-01: Collaborator is refused; pstn dial-out too.
  const std::vector<room_participant> collaborator{
      {communication_identifier::from_raw_id("8:acs:r_u2"), participant_role::collaborator}};
  const auto added = old_client->add_participants("1", collaborator);
  REQUIRE_FALSE(added.has_value());
  refused(added.error(), "Collaborator, which needs api-version 2025-03-13");
  create_room_options pstn;
  pstn.pstn_dial_out_enabled = true;
  const auto with_pstn = old_client->create_room(pstn);
  REQUIRE_FALSE(with_pstn.has_value());
  refused(with_pstn.error(), "pstn_dial_out_enabled needs api-version 2023-10-30-preview");
}

TEST_CASE("v2022: parsers read RoomModel and ParticipantsCollection, and refuse bad shapes",
          "[v2022]") {
  const auto room_answer = acs_rooms_test::response(
      201, R"({"id":"7","createdDateTime":"2022-05-26T05:46:17.8159131+00:00",)"
           R"("validFrom":"2022-05-30T00:00:00Z","validUntil":"2022-06-30T00:00:00Z",)"
           R"("roomJoinPolicy":"SomethingNew","participants":[{"communicationIdentifier":)"
           R"({"rawId":"8:acs:r_u1","communicationUser":{"id":"8:acs:r_u1"}}}]})");
  const auto r = parse_room_v2022(room_answer);
  REQUIRE(r.has_value());
  CHECK(format_rfc3339(r->created_at) == "2022-05-26T05:46:17.815Z");
  REQUIRE(r->join_policy.has_value());
  CHECK(r->join_policy->value() == "SomethingNew"); // extensible
  REQUIRE(r->participants.has_value());
  REQUIRE(r->participants->size() == 1);
  CHECK(r->participants->front().role.value().empty()); // absent role kept as absent
  const auto no_raw = parse_participants_v2022(acs_rooms_test::response(
      200, R"({"participants":[{"communicationIdentifier":{"communicationUser":{"id":"x"}}}]})"));
  REQUIRE_FALSE(no_raw.has_value());
  CHECK(no_raw.error().kind == errc::malformed_response);
  CHECK(no_raw.error().target == "rawId");
  const auto no_list = parse_participants_v2022(acs_rooms_test::response(200, "{}"));
  REQUIRE_FALSE(no_list.has_value());
  CHECK(no_list.error().kind == errc::malformed_response);
  CHECK(no_list.error().status == 200);
  const auto ga_shape = parse_room_v2022(acs_rooms_test::response(
      200, R"({"id":"7","createdAt":"2022-05-26T05:46:17Z","validFrom":"2022-05-30T00:00:00Z",)"
           R"("validUntil":"2022-06-30T00:00:00Z"})"));
  REQUIRE_FALSE(ga_shape.has_value());
  CHECK(ga_shape.error().target == "createdDateTime");
}
