// SPDX-License-Identifier: MIT
// acs-rooms-emulator's control plane (programs/emulator/): the emulator as the network front
// serves it - the control API under /_emulator/, the request log, and --data-dir persistence.

#pragma once

#include "fault_json.hpp"
#include "page.hpp"
#include "request_log.hpp"
#include "state_file.hpp"

#include <acs/rooms.hpp>
#include <acs/rooms/emulator.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace acs_rooms_emulator {

namespace rooms = acs::rooms;
using rooms::http_request;
using rooms::http_response;

/// How the control plane behaves.
struct control_options {
  /// The control API needs no credentials (the emulator listens on a loopback address);
  /// otherwise it asks for "Authorization: Bearer <access key>".
  bool open = true;
  log_format format = log_format::text; ///< the request log on stdout (none: --quiet)
  std::string data_dir;                 ///< empty: state in memory only
};

/// True for an address only this machine reaches: 127.0.0.0/8, ::1, localhost.
inline bool is_loopback(std::string_view host) {
  return host.substr(0, 4) == "127." || host == "::1" || host == "[::1]" || host == "localhost";
}

/// Serves an emulator to the network front (see http_server.hpp): requests under /_emulator/
/// go to the control API, every other one to the emulator; each is logged, and with a data
/// directory each change is saved before it is answered.
class control_plane {
public:
  /// Serves `service` (which must outlive this); the log goes to `log_out`.
  control_plane(rooms::emulator& service, control_options options, std::ostream& log_out)
      : service_(service), options_(std::move(options)), log_(log_out, options_.format),
        started_(std::chrono::steady_clock::now()) {
    if (!options_.data_dir.empty()) {
      file_ = std::make_unique<state_file>(options_.data_dir);
    }
  }

  /// Reads the data directory's saved state, if any; the problem (naming the file) or nullopt.
  std::optional<std::string> load() {
    if (!file_) {
      return std::nullopt;
    }
    if (auto bad = file_->prepare()) {
      return bad;
    }
    std::string text;
    std::string problem;
    if (!file_->load(text, problem)) {
      return problem.empty() ? std::nullopt : std::optional<std::string>(problem);
    }
    auto loaded = service_.seed(text, true);
    if (!loaded) {
      return file_->path() + " is not a saved state (" + loaded.error().message +
             "); move it away to start empty";
    }
    return std::nullopt;
  }

  /// Answers one request (the front's call).
  http_response send(const http_request& request) {
    const auto began = std::chrono::steady_clock::now();
    const auto url = rooms::detail::parse_url(request.url);
    const bool control = url && is_control(url->path);
    http_response answer =
        control ? serve_control(request, *url) : serve_service(request, url.has_value());
    const bool quiet_read = control && (request.method == "GET" || request.method == "HEAD");
    if (!quiet_read) { // the page polls the control API: only its changes are logged
      log(request, url ? url->path_and_query() : request.url, answer, began);
    }
    return answer;
  }

  /// The early refusal of a request from its headers (the front's call, before the body).
  [[nodiscard]] std::optional<http_response> refuse_before_body(const http_request& head) const {
    const auto url = rooms::detail::parse_url(head.url);
    if (url && is_control(url->path)) {
      return authorized(head) ? std::nullopt : std::optional<http_response>(refusal());
    }
    return service_.refuse_before_body(head);
  }

  /// The served emulator's connection string.
  [[nodiscard]] std::string connection_string(const std::string& origin) const {
    return service_.connection_string(origin);
  }

private:
  static bool is_control(std::string_view path) {
    return path == "/_emulator" || path.substr(0, 11) == "/_emulator/";
  }

  /// The emulator's answer; a change is saved before it is answered.
  http_response serve_service(const http_request& request, bool parsed) {
    http_response answer = service_.send(request);
    const bool changes = parsed && request.method != "GET" && request.method != "HEAD" &&
                         answer.status >= 200 && answer.status < 300;
    if (changes) {
      if (auto failed = save()) {
        return *failed;
      }
    }
    return answer;
  }

  /// Saves the state after a change; the 500 to answer when it cannot be saved.
  std::optional<http_response> save() {
    if (!file_) {
      return std::nullopt;
    }
    const std::uint64_t generation = ++changes_;
    auto bad = file_->save(generation, changes_, [this] { return service_.state(true); });
    if (!bad) {
      return std::nullopt;
    }
    std::cerr << "acs-rooms-emulator: " << *bad << '\n';
    return rooms::detail::emu::error_response(500, "InternalServerError",
                                              "The change was made but not saved: " + *bad);
  }

  bool authorized(const http_request& request) const {
    if (options_.open) {
      return true;
    }
    const auto value = request.headers.get("Authorization");
    const std::string_view v = value ? rooms::detail::trim(*value) : std::string_view();
    return v.size() > 7 && rooms::detail::iequals(v.substr(0, 7), "Bearer ") &&
           rooms::detail::constant_time_equal(rooms::detail::trim(v.substr(7)),
                                              service_.access_key());
  }

