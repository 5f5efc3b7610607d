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

namespace {

// Sessions sit mid-day on their local day; several on one day share the x.
double session_x(const SessionRecord& s) {
  return static_cast<double>(local_day_number(s.started_ms)) + 0.5;
}

template <typename Value>
ChartSeries per_session(std::span<const SessionRecord> sessions, std::string label, Value value) {
  ChartSeries series{std::move(label), {}, {}};
  for (const auto& s : sessions) {
    const std::optional<double> y = value(s);
    if (!y) continue;
    series.x.push_back(session_x(s));
    series.y.push_back(*y);
  }
  return series;
}

// A series of one of the session figures (session_figures.hpp).
ChartSeries per_session_figure(std::span<const SessionRecord> sessions,
                               std::span<const SessionFigures> figures, std::string label,
                               std::optional<double> SessionFigures::*figure) {
  ChartSeries series{std::move(label), {}, {}};
  for (size_t k = 0; k < sessions.size(); ++k) {
    const std::optional<double> y = figures[k].*figure;
    if (!y) continue;
    series.x.push_back(session_x(sessions[k]));
    series.y.push_back(*y);
  }
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
  std::map<int64_t, std::pair<double, int>> weeks;  // week -> sum, count
  for (size_t i = 0; i < series.x.size(); ++i) {
    auto& [sum, count] = weeks[static_cast<int64_t>((series.x[i] - first_day) / 7.0)];
    sum += series.y[i];
    ++count;
  }
  ChartSeries out{series.label, {}, {}, series.bars, series.dashed};
  for (const auto& [week, total] : weeks) {
    out.x.push_back(first_day + static_cast<double>(week) * 7.0 + 3.5);
    out.y.push_back(total.first / total.second);
  }
  return out;
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
                                           &SessionFigures::longest_steady_hold_s));
  out.charts.push_back(std::move(hold));

  Chart zone{"Time in the calm zone (holds)", "%", {}};
  zone.series.push_back(per_session_figure(sessions, figures, "time in the calm zone",
                                           &SessionFigures::calm_zone_percent));
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
  for (const auto& [label, member] : directions) {
    range.series.push_back(per_session(sessions, label, [member](const SessionRecord& s) {
      return indicator(s, [member](const SessionIndicators& i) { return i.*member; });
    }));
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
