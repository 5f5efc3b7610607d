// Each export is read back: the CSV parsed, the JSON parsed with nlohmann, the PDF checked by
// poppler's pdfinfo and pdftotext.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/export_command.hpp"
#include "export/csv_export.hpp"
#include "export/export_files.hpp"
#include "export/fhir_export.hpp"
#include "export/pdf_report.hpp"
#include "export/read_back.hpp"
#include "storage/synthetic_history.hpp"
#include "storage/temp_dir.hpp"

namespace midline::exporting {
namespace {

namespace fs = std::filesystem;
constexpr storage::WallMs kNow = 1'770'000'000'000;
using namespace read_back;  // read, parse_csv, column, run, have

struct Exports : ::testing::Test {
  testing::TempDir dir;
  std::unique_ptr<storage::SessionStore> store;
  storage::Patient patient;

  void SetUp() override {
    store = std::make_unique<storage::SessionStore>(dir.path() / "data");
    testing::SyntheticHistory history;
    history.days = 12;
    history.session_minutes = 2;
    history.display_name = "Ann \"Annie\" Example, Jr";  // a quote and a comma for the CSV
    patient = testing::write_synthetic_history(*store, history);
    store->add_note({patient.id, std::nullopt, kNow, "physiotherapist", "Ann did well, Monday"});
  }
};

TEST_F(Exports, CsvReadsBackAsTheStoreHasIt) {
  const auto files = export_csv(*store, patient, dir.path() / "csv", false);
  const auto sessions = store->sessions(patient.id);
  EXPECT_EQ(files.size(), 3 + sessions.size());

  const auto rows = parse_csv(read(dir.path() / "csv" / "P-0042-sessions.csv"));
  ASSERT_EQ(rows.size(), 1 + sessions.size());
  const auto& header = rows[0];
  for (size_t r = 1; r < rows.size(); ++r) ASSERT_EQ(rows[r].size(), header.size()) << r;
  const auto& third = rows[3];
  EXPECT_EQ(third[column(header, "session_id")], std::to_string(sessions[2].id));
  EXPECT_EQ(third[column(header, "display_name")], patient.display_name);
  EXPECT_NEAR(std::stod(third[column(header, "practice_min")]), sessions[2].practice_minutes(),
              0.01);
  EXPECT_EQ(third[column(header, "pain_before")], std::to_string(*sessions[2].pain_before));
  EXPECT_NEAR(std::stod(third[column(header, "rotation_left_deg")]),
              sessions[2].indicators->rotation_left_deg, 0.051);
  EXPECT_EQ(third[column(header, "indicator_twstrs_rotation_band")],
            std::to_string(
                storage::twstrs_rotation_band(sessions[2].indicators->max_rotation_deg()).score));

  const auto reps = parse_csv(read(dir.path() / "csv" / "P-0042-repetitions.csv"));
  EXPECT_EQ(reps.size(), 1 + sessions.size() * 3 * 6);

  const auto samples = store->samples(sessions[0].id);
  const auto sample_rows = parse_csv(read(
      dir.path() / "csv" / ("P-0042-session-" + std::to_string(sessions[0].id) + "-samples.csv")));
  ASSERT_EQ(sample_rows.size(), 1 + samples.size());
  int lost_rows = 0;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    if (!samples[i].face_lost) {
      EXPECT_DOUBLE_EQ(std::stod(sample_rows[i + 1][1]), samples[i].rotation_deg);
      continue;
    }
    ++lost_rows;  // no angles for a face not seen (the store keeps placeholders)
    EXPECT_EQ(sample_rows[i + 1][1], "");
    EXPECT_EQ(sample_rows[i + 1][2], "");
    EXPECT_EQ(sample_rows[i + 1][3], "");
    EXPECT_EQ(sample_rows[i + 1][5], "1");
  }
  EXPECT_GT(lost_rows, 0);

  const auto notes = parse_csv(read(dir.path() / "csv" / "P-0042-notes.csv"));
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[1][3], "Ann did well, Monday");
}

TEST_F(Exports, AnAnonymousCsvExportHoldsNoNameOrNoteText) {
  const auto files = export_csv(*store, patient, dir.path() / "csv", true);
  for (const auto& f : files) {
    const std::string text = read(f);
    EXPECT_EQ(text.find("Annie"), std::string::npos) << f;
    EXPECT_EQ(text.find("did well"), std::string::npos) << f;
  }
}

