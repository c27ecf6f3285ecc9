// SPDX-License-Identifier: MIT
// acs_rooms benchmark (not a test): per-operation client cost against its floors and the SDKs.
//
// Each operation (get, create, update, delete, list participants with a 30-item page) runs
// through a rooms_client whose transport hands back a canned response, once signing with
// portable_crypto and once with openssl_crypto, next to two floors computed on the same bytes:
//   floor:       SHA-256 of the request body (none for GET/DELETE) + one-shot OpenSSL HMAC of the
//                string to sign + base64 of both + one nlohmann DOM parse of the response;
//   tight floor: the same with a prepared OpenSSL HMAC context (copied per message), a
//                pre-fetched EVP_MD, and a SAX parse of the response straight into the fields
//                (strings kept, times converted), i.e. the least this JSON library allows.
// All cases are timed in interleaved rounds (each round runs every case once for a few
// milliseconds of this thread's CPU time, so time spent descheduled does not count) and the
// medians are printed; load from other processes (caches, frequency) hits every case alike:
// compare the ratios more than the absolute times. Allocations per operation are counted by
// the operator new replaced below. With --js / --python it also runs the official SDKs on the
// same work (tests/bench/sdk_bench.mjs, sdk_bench.py) and prints how many times slower they are.
//
// Run it with tools/bench.sh (which builds the `acs_rooms_ops_bench` target optimised).
#include <acs/rooms.hpp>
#include <acs/rooms/crypto/openssl.hpp>

#include <nlohmann/json.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <new>
#include <string>
#include <string_view>
#include <vector>

// ---------------------------------------------------------------------------------------------
// Allocation counting: every operator new of the program goes through here. (GCC cannot see
// that these new and delete are a pair once both are inlined.)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
namespace {
std::size_t allocations = 0;
} // namespace

void* operator new(std::size_t size) {
  ++allocations;
  if (void* p = std::malloc(size != 0 ? size : 1)) {
    return p;
  }
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  ++allocations;
  if (void* p = std::malloc(size != 0 ? size : 1)) {
    return p;
  }
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

using namespace acs::rooms;

namespace {

unsigned long sink = 0; // folded into the output so the work cannot be optimised away

void consume(std::string_view bytes) {
  for (const char c : bytes) {
    sink = sink * 31U + static_cast<unsigned char>(c);
  }
}

// ---------------------------------------------------------------------------------------------
// The canned service.

struct canned_transport {
  const http_response* reply = nullptr;
  http_request last; // the last request as sent, for the floors' inputs
  bool record = false;
  http_response send(const http_request& request) {
    if (record) {
      last = request;
    }
    return *reply; // a real transport allocates the body too
  }
};

const std::string room_id = "99117812428622880";
const std::string room_body =
    R"({"id":"99117812428622880","createdAt":"2022-04-13T18:09:12.8159131+00:00",)"
    R"("validFrom":"2022-04-20T10:00:00.25+00:00","validUntil":"2022-05-20T10:00:00+00:00",)"
    R"("pstnDialOutEnabled":true})";

std::string participant_page_body() {
  std::string body = R"({"value":[)";
  for (int i = 0; i < 30; ++i) {
    body += i != 0 ? "," : "";
    body +=
        R"({"rawId":"8:acs:bbbcbc1e-9f06-482a-b5d8-20e3f26ef0cd_00000018-0b3a-4d5e-8a1e-0000000000)";
    body += std::to_string(10 + i);
    body += R"(","role":"Attendee"})";
  }
  return body + "]}";
}

// ---------------------------------------------------------------------------------------------
// The floors, on OpenSSL and nlohmann/json directly.

std::string base64(const unsigned char* bytes, std::size_t size) {
  return detail::base64_encode(std::string_view(reinterpret_cast<const char*>(bytes), size));
}

/// The string to sign of a request, as the service defines it (the floors' HMAC input).
std::string string_to_sign_of(const http_request& request, std::string_view content_hash) {
  const auto url = detail::parse_url(request.url);
  return string_to_sign(request.method, url->path_and_query(), "Tue, 24 Nov 2026 12:00:00 GMT",
                        url->authority(), content_hash);
}

