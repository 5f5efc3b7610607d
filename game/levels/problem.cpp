#include "levels/problem.hpp"

namespace midline {

std::string format_problem(const FileProblem& problem) {
  return problem.file + ":" + std::to_string(problem.position.line) + ":" +
         std::to_string(problem.position.column) + ": " + problem.field + ": " + problem.message;
}

namespace {
// "tolerance_deg.rotation" is placed at itself, else at "tolerance_deg", else at line 1.
SourcePosition position_of(std::string field, const FieldPositions& positions) {
  while (true) {
    if (auto found = positions.find(field); found != positions.end()) return found->second;
    const auto dot = field.rfind('.');
    if (dot == std::string::npos) return SourcePosition{};
    field.resize(dot);
  }
}
}  // namespace

std::vector<FileProblem> place_problems(const std::vector<FieldProblem>& problems,
                                        const std::string& file,
                                        const FieldPositions& positions) {
  std::vector<FileProblem> placed;
  placed.reserve(problems.size());
  for (const auto& problem : problems) {
    placed.push_back({file, position_of(problem.field, positions), problem.field, problem.message});
  }
  return placed;
}

}  // namespace midline
