#include "export/csv_export.hpp"

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "export/export_files.hpp"
#include "text/utf8.hpp"
#include "storage/indicators.hpp"
#include "storage/session_figures.hpp"

namespace midline::exporting {
namespace {

namespace fs = std::filesystem;
using storage::SessionRecord;

// A cell: a number the program wrote, or text that came from a person or a file.
struct Cell {
  Cell(std::string v) : value(std::move(v)) {}  // NOLINT: numbers and codes
  Cell(const char* v) : value(v) {}             // NOLINT
  std::string value;
  bool quoted = false;  // always in quotes (a guarded formula, as OWASP asks)
};

// Text typed by a person (a name, a note) or read from a file (a level id): made valid UTF-8,
// and guarded against formula injection by OWASP's rule: a cell beginning with =, +, -, @, a
// tab or a carriage return gets a leading ' so a spreadsheet shows it instead of running it.
// Only text cells: a negative angle stays a number.
Cell text_cell(std::string_view value) {
  Cell cell(midline::text::valid_utf8(value));
  if (!cell.value.empty() && std::string_view("=+-@\t\r").find(cell.value[0]) != std::string_view::npos) {
    cell.value.insert(0, 1, '\'');
    cell.quoted = true;
  }
  return cell;
}

std::string field(const Cell& cell) {
  const std::string& v = cell.value;
  if (!cell.quoted && v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (const char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void row(std::string& out, std::initializer_list<Cell> fields) {
  bool first = true;
  for (const auto& f : fields) {
    if (!first) out += ',';
    out += field(f);
    first = false;
  }
  out += "\r\n";  // RFC 4180
}

std::string sessions_csv(const std::vector<SessionRecord>& sessions,
                         const std::vector<storage::SessionFigures>& figures,
                         const storage::Patient& patient, bool anonymous) {
  std::string out;
  row(out, {"session_id",
            "patient",
            "display_name",
            "plan",
            "supervised",
            "started_utc",
            "ended_utc",
            "end_reason",
            "practice_min",
            "paused_min",
            "rested_min",
            "pain_before",
            "pain_after",
            "fatigue_before",
            "fatigue_after",
            "exercises",
            "repetitions",
            "time_in_calm_zone_pct",
            "time_close_to_guide_pct",
            "borg_effort_mean",
            "rotation_left_deg",
            "rotation_right_deg",
            "tilt_left_deg",
            "tilt_right_deg",
            "flexion_deg",
            "extension_deg",
            "longest_steady_hold_s",
            "indicator_twstrs_rotation_band",
            "indicator_twstrs_laterocollis_band",
            "indicator_twstrs_hold_band",
            "tremor_hz",
            "tremor_amplitude_deg",
            "sensory_tricks",
            "angle_reference",
            "time_in_calm_zone_with_scene_pct",
            "time_in_calm_zone_without_scene_pct",
            "felt_midline_error_after_left_deg",
            "felt_midline_error_after_right_deg",
            "resting_rotation_deg",
            "resting_tilt_deg",
            "resting_flexion_deg",
            "resting_posture_rough"});
  for (size_t k = 0; k < sessions.size(); ++k) {
    const SessionRecord& s = sessions[k];
    const storage::SessionFigures& f = figures[k];
    const auto* i = s.indicators ? &*s.indicators : nullptr;
    // Where the head rested at calibration, from the body midline, signed as the samples are.
    const auto& rest = s.reference.resting_posture;
    auto ind = [&](double storage::SessionIndicators::*member) {
      return i ? number(i->*member, 1) : std::string();
    };
    std::string rotation_band, tilt_band, hold_band;  // indicators, not a clinical rating
    if (i) {
      rotation_band = std::to_string(storage::twstrs_rotation_band(i->max_rotation_deg()).score);
      tilt_band = std::to_string(storage::twstrs_laterocollis_band(i->max_tilt_deg()).score);
    }
    if (f.longest_steady_hold_s)
      hold_band = std::to_string(storage::twstrs_neutral_hold_band(*f.longest_steady_hold_s).score);
    row(out, {std::to_string(s.id),
              text_cell(patient.pseudonym),
              text_cell(anonymous ? "" : patient.display_name),
              text_cell(s.plan_key),
              s.supervised ? "1" : "0",
              iso8601_utc(s.started_ms),
              iso8601_utc(s.ended_ms),
              s.end_reason ? std::string(to_string(*s.end_reason)) : "running",
              number(f.practice_minutes, 2),
              number(static_cast<double>(s.paused_ms) / 60000.0, 2),
              number(static_cast<double>(s.rested_ms) / 60000.0, 2),
              number(s.pain_before),
              number(s.pain_after),
              number(s.fatigue_before),
              number(s.fatigue_after),
              std::to_string(s.exercises),
              std::to_string(s.repetitions),
              number(f.calm_zone_percent, 1),
              number(f.close_to_guide_percent, 1),
              number(s.mean_borg_effort, 1),
              ind(&storage::SessionIndicators::rotation_left_deg),
              ind(&storage::SessionIndicators::rotation_right_deg),
              ind(&storage::SessionIndicators::tilt_left_deg),
              ind(&storage::SessionIndicators::tilt_right_deg),
              ind(&storage::SessionIndicators::flexion_deg),
              ind(&storage::SessionIndicators::extension_deg),
              number(f.longest_steady_hold_s, 1),
              rotation_band,
              tilt_band,
              hold_band,
              i ? number(i->tremor_hz, 1) : "",
              i ? number(i->tremor_amplitude_deg, 1) : "",
              i ? std::to_string(i->sensory_trick_count) : "",
              std::string(to_string(s.angle_reference)),
              number(f.calm_zone_by_scene.with_scene_percent, 1),
              number(f.calm_zone_by_scene.without_scene_percent, 1),
              number(f.felt_midline.after_left_deg, 1),
              number(f.felt_midline.after_right_deg, 1),
              rest ? number(rest->rotation_deg, 1) : "",
              rest ? number(rest->tilt_deg, 1) : "",
              rest ? number(rest->flexion_deg, 1) : "",
              rest ? (s.reference.resting_posture_rough ? "1" : "0") : ""});
  }
  return out;
}

std::string repetitions_csv(storage::SessionStore& store,
                            const std::vector<SessionRecord>& sessions) {
  std::string out;
  row(out,
      {"session_id", "exercise", "exercise_type", "level_id", "borg_effort", "repetition",
       "duration_s", "time_in_zone_s", "longest_in_zone_s", "mean_deviation_deg",
       "peak_deviation_deg", "path_error_deg", "tremor_amplitude_deg", "face_lost_pauses",
       "completed", "time_without_scene_s", "time_in_zone_without_scene_s", "felt_midline_side",
       "felt_midline_error_deg"});
  for (const SessionRecord& s : sessions) {
    for (const auto& e : store.exercises(s.id)) {
      int ordinal = 0;
      for (const auto& r : e.repetitions) {
        row(out, {std::to_string(s.id), std::to_string(e.ordinal), text_cell(e.exercise_type),
                  text_cell(e.level_id),
                  number(e.borg_effort, 1), std::to_string(++ordinal), number(r.duration_s, 2),
                  number(r.time_in_zone_s, 2), number(r.longest_in_zone_s, 2),
                  number(r.mean_deviation_deg, 2), number(r.peak_deviation_deg, 2),
                  number(r.path_error_deg, 2), number(r.tremor_amplitude_deg, 2),
                  std::to_string(r.face_lost_pauses), r.completed ? "1" : "0",
                  number(r.unseen_s, 2), number(r.unseen_in_zone_s, 2),
                  r.felt_side ? (*r.felt_side > 0 ? "left" : "right") : "",
                  number(r.felt_error_deg, 1)});
      }
    }
  }
  return out;
}

std::string samples_csv(const std::vector<storage::StoredSample>& samples) {
  std::string out;
  out.reserve(samples.size() * 48);
  row(out, {"t_s", "rotation_deg", "tilt_deg", "flexion_deg", "quality", "face_lost",
            "sensory_trick", "tremor_hz", "tremor_amplitude_deg", "calibrated"});
  for (const auto& s : samples) {
    // A lost face has no angles: empty cells, never the zeros the store keeps in their place
    // (which a spreadsheet would average in as a head at the midline).
    const auto angle = [&s](double degrees) { return s.face_lost ? std::string() : number(degrees, 1); };
    row(out, {number(s.t_s, 3), angle(s.rotation_deg), angle(s.tilt_deg),
              angle(s.flexion_deg), number(s.quality, 2), s.face_lost ? "1" : "0",
              s.sensory_trick ? "1" : "0", number(s.tremor_hz, 1),
              number(s.tremor_amplitude_deg, 1), s.calibrated ? "1" : "0"});
  }
  return out;
}

std::string notes_csv(const std::vector<storage::Note>& notes, bool anonymous) {
  std::string out;
  row(out, {"at_utc", "session_id", "author", "text"});
  for (const auto& n : notes) {
    row(out, {iso8601_utc(n.at_ms), n.session_id ? std::to_string(*n.session_id) : "",
              text_cell(n.author), text_cell(anonymous ? "(left out of an anonymous export)" : n.text)});
  }
  return out;
}

}  // namespace

std::vector<fs::path> export_csv(storage::SessionStore& store, const storage::Patient& patient,
                                 const fs::path& dir, bool anonymous) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error || !fs::is_directory(dir)) {
    throw std::runtime_error("cannot create the folder " + dir.string() + ": " +
                             (error ? error.message() : "a file of that name is in the way"));
  }
  const std::string prefix = file_name_part(patient.pseudonym);
  const auto sessions = store.sessions(patient.id);
  std::vector<storage::SessionFigures> figures;
  for (const SessionRecord& s : sessions)
    figures.push_back(storage::session_figures(storage::stored_activity(store, s)));
  std::vector<fs::path> written;
  auto write = [&](const std::string& name, const std::string& content) {
    write_file(dir / name, content);
    written.push_back(dir / name);
  };
  write(prefix + "-sessions.csv", sessions_csv(sessions, figures, patient, anonymous));
  write(prefix + "-repetitions.csv", repetitions_csv(store, sessions));
  write(prefix + "-notes.csv", notes_csv(store.notes(patient.id), anonymous));
  for (const SessionRecord& s : sessions) {
    write(prefix + "-session-" + std::to_string(s.id) + "-samples.csv",
          samples_csv(store.samples(s.id)));
  }
  return written;
}

}  // namespace midline::exporting
