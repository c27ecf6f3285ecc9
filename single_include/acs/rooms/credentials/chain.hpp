// SPDX-License-Identifier: MIT
// Generated from include/ by tools/amalgamate.py - do not edit. Needs only <acs/rooms.hpp> beside it.
#pragma once
#ifndef ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_CHAIN_HPP // credentials/chain.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_CHAIN_HPP
// acs_rooms credentials: chained_token_credential and default_azure_credential (the peers'
// order: environment, workload identity, managed identity, Azure CLI).

#include <acs/rooms.hpp> // the whole core, from the single header
#ifndef ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_AZURE_CLI_HPP // credentials/azure_cli.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_AZURE_CLI_HPP
// acs_rooms credentials: azure_cli_credential (the identity logged in to the Azure CLI, through
// `az account get-access-token`).

#ifndef ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_OPTIONS_HPP // credentials/options.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_OPTIONS_HPP
// acs_rooms credentials: credential_options, what every credential of the family is told.


#include <chrono>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>

ACS_ROOMS_NAMESPACE_BEGIN

/// The scope of the Communication Services data plane (the double slash is what the service
/// expects); sovereign clouds use their own (see docs/credentials.md).
inline constexpr const char* communication_scope = "https://communication.azure.com//.default";

/// What the credentials of <acs/rooms/credentials.hpp> share: the scope, where Microsoft Entra
/// ID is, the time limit of one token request, the clock and the environment. Every field has a
/// working default; tests inject `clock` and `environment`.
struct credential_options {
  std::string scope = communication_scope; ///< the scope tokens are requested for
  /// The Entra ID authority (https://host); nullopt: AZURE_AUTHORITY_HOST, else
  /// https://login.microsoftonline.com.
  std::optional<std::string> authority_host;
  /// The limit of one token request (passed to the Transport as send_options::timeout, and the
  /// Azure CLI's run time); nullopt: none.
  std::optional<std::chrono::milliseconds> timeout = std::chrono::seconds(30);
  std::function<time_point()> clock; ///< empty: system_clock::now (a token's expiry is from it)
  /// Reads an environment variable; empty: std::getenv. Unset and empty count alike.
  std::function<std::optional<std::string>(const std::string&)> environment;
  /// The Azure Instance Metadata Service token endpoint (managed identity off App Service).
  std::string imds_endpoint = "http://169.254.169.254/metadata/identity/oauth2/token";
};

namespace detail {
/// `name` from the options' environment (or the process's); nullopt when unset or empty.
inline std::optional<std::string> credential_env(const credential_options& options,
                                                 const std::string& name) {
  std::optional<std::string> value;
  if (options.environment) {
    value = options.environment(name);
  } else if (const char* raw = std::getenv(name.c_str())) { // NOLINT(concurrency-mt-unsafe)
    value = std::string(raw);
  }
  if (value && value->empty()) {
    value.reset();
  }
  return value;
}

/// The time a credential reads: the options' clock, else the system clock.
inline time_point credential_now(const credential_options& options) {
  return options.clock ? options.clock() : std::chrono::system_clock::now();
}

/// The authority host without a trailing '/': the option, AZURE_AUTHORITY_HOST, or the public
/// cloud's.
inline std::string authority_host(const credential_options& options) {
  std::string host = options.authority_host ? *options.authority_host
                                            : credential_env(options, "AZURE_AUTHORITY_HOST")
                                                  .value_or("https://login.microsoftonline.com");
  while (!host.empty() && host.back() == '/') {
    host.pop_back();
  }
  return host;
}

/// The resource form of a scope, for managed identity and old endpoints: the scope without
/// "/.default" ("https://communication.azure.com//.default" -> "https://communication.azure.com/").
inline std::string scope_resource(const std::string& scope) {
  constexpr std::string_view suffix = "/.default";
  if (scope.size() >= suffix.size() &&
      std::string_view(scope).substr(scope.size() - suffix.size()) == suffix) {
    return scope.substr(0, scope.size() - suffix.size());
  }
  return scope;
}
} // namespace detail

ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_OPTIONS_HPP
#ifndef ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_PROCESS_HPP // credentials/process.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_PROCESS_HPP
// acs_rooms credentials (detail): run a program with arguments (no shell), its output captured,
// within a time limit - what azure_cli_credential needs. POSIX only.


#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
extern char** environ; // NOLINT: POSIX declares it nowhere
#define ACS_ROOMS_HAS_PROCESS 1
#else
#define ACS_ROOMS_HAS_PROCESS 0
#endif

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// What a finished program left: its exit status (-1 when a signal ended it) and output.
struct process_output {
  int exit_code = -1;
  std::string out, err;
};