TEST_F(Exports, FhirBundleParsesAndCarriesTheCodesAndUnits) {
  const auto data = storage::load_progress(*store, patient);
  const std::string text = fhir_bundle(*store, patient, false, kNow).dump(2);
  const auto bundle = nlohmann::json::parse(text);
  EXPECT_EQ(bundle["resourceType"], "Bundle");
  EXPECT_EQ(bundle["type"], "collection");

  std::set<std::string> urls;
  std::string patient_url;
  int minutes = 0, pains = 0, degrees = 0;
  for (const auto& entry : bundle["entry"]) {
    const std::string url = entry["fullUrl"];
    EXPECT_EQ(url.rfind("urn:uuid:", 0), 0u);
    EXPECT_TRUE(urls.insert(url).second) << "duplicate " << url;
    const auto& r = entry["resource"];
    if (r["resourceType"] == "Patient") {
      patient_url = url;
      EXPECT_EQ(r["identifier"][0]["value"], "P-0042");
      EXPECT_EQ(r["name"][0]["text"], patient.display_name);
      continue;
    }
    if (r["resourceType"] == "Device" || r["resourceType"] == "Procedure") continue;  // below
    ASSERT_EQ(r["resourceType"], "Observation");
    EXPECT_EQ(r["status"], "final");
    const auto& coding = r["code"]["coding"][0];
    if (coding["system"] == "http://loinc.org" && coding["code"] == "55411-3") {
      ++minutes;
      EXPECT_EQ(r["valueQuantity"]["code"], "min");
      EXPECT_GT(r["valueQuantity"]["value"].get<double>(), 0.0);
    } else if (coding["system"] == "http://loinc.org" && coding["code"] == "72514-3") {
      ++pains;
      EXPECT_TRUE(r["valueInteger"].is_number_integer());
    } else {
      EXPECT_EQ(coding["system"], kMidlineCodeSystem);
      EXPECT_FALSE(r["code"]["text"].get<std::string>().empty());
      if (r.contains("valueQuantity") && r["valueQuantity"]["code"] == "deg") {
        ++degrees;
        EXPECT_EQ(r["valueQuantity"]["system"], "http://unitsofmeasure.org");
      }
    }
  }
  ASSERT_FALSE(patient_url.empty());
  for (const auto& entry : bundle["entry"]) {
    if (entry["resource"]["resourceType"] == "Observation") {
      EXPECT_EQ(entry["resource"]["subject"]["reference"], patient_url);
    }
  }
  EXPECT_EQ(minutes, static_cast<int>(data.sessions.size()));
  EXPECT_EQ(pains, 2 * static_cast<int>(data.sessions.size()));
  EXPECT_GE(degrees, 6 * static_cast<int>(data.sessions.size()));  // six ranges, tremor too

  // The same export again gives the same ids; an anonymous one has no name.
  EXPECT_EQ(fhir_bundle(*store, patient, false, kNow)["entry"][5]["fullUrl"], bundle["entry"][5]["fullUrl"]);
  const std::string anonymous = fhir_bundle(*store, patient, true, kNow).dump();
  EXPECT_EQ(anonymous.find("Annie"), std::string::npos);
  EXPECT_EQ(anonymous.find("\"name\""), std::string::npos);
}

