// SPDX-License-Identifier: MIT
// Per-operation cost of the client (build, sign, send to an in-memory transport, parse) against
// the bare cost of its HMAC plus one JSON parse of the same response. Not a test: run it with an
// optimised build, e.g.
//   g++ -O2 -DNDEBUG -std=c++17 -Iinclude tests/bench/ops_bench.cpp -o /tmp/ops_bench
#include <acs/rooms.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>

using namespace acs::rooms;

namespace {
struct canned_transport {
  const http_response* reply = nullptr;
  http_response send(const http_request&) { return *reply; }
};

template <class F> double ns_per_op(F&& f) {
  double best = 1e30;
  for (int batch = 0; batch < 5; ++batch) {
    const int n = 20000;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) {
      f();
    }
    const std::chrono::duration<double, std::nano> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count() / n);
  }
  return best;
}
} // namespace

int main() {
  const std::string room_body =
      R"({"id":"99117812428622880","createdAt":"2022-04-13T18:09:12.8159131+00:00","validFrom":"2022-04-20T10:00:00.25+00:00","validUntil":"2022-05-20T10:00:00+00:00","pstnDialOutEnabled":true})";
  std::string page_body = R"({"value":[)";
  for (int i = 0; i < 30; ++i) {
    page_body +=
        (i ? "," : "") +
        std::string(
            R"({"rawId":"8:acs:bbbcbc1e-9f06-482a-b5d8-20e3f26ef0cd_00000018-0b3a-4d5e-8a1e-0000000000)") +
        std::to_string(10 + i) + R"(","role":"Attendee"})";
  }
  page_body += "]}";
  http_response room_reply{200, {}, room_body};
  http_response empty_reply{204, {}, ""};
  http_response page_reply{200, {}, page_body};

  canned_transport transport;
  client_options options;
  const time_point now = *parse_rfc3339("2026-11-24T12:00:00Z");
  options.clock = [now] { return now; };
  options.uuid_source = [] { return std::string("6f0c1b4e-3f5a-4c1e-9a57-3b2f1d4c5e6f"); };
  auto client =
      make_client<canned_transport&>(
          "endpoint=https://contoso.communication.azure.com/;accesskey=pw==", transport, options)
          .value();
  const portable_crypto crypto;
  const auto key = crypto.prepare_hmac_key("\xA7");
  const std::string sts =
      "GET\n/rooms/99117812428622880?api-version=2025-03-13\nTue, 24 Nov 2026 12:00:00 "
      "GMT;contoso.communication.azure.com;47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
  create_room_options create;
  create.valid_until = now + std::chrono::hours(24 * 30);
  for (int i = 0; i < 3; ++i) {
    create.participants.push_back(
        {communication_identifier::from_raw_id("8:acs:r_" + std::to_string(i))});
  }

  const auto bare = [&](const std::string& body, const std::string& reply) {
    return ns_per_op([&] {
      auto h = crypto.sha256(body);
      auto s = crypto.hmac_sha256(key, sts);
      auto j = nlohmann::json::parse(reply, nullptr, false);
      (void)h;
      (void)s;
      (void)j;
    });
  };
  struct row {
    const char* name;
    double ours;
    double base;
  };
  const std::string create_body =
      build_create_room(request_context("https://x", api_version::v2025_03_13), create,
                        repeatability{"6f0c1b4e-3f5a-4c1e-9a57-3b2f1d4c5e6f", now})
          ->body;
  transport.reply = &room_reply;
  const row rows[] = {
      {"get_room", ns_per_op([&] { (void)client.get_room("99117812428622880"); }),
       bare("", room_body)},
      {"create_room (3 participants)", ns_per_op([&] { (void)client.create_room(create); }),
       bare(create_body, room_body)},
      {"update_room", ns_per_op([&] {
         (void)client.update_room("99117812428622880", {std::nullopt, now, std::nullopt});
       }),
       bare(R"({"validUntil":"2026-11-24T12:00:00.000Z"})", room_body)},
  };
  for (const auto& r : rows) {
    std::printf("%-32s %8.0f ns  bare %8.0f ns  ratio %.2f\n", r.name, r.ours, r.base,
                r.ours / r.base);
  }
  transport.reply = &empty_reply;
  const double del = ns_per_op([&] { (void)client.delete_room("99117812428622880"); });
  const double del_base = bare("", "{}");
  std::printf("%-32s %8.0f ns  bare %8.0f ns  ratio %.2f\n", "delete_room", del, del_base,
              del / del_base);
  transport.reply = &page_reply;
  const double page =
      ns_per_op([&] { (void)client.list_participants("99117812428622880").next_page(); });
  const double page_base = bare("", page_body);
  std::printf("%-32s %8.0f ns  bare %8.0f ns  ratio %.2f\n", "list_participants (30/page)", page,
              page_base, page / page_base);
}
