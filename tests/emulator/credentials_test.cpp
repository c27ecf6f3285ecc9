// SPDX-License-Identifier: MIT
// acs_rooms tests (emulator): credentials.hpp. First each credential's request on the wire, the
// token answers it believes and refuses, and its errors (never with a secret), through a
// recording Transport; then every credential end to end - credential -> the emulator's token
// endpoint -> bearer_token_signer -> rooms_client against the same emulator - with faults,
// expiry on the emulator's clock, the Azure CLI through fake `az` scripts, and the chain. (One
// file, not a unit test file too: each test file costs CI compile time.)
#include <acs/rooms.hpp>
#include <acs/rooms/credentials.hpp>
#include <acs/rooms/emulator.hpp>

#include "../support/test_support.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <vector>

using namespace acs::rooms;
using namespace std::chrono_literals;

// The requests on the wire, the answers believed and refused, the errors: a recording Transport.
namespace {
const time_point t0 = parse_rfc3339("2026-12-04T12:00:00Z").value();

// A Transport that records what it was sent and answers from a script.
struct recording_transport {
  std::vector<http_request> sent;
  std::vector<send_options> limits;
  std::vector<http_response> answers;
  result<http_response> send(const http_request& request, const send_options& l) {
    sent.push_back(request);
    limits.push_back(l);
    if (answers.empty()) {
      return detail::make_error(errc::transport_error, "connection refused");
    }
    auto a = answers.front();
    answers.erase(answers.begin());
    return a;
  }
};

credential_options options_with(std::map<std::string, std::string> env) {
  credential_options o;
  o.clock = [] { return t0; };
  o.environment = [env](const std::string& name) -> std::optional<std::string> {
    const auto it = env.find(name);
    return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  return o;
}

http_response token_answer(std::string body, int status = 200) {
  return acs_rooms_test::response(status, std::move(body));
}

constexpr const char* wire_secret = "s3cr3t~value+/=";
} // namespace

TEST_CASE("client secret: the Entra v2 client-credentials request, form-encoded",
          "[credentials][wire]") {
  recording_transport t;
  t.answers.push_back(
      token_answer(R"({"token_type":"Bearer","expires_in":3599,"access_token":"AT"})"));
  client_secret_credential c(std::ref(t), "contoso.onmicrosoft.com", "app-1", wire_secret,
                             options_with({}));
  const auto token = c.get_token();
  REQUIRE(token);
  CHECK(token->token == "AT");
  CHECK(token->expires_on == t0 + 3599s);
  REQUIRE(t.sent.size() == 1);
  const auto& r = t.sent[0];
  CHECK(r.method == "POST");
  CHECK(r.url == "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token");
  CHECK(r.headers.get("Content-Type") == std::string_view("application/x-www-form-urlencoded"));
  CHECK(r.body ==
        "grant_type=client_credentials&client_id=app-1&client_secret=s3cr3t~value%2B%2F%3D"
        "&scope=https%3A%2F%2Fcommunication.azure.com%2F%2F.default");
  REQUIRE(t.limits[0].timeout);
  CHECK(*t.limits[0].timeout == 30s);
}

TEST_CASE("sovereign clouds: the authority host and the scope are configurable",
          "[credentials][wire]") {
  recording_transport t;
  t.answers.push_back(token_answer(R"({"expires_in":"60","access_token":"AT"})"));
  auto o = options_with({{"AZURE_AUTHORITY_HOST", "https://login.microsoftonline.us/"}});
  o.scope = "https://communication.azure.us//.default";
  client_secret_credential c(std::ref(t), "tenant", "app", wire_secret, o);
  REQUIRE(c.get_token());
  CHECK(t.sent[0].url == "https://login.microsoftonline.us/tenant/oauth2/v2.0/token");
  CHECK(t.sent[0].body.find("scope=https%3A%2F%2Fcommunication.azure.us%2F%2F.default") !=
        std::string::npos);
  o.authority_host = "https://login.chinacloudapi.cn"; // the option wins over the environment
  client_secret_credential d(std::ref(t), "tenant", "app", wire_secret, o);
  (void)d.get_token();
  CHECK(t.sent[1].url == "https://login.chinacloudapi.cn/tenant/oauth2/v2.0/token");
  // A tenant that would change the path is refused before anything is sent.
  client_secret_credential bad(std::ref(t), "../evil", "app", wire_secret, o);
  const auto refused = bad.get_token();
  REQUIRE_FALSE(refused);
  CHECK(refused.error().kind == errc::invalid_argument);
  CHECK(t.sent.size() == 2);
}

TEST_CASE("token answers: expiry forms believed, absurd ones refused", "[credentials][wire]") {
  const auto read = [](std::string body) { return detail::read_token(body, t0); };
  CHECK(read(R"({"access_token":"a","expires_in":3600})")->expires_on == t0 + 1h);
  CHECK(read(R"({"access_token":"a","expires_in":"3600"})")->expires_on == t0 + 1h);
  CHECK(read(R"({"access_token":"a","expires_on":"1796390400"})")->expires_on ==
        parse_rfc3339("2026-12-04T13:20:00Z").value());
  CHECK(read(R"({"access_token":"a","expires_on":1796390400})")->expires_on ==
        parse_rfc3339("2026-12-04T13:20:00Z").value());
  // expires_in wins over expires_on (relative: immune to a skewed clock).
  CHECK(read(R"({"access_token":"a","expires_in":60,"expires_on":1796390400})")->expires_on ==
        t0 + 60s);
  for (const char* bad : {
           R"({"access_token":"a","expires_in":-5})",
           R"({"access_token":"a","expires_in":0})",
           R"({"access_token":"a","expires_in":1e300})",
           R"({"access_token":"a","expires_in":3599.5})",
           R"({"access_token":"a","expires_in":"36OO"})",
           R"({"access_token":"a","expires_in":"-1"})",
           R"({"access_token":"a","expires_in":"99999999999999999999999"})",
           R"({"access_token":"a","expires_in":18446744073709551615})",
           R"({"access_token":"a","expires_in":40000000})",       // more than a year
           R"({"access_token":"a","expires_on":"1000"})",         // long past
           R"({"access_token":"a","expires_on":99999999999999})", // past the clock's range
           R"({"access_token":"a","expires_on":4102444800})",     // 2100: absurdly far
           R"({"access_token":"a"})",
           R"({"access_token":"","expires_in":60})",
           R"({"access_token":7,"expires_in":60})",
           "{\"access_token\":\"a\\r\\nX: y\",\"expires_in\":60}",
           R"([1,2])",
           "not json",
           "",
       }) {
    CAPTURE(bad);
    const auto r = read(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == errc::malformed_response);
  }
}

TEST_CASE("token endpoint errors: status, AADSTS code and description, never the secret",
          "[credentials][wire]") {
  recording_transport t;
  t.answers.push_back(token_answer(
      std::string(
          R"({"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided: )") +
          wire_secret + R"("})",
      401));
  client_secret_credential c(std::ref(t), "tenant", "app", wire_secret, options_with({}));
  const auto r = c.get_token();
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == errc::service_error);
  CHECK(r.error().status == 401);
  CHECK(r.error().code == "invalid_client");
  CHECK(r.error().message.find("AADSTS7000215") != std::string::npos);
  CHECK(r.error().message.find("https://login.microsoftonline.com/tenant/oauth2/v2.0/token") !=
        std::string::npos);
  CHECK(r.error().message.find(wire_secret) == std::string::npos);
  // No answer at all: a transport_error naming the endpoint.
  const auto lost = c.get_token();
  REQUIRE_FALSE(lost);
  CHECK(lost.error().kind == errc::transport_error);
  CHECK(lost.error().message.find("connection refused") != std::string::npos);
  // A transport that throws: its what() as a transport_error, so a chain can go on.
  struct throwing {
    http_response send(const http_request&) { throw std::runtime_error("socket closed"); }
  };
  client_secret_credential d(throwing{}, "tenant", "app", wire_secret, options_with({}));
  const auto thrown = d.get_token();
  REQUIRE_FALSE(thrown);
  CHECK(thrown.error().kind == errc::transport_error);
  CHECK(thrown.error().message.find("socket closed") != std::string::npos);
}