/// What a floor computes for one operation, from the bytes the client sent and received.
struct floor_inputs {
  std::string body;           // request body
  std::string sts_empty_hash; // string to sign (content hash of "" in it; the length matters)
  std::string reply;          // response body
};

/// Body SHA-256 + one-shot HMAC (OpenSSL looks the algorithms up each time) + base64 + DOM.
void floor_op(const floor_inputs& in, std::string_view key) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (!in.body.empty()) {
    EVP_Digest(in.body.data(), in.body.size(), digest, &size, EVP_sha256(), nullptr);
    consume(base64(digest, size));
  }
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(in.sts_empty_hash.data()), in.sts_empty_hash.size(),
       digest, &size);
  consume(base64(digest, size));
  if (!in.reply.empty()) {
    const auto j = nlohmann::json::parse(in.reply, nullptr, false);
    sink += j.size();
  }
}

/// A SAX handler that keeps the string fields of a room or of a page's participants and
/// converts the times: the least work any parser of these bodies must do with nlohmann/json.
struct tight_sax : nlohmann::json_sax<nlohmann::json> {
  using json = nlohmann::json;
  struct participant {
    std::string raw_id;
    std::string role;
  };
  std::string id;
  time_point times[3]{};
  bool pstn = false;
  std::vector<participant> participants;
  int field = -1; // 0 id, 1..3 times, 4 pstn, 5 rawId, 6 role
  int depth = 0;

  bool null() override { return true; }
  bool boolean(bool v) override {
    if (field == 4) {
      pstn = v;
    }
    return true;
  }
  bool number_integer(json::number_integer_t) override { return true; }
  bool number_unsigned(json::number_unsigned_t) override { return true; }
  bool number_float(json::number_float_t, const json::string_t&) override { return true; }
  bool string(json::string_t& v) override {
    switch (field) {
    case 0:
      id = v; // a copy: the lexer keeps its buffer for the next string
      break;
    case 1:
    case 2:
    case 3:
      times[field - 1] = parse_rfc3339(v).value_or(time_point());
      break;
    case 5:
      participants.back().raw_id = v;
      break;
    case 6:
      participants.back().role = v;
      break;
    default:
      break;
    }
    return true;
  }
  bool binary(json::binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    if (++depth == 2) {
      participants.emplace_back();
    }
    return true;
  }
  bool key(json::string_t& k) override {
    static constexpr std::array<std::string_view, 7> names = {
        "id", "createdAt", "validFrom", "validUntil", "pstnDialOutEnabled", "rawId", "role"};
    const auto it = std::find(names.begin(), names.end(), std::string_view(k));
    field = it == names.end() ? -1 : static_cast<int>(it - names.begin());
    return true;
  }
  bool end_object() override {
    --depth;
    return true;
  }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }
};

/// The prepared OpenSSL pieces of the tight floor.
struct tight_openssl {
  EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  EVP_MAC_CTX* prepared = nullptr;
  EVP_MD_CTX* md_ctx = EVP_MD_CTX_new();
  explicit tight_openssl(std::string_view key) {
    prepared = EVP_MAC_CTX_new(mac);
    char digest_name[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest_name, 0),
                                 OSSL_PARAM_construct_end()};
    EVP_MAC_init(prepared, reinterpret_cast<const unsigned char*>(key.data()), key.size(), params);
  }
  ~tight_openssl() {
    EVP_MAC_CTX_free(prepared);
    EVP_MAC_free(mac);
    EVP_MD_CTX_free(md_ctx);
    EVP_MD_free(md);
  }
  tight_openssl(const tight_openssl&) = delete;
  tight_openssl& operator=(const tight_openssl&) = delete;
};

void tight_floor_op(const floor_inputs& in, tight_openssl& ssl) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  if (!in.body.empty()) {
    unsigned int size = 0;
    EVP_DigestInit_ex2(ssl.md_ctx, ssl.md, nullptr);
    EVP_DigestUpdate(ssl.md_ctx, in.body.data(), in.body.size());
    EVP_DigestFinal_ex(ssl.md_ctx, digest, &size);
    consume(base64(digest, size));
  }
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_dup(ssl.prepared);
  std::size_t size = 0;
  EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(in.sts_empty_hash.data()),
                 in.sts_empty_hash.size());
  EVP_MAC_final(ctx, digest, &size, sizeof digest);
  EVP_MAC_CTX_free(ctx);
  consume(base64(digest, size));
  if (!in.reply.empty()) {
    tight_sax sax;
    nlohmann::json::sax_parse(in.reply, &sax);
    sink += sax.participants.size() + sax.id.size();
  }
}