// What a hospital system needs beyond the private codes: the session as SNOMED CT exercise
// therapy of the cervical spine, tiredness and each set's Borg effort as reported, and on every
// Observation the program and its version that measured it.
TEST_F(Exports, FhirBundleCodesTheSessionAndCarriesTirednessEffortAndTheVersion) {
  const auto bundle = fhir_bundle(*store, patient, false, kNow);
  const auto sessions = store->sessions(patient.id);
  const auto snomed = [](const nlohmann::json& codeable, const char* code) {
    for (const auto& c : codeable["coding"]) {
      if (c["system"] == "http://snomed.info/sct" && c["code"] == code) return true;
    }
    return false;
  };
  std::set<std::string> procedures;
  std::string device_url;
  for (const auto& entry : bundle["entry"]) {
    const auto& r = entry["resource"];
    if (r["resourceType"] == "Procedure") {
      procedures.insert(entry["fullUrl"].get<std::string>());
      EXPECT_TRUE(snomed(r["code"], "229065009")) << r.dump(2);
      EXPECT_TRUE(snomed(r["bodySite"][0], "122494005")) << r.dump(2);
    } else if (r["resourceType"] == "Device") {
      device_url = entry["fullUrl"];
      EXPECT_EQ(r["version"][0]["value"], MIDLINE_VERSION);
    }
  }
  EXPECT_EQ(procedures.size(), sessions.size());
  ASSERT_FALSE(device_url.empty()) << "no Device for the program";

  std::multiset<int> tiredness_seen, tiredness_stored;
  std::multiset<double> effort_seen, effort_stored;
  for (const auto& s : sessions) {
    for (const auto level : {s.fatigue_before, s.fatigue_after}) {
      if (level) tiredness_stored.insert(*level);
    }
    for (const auto& set : store->exercises(s.id)) {
      if (set.borg_effort) effort_stored.insert(std::round(*set.borg_effort * 100) / 100);
    }
  }
  ASSERT_FALSE(tiredness_stored.empty());
  ASSERT_FALSE(effort_stored.empty());
  int observations = 0;
  for (const auto& entry : bundle["entry"]) {
    const auto& r = entry["resource"];
    if (r["resourceType"] != "Observation") continue;
    ++observations;
    EXPECT_EQ(r["device"]["reference"], device_url);
    EXPECT_NE(r["device"]["display"].get<std::string>().find(std::string("Midline ") +
                                                             MIDLINE_VERSION),
              std::string::npos);
    EXPECT_EQ(procedures.count(r["partOf"][0]["reference"].get<std::string>()), 1u) << r.dump(2);
    const auto& coding = r["code"]["coding"][0];
    const std::string code = coding["code"];
    if (code == "55411-3") {
      EXPECT_TRUE(snomed(r["bodySite"], "122494005")) << r.dump(2);
    }
    if (code == "tiredness-0-10") {
      EXPECT_EQ(coding["system"], kMidlineCodeSystem);
      tiredness_seen.insert(r["valueInteger"].get<int>());
    }
    if (code == "set-effort-borg-cr10") {
      EXPECT_EQ(coding["system"], kMidlineCodeSystem);
      EXPECT_NE(r["code"]["text"].get<std::string>().find("Borg CR10"), std::string::npos);
      effort_seen.insert(r["valueQuantity"]["value"].get<double>());
    }
  }
  EXPECT_GT(observations, 0);
  EXPECT_EQ(tiredness_seen, tiredness_stored);
  EXPECT_EQ(effort_seen, effort_stored);
}

TEST_F(Exports, ThePdfReportHasFourPagesAndItsLabels) {
  const fs::path pdf = dir.path() / "report.pdf";
  write_progress_report(assemble_report(*store, patient, false, kNow), pdf);
  const std::string bytes = read(pdf);
  ASSERT_GT(bytes.size(), 1000u);
  EXPECT_EQ(bytes.substr(0, 5), "%PDF-");
  if (!have("pdfinfo") || !have("pdftotext")) {
    GTEST_SKIP() << "poppler-utils is not installed: only the PDF header was checked";
  }
  const std::string info = run("pdfinfo '" + pdf.string() + "'");
  const size_t pages_at = info.find("Pages:");
  ASSERT_NE(pages_at, std::string::npos) << info;
  EXPECT_EQ(std::stoi(info.substr(pages_at + 6)), 4) << info;
  EXPECT_NE(info.find("Midline progress report"), std::string::npos) << info;
  const std::string words = run("pdftotext -layout '" + pdf.string() + "' -");
  for (const char* expected :
       {"P-0042", "Annie", "not a clinical rating", "Suggested next session",
        "Range per direction", "BoNT", "Recent sessions", "Felt midline test",
        "Arch Phys Med Rehabil 1991;72:288-291", "without the screen"}) {
    EXPECT_NE(words.find(expected), std::string::npos) << expected;
  }

  const fs::path anonymous = dir.path() / "anonymous.pdf";
  write_progress_report(assemble_report(*store, patient, true, kNow), anonymous);
  const std::string anonymous_words = run("pdftotext '" + anonymous.string() + "' -");
  EXPECT_EQ(anonymous_words.find("Annie"), std::string::npos);
  EXPECT_NE(anonymous_words.find("P-0042"), std::string::npos);
}

