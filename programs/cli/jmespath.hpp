// SPDX-License-Identifier: MIT
// acs_rooms program: a small JMESPath evaluator over nlohmann::ordered_json, for acs-rooms'
// --query.

// JMESPath (https://jmespath.org/specification.html) as az's --query speaks it (Python's jmespath
// 1.0): identifiers (bare and "quoted"), sub-expressions, indexes and slices, list (`[*]`, `[]`)
// and object (`*`) projections, flattening, filters (`[?...]`) with the comparisons `==`, `!=`,
// `<`, `<=`, `>`, `>=` (ordering on numbers, and on strings as Python's jmespath allows), `&&`,
// `||`, `!`, parentheses, `@`, literals (`` `json` `` and 'raw strings'), multi-select lists and
// hashes, pipes, expression references (`&field`) and every built-in function of the
// specification. Not supported, with an error saying so: the later additions to the language
// (arithmetic, `$` and `let` variables, functions such as group_by or items).
//
// Three parts: a lexer (text to tokens), a Pratt parser (tokens to an AST, with the binding powers
// of the specification's grammar) and an evaluator (AST and a JSON value to a JSON value). Errors
// are `jmespath::error`, with a kind named as the compliance suite names them and, for a syntax
// error, the 0-based position in the expression.
#pragma once

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace acs_rooms_cli::jmespath {

/// The JSON type the evaluator works on (key order kept, as the service sent it).
using json = nlohmann::ordered_json;

/// What went wrong, named as the JMESPath compliance suite names its error classes.
enum class error_kind {
  syntax,           ///< not a JMESPath expression (compliance: "syntax")
  unsupported,      ///< valid in later JMESPath drafts, not supported here (arithmetic, `$`)
  unknown_function, ///< a function name JMESPath does not define ("unknown-function")
  invalid_arity,    ///< a function called with the wrong number of arguments ("invalid-arity")
  invalid_type,     ///< a function argument of the wrong type ("invalid-type")
  invalid_value,    ///< a value out of range, such as a slice step of 0 ("invalid-value")
};

/// A JMESPath error: a syntax or unsupported-feature error while compiling (with a position), or
/// a type error while evaluating.
class error : public std::runtime_error {
public:
  /// `position` is the 0-based offset in the expression, or npos when it has none.
  error(error_kind kind, std::string message, std::size_t position = std::string::npos)
      : std::runtime_error(std::move(message)), kind_(kind), position_(position) {}
  /// What kind of error this is.
  [[nodiscard]] error_kind kind() const noexcept { return kind_; }
  /// The 0-based offset in the expression where it was found, or npos.
  [[nodiscard]] std::size_t position() const noexcept { return position_; }

private:
  error_kind kind_;
  std::size_t position_;
};

namespace detail {

enum class tok {
  eof,
  unquoted_identifier,
  quoted_identifier,
  literal,
  number,
  dot,
  star,
  flatten,
  filter,
  lbracket,
  rbracket,
  lbrace,
  rbrace,
  lparen,
  rparen,
  comma,
  colon,
  pipe,
  or_,
  and_,
  not_,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  current,
  expref,
};

struct token {
  tok type = tok::eof;
  std::size_t position = 0;
  std::string text;     // identifier name
  json value;           // literal value
  long long number = 0; // number value
};

/// The token's binding power in the Pratt parser (the specification's precedence).
inline int binding_power(tok t) {
  switch (t) {
  case tok::pipe:
    return 1;
  case tok::or_:
    return 2;
  case tok::and_:
    return 3;
  case tok::eq:
  case tok::ne:
  case tok::lt:
  case tok::le:
  case tok::gt:
  case tok::ge:
    return 5;
  case tok::flatten:
    return 9;
  case tok::star:
    return 20;
  case tok::filter:
    return 21;
  case tok::dot:
    return 40;
  case tok::not_:
    return 45;
  case tok::lbrace:
    return 50;
  case tok::lbracket:
    return 55;
  case tok::lparen:
    return 60;
  default:
    return 0;
  }
}

/// How a token is named in an error message.
inline std::string describe(const token& t) {
  switch (t.type) {
  case tok::eof:
    return "the end of the expression";
  case tok::unquoted_identifier:
  case tok::quoted_identifier:
    return "identifier '" + t.text + "'";
  case tok::literal:
    return "a literal";
  case tok::number:
    return "number " + std::to_string(t.number);
  default:
    return "'" + t.text + "'";
  }
}

/// Splits an expression into tokens.
class lexer {
public:
  explicit lexer(std::string_view text) : text_(text) {}

  std::vector<token> run() {
    std::vector<token> out;
    while (true) {
      while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                     text_[pos_] == '\n' || text_[pos_] == '\r')) {
        ++pos_;
      }
      token t;
      t.position = pos_;
      if (pos_ >= text_.size()) {
        t.type = tok::eof;
        out.push_back(std::move(t));
        return out;
      }
      const char c = text_[pos_];
      const auto simple = [&](tok type, std::size_t length) {
        t.type = type;
        t.text = std::string(text_.substr(pos_, length));
        pos_ += length;
      };
      const char next = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
        std::size_t end = pos_ + 1;
        while (end < text_.size() && is_identifier_char(text_[end])) {
          ++end;
        }
        t.type = tok::unquoted_identifier;
        t.text = std::string(text_.substr(pos_, end - pos_));
        pos_ = end;
      } else if ((c >= '0' && c <= '9') || (c == '-' && next >= '0' && next <= '9')) {
        std::size_t end = pos_ + 1;
        while (end < text_.size() && text_[end] >= '0' && text_[end] <= '9') {
          ++end;
        }
        t.type = tok::number;
        t.text = std::string(text_.substr(pos_, end - pos_));
        errno = 0;
        t.number = std::strtoll(t.text.c_str(), nullptr, 10);
        // Indexes and slice bounds beyond 2^53 mean nothing; refusing them keeps the index
        // arithmetic clear of overflow.
        constexpr long long limit = 1LL << 53;
        if (errno == ERANGE || t.number > limit || t.number < -limit) {
          throw error(error_kind::syntax, "number " + t.text + " is too large", pos_);
        }
        pos_ = end;
      } else if (c == '.') {
        simple(tok::dot, 1);
      } else if (c == '*') {
        simple(tok::star, 1);
      } else if (c == '[') {
        if (next == ']') {
          simple(tok::flatten, 2);
        } else if (next == '?') {
          simple(tok::filter, 2);
        } else {
          simple(tok::lbracket, 1);
        }
      } else if (c == ']') {
        simple(tok::rbracket, 1);
      } else if (c == '{') {
        simple(tok::lbrace, 1);
      } else if (c == '}') {
        simple(tok::rbrace, 1);
      } else if (c == '(') {
        simple(tok::lparen, 1);
      } else if (c == ')') {
        simple(tok::rparen, 1);
      } else if (c == ',') {
        simple(tok::comma, 1);
      } else if (c == ':') {
        simple(tok::colon, 1);
      } else if (c == '@') {
        simple(tok::current, 1);
      } else if (c == '|') {
        simple(next == '|' ? tok::or_ : tok::pipe, next == '|' ? 2 : 1);
      } else if (c == '&') {
        simple(next == '&' ? tok::and_ : tok::expref, next == '&' ? 2 : 1);
      } else if (c == '!') {
        simple(next == '=' ? tok::ne : tok::not_, next == '=' ? 2 : 1);
      } else if (c == '<') {
        simple(next == '=' ? tok::le : tok::lt, next == '=' ? 2 : 1);
      } else if (c == '>') {
        simple(next == '=' ? tok::ge : tok::gt, next == '=' ? 2 : 1);
      } else if (c == '=') {
        if (next != '=') {
          throw error(error_kind::syntax,
                      "'=' is not an operator (compare with '=='; `let` assignments are not "
                      "supported)",
                      pos_);
        }
        simple(tok::eq, 2);
      } else if (c == '"') {
        const std::string body = until('"');
        t.type = tok::quoted_identifier;
        try {
          t.text = json::parse("\"" + body + "\"").get<std::string>();
        } catch (const json::exception&) {
          throw error(error_kind::syntax, "invalid quoted identifier \"" + body + "\"", t.position);
        }
      } else if (c == '\'') {
        std::string body = until('\'');
        t.type = tok::literal;
        t.value = replace_all(body, "\\'", "'");
      } else if (c == '`') {
        std::string body = replace_all(until('`'), "\\`", "`");
        t.type = tok::literal;
        try {
          t.value = json::parse(body);
        } catch (const json::exception&) {
          // JEP-12's deprecated form: `foo` is the string "foo", as Python's jmespath reads it.
          const auto first = body.find_first_not_of(" \t\n\r");
          try {
            t.value =
                json::parse("\"" + (first == std::string::npos ? "" : body.substr(first)) + "\"");
          } catch (const json::exception&) {
            throw error(error_kind::syntax, "invalid JSON literal `" + body + "`", t.position);
          }
        }
      } else if (c == '$') {
        throw error(error_kind::unsupported,
                    "'$' (the root reference and let variables of later JMESPath drafts) is not "
                    "supported",
                    pos_);
      } else if (c == '+' || c == '-' || c == '/' || c == '%') {
        throw error(
            error_kind::unsupported,
            std::string("'") + c + "': arithmetic (a later JMESPath draft) is not supported", pos_);
      } else {
        const auto byte = static_cast<unsigned char>(c);
        std::string shown = byte >= 0x20 && byte < 0x7F ? std::string(1, c) : "byte 0x" + hex(byte);
        throw error(error_kind::syntax, "unexpected character '" + shown + "'", pos_);
      }
      out.push_back(std::move(t));
    }
  }

