// What people type reaches the exports safely: spreadsheet formulas in names and notes are
// shown, not run (OWASP's CSV rule); broken UTF-8 in the store becomes U+FFFD instead of
// breaking the PDF or the FHIR bundle; right-to-left names read in the right order, and a very
// long name stays on the page. The PDF is read back with poppler's pdftotext.

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <regex>

#include "export/csv_export.hpp"
#include "export/fhir_export.hpp"
#include "export/pdf_report.hpp"
#include "export/read_back.hpp"
#include "storage/synthetic_history.hpp"
#include "storage/temp_dir.hpp"

namespace midline::exporting {
namespace {

namespace fs = std::filesystem;
constexpr storage::WallMs kNow = 1'770'000'000'000;
constexpr double kA4Width = 595.28;
const std::string kFffd = "\xEF\xBF\xBD";

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}


bool have_pdftotext() { return std::system("command -v pdftotext >/dev/null 2>&1") == 0; }

struct ExportText : ::testing::Test {
  testing::TempDir dir;
  std::unique_ptr<storage::SessionStore> store;

  storage::Patient patient_named(const std::string& name) {
    store = std::make_unique<storage::SessionStore>(dir.path() / "data");
    testing::SyntheticHistory history;
    history.days = 3;
    history.session_minutes = 1;
    history.samples_per_second = 5;
    history.display_name = name;
    return testing::write_synthetic_history(*store, history);
  }

  std::string report_text(const storage::Patient& patient, const char* options = "") {
    const fs::path pdf = dir.path() / "report.pdf";
    EXPECT_NO_THROW(write_progress_report(assemble_report(*store, patient, false, kNow), pdf));
    return read_back::run(std::string("pdftotext ") + options + " -f 1 -l 1 '" + pdf.string() + "' -");
  }
};

TEST_F(ExportText, CsvTextCellsThatLookLikeFormulasAreShownNotRun) {
  const auto patient = patient_named("=HYPERLINK(\"http://example.com\",\"x\")");
  store->add_note({patient.id, std::nullopt, kNow, "@physio", "+1 more rep next time"});
  store->add_note({patient.id, std::nullopt, kNow, "-", "\tcmd|' /C calc'!A0"});
  export_csv(*store, patient, dir.path() / "csv", false);

  const std::string sessions = read(dir.path() / "csv" / "P-0042-sessions.csv");
  EXPECT_NE(sessions.find(",\"'=HYPERLINK(\"\"http://example.com\"\",\"\"x\"\")\","),
            std::string::npos)
      << sessions.substr(0, 600);
  const std::string notes = read(dir.path() / "csv" / "P-0042-notes.csv");
  EXPECT_NE(notes.find(",\"'@physio\",\"'+1 more rep next time\"\r\n"), std::string::npos) << notes;
  EXPECT_NE(notes.find(",\"'-\",\"'\tcmd|' /C calc'!A0\"\r\n"), std::string::npos) << notes;
  for (const char* formula : {",=", ",+", ",@", ",\t", ",\"=", ",\"+", ",\"@", ",\"\t", ",\"-"})
    EXPECT_EQ((sessions + notes).find(formula), std::string::npos) << formula;

  // Numbers stay numbers: a negative angle is written bare, not quoted or prefixed.
  const auto sessions_list = store->sessions(patient.id);
  const std::string samples = read(dir.path() / "csv" /
                                   ("P-0042-session-" + std::to_string(sessions_list[0].id) +
                                    "-samples.csv"));
  EXPECT_TRUE(std::regex_search(samples, std::regex(",-[0-9]+\\.[0-9]"))) << samples.substr(0, 400);
  EXPECT_EQ(samples.find("'-"), std::string::npos);
}

TEST_F(ExportText, BrokenUtf8InTheStoreBecomesAReplacementCharacterInFhir) {
  const auto patient = patient_named("Ann\xFF\xFE Exa\xE2\x82mple");
  std::string text;
  ASSERT_NO_THROW(text = fhir_bundle(*store, patient, false, kNow).dump());
  const auto bundle = nlohmann::json::parse(text);
  EXPECT_EQ(bundle["entry"][0]["resource"]["name"][0]["text"],
            "Ann" + kFffd + kFffd + " Exa" + kFffd + "mple");
}

TEST_F(ExportText, BrokenUtf8InTheStoreDoesNotBreakThePdf) {
  const auto patient = patient_named("Ann\xFF Exa\xE2\x82mple");
  store->add_note({patient.id, std::nullopt, kNow, "physio\xC0", "note\xFF"});
  if (!have_pdftotext()) GTEST_SKIP() << "poppler-utils is not installed";
  const std::string words = report_text(patient);
  EXPECT_NE(words.find("Ann" + kFffd + " Exa" + kFffd + "mple"), std::string::npos) << words;
}

TEST_F(ExportText, ARightToLeftNameReadsInItsOwnOrder) {
  const std::string hebrew = "שרה כהן", arabic = "مريم";
  const auto patient = patient_named(hebrew + " " + arabic);
  if (!have_pdftotext()) GTEST_SKIP() << "poppler-utils is not installed";
  const std::string words = report_text(patient);
  // The whole name in the order it was typed: first name, family name, then the Arabic one.
  EXPECT_NE(words.find(hebrew + " " + arabic), std::string::npos) << words.substr(0, 300);
}

TEST_F(ExportText, AFiveThousandCharacterNameStaysOnThePage) {
  std::string name;
  for (int i = 0; name.size() < 5000; ++i) name += "Name" + std::to_string(i) + " ";
  name.resize(5000);
  const auto patient = patient_named(name);
  if (!have_pdftotext()) GTEST_SKIP() << "poppler-utils is not installed";
  const std::string words = report_text(patient);
  EXPECT_NE(words.find("(Name0 Name1 Name2"), std::string::npos) << words.substr(0, 300);
  EXPECT_NE(words.find("Summary"), std::string::npos);  // the page goes on below it

  // Every word of the first page lies within the page.
  const std::string boxes = report_text(patient, "-bbox");
  const std::regex word_box("xMax=\"([0-9.]+)\"");
  int checked = 0;
  for (auto m = std::sregex_iterator(boxes.begin(), boxes.end(), word_box);
       m != std::sregex_iterator(); ++m, ++checked)
    EXPECT_LE(std::stod((*m)[1]), kA4Width) << (*m).str();
  EXPECT_GT(checked, 20);
}

}  // namespace
}  // namespace midline::exporting