TEST_CASE("environment credential: the three variables, or which are missing",
          "[credentials][wire]") {
  recording_transport t;
  environment_credential none(std::ref(t), options_with({{"AZURE_CLIENT_ID", "app"}}));
  const auto r = none.get_token();
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == errc::invalid_argument);
  CHECK(r.error().message ==
        "environment credential: not set: AZURE_TENANT_ID, AZURE_CLIENT_SECRET");
  CHECK(t.sent.empty());
  t.answers.push_back(token_answer(R"({"expires_in":60,"access_token":"AT"})"));
  environment_credential all(std::ref(t), options_with({{"AZURE_TENANT_ID", "tenant"},
                                                        {"AZURE_CLIENT_ID", "app"},
                                                        {"AZURE_CLIENT_SECRET", wire_secret}}));
  REQUIRE(all.get_token());
  CHECK(t.sent.at(0).body.find("client_id=app&client_secret=") != std::string::npos);
}

TEST_CASE("workload identity: the assertion grant, the file re-read for every token",
          "[credentials][wire]") {
  const std::string file = "credentials_test_federated_token.jwt";
  std::ofstream(file) << "assertion-one\n";
  recording_transport t;
  t.answers.push_back(token_answer(R"({"expires_in":60,"access_token":"A1"})"));
  t.answers.push_back(token_answer(R"({"expires_in":60,"access_token":"A2"})"));
  workload_identity_credential c(std::ref(t), options_with({{"AZURE_TENANT_ID", "tenant"},
                                                            {"AZURE_CLIENT_ID", "app"},
                                                            {"AZURE_FEDERATED_TOKEN_FILE", file}}));
  REQUIRE(c.get_token());
  std::ofstream(file) << "assertion-two";
  REQUIRE(c.get_token()->token == "A2");
  CHECK(t.sent[0].body ==
        "grant_type=client_credentials&client_id=app&client_assertion_type=urn%3Aietf%3Aparams%"
        "3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=assertion-one&scope=https%"
        "3A%2F%2Fcommunication.azure.com%2F%2F.default");
  CHECK(t.sent[1].body.find("client_assertion=assertion-two&") != std::string::npos);
  std::remove(file.c_str());
  const auto gone = c.get_token();
  REQUIRE_FALSE(gone);
  CHECK(gone.error().kind == errc::invalid_argument);
  CHECK(gone.error().message.find("AZURE_FEDERATED_TOKEN_FILE") != std::string::npos);
  workload_identity_credential unset(std::ref(t), options_with({}));
  CHECK(unset.get_token().error().message ==
        "workload identity credential: not set: AZURE_TENANT_ID, AZURE_CLIENT_ID, "
        "AZURE_FEDERATED_TOKEN_FILE");
}

