// SPDX-License-Identifier: MIT
// acs_rooms program: acs-rooms' output formats (-o json|jsonc|table|tsv|yaml|none), as az has them.
#pragma once

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace acs_rooms_cli {

/// What `-o/--output` asked for.
enum class output_format { json, jsonc, table, tsv, yaml, none };

/// The names `-o` accepts, in the order `--help` lists them.
inline const std::vector<std::string>& output_format_names() {
  static const std::vector<std::string> names{"json", "jsonc", "table", "tsv", "yaml", "none"};
  return names;
}

/// The format named `name` (one of output_format_names()).
inline output_format parse_output_format(std::string_view name) {
  if (name == "jsonc") {
    return output_format::jsonc;
  }
  if (name == "table") {
    return output_format::table;
  }
  if (name == "tsv") {
    return output_format::tsv;
  }
  if (name == "yaml") {
    return output_format::yaml;
  }
  if (name == "none") {
    return output_format::none;
  }
  return output_format::json;
}

/// Control characters out (a tab or newline would break a table or TSV row, and a hostile value
/// must not drive the terminal); `limit` bytes at most, then "...".
inline std::string printable(std::string_view text, std::size_t limit) {
  std::string out;
  for (char c : text.substr(0, limit)) {
    out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) ? ' ' : c;
  }
  if (text.size() > limit) {
    out += "...";
  }
  return out;
}

/// A scalar as a table or TSV cell, as az prints it: strings bare, booleans True/False, null
/// empty, an array its length, an object nothing.
inline std::string cell_text(const nlohmann::ordered_json& value) {
  if (value.is_string()) {
    return printable(value.get_ref<const std::string&>(), 4096);
  }
  if (value.is_boolean()) {
    return value.get<bool>() ? "True" : "False";
  }
  if (value.is_null() || value.is_object()) {
    return "";
  }
  if (value.is_array()) {
    return std::to_string(value.size());
  }
  return value.dump();
}

/// The rows of a result: an array's elements, or the one object.
inline std::vector<const nlohmann::ordered_json*> rows_of(const nlohmann::ordered_json& value) {
  std::vector<const nlohmann::ordered_json*> rows;
  if (value.is_array()) {
    for (const auto& item : value) {
      rows.push_back(&item);
    }
  } else if (!value.is_null()) {
    rows.push_back(&value);
  }
  return rows;
}

/// A column heading as az makes it from a field name: the first letter upper-case.
inline std::string heading(std::string name) {
  if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') {
    name[0] = static_cast<char>(name[0] - 'a' + 'A');
  }
  return name;
}

/// `-o table`: a heading row, a row of dashes, one aligned row per object; columns are the
/// fields of the first object, in the service's order. Nothing for an empty list.
inline void print_table(std::ostream& out, const nlohmann::ordered_json& value) {
  const auto rows = rows_of(value);
  if (rows.empty() || !rows.front()->is_object()) {
    return;
  }
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> cells(1);
  for (const auto& item : rows.front()->items()) {
    keys.push_back(item.key());
    cells[0].push_back(heading(item.key()));
  }
  for (const auto* row : rows) {
    std::vector<std::string> line;
    for (const auto& key : keys) {
      const auto it = row->find(key);
      line.push_back(it == row->end() ? std::string() : cell_text(*it));
    }
    cells.push_back(std::move(line));
  }
  std::vector<std::size_t> width(keys.size(), 0);
  for (const auto& line : cells) {
    for (std::size_t c = 0; c < line.size(); ++c) {
      width[c] = std::max(width[c], line[c].size());
    }
  }
  const auto print_line = [&out, &width](const std::vector<std::string>& line) {
    std::string text;
    for (std::size_t c = 0; c < line.size(); ++c) {
      text += line[c];
      if (c + 1 < line.size()) {
        text.append(width[c] - line[c].size() + 2, ' ');
      }
    }
    out << text << '\n';
  };
  print_line(cells[0]);
  std::vector<std::string> dashes;
  for (const auto w : width) {
    dashes.emplace_back(w, '-');
  }
  print_line(dashes);
  for (std::size_t r = 1; r < cells.size(); ++r) {
    print_line(cells[r]);
  }
}

