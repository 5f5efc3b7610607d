#pragma once
// A problem found in a level or plan file, reported as `file:line:column: field: message`.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace midline {

// Level and plan files are a page, not a book; a larger file is refused before parsing.
inline constexpr std::size_t kMaxTomlFileBytes = 64 * 1024;

struct SourcePosition {
  int line = 1;  // 1-based, like editors and compilers count
  int column = 1;
  bool operator==(const SourcePosition&) const = default;
};

// Where each field of one file was written ("hold_s", "tolerance_deg.rotation", ...).
using FieldPositions = std::map<std::string, SourcePosition>;

// A problem with one field, before it is placed in a file (what the safety checks return).
struct FieldProblem {
  std::string field;
  std::string message;  // says what is allowed
  bool operator==(const FieldProblem&) const = default;
};

struct FileProblem {
  std::string file;
  SourcePosition position;
  std::string field;
  std::string message;
};

std::string format_problem(const FileProblem& problem);  // file:line:column: field: message

// Places field problems in a file: at the field's position, or its table's, or line 1.
std::vector<FileProblem> place_problems(const std::vector<FieldProblem>& problems,
                                        const std::string& file,
                                        const FieldPositions& positions);

}  // namespace midline
