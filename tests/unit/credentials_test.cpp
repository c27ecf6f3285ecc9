// SPDX-License-Identifier: MIT
// acs_rooms tests (unit): credentials.hpp - each credential's token request on the wire, the
// token answers it believes and refuses, its errors (never with a secret), and the chain.
#include <acs/rooms/credentials.hpp>

#include "../support/test_support.hpp"

#include <cstdio>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

using namespace acs::rooms;
using namespace std::chrono_literals;

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

constexpr const char* secret = "s3cr3t~value+/=";
} // namespace

TEST_CASE("client secret: the Entra v2 client-credentials request, form-encoded", "[credentials]") {
  recording_transport t;
  t.answers.push_back(
      token_answer(R"({"token_type":"Bearer","expires_in":3599,"access_token":"AT"})"));
  client_secret_credential c(std::ref(t), "contoso.onmicrosoft.com", "app-1", secret,
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

TEST_CASE("sovereign clouds: the authority host and the scope are configurable", "[credentials]") {
  recording_transport t;
  t.answers.push_back(token_answer(R"({"expires_in":"60","access_token":"AT"})"));
  auto o = options_with({{"AZURE_AUTHORITY_HOST", "https://login.microsoftonline.us/"}});
  o.scope = "https://communication.azure.us//.default";
  client_secret_credential c(std::ref(t), "tenant", "app", secret, o);
  REQUIRE(c.get_token());
  CHECK(t.sent[0].url == "https://login.microsoftonline.us/tenant/oauth2/v2.0/token");
  CHECK(t.sent[0].body.find("scope=https%3A%2F%2Fcommunication.azure.us%2F%2F.default") !=
        std::string::npos);
  o.authority_host = "https://login.chinacloudapi.cn"; // the option wins over the environment
  client_secret_credential d(std::ref(t), "tenant", "app", secret, o);
  (void)d.get_token();
  CHECK(t.sent[1].url == "https://login.chinacloudapi.cn/tenant/oauth2/v2.0/token");
  // A tenant that would change the path is refused before anything is sent.
  client_secret_credential bad(std::ref(t), "../evil", "app", secret, o);
  const auto refused = bad.get_token();
  REQUIRE_FALSE(refused);
  CHECK(refused.error().kind == errc::invalid_argument);
  CHECK(t.sent.size() == 2);
}

TEST_CASE("token answers: expiry forms believed, absurd ones refused", "[credentials]") {
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
          "[credentials]") {
  recording_transport t;
  t.answers.push_back(token_answer(
      std::string(
          R"({"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided: )") +
          secret + R"("})",
      401));
  client_secret_credential c(std::ref(t), "tenant", "app", secret, options_with({}));
  const auto r = c.get_token();
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == errc::service_error);
  CHECK(r.error().status == 401);
  CHECK(r.error().code == "invalid_client");
  CHECK(r.error().message.find("AADSTS7000215") != std::string::npos);
  CHECK(r.error().message.find("https://login.microsoftonline.com/tenant/oauth2/v2.0/token") !=
        std::string::npos);
  CHECK(r.error().message.find(secret) == std::string::npos);
  // No answer at all: a transport_error naming the endpoint.
  const auto lost = c.get_token();
  REQUIRE_FALSE(lost);
  CHECK(lost.error().kind == errc::transport_error);
  CHECK(lost.error().message.find("connection refused") != std::string::npos);
  // A transport that throws: its what() as a transport_error, so a chain can go on.
  struct throwing {
    http_response send(const http_request&) { throw std::runtime_error("socket closed"); }
  };
  client_secret_credential d(throwing{}, "tenant", "app", secret, options_with({}));
  const auto thrown = d.get_token();
  REQUIRE_FALSE(thrown);
  CHECK(thrown.error().kind == errc::transport_error);
  CHECK(thrown.error().message.find("socket closed") != std::string::npos);
}

TEST_CASE("environment credential: the three variables, or which are missing", "[credentials]") {
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
                                                        {"AZURE_CLIENT_SECRET", secret}}));
  REQUIRE(all.get_token());
  CHECK(t.sent.at(0).body.find("client_id=app&client_secret=") != std::string::npos);
}

TEST_CASE("workload identity: the assertion grant, the file re-read for every token",
          "[credentials]") {
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
          "[credentials]") {
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

TEST_CASE("managed identity: a short IMDS probe until IMDS first answers", "[credentials]") {
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
          "[credentials]") {
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
