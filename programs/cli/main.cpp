// SPDX-License-Identifier: MIT
// acs_rooms: a header-only C++ client for the Azure Communication Services Rooms API.

// acs-rooms: a command-line tool shaped like `az communication rooms`, over curl_transport.
// Exit codes: 0 success, 1 the service answered with an error, 2 usage or configuration error,
// 3 no answer (transport error). Nothing it prints ever contains the access key.

#include <acs/rooms.hpp>
#include <acs/rooms/transport/curl.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace rooms = acs::rooms;

constexpr int exit_ok = 0;
constexpr int exit_service = 1;
constexpr int exit_usage = 2;
constexpr int exit_transport = 3;

/// Every secret the process may know of, so that no message can ever echo one.
std::vector<std::string> g_secrets;

/// Remembers the access key inside a connection-string-like text (if any).
void remember_secrets_in(std::string_view text) {
  // Scan for "accesskey=" in any case, up to the next ';'.
  std::string lower(text);
  for (char& c : lower) {
    c = rooms::detail::ascii_lower(c);
  }
  for (auto pos = lower.find("accesskey"); pos != std::string::npos;
       pos = lower.find("accesskey", pos + 1)) {
    auto eq = lower.find_first_not_of(" \t", pos + 9);
    if (eq == std::string::npos || lower[eq] != '=') {
      continue;
    }
    const auto end = lower.find(';', eq + 1);
    const std::string_view value =
        rooms::detail::trim(text.substr(eq + 1, end == std::string::npos ? end : end - eq - 1));
    if (value.size() >= 4) { // a shorter "key" would redact ordinary words
      g_secrets.emplace_back(value);
    }
  }
}

/// `text` with every known secret, and whatever follows any "accesskey=", replaced by "***".
std::string redact(std::string text) {
  for (const auto& secret : g_secrets) {
    for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos)) {
      text.replace(pos, secret.size(), "***");
    }
  }
  std::string lower = text;
  for (char& c : lower) {
    c = rooms::detail::ascii_lower(c);
  }
  for (auto pos = lower.find("accesskey="); pos != std::string::npos;
       pos = lower.find("accesskey=", pos + 1)) {
    const auto start = pos + 10;
    auto end = lower.find_first_of("; \t\r\n\"'", start);
    end = end == std::string::npos ? lower.size() : end;
    text.replace(start, end - start, "***");
    lower.replace(start, end - start, "***");
  }
  return text;
}

/// Prints one line on stderr, redacted.
void complain(const std::string& message) { std::cerr << redact("acs-rooms: " + message) << '\n'; }

/// Control characters out, so a hostile body cannot drive the terminal.
std::string printable(std::string_view text, std::size_t limit) {
  std::string out;
  for (char c : text.substr(0, limit)) {
    out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) ? ' ' : c;
  }
  if (text.size() > limit) {
    out += "...";
  }
  return out;
}

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
    std::cerr << redact(line) << '\n';
  };
  for (const auto& d : e.details) {
    print_detail(d, "detail");
  }
  if (e.inner_error() != nullptr) {
    print_detail(*e.inner_error(), "inner error");
  }
  if (!e.raw_body.empty()) {
    std::cerr << redact("  body: " + printable(e.raw_body, 300)) << '\n';
  }
  std::string ids;
  if (!e.client_request_id.empty()) {
    ids += "x-ms-client-request-id " + e.client_request_id;
  }
  if (!e.correlation_vector.empty()) {
    ids += (ids.empty() ? "" : ", ") + std::string("MS-CV ") + e.correlation_vector;
  }
  if (!ids.empty()) {
    std::cerr << redact("  " + ids) << '\n';
  }
  return exit_service;
}

/// An RFC 3339 flag value, or a usage error naming the flag.
std::optional<rooms::time_point> read_time(const std::string& flag, const std::string& text,
                                           bool& bad) {
  if (text.empty()) {
    return std::nullopt;
  }
  auto t = rooms::parse_rfc3339(text);
  if (!t) {
    complain(flag + ": \"" + printable(text, 64) +
             "\" is not an RFC 3339 date-time such as 2026-12-24T12:00:00Z or "
             "2026-12-24T13:00:00+01:00");
    bad = true;
  }
  return t;
}

