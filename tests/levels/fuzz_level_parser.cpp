// libFuzzer target for the level and plan parsers: any bytes give a level (or plan) or
// problems, never a crash; every problem names a line and a field; and whatever is accepted
// survives being written and read back unchanged.
// Built by tests/levels/run_fuzz.cmake (clang, -fsanitize=fuzzer,address).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "levels/level_file.hpp"
#include "levels/patient_plan.hpp"

namespace {

template <typename Result>
void check_problems(const Result& result, bool accepted) {
  for (const auto& problem : result.problems) {
    if (problem.position.line < 1 || problem.position.column < 1 || problem.field.empty()) {
      __builtin_trap();
    }
    (void)midline::format_problem(problem);
  }
  if (accepted != result.problems.empty()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const auto level = midline::parse_level(text, "fuzz.toml");
  check_problems(level, level.level.has_value());
  if (level.level) {
    const auto again = midline::parse_level(midline::level_to_toml(level.level->level), "again");
    if (!again.level || !(again.level->level == level.level->level)) __builtin_trap();
  }

  const auto plan = midline::parse_plan(text, "fuzz.toml");
  check_problems(plan, plan.plan.has_value());
  if (plan.plan) {
    const auto again = midline::parse_plan(midline::plan_to_toml(plan.plan->plan), "again");
    if (!again.plan || !(again.plan->plan == plan.plan->plan)) __builtin_trap();
  }
  return 0;
}
