// SPDX-License-Identifier: MIT
// acs_rooms program: acs-rooms, a command-line tool shaped like `az communication rooms`.

// Built on this library and curl_transport. Exit codes: 0 success, 1 the service answered with
// an error, 2 usage or configuration error (a refused or declined confirmation included), 3 no
// answer (transport error, timeout). Nothing it prints ever contains the access key.

#include "jmespath.hpp"
#include "output.hpp"

#include <acs/rooms.hpp>
#include <acs/rooms/transport/curl.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace rooms = acs::rooms;
using acs_rooms_cli::escape_controls;
using acs_rooms_cli::output_format;
using acs_rooms_cli::printable;
namespace jmespath = acs_rooms_cli::jmespath;

constexpr int exit_ok = 0;
constexpr int exit_service = 1;
constexpr int exit_usage = 2;
constexpr int exit_transport = 3;

/// Every access key the process may know of, so that no message can ever echo one.
std::vector<std::string> g_secrets;

std::string lower_case(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    c = rooms::detail::ascii_lower(c);
  }
  return lower;
}

/// Remembers the value of every `accesskey=` inside a connection-string-like text.
void remember_secrets_in(std::string_view text) {
  const std::string lower = lower_case(text);
  for (auto pos = lower.find("accesskey"); pos != std::string::npos;
       pos = lower.find("accesskey", pos + 1)) {
    const auto eq = lower.find_first_not_of(" \t", pos + 9);
    if (eq == std::string::npos || lower[eq] != '=') {
      continue;
    }
    const auto end = lower.find(';', eq + 1);
    const std::string_view value =
        rooms::detail::trim(text.substr(eq + 1, end == std::string::npos ? end : end - eq - 1));
    if (!value.empty() && std::find(g_secrets.begin(), g_secrets.end(), value) == g_secrets.end()) {
      g_secrets.emplace_back(value);
    }
  }
  // Longest first, so that a key containing another is masked whole.
  std::sort(g_secrets.begin(), g_secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

/// Remembers `secret` (trimmed) as one to mask, unless it is empty.
void remember_secret(std::string_view secret) {
  secret = rooms::detail::trim(secret);
  if (!secret.empty() && std::find(g_secrets.begin(), g_secrets.end(), secret) == g_secrets.end()) {
    g_secrets.emplace_back(secret);
  }
  std::sort(g_secrets.begin(), g_secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

/// Remembers the secrets of a connection string by position, not by name: every `;`-separated
/// field but the `endpoint=` one is the key or part of it, whatever it is called (`accesskey=`,
/// a misspelling such as `acceskey=`, or no name at all: `endpoint=...;<key>`). Both the field's
/// value (after a name and `=`) and the whole field are remembered, so that a key ending in
/// base64's `=` padding is masked too. Without an endpoint field, the whole text is the secret.
void remember_connection_string(std::string_view text) {
  remember_secrets_in(text);
  const std::string lower = lower_case(text);
  if (lower.find("endpoint=") == std::string::npos) {
    remember_secret(text);
    return;
  }
  std::size_t from = 0;
  while (from <= text.size()) {
    const auto semicolon = text.find(';', from);
    const auto end = semicolon == std::string_view::npos ? text.size() : semicolon;
    const std::string_view field = rooms::detail::trim(text.substr(from, end - from));
    if (!field.empty() && lower_case(field).find("endpoint=") == std::string::npos) {
      remember_secret(field);
      const auto eq = field.find('=');
      if (eq != std::string_view::npos && eq > 0) {
        const std::string_view value = rooms::detail::trim(field.substr(eq + 1));
        if (value.find_first_not_of('=') != std::string_view::npos) {
          remember_secret(value);
        }
      }
    }
    if (semicolon == std::string_view::npos) {
      break;
    }
    from = semicolon + 1;
  }
}

/// `text` with every known access key replaced by "***": anywhere when it is 4 characters or
/// longer, and right after "accesskey=" whatever its length (a shorter "key" anywhere would mask
/// ordinary words). Text that merely looks like a key's name, such as the library's own hint
/// "accesskey=<base64 key>", is left alone.
std::string redact(std::string text) {
  for (const auto& secret : g_secrets) {
    if (secret.size() >= 4) {
      for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos)) {
        text.replace(pos, secret.size(), "***");
      }
      continue;
    }
    const std::string lower = lower_case(text);
    std::string rebuilt;
    std::size_t from = 0;
    for (auto pos = lower.find("accesskey="); pos != std::string::npos;
         pos = lower.find("accesskey=", pos + 1)) {
      const auto start = pos + 10;
      if (text.compare(start, secret.size(), secret) == 0) {
        rebuilt.append(text, from, start - from);
        rebuilt += "***";
        from = start + secret.size();
      }
    }
    text = rebuilt + text.substr(from);
  }
  return text;
}

/// Prints one line on stderr: controls escaped (a service's text cannot break the line or drive
/// the terminal), keys redacted.
void say(const std::string& line) { std::cerr << redact(escape_controls(line)) << '\n'; }

/// Prints one "acs-rooms: " line on stderr, as say() does.
void complain(const std::string& message) { say("acs-rooms: " + message); }

/// How much goes to stderr besides the errors: az's --only-show-errors, default, --verbose,
/// --debug.
enum class verbosity { errors_only, warnings, info, debug };

/// The flags az calls global, accepted before or after any command.
struct global_flags {
  std::string connection_string;
  std::string api_version = rooms::api_version::latest.value();
  std::string output; // empty: not given (AZURE_CORE_OUTPUT, then json)
  std::string query;
  bool query_given = false; // even `--query ""` is compiled (and refused: empty)
  bool debug = false;
  bool verbose = false;
  bool only_show_errors = false;

  /// Adds them to `command`, in the "Global Arguments" group of its --help.
  void add_to(CLI::App& command) {
    command
        .add_option(
            "--connection-string", connection_string,
            "endpoint=https://<resource>.communication.azure.com/;accesskey=<key> "
            "(default: $ACS_CONNECTION_STRING, then $AZURE_COMMUNICATION_CONNECTION_STRING)")
        ->type_name("CS")
        ->group("Global Arguments");
    command
        .add_option("--api-version", api_version,
                    "The Rooms api-version to speak: 2023-06-14, 2024-04-15 or 2025-03-13 "
                    "(default); other values are passed through")
        ->type_name("V")
        ->group("Global Arguments");
    command
        .add_option("-o,--output", output,
                    "Output format: json (default: $AZURE_CORE_OUTPUT, then json), jsonc "
                    "(coloured on a terminal), table, tsv, yaml, yamlc (coloured on a terminal), "
                    "none")
        ->type_name("FORMAT")
        ->check(CLI::IsMember(acs_rooms_cli::output_format_names()))
        ->group("Global Arguments");
    command
        .add_option("--query", query,
                    "JMESPath query applied to the result before it is printed, as in az: "
                    "--query id -o tsv, --query \"[?role=='Presenter'].rawId\"")
        ->type_name("JMESPATH")
        ->each([this](const std::string&) { query_given = true; })
        ->group("Global Arguments");
    command
        .add_flag("--debug", debug,
                  "Log every request and response on stderr: line, headers and body, with the "
                  "signature and key redacted")
        ->group("Global Arguments");
    command.add_flag("--verbose", verbose, "Log one line per request on stderr")
        ->group("Global Arguments");
    command.add_flag("--only-show-errors", only_show_errors, "Print errors only, no warnings")
        ->group("Global Arguments");
  }

  [[nodiscard]] verbosity level() const {
    if (debug) {
      return verbosity::debug;
    }
    if (verbose) {
      return verbosity::info;
    }
    return only_show_errors ? verbosity::errors_only : verbosity::warnings;
  }
};

/// Prints an error from the library and returns the exit code it maps to.
int report(const rooms::error& e) {
  switch (e.kind) {
  case rooms::errc::invalid_argument:
    complain(e.message);
    if (e.message.find("allow_insecure_http") != std::string::npos) {
      std::cerr << "  acs-rooms sends plain http only to loopback (e.g. the emulator); use the "
                   "resource's https:// endpoint\n";
    }
    return exit_usage;
  case rooms::errc::transport_error:
  case rooms::errc::timed_out:
  case rooms::errc::cancelled:
    complain(e.message);
    return exit_transport;
  case rooms::errc::malformed_response:
    complain("the service's answer could not be read: " + e.message);
    break;
  case rooms::errc::service_error: {
    std::string line = "the service answered HTTP " + std::to_string(e.status);
    if (!e.code.empty()) {
      line += " " + e.code;
    }
    line += ": " + e.message;
    if (!e.target.empty()) {
      line += " (target: " + e.target + ")";
    }
    complain(line);
    break;
  }
  }
  const auto print_detail = [](const rooms::error& d, const char* label) {
    std::string line = std::string("  ") + label + ": " + d.code;
    if (!d.target.empty()) {
      line += " (" + d.target + ")";
    }
    if (!d.message.empty()) {
      line += ": " + d.message;
    }
    say(line);
  };
  for (const auto& d : e.details) {
    print_detail(d, "detail");
  }
  if (e.inner_error() != nullptr) {
    print_detail(*e.inner_error(), "inner error");
  }
  if (!e.raw_body.empty()) {
    say("  body: " + printable(e.raw_body, 300));
  }
  std::string ids;
  if (!e.client_request_id.empty()) {
    ids += "x-ms-client-request-id " + e.client_request_id;
  }
  if (!e.correlation_vector.empty()) {
    ids += (ids.empty() ? "" : ", ") + std::string("MS-CV ") + e.correlation_vector;
  }
  if (!ids.empty()) {
    say("  " + ids);
  }
  return exit_service;
}

/// Reports a --query that does not compile or does not apply: what is wrong, where (a caret under
/// the character for a syntax error), exit code 2 by the caller.
void report_query_error(const std::string& query, const jmespath::error& e) {
  std::string where;
  if (e.position() != std::string::npos) {
    where = " at character " + std::to_string(e.position() + 1);
  }
  complain("--query \"" + printable(query, 200) + "\"" + where + ": " + e.what());
  if (e.position() != std::string::npos && e.position() <= 200 && escape_controls(query) == query) {
    say("  " + query.substr(0, 200));
    say("  " + std::string(e.position(), ' ') + "^");
  }
}

/// A Transport around another that, for --debug, prints each request and response on stderr as
/// az --debug does: the request's URL, method, headers and body, then the response's status,
/// headers and body. The Authorization header (the HMAC signature, or a bearer token) and any
/// header named like a key, token, secret or cookie print as REDACTED; every line also goes
/// through redact() and escape_controls().
template <class Inner> class debug_transport {
public:
  /// Wraps `inner`; prints only when `on`.
  debug_transport(Inner inner, bool on) : inner_(std::move(inner)), on_(on) {}

  /// Sends through the inner transport, printing the exchange first and after.
  rooms::result<rooms::http_response> send(const rooms::http_request& request,
                                           const rooms::send_options& limits) {
    if (on_) {
      say("DEBUG: Request URL: '" + request.url + "'");
      say("DEBUG: Request method: '" + request.method + "'");
      print_headers("Request headers:", request.headers);
      print_body("Request body:", "This request has no body", request.body);
    }
    auto response = inner_.send(request, limits);
    if (on_) {
      if (!response) {
        say("DEBUG: No response: " + response.error().message);
      } else {
        say("DEBUG: Response status: " + std::to_string(response->status));
        print_headers("Response headers:", response->headers);
        print_body("Response content:", "This response has no body", response->body);
      }
    }
    return response;
  }

private:
  static bool is_sensitive(std::string_view name) {
    const std::string lower = lower_case(name);
    if (lower == "authorization" || lower == "proxy-authorization") {
      return true;
    }
    for (const char* word : {"key", "token", "secret", "cookie", "signature", "password"}) {
      if (lower.find(word) != std::string::npos) {
        return true;
      }
    }
    return false;
  }
  static void print_headers(const char* title, const rooms::http_headers& headers) {
    say(std::string("DEBUG: ") + title);
    for (const auto& [name, value] : headers) {
      say("DEBUG:     '" + name + "': '" + (is_sensitive(name) ? "REDACTED" : value) + "'");
    }
  }
  static void print_body(const char* title, const char* none, const std::string& body) {
    if (body.empty()) {
      say(std::string("DEBUG: ") + none);
      return;
    }
    say(std::string("DEBUG: ") + title);
    std::size_t from = 0;
    while (from < body.size()) {
      const auto newline = body.find('\n', from);
      const auto end = newline == std::string::npos ? body.size() : newline;
      say("DEBUG: " + body.substr(from, end - from));
      from = end + 1;
    }
  }

  Inner inner_;
  bool on_;
};

/// True when `text[at, at + n)` are all decimal digits.
bool digits_at(std::string_view text, std::size_t at, std::size_t n) {
  if (at + n > text.size()) {
    return false;
  }
  for (std::size_t i = at; i < at + n; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
  }
  return true;
}

/// A time as az accepts it: ISO 8601 `YYYY-MM-DDTHH:MM`, optional `:SS` and fraction, optional
/// offset (`Z`, `+HH:MM`, `+HHMM`, `+HH`); no offset means UTC. A space may stand for the `T`.
/// A date alone (`YYYY-MM-DD`) is its midnight, UTC. nullopt for anything else, an impossible
/// date included.
std::optional<rooms::time_point> parse_cli_time(std::string_view text) {
  if (text.size() == 10 && digits_at(text, 0, 4) && text[4] == '-' && digits_at(text, 5, 2) &&
      text[7] == '-' && digits_at(text, 8, 2)) {
    return rooms::parse_rfc3339(std::string(text) + "T00:00:00Z");
  }
  if (!digits_at(text, 0, 4) || text.size() < 16 || text[4] != '-' || !digits_at(text, 5, 2) ||
      text[7] != '-' || !digits_at(text, 8, 2) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !digits_at(text, 11, 2) ||
      text[13] != ':' || !digits_at(text, 14, 2)) {
    return std::nullopt;
  }
  std::string rfc3339(text.substr(0, 10));
  rfc3339 += 'T';
  rfc3339 += text.substr(11, 5);
  std::size_t i = 16;
  if (i < text.size() && text[i] == ':') {
    if (!digits_at(text, i + 1, 2)) {
      return std::nullopt;
    }
    rfc3339 += text.substr(i, 3);
    i += 3;
    if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
      std::size_t end = i + 1;
      while (end < text.size() && text[end] >= '0' && text[end] <= '9') {
        ++end;
      }
      if (end == i + 1) {
        return std::nullopt;
      }
      rfc3339 += '.';
      rfc3339 += text.substr(i + 1, end - i - 1);
      i = end;
    }
  } else {
    rfc3339 += ":00";
  }
  const std::string_view offset = text.substr(i);
  if (offset.empty() || offset == "Z" || offset == "z") {
    rfc3339 += 'Z';
  } else if ((offset[0] == '+' || offset[0] == '-') && digits_at(offset, 1, 2)) {
    if (offset.size() == 3) {
      rfc3339 += std::string(offset) + ":00";
    } else if (offset.size() == 5 && digits_at(offset, 3, 2)) {
      rfc3339 += std::string(offset.substr(0, 3)) + ":" + std::string(offset.substr(3));
    } else if (offset.size() == 6 && offset[3] == ':' && digits_at(offset, 4, 2)) {
      rfc3339 += offset;
    } else {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  return rooms::parse_rfc3339(rfc3339);
}

/// A time flag's value, or a usage error naming the flag and an example.
std::optional<rooms::time_point> read_time(const std::string& flag, const std::string& text,
                                           bool& bad) {
  if (text.empty()) {
    return std::nullopt;
  }
  auto t = parse_cli_time(text);
  if (!t) {
    complain(flag + ": \"" + printable(text, 64) +
             "\" is not an ISO 8601 date or date-time; examples: 2026-12-24 (midnight "
             "UTC), 2026-12-24T12:00 (UTC), 2026-12-24T12:00:00Z, 2026-12-24T13:00:00+01:00");
    bad = true;
  }
  return t;
}

/// The participant flags shared by create and participant add-or-update: az's names, the short
/// aliases az lists (--presenters...), and, hidden, the singular spelling az's quickstart uses
/// (--attendee-participant), which az accepts as an abbreviation.
struct participant_flags {
  struct role_flags {
    const char* names;
    const char* singular;
    const char* help;
    rooms::participant_role role;
    std::vector<std::string> ids, singular_ids;
  };
  std::vector<role_flags> roles{
      {"--presenter-participants,--presenters",
       "--presenter-participant",
       "Raw ids (e.g. 8:acs:<resource>_<user>) to give the Presenter role",
       rooms::participant_role::presenter,
       {},
       {}},
      {"--attendee-participants,--attendees",
       "--attendee-participant",
       "Raw ids to give the Attendee role (the service's default)",
       rooms::participant_role::attendee,
       {},
       {}},
      {"--consumer-participants,--consumers",
       "--consumer-participant",
       "Raw ids to give the Consumer role (receive only)",
       rooms::participant_role::consumer,
       {},
       {}},
      {"--collaborator-participants,--collaborators",
       "--collaborator-participant",
       "Raw ids to give the Collaborator role (api-version 2025-03-13 or later)",
       rooms::participant_role::collaborator,
       {},
       {}},
  };

  void add_to(CLI::App& command) {
    for (auto& r : roles) {
      command.add_option(r.names, r.ids, r.help)->type_name("ID");
      command.add_option(r.singular, r.singular_ids)->group("");
    }
  }
  [[nodiscard]] std::vector<rooms::room_participant> list() const {
    std::vector<rooms::room_participant> out;
    for (const auto& r : roles) {
      for (const auto* ids : {&r.ids, &r.singular_ids}) {
        for (const auto& id : *ids) {
          out.push_back({rooms::communication_identifier::from_raw_id(id), r.role});
        }
      }
    }
    return out;
  }
};

/// The room flags shared by create and update.
struct room_flags {
  std::string valid_from, valid_until, pstn;

  void add_to(CLI::App& command, const char* from_default, const char* until_default) {
    command
        .add_option("--valid-from", valid_from,
                    std::string("Start of the room's validity, ISO 8601, e.g. 2026-12-24T12:00 "
                                "or 2026-12-24T13:00:00+01:00; a time without an offset is UTC, "
                                "a date alone is its midnight UTC") +
                        from_default)
        ->type_name("T");
    command
        .add_option("--valid-until", valid_until,
                    std::string("End of the room's validity, as --valid-from; at most 180 days "
                                "after the start") +
                        until_default)
        ->type_name("T");
    command
        .add_option("--pstn-dial-out-enabled", pstn,
                    "Whether participants may dial out to phone numbers (api-version "
                    "2024-04-15 or later)")
        ->type_name("true|false")
        ->check(CLI::IsMember({"true", "false"}, CLI::ignore_case));
  }
  [[nodiscard]] std::optional<bool> pstn_value() const {
    if (pstn.empty()) {
      return std::nullopt;
    }
    return rooms::detail::iequals(pstn, "true");
  }
};

/// Reads every page of `p` into a JSON array; the error of the first failed page otherwise.
template <class T>
std::optional<rooms::error> collect(rooms::pager<T> p, nlohmann::ordered_json& out) {
  out = nlohmann::ordered_json::array();
  while (!p.done()) {
    auto page = p.next_page();
    if (!page) {
      return std::move(page).error();
    }
    for (const auto& item : page->items) {
      out.push_back(item); // the library's to_json hook, in the service's field order
    }
  }
  return std::nullopt;
}

/// The connection string: the flag, else ACS_CONNECTION_STRING, else
/// AZURE_COMMUNICATION_CONNECTION_STRING (az's).
std::optional<std::string> find_connection_string(const std::string& flag) {
  if (!flag.empty()) {
    return flag;
  }
  for (const char* name : {"ACS_CONNECTION_STRING", "AZURE_COMMUNICATION_CONNECTION_STRING"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') {
      return std::string(value);
    }
  }
  return std::nullopt;
}

/// The edit distance between two words, for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

/// The commands under `level` (CLI11 2.1 has no non-throwing lookup by name).
std::vector<CLI::App*> commands_of(CLI::App* level) {
  return level->get_subcommands([](CLI::App*) { return true; });
}
/// The command named `name` under `level`, or nullptr.
CLI::App* command_named(CLI::App* level, std::string_view name) {
  for (CLI::App* sub : commands_of(level)) {
    if (sub->get_name() == name) {
      return sub;
    }
  }
  return nullptr;
}

/// When the command words name no command ("acs-rooms frobnicate", "acs-rooms participant
/// list"), the message saying so; empty otherwise. Walks the words as the parser would.
std::string unknown_command_message(CLI::App& app, int argc, char** argv) {
  CLI::App* level = &app;
  std::string path = "acs-rooms";
  for (int i = 1; i < argc; ++i) {
    const std::string_view word = argv[i];
    if (word == "--") {
      return {};
    }
    if (!word.empty() && word[0] == '-') {
      if (word.find('=') == std::string_view::npos) {
        const CLI::Option* option = level->get_option_no_throw(std::string(word));
        if (option != nullptr && option->get_type_size() > 0) {
          ++i; // its value
        }
      }
      continue;
    }
    CLI::App* sub = command_named(level, word);
    if (sub != nullptr) {
      level = sub;
      path += " " + std::string(word);
      if (commands_of(level).empty()) {
        return {}; // a command: its own words are its business
      }
      continue;
    }
    std::string message =
        "'" + printable(word, 64) + "' is not an " + path + " command. See '" + path + " --help'.";
    std::string best;
    // A suggestion at most a third of the word's letters away (one for a short word).
    std::size_t best_distance = std::max<std::size_t>(1, word.size() / 3) + 1;
    std::string names;
    for (const CLI::App* candidate : commands_of(level)) {
      names += (names.empty() ? "" : ", ") + candidate->get_name();
      const auto d = edit_distance(word, candidate->get_name());
      if (d < best_distance) {
        best_distance = d;
        best = candidate->get_name();
      }
    }
    if (!best.empty()) {
      message += " The most similar choice to '" + printable(word, 64) + "' is: " + best + ".";
    } else {
      message += " Commands: " + names + ".";
    }
    return message;
  }
  if (commands_of(level).empty()) {
    return {};
  }
  std::string names;
  for (const CLI::App* candidate : commands_of(level)) {
    names += (names.empty() ? "" : ", ") + candidate->get_name();
  }
  return "a command is required after '" + path + "': " + names + ". See '" + path + " --help'.";
}

/// Asks "Are you sure you want to <action>? (y/n): " on a terminal; refuses (exit 2) when stdin
/// is not one, as az does, so that a script must say --yes. nullopt to go on, else the exit code.
std::optional<int> confirm(bool yes, const std::string& action) {
  if (yes) {
    return std::nullopt;
  }
  if (isatty(STDIN_FILENO) == 0) {
    complain("refusing to " + action +
             " without confirmation: stdin is not a terminal, so there is no one to ask; pass "
             "--yes (-y)");
    return exit_usage;
  }
  std::cerr << "Are you sure you want to " << action << "? (y/n): " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) {
    answer.clear();
  }
  answer = lower_case(rooms::detail::trim(answer));
  if (answer == "y" || answer == "yes") {
    return std::nullopt;
  }
  complain("operation cancelled: nothing was changed");
  return exit_usage;
}

/// The command line, redacted, for --debug.
std::string command_line(int argc, char** argv) {
  std::string line;
  for (int i = 1; i < argc; ++i) {
    line += (i == 1 ? "" : " ");
    line += '\'' + printable(argv[i], 200) + '\'';
  }
  return redact(line);
}

int run(int argc, char** argv) {
  for (const char* name : {"ACS_CONNECTION_STRING", "AZURE_COMMUNICATION_CONNECTION_STRING"}) {
    if (const char* value = std::getenv(name)) {
      remember_connection_string(value);
    }
  }
  // The value of --connection-string, or of a flag spelled nearly so (--conection-string, which
  // the parser will refuse and echo), is a connection string whatever it holds; so is any
  // argument naming an endpoint.
  const auto is_connection_string_flag = [](std::string_view name) {
    return name.rfind("--", 0) == 0 && edit_distance(name, "--connection-string") <= 3;
  };
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const auto eq = arg.find('=');
    if (is_connection_string_flag(arg) && i + 1 < argc) {
      remember_connection_string(argv[i + 1]);
    } else if (eq != std::string_view::npos && is_connection_string_flag(arg.substr(0, eq))) {
      remember_connection_string(arg.substr(eq + 1));
    } else if (lower_case(arg).find("endpoint=") != std::string::npos) {
      remember_connection_string(arg);
    } else {
      remember_secrets_in(arg);
    }
  }

  CLI::App app{"Manage Azure Communication Services rooms: create, get, update, delete and list "
               "rooms, and list, add, update and remove their participants. The commands and "
               "flags are those of `az communication rooms`.",
               "acs-rooms"};
  app.footer("Times are ISO 8601 (2026-12-24T12:00, 2026-12-24T12:00:00Z,\n"
             "2026-12-24T13:00:00+01:00); a time without an offset is UTC, a date alone\n"
             "(2026-12-24) its midnight UTC.\n"
             "\n"
             "Environment:\n"
             "  ACS_CONNECTION_STRING, then AZURE_COMMUNICATION_CONNECTION_STRING (az's): the\n"
             "  connection string when --connection-string is not given (prefer these: command\n"
             "  lines are visible to other users of the machine).\n"
             "  AZURE_CORE_OUTPUT (az's): the output format when -o is not given.\n"
             "\n"
             "Exit codes: 0 success, 1 the service answered with an error, 2 usage or\n"
             "configuration error (a refused confirmation included), 3 no answer from the\n"
             "service.");
  app.set_version_flag("--version", std::string("acs-rooms ") + ACS_ROOMS_VERSION_STRING +
                                        "\nacs_rooms library " + ACS_ROOMS_VERSION_STRING +
                                        ", Rooms api-version " +
                                        rooms::api_version::latest.value() + " by default");
  app.require_subcommand(1);

  global_flags global;
  global.add_to(app);

  std::string room_id;
  const auto add_room_flag = [&room_id](CLI::App& command) {
    command.add_option("--room", room_id, "The room's id, as create or list reported it")
        ->required()
        ->type_name("ID");
  };
  bool yes = false;
  const auto add_yes_flag = [&yes](CLI::App& command) {
    command.add_flag("-y,--yes", yes, "Do not prompt for confirmation (needed without a terminal)");
  };

  room_flags create_room_flags, update_room_flags;
  participant_flags create_people, upsert_people;
  std::vector<std::string> removed;

  auto* create = app.add_subcommand("create", "Create a room; prints it");
  create_room_flags.add_to(*create, "; default: now", "; default: 180 days after the start");
  create_people.add_to(*create);
  auto* get = app.add_subcommand("get", "Print one room");
  add_room_flag(*get);
  auto* update =
      app.add_subcommand("update", "Change a room's validity or PSTN dial-out; prints the room");
  add_room_flag(*update);
  update_room_flags.add_to(*update, "", "");
  auto* remove = app.add_subcommand("delete", "Delete a room (a call in progress goes on)");
  add_room_flag(*remove);
  add_yes_flag(*remove);
  auto* list = app.add_subcommand("list", "Print every room of the resource");

  auto* participant = app.add_subcommand("participant", "Manage the participants of a room");
  participant->require_subcommand(1);
  auto* participant_get =
      participant->add_subcommand("get", "Print a room's participants ({rawId, role} each)");
  add_room_flag(*participant_get);
  auto* participant_upsert = participant->add_subcommand(
      "add-or-update", "Add participants to a room, or change the roles of existing ones");
  add_room_flag(*participant_upsert);
  upsert_people.add_to(*participant_upsert);
  auto* participant_remove = participant->add_subcommand(
      "remove", "Remove participants from a room (ids not in the room are ignored)");
  add_room_flag(*participant_remove);
  participant_remove->add_option("--participants", removed, "Raw ids of the participants to remove")
      ->required()
      ->type_name("ID");
  add_yes_flag(*participant_remove);

  // az's global arguments work before and after every command word; az says "command".
  app.get_formatter()->label("SUBCOMMAND", "COMMAND");
  for (CLI::App* command : {create, get, update, remove, list, participant, participant_get,
                            participant_upsert, participant_remove}) {
    global.add_to(*command);
    command->group("Commands");
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      return app.exit(e); // --help, --version: on stdout
    }
    const std::string unknown = unknown_command_message(app, argc, argv);
    complain(unknown.empty() ? std::string(e.what()) : unknown);
    if (unknown.empty()) {
      std::cerr << "Run with --help for more information.\n";
    }
    return exit_usage;
  }
  const verbosity level = global.level();
  const auto debug_line = [level](const std::string& line) {
    if (level == verbosity::debug) {
      say("DEBUG: " + line);
    }
  };
  debug_line(std::string("acs-rooms ") + ACS_ROOMS_VERSION_STRING +
             ", arguments: " + command_line(argc, argv));

  // Validate every flag before reaching for the network.
  std::optional<jmespath::expression> query;
  if (global.query_given) {
    try {
      query = jmespath::expression::compile(global.query);
    } catch (const jmespath::error& e) {
      report_query_error(global.query, e);
      return exit_usage;
    }
  }
  std::string output_name = global.output;
  if (output_name.empty()) {
    const char* configured = std::getenv("AZURE_CORE_OUTPUT");
    output_name = configured == nullptr ? "" : lower_case(rooms::detail::trim(configured));
    const auto& names = acs_rooms_cli::output_format_names();
    if (output_name.empty()) {
      output_name = "json";
    } else if (std::find(names.begin(), names.end(), output_name) == names.end()) {
      complain("AZURE_CORE_OUTPUT=" + printable(configured, 64) +
               " is not an output format: json, jsonc, table, tsv, yaml, yamlc or none");
      return exit_usage;
    }
  }
  bool bad = false;
  const room_flags& times = create->parsed() ? create_room_flags : update_room_flags;
  const auto valid_from = read_time("--valid-from", times.valid_from, bad);
  const auto valid_until = read_time("--valid-until", times.valid_until, bad);
  if (bad) {
    return exit_usage;
  }
  if (participant_upsert->parsed() && upsert_people.list().empty()) {
    complain("participant add-or-update: give at least one of --presenter-participants, "
             "--attendee-participants, --consumer-participants, --collaborator-participants");
    return exit_usage;
  }

  const auto connection_string = find_connection_string(global.connection_string);
  if (!connection_string) {
    complain("no connection string: pass --connection-string, or set "
             "ACS_CONNECTION_STRING or AZURE_COMMUNICATION_CONNECTION_STRING");
    return exit_usage;
  }
  remember_connection_string(*connection_string);

  rooms::client_options options;
  options.version = rooms::api_version(global.api_version);
  options.application_id = "acs-rooms-cli";
  // Retries are on (client_options' default). The logging hook: the library never puts a key,
  // token or signature in a line; redact() is the second fence.
  options.logger = [level](rooms::log_level severity, std::string_view line) {
    bool show = false;
    const char* prefix = "DEBUG: ";
    switch (severity) {
    case rooms::log_level::verbose:
      show = level == verbosity::debug;
      break;
    case rooms::log_level::info:
      show = level >= verbosity::info;
      prefix = "INFO: ";
      break;
    case rooms::log_level::warning:
      show = level >= verbosity::warnings;
      prefix = "WARNING: ";
      break;
    case rooms::log_level::error: // the final error is reported anyway
      show = level >= verbosity::info;
      prefix = "ERROR: ";
      break;
    }
    if (show) {
      std::cerr << redact(prefix + printable(line, 4000)) << '\n';
    }
  };
  auto made = rooms::make_client(
      *connection_string,
      debug_transport<rooms::curl_transport>(rooms::curl_transport{}, level == verbosity::debug),
      options);
  if (!made) {
    return report(made.error());
  }
  auto& client = *made;
  debug_line("endpoint " + printable(client.endpoint(), 200) + ", api-version " +
             printable(global.api_version, 40) + ", retries on");

  const output_format format = acs_rooms_cli::parse_output_format(output_name);
  const bool colour = isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
  // A result goes through --query first; a null result prints nothing, as in az.
  bool query_failed = false;
  const auto print = [&](const nlohmann::ordered_json& value) {
    if (!query) {
      acs_rooms_cli::print_result(std::cout, value, format, colour);
      return;
    }
    try {
      const auto selected = query->search(value);
      if (!selected.is_null()) {
        acs_rooms_cli::print_result(std::cout, selected, format, colour);
      }
    } catch (const jmespath::error& e) {
      report_query_error(global.query, e);
      query_failed = true;
    }
  };

  if (create->parsed()) {
    rooms::create_room_options o;
    o.valid_from = valid_from;
    o.valid_until = valid_until;
    o.pstn_dial_out_enabled = create_room_flags.pstn_value();
    o.participants = create_people.list();
    auto r = client.create_room(o);
    if (!r) {
      return report(r.error());
    }
    print(*r);
  } else if (get->parsed()) {
    auto r = client.get_room(room_id);
    if (!r) {
      return report(r.error());
    }
    print(*r);
  } else if (update->parsed()) {
    rooms::update_room_options o;
    o.valid_from = valid_from;
    o.valid_until = valid_until;
    o.pstn_dial_out_enabled = update_room_flags.pstn_value();
    auto r = client.update_room(room_id, o);
    if (!r) {
      return report(r.error());
    }
    print(*r);
  } else if (remove->parsed()) {
    if (auto stop = confirm(yes, "delete room " + printable(room_id, 64))) {
      return *stop;
    }
    if (auto r = client.delete_room(room_id); !r) {
      return report(r.error());
    }
  } else if (list->parsed()) {
    nlohmann::ordered_json all;
    if (auto e = collect(client.list_rooms(), all)) {
      return report(*e);
    }
    print(all);
  } else if (participant_get->parsed()) {
    nlohmann::ordered_json all;
    if (auto e = collect(client.list_participants(room_id), all)) {
      return report(*e);
    }
    print(all);
  } else if (participant_upsert->parsed()) {
    if (auto r = client.add_or_update_participants(room_id, upsert_people.list()); !r) {
      return report(r.error());
    }
  } else if (participant_remove->parsed()) {
    if (auto stop = confirm(yes, "remove " + std::to_string(removed.size()) +
                                     " participant(s) from room " + printable(room_id, 64))) {
      return *stop;
    }
    std::vector<rooms::communication_identifier> ids;
    for (const auto& id : removed) {
      ids.push_back(rooms::communication_identifier::from_raw_id(id));
    }
    if (auto r = client.remove_participants(room_id, ids); !r) {
      return report(r.error());
    }
  }
  return query_failed ? exit_usage : exit_ok;
}

} // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    // Nothing in the library throws here; this is for bad_alloc and I/O failures.
    complain(std::string("unexpected failure: ") + e.what());
    return exit_transport;
  }
}
