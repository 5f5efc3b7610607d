#include "screens/export_tab.hpp"

#include <chrono>
#include <imgui.h>
#include <sstream>

#include "cli/export_command.hpp"
#include "screens/ui.hpp"

namespace midline {

namespace fs = std::filesystem;

ExportTab::ExportTab(fs::path data_dir, std::string pseudonym)
    : data_dir_(std::move(data_dir)), pseudonym_(std::move(pseudonym)) {}

fs::path ExportTab::default_folder() const { return data_dir_ / "exports" / pseudonym_; }

std::string ExportTab::run(const std::string& kind, const fs::path& folder) const {
  cli::ExportOptions options;
  options.data_dir = data_dir_;
  options.patient = pseudonym_;
  options.anonymous = anonymous_;
  if (kind == "csv") options.csv_dir = folder / "csv";
  else if (kind == "report") options.report_pdf = folder / "progress-report.pdf";
  else options.fhir_json = folder / "fhir-bundle.json";
  std::ostringstream out, err;
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const int code = cli::run_export(options, now_ms, out, err);
  std::string said = code == 0 ? out.str() : err.str();
  while (!said.empty() && said.back() == '\n') said.pop_back();
  const std::string prefix = "midline export: ";
  for (size_t at; (at = said.find(prefix)) != std::string::npos;) said.erase(at, prefix.size());
  return said;
}

void ExportTab::draw() {
  ui::text("Files for your physiotherapist or doctor. They stay on this computer, in:", true);
  ui::text(default_folder().string());
  ImGui::Checkbox("Leave out the name", &anonymous_);
  ImGui::Spacing();
  const float width = ImGui::GetFontSize() * 11.0f;
  const struct {
    const char* label;
    const char* kind;
  } buttons[] = {{"Progress report (PDF)", "report"},
                 {"Spreadsheet files (CSV)", "csv"},
                 {"Hospital record (FHIR)", "fhir"}};
  for (const auto& b : buttons) {
    if (ui::big_button(b.label, width)) results_.push_back(run(b.kind, default_folder()));
    ImGui::SameLine();
  }
  ImGui::NewLine();
  for (const auto& r : results_) ui::text(r, true);
}

}  // namespace midline