private:
  static bool is_identifier_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
  static std::string hex(unsigned char byte) {
    const char* digits = "0123456789ABCDEF";
    return {digits[byte >> 4], digits[byte & 15]};
  }
  static std::string replace_all(std::string text, std::string_view from, std::string_view to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
      text.replace(at, from.size(), to);
    }
    return text;
  }
  /// The text up to the closing `quote` (a backslash escapes the next character); pos_ after it.
  std::string until(char quote) {
    const std::size_t start = pos_;
    std::size_t i = pos_ + 1;
    while (i < text_.size() && text_[i] != quote) {
      i += text_[i] == '\\' ? 2 : 1;
    }
    if (i >= text_.size()) {
      throw error(error_kind::syntax, std::string("unterminated ") + quote + "..." + quote, start);
    }
    pos_ = i + 1;
    return std::string(text_.substr(start + 1, i - start - 1));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

/// One node of the syntax tree.
struct node {
  enum class kind {
    identity,
    current,
    field,
    literal,
    subexpression,
    index_expression,
    index,
    slice,
    projection,
    value_projection,
    filter_projection,
    flatten,
    comparator,
    and_,
    or_,
    not_,
    multi_list,
    multi_hash,
    pipe,
    function,
    expref,
  };
  kind type = kind::identity;
  std::string name;  // field, function
  tok op = tok::eof; // comparator
  json value;        // literal
  long long index = 0;
  std::optional<long long> start, stop, step;
  std::vector<std::string> keys; // multi_hash, one per child
  std::vector<std::unique_ptr<node>> children;
  std::size_t position = 0;
  std::size_t depth = 1; // of the tree below and including this node
};
using node_ptr = std::unique_ptr<node>;

inline node_ptr make(node::kind type, std::size_t position = 0) {
  auto n = std::make_unique<node>();
  n->type = type;
  n->position = position;
  return n;
}
/// The deepest tree the parser builds: evaluating (and destroying) a tree recurses once per
/// level, so an expression cannot exhaust the stack.
constexpr std::size_t max_depth = 256;

/// Makes `child` the next child of `parent`; refuses a tree deeper than max_depth.
inline void adopt(node& parent, node_ptr child) {
  parent.depth = std::max(parent.depth, child->depth + 1);
  if (parent.depth > max_depth) {
    throw error(error_kind::syntax,
                "expression nested too deeply (more than " + std::to_string(max_depth) + " levels)",
                parent.position);
  }
  parent.children.push_back(std::move(child));
}

inline node_ptr make(node::kind type, node_ptr left, node_ptr right) {
  auto n = make(type, left->position);
  adopt(*n, std::move(left));
  adopt(*n, std::move(right));
  return n;
}

/// A built-in function: its name and how many arguments it takes.
struct function_info {
  const char* name;
  std::size_t min_args;
  std::size_t max_args; // SIZE_MAX: variadic
};
inline const std::vector<function_info>& functions() {
  static const std::vector<function_info> list{
      {"abs", 1, 1},          {"avg", 1, 1},      {"ceil", 1, 1},      {"contains", 2, 2},
      {"ends_with", 2, 2},    {"floor", 1, 1},    {"join", 2, 2},      {"keys", 1, 1},
      {"length", 1, 1},       {"map", 2, 2},      {"max", 1, 1},       {"max_by", 2, 2},
      {"merge", 1, SIZE_MAX}, {"min", 1, 1},      {"min_by", 2, 2},    {"not_null", 1, SIZE_MAX},
      {"reverse", 1, 1},      {"sort", 1, 1},     {"sort_by", 2, 2},   {"starts_with", 2, 2},
      {"sum", 1, 1},          {"to_array", 1, 1}, {"to_number", 1, 1}, {"to_string", 1, 1},
      {"type", 1, 1},         {"values", 1, 1},
  };
  return list;
}

/// The Pratt parser: tokens to a tree.
class parser {
public:
  explicit parser(std::vector<token> tokens) : tokens_(std::move(tokens)) {}

  node_ptr run() {
    auto tree = expression(0);
    if (current().type != tok::eof) {
      fail("unexpected " + describe(current()));
    }
    return tree;
  }

private:
  const token& current() const { return tokens_[at_]; }
  const token& lookahead(std::size_t n) const {
    return tokens_[std::min(at_ + n, tokens_.size() - 1)];
  }
  void advance() {
    if (at_ + 1 < tokens_.size()) {
      ++at_;
    }
  }
  [[noreturn]] void fail(const std::string& message) const {
    throw error(error_kind::syntax, message, current().position);
  }
  void expect(tok type, const char* what) {
    if (current().type != type) {
      fail(std::string("expected ") + what + ", found " + describe(current()));
    }
    advance();
  }

  node_ptr expression(int rbp) {
    struct guard {
      std::size_t& nesting;
      explicit guard(std::size_t& n) : nesting(n) { ++nesting; }
      ~guard() { --nesting; }
      guard(const guard&) = delete;
      guard& operator=(const guard&) = delete;
    } nested(nesting_);
    if (nesting_ > max_depth) {
      fail("expression nested too deeply (more than " + std::to_string(max_depth) + " levels)");
    }
    const token t = current();
    advance();
    auto left = nud(t);
    while (rbp < binding_power(current().type)) {
      const token op = current();
      advance();
      left = led(op, std::move(left));
    }
    return left;
  }

  node_ptr nud(const token& t) {
    switch (t.type) {
    case tok::literal: {
      auto n = make(node::kind::literal, t.position);
      n->value = t.value;
      return n;
    }
    case tok::unquoted_identifier:
    case tok::quoted_identifier: {
      if (t.type == tok::quoted_identifier && current().type == tok::lparen) {
        fail("a function name cannot be quoted");
      }
      auto n = make(node::kind::field, t.position);
      n->name = t.text;
      return n;
    }
    case tok::star: {
      auto right = current().type == tok::rbracket ? make(node::kind::identity)
                                                   : projection_rhs(binding_power(tok::star));
      return make(node::kind::value_projection, make(node::kind::identity), std::move(right));
    }
    case tok::filter:
      return led_filter(make(node::kind::identity));
    case tok::lbrace:
      return multi_select_hash(t.position);
    case tok::lparen: {
      auto inner = expression(0);
      expect(tok::rparen, "')'");
      return inner;
    }
    case tok::flatten:
      return led_flatten(make(node::kind::identity));
    case tok::lbracket:
      if (current().type == tok::number || current().type == tok::colon) {
        return project_if_slice(make(node::kind::identity), index_expression());
      }
      if (current().type == tok::star && lookahead(1).type == tok::rbracket) {
        advance();
        advance();
        return make(node::kind::projection, make(node::kind::identity),
                    projection_rhs(binding_power(tok::star)));
      }
      return multi_select_list(t.position);
    case tok::current:
      return make(node::kind::current, t.position);
    case tok::expref: {
      auto n = make(node::kind::expref, t.position);
      adopt(*n, expression(0));
      return n;
    }
    case tok::not_: {
      auto n = make(node::kind::not_, t.position);
      adopt(*n, expression(binding_power(tok::not_)));
      return n;
    }
    default:
      throw error(error_kind::syntax, "unexpected " + describe(t), t.position);
    }
  }

  node_ptr led(const token& t, node_ptr left) {
    switch (t.type) {
    case tok::dot:
      if (current().type == tok::star) {
        advance();
        return make(node::kind::value_projection, std::move(left),
                    projection_rhs(binding_power(tok::dot)));
      }
      return make(node::kind::subexpression, std::move(left), dot_rhs(binding_power(tok::dot)));
    case tok::pipe:
      return make(node::kind::pipe, std::move(left), expression(binding_power(tok::pipe)));
    case tok::or_:
      return make(node::kind::or_, std::move(left), expression(binding_power(tok::or_)));
    case tok::and_:
      return make(node::kind::and_, std::move(left), expression(binding_power(tok::and_)));
    case tok::eq:
    case tok::ne:
    case tok::lt:
    case tok::le:
    case tok::gt:
    case tok::ge: {
      auto n = make(node::kind::comparator, std::move(left), expression(binding_power(t.type)));
      n->op = t.type;
      return n;
    }
    case tok::lparen:
      return function_call(t, std::move(left));
    case tok::filter:
      return led_filter(std::move(left));
    case tok::flatten:
      return led_flatten(std::move(left));
    case tok::lbracket:
      if (current().type == tok::number || current().type == tok::colon) {
        return project_if_slice(std::move(left), index_expression());
      }
      expect(tok::star, "a number, ':' or '*' after '['");
      expect(tok::rbracket, "']'");
      return make(node::kind::projection, std::move(left),
                  projection_rhs(binding_power(tok::star)));
    default:
      throw error(error_kind::syntax, "unexpected " + describe(t), t.position);
    }
  }

  node_ptr function_call(const token& paren, node_ptr left) {
    if (left->type != node::kind::field) {
      throw error(error_kind::syntax, "'(' must follow a function name", paren.position);
    }
    const auto info = std::find_if(functions().begin(), functions().end(),
                                   [&](const function_info& f) { return left->name == f.name; });
    if (info == functions().end()) {
      throw error(error_kind::unknown_function,
                  "unknown function " + left->name +
                      "() (supported: JMESPath's built-in functions, e.g. length, contains, "
                      "starts_with, sort_by, max_by, min_by, join, keys, values, to_string)",
                  left->position);
    }
    auto n = make(node::kind::function, left->position);
    n->name = left->name;
    while (current().type != tok::rparen) {
      adopt(*n, expression(0));
      if (current().type == tok::comma) {
        advance();
        if (current().type == tok::rparen) {
          fail("expected an argument after ','");
        }
      } else if (current().type != tok::rparen) {
        fail("expected ',' or ')' in the arguments of " + n->name + "(), found " +
             describe(current()));
      }
    }
    advance();
    const std::size_t count = n->children.size();
    if (count < info->min_args || count > info->max_args) {
      std::string wanted = std::to_string(info->min_args);
      if (info->max_args == SIZE_MAX) {
        wanted = "at least " + wanted;
      }
      throw error(error_kind::invalid_arity,
                  n->name + "() takes " + wanted + " argument" + (info->min_args == 1 ? "" : "s") +
                      ", not " + std::to_string(count),
                  n->position);
    }
    return n;
  }

  node_ptr led_filter(node_ptr left) {
    auto condition = expression(0);
    expect(tok::rbracket, "']' to close the filter");
    auto right = current().type == tok::flatten ? make(node::kind::identity)
                                                : projection_rhs(binding_power(tok::filter));
    auto n = make(node::kind::filter_projection, std::move(left), std::move(right));
    adopt(*n, std::move(condition));
    return n;
  }

  node_ptr led_flatten(node_ptr left) {
    auto flat = make(node::kind::flatten);
    adopt(*flat, std::move(left));
    return make(node::kind::projection, std::move(flat),
                projection_rhs(binding_power(tok::flatten)));
  }

  node_ptr project_if_slice(node_ptr left, node_ptr right) {
    const bool slice = right->type == node::kind::slice;
    auto indexed = make(node::kind::index_expression, std::move(left), std::move(right));
    if (!slice) {
      return indexed;
    }
    return make(node::kind::projection, std::move(indexed),
                projection_rhs(binding_power(tok::star)));
  }

  node_ptr index_expression() {
    if (current().type == tok::colon || lookahead(1).type == tok::colon) {
      auto n = make(node::kind::slice, current().position);
      int part = 0;
      while (current().type != tok::rbracket) {
        if (current().type == tok::colon) {
          if (++part == 3) {
            fail("a slice has at most two ':'");
          }
          advance();
        } else if (current().type == tok::number) {
          (part == 0 ? n->start : part == 1 ? n->stop : n->step) = current().number;
          advance();
        } else {
          fail("expected a number, ':' or ']' in a slice, found " + describe(current()));
        }
      }
      advance();
      if (n->step && *n->step == 0) {
        throw error(error_kind::invalid_value, "a slice step cannot be 0", n->position);
      }
      return n;
    }
    auto n = make(node::kind::index, current().position);
    n->index = current().number;
    advance();
    expect(tok::rbracket, "']' after the index");
    return n;
  }

  node_ptr dot_rhs(int bp) {
    switch (current().type) {
    case tok::unquoted_identifier:
    case tok::quoted_identifier:
    case tok::star:
      return expression(bp);
    case tok::lbracket: {
      const auto position = current().position;
      advance();
      return multi_select_list(position);
    }
    case tok::lbrace: {
      const auto position = current().position;
      advance();
      return multi_select_hash(position);
    }
    default:
      fail("expected an identifier, '*', '[' or '{' after '.', found " + describe(current()));
    }
  }

  node_ptr projection_rhs(int bp) {
    if (binding_power(current().type) < 10) {
      return make(node::kind::identity);
    }
    if (current().type == tok::lbracket || current().type == tok::filter) {
      return expression(bp);
    }
    if (current().type == tok::dot) {
      advance();
      return dot_rhs(bp);
    }
    fail("unexpected " + describe(current()) + " after a projection");
  }

  node_ptr multi_select_list(std::size_t position) {
    auto n = make(node::kind::multi_list, position);
    while (true) {
      adopt(*n, expression(0));
      if (current().type == tok::rbracket) {
        break;
      }
      expect(tok::comma, "',' or ']' in a multi-select list");
    }
    advance();
    return n;
  }

  node_ptr multi_select_hash(std::size_t position) {
    auto n = make(node::kind::multi_hash, position);
    while (true) {
      if (current().type != tok::unquoted_identifier && current().type != tok::quoted_identifier) {
        fail("expected a key name in a multi-select hash, found " + describe(current()));
      }
      n->keys.push_back(current().text);
      advance();
      expect(tok::colon, "':' after the key");
      adopt(*n, expression(0));
      if (current().type == tok::rbrace) {
        advance();
        break;
      }
      expect(tok::comma, "',' or '}' in a multi-select hash");
    }
    return n;
  }

  std::vector<token> tokens_;
  std::size_t at_ = 0;
  std::size_t nesting_ = 0;
};

/// JMESPath's truth: false, null, "", [] and {} are false; everything else (0 too) is true.
inline bool truthy(const json& v) {
  switch (v.type()) {
  case json::value_t::null:
    return false;
  case json::value_t::boolean:
    return v.get<bool>();
  case json::value_t::string:
    return !v.get_ref<const std::string&>().empty();
  case json::value_t::array:
  case json::value_t::object:
    return !v.empty();
  default:
    return true;
  }
}

/// JMESPath's type names.
inline const char* type_name(const json& v) {
  switch (v.type()) {
  case json::value_t::null:
    return "null";
  case json::value_t::boolean:
    return "boolean";
  case json::value_t::string:
    return "string";
  case json::value_t::array:
    return "array";
  case json::value_t::object:
    return "object";
  default:
    return "number";
  }
}

/// Deep equality as JMESPath defines it: object key order does not matter, 1 equals 1.0, and a
/// boolean never equals a number.
inline bool equal(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) {
    return a == b;
  }
  if (a.type() != b.type()) {
    return false;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) {
      return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!equal(a[i], b[i])) {
        return false;
      }
    }
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) {
      return false;
    }
    for (const auto& item : a.items()) {
      const auto it = b.find(item.key());
      if (it == b.end() || !equal(item.value(), *it)) {
        return false;
      }
    }
    return true;
  }
  return a == b;
}

