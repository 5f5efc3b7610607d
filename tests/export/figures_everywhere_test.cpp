// One recorded session's figures read the same on every surface: the summary at its end, the
// progress screen, the PDF report and the CSV and FHIR exports (issue: a 5 s hold read 5 s,
// 14 s and 44 s; "in the calm zone 100%" read 49-51% in the report).
//
// The session is recorded through the real SessionLog and SessionRecorder into a temporary
// data folder, from a hand-made sequence of head samples played through the real hold rules,
// and hand-made repetitions of a guided movement and a range check.

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>

#include "export/export_service.hpp"
#include "export/read_back.hpp"
#include "exercises/hold_midline.hpp"
#include "game/synthetic_samples.hpp"
#include "pacing/repetition_result.hpp"
#include "session/session_record.hpp"
#include "session/session_log.hpp"
#include "storage/progress.hpp"
#include "storage/temp_dir.hpp"

namespace midline {
namespace {

namespace fs = std::filesystem;
using namespace exporting::read_back;
using midline::testing::kFrameS;

constexpr storage::WallMs kStart = 1'790'000'000'000;

// Plays the session into `log`, moving `clock` (the wall clock) with the game's time.
void play_session(SessionLog& log, storage::WallMs& clock) {
  double t = 0.0;
  auto tick = [&](double dt) {
    t += dt;
    clock = kStart + static_cast<storage::WallMs>(std::llround(t * 1000.0));
  };
  log.begin("Figures", {3, 2});
  tick(20.0);  // camera check and calibration

  // Two holds of 5 s (tolerance 10 deg), 15 s rest. The head stays at the midline in the rest
  // too: a hold that ran on through the rest would read 20 s or more.
  HoldMidlineParams params;
  params.tolerance = {10.0, 10.0, 10.0};
  params.hold_s = 5.0;
  params.repetitions = 2;
  params.rest_between_s = 15.0;
  HoldMidline hold(params);
  log.exercise_started("hold_midline", "find-your-midline");
  double paused_at = 0.0, rest_from = 0.0, attempt_time = 0.0;
  while (hold.phase() != ExercisePhase::done) {
    // The second repetition: 2 s in the zone, 1 s out of view, 1 s turned away, then back.
    const bool second = hold.repetition() == 2 && hold.phase() == ExercisePhase::repetition;
    if (second) attempt_time += kFrameS;
    const bool lost = second && attempt_time > 2.0 && attempt_time <= 3.0;
    const double rotation = second && attempt_time > 3.0 && attempt_time <= 4.0 ? 20.0 : 1.0;
    const HeadSample sample = lost ? testing::lost_at(t) : testing::sample_at(t, {rotation, 0, 0});
    log.sample(sample);
    hold.update(kFrameS, sample);
    for (const ExerciseEvent& e : hold.take_events()) {
      if (e.type == ExerciseEvent::Type::repetition_finished)
        log.repetition_finished(pacing::repetition_result(hold.finished_repetitions().back()));
      if (e.type == ExerciseEvent::Type::paused) paused_at = e.time_s;
      if (e.type == ExerciseEvent::Type::resumed) log.pause_ended("face lost", e.time_s - paused_at);
      if (e.type == ExerciseEvent::Type::rest_started) rest_from = e.time_s;
      if (e.type == ExerciseEvent::Type::repetition_started && e.repetition > 1)
        log.rest_taken(e.time_s - rest_from);
    }
    tick(kFrameS);
  }
  log.exercise_ended(3.0);

  // A guided movement followed loosely (40% and 60% close to the guide), head turned away
  // from the midline, and a range check (no zone): neither is time in the calm zone.
  log.exercise_started("guided_movement", "turn-left");
  for (const double close : {0.4, 0.6}) {
    RepetitionMetrics m;
    m.active_s = 10.0;
    m.time_in_zone_s = 10.0 * close;
    m.longest_in_zone_s = 3.0;
    m.goal_reached = true;
    for (int frame = 0; frame < 300; ++frame) {
      log.sample(testing::sample_at(t, {18.0, 0, 0}));
      tick(kFrameS);
    }
    log.repetition_finished(pacing::repetition_result(m));
  }
  log.exercise_ended(4.0);
  log.exercise_started("range_check", "range");
  RepetitionMetrics range;
  range.active_s = 20.0;
  range.goal_reached = true;
  tick(20.0);
  log.repetition_finished(pacing::repetition_result(range));
  log.exercise_ended();
  tick(10.0);  // the check-out
  log.end({2, 2}, storage::EndReason::finished);
}

// The number in `text` just after `label` (e.g. "Longest steady hold" -> 5).
double number_after(const std::string& text, const std::string& label) {
  const size_t at = text.find(label);
  if (at == std::string::npos) throw std::runtime_error("no '" + label + "' in:\n" + text);
  std::smatch m;
  const std::string rest = text.substr(at + label.size(), 200);
  if (!std::regex_search(rest, m, std::regex(R"(-?[0-9]+(\.[0-9]+)?)")))
    throw std::runtime_error("no number after '" + label + "'");
  return std::stod(m.str());
}

TEST(FiguresEverywhere, OneRecordedSessionReadsTheSameOnEverySurface) {
  testing::TempDir dir;
  const fs::path data = dir.path() / "data";
  storage::WallMs clock = kStart;
  storage::SessionFigures summary;
  std::string summary_words;
  {
    SessionLog log(data, [&clock] { return clock; });
    log.choose_player("Ana");
    play_session(log, clock);
    // The summary screen and the terminal summary read this (flow_screens.cpp, game_app.cpp).
    summary = storage::session_figures(log.activity());
    summary_words = summary_text(SessionOutcome{}, summary);
  }

  // What the figures are, by hand: holds of 5 s (the first, unbroken) and 6.5 s of active time
  // (2 in, 1 turned away, 3.5 in; the second second is a pause, not active).
  ASSERT_TRUE(summary.longest_steady_hold_s && summary.calm_zone_percent &&
              summary.close_to_guide_percent);
  EXPECT_NEAR(*summary.longest_steady_hold_s, 5.0, 0.1);
  EXPECT_NEAR(*summary.calm_zone_percent, 100.0 * 10.5 / 11.5, 1.0);
  EXPECT_NEAR(*summary.close_to_guide_percent, 50.0, 1e-9);
  const double session_s = static_cast<double>(clock - kStart) / 1000.0;
  EXPECT_NEAR(summary.practice_minutes, (session_s - 1.0) / 60.0, 0.001);  // less the pause

  // A session that is not kept is summed up the same way, from the log's records in memory.
  {
    storage::WallMs unkept_clock = kStart;
    SessionLog unkept([&unkept_clock] { return unkept_clock; });
    play_session(unkept, unkept_clock);
    const storage::SessionFigures in_memory = storage::session_figures(unkept.activity());
    EXPECT_EQ(in_memory.longest_steady_hold_s, summary.longest_steady_hold_s);
    EXPECT_EQ(in_memory.calm_zone_percent, summary.calm_zone_percent);
    EXPECT_EQ(in_memory.close_to_guide_percent, summary.close_to_guide_percent);
    EXPECT_DOUBLE_EQ(in_memory.practice_minutes, summary.practice_minutes);
  }

  // The summary's own words say the same.
  EXPECT_NEAR(number_after(summary_words, "longest steady hold:"), *summary.longest_steady_hold_s, 0.5);
  EXPECT_NEAR(number_after(summary_words, "in the calm zone:"), *summary.calm_zone_percent, 0.5);
  EXPECT_NEAR(number_after(summary_words, "practice:"), summary.practice_minutes, 0.05);

  // The progress screen draws from load_progress's figures.
  storage::SessionStore store(data, storage::SessionStore::Mode::inspect);
  const auto patient = store.find_patient("P-0001");
  ASSERT_TRUE(patient);
  const storage::ProgressData progress = storage::load_progress(store, *patient);
  ASSERT_EQ(progress.figures.size(), 1u);
  const storage::SessionFigures& shown = progress.figures[0];
  EXPECT_EQ(shown.longest_steady_hold_s, summary.longest_steady_hold_s);
  EXPECT_EQ(shown.calm_zone_percent, summary.calm_zone_percent);
  EXPECT_EQ(shown.close_to_guide_percent, summary.close_to_guide_percent);
  EXPECT_DOUBLE_EQ(shown.practice_minutes, summary.practice_minutes);
  const auto& hold_chart = progress.charts.charts[1];
  ASSERT_EQ(hold_chart.series[0].y.size(), 1u);
  EXPECT_EQ(hold_chart.series[0].y[0], *summary.longest_steady_hold_s);

  // The exports, written by the export service as `midline export` and the progress tab do.
  exporting::ExportRequest request;
  request.now_ms = clock;
  request.targets = {{exporting::ExportFormat::csv, dir.path() / "csv"},
                     {exporting::ExportFormat::report, dir.path() / "report.pdf"},
                     {exporting::ExportFormat::fhir, dir.path() / "bundle.json"}};
  const auto result = exporting::export_patient(store, *patient, request);
  ASSERT_TRUE(result.ok()) << result.problem->what;

  const auto rows = parse_csv(read(dir.path() / "csv" / "P-0001-sessions.csv"));
  ASSERT_EQ(rows.size(), 2u);
  const auto& header = rows[0];
  const auto& row = rows[1];
  EXPECT_NEAR(std::stod(row[column(header, "longest_steady_hold_s")]),
              *summary.longest_steady_hold_s, 0.051);
  EXPECT_NEAR(std::stod(row[column(header, "time_in_calm_zone_pct")]), *summary.calm_zone_percent,
              0.051);
  EXPECT_NEAR(std::stod(row[column(header, "time_close_to_guide_pct")]),
              *summary.close_to_guide_percent, 0.051);
  EXPECT_NEAR(std::stod(row[column(header, "practice_min")]), summary.practice_minutes, 0.0051);
  EXPECT_EQ(row[column(header, "indicator_twstrs_hold_band")], "4");  // <= 15 s

  const auto bundle = nlohmann::json::parse(read(dir.path() / "bundle.json"));
  int found = 0;
  for (const auto& entry : bundle["entry"]) {
    const auto& r = entry["resource"];
    if (r["resourceType"] != "Observation") continue;
    const std::string code = r["code"]["coding"][0]["code"];
    const double value = r.contains("valueQuantity") ? r["valueQuantity"]["value"].get<double>() : 0;
    std::optional<double> expected;
    if (code == "steady-hold-longest") expected = summary.longest_steady_hold_s;
    if (code == "calm-zone-time") expected = summary.calm_zone_percent;
    if (code == "55411-3") expected = summary.practice_minutes;
    if (!expected) continue;
    ++found;
    EXPECT_NEAR(value, *expected, 0.0051) << code;
  }
  EXPECT_EQ(found, 3) << bundle.dump(2);

  if (!have("pdftotext")) GTEST_SKIP() << "poppler-utils is not installed: the PDF was not read";
  const std::string pdf = run("pdftotext -layout '" + (dir.path() / "report.pdf").string() + "' -");
  EXPECT_NEAR(number_after(pdf, "Longest steady hold"), *summary.longest_steady_hold_s, 0.5);
  EXPECT_NEAR(number_after(pdf, "Time in the calm zone (holds)"), *summary.calm_zone_percent, 0.5);
  // The recent sessions table: started, minutes, pain, fatigue, calm zone, hold, effort, ended.
  const size_t table = pdf.find("Recent sessions");
  ASSERT_NE(table, std::string::npos);
  std::smatch m;
  const std::string rows_text = pdf.substr(table);
  ASSERT_TRUE(std::regex_search(
      rows_text, m,
      std::regex(R"(\d\d:\d\d\s+([0-9.]+)\s+3\s*>\s*2\s+2\s*>\s*2\s+([0-9]+)%\s+([0-9]+)\s)")))
      << rows_text;
  EXPECT_NEAR(std::stod(m[1]), summary.practice_minutes, 0.051);
  EXPECT_NEAR(std::stod(m[2]), *summary.calm_zone_percent, 0.5);
  EXPECT_NEAR(std::stod(m[3]), *summary.longest_steady_hold_s, 0.5);
}

}  // namespace
}  // namespace midline
