#include "screens/export_tab.hpp"

#include <algorithm>
#include <utility>

#include <imgui.h>

#include "screens/ui.hpp"
#include "storage/calendar.hpp"

namespace midline {

namespace fs = std::filesystem;

ExportTab::ExportTab(fs::path data_dir, std::string pseudonym)
    : data_dir_(std::move(data_dir)), pseudonym_(std::move(pseudonym)) {}

fs::path ExportTab::default_folder() const { return data_dir_ / "exports" / pseudonym_; }

std::string ExportTab::run(exporting::ExportFormat format, const fs::path& folder) const {
  exporting::ExportRequest request;
  request.targets = {{format, folder / exporting::format_info(format).default_name}};
  request.anonymous = anonymous_;
  request.now_ms = storage::wall_clock_ms();
  const exporting::ExportResult result = exporting::export_patient(data_dir_, pseudonym_, request);
  std::string said;
  for (const auto& file : result.written) said += exporting::said(file, result.pseudonym);
  if (result.problem) {
    said = "Nothing was written: " + result.problem->what + ".";
    if (result.problem->kind == exporting::ExportProblem::Kind::damaged_store)
      said += " The file was left as it is; your clinician can copy out what is still readable "
              "with `midline recover`.";
  }
  return said;
}

void ExportTab::draw() {
  ui::text("Files for your physiotherapist or doctor. They stay on this computer, in:", true);
  ui::text(default_folder().string());
  ImGui::Checkbox("Leave out the name", &anonymous_);
  ImGui::Spacing();
  const float width = std::min(ImGui::GetFontSize() * 11.0f, ImGui::GetContentRegionAvail().x);
  bool first = true;
  for (const auto& format : exporting::export_formats()) {  // a row that wraps at large text
    if (!std::exchange(first, false)) ui::same_line_if_fits(width, ImGui::GetStyle().ItemSpacing.x);
    if (ui::big_button(format.label, width)) results_.push_back(run(format.format, default_folder()));
  }
  for (const auto& r : results_) ui::text(r, true);
}

}  // namespace midline