/// The number of Unicode code points of UTF-8 text.
inline std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) {
    n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  }
  return n;
}

/// Evaluates a tree against a value.
class evaluator {
public:
  json eval(const node& n, const json& value) const {
    switch (n.type) {
    case node::kind::identity:
    case node::kind::current:
      return value;
    case node::kind::field:
      if (value.is_object()) {
        const auto it = value.find(n.name);
        return it == value.end() ? json() : *it;
      }
      return nullptr;
    case node::kind::literal:
      return n.value;
    case node::kind::subexpression: {
      json left = eval(*n.children[0], value);
      return left.is_null() ? json() : eval(*n.children[1], left);
    }
    case node::kind::index_expression:
    case node::kind::pipe:
      return eval(*n.children[1], eval(*n.children[0], value));
    case node::kind::index: {
      if (!value.is_array()) {
        return nullptr;
      }
      const auto size = static_cast<long long>(value.size());
      const long long i = n.index < 0 ? n.index + size : n.index;
      return i < 0 || i >= size ? json() : value[static_cast<std::size_t>(i)];
    }
    case node::kind::slice:
      return slice(n, value);
    case node::kind::projection: {
      const json base = eval(*n.children[0], value);
      if (!base.is_array()) {
        return nullptr;
      }
      return project(base, *n.children[1]);
    }
    case node::kind::value_projection: {
      const json base = eval(*n.children[0], value);
      if (!base.is_object()) {
        return nullptr;
      }
      json values = json::array();
      for (const auto& item : base.items()) {
        values.push_back(item.value());
      }
      return project(values, *n.children[1]);
    }
    case node::kind::filter_projection: {
      const json base = eval(*n.children[0], value);
      if (!base.is_array()) {
        return nullptr;
      }
      json out = json::array();
      for (const auto& element : base) {
        if (truthy(eval(*n.children[2], element))) {
          json item = eval(*n.children[1], element);
          if (!item.is_null()) {
            out.push_back(std::move(item));
          }
        }
      }
      return out;
    }
    case node::kind::flatten: {
      const json base = eval(*n.children[0], value);
      if (!base.is_array()) {
        return nullptr;
      }
      json out = json::array();
      for (const auto& element : base) {
        if (element.is_array()) {
          for (const auto& inner : element) {
            out.push_back(inner);
          }
        } else {
          out.push_back(element);
        }
      }
      return out;
    }
    case node::kind::comparator:
      return compare(n.op, eval(*n.children[0], value), eval(*n.children[1], value));
    case node::kind::and_: {
      json left = eval(*n.children[0], value);
      return truthy(left) ? eval(*n.children[1], value) : left;
    }
    case node::kind::or_: {
      json left = eval(*n.children[0], value);
      return truthy(left) ? left : eval(*n.children[1], value);
    }
    case node::kind::not_:
      return !truthy(eval(*n.children[0], value));
    case node::kind::multi_list: {
      if (value.is_null()) {
        return nullptr;
      }
      json out = json::array();
      for (const auto& child : n.children) {
        out.push_back(eval(*child, value));
      }
      return out;
    }
    case node::kind::multi_hash: {
      if (value.is_null()) {
        return nullptr;
      }
      json out = json::object();
      for (std::size_t i = 0; i < n.children.size(); ++i) {
        out[n.keys[i]] = eval(*n.children[i], value);
      }
      return out;
    }
    case node::kind::function:
      return call(n, value);
    case node::kind::expref:
      throw error(error_kind::invalid_type,
                  "an expression reference (&...) is only valid as a function argument");
    }
    return nullptr;
  }

private:
  json project(const json& base, const node& right) const {
    json out = json::array();
    for (const auto& element : base) {
      json item = eval(right, element);
      if (!item.is_null()) {
        out.push_back(std::move(item));
      }
    }
    return out;
  }

