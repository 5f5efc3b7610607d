#include "storage/progress.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>

#include "storage/calendar.hpp"

namespace midline::storage {

std::vector<DayPractice> practice_per_day(std::span<const SessionRecord> sessions) {
  std::map<int64_t, DayPractice> days;
  for (const auto& s : sessions) {
    const int64_t day = local_day_number(s.started_ms);
    DayPractice& d = days[day];
    d.day = day;
    d.minutes += s.practice_minutes();
    ++d.sessions;
  }
  std::vector<DayPractice> out;
  out.reserve(days.size());
  for (auto& [day, practice] : days) out.push_back(practice);
  return out;
}

bool ChartSeries::any_from_resting_posture() const {
  return std::find(from_resting_posture.begin(), from_resting_posture.end(), true) !=
         from_resting_posture.end();
}

bool from_resting_posture(const SessionRecord& session) {
  return session.angle_reference == AngleReference::resting_posture;
}

std::string resting_posture_note(std::span<const SessionRecord> sessions) {
  const auto first_body = std::find_if(sessions.begin(), sessions.end(), [](const SessionRecord& s) {
    return !from_resting_posture(s);
  });
  const bool any_old = std::any_of(sessions.begin(), sessions.end(),
                                   [](const SessionRecord& s) { return from_resting_posture(s); });
  if (!any_old) return {};
  if (first_body == sessions.end()) return "every session here: measured from the resting posture";
  return "before " + day_string(local_day_number(first_body->started_ms)) +
         ": measured from the resting posture";
}

namespace {

// Sessions sit mid-day on their local day; several on one day share the x.
double session_x(const SessionRecord& s) {
  return static_cast<double>(local_day_number(s.started_ms)) + 0.5;
}

// Whether a chart's values depend on what angles are measured from (angles, zones, holds).
enum class Reference { matters, irrelevant };

void add_point(ChartSeries& series, const SessionRecord& s, double y, Reference reference) {
  series.x.push_back(session_x(s));
  series.y.push_back(y);
  if (reference == Reference::matters) series.from_resting_posture.push_back(from_resting_posture(s));
}

void drop_unmarked(ChartSeries& series) {
  if (!series.any_from_resting_posture()) series.from_resting_posture.clear();
}

template <typename Value>
ChartSeries per_session(std::span<const SessionRecord> sessions, std::string label, Value value,
                        Reference reference = Reference::irrelevant) {
  ChartSeries series{std::move(label), {}, {}};
  for (const auto& s : sessions) {
    const std::optional<double> y = value(s);
    if (!y) continue;
    add_point(series, s, *y, reference);
  }
  drop_unmarked(series);
  return series;
}

// A series of one of the session figures (session_figures.hpp).
ChartSeries per_session_figure(std::span<const SessionRecord> sessions,
                               std::span<const SessionFigures> figures, std::string label,
                               auto figure) {
  ChartSeries series{std::move(label), {}, {}};
  for (size_t k = 0; k < sessions.size(); ++k) {
    const std::optional<double> y = figure(figures[k]);
    if (!y) continue;
    add_point(series, sessions[k], *y, Reference::matters);
  }
  drop_unmarked(series);
  return series;
}

template <typename Field>
std::optional<double> indicator(const SessionRecord& s, Field field) {
  if (!s.indicators) return std::nullopt;
  return field(*s.indicators);
}

std::optional<double> as_double(std::optional<int> v) {
  if (!v) return std::nullopt;
  return *v;
}

ChartSeries weekly_means(const ChartSeries& series, double first_day) {
  struct Week {
    double sum = 0.0;
    int count = 0;
    bool from_resting_posture = false;  // a week with any such session is marked as one
  };
  std::map<int64_t, Week> weeks;
  for (size_t i = 0; i < series.x.size(); ++i) {
    Week& week = weeks[static_cast<int64_t>((series.x[i] - first_day) / 7.0)];
    week.sum += series.y[i];
    ++week.count;
    if (i < series.from_resting_posture.size() && series.from_resting_posture[i])
      week.from_resting_posture = true;
  }
  ChartSeries out{series.label, {}, {}, series.bars, series.dashed};
  for (const auto& [number, week] : weeks) {
    out.x.push_back(first_day + static_cast<double>(number) * 7.0 + 3.5);
    out.y.push_back(week.sum / week.count);
    if (!series.from_resting_posture.empty())
      out.from_resting_posture.push_back(week.from_resting_posture);
  }
  return out;
}

// A figure of SessionFigures by its member, for per_session_figure.
auto member(std::optional<double> SessionFigures::*figure) {
  return [figure](const SessionFigures& f) { return f.*figure; };
}

}  // namespace

ProgressCharts progress_charts(std::span<const SessionRecord> sessions,
                               std::span<const SessionFigures> figures,
                               std::span<const Injection> injections) {
  if (figures.size() != sessions.size())
    throw std::invalid_argument("progress_charts: one set of figures per session is needed");
  ProgressCharts out;
  if (!sessions.empty()) {
    out.first_day = static_cast<double>(local_day_number(sessions.front().started_ms));
    out.last_day = static_cast<double>(local_day_number(sessions.back().started_ms)) + 1.0;
  }
  for (const auto& injection : injections) {
    out.injection_days.push_back(static_cast<double>(day_number_from(injection.date)) + 0.5);
  }

  Chart minutes{"Minutes practised per day", "min", {}};
  ChartSeries per_day{"minutes", {}, {}, true};
  for (const auto& d : practice_per_day(sessions)) {
    per_day.x.push_back(static_cast<double>(d.day) + 0.5);
    per_day.y.push_back(d.minutes);
  }
  minutes.series.push_back(std::move(per_day));
  out.charts.push_back(std::move(minutes));

  Chart hold{"Longest steady hold", "s", {}};
  hold.series.push_back(per_session_figure(sessions, figures, "longest steady hold",
                                           member(&SessionFigures::longest_steady_hold_s)));
  out.charts.push_back(std::move(hold));

  Chart zone{"Time in the calm zone (holds)", "%", {}};
  zone.series.push_back(per_session_figure(sessions, figures, "time in the calm zone",
                                           member(&SessionFigures::calm_zone_percent)));
  // Fading feedback: the holds' time while the screen rested, beside the whole.
  ChartSeries unseen = per_session_figure(sessions, figures, "while the screen rested",
                                          [](const SessionFigures& f) {
                                            return f.calm_zone_by_scene.without_scene_percent;
                                          });
  if (!unseen.y.empty()) zone.series.push_back(std::move(unseen));
  out.charts.push_back(std::move(zone));


  Chart range{"Range per direction: largest held excursion", "deg", {}};
  const std::pair<const char*, double SessionIndicators::*> directions[] = {
      {"rotation left", &SessionIndicators::rotation_left_deg},
      {"rotation right", &SessionIndicators::rotation_right_deg},
      {"tilt left", &SessionIndicators::tilt_left_deg},
      {"tilt right", &SessionIndicators::tilt_right_deg},
      {"flexion", &SessionIndicators::flexion_deg},
      {"extension", &SessionIndicators::extension_deg},
  };
  for (const auto& [label, field] : directions) {
    range.series.push_back(per_session(
        sessions, label,
        [field](const SessionRecord& s) {
          return indicator(s, [field](const SessionIndicators& i) { return i.*field; });
        },
        Reference::matters));
  }
  out.charts.push_back(std::move(range));

  Chart symptoms{"Pain and fatigue (0-10), before and after", "0-10", {}};
  symptoms.series.push_back(per_session(
      sessions, "pain before", [](const SessionRecord& s) { return as_double(s.pain_before); }));
  symptoms.series.back().dashed = true;
  symptoms.series.push_back(per_session(
      sessions, "pain after", [](const SessionRecord& s) { return as_double(s.pain_after); }));
  symptoms.series.push_back(per_session(sessions, "fatigue before", [](const SessionRecord& s) {
    return as_double(s.fatigue_before);
  }));
  symptoms.series.back().dashed = true;
  symptoms.series.push_back(per_session(sessions, "fatigue after", [](const SessionRecord& s) {
    return as_double(s.fatigue_after);
  }));
  out.charts.push_back(std::move(symptoms));

  Chart tremor{"Head tremor amplitude", "deg", {}};
  tremor.series.push_back(per_session(sessions, "tremor", [](const SessionRecord& s) {
    return s.indicators ? s.indicators->tremor_amplitude_deg : std::nullopt;
  }));
  out.charts.push_back(std::move(tremor));

  // The felt-midline test, from the body midline, against the healthy adults' error.
  Chart felt{"Felt midline: mean error from the body midline", "deg", {}};
  felt.series.push_back(per_session_figure(sessions, figures, "after turning left",
                                           [](const SessionFigures& f) {
                                             return f.felt_midline.after_left_deg;
                                           }));
  felt.series.push_back(per_session_figure(sessions, figures, "after turning right",
                                           [](const SessionFigures& f) {
                                             return f.felt_midline.after_right_deg;
                                           }));
  felt.reference = ReferenceBand{kFeltMidlineHealthyLowDeg, kFeltMidlineHealthyHighDeg,
                                 "healthy adults 3-4.5 deg (Revel et al. 1991)"};
  out.charts.push_back(std::move(felt));

  out.resting_posture_note = resting_posture_note(sessions);

  // Over months, one point a session is noise: per-session lines become weekly means.
  if (out.last_day - out.first_day > kWeeklyMeansAfterDays) {
    for (Chart& chart : out.charts) {
      bool changed = false;
      for (ChartSeries& series : chart.series) {
        if (series.bars) continue;
        series = weekly_means(series, out.first_day);
        changed = true;
      }
      if (changed) chart.title += " (weekly means)";
    }
  }
  return out;
}

ProgressData progress_data(Patient patient, std::vector<SessionRecord> sessions,
                           std::span<const std::vector<ExerciseRecord>> exercises,
                           std::vector<Injection> injections) {
  if (exercises.size() != sessions.size())
    throw std::invalid_argument("progress_data: one list of exercises per session is needed");
  ProgressData out;
  out.patient = std::move(patient);
  out.sessions = std::move(sessions);
  out.injections = std::move(injections);
  out.figures.reserve(out.sessions.size());
  for (size_t k = 0; k < out.sessions.size(); ++k)
    out.figures.push_back(session_figures({out.sessions[k], exercises[k]}));
  out.days = practice_per_day(out.sessions);
  out.charts = progress_charts(out.sessions, out.figures, out.injections);
  return out;
}

ProgressData load_progress(SessionStore& store, const Patient& patient) {
  std::vector<SessionRecord> sessions = store.sessions(patient.id);
  std::vector<std::vector<ExerciseRecord>> exercises;
  exercises.reserve(sessions.size());
  for (const SessionRecord& s : sessions) exercises.push_back(store.exercises(s.id));
  return progress_data(patient, std::move(sessions), exercises, store.injections(patient.id));
}

AngleTrace angle_trace(std::span<const StoredSample> samples, size_t max_points) {
  AngleTrace out;
  const size_t stride = max_points == 0 ? 1 : std::max<size_t>(1, samples.size() / max_points + 1);
  for (size_t i = 0; i < samples.size(); i += stride) {
    const StoredSample& s = samples[i];
    if (s.face_lost) continue;
    out.t_s.push_back(s.t_s);
    out.rotation_deg.push_back(s.rotation_deg);
    out.tilt_deg.push_back(s.tilt_deg);
    out.flexion_deg.push_back(s.flexion_deg);
  }
  return out;
}

Chart angle_trace_chart(const AngleTrace& trace, std::string title) {
  std::vector<double> minutes(trace.t_s.size());
  std::transform(trace.t_s.begin(), trace.t_s.end(), minutes.begin(),
                 [](double s) { return s / 60.0; });
  Chart chart{std::move(title), "deg", {}};
  chart.series.push_back({"rotation", minutes, trace.rotation_deg});
  chart.series.push_back({"tilt", minutes, trace.tilt_deg});
  chart.series.push_back({"flexion", minutes, trace.flexion_deg});
  return chart;
}

}  // namespace midline::storage