/// The participant flags shared by create and participant add-or-update.
struct participant_flags {
  std::vector<std::string> presenters, attendees, consumers, collaborators;

  void add_to(CLI::App& command) {
    command
        .add_option("--presenter-participants", presenters,
                    "Raw ids (e.g. 8:acs:<resource>_<user>) to give the Presenter role")
        ->type_name("ID");
    command
        .add_option("--attendee-participants", attendees,
                    "Raw ids to give the Attendee role (the service's default)")
        ->type_name("ID");
    command
        .add_option("--consumer-participants", consumers,
                    "Raw ids to give the Consumer role (receive only)")
        ->type_name("ID");
    command
        .add_option("--collaborator-participants", collaborators,
                    "Raw ids to give the Collaborator role (api-version 2025-03-13 or later)")
        ->type_name("ID");
  }
  [[nodiscard]] std::vector<rooms::room_participant> list() const {
    std::vector<rooms::room_participant> out;
    const auto put = [&out](const std::vector<std::string>& ids, const rooms::participant_role& r) {
      for (const auto& id : ids) {
        out.push_back({rooms::communication_identifier::from_raw_id(id), r});
      }
    };
    put(presenters, rooms::participant_role::presenter);
    put(attendees, rooms::participant_role::attendee);
    put(consumers, rooms::participant_role::consumer);
    put(collaborators, rooms::participant_role::collaborator);
    return out;
  }
};

/// The room flags shared by create and update.
struct room_flags {
  std::string valid_from, valid_until, pstn;

  void add_to(CLI::App& command) {
    command
        .add_option("--valid-from", valid_from,
                    "Start of the room's validity, RFC 3339 (e.g. 2026-12-24T12:00:00Z); "
                    "default on create: now")
        ->type_name("T");
    command
        .add_option("--valid-until", valid_until,
                    "End of the room's validity, RFC 3339; at most 180 days after the start; "
                    "default on create: 180 days after the start")
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

/// A room in the service's field order (nlohmann::json would sort the keys).
nlohmann::ordered_json to_output(const rooms::room& r) {
  return {{"id", r.id},
          {"createdAt", rooms::format_rfc3339(r.created_at)},
          {"validFrom", rooms::format_rfc3339(r.valid_from)},
          {"validUntil", rooms::format_rfc3339(r.valid_until)},
          {"pstnDialOutEnabled", r.pstn_dial_out_enabled}};
}
/// A participant in the service's field order.
nlohmann::ordered_json to_output(const rooms::room_participant& p) {
  return {{"rawId", p.id.raw_id()}, {"role", p.role.value()}};
}

/// Prints `j` on stdout the way the Azure CLI does: 2-space indented JSON.
void print_json(const nlohmann::ordered_json& j) { std::cout << j.dump(2) << '\n'; }

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
      out.push_back(to_output(item));
    }
  }
  return std::nullopt;
}

/// The connection string: the flag, else ACS_CONNECTION_STRING, else
/// AZURE_COMMUNICATION_CONNECTION_STRING.
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

