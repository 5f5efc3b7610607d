#include "levels/toml_text_edit.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "levels/file_seal.hpp"
#include "levels/toml_fields.hpp"

namespace midline {

namespace {

// One `key = value` of a TOML text, with byte offsets into that text.
struct KeyLine {
  std::string table;      // the [table] it sits under ("" at the top)
  std::size_t line_begin;  // where the key's line starts (its indentation included)
  std::size_t value_begin, value_end;
  std::size_t line_end;  // past the line's newline (a trailing comment included)
};

struct ScannedText {
  std::map<std::string, KeyLine> keys;  // by full name: "tolerance_deg.rotation"
  // Where a new key of each table goes: after its last key line, or after its header.
  std::map<std::string, std::size_t> table_end;
  std::vector<std::string> table_order;  // as the headers appear ("" first)
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

// "a . \"b\"" -> "a.b": dotted names with their parts trimmed and unquoted.
std::optional<std::string> normal_name(std::string_view raw) {
  std::string name, part;
  char quote = 0;
  for (const char c : raw) {
    if (quote != 0) {
      if (c == quote) quote = 0; else part += c;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '.') {
      name += trim(part) + ".";
      part.clear();
    } else {
      part += c;
    }
  }
  if (quote != 0) return std::nullopt;
  name += trim(part);
  return name;
}

std::size_t line_end_from(std::string_view text, std::size_t at) {
  const std::size_t newline = text.find('\n', at);
  return newline == std::string_view::npos ? text.size() : newline + 1;
}

// Past the string that starts at `at` (a quote), or npos when it never ends.
std::size_t skip_string(std::string_view text, std::size_t at) {
  const char quote = text[at];
  const std::string_view triple = quote == '"' ? "\"\"\"" : "'''";
  if (text.substr(at, 3) == triple) {
    std::size_t search = at + 3;
    while (true) {
      const std::size_t close = text.find(triple, search);
      if (close == std::string_view::npos) return close;
      if (quote == '"' && text[close - 1] == '\\') { search = close + 1; continue; }
      std::size_t end = close + 3;
      while (end < text.size() && text[end] == quote && end < close + 5) ++end;  // """a"""""
      return end;
    }
  }
  for (std::size_t p = at + 1; p < text.size(); ++p) {
    if (text[p] == '\n') return std::string_view::npos;
    if (quote == '"' && text[p] == '\\') { ++p; continue; }
    if (text[p] == quote) return p + 1;
  }
  return std::string_view::npos;
}

// Past the value that starts at `at`, or npos when it cannot be followed.
std::size_t skip_value(std::string_view text, std::size_t at) {
  if (at >= text.size()) return std::string_view::npos;
  const char first = text[at];
  if (first == '"' || first == '\'') return skip_string(text, at);
  if (first == '[' || first == '{') {
    int depth = 0;
    for (std::size_t p = at; p < text.size();) {
      const char c = text[p];
      if (c == '"' || c == '\'') {
        p = skip_string(text, p);
        if (p == std::string_view::npos) return p;
        continue;
      }
      if (c == '#') { p = line_end_from(text, p); continue; }
      if (c == '[' || c == '{') ++depth;
      if (c == ']' || c == '}') {
        if (--depth == 0) return p + 1;
      }
      ++p;
    }
    return std::string_view::npos;
  }
  std::size_t p = at;
  while (p < text.size() && !is_space(text[p]) && text[p] != '\n' && text[p] != '#' &&
         text[p] != ',') {
    ++p;
  }
  return p == at ? std::string_view::npos : p;
}

std::optional<ScannedText> scan(std::string_view text) {
  ScannedText scanned;
  std::string table;
  scanned.table_order.push_back(table);
  scanned.table_end[table] = 0;
  std::size_t p = 0;
  while (p < text.size()) {
    const std::size_t line_begin = p;
    while (p < text.size() && is_space(text[p])) ++p;
    if (p >= text.size()) break;
    if (text[p] == '\n' || text[p] == '#') {
      p = line_end_from(text, p);
      continue;
    }
    if (text[p] == '[') {  // a table header (an array of tables is not written by Midline)
      if (text.substr(p, 2) == "[[") return std::nullopt;
      const std::size_t close = text.find(']', p);
      if (close == std::string_view::npos) return std::nullopt;
      auto name = normal_name(text.substr(p + 1, close - p - 1));
      if (!name) return std::nullopt;
      table = *name;
      p = line_end_from(text, close);
      if (!scanned.table_end.contains(table)) scanned.table_order.push_back(table);
      scanned.table_end[table] = p;
      continue;
    }
    std::size_t equals = p;
    char quote = 0;
    for (; equals < text.size() && text[equals] != '\n'; ++equals) {
      if (quote != 0) {
        if (text[equals] == quote) quote = 0;
      } else if (text[equals] == '"' || text[equals] == '\'') {
        quote = text[equals];
      } else if (text[equals] == '=') {
        break;
      }
    }
    if (equals >= text.size() || text[equals] != '=') return std::nullopt;
    auto key = normal_name(text.substr(p, equals - p));
    if (!key || key->empty()) return std::nullopt;
    std::size_t value_begin = equals + 1;
    while (value_begin < text.size() && is_space(text[value_begin])) ++value_begin;
    const std::size_t value_end = skip_value(text, value_begin);
    if (value_end == std::string_view::npos) return std::nullopt;
    p = line_end_from(text, value_end);
    const std::string full = table.empty() ? *key : table + "." + *key;
    scanned.keys[full] = KeyLine{table, line_begin, value_begin, value_end, p};
    scanned.table_end[table] = p;
  }
  return scanned;
}

struct TextEdit {
  std::size_t begin, end;  // the span replaced
  std::string text;
  int order;  // edits at the same place keep the order they were made in
};

}  // namespace

std::optional<std::string> carry_changes(std::string_view original, std::string_view old_generated,
                                         std::string_view new_generated) {
  const auto in_file = scan(original);
  const auto before = scan(old_generated);
  const auto after = scan(new_generated);
  if (!in_file || !before || !after) return std::nullopt;
  auto token = [](std::string_view text, const KeyLine& key) {
    return text.substr(key.value_begin, key.value_end - key.value_begin);
  };

  std::vector<TextEdit> edits;
  std::map<std::string, std::string> appended_tables;  // tables the file has no header for
  std::vector<std::string> appended_order;
  for (const auto& table : after->table_order) {  // the generator's order of keys
    for (const auto& [name, key] : after->keys) {
      if (key.table != table) continue;
      const auto was = before->keys.find(name);
      const bool changed = was == before->keys.end() ||
                           token(old_generated, was->second) != token(new_generated, key);
      if (!changed) continue;
      const auto written = in_file->keys.find(name);
      if (written != in_file->keys.end()) {
        edits.push_back({written->second.value_begin, written->second.value_end,
                         std::string(token(new_generated, key)), static_cast<int>(edits.size())});
        continue;
      }
      std::string line(new_generated.substr(key.line_begin, key.line_end - key.line_begin));
      if (line.empty() || line.back() != '\n') line += '\n';
      if (const auto end = in_file->table_end.find(table); end != in_file->table_end.end()) {
        std::size_t at = end->second;
        if (at > 0 && original[at - 1] != '\n') line.insert(line.begin(), '\n');
        edits.push_back({at, at, line, static_cast<int>(edits.size())});
      } else {
        if (!appended_tables.contains(table)) appended_order.push_back(table);
        appended_tables[table] += line;
      }
    }
  }
  for (const auto& [name, key] : before->keys) {
    if (after->keys.contains(name)) continue;
    if (const auto written = in_file->keys.find(name); written != in_file->keys.end()) {
      edits.push_back({written->second.line_begin, written->second.line_end, {},
                       static_cast<int>(edits.size())});
    }
  }
  std::sort(edits.begin(), edits.end(), [](const TextEdit& a, const TextEdit& b) {
    return a.begin != b.begin ? a.begin > b.begin : a.order > b.order;
  });
  std::string text(original);
  for (const auto& edit : edits) text.replace(edit.begin, edit.end - edit.begin, edit.text);
  for (const auto& table : appended_order) {
    if (!text.empty() && text.back() != '\n') text += '\n';
    text += "\n[" + table + "]\n" + appended_tables[table];
  }
  return text;
}

std::string edited_text(std::string_view original, const EditedFile& edited) {
  if (const auto old_generated = edited.generated_from(original)) {
    if (auto carried = carry_changes(original, *old_generated, edited.generated);
        carried && edited.holds_value(*carried)) {
      return std::move(*carried);
    }
  }
  return edited.generated;
}

void save_edited_file(const std::filesystem::path& path, const EditedFile& edited,
                      const ClinicianKey* seal_with) {
  std::string text = edited.generated;
  std::error_code error;
  if (std::filesystem::is_regular_file(path, error)) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream read;
    read << in.rdbuf();
    text = edited_text(without_seal(read.str()), edited);
  }
  if (seal_with != nullptr) text = with_seal(std::move(text), path.filename().string(), *seal_with);
  write_file_safely(path, text);
}

}  // namespace midline