  static json slice(const node& n, const json& value) {
    if (!value.is_array()) {
      return nullptr;
    }
    const auto size = static_cast<long long>(value.size());
    const long long step = n.step.value_or(1);
    const auto bound = [&](std::optional<long long> given, bool is_start) {
      if (!given) {
        if (step < 0) {
          return is_start ? size - 1 : -1LL;
        }
        return is_start ? 0LL : size;
      }
      long long v = *given;
      if (v < 0) {
        v += size;
        if (v < 0) {
          v = step < 0 ? -1 : 0;
        }
      } else if (v >= size) {
        v = step < 0 ? size - 1 : size;
      }
      return v;
    };
    const long long start = bound(n.start, true);
    const long long stop = bound(n.stop, false);
    json out = json::array();
    if (step > 0) {
      for (long long i = start; i < stop; i += step) {
        out.push_back(value[static_cast<std::size_t>(i)]);
        if (stop - i <= step) {
          break; // the next i would pass stop (and could overflow)
        }
      }
    } else {
      for (long long i = start; i > stop; i += step) {
        out.push_back(value[static_cast<std::size_t>(i)]);
        if (i - stop <= -step) {
          break;
        }
      }
    }
    return out;
  }

  static json compare(tok op, const json& a, const json& b) {
    if (op == tok::eq) {
      return equal(a, b);
    }
    if (op == tok::ne) {
      return !equal(a, b);
    }
    int order = 0;
    if (a.is_number() && b.is_number()) {
      const double x = a.get<double>();
      const double y = b.get<double>();
      if (a.is_number_float() || b.is_number_float()) {
        order = x < y ? -1 : (x > y ? 1 : 0);
      } else if (a.is_number_unsigned() || b.is_number_unsigned()) {
        order = x < y ? -1 : (x > y ? 1 : (a < b ? -1 : (b < a ? 1 : 0)));
      } else {
        const auto i = a.get<std::int64_t>();
        const auto j = b.get<std::int64_t>();
        order = i < j ? -1 : (i > j ? 1 : 0);
      }
    } else if (a.is_string() && b.is_string()) {
      const int c = a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
      order = c < 0 ? -1 : (c > 0 ? 1 : 0);
    } else {
      return nullptr; // ordering is defined on numbers (and strings) only
    }
    switch (op) {
    case tok::lt:
      return order < 0;
    case tok::le:
      return order <= 0;
    case tok::gt:
      return order > 0;
    default:
      return order >= 0;
    }
  }

