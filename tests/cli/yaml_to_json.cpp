// SPDX-License-Identifier: MIT
// acs_rooms test helper: reads a YAML file with yaml-cpp and prints it as JSON, so that the CLI
// test can compare `-o yaml` with `-o json` after a real YAML parser has read it.

// Usage: cli_yaml_to_json FILE. Exit 1 (and a message) when FILE is not YAML. A quoted scalar is
// a string; a plain one is null, a boolean, an integer or a string, by YAML 1.2's core schema.

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <exception>
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
  if (argc != 2) {
    std::cerr << "usage: cli_yaml_to_json FILE\n";
    return 2;
  }
  try {
    std::cout << to_json(YAML::LoadFile(argv[1])).dump(2) << '\n';
  } catch (const std::exception& e) {
    std::cerr << "not YAML: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
