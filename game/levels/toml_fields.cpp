#include "levels/toml_fields.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace midline {

namespace {

SourcePosition position_of(const toml::source_region& region) {
  if (!region.begin) return SourcePosition{};
  return {static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

std::string_view last_part(const std::string& field) {
  const auto dot = field.rfind('.');
  return dot == std::string::npos ? std::string_view(field) : std::string_view(field).substr(dot + 1);
}

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "text";
    case toml::node_type::integer: return "a whole number";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "true/false";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "a list";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time: return "a date or time";
    default: return "nothing";
  }
}

bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-' || c == '.';
}

// The key written at the start of line `line` of `text` ("hold_s = 5", "[tolerance_deg]"),
// so that a syntax error still names the field it is in; "syntax" when there is none.
std::string key_on_line(std::string_view text, int line) {
  std::size_t start = 0;
  for (int current = 1; current < line && start != std::string_view::npos; ++current) {
    start = text.find('\n', start);
    if (start != std::string_view::npos) ++start;
  }
  if (start == std::string_view::npos || start >= text.size()) return "syntax";
  std::string_view rest = text.substr(start, text.find('\n', start) - start);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t' || rest.front() == '['))
    rest.remove_prefix(1);
  std::size_t length = 0;
  while (length < rest.size() && is_key_char(rest[length])) ++length;
  if (length == 0 || length > 64) return "syntax";
  return std::string(rest.substr(0, length));
}

}  // namespace

std::optional<std::string> TomlFieldReader::read_file(const std::filesystem::path& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) {
    problems_.push_back({file_, {}, "file", "cannot be read: " + error.message()});
    return std::nullopt;
  }
  if (size > kMaxTomlFileBytes) {
    problems_.push_back({file_, {}, "file",
                         "is " + std::to_string(size) + " bytes; a level or plan file may have at most " +
                             std::to_string(kMaxTomlFileBytes) + " bytes"});
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) {
    problems_.push_back({file_, {}, "file", "cannot be read"});
    return std::nullopt;
  }
  return std::move(text).str();
}

std::optional<toml::table> TomlFieldReader::parse(std::string_view text) {
  if (text.size() > kMaxTomlFileBytes) {
    problems_.push_back({file_, {}, "file", "is too large: at most " +
                                                std::to_string(kMaxTomlFileBytes) + " bytes"});
    return std::nullopt;
  }
  try {
    return toml::parse(text, file_);
  } catch (const toml::parse_error& error) {
    const SourcePosition where = position_of(error.source());
    problems_.push_back({file_, where, key_on_line(text, where.line),
                         "is not valid TOML: " + std::string(error.description())});
    return std::nullopt;
  }
}

const toml::node* TomlFieldReader::find(const toml::table& table, const std::string& field,
                                        bool required, std::string_view allowed) {
  const std::string_view key = last_part(field);
  for (const auto& [candidate, node] : table) {
    if (candidate.str() != key) continue;
    positions_[field] = position_of(candidate.source());
    return &node;
  }
  if (required) add_problem(field, "is missing; it " + std::string(allowed));
  return nullptr;
}

void TomlFieldReader::wrong_type(const std::string& field, const toml::node& node,
                                 std::string_view allowed) {
  add_problem(field, "is " + std::string(type_name(node)) + "; it " + std::string(allowed));
}

void TomlFieldReader::add_problem(const std::string& field, std::string message) {
  // A field is placed where it was written, or where its table was, or at line 1.
  auto placed = place_problems({{field, std::move(message)}}, file_, positions_);
  problems_.push_back(std::move(placed.front()));
}

std::vector<FileProblem> TomlFieldReader::all_problems(
    const std::vector<FieldProblem>& value_problems) const {
  std::vector<FileProblem> problems = problems_;
  std::vector<FieldProblem> fresh;
  for (const auto& problem : value_problems) {
    const bool reported = std::any_of(problems_.begin(), problems_.end(), [&problem](const FileProblem& earlier) {
      return earlier.field == problem.field;
    });
    if (!reported) fresh.push_back(problem);
  }
  for (auto& placed : place_problems(fresh, file_, positions_)) problems.push_back(std::move(placed));
  return problems;
}