/// Runs `argv` (argv[0] looked up on PATH; no shell, so no argument is ever interpreted) with
/// stdin closed, capturing stdout and stderr (at most `cap` bytes each). `timed_out` when it
/// runs past `limit` (then it is killed), `invalid_argument` when it cannot be started (errno's
/// text says why), `transport_error` for any other failure.
inline result<process_output> run_process(const std::vector<std::string>& argv,
                                          std::optional<std::chrono::milliseconds> limit,
                                          std::size_t cap = 1U << 20U) {
#if ACS_ROOMS_HAS_PROCESS
  if (argv.empty()) {
    return make_error(errc::invalid_argument, "no program to run");
  }
  int out_pipe[2] = {-1, -1};
  int err_pipe[2] = {-1, -1};
  const auto close_fd = [](int& fd) {
    if (fd >= 0) {
      ::close(fd);
      fd = -1;
    }
  };
  if (::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0) {
    close_fd(out_pipe[0]);
    close_fd(out_pipe[1]);
    return make_error(errc::transport_error, std::string("pipe: ") + std::strerror(errno));
  }
  for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
    ::fcntl(fd, F_SETFD, FD_CLOEXEC); // only the dup2'ed copies reach the child
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) {
    args.push_back(const_cast<char*>(a.c_str())); // NOLINT: posix_spawn's signature
  }
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close_fd(out_pipe[1]);
  close_fd(err_pipe[1]);
  if (spawned != 0) {
    close_fd(out_pipe[0]);
    close_fd(err_pipe[0]);
    return make_error(errc::invalid_argument,
                      "cannot run " + argv[0] + ": " + std::strerror(spawned));
  }
  process_output result_out;
  const auto deadline = limit ? std::optional<std::chrono::steady_clock::time_point>(
                                    std::chrono::steady_clock::now() + *limit)
                              : std::nullopt;
  bool timed_out = false;
  bool too_much = false;
  while (out_pipe[0] >= 0 || err_pipe[0] >= 0) {
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    int wait_ms = -1;
    if (deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          *deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        timed_out = true;
        break;
      }
      wait_ms = left.count() > 60000 ? 60000 : static_cast<int>(left.count());
    }
    const int ready = ::poll(fds, 2, wait_ms);
    if (ready < 0 && errno != EINTR) {
      break;
    }
    for (int i = 0; i < 2 && ready > 0; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) {
        continue;
      }
      char buffer[4096];
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      int& fd = i == 0 ? out_pipe[0] : err_pipe[0];
      std::string& text = i == 0 ? result_out.out : result_out.err;
      if (n > 0) {
        if (text.size() + static_cast<std::size_t>(n) > cap) {
          too_much = true;
        } else {
          text.append(buffer, static_cast<std::size_t>(n));
        }
      } else if (n == 0 || errno != EINTR) {
        close_fd(fd);
      }
    }
    if (too_much) {
      break;
    }
  }
  close_fd(out_pipe[0]);
  close_fd(err_pipe[0]);
  if (timed_out || too_much) {
    ::kill(pid, SIGKILL);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    return make_error(errc::timed_out,
                      argv[0] + " did not finish within " + std::to_string(limit->count()) + " ms");
  }
  if (too_much) {
    return make_error(errc::transport_error,
                      argv[0] + " wrote more than " + std::to_string(cap) + " bytes");
  }
  result_out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result_out;
#else
  (void)argv;
  (void)limit;
  (void)cap;
  return make_error(errc::invalid_argument, "running a program is not supported on this platform");
#endif
}

} // namespace detail
ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_PROCESS_HPP
#ifndef ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_TOKEN_REQUEST_HPP // credentials/token_request.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_TOKEN_REQUEST_HPP
// acs_rooms credentials (detail): one token request - send, read the token or the error, redact.

#ifndef ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_TRANSPORT_HPP // credentials/transport.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_TRANSPORT_HPP
// acs_rooms credentials: credential_transport, any Transport as the way to a token endpoint.


#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
template <class T> struct unwrap_transport { using type = T; };
template <class T> struct unwrap_transport<std::reference_wrapper<T>> { using type = T; };
} // namespace detail

/// The Transport a credential reaches its token endpoint through: the client's own kind (any
/// type satisfying Transport), held by value, or by reference when given as `std::ref(t)` (then
/// `t` must outlive every copy). Copies share one held transport. A transport that throws has
/// its exception's what() turned into a `transport_error`, so that a chain can go on.
class credential_transport {
public:
  /// Holds `transport` (moved in), or refers to it when it is a `std::reference_wrapper`.
  template <
      class Transport,
      std::enable_if_t<
          !std::is_same_v<std::decay_t<Transport>, credential_transport> &&
              is_transport_v<typename detail::unwrap_transport<std::decay_t<Transport>>::type>,
          int> = 0>
  credential_transport(Transport&& transport) { // NOLINT(google-explicit-constructor)
    using held = std::decay_t<Transport>;
    auto shared = std::make_shared<held>(std::forward<Transport>(transport));
    send_ = [shared](const http_request& request,
                     const send_options& limits) -> result<http_response> {
      auto& t = static_cast<typename detail::unwrap_transport<held>::type&>(*shared);
      using target = typename detail::unwrap_transport<held>::type;
      if constexpr (detail::accepts_send_options<target>::value) {
        return t.send(request, limits);
      } else {
        (void)limits;
        return t.send(request);
      }
    };
  }