int run(int argc, char** argv) {
  for (const char* name : {"ACS_CONNECTION_STRING", "AZURE_COMMUNICATION_CONNECTION_STRING"}) {
    if (const char* value = std::getenv(name)) {
      remember_secrets_in(value);
    }
  }
  for (int i = 1; i < argc; ++i) {
    remember_secrets_in(argv[i]);
  }

  CLI::App app{"Manage Azure Communication Services rooms: create, get, update, delete and list "
               "rooms, and list, add, update and remove their participants. Output is JSON in "
               "the service's field names.",
               "acs-rooms"};
  app.footer("Environment:\n"
             "  ACS_CONNECTION_STRING, then AZURE_COMMUNICATION_CONNECTION_STRING: the connection\n"
             "  string when --connection-string is not given (prefer these: command lines are\n"
             "  visible to other users of the machine).\n"
             "Exit codes: 0 success, 1 the service answered with an error, 2 usage or\n"
             "configuration error, 3 no answer from the service.");
  app.require_subcommand(1);

  std::string connection_flag;
  std::string version_text = rooms::api_version::latest.value();
  app.add_option("--connection-string", connection_flag,
                 "endpoint=https://<resource>.communication.azure.com/;accesskey=<key> "
                 "(default: $ACS_CONNECTION_STRING, then "
                 "$AZURE_COMMUNICATION_CONNECTION_STRING)")
      ->type_name("CS");
  app.add_option("--api-version", version_text,
                 "The Rooms api-version to speak: 2023-06-14, 2024-04-15 or 2025-03-13 "
                 "(default); other values are passed through")
      ->type_name("V");

  std::string room_id;
  const auto add_room_flag = [&room_id](CLI::App& command) {
    command.add_option("--room", room_id, "The room's id, as create or list reported it")
        ->required()
        ->type_name("ID");
  };

  room_flags create_room_flags, update_room_flags;
  participant_flags create_people, upsert_people;
  std::vector<std::string> removed;

  auto* create = app.add_subcommand("create", "Create a room; prints it");
  create_room_flags.add_to(*create);
  create_people.add_to(*create);
  auto* get = app.add_subcommand("get", "Print one room");
  add_room_flag(*get);
  auto* update =
      app.add_subcommand("update", "Change a room's validity or PSTN dial-out; prints the room");
  add_room_flag(*update);
  update_room_flags.add_to(*update);
  auto* remove = app.add_subcommand("delete", "Delete a room (a call in progress goes on)");
  add_room_flag(*remove);
  auto* list = app.add_subcommand("list", "Print every room of the resource as a JSON array");

  auto* participant = app.add_subcommand("participant", "Manage the participants of a room");
  participant->require_subcommand(1);
  auto* participant_get = participant->add_subcommand(
      "get", "Print a room's participants as a JSON array of {rawId, role}");
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      return app.exit(e); // --help: the help text on stdout
    }
    complain(e.what());
    std::cerr << "Run with --help for more information.\n";
    return exit_usage;
  }

  // Validate every flag before reaching for the network.
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

  const auto connection_string = find_connection_string(connection_flag);
  if (!connection_string) {
    complain("no connection string: pass --connection-string, or set ACS_CONNECTION_STRING or "
             "AZURE_COMMUNICATION_CONNECTION_STRING");
    return exit_usage;
  }
  remember_secrets_in(*connection_string);

  rooms::client_options options;
  options.version = rooms::api_version(version_text);
  options.application_id = "acs-rooms-cli";
  auto made = rooms::make_client(*connection_string, rooms::curl_transport{}, options);
  if (!made) {
    return report(made.error());
  }
  auto& client = *made;

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
    print_json(to_output(*r));
  } else if (get->parsed()) {
    auto r = client.get_room(room_id);
    if (!r) {
      return report(r.error());
    }
    print_json(to_output(*r));
  } else if (update->parsed()) {
    rooms::update_room_options o;
    o.valid_from = valid_from;
    o.valid_until = valid_until;
    o.pstn_dial_out_enabled = update_room_flags.pstn_value();
    auto r = client.update_room(room_id, o);
    if (!r) {
      return report(r.error());
    }
    print_json(to_output(*r));
  } else if (remove->parsed()) {
    if (auto r = client.delete_room(room_id); !r) {
      return report(r.error());
    }
  } else if (list->parsed()) {
    nlohmann::ordered_json all;
    if (auto e = collect(client.list_rooms(), all)) {
      return report(*e);
    }
    print_json(all);
  } else if (participant_get->parsed()) {
    nlohmann::ordered_json all;
    if (auto e = collect(client.list_participants(room_id), all)) {
      return report(*e);
    }
    print_json(all);
  } else if (participant_upsert->parsed()) {
    if (auto r = client.add_or_update_participants(room_id, upsert_people.list()); !r) {
      return report(r.error());
    }
  } else if (participant_remove->parsed()) {
    std::vector<rooms::communication_identifier> ids;
    for (const auto& id : removed) {
      ids.push_back(rooms::communication_identifier::from_raw_id(id));
    }
    if (auto r = client.remove_participants(room_id, ids); !r) {
      return report(r.error());
    }
  }
  return exit_ok;
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
