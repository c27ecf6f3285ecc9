// SPDX-License-Identifier: MIT
// acs_rooms test helper: reads acs-rooms output with a real parser (nlohmann for -o json, yaml-cpp
// for -o yaml) and prints what it read as 2-space JSON, for the CLI test to compare.

// Usage: cli_output_reader json|yaml FILE. Exit 1 (and a message) when FILE does not parse. In
// YAML a quoted scalar is a string; a plain one is null, a boolean, an integer or a string, by
// YAML 1.2's core schema. JSON keeps its key order, so a re-dump of `-o json` is byte-identical.

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <exception>
#include <fstream>
#include <iostream>
#include <string>

namespace {

nlohmann::ordered_json to_json(const YAML::Node& node) {
  switch (node.Type()) {
  case YAML::NodeType::Map: {
    auto object = nlohmann::ordered_json::object();
    for (const auto& item : node) {
      object[item.first.as<std::string>()] = to_json(item.second);
    }
    return object;
  }
  case YAML::NodeType::Sequence: {
    auto array = nlohmann::ordered_json::array();
    for (const auto& item : node) {
      array.push_back(to_json(item));
    }
    return array;
  }
  case YAML::NodeType::Scalar: {
    const std::string text = node.Scalar();
    if (node.Tag() != "?") { // quoted ("!"): always a string
      return text;
    }
    if (text == "null" || text == "~") {
      return nullptr;
    }
    if (text == "true" || text == "false") {
      return text == "true";
    }
    if (!text.empty() && text.find_first_not_of("-0123456789") == std::string::npos) {
      return std::stoll(text);
    }
    return text;
  }
  case YAML::NodeType::Null:
  case YAML::NodeType::Undefined:
    break;
  }
  return nullptr;
}

} // namespace

int main(int argc, char** argv) {
  const std::string mode = argc == 3 ? argv[1] : "";
  if (mode != "json" && mode != "yaml") {
    std::cerr << "usage: cli_output_reader json|yaml FILE\n";
    return 2;
  }
  try {
    if (mode == "yaml") {
      std::cout << to_json(YAML::LoadFile(argv[2])).dump(2) << '\n';
    } else {
      std::ifstream in(argv[2]);
      std::cout << nlohmann::ordered_json::parse(in).dump(2) << '\n';
    }
  } catch (const std::exception& e) {
    std::cerr << "not " << mode << ": " << e.what() << '\n';
    return 1;
  }
  return 0;
}