  /// Sends `request` within `limits`; a throwing transport's exception becomes an error.
  [[nodiscard]] result<http_response> send(const http_request& request,
                                           const send_options& limits) const {
#if ACS_ROOMS_NO_EXCEPTIONS
    return send_(request, limits);
#else
    try {
      return send_(request, limits);
    } catch (const std::exception& e) {
      return detail::make_error(errc::transport_error, e.what());
    } catch (...) {
      return detail::make_error(errc::transport_error, "the transport threw an exception");
    }
#endif
  }

private:
  std::function<result<http_response>(const http_request&, const send_options&)> send_;
};

ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_TRANSPORT_HPP

#include <nlohmann/json.hpp> // the DOM, also under ACS_ROOMS_SEPARATE_COMPILATION

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// The longest token lifetime believed (a year): anything longer is a broken answer.
inline constexpr std::int64_t longest_token_seconds = 366LL * 24 * 3600;

/// `s` made safe to show: every secret in `secrets` replaced by "***", control characters by
/// '?', and at most `limit` bytes.
inline std::string redacted(std::string s, std::initializer_list<std::string_view> secrets,
                            std::size_t limit = 400) {
  for (std::string_view secret : secrets) {
    if (secret.size() < 4) {
      continue; // too short to look for without hiding ordinary words
    }
    for (auto at = s.find(secret); at != std::string::npos; at = s.find(secret, at + 3)) {
      s.replace(at, secret.size(), "***");
    }
  }
  for (char& c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      c = '?';
    }
  }
  if (s.size() > limit) {
    s.resize(limit);
    s += "...";
  }
  return s;
}

/// True when `s` has a control character (it could inject a header).
inline bool has_control(std::string_view s) noexcept {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      return true;
    }
  }
  return false;
}

/// A whole number of seconds from a JSON number or a string of digits (as IMDS and App Service
/// send them); nullopt for anything else (fractions, signs, exponents, more than 18 digits).
inline std::optional<std::int64_t> json_seconds(const nlohmann::json& v) {
  if (v.is_number_unsigned()) {
    const auto n = v.get<std::uint64_t>();
    return n <= 999999999999999999ULL ? std::optional<std::int64_t>(static_cast<std::int64_t>(n))
                                      : std::nullopt;
  }
  if (v.is_number_integer()) {
    const auto n = v.get<std::int64_t>();
    return n >= 0 ? std::optional<std::int64_t>(n) : std::nullopt;
  }
  if (!v.is_string()) {
    return std::nullopt;
  }
  const auto& s = v.get_ref<const std::string&>();
  if (s.empty() || s.size() > 18) {
    return std::nullopt;
  }
  std::int64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    n = n * 10 + (c - '0');
  }
  return n;
}

/// The expiry of a token answer: now + `expires_in` when present (relative, so immune to clock
/// skew), else `expires_on` (seconds since the epoch); an error naming the field when it is
/// missing, malformed, already past or absurdly far (more than a year).
inline result<time_point> token_expiry(const nlohmann::json& body, time_point now,
                                       const char* in_field, const char* on_field) {
  const auto malformed = [](std::string what) {
    return make_error(errc::malformed_response, "malformed token response: " + what);
  };
  if (auto in = body.find(in_field); in != body.end()) {
    const auto seconds = json_seconds(*in);
    if (!seconds || *seconds == 0 || *seconds > longest_token_seconds) {
      return malformed(std::string("\"") + in_field +
                       "\" is not a whole number of seconds from 1 to a year");
    }
    return saturating_add(now, std::chrono::seconds(*seconds));
  }
  if (auto on = body.find(on_field); on != body.end()) {
    const auto seconds = json_seconds(*on);
    const auto at = seconds ? time_from_seconds(*seconds, 0) : std::nullopt;
    if (!at) {
      return malformed(std::string("\"") + on_field + "\" is not a time in seconds since 1970");
    }
    if (*at <= now) {
      return malformed(std::string("the token has already expired (\"") + on_field + "\")");
    }
    if (*at > saturating_add(now, std::chrono::seconds(longest_token_seconds))) {
      return malformed(std::string("\"") + on_field + "\" is more than a year away");
    }
    return *at;
  }
  return malformed(std::string("no \"") + in_field + "\" or \"" + on_field + "\"");
}

inline result<access_token> read_token(const json& j, time_point now, const char* token_field,
                                       const char* in_field, const char* on_field);