TEST_CASE("managed identity: IMDS and App Service requests, the resource form of the scope",
          "[credentials][wire]") {
  recording_transport t;
  t.answers.push_back(token_answer(
      R"({"access_token":"MI","expires_in":"3599","expires_on":"1796385599","token_type":"Bearer"})"));
  managed_identity_credential imds(std::ref(t), options_with({}));
  REQUIRE(imds.get_token()->expires_on == t0 + 3599s);
  CHECK(t.sent[0].method == "GET");
  CHECK(t.sent[0].url == "http://169.254.169.254/metadata/identity/oauth2/token?api-version="
                         "2018-02-01&resource=https%3A%2F%2Fcommunication.azure.com%2F");
  CHECK(t.sent[0].headers.get("Metadata") == std::string_view("true"));
  CHECK(t.sent[0].body.empty());

  t.answers.push_back(token_answer(R"({"access_token":"MI","expires_on":"1796389200"})"));
  managed_identity_credential app(
      std::ref(t),
      options_with({{"IDENTITY_ENDPOINT", "http://127.0.0.1:41000/msi/token"},
                    {"IDENTITY_HEADER", "header-secret"}}),
      "user-assigned-id");
  REQUIRE(app.get_token());
  CHECK(t.sent[1].url == "http://127.0.0.1:41000/msi/token?api-version=2019-08-01&resource="
                         "https%3A%2F%2Fcommunication.azure.com%2F&client_id=user-assigned-id");
  CHECK(t.sent[1].headers.get("X-IDENTITY-HEADER") == std::string_view("header-secret"));
  CHECK_FALSE(t.sent[1].headers.contains("Metadata"));

  t.answers.push_back(
      token_answer(R"({"error":"invalid_request","error_description":"Identity not found"})", 400));
  const auto missing = imds.get_token();
  REQUIRE_FALSE(missing);
  CHECK(missing.error().status == 400);
  CHECK(missing.error().message ==
        "managed identity (IMDS): http://169.254.169.254/metadata/identity/oauth2/token answered "
        "400 invalid_request: Identity not found");
}

