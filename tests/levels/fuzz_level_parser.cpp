// libFuzzer target for the level parser: any bytes give a level or problems, never a crash,
// and any level it accepts survives being written and read back unchanged.
// Built by tests/levels/run_fuzz.cmake (clang, -fsanitize=fuzzer,address).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "levels/level_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto result = midline::parse_level(text, "fuzz.toml");
  for (const auto& problem : result.problems) {
    if (problem.position.line < 1 || problem.position.column < 1 || problem.field.empty()) {
      __builtin_trap();  // every problem must name a line and a field
    }
    (void)midline::format_problem(problem);
  }
  if (result.level.has_value() != result.problems.empty()) __builtin_trap();
  if (result.level) {
    const auto again = midline::parse_level(midline::level_to_toml(result.level->level), "again");
    if (!again.level || !(again.level->level == result.level->level)) __builtin_trap();
  }
  return 0;
}
