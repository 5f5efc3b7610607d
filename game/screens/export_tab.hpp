#pragma once
// The progress screen's "For your clinician" tab: the same exports as `midline export`,
// written into a folder beside the session store, and named on the screen.

#include <filesystem>
#include <string>
#include <vector>

namespace midline {

class ExportTab {
 public:
  ExportTab(std::filesystem::path data_dir, std::string pseudonym);
  void draw();

  // Runs one export into `folder` (created when missing); returns what happened, in words.
  // `kind` is "csv", "report" or "fhir". Used by draw(), and by tests without a window.
  std::string run(const std::string& kind, const std::filesystem::path& folder) const;
  std::filesystem::path default_folder() const;

 private:
  std::filesystem::path data_dir_;
  std::string pseudonym_;
  bool anonymous_ = false;
  std::vector<std::string> results_;
};

}  // namespace midline