// The report is read by the clinician: voluntary range is compared with the normal range (its
// source named), never graded on the TWSTRS severity bands, which grade the involuntary
// posture; the patient is spoken of, not to; a session stopped for fatigue says so.
TEST_F(Exports, ThePdfReportSpeaksToTheClinicianAndKeepsRangeOffTheTwstrsBands) {
  const int64_t tired_session = store->sessions(patient.id).at(1).id;
  storage::Statement(store->database(), "UPDATE sessions SET end_reason = ?1 WHERE id = ?2")
      .bind(1, std::string(to_string(storage::EndReason::stopped_for_fatigue)))
      .bind(2, tired_session)
      .run();
  const fs::path pdf = dir.path() / "report.pdf";
  write_progress_report(assemble_report(*store, patient, false, kNow), pdf);
  if (!have("pdftotext")) GTEST_SKIP() << "poppler-utils is not installed: the PDF was not read";
  const std::string words = run("pdftotext -layout '" + pdf.string() + "' -");
  EXPECT_EQ(words.find("Your"), std::string::npos) << words;
  EXPECT_EQ(words.find(" your "), std::string::npos) << words;
  EXPECT_NE(words.find("textbook normal active range"), std::string::npos) << words;
  EXPECT_NE(words.find("camera measurements"), std::string::npos) << words;
  std::istringstream lines(words);
  int range_rows = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.find("of normal") == std::string::npos) continue;  // a voluntary range row
    EXPECT_EQ(line.find("TWSTRS"), std::string::npos) << line;
    EXPECT_EQ(line.find("moderate"), std::string::npos) << line;
    ++range_rows;
  }
  // These sessions predate the body midline: no resting posture is placed on the bands.
  EXPECT_NE(words.find("Not measured yet"), std::string::npos) << words;
  EXPECT_EQ(range_rows, 3) << words;  // rotation, tilt, flexion / extension

  int fatigue_stops = 0;
  for (const auto& s : store->sessions(patient.id)) {
    fatigue_stops += s.end_reason == storage::EndReason::stopped_for_fatigue;
  }
  ASSERT_GT(fatigue_stops, 0);
  EXPECT_NE(words.find(std::to_string(fatigue_stops) + " stopped for fatigue"), std::string::npos)
      << words;
}

// The resting posture, from the body midline, is what TWSTRS grades: the report places the
// latest one on the rotation and laterocollis bands, labelled as an indicator, and names the
// first one measured so a change shows.
TEST_F(Exports, ThePdfReportPlacesTheRestingPostureOnTheTwstrsBandsAsAnIndicator) {
  const auto sessions = store->sessions(patient.id);
  ASSERT_GE(sessions.size(), 3u);
  auto rest_at = [&](int64_t session, double rotation, double tilt, double flexion) {
    storage::Statement(store->database(),
                       "UPDATE sessions SET angle_reference = 'body_midline', "
                       "resting_rotation_deg = ?1, resting_tilt_deg = ?2, "
                       "resting_flexion_deg = ?3 WHERE id = ?4")
        .bind(1, rotation)
        .bind(2, tilt)
        .bind(3, flexion)
        .bind(4, session)
        .run();
  };
  rest_at(sessions.at(1).id, -52.0, 4.0, 0.0);    // the first measured
  rest_at(sessions.back().id, -30.2, 17.0, 6.0);  // the latest: 30 right, 17 toward the left
  const fs::path pdf = dir.path() / "report.pdf";
  write_progress_report(assemble_report(*store, patient, false, kNow), pdf);
  if (!have("pdftotext")) GTEST_SKIP() << "poppler-utils is not installed: the PDF was not read";
  const std::string words = run("pdftotext -layout '" + pdf.string() + "' -");
  EXPECT_NE(words.find("indicator, not a clinical rating"), std::string::npos) << words;
  EXPECT_NE(words.find("First measured"), std::string::npos) << words;
  EXPECT_NE(words.find("turned 52 deg to the right"), std::string::npos) << words;
  EXPECT_EQ(words.find("Not measured yet"), std::string::npos) << words;
  // Each angle's row, then its band on the next line.
  std::vector<std::string> lines;
  std::istringstream in(words);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  auto row_and_band = [&](const std::string& label) -> std::pair<std::string, std::string> {
    for (size_t i = 0; i + 1 < lines.size(); ++i)
      if (lines[i].find(label) != std::string::npos) return {lines[i], lines[i + 1]};
    ADD_FAILURE() << "no row " << label << " in\n" << words;
    return {};
  };
  const auto [rotation, rotation_band] = row_and_band("Rotation (torticollis)");
  EXPECT_NE(rotation.find("30\u00B0 to the patient's right"), std::string::npos) << rotation;
  EXPECT_NE(rotation_band.find("TWSTRS rotation 2: mild (23-45 deg)"), std::string::npos)
      << rotation_band;
  const auto [tilt, tilt_band] = row_and_band("Tilt (laterocollis)");
  EXPECT_NE(tilt.find("17\u00B0 toward the patient's left shoulder"), std::string::npos) << tilt;
  EXPECT_NE(tilt_band.find("TWSTRS laterocollis 2: moderate (16-35 deg)"), std::string::npos)
      << tilt_band;
  const auto [flexion, flexion_band] = row_and_band("Flexion (antecollis");
  EXPECT_NE(flexion.find("6\u00B0 chin down"), std::string::npos) << flexion;
  EXPECT_NE(flexion_band.find("without degree bands"), std::string::npos) << flexion_band;
}