  static http_response refusal() {
    auto r = rooms::detail::emu::error_response(
        401, "Unauthorized",
        "The control API answers requests from other machines only with "
        "\"Authorization: Bearer <the emulator's access key>\".");
    r.headers.set("WWW-Authenticate", "Bearer");
    return r;
  }

  static http_response json(int status, const nlohmann::json& body) {
    return rooms::detail::emu::json_response(
        status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }

  static http_response bad_request(const std::string& message) {
    return rooms::detail::emu::error_response(400, "BadRequest", message);
  }

  /// The control API (docs/emulator.md, "Control API").
  http_response serve_control(const http_request& request, const rooms::detail::url_parts& url) {
    if (!authorized(request)) {
      return refusal();
    }
    const std::string_view path = url.path;
    const std::string& method = request.method;
    const bool get = method == "GET" || method == "HEAD";
    if (path == "/_emulator" || path == "/_emulator/") {
      return get ? page() : rooms::detail::emu::method_not_allowed();
    }
    if (path == "/_emulator/health" && get) {
      return json(200, health());
    }
    if (path == "/_emulator/state" && get) {
      return json(200, nlohmann::json::parse(service_.state()));
    }
    if (path == "/_emulator/reset" && method == "POST") {
      service_.reset();
      return changed(json(200, nlohmann::json::parse(service_.state())));
    }
    if (path == "/_emulator/seed" && method == "POST") {
      auto ids = service_.seed(request.body);
      if (!ids) {
        return bad_request(ids.error().message);
      }
      return changed(json(200, {{"seeded", *ids}}));
    }
    if (path == "/_emulator/faults" && (get || method == "PUT")) {
      return get ? json(200, plan_json(service_.faults())) : put_faults(request.body);
    }
    if (path == "/_emulator/clock" && (get || method == "PUT")) {
      return get ? json(200, clock()) : put_clock(request.body);
    }
    if (path == "/_emulator/requests" && get) {
      const auto limit = rooms::detail::emu::query_param(url.query, "limit");
      std::size_t n = 100;
      if (limit) {
        char* end = nullptr;
        const unsigned long v = std::strtoul(limit->c_str(), &end, 10);
        if (limit->empty() || *end != '\0' || (*limit)[0] == '-' || v == 0 || v > log_.capacity()) {
          return bad_request("limit must be a number from 1 to " + std::to_string(log_.capacity()));
        }
        n = v;
      }
      return json(200, log_.last(n));
    }
    const bool known = path == "/_emulator/health" || path == "/_emulator/state" ||
                       path == "/_emulator/reset" || path == "/_emulator/seed" ||
                       path == "/_emulator/faults" || path == "/_emulator/clock" ||
                       path == "/_emulator/requests";
    return known ? rooms::detail::emu::method_not_allowed() : rooms::detail::emu::not_found();
  }

  /// `answer`, after the change it reports is saved.
  http_response changed(http_response answer) {
    if (auto failed = save()) {
      return *failed;
    }
    return answer;
  }

  nlohmann::json health() const {
    const auto up = std::chrono::steady_clock::now() - started_;
    nlohmann::json versions = nlohmann::json::array();
    for (const auto v : rooms::emulator::supported_versions) {
      versions.push_back(std::string(v));
    }
    return {{"status", "ok"},
            {"version", ACS_ROOMS_VERSION_STRING},
            {"uptimeSeconds", std::chrono::duration_cast<std::chrono::seconds>(up).count()},
            {"rooms", service_.room_count()},
            {"apiVersions", std::move(versions)},
            {"persistent", file_ != nullptr}};
  }

  nlohmann::json clock() const {
    const auto offset = service_.time_offset();
    nlohmann::json out = {{"now", rooms::format_rfc3339(service_.now())},
                          {"running", offset.has_value()}};
    out["offsetMs"] =
        offset
            ? nlohmann::json(std::chrono::duration_cast<std::chrono::milliseconds>(*offset).count())
            : nlohmann::json(nullptr);
    return out;
  }

  /// PUT /_emulator/clock: one of {"set": time}, {"advanceMs": n}, {"offsetMs": n},
  /// {"freeze": true}, {"resume": true}.
  http_response put_clock(const std::string& body) {
    const auto in = nlohmann::json::parse(body, nullptr, false);
    const auto ms = [&](const char* name) -> std::optional<std::chrono::milliseconds> {
      const auto& v = in[name];
      // At most 100 years either way: the emulator's time stays well inside time_point's range.
      constexpr long long limit = 100LL * 366 * 24 * 3600 * 1000;
      if (!v.is_number_integer() || v.get<long long>() < -limit || v.get<long long>() > limit) {
        return std::nullopt;
      }
      return std::chrono::milliseconds(v.get<long long>());
    };
    const auto has = [&](const char* name) { return in.is_object() && in.contains(name); };
    if (!in.is_object() || in.size() != 1) {
      return bad_request("the body must be one of {\"set\": \"<RFC 3339 time>\"}, "
                         "{\"advanceMs\": n}, {\"offsetMs\": n}, {\"freeze\": true}, "
                         "{\"resume\": true}");
    }
    if (has("set")) {
      const auto t =
          in["set"].is_string() ? rooms::parse_rfc3339(in["set"].get<std::string>()) : std::nullopt;
      if (!t) {
        return bad_request("set must be an RFC 3339 time, e.g. 2026-12-24T10:00:00Z");
      }
      service_.set_time(*t);
    } else if (has("advanceMs") || has("offsetMs")) {
      const bool absolute = has("offsetMs");
      const auto d = ms(absolute ? "offsetMs" : "advanceMs");
      if (!d) {
        return bad_request(std::string(absolute ? "offsetMs" : "advanceMs") +
                           " must be a whole number of milliseconds within 100 years");
      }
      if (absolute) {
        service_.resume_time();
        service_.advance(*d - *service_.time_offset());
      } else {
        service_.advance(*d);
      }
    } else if (has("freeze") && in["freeze"] == true) {
      service_.set_time(service_.now());
    } else if (has("resume") && in["resume"] == true) {
      service_.resume_time();
    } else {
      return bad_request("unknown clock change: use set, advanceMs, offsetMs, freeze or resume");
    }
    return json(200, clock());
  }

  http_response put_faults(const std::string& body) {
    const auto in = nlohmann::json::parse(body, nullptr, false);
    std::vector<rooms::emulator_fault> plan;
    if (auto bad = read_plan(in, plan)) {
      return bad_request(*bad);
    }
    service_.clear_faults();
    for (auto& f : plan) {
      service_.inject(std::move(f));
    }
    return json(200, plan_json(service_.faults()));
  }

  http_response page() const {
    http_response r;
    r.status = 200;
    r.headers.set("Content-Type", "text/html; charset=utf-8");
    r.headers.set("Cache-Control", "no-store");
    r.headers.set("Content-Security-Policy",
                  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                  "connect-src 'self'");
    const nlohmann::json initial = {{"state", nlohmann::json::parse(service_.state())},
                                    {"requests", log_.last(50)},
                                    {"faults", plan_json(service_.faults())},
                                    {"clock", clock()},
                                    {"health", health()}};
    r.body = page_html(initial.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return r;
  }

  void log(const http_request& request, std::string target, const http_response& answer,
           std::chrono::steady_clock::time_point began) {
    logged_request e;
    e.at = rooms::format_rfc3339(std::chrono::time_point_cast<rooms::time_point::duration>(
        std::chrono::system_clock::now()));
    e.method = request.method;
    e.target = std::move(target);
    e.status = answer.status;
    e.latency_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - began).count();
    e.client_request_id = std::string(request.headers.get("x-ms-client-request-id").value_or(""));
    if (answer.status >= 400) {
      e.error_code = std::string(answer.headers.get("x-ms-error-code").value_or(""));
      if (e.error_code.empty()) {
        const auto body = nlohmann::json::parse(answer.body, nullptr, false);
        if (body.is_object() && body.contains("error") && body["error"].is_object() &&
            body["error"].contains("code") && body["error"]["code"].is_string()) {
          e.error_code = body["error"]["code"].get<std::string>();
        }
      }
    }
    if (answer.status == 401) {
      e.string_to_sign = signed_text(request);
    }
    log_.add(std::move(e));
  }

  /// For a 401 to an HMAC request that got as far as the signature: what the emulator signed,
  /// with newlines shown as \n. Never the key or the signature.
  static std::string signed_text(const http_request& request) {
    const auto url = rooms::detail::parse_url(request.url);
    const auto authorization = request.headers.get("Authorization");
    const auto date = request.headers.get("x-ms-date");
    const auto hash = request.headers.get("x-ms-content-sha256");
    if (!url || !authorization || !date || !hash ||
        rooms::detail::trim(*authorization).substr(0, 12) != "HMAC-SHA256 ") {
      return {};
    }
    const std::string host(request.headers.get("Host").value_or(url->authority()));
    return rooms::string_to_sign(request.method, url->path_and_query(), *date, host, *hash);
  }

  rooms::emulator& service_;
  control_options options_;
  request_log log_;
  std::chrono::steady_clock::time_point started_;
  std::unique_ptr<state_file> file_;
  std::atomic<std::uint64_t> changes_{0};
};

} // namespace acs_rooms_emulator