  [[noreturn]] static void wrong_type(const node& n, std::size_t arg, const std::string& expected,
                                      const json& got) {
    throw error(error_kind::invalid_type, n.name + "() expects argument " +
                                              std::to_string(arg + 1) + " to be " + expected +
                                              ", not " + type_name(got));
  }
  static bool all_numbers(const json& v) {
    return std::all_of(v.begin(), v.end(), [](const json& e) { return e.is_number(); });
  }
  static bool all_strings(const json& v) {
    return std::all_of(v.begin(), v.end(), [](const json& e) { return e.is_string(); });
  }
  static int order(const json& a, const json& b) {
    if (a.is_string()) {
      return a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
    }
    const double x = a.get<double>();
    const double y = b.get<double>();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  /// The keys `key` gives each element of `array` (numbers or strings, all of one type).
  std::vector<json> keys_by(const node& n, const json& array, const node& key) const {
    std::vector<json> keys;
    for (const auto& element : array) {
      json k = eval(key, element);
      if (!k.is_number() && !k.is_string()) {
        wrong_type(n, 1, "an expression giving numbers or strings", k);
      }
      if (!keys.empty() && keys.front().is_string() != k.is_string()) {
        wrong_type(n, 1,
                   std::string("an expression giving ") +
                       (keys.front().is_string() ? "strings" : "numbers") + " throughout",
                   k);
      }
      keys.push_back(std::move(k));
    }
    return keys;
  }

  json call(const node& n, const json& value) const {
    const std::string& f = n.name;
    // Expression references are passed unevaluated; every other argument is evaluated.
    const auto expref_at = [&](std::size_t i) -> const node& {
      if (n.children[i]->type != node::kind::expref) {
        wrong_type(n, i, "an expression reference (&...)", eval(*n.children[i], value));
      }
      return *n.children[i]->children[0];
    };
    std::vector<json> args;
    for (const auto& child : n.children) {
      if (child->type == node::kind::expref) {
        args.emplace_back(nullptr);
        continue;
      }
      args.push_back(eval(*child, value));
    }
    const auto need = [&](std::size_t i, bool ok, const char* expected) {
      if (!ok || n.children[i]->type == node::kind::expref) {
        wrong_type(n, i, expected, args[i]);
      }
    };
    const json& a = args[0];
    if (f == "abs" || f == "ceil" || f == "floor") {
      need(0, a.is_number(), "a number");
      if (!a.is_number_float()) {
        if (f != "abs" || !a.is_number_integer() || a.get<long long>() >= 0) {
          return a;
        }
        const long long v = a.get<long long>();
        return v == std::numeric_limits<long long>::min() ? json(-static_cast<double>(v))
                                                          : json(-v);
      }
      const double d = a.get<double>();
      const double r = f == "abs" ? std::fabs(d) : (f == "ceil" ? std::ceil(d) : std::floor(d));
      if (f != "abs" && std::fabs(r) < 9.0e15) {
        return static_cast<long long>(r);
      }
      return r;
    }
    if (f == "avg" || f == "sum") {
      need(0, a.is_array() && all_numbers(a), "an array of numbers");
      if (a.empty()) {
        return f == "sum" ? json(0) : json();
      }
      bool integral = f == "sum";
      long long isum = 0;
      double dsum = 0;
      for (const auto& e : a) {
        dsum += e.get<double>();
        long long next = 0;
        if (integral && e.is_number_integer() &&
            !__builtin_add_overflow(isum, e.get<long long>(), &next)) {
          isum = next;
        } else {
          integral = false;
        }
      }
      if (f == "avg") {
        return dsum / static_cast<double>(a.size());
      }
      return integral ? json(isum) : json(dsum);
    }
    if (f == "contains") {
      need(0, a.is_array() || a.is_string(), "an array or a string");
      if (a.is_string()) {
        return args[1].is_string() &&
               a.get_ref<const std::string&>().find(args[1].get_ref<const std::string&>()) !=
                   std::string::npos;
      }
      return std::any_of(a.begin(), a.end(), [&](const json& e) { return equal(e, args[1]); });
    }
    if (f == "starts_with" || f == "ends_with") {
      need(0, a.is_string(), "a string");
      need(1, args[1].is_string(), "a string");
      const auto& s = a.get_ref<const std::string&>();
      const auto& p = args[1].get_ref<const std::string&>();
      if (p.size() > s.size()) {
        return false;
      }
      return f == "starts_with" ? s.compare(0, p.size(), p) == 0
                                : s.compare(s.size() - p.size(), p.size(), p) == 0;
    }
    if (f == "join") {
      need(0, a.is_string(), "a string");
      need(1, args[1].is_array() && all_strings(args[1]), "an array of strings");
      std::string out;
      for (std::size_t i = 0; i < args[1].size(); ++i) {
        out += i == 0 ? "" : a.get_ref<const std::string&>();
        out += args[1][i].get_ref<const std::string&>();
      }
      return out;
    }
    if (f == "keys" || f == "values") {
      need(0, a.is_object(), "an object");
      json out = json::array();
      for (const auto& item : a.items()) {
        out.push_back(f == "keys" ? json(item.key()) : item.value());
      }
      return out;
    }
    if (f == "length") {
      need(0, a.is_string() || a.is_array() || a.is_object(), "a string, an array or an object");
      return a.is_string() ? code_points(a.get_ref<const std::string&>()) : a.size();
    }
    if (f == "map") {
      const node& key = expref_at(0);
      need(1, args[1].is_array(), "an array");
      json out = json::array();
      for (const auto& e : args[1]) {
        out.push_back(eval(key, e));
      }
      return out;
    }
    if (f == "max" || f == "min") {
      need(0, a.is_array() && (all_numbers(a) || all_strings(a)),
           "an array of numbers or an array of strings");
      if (a.empty()) {
        return nullptr;
      }
      std::size_t best = 0;
      for (std::size_t i = 1; i < a.size(); ++i) {
        const int c = order(a[i], a[best]);
        if (f == "max" ? c > 0 : c < 0) {
          best = i;
        }
      }
      return a[best];
    }
    if (f == "max_by" || f == "min_by" || f == "sort_by") {
      need(0, a.is_array(), "an array");
      const auto keys = keys_by(n, a, expref_at(1));
      std::vector<std::size_t> order_of(a.size());
      for (std::size_t i = 0; i < a.size(); ++i) {
        order_of[i] = i;
      }
      if (f == "sort_by") {
        std::stable_sort(order_of.begin(), order_of.end(),
                         [&](std::size_t x, std::size_t y) { return order(keys[x], keys[y]) < 0; });
        json out = json::array();
        for (const auto i : order_of) {
          out.push_back(a[i]);
        }
        return out;
      }
      if (a.empty()) {
        return nullptr;
      }
      std::size_t best = 0;
      for (std::size_t i = 1; i < a.size(); ++i) {
        const int c = order(keys[i], keys[best]);
        if (f == "max_by" ? c > 0 : c < 0) {
          best = i;
        }
      }
      return a[best];
    }
    if (f == "merge") {
      json out = json::object();
      for (std::size_t i = 0; i < args.size(); ++i) {
        need(i, args[i].is_object(), "an object");
        for (const auto& item : args[i].items()) {
          out[item.key()] = item.value();
        }
      }
      return out;
    }
    if (f == "not_null") {
      for (std::size_t i = 0; i < args.size(); ++i) {
        if (n.children[i]->type != node::kind::expref && !args[i].is_null()) {
          return args[i];
        }
      }
      return nullptr;
    }
    if (f == "reverse") {
      need(0, a.is_array() || a.is_string(), "an array or a string");
      if (a.is_array()) {
        json out = json::array();
        for (auto it = a.rbegin(); it != a.rend(); ++it) {
          out.push_back(*it);
        }
        return out;
      }
      const auto& s = a.get_ref<const std::string&>();
      std::string out;
      for (std::size_t end = s.size(); end > 0;) {
        std::size_t start = end - 1;
        while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) {
          --start;
        }
        out.append(s, start, end - start);
        end = start;
      }
      return out;
    }
    if (f == "sort") {
      need(0, a.is_array() && (all_numbers(a) || all_strings(a)),
           "an array of numbers or an array of strings");
      std::vector<json> items(a.begin(), a.end());
      std::stable_sort(items.begin(), items.end(),
                       [](const json& x, const json& y) { return order(x, y) < 0; });
      return json(items);
    }
    if (f == "to_array") {
      need(0, true, "a value");
      return a.is_array() ? a : json::array({a});
    }
    if (f == "to_number") {
      need(0, true, "a value");
      if (a.is_number()) {
        return a;
      }
      if (!a.is_string()) {
        return nullptr;
      }
      return to_number(a.get_ref<const std::string&>());
    }
    if (f == "to_string") {
      need(0, true, "a value");
      return a.is_string() ? a : json(a.dump(-1, ' ', true));
    }
    if (f == "type") {
      need(0, true, "a value");
      return type_name(a);
    }
    throw error(error_kind::unknown_function, "unknown function " + f + "()");
  }