// ---------------------------------------------------------------------------------------------
// Timing: interleaved rounds, medians.

struct bench_case {
  std::string name;
  std::function<void()> run;
  std::vector<double> samples{}; // ns per call, one per round
  long iterations = 0;           // per round, calibrated to about round_ns
  double allocations_per_call = 0;
};

double median(std::vector<double> v) {
  if (v.empty()) {
    return 0;
  }
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 != 0 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// This thread's CPU time in ns: on a shared machine, time spent descheduled is not counted.
double cpu_now() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e9 + static_cast<double>(t.tv_nsec);
}

/// The median over rounds of a's time / b's time in the same round: load that changes from
/// round to round (other processes, frequency) cancels out better than in a ratio of medians.
double paired_ratio(const bench_case& a, const bench_case& b) {
  std::vector<double> ratios;
  for (std::size_t i = 0; i < a.samples.size() && i < b.samples.size(); ++i) {
    ratios.push_back(a.samples[i] / b.samples[i]);
  }
  return median(ratios);
}

double time_batch(const std::function<void()>& run, long iterations) {
  const double start = cpu_now();
  for (long i = 0; i < iterations; ++i) {
    run();
  }
  return cpu_now() - start;
}

void run_rounds(std::vector<bench_case>& cases, int rounds, double round_ns) {
  for (auto& c : cases) {
    c.run(); // warm up: OpenSSL's fetch cache, first-use allocations
    const std::size_t before = allocations;
    for (int i = 0; i < 10; ++i) {
      c.run();
    }
    c.allocations_per_call = static_cast<double>(allocations - before) / 10.0;
    long n = 16;
    while (time_batch(c.run, n) < round_ns / 4) {
      n *= 2;
    }
    c.iterations = n * 4;
  }
  for (int round = 0; round < rounds; ++round) {
    for (auto& c : cases) {
      c.samples.push_back(time_batch(c.run, c.iterations) / static_cast<double>(c.iterations));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The official SDKs, when asked for: each prints "<op> <ns per op>" lines.

std::vector<std::pair<std::string, double>> run_sdk(const std::string& command) {
  std::vector<std::pair<std::string, double>> out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return out;
  }
  char line[512];
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    char op[128];
    double ns = 0;
    if (std::sscanf(line, "%127s %lf", op, &ns) == 2) {
      out.emplace_back(op, ns);
    }
  }
  pclose(pipe);
  return out;
}

struct options {
  int rounds = 21;
  double round_ms = 3;
  std::string js;     // command running the JS SDK bench, or empty
  std::string python; // command running the Python SDK bench, or empty
};

options parse_args(int argc, char** argv) {
  options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    if (flag == "--rounds") {
      o.rounds = std::max(1, std::atoi(argv[i + 1]));
    } else if (flag == "--round-ms") {
      o.round_ms = std::max(0.1, std::atof(argv[i + 1]));
    } else if (flag == "--js") {
      o.js = argv[i + 1];
    } else if (flag == "--python") {
      o.python = argv[i + 1];
    } else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      std::exit(2);
    }
  }
  return o;
}

} // namespace