TEST_CASE("managed identity: a short IMDS probe until IMDS first answers", "[credentials][wire]") {
  recording_transport t;
  managed_identity_credential imds(std::ref(t), options_with({}), {}, 1s);
  REQUIRE_FALSE(imds.get_token()); // nothing answers: the chain moves on after 1 s, not 30
  t.answers.push_back(token_answer(R"({"error":"invalid_request"})", 400));
  REQUIRE_FALSE(imds.get_token()); // an answer, even a refusal: IMDS is there
  t.answers.push_back(token_answer(R"({"access_token":"MI","expires_in":"60"})"));
  REQUIRE(imds.get_token());
  REQUIRE(t.limits.size() == 3);
  CHECK(t.limits[0].timeout == std::optional<std::chrono::milliseconds>(1s));
  CHECK(t.limits[1].timeout == std::optional<std::chrono::milliseconds>(1s));
  CHECK(t.limits[2].timeout == std::optional<std::chrono::milliseconds>(30s));
}

TEST_CASE("the chain: the peers' order, the first that works is kept, one error for all",
          "[credentials][wire]") {
  int calls_b = 0;
  chained_token_credential chain;
  chain
      .add("a",
           [] {
             return result<access_token>(detail::make_error(errc::invalid_argument, "a: not set"));
           })
      .add("b",
           [&]() -> result<access_token> {
             ++calls_b;
             return access_token{"B", t0 + 1h};
           })
      .add("c", [] {
        return result<access_token>(access_token{"C", t0 + 1h});
      });
  CHECK(chain.get_token()->token == "B");
  CHECK(chain.get_token()->token == "B");
  CHECK(calls_b == 2);

  recording_transport t; // IMDS gets no answer
  const auto dac =
      default_azure_credential(std::ref(t), options_with({}), {"/nonexistent/acs-rooms-test-az"});
  CHECK(dac.names() == std::vector<std::string>{"environment", "workload identity",
                                                "managed identity", "Azure CLI"});
  const auto all = dac.get_token();
  REQUIRE_FALSE(all);
  CHECK(all.error().kind == errc::invalid_argument);
  REQUIRE(all.error().details.size() == 4);
  CHECK(all.error().details[0].message.find("environment credential: not set") == 0);
  CHECK(all.error().details[1].message.find("workload identity credential: not set") == 0);
  CHECK(all.error().details[2].kind == errc::transport_error);
  CHECK(all.error().details[3].message.find("Azure CLI credential: cannot run") == 0);
  CHECK(all.error().message.find("no credential in the chain gave a token: environment: ") == 0);
  CHECK(all.error().message.find("; Azure CLI: ") != std::string::npos);
}

