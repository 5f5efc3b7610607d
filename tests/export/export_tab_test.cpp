// The progress screen's export tab: the same files as `midline export`, into the folder it
// names on screen, and a sentence the patient can read for each.

#include "screens/export_tab.hpp"

#include <gtest/gtest.h>

#include "storage/synthetic_history.hpp"
#include "storage/temp_dir.hpp"

namespace midline {
namespace {

TEST(ExportTab, WritesEachExportIntoTheFolderItNames) {
  testing::TempDir dir;
  const auto data = dir.path() / "data";
  storage::Patient patient;
  {
    storage::SessionStore store(data);
    testing::SyntheticHistory history;
    history.days = 5;
    history.session_minutes = 2;
    patient = testing::write_synthetic_history(store, history);
  }
  ExportTab tab(data, patient.pseudonym);
  const auto folder = tab.default_folder();
  EXPECT_EQ(folder, data / "exports" / patient.pseudonym);

  const std::string report = tab.run(exporting::ExportFormat::report, folder);
  EXPECT_TRUE(std::filesystem::exists(folder / "progress-report.pdf")) << report;
  EXPECT_NE(report.find("progress-report.pdf"), std::string::npos) << report;
  EXPECT_EQ(report.find("midline export:"), std::string::npos) << "a program's prefix on screen";

  tab.run(exporting::ExportFormat::fhir, folder);
  EXPECT_TRUE(std::filesystem::exists(folder / "fhir-bundle.json"));
  const std::string csv = tab.run(exporting::ExportFormat::csv, folder);
  EXPECT_TRUE(std::filesystem::is_directory(folder / "csv")) << csv;
  EXPECT_FALSE(std::filesystem::is_empty(folder / "csv"));
}

TEST(ExportTab, SaysWhenThereIsNothingToExport) {
  testing::TempDir dir;
  ExportTab tab(dir.path() / "nothing", "P-0001");
  const std::string said = tab.run(exporting::ExportFormat::report, tab.default_folder());
  EXPECT_NE(said.find("no session database"), std::string::npos) << said;
}

}  // namespace
}  // namespace midline