/// The token of a 2xx answer: `token_field` (a non-empty string without control characters,
/// at most 64 KiB) and its expiry (see token_expiry).
inline result<access_token> read_token(std::string_view body, time_point now,
                                       const char* token_field = "access_token",
                                       const char* in_field = "expires_in",
                                       const char* on_field = "expires_on") {
  json j; // parse_json: the core's parser, instantiated once for every user
  if (!parse_json(body, j) || !j.is_object()) {
    return make_error(errc::malformed_response, "malformed token response: not a JSON object");
  }
  return read_token(j, now, token_field, in_field, on_field);
}

/// As read_token(body, ...), from a parsed answer.
inline result<access_token> read_token(const json& j, time_point now, const char* token_field,
                                       const char* in_field, const char* on_field) {
  const auto token = j.find(token_field);
  if (token == j.end() || !token->is_string() || token->get_ref<const std::string&>().empty()) {
    return make_error(errc::malformed_response,
                      std::string("malformed token response: no \"") + token_field + "\" string");
  }
  const auto& text = token->get_ref<const std::string&>();
  if (text.size() > 65536 || has_control(text)) {
    return make_error(errc::malformed_response,
                      "malformed token response: the token is too long or has control characters");
  }
  auto expiry = token_expiry(j, now, in_field, on_field);
  if (!expiry) {
    return std::move(expiry).error();
  }
  return access_token{text, *expiry};
}

/// The error of a non-2xx answer from a token endpoint: its status, the service's code
/// ("error", e.g. invalid_client) and description ("error_description", e.g. AADSTS7000215: ...;
/// or App Service's "message"), with `secrets` redacted.
inline error token_endpoint_error(std::string_view who, std::string_view endpoint,
                                  const http_response& response,
                                  std::initializer_list<std::string_view> secrets) {
  error e = make_error(errc::service_error, "", response.status);
  std::string description;
  json j;
  const bool parsed = parse_json(response.body, j);
  if (parsed && j.is_object()) {
    const auto text = [&](const char* field) {
      const auto it = j.find(field);
      return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    e.code = redacted(text("error"), secrets, 100);
    description = text("error_description");
    if (description.empty()) {
      description = text("message");
    }
  }
  e.message = std::string(who) + ": " + std::string(endpoint) + " answered " +
              std::to_string(response.status) + (e.code.empty() ? "" : " " + e.code) +
              (description.empty() ? "" : ": " + redacted(std::move(description), secrets));
  return e;
}

/// `url` without its query (what an error may show).
inline std::string_view without_query(std::string_view url) { return url.substr(0, url.find('?')); }

/// Sends one token request and reads its answer as `who` (e.g. "managed identity"); never
/// shows the body it sent or any of `secrets`.
inline result<access_token> request_token(const credential_transport& transport,
                                          const credential_options& options,
                                          const http_request& request, std::string_view who,
                                          std::initializer_list<std::string_view> secrets) {
  send_options limits;
  limits.timeout = options.timeout;
  const std::string endpoint(without_query(request.url));
  auto answer = transport.send(request, limits);
  if (!answer) {
    error e = std::move(answer).error();
    e.message = std::string(who) + ": no answer from " + endpoint + ": " +
                redacted(std::move(e.message), secrets);
    return e;
  }
  if (answer->status < 200 || answer->status > 299) {
    return token_endpoint_error(who, endpoint, *answer, secrets);
  }
  auto token = read_token(answer->body, credential_now(options));
  if (!token) {
    error e = std::move(token).error();
    e.status = answer->status;
    e.message = std::string(who) + ": " + endpoint + ": " + e.message;
    return e;
  }
  return token;
}

/// `value` form-encoded (application/x-www-form-urlencoded, as encodeURIComponent does).
inline std::string form_value(std::string_view value) {
  std::string out;
  append_path_segment(out, value);
  return out;
}

/// True when `id` may go in a URL path as a tenant (letters, digits, '.', '-', '_').
inline bool valid_tenant(std::string_view id) {
  if (id.empty() || id.size() > 256) {
    return false;
  }
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '-' || c == '_')) {
      return false;
    }
  }
  return true;
}

