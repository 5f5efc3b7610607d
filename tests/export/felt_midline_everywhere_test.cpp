// The felt-midline test as data: a session recorded through the session core, with a scripted
// head that stops at a known offset from the body midline after each turn, keeps each trial's
// error in the store, and the progress charts, the CSV, the FHIR bundle and the PDF report all
// carry that error (with the healthy reference and its source where a person reads it).

#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>

#include "export/export_service.hpp"
#include "export/read_back.hpp"
#include "game/synthetic_samples.hpp"
#include "session/practice_session.hpp"
#include "session/session_log.hpp"
#include "storage/progress.hpp"
#include "storage/temp_dir.hpp"

namespace midline {
namespace {

namespace fs = std::filesystem;
using namespace exporting::read_back;
using midline::testing::kFrameS;

constexpr storage::WallMs kStart = 1'790'000'000'000;
// Where the head stops, from the body midline: 4 deg short after turning left (still 4 deg to
// the left), 6 deg past the middle after turning right (6 deg to the left too).
constexpr double kStopAfterLeftDeg = 4.0;
constexpr double kStopAfterRightDeg = 6.0;

// Plays the felt-midline test: turns well out, comes part of the way back, then stops at the
// trial's offset and keeps still until the stillness says "here".
void play(PracticeSession& session, storage::WallMs& clock) {
  double t = 0.0, returning_s = 0.0;
  for (int frame = 0; frame < 200 * 30 && session.stage() != SessionStage::checking_out; ++frame) {
    if (session.stage() == SessionStage::introducing) session.begin_exercise();
    double rotation = 0.0;
    if (session.stage() == SessionStage::exercising) {
      const auto& felt = static_cast<const FeltMidline&>(*session.exercise());
      if (felt.phase() == ExercisePhase::rest) session.skip_rest();
      const bool returning =
          felt.phase() == ExercisePhase::repetition && felt.stage() == FeltMidline::Stage::returning;
      returning_s = returning ? returning_s + kFrameS : 0.0;
      if (felt.phase() == ExercisePhase::repetition) {
        const int side = felt.side();
        rotation = !returning          ? side * 35.0
                   : returning_s < 0.5 ? side * 10.0
                                       : (side > 0 ? kStopAfterLeftDeg : kStopAfterRightDeg);
      }
    }
    t += kFrameS;
    clock = kStart + static_cast<storage::WallMs>(std::llround(t * 1000.0));
    const HeadSample sample = testing::sample_at(t, {rotation, 0.0, 0.0});
    session.advance(kFrameS, {{sample}, sample});
  }
}

TEST(FeltMidlineEverywhere, TheErrorOfAScriptedHeadIsKeptChartedAndExported) {
  testing::TempDir dir;
  const fs::path data = dir.path() / "data";
  storage::WallMs clock = kStart;
  {
    SessionLog log(data, [&clock] { return clock; });
    log.choose_player("Ana");
    PracticeSession session({{"Where the middle feels", FeltMidlineParams{}}},
                            {.player = "Ana", .plan_name = "felt", .shaping = {}}, log, {2, 2});
    session.start_exercises();
    play(session, clock);
    ASSERT_EQ(session.stage(), SessionStage::checking_out);
    session.check_out(CheckInAnswers{2, 2});
  }

  storage::SessionStore store(data, storage::SessionStore::Mode::inspect);
  const auto patient = store.find_patient("P-0001");
  ASSERT_TRUE(patient);
  const auto sessions = store.sessions(patient->id);
  ASSERT_EQ(sessions.size(), 1u);

  // The store: every trial, its side and exactly where the head stopped.
  const auto exercises = store.exercises(sessions[0].id);
  ASSERT_EQ(exercises.size(), 1u);
  ASSERT_EQ(exercises[0].repetitions.size(), static_cast<size_t>(FeltMidline::kTrials));
  for (size_t k = 0; k < exercises[0].repetitions.size(); ++k) {
    const storage::RepetitionResult& r = exercises[0].repetitions[k];
    const int side = k % 2 == 0 ? 1 : -1;
    EXPECT_EQ(r.felt_side, side) << "trial " << k + 1;
    ASSERT_TRUE(r.felt_error_deg) << "trial " << k + 1;
    EXPECT_NEAR(*r.felt_error_deg, side > 0 ? kStopAfterLeftDeg : kStopAfterRightDeg, 1e-9);
  }

  // The figures and the progress chart over the weeks.
  const storage::ProgressData progress = storage::load_progress(store, *patient);
  const storage::FeltMidlineErrors& felt = progress.figures.at(0).felt_midline;
  ASSERT_TRUE(felt.after_left_deg && felt.after_right_deg);
  EXPECT_NEAR(*felt.after_left_deg, kStopAfterLeftDeg, 1e-9);
  EXPECT_NEAR(*felt.after_right_deg, kStopAfterRightDeg, 1e-9);
  EXPECT_EQ(felt.trials, FeltMidline::kTrials);
  const storage::Chart* chart = nullptr;
  for (const auto& c : progress.charts.charts)
    if (c.title.rfind("Felt midline", 0) == 0) chart = &c;
  ASSERT_NE(chart, nullptr);
  EXPECT_EQ(chart->series.at(0).y, (std::vector<double>{kStopAfterLeftDeg}));
  EXPECT_EQ(chart->series.at(1).y, (std::vector<double>{kStopAfterRightDeg}));

  exporting::ExportRequest request;
  request.now_ms = clock;
  request.targets = {{exporting::ExportFormat::csv, dir.path() / "csv"},
                     {exporting::ExportFormat::report, dir.path() / "report.pdf"},
                     {exporting::ExportFormat::fhir, dir.path() / "bundle.json"}};
  const auto result = exporting::export_patient(store, *patient, request);
  ASSERT_TRUE(result.ok()) << result.problem->what;

  // CSV: each trial in the repetitions, the means in the sessions.
  const auto reps = parse_csv(read(dir.path() / "csv" / "P-0001-repetitions.csv"));
  ASSERT_EQ(reps.size(), 1u + FeltMidline::kTrials);
  for (size_t k = 1; k < reps.size(); ++k) {
    const bool left = k % 2 == 1;
    EXPECT_EQ(reps[k][column(reps[0], "felt_midline_side")], left ? "left" : "right");
    EXPECT_DOUBLE_EQ(std::stod(reps[k][column(reps[0], "felt_midline_error_deg")]),
                     left ? kStopAfterLeftDeg : kStopAfterRightDeg);
  }
  const auto rows = parse_csv(read(dir.path() / "csv" / "P-0001-sessions.csv"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_DOUBLE_EQ(std::stod(rows[1][column(rows[0], "felt_midline_error_after_left_deg")]),
                   kStopAfterLeftDeg);
  EXPECT_DOUBLE_EQ(std::stod(rows[1][column(rows[0], "felt_midline_error_after_right_deg")]),
                   kStopAfterRightDeg);
  EXPECT_EQ(rows[1][column(rows[0], "angle_reference")], "body_midline");

  // FHIR: an Observation per side, in UCUM deg, with the healthy range and its source.
  const auto bundle = nlohmann::json::parse(read(dir.path() / "bundle.json"));
  int found = 0;
  for (const auto& entry : bundle["entry"]) {
    const auto& r = entry["resource"];
    if (r["resourceType"] != "Observation") continue;
    const std::string code = r["code"]["coding"][0]["code"];
    const bool left = code == "felt-midline-error-after-left";
    if (!left && code != "felt-midline-error-after-right") continue;
    ++found;
    EXPECT_DOUBLE_EQ(r["valueQuantity"]["value"].get<double>(),
                     left ? kStopAfterLeftDeg : kStopAfterRightDeg);
    EXPECT_EQ(r["valueQuantity"]["system"], "http://unitsofmeasure.org");
    EXPECT_EQ(r["valueQuantity"]["code"], "deg");
    EXPECT_DOUBLE_EQ(r["referenceRange"][0]["high"]["value"].get<double>(), 4.5);
    EXPECT_NE(r["referenceRange"][0]["text"].get<std::string>().find("Arch Phys Med Rehabil 1991"),
              std::string::npos);
  }
  EXPECT_EQ(found, 2) << bundle.dump(2);

  // The report: the means on its felt-midline page, beside the healthy reference and source.
  if (!have("pdftotext")) GTEST_SKIP() << "poppler-utils is not installed: the PDF was not read";
  const std::string pdf = run("pdftotext -layout '" + (dir.path() / "report.pdf").string() + "' -");
  std::string flat;  // the words with each run of spaces and line breaks as one space
  for (const char c : pdf)
    if (!std::isspace(static_cast<unsigned char>(c)) || (!flat.empty() && flat.back() != ' '))
      flat += std::isspace(static_cast<unsigned char>(c)) ? ' ' : c;
  EXPECT_NE(flat.find("Revel, Andre-Deshays and Minguet, Arch Phys Med Rehabil 1991;72:288-291"),
            std::string::npos)
      << flat;
  EXPECT_NE(flat.find("3-4.5 deg"), std::string::npos) << flat;
  const size_t table = pdf.find("after turning left");
  ASSERT_NE(table, std::string::npos) << pdf;
  EXPECT_NE(pdf.find("4.0 deg", table), std::string::npos) << pdf.substr(table, 400);
  EXPECT_NE(pdf.find("6.0 deg", table), std::string::npos) << pdf.substr(table, 400);
}

}  // namespace
}  // namespace midline