// A resting posture calibration could only follow roughly says so where the report gives it.
TEST_F(Exports, ThePdfReportSaysARoughRestingPostureIsRough) {
  const auto sessions = store->sessions(patient.id);
  ASSERT_GE(sessions.size(), 3u);
  auto rest_at = [&](int64_t session, double rotation, bool rough) {
    storage::Statement(store->database(),
                       "UPDATE sessions SET angle_reference = 'body_midline', "
                       "resting_rotation_deg = ?1, resting_tilt_deg = 0, "
                       "resting_flexion_deg = 0, resting_posture_rough = ?2 WHERE id = ?3")
        .bind(1, rotation)
        .bind(2, rough)
        .bind(3, session)
        .run();
  };
  rest_at(sessions.at(1).id, -62.0, true);    // the first measured: rough
  rest_at(sessions.back().id, -30.0, false);  // the latest: measured surely
  const fs::path pdf = dir.path() / "report.pdf";
  write_progress_report(assemble_report(*store, patient, false, kNow), pdf);
  if (!have("pdftotext")) GTEST_SKIP() << "poppler-utils is not installed: the PDF was not read";
  std::string words = run("pdftotext '" + pdf.string() + "' -");
  std::replace(words.begin(), words.end(), '\n', ' ');
  EXPECT_NE(words.find("(rough)"), std::string::npos) << words;
  EXPECT_EQ(words.find("That figure is rough"), std::string::npos) << words;

  rest_at(sessions.back().id, -58.0, true);  // the latest rough too
  write_progress_report(assemble_report(*store, patient, false, kNow), pdf);
  words = run("pdftotext '" + pdf.string() + "' -");
  std::replace(words.begin(), words.end(), '\n', ' ');
  EXPECT_NE(words.find("That figure is rough"), std::string::npos) << words;
}

