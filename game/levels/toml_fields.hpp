#pragma once
// Reading level and plan files: typed fields out of TOML, each problem placed at the line
// and column where the field was written (or where it should have been).
// Internal to midline_levels: the only place that includes toml++.

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <toml++/toml.h>
#include <vector>

#include "levels/problem.hpp"

namespace midline {

// `text` as a TOML basic string, quoted and escaped.
std::string toml_string(std::string_view text);
// Writes through a temporary file and a rename, so a crash leaves the old file whole.
// Throws std::runtime_error naming the path when it cannot.
void write_file_safely(const std::filesystem::path& path, const std::string& text);

class TomlFieldReader {
 public:
  explicit TomlFieldReader(std::string file) : file_(std::move(file)) {}

  // The file's text, or nullopt with a problem (cannot be read, too large).
  std::optional<std::string> read_file(const std::filesystem::path& path);
  // The parsed document, or nullopt with a problem naming the line's key as the field.
  std::optional<toml::table> parse(std::string_view text);

  // Each read_* returns nullopt when the key is missing or of the wrong type; a problem is
  // recorded for a wrong type always, and for a missing key when `required`. `field` is the
  // full name ("tolerance_deg.rotation"); `allowed` says in a message what may be written.
  std::optional<std::string> read_string(const toml::table& table, const std::string& field,
                                         bool required, std::string_view allowed);
  std::optional<double> read_number(const toml::table& table, const std::string& field,
                                    bool required, bool whole, std::string_view allowed);
  std::optional<bool> read_bool(const toml::table& table, const std::string& field,
                                bool required, std::string_view allowed);
  const toml::table* read_table(const toml::table& table, const std::string& field,
                                bool required, std::string_view allowed);
  std::optional<std::vector<std::string>> read_string_array(const toml::table& table,
                                                            const std::string& field,
                                                            bool required,
                                                            std::string_view allowed);
  // A problem for each key of `table` (whose name is `prefix`, "" at the top) not in `known`.
  void flag_unknown_keys(const toml::table& table, const std::string& prefix,
                         std::span<const std::string> known);

  void add_problem(const std::string& field, std::string message);
  // The file's problems: those found reading it, then `value_problems` (from checking the
  // values read, e.g. validate_level) placed where their fields were written. Values are
  // checked even when some fields could not be read, so one run shows every problem; a field
  // that already has a problem is not reported twice.
  std::vector<FileProblem> all_problems(const std::vector<FieldProblem>& value_problems) const;
  const std::string& file() const { return file_; }
  const FieldPositions& positions() const { return positions_; }
  const std::vector<FileProblem>& problems() const { return problems_; }

 private:
  const toml::node* find(const toml::table& table, const std::string& field, bool required,
                         std::string_view allowed);
  void wrong_type(const std::string& field, const toml::node& node, std::string_view allowed);

  std::string file_;
  FieldPositions positions_;
  std::vector<FileProblem> problems_;
};

}  // namespace midline