  static json to_number(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\n\r");
    const auto last = text.find_last_not_of(" \t\n\r");
    if (first == std::string::npos) {
      return nullptr;
    }
    const std::string t = text.substr(first, last - first + 1);
    std::size_t i = (t[0] == '-' || t[0] == '+') ? 1 : 0;
    bool digits = false;
    bool fraction = false;
    bool exponent = false;
    for (; i < t.size(); ++i) {
      const char c = t[i];
      if (c >= '0' && c <= '9') {
        digits = true;
      } else if (c == '.' && !fraction && !exponent) {
        fraction = true;
      } else if ((c == 'e' || c == 'E') && digits && !exponent) {
        exponent = true;
        digits = false;
        if (i + 1 < t.size() && (t[i + 1] == '-' || t[i + 1] == '+')) {
          ++i;
        }
      } else {
        return nullptr;
      }
    }
    if (!digits) {
      return nullptr;
    }
    if (!fraction && !exponent) {
      errno = 0;
      const long long v = std::strtoll(t.c_str(), nullptr, 10);
      if (errno != ERANGE) {
        return v;
      }
    }
    return std::strtod(t.c_str(), nullptr);
  }
};

} // namespace detail

/// A compiled JMESPath expression: compile once (syntax errors surface before any request is
/// sent), search any number of values.
class expression {
public:
  /// Parses `text`; throws `error` (kind syntax, unsupported, unknown_function or
  /// invalid_arity, with the position) when it is not an expression this evaluator supports.
  static expression compile(std::string_view text) {
    expression e;
    e.tree_ = detail::parser(detail::lexer(text).run()).run();
    return e;
  }
  /// The expression applied to `data`; throws `error` (kind invalid_type) when a function
  /// receives an argument of the wrong type.
  [[nodiscard]] json search(const json& data) const {
    return detail::evaluator{}.eval(*tree_, data);
  }

private:
  std::shared_ptr<const detail::node> tree_;
};

/// compile(`text`).search(`data`).
inline json search(std::string_view text, const json& data) {
  return expression::compile(text).search(data);
}

} // namespace acs_rooms_cli::jmespath
