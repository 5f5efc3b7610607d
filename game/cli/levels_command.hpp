#pragma once
// `midline levels check PATH... [--plan FILE]`: checks level files and folders the way the
// game loads them, prints `file:line:column: field: message` for each problem, and exits
// non-zero when any level is broken. With a patient's plan, also checks the plan and its
// levels against that patient (recorded range, the side of the pull).
// `midline levels edit --data-dir DIR [FOLDER]`: the clinician's level editor, behind the PIN.

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
  bool chosen() const;                    // after parsing: was `levels check` or `edit` given?
  int run() const;                        // the exit code

 private:
  CLI::App* check_ = nullptr;
  CLI::App* edit_ = nullptr;
  std::vector<std::string> paths_;
  std::string plan_;
  std::string edit_folder_ = "levels";
  std::string data_dir_;
  double quit_after_s_ = 0.0;
  std::string screenshot_dir_;
};

// The check itself: problems and a summary on `out`; 0 when every level (and the plan, when
// `plan` is not empty) is good.
int check_levels(const std::vector<std::filesystem::path>& paths,
                 const std::filesystem::path& plan, std::ostream& out);

}  // namespace midline