std::optional<std::string> TomlFieldReader::read_string(const toml::table& table,
                                                        const std::string& field,
                                                        bool required, std::string_view allowed) {
  const toml::node* node = find(table, field, required, allowed);
  if (node == nullptr) return std::nullopt;
  if (const auto* text = node->as_string()) return text->get();
  wrong_type(field, *node, allowed);
  return std::nullopt;
}

std::optional<double> TomlFieldReader::read_number(const toml::table& table,
                                                   const std::string& field, bool required,
                                                   bool whole, std::string_view allowed) {
  const toml::node* node = find(table, field, required, allowed);
  if (node == nullptr) return std::nullopt;
  if (const auto* integer = node->as_integer()) return static_cast<double>(integer->get());
  if (const auto* floating = node->as_floating_point()) {
    const double value = floating->get();
    if (!std::isfinite(value)) {
      add_problem(field, "is not a finite number; it " + std::string(allowed));
      return std::nullopt;
    }
    if (whole && value != std::floor(value)) {
      add_problem(field, "is not a whole number; it " + std::string(allowed));
      return std::nullopt;
    }
    return value;
  }
  wrong_type(field, *node, allowed);
  return std::nullopt;
}

std::optional<bool> TomlFieldReader::read_bool(const toml::table& table, const std::string& field,
                                               bool required, std::string_view allowed) {
  const toml::node* node = find(table, field, required, allowed);
  if (node == nullptr) return std::nullopt;
  if (const auto* flag = node->as_boolean()) return flag->get();
  wrong_type(field, *node, allowed);
  return std::nullopt;
}

const toml::table* TomlFieldReader::read_table(const toml::table& table, const std::string& field,
                                               bool required, std::string_view allowed) {
  const toml::node* node = find(table, field, required, allowed);
  if (node == nullptr) return nullptr;
  if (const auto* inner = node->as_table()) return inner;
  wrong_type(field, *node, allowed);
  return nullptr;
}

std::optional<std::vector<std::string>> TomlFieldReader::read_string_array(
    const toml::table& table, const std::string& field, bool required,
    std::string_view allowed) {
  const toml::node* node = find(table, field, required, allowed);
  if (node == nullptr) return std::nullopt;
  const auto* array = node->as_array();
  if (array == nullptr) {
    wrong_type(field, *node, allowed);
    return std::nullopt;
  }
  std::vector<std::string> items;
  for (const auto& item : *array) {
    const auto* text = item.as_string();
    if (text == nullptr) {
      problems_.push_back({file_, position_of(item.source()), field,
                           "has " + std::string(type_name(item)) + " in it; it " +
                               std::string(allowed)});
      return std::nullopt;
    }
    items.push_back(text->get());
  }
  return items;
}

void TomlFieldReader::flag_unknown_keys(const toml::table& table, const std::string& prefix,
                                        std::span<const std::string> known) {
  for (const auto& [key, node] : table) {
    std::string name(key.str());
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    // A quoted key may be empty or hold any character: name it as written, in quotes.
    const bool bare = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return is_key_char(c) && c != '.';
    });
    if (!bare) name = toml_string(name);
    std::string list;
    for (const auto& candidate : known) list += (list.empty() ? "" : ", ") + candidate;
    const std::string field = prefix.empty() ? name : prefix + "." + name;
    problems_.push_back({file_, position_of(key.source()), field,
                         "is not a known key here (a typo?); known keys: " + list});
  }
}

std::string toml_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

void write_file_safely(const std::filesystem::path& path, const std::string& text) {
  const std::filesystem::path temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw std::runtime_error("cannot write " + temporary.string());
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) throw std::runtime_error("cannot save " + path.string() + ": " + error.message());
}

}  // namespace midline
