// SPDX-License-Identifier: MIT
// acs_rooms program: acs-rooms' output formats (-o json|jsonc|table|tsv|yaml|yamlc|none), as az
// has them, and the escaping that keeps the service's text from driving the terminal.
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
enum class output_format { json, jsonc, table, tsv, yaml, yamlc, none };

/// The names `-o` accepts, in the order `--help` lists them.
inline const std::vector<std::string>& output_format_names() {
  static const std::vector<std::string> names{"json", "jsonc", "table", "tsv",
                                              "yaml", "yamlc", "none"};
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
  if (name == "yamlc") {
    return output_format::yamlc;
  }
  if (name == "none") {
    return output_format::none;
  }
  return output_format::json;
}

/// The length of the UTF-8 sequence at `text[at]` and its code point; 0 when the bytes there are
/// not UTF-8 (a stray continuation byte, a truncated or overlong sequence, a surrogate).
inline std::size_t utf8_at(std::string_view text, std::size_t at, char32_t& code_point) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  std::size_t length = 0;
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  }
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code_point = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code_point = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code_point = lead & 0x07;
  } else {
    return 0;
  }
  if (at + length > text.size()) {
    return 0;
  }
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) {
      return 0;
    }
    code_point = (code_point << 6) | (byte(at + i) & 0x3F);
  }
  const char32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < least[length] || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return 0;
  }
  return length;
}

/// True for the code points that steer a terminal or reorder text without being seen: C0
/// controls, DEL, C1 controls (U+0080-U+009F, U+009B is a CSI), the line and paragraph separators
/// and the bidirectional controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069).
inline bool is_control(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C || c == 0x200E || c == 0x200F ||
         (c >= 0x2028 && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/// `c` as a \uXXXX escape (upper-case hex), as JSON and YAML read it.
inline std::string u_escape(char32_t c) {
  const char* digits = "0123456789ABCDEF";
  std::string out = "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) {
    out += digits[(c >> shift) & 0xF];
  }
  return out;
}

/// Text for a terminal line (a message, a table or TSV cell, a log line): every control of
/// is_control() written as an escape (\n, \r, \t, \x1B for the other C0 controls and DEL,
/// \u009B for C1 and the invisible ones), bytes that are not UTF-8 as \xHH; everything else,
/// backslashes included, as it was. So a service's text can neither break a row or a line nor
/// drive the terminal.
inline std::string escape_controls(std::string_view text) {
  const char* digits = "0123456789ABCDEF";
  const auto x_escape = [digits](unsigned char b) {
    return std::string("\\x") + digits[b >> 4] + digits[b & 15];
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = 0;
    const std::size_t length = utf8_at(text, i, c);
    if (length == 0) {
      out += x_escape(static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    if (!is_control(c)) {
      out.append(text, i, length);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x80) {
      out += x_escape(static_cast<unsigned char>(c));
    } else {
      out += u_escape(c);
    }
    i += length;
  }
  return out;
}

/// JSON or YAML text with the controls nlohmann and yaml-cpp leave raw (DEL, C1, the separators
/// and bidirectional controls; both escape C0) written as \uXXXX. Every such character is inside
/// a quoted string there, where \uXXXX is the same character to a parser: the data is unchanged.
inline std::string escape_raw_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = 0;
    std::size_t length = utf8_at(text, i, c);
    if (length == 0) {
      length = 1; // not produced by either library; kept as it is
    } else if (c >= 0x7F && is_control(c)) {
      out += u_escape(c);
      i += length;
      continue;
    }
    out.append(text, i, length);
    i += length;
  }
  return out;
}

/// escape_controls() of at most `limit` bytes of `text` (cut at a character boundary), then
/// "..." when it was longer.
inline std::string printable(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) {
    return escape_controls(text);
  }
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return escape_controls(text.substr(0, cut)) + "...";
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

/// The row of cells of one table or TSV row that is not an object, as az makes it: an array's
/// elements as Column1, Column2...; a scalar as Result.
inline nlohmann::ordered_json as_object_row(const nlohmann::ordered_json& row) {
  if (row.is_object()) {
    return row;
  }
  auto object = nlohmann::ordered_json::object();
  if (row.is_array()) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      object["Column" + std::to_string(i + 1)] = row[i];
    }
  } else {
    object["Result"] = row;
  }
  return object;
}

