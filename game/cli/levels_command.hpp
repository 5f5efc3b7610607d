#pragma once
// `midline levels check PATH...`: checks level files and folders the way the
// game loads them, prints `file:line:column: field: message` for each problem, and exits
// non-zero when any level is broken.

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace midline {

class LevelsCommand {
 public:
  explicit LevelsCommand(CLI::App& app);  // adds `levels check` to the program's commands
  bool chosen() const;                    // after parsing: was `levels check` given?
  int run() const;                        // the exit code

 private:
  CLI::App* check_ = nullptr;
  std::vector<std::string> paths_;
};

// The check itself: problems and a summary on `out`; 0 when every level is good.
int check_levels(const std::vector<std::filesystem::path>& paths, std::ostream& out);

}  // namespace midline