/// `-o tsv`: one line per object, its field values separated by tabs, no heading (for `cut`,
/// `read` and `while read`).
inline void print_tsv(std::ostream& out, const nlohmann::ordered_json& value) {
  for (const auto* row : rows_of(value)) {
    std::string line;
    if (row->is_object()) {
      bool first = true;
      for (const auto& item : row->items()) {
        line += first ? "" : "\t";
        line += cell_text(item.value());
        first = false;
      }
    } else {
      line = cell_text(*row);
    }
    out << line << '\n';
  }
}

/// Writes `value` into a YAML emitter; strings double-quoted, so that a room id such as
/// 99466898241024408 or a time stays a string for every YAML reader.
inline void emit_yaml(YAML::Emitter& out, const nlohmann::ordered_json& value) {
  if (value.is_object()) {
    out << YAML::BeginMap;
    for (const auto& item : value.items()) {
      out << YAML::Key << item.key() << YAML::Value;
      emit_yaml(out, item.value());
    }
    out << YAML::EndMap;
  } else if (value.is_array()) {
    out << YAML::BeginSeq;
    for (const auto& item : value) {
      emit_yaml(out, item);
    }
    out << YAML::EndSeq;
  } else if (value.is_string()) {
    out << YAML::DoubleQuoted << value.get_ref<const std::string&>();
  } else if (value.is_boolean()) {
    out << YAML::TrueFalseBool << YAML::LowerCase << value.get<bool>();
  } else if (value.is_null()) {
    out << YAML::Null;
  } else {
    out << value.dump();
  }
}

/// `-o yaml`, through yaml-cpp's emitter.
inline void print_yaml(std::ostream& out, const nlohmann::ordered_json& value) {
  YAML::Emitter emitter;
  emit_yaml(emitter, value);
  out << emitter.c_str() << '\n';
}

/// `value` as 2-space indented JSON with ANSI colours (keys blue, strings green, other
/// scalars cyan), laid out exactly as dump(2) lays it out.
inline void colour_json(std::string& out, const nlohmann::ordered_json& value, int indent) {
  constexpr const char* reset = "\x1b[0m";
  const std::string pad(static_cast<std::size_t>(indent) + 2, ' ');
  const std::string closing(static_cast<std::size_t>(indent), ' ');
  if (value.is_object() && !value.empty()) {
    out += "{\n";
    bool first = true;
    for (const auto& item : value.items()) {
      out += first ? "" : ",\n";
      out += pad + "\x1b[34;1m" + nlohmann::ordered_json(item.key()).dump() + reset + ": ";
      colour_json(out, item.value(), indent + 2);
      first = false;
    }
    out += "\n" + closing + "}";
  } else if (value.is_array() && !value.empty()) {
    out += "[\n";
    bool first = true;
    for (const auto& item : value) {
      out += first ? "" : ",\n";
      out += pad;
      colour_json(out, item, indent + 2);
      first = false;
    }
    out += "\n" + closing + "]";
  } else if (value.is_string()) {
    out += "\x1b[32m" + value.dump() + reset;
  } else if (value.is_structured()) {
    out += value.dump();
  } else {
    out += "\x1b[36m" + value.dump() + reset;
  }
}

/// Prints a command's result on `out` in `format`; `colour` turns on jsonc's colours (az
/// colours only a terminal).
inline void print_result(std::ostream& out, const nlohmann::ordered_json& value,
                         output_format format, bool colour) {
  switch (format) {
  case output_format::json:
    out << value.dump(2) << '\n';
    break;
  case output_format::jsonc:
    if (colour) {
      std::string text;
      colour_json(text, value, 0);
      out << text << '\n';
    } else {
      out << value.dump(2) << '\n';
    }
    break;
  case output_format::table:
    print_table(out, value);
    break;
  case output_format::tsv:
    print_tsv(out, value);
    break;
  case output_format::yaml:
    print_yaml(out, value);
    break;
  case output_format::none:
    break;
  }
}

} // namespace acs_rooms_cli