namespace {
constexpr const char* endpoint = "https://emu.communication.azure.com";
constexpr const char* secret = "emulated-secret-0123";

// The emulator as a Transport, counting the requests that reach its token endpoints.
struct counting {
  emulator* emu;
  int token_requests = 0;
  result<http_response> send(const http_request& request, const send_options& limits) {
    if (request.url.find("/oauth2/") != std::string::npos ||
        request.url.find("/msi/") != std::string::npos) {
      ++token_requests;
    }
    return emu->send(request, limits);
  }
};

emulator_options identity_options() {
  emulator_options o;
  o.identity.tenant_id = "contoso";
  o.identity.client_id = "app-1";
  o.identity.client_secret = secret;
  o.identity.client_assertion = "federated.jwt.assertion";
  o.identity.imds = true;
  o.identity.app_service_path = "/msi/token";
  o.identity.identity_header = "app-service-header";
  o.identity.token_lifetime = 3600s;
  return o;
}

credential_options options_for(const emulator& emu, std::map<std::string, std::string> env = {}) {
  credential_options o;
  o.clock = emu.clock();
  o.environment = [env](const std::string& name) -> std::optional<std::string> {
    const auto it = env.find(name);
    return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  return o;
}

client_options client_for(const emulator& emu) {
  client_options o;
  o.clock = emu.clock();
  o.sleep = [](std::chrono::milliseconds) {};
  return o;
}

// The folder of the fake `az` scripts: this process's own, under the system's temporary
// directory (not the working directory), removed at exit.
struct fake_az_dir {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("acs-rooms-fake-az-" + std::to_string(::getpid()));
  fake_az_dir() { std::filesystem::create_directories(path); }
  fake_az_dir(const fake_az_dir&) = delete;
  fake_az_dir& operator=(const fake_az_dir&) = delete;
  ~fake_az_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

// A fake `az`: a shell script printing `out` to stdout, `err` to stderr, exiting `code`, and
// writing its arguments to `<path>.args`.
std::string fake_az(const std::string& name, const std::string& out, const std::string& err = "",
                    int code = 0, const std::string& before = "") {
  static const fake_az_dir dir;
  const std::string path = (dir.path / name).string();
  const auto quoted = [](const std::string& text) { // for sh, in single quotes
    std::string q = "'";
    for (char c : text) {
      q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return q + "'";
  };
  std::ofstream(path) << "#!/bin/sh\n"
                      << before << "\necho \"$@\" > " << quoted(path + ".args") << "\n"
                      << "printf '%s' " << quoted(out) << "\nprintf '%s' " << quoted(err)
                      << " >&2\nexit " << code << "\n";
  ::chmod(path.c_str(), 0755);
  return path;
}

template <class Credential>
void check_end_to_end(emulator& emu, counting& transport, Credential credential) {
  bearer_token_signer signer(std::move(credential));
  rooms_client<counting&, bearer_token_signer> client(endpoint, transport, signer, client_for(emu));
  const auto created = client.create_room();
  REQUIRE(created);
  REQUIRE(client.get_room(created->id));
  CHECK(transport.token_requests == 1); // cached
  emu.advance(56min);                   // within the 5-minute margin of the 1-hour token
  REQUIRE(client.get_room(created->id));
  CHECK(transport.token_requests == 2);
  emu.advance(50min);
  REQUIRE(client.get_room(created->id));
  CHECK(transport.token_requests == 2);
}
} // namespace

TEST_CASE("client secret credential end to end, refreshed on the emulator's clock",
          "[credentials]") {
  emulator emu(identity_options());
  counting transport{&emu};
  check_end_to_end(
      emu, transport,
      client_secret_credential(std::ref(transport), "contoso", "app-1", secret, options_for(emu)));
}

TEST_CASE("environment credential end to end", "[credentials]") {
  emulator emu(identity_options());
  counting transport{&emu};
  check_end_to_end(emu, transport,
                   environment_credential(std::ref(transport),
                                          options_for(emu, {{"AZURE_TENANT_ID", "contoso"},
                                                            {"AZURE_CLIENT_ID", "app-1"},
                                                            {"AZURE_CLIENT_SECRET", secret}})));
}

TEST_CASE("workload identity credential end to end", "[credentials]") {
  emulator emu(identity_options());
  counting transport{&emu};
  const std::string file = "./credentials_e2e_federated.jwt";
  std::ofstream(file) << "federated.jwt.assertion\n";
  check_end_to_end(
      emu, transport,
      workload_identity_credential(std::ref(transport),
                                   options_for(emu, {{"AZURE_TENANT_ID", "contoso"},
                                                     {"AZURE_CLIENT_ID", "app-1"},
                                                     {"AZURE_FEDERATED_TOKEN_FILE", file}})));
  std::ofstream(file) << "another.assertion"; // rotated to one Entra ID does not know
  workload_identity_credential stale(std::ref(transport),
                                     options_for(emu, {{"AZURE_TENANT_ID", "contoso"},
                                                       {"AZURE_CLIENT_ID", "app-1"},
                                                       {"AZURE_FEDERATED_TOKEN_FILE", file}}));
  const auto refused = stale.get_token();
  REQUIRE_FALSE(refused);
  CHECK(refused.error().status == 401);
  CHECK(refused.error().code == "invalid_client");
  CHECK(refused.error().message.find("AADSTS700211") != std::string::npos);
  CHECK(refused.error().message.find("another.assertion") == std::string::npos);
  std::remove(file.c_str());
}

TEST_CASE("managed identity end to end: IMDS and App Service", "[credentials]") {
  emulator emu(identity_options());
  {
    counting transport{&emu};
    check_end_to_end(emu, transport,
                     managed_identity_credential(std::ref(transport), options_for(emu)));
  }
  {
    counting transport{&emu};
    check_end_to_end(emu, transport,
                     managed_identity_credential(
                         std::ref(transport),
                         options_for(emu, {{"IDENTITY_ENDPOINT", "http://localhost:8081/msi/token"},
                                           {"IDENTITY_HEADER", "app-service-header"}})));
  }
  // The endpoints' own checks: IMDS wants Metadata: true, App Service its header.
  http_request no_metadata{"GET",
                           "http://169.254.169.254/metadata/identity/oauth2/token?api-version="
                           "2018-02-01&resource=https%3A%2F%2Fcommunication.azure.com%2F",
                           {},
                           {}};
  CHECK(emu.send(no_metadata).status == 400);
  managed_identity_credential wrong_header(
      std::ref(emu), options_for(emu, {{"IDENTITY_ENDPOINT", "http://localhost:8081/msi/token"},
                                       {"IDENTITY_HEADER", "not-the-header"}}));
  const auto refused = wrong_header.get_token();
  REQUIRE_FALSE(refused);
  CHECK(refused.error().status == 401);
  CHECK(refused.error().message.find("not-the-header") == std::string::npos);
}

TEST_CASE("issued tokens are accepted until their expiry on the emulator's clock",
          "[credentials]") {
  emulator emu(identity_options());
  emu.set_time(emu.now()); // stopped: only advance() moves it
  client_secret_credential credential(std::ref(emu), "contoso", "app-1", secret, options_for(emu));
  const auto token = credential.get_token();
  REQUIRE(token);
  CHECK(token->expires_on == emu.now() + 1h);
  // A signer that always sends this one token, past the cache's judgement.
  const auto send_with = [&](const std::string& bearer) {
    http_request r{"GET", std::string(endpoint) + "/rooms?api-version=2025-03-13", {}, {}};
    r.headers.set("Authorization", "Bearer " + bearer);
    return emu.send(r).status;
  };
  CHECK(send_with(token->token) == 200);
  CHECK(send_with(token->token + "x") == 401);
  emu.advance(1h);
  CHECK(send_with(token->token) == 401);
}

TEST_CASE("token endpoint faults reach the caller as typed errors, and the next call recovers",
          "[credentials]") {
  emulator emu(identity_options());
  bearer_token_signer signer(
      client_secret_credential(std::ref(emu), "contoso", "app-1", secret, options_for(emu)));
  counting transport{&emu}; // one client type in this file: each costs compile time
  rooms_client<counting&, bearer_token_signer> client(endpoint, transport, signer, client_for(emu));
  emu.inject(emulator_fault::answer(500).on("POST", "/contoso/oauth2/v2.0/token"));
  auto failed = client.create_room();
  REQUIRE_FALSE(failed);
  CHECK(failed.error().kind == errc::service_error);
  CHECK(failed.error().status == 500);
  CHECK(failed.error().message.find("/contoso/oauth2/v2.0/token answered 500") !=
        std::string::npos);
  CHECK(emu.room_count() == 0);

  auto malformed = emulator_fault::answer(200).on("POST", "/contoso/oauth2/v2.0/token");
  malformed.body = R"({"token_type":"Bearer","expires_in":"soon","access_token":"x"})";
  emu.inject(malformed);
  failed = client.create_room();
  REQUIRE_FALSE(failed);
  CHECK(failed.error().kind == errc::malformed_response);
  CHECK(failed.error().message.find("expires_in") != std::string::npos);

  emu.inject(emulator_fault::drop_request().on("POST", "/contoso/"));
  failed = client.create_room();
  REQUIRE_FALSE(failed);
  CHECK(failed.error().kind == errc::transport_error);

  REQUIRE(client.create_room()); // the plan is used up: a token, a room
  CHECK(emu.room_count() == 1);

  // A wrong secret: the endpoint's AADSTS code and description, never the secret.
  client_secret_credential wrong(std::ref(emu), "contoso", "app-1", "wrong-secret-987",
                                 options_for(emu));
  const auto refused = wrong.get_token();
  REQUIRE_FALSE(refused);
  CHECK(refused.error().status == 401);
  CHECK(refused.error().message.find("AADSTS7000215") != std::string::npos);
  CHECK(refused.error().message.find("wrong-secret-987") == std::string::npos);
}

TEST_CASE("Azure CLI credential: a fake az's token, its arguments, and its failures",
          "[credentials]") {
  emulator emu(identity_options());
  const auto expiry = std::chrono::time_point_cast<std::chrono::seconds>(emu.now() + 1h);
  const auto expires = expiry.time_since_epoch().count();
  const std::string az =
      fake_az("fake_az_ok.sh", R"({"accessToken":"cli-token","expires_on":)" +
                                   std::to_string(expires) + R"(,"tokenType":"Bearer"})");
  azure_cli_credential cli(options_for(emu), "contoso", {az});
  const auto token = cli.get_token();
  REQUIRE(token);
  CHECK(token->token == "cli-token");
  CHECK(token->expires_on == expiry);
  std::ifstream args(az + ".args");
  std::string line;
  std::getline(args, line);
  CHECK(line == "account get-access-token --output json --scope "
                "https://communication.azure.com//.default --tenant contoso");

  const auto failing = [&](const std::string& name, const std::string& err, int code) {
    azure_cli_credential c(options_for(emu), {}, {fake_az(name, "", err, code)});
    auto r = c.get_token();
    REQUIRE_FALSE(r);
    return r.error();
  };
  CHECK(failing("fake_az_login.sh", "ERROR: Please run 'az login' to setup account.", 1).message ==
        "Azure CLI credential: not logged in: run `az login`");
  CHECK(failing("fake_az_other.sh", "ERROR: something else", 2).message ==
        "Azure CLI credential: az exited with 2: ERROR: something else");
  azure_cli_credential absent(options_for(emu), {}, {"./no-such-az"});
  CHECK(absent.get_token().error().message.find("cannot run ./no-such-az") != std::string::npos);

  auto quick = options_for(emu);
  quick.timeout = 200ms; // the one real wait here: a process that hangs is killed
  azure_cli_credential slow(quick, {}, {fake_az("fake_az_slow.sh", "{}", "", 0, "sleep 5")});
  const auto timed = slow.get_token();
  REQUIRE_FALSE(timed);
  CHECK(timed.error().kind == errc::timed_out);

  azure_cli_credential garbage(options_for(emu), {}, {fake_az("fake_az_bad.sh", "not json")});
  CHECK(garbage.get_token().error().kind == errc::malformed_response);
}

TEST_CASE("Azure CLI credential: the older expiresOn, in local time", "[credentials]") {
  ::setenv("TZ", "UTC", 1);
  ::tzset();
  emulator_options o;
  o.clock = [] { return parse_rfc3339("2026-12-04T12:00:00Z").value(); };
  emulator emu(o);
  const std::string az = fake_az(
      "fake_az_old.sh", R"({"accessToken":"old","expiresOn":"2026-12-04 13:00:00.000000"})");
  const auto token = azure_cli_credential(options_for(emu), {}, {az}).get_token();
  REQUIRE(token);
  CHECK(token->expires_on == parse_rfc3339("2026-12-04T13:00:00Z").value());
}

TEST_CASE("default_azure_credential: the first that works is used; all failing, one error",
          "[credentials]") {
  emulator emu(identity_options());
  counting transport{&emu};
  // Nothing in the environment: environment and workload identity are skipped, IMDS answers.
  check_end_to_end(emu, transport, default_azure_credential(std::ref(transport), options_for(emu)));

  auto cli_only = identity_options();
  cli_only.identity.imds = false; // no managed identity: its path is the Rooms API's 401
  cli_only.accepted_token = "cli-token";
  emulator emu2(cli_only);
  const auto expires =
      std::chrono::duration_cast<std::chrono::seconds>((emu2.now() + 1h).time_since_epoch())
          .count();
  const std::string az = fake_az("fake_az_chain.sh", R"({"accessToken":"cli-token","expires_on":)" +
                                                         std::to_string(expires) + "}");
  bearer_token_signer signer(default_azure_credential(std::ref(emu2), options_for(emu2), {az}));
  counting transport2{&emu2};
  rooms_client<counting&, bearer_token_signer> client(endpoint, transport2, signer,
                                                      client_for(emu2));
  REQUIRE(client.create_room());

  const std::string no_login =
      fake_az("fake_az_chain_fail.sh", "", "ERROR: Please run 'az login' to setup account.", 1);
  const auto all =
      default_azure_credential(std::ref(emu2), options_for(emu2), {no_login}).get_token();
  REQUIRE_FALSE(all);
  CHECK(all.error().kind == errc::invalid_argument);
  REQUIRE(all.error().details.size() == 4);
  CHECK(all.error().details[2].status == 401);
  CHECK(all.error().message ==
        "no credential in the chain gave a token: environment: environment credential: not set: "
        "AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET; workload identity: workload "
        "identity credential: not set: AZURE_TENANT_ID, AZURE_CLIENT_ID, "
        "AZURE_FEDERATED_TOKEN_FILE; managed identity: " +
            all.error().details[2].message +
            "; Azure CLI: Azure CLI credential: not logged in: run `az login`");
}