/// A client-credentials grant at the Entra ID v2 token endpoint of `tenant`: with a client
/// secret (`proof_field` "client_secret") or a signed assertion ("client_assertion", a JWT).
inline result<access_token> entra_token(const credential_transport& transport,
                                        const credential_options& options, std::string_view who,
                                        const std::string& tenant, const std::string& client_id,
                                        std::string_view proof_field, std::string_view proof) {
  if (!valid_tenant(tenant)) {
    return make_error(errc::invalid_argument,
                      std::string(who) + ": the tenant id is empty or has characters other than "
                                         "letters, digits, '.', '-' and '_'");
  }
  const std::string authority = authority_host(options);
  if (!url_is_valid(authority + "/")) {
    return make_error(errc::invalid_argument, std::string(who) +
                                                  ": the authority host is not an http(s) URL: " +
                                                  redacted(authority, {proof}));
  }
  http_request request;
  request.method = "POST";
  request.url = authority + "/" + tenant + "/oauth2/v2.0/token";
  request.headers.set("Content-Type", "application/x-www-form-urlencoded");
  request.headers.set("Accept", "application/json");
  request.body = "grant_type=client_credentials&client_id=" + form_value(client_id);
  if (proof_field == "client_assertion") {
    request.body += "&client_assertion_type=" +
                    form_value("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
  }
  request.body += "&" + std::string(proof_field) + "=" + form_value(proof) +
                  "&scope=" + form_value(options.scope);
  auto token = request_token(transport, options, request, who, {proof});
  secure_zero(request.body.data(), request.body.size());
  return token;
}

} // namespace detail
ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_TOKEN_REQUEST_HPP


#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// The identity logged in to the Azure CLI: runs `az account get-access-token --output json
/// --scope <scope>` (no shell; `--tenant` when given) within `credential_options::timeout`, and
/// reads `accessToken` with `expires_on` (seconds since 1970; newer CLIs) or `expiresOn` (local
/// time, older ones). `command` replaces "az" (a path, or a program and leading arguments), e.g.
/// a fake script in tests. For development machines; POSIX only. A token source for
/// bearer_token_signer.
class azure_cli_credential {
public:
  /// Runs `command` (default {"az"}) for tenant `tenant_id` (empty: the CLI's default).
  explicit azure_cli_credential(credential_options options = {}, std::string tenant_id = {},
                                std::vector<std::string> command = {"az"})
      : options_(std::move(options)), tenant_(std::move(tenant_id)), command_(std::move(command)) {}

  /// A new token, or why not (the CLI missing, not logged in, too slow, or its answer).
  [[nodiscard]] result<access_token> get_token() const {
    constexpr const char* who = "Azure CLI credential";
    if (!cli_safe(options_.scope) || (!tenant_.empty() && !detail::valid_tenant(tenant_))) {
      return detail::make_error(errc::invalid_argument,
                                std::string(who) + ": the scope or tenant has characters the "
                                                   "CLI is not given");
    }
    std::vector<std::string> argv = command_;
    for (const char* a : {"account", "get-access-token", "--output", "json", "--scope"}) {
      argv.emplace_back(a);
    }
    argv.push_back(options_.scope);
    if (!tenant_.empty()) {
      argv.emplace_back("--tenant");
      argv.push_back(tenant_);
    }
    auto ran = detail::run_process(argv, options_.timeout);
    if (!ran) {
      error e = std::move(ran).error();
      e.message = std::string(who) + ": " + e.message;
      return e;
    }
    if (ran->exit_code != 0) {
      const std::string first_line = ran->err.substr(0, ran->err.find('\n'));
      std::string why =
          ran->err.find("az login") != std::string::npos ? "not logged in: run `az login`"
          : ran->exit_code == 127                        ? "the Azure CLI (az) is not installed"
                                  : "az exited with " + std::to_string(ran->exit_code) + ": " +
                                        detail::redacted(first_line, {}, 200);
      detail::secure_zero(ran->out.data(), ran->out.size());
      return detail::make_error(errc::invalid_argument, std::string(who) + ": " + why);
    }
    auto token = read(ran->out);
    detail::secure_zero(ran->out.data(), ran->out.size());
    if (!token) {
      error e = std::move(token).error();
      e.message = std::string(who) + ": " + e.message;
      return e;
    }
    return token;
  }
  /// The token source form, for bearer_token_signer.
  result<access_token> operator()() const { return get_token(); }

private:
  // Only what a scope or URL needs: no space, quote or shell character reaches the CLI.
  static bool cli_safe(const std::string& s) {
    if (s.empty()) {
      return false;
    }
    for (char c : s) {
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '.' || c == '-' || c == '_' || c == '/' || c == ':')) {
        return false;
      }
    }
    return true;
  }

  // The CLI's JSON: accessToken and expires_on, else expiresOn ("YYYY-MM-DD HH:MM:SS[.f]" in
  // local time).
  result<access_token> read(const std::string& out) const {
    const time_point now = detail::credential_now(options_);
    detail::json j;
    if (!detail::parse_json(out, j) || !j.is_object()) {
      return detail::make_error(errc::malformed_response,
                                "malformed token response: not a JSON object");
    }
    if (!j.contains("expires_on") && j.contains("expiresOn") && j["expiresOn"].is_string()) {
      std::tm local{};
      const std::string& text = j["expiresOn"].get_ref<const std::string&>();
      if (std::sscanf(text.c_str(), "%d-%d-%d %d:%d:%d", &local.tm_year, &local.tm_mon,
                      &local.tm_mday, &local.tm_hour, &local.tm_min, &local.tm_sec) != 6) {
        return detail::make_error(errc::malformed_response,
                                  "malformed token response: \"expiresOn\" is not a local time");
      }
      local.tm_year -= 1900;
      local.tm_mon -= 1;
      local.tm_isdst = -1;
      const std::time_t at = std::mktime(&local);
      j["expires_on"] = static_cast<long long>(at);
    }
    return detail::read_token(j, now, "accessToken", "expires_in", "expires_on");
  }

  credential_options options_;
  std::string tenant_;
  std::vector<std::string> command_;
};

ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_AZURE_CLI_HPP
#ifndef ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_CLIENT_SECRET_HPP // credentials/client_secret.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_CLIENT_SECRET_HPP
// acs_rooms credentials: client_secret_credential and environment_credential (a service
// principal's secret, given or from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET).