// The resting posture (the involuntary posture a clinician grades) goes into the sessions CSV,
// signed as the samples are, with whether it is rough; and into the FHIR bundle, one
// Observation per axis in deg, saying when it is rough. A session without one has empty cells
// and no such Observation.
TEST_F(Exports, TheCsvAndFhirCarryTheRestingPostureAndWhetherItIsRough) {
  const auto sessions = store->sessions(patient.id);
  ASSERT_GE(sessions.size(), 3u);
  storage::Statement(store->database(),
                     "UPDATE sessions SET resting_rotation_deg = -20, resting_tilt_deg = 0, "
                     "resting_flexion_deg = 0, resting_posture_rough = 0 WHERE id = ?1")
      .bind(1, sessions.at(1).id)
      .run();
  storage::Statement(store->database(),
                     "UPDATE sessions SET resting_rotation_deg = -58.5, resting_tilt_deg = 4, "
                     "resting_flexion_deg = -2, resting_posture_rough = 1 WHERE id = ?1")
      .bind(1, sessions.back().id)
      .run();
  storage::Statement(store->database(),
                     "UPDATE sessions SET resting_rotation_deg = NULL, resting_tilt_deg = NULL, "
                     "resting_flexion_deg = NULL, resting_posture_rough = 0 WHERE id = ?1")
      .bind(1, sessions.front().id)
      .run();

  export_csv(*store, patient, dir.path() / "csv", false);
  const auto rows = parse_csv(read(dir.path() / "csv" / "P-0042-sessions.csv"));
  ASSERT_EQ(rows.size(), sessions.size() + 1);
  auto cell = [&](int64_t session, const std::string& name) {
    for (size_t k = 1; k < rows.size(); ++k)
      if (rows[k][column(rows[0], "session_id")] == std::to_string(session))
        return rows[k][column(rows[0], name)];
    ADD_FAILURE() << "no row for session " << session;
    return std::string();
  };
  EXPECT_EQ(cell(sessions.back().id, "resting_rotation_deg"), "-58.5");
  EXPECT_EQ(cell(sessions.back().id, "resting_tilt_deg"), "4.0");
  EXPECT_EQ(cell(sessions.back().id, "resting_flexion_deg"), "-2.0");
  EXPECT_EQ(cell(sessions.back().id, "resting_posture_rough"), "1");
  EXPECT_EQ(cell(sessions.at(1).id, "resting_posture_rough"), "0");
  EXPECT_EQ(cell(sessions.front().id, "resting_rotation_deg"), "");
  EXPECT_EQ(cell(sessions.front().id, "resting_posture_rough"), "");

  const auto bundle = fhir_bundle(*store, patient, false, kNow);
  int resting = 0, rough = 0;
  std::set<double> rotations;
  for (const auto& entry : bundle["entry"]) {
    const auto& r = entry["resource"];
    if (r["resourceType"] != "Observation") continue;
    const std::string code = r["code"]["coding"][0]["code"];
    if (code.rfind("resting-head-", 0) != 0) continue;
    ++resting;
    EXPECT_EQ(r["valueQuantity"]["code"], "deg");
    const std::string note = r["note"][0]["text"];
    rough += note.find("Rough") != std::string::npos;
    if (code == "resting-head-rotation") rotations.insert(r["valueQuantity"]["value"].get<double>());
  }
  EXPECT_EQ(resting, 6) << "one Observation per axis, for each session with a resting posture";
  EXPECT_EQ(rough, 3) << "the rough one's three say so, the other's do not";
  EXPECT_EQ(rotations, (std::set<double>{-58.5, -20.0}));
}

TEST_F(Exports, TheCommandNamesWhatIsWrong) {
  std::ostringstream out, err;
  cli::ExportOptions options;
  options.data_dir = dir.path() / "data";
  options.patient = "P-9999";
  options.targets[ExportFormat::fhir] = dir.path() / "out.json";
  EXPECT_EQ(cli::run_export(options, kNow, out, err), 1);
  EXPECT_NE(err.str().find("no patient 'P-9999'"), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("Known patients: P-0042 (Ann"), std::string::npos) << err.str();
  EXPECT_FALSE(fs::exists(dir.path() / "out.json"));

  options.patient = "P-0042";
  options.data_dir = dir.path() / "elsewhere";
  err.str("");
  EXPECT_EQ(cli::run_export(options, kNow, out, err), 1);
  EXPECT_NE(err.str().find((dir.path() / "elsewhere" / "midline.db").string()), std::string::npos);
  EXPECT_FALSE(fs::exists(dir.path() / "elsewhere"));  // an export never creates a database

  const fs::path damaged = dir.path() / "damaged";
  fs::create_directories(damaged);
  std::ofstream(damaged / "midline.db") << std::string(4096, 'x');
  options.data_dir = damaged;
  err.str("");
  EXPECT_EQ(cli::run_export(options, kNow, out, err), 1);
  EXPECT_NE(err.str().find((damaged / "midline.db").string()), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("left as it is"), std::string::npos) << err.str();
  EXPECT_EQ(read(damaged / "midline.db"), std::string(4096, 'x'));

  options.data_dir = dir.path() / "data";
  options.targets.clear();
  EXPECT_EQ(cli::run_export(options, kNow, out, err), 2);

  options.targets[ExportFormat::fhir] = dir.path() / "out.json";
  EXPECT_EQ(cli::run_export(options, kNow, out, err), 0) << err.str();

  // By name, when only one patient has it; two of the same name need the id.
  options.patient = patient.display_name;
  EXPECT_EQ(cli::run_export(options, kNow, out, err), 0) << err.str();
  store->add_patient("P-0043", patient.display_name, kNow);
  err.str("");
  EXPECT_EQ(cli::run_export(options, kNow, out, err), 1);
  EXPECT_NE(err.str().find("give the id instead: P-0042 P-0043"), std::string::npos) << err.str();
  EXPECT_NO_THROW(nlohmann::json::parse(read(dir.path() / "out.json")));
  EXPECT_NE(out.str().find("out.json"), std::string::npos);
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(dir)) names.push_back(e.path().string());
  return names;
}

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 0777;
}

