#pragma once
// The progress screen's "For your clinician" tab: the formats of `midline export`, written by
// the same export service into a folder beside the session store, and named on the screen.

#include <filesystem>
#include <string>
#include <vector>

#include "export/export_service.hpp"

namespace midline {

class ExportTab {
 public:
  ExportTab(std::filesystem::path data_dir, std::string pseudonym);
  void draw();

  // Writes one format into `folder` (created when missing) under its default name; returns
  // what happened, in words for the patient. Used by draw(), and by tests without a window.
  std::string run(exporting::ExportFormat format, const std::filesystem::path& folder) const;
  std::filesystem::path default_folder() const;

 private:
  std::filesystem::path data_dir_;
  std::string pseudonym_;
  bool anonymous_ = false;
  std::vector<std::string> results_;
};

}  // namespace midline