#include <memory>
#include <string>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// A service principal's client secret, exchanged at the Entra ID v2 token endpoint
/// (POST {authority}/{tenant}/oauth2/v2.0/token, grant_type=client_credentials). A token source:
/// give it to bearer_token_signer, which caches the tokens. Copies share the secret, which is
/// wiped when the last one goes; it never appears in an error.
class client_secret_credential {
public:
  /// The credential of application `client_id` in `tenant_id` with `client_secret`.
  client_secret_credential(credential_transport transport, std::string tenant_id,
                           std::string client_id, std::string client_secret,
                           credential_options options = {})
      : transport_(std::move(transport)), options_(std::move(options)),
        state_(std::make_shared<state>()) {
    state_->tenant = std::move(tenant_id);
    state_->client = std::move(client_id);
    state_->secret = std::move(client_secret);
  }

  /// A new token (no caching: bearer_token_signer caches), or the endpoint's error.
  [[nodiscard]] result<access_token> get_token() const {
    if (state_->client.empty() || state_->secret.empty()) {
      return detail::make_error(errc::invalid_argument,
                                "client secret credential: the client id or secret is empty");
    }
    return detail::entra_token(transport_, options_, who_, state_->tenant, state_->client,
                               "client_secret", state_->secret);
  }
  /// The token source form, for bearer_token_signer.
  result<access_token> operator()() const { return get_token(); }

private:
  friend class environment_credential; // names itself in errors
  struct state {
    std::string tenant, client, secret;
    state() = default;
    state(const state&) = delete;
    state& operator=(const state&) = delete;
    ~state() { detail::secure_zero(secret.data(), secret.size()); }
  };
  credential_transport transport_;
  credential_options options_;
  std::shared_ptr<state> state_;
  const char* who_ = "client secret credential";
};

/// The client secret of AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (read when the
/// credential is made, from `credential_options::environment`), at AZURE_AUTHORITY_HOST. When
/// one is missing, get_token() fails with `invalid_argument` naming the missing variables, so
/// that a chain goes on to the next credential.
class environment_credential {
public:
  /// Reads the environment now.
  explicit environment_credential(credential_transport transport, credential_options options = {}) {
    const auto tenant = detail::credential_env(options, "AZURE_TENANT_ID");
    const auto client = detail::credential_env(options, "AZURE_CLIENT_ID");
    auto secret = detail::credential_env(options, "AZURE_CLIENT_SECRET");
    for (const auto* name : {"AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"}) {
      if (!detail::credential_env(options, name)) {
        missing_ += (missing_.empty() ? "" : ", ") + std::string(name);
      }
    }
    if (missing_.empty()) {
      inner_ = std::make_shared<client_secret_credential>(std::move(transport), *tenant, *client,
                                                          std::move(*secret), std::move(options));
      inner_->who_ = "environment credential";
    }
    if (secret) {
      detail::secure_zero(secret->data(), secret->size());
    }
  }

  /// A new token, or why not (the variables missing, or the endpoint's error).
  [[nodiscard]] result<access_token> get_token() const {
    if (!inner_) {
      return detail::make_error(errc::invalid_argument,
                                "environment credential: not set: " + missing_);
    }
    return inner_->get_token();
  }
  /// The token source form, for bearer_token_signer.
  result<access_token> operator()() const { return get_token(); }

private:
  std::shared_ptr<client_secret_credential> inner_;
  std::string missing_;
};

ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_CLIENT_SECRET_HPP
#ifndef ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_MANAGED_IDENTITY_HPP // credentials/managed_identity.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_MANAGED_IDENTITY_HPP
// acs_rooms credentials: managed_identity_credential (Azure IMDS, or App Service's
// IDENTITY_ENDPOINT and IDENTITY_HEADER).