TEST_F(Exports, FilesAndTheFoldersMadeForThemAreTheOwnersOnly) {
  std::ostringstream out, err;
  cli::ExportOptions options;
  options.data_dir = dir.path() / "data";
  options.patient = "P-0042";
  options.targets[ExportFormat::csv] = dir.path() / "exports" / "csv";
  options.targets[ExportFormat::report] = dir.path() / "reports" / "2026" / "report.pdf";
  ::umask(022);
  ASSERT_EQ(cli::run_export(options, kNow, out, err), 0) << err.str();
  EXPECT_EQ(mode_of(dir.path() / "exports"), 0700u);
  EXPECT_EQ(mode_of(options.targets[ExportFormat::csv]), 0700u);
  EXPECT_EQ(mode_of(dir.path() / "reports" / "2026"), 0700u);
  EXPECT_EQ(mode_of(options.targets[ExportFormat::report]), 0600u);
  for (const auto& name : names_in(options.targets[ExportFormat::csv])) {
    EXPECT_EQ(mode_of(name), 0600u) << name;
    EXPECT_NE(fs::path(name).filename().string()[0], '.') << "left behind: " << name;
  }
}

TEST_F(Exports, AnExportThatCannotBeWrittenWholeLeavesNoFiles) {
  // Writes fail past 16 KiB, as on a full disk: the samples files do not fit.
  const fs::path csv = dir.path() / "csv";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::signal(SIGXFSZ, SIG_IGN);  // a failed write() instead of a signal
    const rlimit limit{16 * 1024, 16 * 1024};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    std::ostringstream out, err;
    cli::ExportOptions options;
    options.data_dir = dir.path() / "data";
    options.patient = "P-0042";
    options.targets[ExportFormat::csv] = csv;
    const int code = cli::run_export(options, kNow, out, err);
    ::_exit(code == 1 && err.str().find("cannot write") != std::string::npos ? 0 : 10 + code);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the export did not fail with a message naming the file";
  EXPECT_TRUE(names_in(csv).empty()) << "left behind: " << names_in(csv).front();
}

TEST_F(Exports, AReadOnlyBackupCopyCanBeExportedAndIsNotChanged) {
  store.reset();  // the game closed: the log is folded into the file
  const fs::path backup = dir.path() / "backup";
  fs::create_directories(backup);
  fs::copy_file(dir.path() / "data" / "midline.db", backup / "midline.db");
  const std::string before = read(backup / "midline.db");
  const fs::path out_dir = dir.path() / "out";
  fs::create_directories(out_dir);
  // As an account that cannot write the copy or its folder (root writes anything: the test
  // drops to nobody then).
  ::chmod((backup / "midline.db").c_str(), 0444);
  ::chmod(backup.c_str(), 0555);
  ::chmod(dir.path().c_str(), 0755);
  ::chmod(out_dir.c_str(), 0777);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(20);
    std::ostringstream out, err;
    cli::ExportOptions options;
    options.data_dir = backup;
    options.patient = "P-0042";
    options.targets[ExportFormat::fhir] = out_dir / "bundle.json";
    const int code = cli::run_export(options, kNow, out, err);
    if (code != 0) std::fprintf(stderr, "%s", err.str().c_str());
    ::_exit(code);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ::chmod(backup.c_str(), 0700);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(read(backup / "midline.db"), before);
  EXPECT_NO_THROW(nlohmann::json::parse(read(out_dir / "bundle.json")));
}

TEST(ExportFiles, NumbersIgnoreTheLocaleAndFileNamesAreSafe) {
  EXPECT_EQ(number(12.345, 1), "12.3");
  EXPECT_EQ(number(-0.01, 1), "0.0");
  EXPECT_EQ(number(std::optional<double>(), 1), "");
  EXPECT_EQ(file_name_part("P-1/../x y"), "P-1____x_y");
  EXPECT_EQ(iso8601_utc(0), "1970-01-01T00:00:00Z");
}

}  // namespace
}  // namespace midline::exporting
