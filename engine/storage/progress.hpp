#pragma once
// The data behind progress charts: per-session and per-day series over a patient's history,
// and one session's angle trace. A model with no drawing in it: the PDF report and the
// progress screen both draw from it.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "storage/session_figures.hpp"
#include "storage/session_store.hpp"

namespace midline::storage {

struct DayPractice {
  int64_t day = 0;  // local day number (see calendar.hpp)
  double minutes = 0.0;
  int sessions = 0;
};
// Practice per local day, oldest first; days without sessions are left out.
std::vector<DayPractice> practice_per_day(std::span<const SessionRecord> sessions);

// One line (or bar set) on a chart. x is a local day number plus 0.5 (the middle of the day);
// sessions without a value (no check-in, no indicators) are left out.
struct ChartSeries {
  std::string label;
  std::vector<double> x, y;
  bool bars = false;    // draw as bars (per-day totals) rather than a line
  bool dashed = false;  // a "before" line next to its "after" line
  // Parallel to x on charts of angles and zones: the point was measured from the resting
  // posture (sessions kept before the body midline), drawn with its own marker. Empty: none.
  std::vector<bool> from_resting_posture{};
  bool any_from_resting_posture() const;
};

// A band of values to read a chart against (the healthy felt-midline error), with its source.
struct ReferenceBand {
  double low = 0.0, high = 0.0;
  std::string label;  // "healthy adults 3-4.5 deg (Revel et al. 1991)"
};

struct Chart {
  std::string title;
  std::string unit;
  std::vector<ChartSeries> series;
  std::optional<ReferenceBand> reference{};
};

// A botulinum-toxin injection's effect rises over 2-4 weeks and fades by the next one, about
// three months on: charts shade this span after each injection.
inline constexpr double kInjectionEffectDays = 90.0;

struct ProgressCharts {
  double first_day = 0.0, last_day = 0.0;  // the x range every chart shares
  std::vector<double> injection_days;      // botulinum-toxin injections, drawn as markers
  std::vector<Chart> charts;               // in the order they are shown
  // The legend line for points measured from the resting posture ("before 2026-11-30:
  // measured from the resting posture"); empty when every session is from the body midline.
  std::string resting_posture_note;
};

// Whether a session's angles (and so its zones and ranges) were measured from the resting
// posture, as every session kept before the body midline was.
bool from_resting_posture(const SessionRecord& session);
// The legend line for such sessions among `sessions` (oldest first); empty when there are none.
std::string resting_posture_note(std::span<const SessionRecord> sessions);

// Histories longer than this show weekly means instead of one point a session.
inline constexpr double kWeeklyMeansAfterDays = 90.0;

// `figures[k]` are the figures of `sessions[k]` (see session_figures.hpp).
ProgressCharts progress_charts(std::span<const SessionRecord> sessions,
                               std::span<const SessionFigures> figures,
                               std::span<const Injection> injections);

// Everything a report or screen needs of one patient, read in a few queries.
struct ProgressData {
  Patient patient;
  std::vector<SessionRecord> sessions;
  std::vector<SessionFigures> figures;  // one per session, in the same order
  std::vector<Injection> injections;
  std::vector<DayPractice> days;
  ProgressCharts charts;
};
ProgressData load_progress(SessionStore& store, const Patient& patient);
// The same from records read elsewhere (the clinic's copy of a patient's sessions):
// `exercises[k]` are the exercises of `sessions[k]`, each with its repetitions.
ProgressData progress_data(Patient patient, std::vector<SessionRecord> sessions,
                           std::span<const std::vector<ExerciseRecord>> exercises,
                           std::vector<Injection> injections);

// One session's angles over time, thinned to at most `max_points` (every n-th sample) for
// drawing; face-lost samples are left out.
struct AngleTrace {
  std::vector<double> t_s, rotation_deg, tilt_deg, flexion_deg;
};
AngleTrace angle_trace(std::span<const StoredSample> samples, size_t max_points = 2000);
// The trace as a chart: rotation, tilt and flexion in degrees over minutes (x).
Chart angle_trace_chart(const AngleTrace& trace, std::string title);

}  // namespace midline::storage