int main(int argc, char** argv) {
  const options opts = parse_args(argc, argv);

  const std::string page_body = participant_page_body();
  const http_response room_reply{200, {}, room_body};
  const http_response created_reply{201, {}, room_body};
  const http_response empty_reply{204, {}, ""};
  const http_response page_reply{200, {}, page_body};

  const time_point now = *parse_rfc3339("2026-11-24T12:00:00Z");
  client_options copts;
  copts.clock = [now] { return now; };
  copts.uuid_source = [] { return std::string("6f0c1b4e-3f5a-4c1e-9a57-3b2f1d4c5e6f"); };
  const std::string endpoint = "https://contoso.communication.azure.com";
  const std::string access_key = "pw=="; // decodes to 2 bytes; the length does not matter
  std::string key_bytes;
  if (!detail::base64_decode(access_key, key_bytes)) {
    return 1;
  }

  canned_transport transport;
  rooms_client<canned_transport&, hmac_signer<portable_crypto>> portable(
      endpoint, transport, hmac_signer<portable_crypto>(access_key), copts);
  rooms_client<canned_transport&, hmac_signer<openssl_crypto>> openssl(
      endpoint, transport, hmac_signer<openssl_crypto>(access_key), copts);

  create_room_options create;
  create.valid_until = now + std::chrono::hours(24 * 30);
  for (int i = 0; i < 3; ++i) {
    create.participants.push_back(
        {communication_identifier::from_raw_id("8:acs:r_" + std::to_string(i))});
  }
  const update_room_options update{std::nullopt, now, std::nullopt};

  struct operation {
    const char* name;
    const http_response* reply;
    std::function<bool(rooms_client<canned_transport&, hmac_signer<portable_crypto>>&)> portable;
    std::function<bool(rooms_client<canned_transport&, hmac_signer<openssl_crypto>>&)> openssl;
    std::function<bool()> direct; // the same pieces called by hand: no client, no call machine
    floor_inputs floor{};
  };
  const auto each = [&](auto call) { return [call](auto& client) { return call(client); }; };
  const auto get = [&](auto& c) { return c.get_room(room_id).has_value(); };
  const auto create_call = [&](auto& c) { return c.create_room(create).has_value(); };
  const auto update_call = [&](auto& c) { return c.update_room(room_id, update).has_value(); };
  const auto remove = [&](auto& c) { return c.delete_room(room_id).has_value(); };
  const auto list = [&](auto& c) {
    auto page = c.list_participants(room_id).next_page();
    return page.has_value() && page->items.size() == 30;
  };
  // The pure pieces the client runs (builder, signer, transport, parser), called by hand with
  // the same inputs: the client's cost above this is the call machine, options and logging hook.
  const hmac_signer<portable_crypto> signer(access_key);
  const std::string request_id = "6f0c1b4e-3f5a-4c1e-9a57-3b2f1d4c5e6f";
  const std::string user_agent = "acs-rooms-cpp/" ACS_ROOMS_VERSION_STRING;
  const auto by_hand = [&](auto build, auto parse) {
    return [&, build, parse] {
      // A fresh client request id and the time, from the same sources as the client's.
      const std::string fresh_id = copts.uuid_source();
      const time_point at = copts.clock();
      const request_context ctx(endpoint, api_version::latest, fresh_id, user_agent);
      auto request = build(ctx);
      if (!request || !signer.sign(*request, at)) {
        return false;
      }
      return parse(transport.send(*request)).has_value();
    };
  };
  const auto parse_a_room = [](const http_response& r) { return parse_room(r); };
  const auto parse_nothing = [](const http_response& r) { return parse_empty(r); };
  const auto direct_list =
      by_hand([&](const request_context& ctx) { return build_list_participants(ctx, room_id); },
              [](const http_response& r) {
                auto page = parse_participant_page(r);
                return result<bool>(page.has_value() && page->items.size() == 30);
              });
  std::vector<operation> ops = {
      {"get", &room_reply, each(get), each(get),
       by_hand([&](const request_context& ctx) { return build_get_room(ctx, room_id); },
               parse_a_room)},
      {"create", &created_reply, each(create_call), each(create_call),
       by_hand(
           [&](const request_context& ctx) {
             return build_create_room(ctx, create, repeatability{request_id, now});
           },
           parse_a_room)},
      {"update", &room_reply, each(update_call), each(update_call),
       by_hand([&](const request_context& ctx) { return build_update_room(ctx, room_id, update); },
               parse_a_room)},
      {"delete", &empty_reply, each(remove), each(remove),
       by_hand([&](const request_context& ctx) { return build_delete_room(ctx, room_id); },
               parse_nothing)},
      {"list_participants_30", &page_reply, each(list), each(list), direct_list},
  };

  // Check every call succeeds, and record what it sent for the floors.
  for (auto& op : ops) {
    transport.reply = op.reply;
    transport.record = true;
    if (!op.portable(portable) || !op.openssl(openssl)) {
      std::fprintf(stderr, "%s failed\n", op.name);
      return 1;
    }
    transport.record = false;
    op.floor.body = transport.last.body;
    op.floor.sts_empty_hash = string_to_sign_of(transport.last, detail::empty_body_sha256);
    op.floor.reply = op.reply->body;
  }

  tight_openssl ssl(key_bytes);
  std::vector<bench_case> cases;
  for (auto& op : ops) {
    const std::string n = op.name;
    cases.push_back({n + "/portable", [&] {
                       transport.reply = op.reply;
                       sink += op.portable(portable) ? 1U : 0U;
                     }});
    cases.push_back({n + "/openssl", [&] {
                       transport.reply = op.reply;
                       sink += op.openssl(openssl) ? 1U : 0U;
                     }});
    cases.push_back({n + "/floor", [&] { floor_op(op.floor, key_bytes); }});
    cases.push_back({n + "/tight", [&] { tight_floor_op(op.floor, ssl); }});
    cases.push_back({n + "/by-hand", [&] {
                       transport.reply = op.reply;
                       sink += op.direct() ? 1U : 0U;
                     }});
  }
  run_rounds(cases, opts.rounds, opts.round_ms * 1e6);

  std::printf(
      "acs_rooms %s, medians of %d interleaved rounds (thread CPU ns per operation; each ratio is\n"
      "the median of the ratios within a round)\n",
      ACS_ROOMS_VERSION_STRING, opts.rounds);
  std::printf("%-22s %9s %9s %9s %9s %8s %8s %8s %8s  %s\n", "operation", "portable", "openssl",
              "floor", "tight", "p/floor", "o/floor", "p/tight", "o/tight",
              "allocs/op (portable openssl tight)");
  std::vector<std::pair<std::string, double>> ours;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const bench_case* c = &cases[5 * i];
    const double p = median(c[0].samples), o = median(c[1].samples);
    const double f = median(c[2].samples), t = median(c[3].samples);
    std::printf("%-22s %9.0f %9.0f %9.0f %9.0f %8.2f %8.2f %8.2f %8.2f  %.0f %.0f %.0f\n",
                ops[i].name, p, o, f, t, paired_ratio(c[0], c[2]), paired_ratio(c[1], c[2]),
                paired_ratio(c[0], c[3]), paired_ratio(c[1], c[3]), c[0].allocations_per_call,
                c[1].allocations_per_call, c[3].allocations_per_call);
    ours.emplace_back(ops[i].name, p); // the default client
  }
  std::printf("\nThe client (portable) against its own pieces called by hand (builder, signer, "
              "transport, parser):\nthe difference is the call machine, the per-call options "
              "and the logging hook (off)\n");
  std::printf("%-22s %9s %9s %8s  %s\n", "operation", "client", "by hand", "ratio",
              "allocs/op (client by-hand)");
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const bench_case* c = &cases[5 * i];
    const double p = median(c[0].samples), h = median(c[4].samples);
    std::printf("%-22s %9.0f %9.0f %8.2f  %.0f %.0f\n", ops[i].name, p, h, paired_ratio(c[0], c[4]),
                c[0].allocations_per_call, c[4].allocations_per_call);
  }

  const auto compare = [&](const char* label, const std::string& command) {
    if (command.empty()) {
      return;
    }
    const auto theirs = run_sdk(command);
    if (theirs.empty()) {
      std::printf("%s SDK: could not run (%s)\n", label, command.c_str());
      return;
    }
    std::printf("%s SDK (ns per operation, and how many times slower than this client):\n", label);
    for (const auto& entry : theirs) {
      const std::string& name =
          entry.first; // not a structured binding: clang 14 cannot capture one
      const double ns = entry.second;
      const auto it = std::find_if(ours.begin(), ours.end(),
                                   [&](const auto& mine) { return mine.first == name; });
      if (it != ours.end()) {
        std::printf("  %-22s %11.0f  %7.1fx\n", name.c_str(), ns, ns / it->second);
      } else {
        std::printf("  %-22s %11.0f\n", name.c_str(), ns);
      }
    }
  };
  compare("JS", opts.js);
  compare("Python", opts.python);
  std::printf("(checksum %lu)\n", sink);
  return 0;
}
