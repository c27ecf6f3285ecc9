// SPDX-License-Identifier: MIT
// acs_rooms test: acs-rooms' output layer (programs/cli/output.hpp): the escaping of the service's
// text, the table and TSV shapes of --query results, and -o yamlc's colours.

#include "output.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <sstream>
#include <string>

namespace {

namespace cli = acs_rooms_cli;
using json = nlohmann::ordered_json;

std::string printed(const json& value, cli::output_format format, bool colour = false) {
  std::ostringstream out;
  cli::print_result(out, value, format, colour);
  return out.str();
}

/// A hostile text: an escape sequence, CR/LF, a tab, DEL, C1 controls (U+009B is a CSI, U+0085
/// a next-line) and a right-to-left override.
const std::string evil = "a\x1b[31mb\r\nc\td\x7f"
                         "e\xc2\x9b"
                         "2J\xc2\x85"
                         "f\xe2\x80\xae"
                         "g";

/// True when `text` holds a byte of a control: C0 (but newline and, for TSV, tab), DEL, C1 or a
/// bidirectional override.
bool has_controls(const std::string& text, bool tabs_allowed = false) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n' && !(tabs_allowed && c == '\t')) || c == 0x7F) {
      return true;
    }
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      return true;
    }
    if (text.compare(i, 3, "\xe2\x80\xae") == 0) {
      return true;
    }
  }
  return false;
}

/// `text` without its colour codes (ESC [ ... m).
std::string strip_colours(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "\x1b[") == 0) {
      const auto m = text.find('m', i);
      if (m != std::string::npos) {
        i = m;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

} // namespace

TEST_CASE("cli output: escape_controls writes every control as an escape") {
  CHECK(cli::escape_controls(evil) == "a\\x1B[31mb\\r\\nc\\td\\x7Fe\\u009B2J\\u0085f\\u202Eg");
  CHECK(cli::escape_controls("plain ÄÖÜ 日本 \\ text") == "plain ÄÖÜ 日本 \\ text");
  CHECK(cli::escape_controls("\xff\xc2") == "\\xFF\\xC2");          // not UTF-8
  CHECK(cli::escape_controls("\xc0\x9b") == "\\xC0\\x9B");          // an overlong CSI
  CHECK(cli::escape_controls("\xed\xa0\x80") == "\\xED\\xA0\\x80"); // a surrogate
  CHECK(cli::printable(evil, 3) == "a\\x1B[...");
  CHECK(cli::printable("é", 1) == "..."); // cut at a character boundary
}

TEST_CASE("cli output: every format escapes a hostile id, the data unchanged") {
  const json rooms = json::array(
      {{{"id", evil}, {"pstnDialOutEnabled", true}}, {{"id", "2"}, {"pstnDialOutEnabled", false}}});
  for (const auto format :
       {cli::output_format::json, cli::output_format::jsonc, cli::output_format::yaml,
        cli::output_format::yamlc, cli::output_format::table}) {
    for (const bool colour : {false, true}) {
      const std::string text = printed(rooms, format, colour);
      INFO(text);
      CHECK_FALSE(has_controls(strip_colours(text)));
    }
  }
  CHECK_FALSE(has_controls(printed(rooms, cli::output_format::tsv), true));
  CHECK(json::parse(printed(rooms, cli::output_format::json)) == rooms);
  CHECK(YAML::Load(printed(rooms, cli::output_format::yaml))[0]["id"].as<std::string>() == evil);
  // A key holding controls is quoted, so that its escapes are escapes.
  const json keyed = {{evil, 1}};
  CHECK(YAML::Load(printed(keyed, cli::output_format::yaml))[evil].as<int>() == 1);
  // The table keeps one line per row.
  CHECK(printed(rooms, cli::output_format::table).find("a\\x1B[31mb\\r\\nc\\td") !=
        std::string::npos);
}

TEST_CASE("cli output: table and TSV shapes of --query results, as az prints them") {
  CHECK(printed("57494472922929850", cli::output_format::tsv) == "57494472922929850\n");
  CHECK(printed(json::array({"a", "b"}), cli::output_format::tsv) == "a\nb\n");
  CHECK(printed(json::parse(R"([["a", true], ["b", false]])"), cli::output_format::tsv) ==
        "a\tTrue\nb\tFalse\n");
  CHECK(printed(json::parse(R"([{"x": [1, 2], "y": {"z": 1}, "w": null}])"),
                cli::output_format::tsv) == "2\t\t\n");
  CHECK(printed(json::array({"a", "bb"}), cli::output_format::table) == "Result\n------\na\nbb\n");
  CHECK(printed(3, cli::output_format::table) == "Result\n------\n3\n");
  CHECK(printed(json::parse(R"([["a", 1], ["bb", 22]])"), cli::output_format::table) ==
        "Column1  Column2\n-------  -------\na        1\nbb       22\n");
  // Fields holding an array or an object are not table columns.
  CHECK(printed(json::parse(R"([{"id": "1", "people": [1], "more": {}}])"),
                cli::output_format::table) == "Id\n--\n1\n");
  CHECK(printed(json::array(), cli::output_format::table).empty());
}

TEST_CASE("cli output: -o yamlc colours keys and values, and is -o yaml without them") {
  const json room = json::parse(
      R"({"id": "1", "n": 2, "ok": true, "none": null, "list": ["a", {"k": "v"}], "empty": []})");
  const std::string plain = printed(room, cli::output_format::yaml);
  CHECK(printed(room, cli::output_format::yamlc, false) == plain);
  const std::string coloured = printed(room, cli::output_format::yamlc, true);
  CHECK(coloured.find("\x1b[34;1mid\x1b[0m: \x1b[32m\"1\"\x1b[0m") != std::string::npos);
  CHECK(coloured.find("\x1b[34;1mn\x1b[0m: \x1b[36m2\x1b[0m") != std::string::npos);
  CHECK(coloured.find("- \x1b[34;1mk\x1b[0m: \x1b[32m\"v\"\x1b[0m") != std::string::npos);
  CHECK(strip_colours(coloured) == plain);
}