#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// An Azure managed identity. On App Service and Functions (IDENTITY_ENDPOINT and
/// IDENTITY_HEADER set): GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=... with
/// X-IDENTITY-HEADER; elsewhere the Instance Metadata Service: GET
/// http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=... with
/// `Metadata: true`. The resource is the scope without "/.default". `client_id` selects a
/// user-assigned identity (empty: the system-assigned one). A token source for
/// bearer_token_signer.
///
/// `probe_timeout` (default_azure_credential sets 1 s, as the peers do) bounds IMDS requests
/// until IMDS has answered once, so that off Azure a chain moves on quickly instead of waiting
/// out `credential_options::timeout` on an address nothing answers.
class managed_identity_credential {
public:
  /// Reads IDENTITY_ENDPOINT and IDENTITY_HEADER now.
  explicit managed_identity_credential(credential_transport transport,
                                       credential_options options = {}, std::string client_id = {},
                                       std::optional<std::chrono::milliseconds> probe_timeout = {})
      : transport_(std::move(transport)), client_(std::move(client_id)), probe_(probe_timeout),
        answered_(std::make_shared<std::atomic<bool>>(false)) {
    endpoint_ = detail::credential_env(options, "IDENTITY_ENDPOINT").value_or("");
    header_ = detail::credential_env(options, "IDENTITY_HEADER").value_or("");
    options_ = std::move(options);
  }

  /// A new token, or why not.
  [[nodiscard]] result<access_token> get_token() const {
    const bool app_service = !endpoint_.empty() && !header_.empty();
    const std::string who =
        app_service ? "managed identity (App Service)" : "managed identity (IMDS)";
    http_request request;
    request.method = "GET";
    request.url = app_service ? endpoint_ : options_.imds_endpoint;
    if (!detail::url_is_valid(request.url) || request.url.find('?') != std::string::npos) {
      return detail::make_error(errc::invalid_argument,
                                who + ": the endpoint is not an http(s) URL without a query: " +
                                    detail::redacted(request.url, {header_}, 200));
    }
    request.url += app_service ? "?api-version=2019-08-01" : "?api-version=2018-02-01";
    request.url += "&resource=" + detail::form_value(detail::scope_resource(options_.scope));
    if (!client_.empty()) {
      request.url += "&client_id=" + detail::form_value(client_);
    }
    if (app_service) {
      if (detail::has_control(header_)) {
        return detail::make_error(errc::invalid_argument,
                                  who + ": IDENTITY_HEADER has control characters");
      }
      request.headers.set("X-IDENTITY-HEADER", header_);
    } else {
      request.headers.set("Metadata", "true");
    }
    if (app_service || !probe_ || answered_->load()) {
      return detail::request_token(transport_, options_, request, who, {header_});
    }
    credential_options probing = options_; // IMDS not heard from yet: a short first request
    probing.timeout = options_.timeout ? std::min(*options_.timeout, *probe_) : *probe_;
    auto token = detail::request_token(transport_, probing, request, who, {header_});
    if (token || token.error().kind != errc::transport_error) {
      answered_->store(true); // IMDS is there: the usual timeout from now on
    }
    return token;
  }
  /// The token source form, for bearer_token_signer.
  result<access_token> operator()() const { return get_token(); }

private:
  credential_transport transport_;
  credential_options options_;
  std::string client_, endpoint_, header_;
  std::optional<std::chrono::milliseconds> probe_;
  std::shared_ptr<std::atomic<bool>> answered_; // copies share what they learnt
};

ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_MANAGED_IDENTITY_HPP
#ifndef ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_WORKLOAD_IDENTITY_HPP // credentials/workload_identity.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_WORKLOAD_IDENTITY_HPP
// acs_rooms credentials: workload_identity_credential (a federated token file, e.g. from
// Kubernetes, exchanged as a client assertion).


#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// Microsoft Entra Workload ID: the assertion in AZURE_FEDERATED_TOKEN_FILE (re-read for every
/// token, since the platform rotates it) exchanged at the Entra ID v2 token endpoint of
/// AZURE_TENANT_ID for application AZURE_CLIENT_ID (grant_type=client_credentials with
/// client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer). A token source
/// for bearer_token_signer. When a variable is missing or the file cannot be read, get_token()
/// fails with `invalid_argument` saying which.
class workload_identity_credential {
public:
  /// Reads AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE now.
  explicit workload_identity_credential(credential_transport transport,
                                        credential_options options = {})
      : transport_(std::move(transport)) {
    tenant_ = detail::credential_env(options, "AZURE_TENANT_ID").value_or("");
    client_ = detail::credential_env(options, "AZURE_CLIENT_ID").value_or("");
    file_ = detail::credential_env(options, "AZURE_FEDERATED_TOKEN_FILE").value_or("");
    options_ = std::move(options);
  }
  /// The given tenant, application and token file.
  workload_identity_credential(credential_transport transport, std::string tenant_id,
                               std::string client_id, std::string token_file,
                               credential_options options = {})
      : transport_(std::move(transport)), options_(std::move(options)),
        tenant_(std::move(tenant_id)), client_(std::move(client_id)), file_(std::move(token_file)) {
  }