/// `-o table`: a heading row, a row of dashes, one aligned row per item; columns are the scalar
/// fields of the first item, in the service's order (az leaves out fields holding an array or an
/// object). A --query result that is not an object is a Result column (a scalar or a list of
/// them) or Column1, Column2... (a list of lists). Nothing for an empty list.
inline void print_table(std::ostream& out, const nlohmann::ordered_json& value) {
  std::vector<nlohmann::ordered_json> rows;
  for (const auto* row : rows_of(value)) {
    rows.push_back(as_object_row(*row));
  }
  if (rows.empty()) {
    return;
  }
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> cells(1);
  for (const auto& item : rows.front().items()) {
    if (item.value().is_structured()) {
      continue;
    }
    keys.push_back(item.key());
    cells[0].push_back(heading(printable(item.key(), 256)));
  }
  if (keys.empty()) {
    return;
  }
  for (const auto& row : rows) {
    std::vector<std::string> line;
    for (const auto& key : keys) {
      const auto it = row.find(key);
      line.push_back(it == row.end() ? std::string() : cell_text(*it));
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

/// `-o tsv`: one line per item, no heading (for `cut`, `read` and `while read`): an object's
/// field values or an array's elements separated by tabs, a scalar alone (`--query id -o tsv`).
/// A nested array is its length, a nested object nothing, as az prints them.
inline void print_tsv(std::ostream& out, const nlohmann::ordered_json& value) {
  for (const auto* row : rows_of(value)) {
    std::string line;
    if (row->is_structured()) {
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

/// True when yaml-cpp would write `key` unquoted yet it holds a control character.
inline bool needs_quoted_key(const std::string& key) { return escape_controls(key) != key; }

/// Writes `value` into a YAML emitter; strings double-quoted, so that a room id such as
/// 99466898241024408 or a time stays a string for every YAML reader.
inline void emit_yaml(YAML::Emitter& out, const nlohmann::ordered_json& value) {
  if (value.is_object()) {
    out << YAML::BeginMap;
    for (const auto& item : value.items()) {
      out << YAML::Key;
      if (needs_quoted_key(item.key())) {
        out << YAML::DoubleQuoted;
      }
      out << item.key() << YAML::Value;
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

/// `value` as YAML text, through yaml-cpp's emitter; controls escaped inside the quotes.
inline std::string yaml_text(const nlohmann::ordered_json& value) {
  YAML::Emitter emitter;
  emit_yaml(emitter, value);
  return escape_raw_controls(emitter.c_str());
}

/// `-o yamlc`'s colours on yaml_text()'s lines: keys blue, quoted strings green, other scalars
/// cyan (the colours of -o jsonc). A line it does not recognise stays plain.
inline std::string colour_yaml_line(const std::string& line) {
  constexpr const char* reset = "\x1b[0m";
  std::size_t at = 0;
  while (true) { // indentation and sequence dashes
    while (at < line.size() && line[at] == ' ') {
      ++at;
    }
    if (line.compare(at, 2, "- ") == 0) {
      at += 2;
    } else {
      break;
    }
  }
  const auto scalar_end = [&line](std::size_t from) { // one past a quoted or plain scalar
    if (from < line.size() && line[from] == '"') {
      std::size_t i = from + 1;
      while (i < line.size() && line[i] != '"') {
        i += line[i] == '\\' ? 2 : 1;
      }
      return std::min(i + 1, line.size());
    }
    const auto colon = line.find(": ", from);
    if (colon != std::string::npos) {
      return colon;
    }
    return line.size() > from && line.back() == ':' ? line.size() - 1 : line.size();
  };
  const auto colour_value = [&](std::size_t from) {
    if (from >= line.size()) {
      return std::string();
    }
    const std::string text = line.substr(from);
    if (text == "[]" || text == "{}" || text == "|" || text == ">") {
      return text;
    }
    return std::string(text[0] == '"' ? "\x1b[32m" : "\x1b[36m") + text + reset;
  };
  std::string out = line.substr(0, at);
  const std::size_t end = scalar_end(at);
  if (end < line.size() && line[end] == ':' && (end + 1 == line.size() || line[end + 1] == ' ')) {
    out += "\x1b[34;1m" + line.substr(at, end - at) + reset + ":";
    if (end + 1 < line.size()) {
      out += " " + colour_value(end + 2);
    }
    return out;
  }
  return out + colour_value(at);
}

/// `-o yaml`, and `-o yamlc` (coloured when `colour`).
inline void print_yaml(std::ostream& out, const nlohmann::ordered_json& value, bool colour) {
  const std::string text = yaml_text(value);
  if (!colour) {
    out << text << '\n';
    return;
  }
  std::size_t from = 0;
  while (from <= text.size()) {
    const auto newline = text.find('\n', from);
    const auto end = newline == std::string::npos ? text.size() : newline;
    out << colour_yaml_line(text.substr(from, end - from)) << '\n';
    if (newline == std::string::npos) {
      break;
    }
    from = newline + 1;
  }
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

/// `value` as 2-space indented JSON, controls escaped inside its strings.
inline std::string json_text(const nlohmann::ordered_json& value) {
  return escape_raw_controls(value.dump(2));
}

/// Prints a command's result on `out` in `format`; `colour` turns on jsonc's and yamlc's colours
/// (az colours only a terminal).
inline void print_result(std::ostream& out, const nlohmann::ordered_json& value,
                         output_format format, bool colour) {
  switch (format) {
  case output_format::json:
    out << json_text(value) << '\n';
    break;
  case output_format::jsonc:
    if (colour) {
      std::string text;
      colour_json(text, value, 0);
      out << escape_raw_controls(text) << '\n';
    } else {
      out << json_text(value) << '\n';
    }
    break;
  case output_format::table:
    print_table(out, value);
    break;
  case output_format::tsv:
    print_tsv(out, value);
    break;
  case output_format::yaml:
    print_yaml(out, value, false);
    break;
  case output_format::yamlc:
    print_yaml(out, value, colour);
    break;
  case output_format::none:
    break;
  }
}

} // namespace acs_rooms_cli
