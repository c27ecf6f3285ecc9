// SPDX-License-Identifier: MIT
// acs-rooms-emulator's control API part (programs/emulator/): the fault plan as JSON, both ways.
#pragma once

#include <acs/rooms/emulator.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace acs_rooms_emulator {

using acs::rooms::emulator_fault;

// One fault is {"kind": "answer" | "dropRequest" | "dropAnswer" | "slow", "method", "pathPrefix",
// "times" (a count or "forever"), "probability", and for answer "status", "headers" (an object)
// and "body", for slow "delayMs"}: the C++ builders' names (emulator_fault::answer, ...).

/// The JSON name of a fault's kind.
inline const char* kind_name(emulator_fault::kind k) {
  switch (k) {
  case emulator_fault::kind::drop_before:
    return "dropRequest";
  case emulator_fault::kind::drop_after:
    return "dropAnswer";
  case emulator_fault::kind::delay:
    return "slow";
  case emulator_fault::kind::respond:
    break;
  }
  return "answer";
}

/// One fault as JSON.
inline nlohmann::json fault_json(const emulator_fault& f) {
  nlohmann::json out = {{"kind", kind_name(f.effect)},
                        {"method", f.method},
                        {"pathPrefix", f.path_prefix},
                        {"probability", f.probability}};
  out["times"] =
      f.times == emulator_fault::forever ? nlohmann::json("forever") : nlohmann::json(f.times);
  if (f.effect == emulator_fault::kind::respond) {
    nlohmann::json headers = nlohmann::json::object();
    for (const auto& [name, value] : f.headers) {
      headers[name] = value;
    }
    out["status"] = f.status;
    out["headers"] = std::move(headers);
    out["body"] = f.body;
  } else if (f.effect == emulator_fault::kind::delay) {
    out["delayMs"] = f.delay.count();
  }
  return out;
}

/// The plan as {"faults": [...]}.
inline nlohmann::json plan_json(const std::vector<emulator_fault>& plan) {
  nlohmann::json faults = nlohmann::json::array();
  for (const auto& f : plan) {
    faults.push_back(fault_json(f));
  }
  return {{"faults", std::move(faults)}};
}

/// Reads one fault; the problem (naming `where` and the field), or nullopt.
inline std::optional<std::string> read_fault(const nlohmann::json& in, const std::string& where,
                                             emulator_fault& f) {
  if (!in.is_object()) {
    return where + " must be an object";
  }
  const auto text = [&](const char* name, std::string& out) -> bool {
    const auto it = in.find(name);
    if (it == in.end() || it->is_null()) {
      return true;
    }
    if (!it->is_string()) {
      return false;
    }
    out = it->get<std::string>();
    return true;
  };
  std::string kind = "answer";
  if (!text("kind", kind)) {
    return where + ".kind must be a string";
  }
  if (kind == "answer") {
    f = emulator_fault::answer(503);
  } else if (kind == "dropRequest") {
    f = emulator_fault::drop_request();
  } else if (kind == "dropAnswer") {
    f = emulator_fault::drop_answer();
  } else if (kind == "slow") {
    f = emulator_fault::slow(std::chrono::milliseconds(0));
  } else {
    return where + ".kind must be answer, dropRequest, dropAnswer or slow";
  }
  if (!text("method", f.method) || !text("pathPrefix", f.path_prefix) || !text("body", f.body)) {
    return where + ": method, pathPrefix and body must be strings";
  }
  if (!f.path_prefix.empty() && f.path_prefix.front() != '/') {
    return where + ".pathPrefix must start with /";
  }
  if (const auto it = in.find("times"); it != in.end() && !it->is_null()) {
    if (*it == "forever") {
      f.times = emulator_fault::forever;
    } else if (it->is_number_integer() && *it >= 1 && *it <= 1000000000) {
      f.times = it->get<int>();
    } else {
      return where + ".times must be a count from 1 to 1000000000 or \"forever\"";
    }
  }
  if (const auto it = in.find("probability"); it != in.end() && !it->is_null()) {
    if (!it->is_number() || !(*it >= 0.0 && *it <= 1.0)) {
      return where + ".probability must be a number from 0 to 1";
    }
    f.probability = it->get<double>();
  }
  if (const auto it = in.find("status"); it != in.end() && !it->is_null()) {
    if (!it->is_number_integer() || *it < 100 || *it > 599) {
      return where + ".status must be a status from 100 to 599";
    }
    f.status = it->get<int>();
  }
  if (const auto it = in.find("headers"); it != in.end() && !it->is_null()) {
    if (!it->is_object()) {
      return where + ".headers must be an object of strings";
    }
    for (const auto& [name, value] : it->items()) {
      if (!value.is_string() || name.empty() ||
          name.find_first_of(":\r\n \t") != std::string::npos ||
          value.get_ref<const std::string&>().find_first_of("\r\n") != std::string::npos) {
        return where + ".headers." + name + " must be a header name with a one-line string value";
      }
      f.with_header(name, value.get<std::string>());
    }
  }
  if (const auto it = in.find("delayMs"); it != in.end() && !it->is_null()) {
    if (!it->is_number_integer() || *it < 0 || *it > 600000) {
      return where + ".delayMs must be a number of milliseconds from 0 to 600000";
    }
    f.delay = std::chrono::milliseconds(it->get<long long>());
  }
  return std::nullopt;
}

/// Reads a plan {"faults": [...]} into `out`, whole; the problem, or nullopt.
inline std::optional<std::string> read_plan(const nlohmann::json& in,
                                            std::vector<emulator_fault>& out) {
  const auto faults = in.is_object() ? in.find("faults") : in.end();
  if (faults == in.end() || !faults->is_array()) {
    return std::string("the body must be {\"faults\": [...]}");
  }
  for (std::size_t i = 0; i < faults->size(); ++i) {
    emulator_fault f;
    if (auto bad = read_fault((*faults)[i], "faults[" + std::to_string(i) + "]", f)) {
      return bad;
    }
    out.push_back(std::move(f));
  }
  return std::nullopt;
}

} // namespace acs_rooms_emulator