  /// A new token, or why not.
  [[nodiscard]] result<access_token> get_token() const {
    std::string missing;
    for (const auto& [name, value] :
         {std::pair<const char*, const std::string*>{"AZURE_TENANT_ID", &tenant_},
          {"AZURE_CLIENT_ID", &client_},
          {"AZURE_FEDERATED_TOKEN_FILE", &file_}}) {
      if (value->empty()) {
        missing += (missing.empty() ? "" : ", ") + std::string(name);
      }
    }
    if (!missing.empty()) {
      return detail::make_error(errc::invalid_argument,
                                "workload identity credential: not set: " + missing);
    }
    std::ifstream in(file_, std::ios::binary);
    std::string assertion;
    if (in) {
      assertion.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    const std::string_view trimmed = detail::trim(assertion);
    if (!in || trimmed.empty() || trimmed.size() > 65536) {
      detail::secure_zero(assertion.data(), assertion.size());
      return detail::make_error(errc::invalid_argument,
                                "workload identity credential: cannot read a token from the "
                                "file in AZURE_FEDERATED_TOKEN_FILE (" +
                                    detail::redacted(file_, {}, 200) + ")");
    }
    auto token = detail::entra_token(transport_, options_, "workload identity credential", tenant_,
                                     client_, "client_assertion", trimmed);
    detail::secure_zero(assertion.data(), assertion.size());
    return token;
  }
  /// The token source form, for bearer_token_signer.
  result<access_token> operator()() const { return get_token(); }

private:
  credential_transport transport_;
  credential_options options_;
  std::string tenant_, client_, file_;
};

ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_WORKLOAD_IDENTITY_HPP

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// Token sources tried in order until one gives a token; the first that does is used from then
/// on (as the peers' DefaultAzureCredential does), and its failures are then reported as they
/// are. When every one fails, the error (`invalid_argument`) says why each failed, in order, in
/// its message and as its `details`. A token source for bearer_token_signer; copies share which
/// source was chosen.
class chained_token_credential {
public:
  /// A token source: anything callable as `result<access_token>()`.
  using source = std::function<result<access_token>()>;

  /// An empty chain (every get_token() fails until add()).
  chained_token_credential() : chosen_(std::make_shared<std::atomic<int>>(-1)) {}

  /// Adds `token_source`, known in errors as `name`, at the end of the chain.
  chained_token_credential& add(std::string name, source token_source) {
    links_.push_back({std::move(name), std::move(token_source)});
    return *this;
  }

  /// A token from the chosen source, or from the first in order that gives one.
  [[nodiscard]] result<access_token> get_token() const {
    const int chosen = chosen_->load();
    if (chosen >= 0) {
      return links_[static_cast<std::size_t>(chosen)].get();
    }
    error all =
        detail::make_error(errc::invalid_argument, "no credential in the chain gave a token:");
    for (std::size_t i = 0; i < links_.size(); ++i) {
      auto token = links_[i].get();
      if (token) {
        chosen_->store(static_cast<int>(i));
        return token;
      }
      all.message += (i == 0 ? " " : "; ") + links_[i].name + ": " + token.error().message;
      all.details.push_back(std::move(token).error());
    }
    if (links_.empty()) {
      all.message += " the chain is empty";
    }
    return all;
  }
  /// The token source form, for bearer_token_signer.
  result<access_token> operator()() const { return get_token(); }

  /// The names of the sources, in order.
  [[nodiscard]] std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& l : links_) {
      out.push_back(l.name);
    }
    return out;
  }

private:
  struct link {
    std::string name;
    source fetch;
    result<access_token> get() const {
      if (!fetch) {
        return detail::make_error(errc::invalid_argument, "no token source");
      }
      return fetch();
    }
  };
  std::vector<link> links_;
  std::shared_ptr<std::atomic<int>> chosen_;
};

/// The chain the Azure SDKs' DefaultAzureCredential (Python, .NET, JS, Java) tries, among the
/// credentials here: environment_credential, workload_identity_credential,
/// managed_identity_credential (the user-assigned identity AZURE_CLIENT_ID, when set; IMDS probed
/// with a 1 s limit until it first answers) and
/// azure_cli_credential (`az_command` in place of "az"). All reach Entra ID through `transport`.
[[nodiscard]] inline chained_token_credential
default_azure_credential(const credential_transport& transport,
                         const credential_options& options = {},
                         std::vector<std::string> az_command = {"az"}) {
  chained_token_credential chain;
  chain.add("environment", environment_credential(transport, options));
  chain.add("workload identity", workload_identity_credential(transport, options));
  chain.add("managed identity",
            managed_identity_credential(
                transport, options, detail::credential_env(options, "AZURE_CLIENT_ID").value_or(""),
                std::chrono::seconds(1)));
  chain.add("Azure CLI", azure_cli_credential(options, {}, std::move(az_command)));
  return chain;
}

ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_CHAIN_HPP
