#include "export/pdf_report.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <memory>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "export/export_files.hpp"
#include "pose/posture_words.hpp"
#include "storage/calendar.hpp"
#include "storage/chart_scale.hpp"
#include "storage/indicators.hpp"
#include "text/utf8.hpp"

namespace midline::exporting {

ReportInput assemble_report(storage::ProgressData data, bool anonymous, storage::WallMs now_ms) {
  ReportInput in;
  in.data = std::move(data);
  in.anonymous = anonymous;
  in.generated_ms = now_ms;
  in.next_session =
      pacing::suggest_next_session_length(in.data.sessions, storage::local_day_number(now_ms));
  return in;
}

ReportInput assemble_report(storage::SessionStore& store, const storage::Patient& patient,
                            bool anonymous, storage::WallMs now_ms) {
  ReportInput in = assemble_report(storage::load_progress(store, patient), anonymous, now_ms);
  for (auto s = in.data.sessions.rbegin(); s != in.data.sessions.rend(); ++s) {
    auto samples = store.samples(s->id);
    if (samples.empty()) continue;
    in.traced_session_id = s->id;
    in.trace = storage::angle_trace(samples, 1500);
    break;
  }
  return in;
}

namespace {

// ---- page geometry and drawing helpers -------------------------------------------------------

constexpr double kPageWidth = 595.28;  // A4 in points
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 48.0;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr const char* kFont = "DejaVu Sans";

struct Rgb {
  double r, g, b;
};
// Okabe-Ito: told apart with the common colour-vision deficiencies, and in grey print.
constexpr Rgb kPalette[] = {{0.00, 0.45, 0.70}, {0.84, 0.37, 0.00}, {0.00, 0.62, 0.45},
                            {0.80, 0.47, 0.65}, {0.90, 0.62, 0.00}, {0.34, 0.71, 0.91}};
constexpr Rgb kInk{0.10, 0.10, 0.12};
constexpr Rgb kMuted{0.42, 0.42, 0.46};
constexpr Rgb kRule{0.82, 0.82, 0.85};
constexpr Rgb kInjection{0.45, 0.20, 0.55};

void colour(cairo_t* cr, Rgb c) {
  cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

// Text is laid out by Pango: right-to-left names read right, Arabic letters join, scripts
// DejaVu lacks come from another installed font, and a long name is cut with an ellipsis
// instead of running off the page. The font in use is kept on the cairo context.
const cairo_user_data_key_t kFontKey{};

void font(cairo_t* cr, double size, bool bold = false, bool italic = false) {
  PangoFontDescription* description = pango_font_description_new();
  pango_font_description_set_family(description, kFont);
  pango_font_description_set_absolute_size(description, size * PANGO_SCALE);
  pango_font_description_set_weight(description, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style(description, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  cairo_set_user_data(cr, &kFontKey, description, [](void* d) {
    pango_font_description_free(static_cast<PangoFontDescription*>(d));
  });
}

using Layout = std::unique_ptr<PangoLayout, decltype(&g_object_unref)>;

// One paragraph of `s` (made valid UTF-8: a stored name may hold broken bytes), wrapped at
// `width` points when `width` > 0, or cut with an ellipsis when `ellipsize` is also set.
Layout layout(cairo_t* cr, const std::string& s, double width = 0, bool ellipsize = false) {
  Layout l(pango_cairo_create_layout(cr), &g_object_unref);
  const std::string valid = text::valid_utf8(s);
  pango_layout_set_text(l.get(), valid.c_str(), static_cast<int>(valid.size()));
  pango_layout_set_font_description(
      l.get(), static_cast<const PangoFontDescription*>(cairo_get_user_data(cr, &kFontKey)));
  if (width > 0) {
    pango_layout_set_width(l.get(), static_cast<int>(width * PANGO_SCALE));
    if (ellipsize) {
      pango_layout_set_single_paragraph_mode(l.get(), true);
      pango_layout_set_ellipsize(l.get(), PANGO_ELLIPSIZE_END);
    } else {
      pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);  // a word wider than the page breaks
    }
  }
  return l;
}

double line_width(PangoLayoutLine* line) {
  PangoRectangle logical;
  pango_layout_line_get_extents(line, nullptr, &logical);
  return static_cast<double>(logical.width) / PANGO_SCALE;
}

double text_width(cairo_t* cr, const std::string& text) {
  const Layout l = layout(cr, text);
  return line_width(pango_layout_get_line_readonly(l.get(), 0));
}

enum class Align { left, centre, right };
// One line with its baseline at `y`; at most `max_width` wide (cut with an ellipsis) when given.
void text(cairo_t* cr, double x, double y, const std::string& s, Align align = Align::left,
          double max_width = 0) {
  const Layout l = layout(cr, s, max_width, true);
  PangoLayoutLine* line = pango_layout_get_line_readonly(l.get(), 0);
  const double w = line_width(line);
  cairo_move_to(cr, align == Align::left ? x : align == Align::centre ? x - w / 2 : x - w, y);
  pango_cairo_show_layout_line(cr, line);
}

// Writes `s` within `width`, breaking between words (within a word too long for a line);
// returns the y below the last line.
double paragraph(cairo_t* cr, double x, double y, double width, const std::string& s,
                 double line_height) {
  const Layout l = layout(cr, s, width);
  for (int i = 0, n = pango_layout_get_line_count(l.get()); i < n; ++i) {
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(l.get(), i));
    y += line_height;
  }
  return y;
}

void hline(cairo_t* cr, double x0, double x1, double y, Rgb c, double width = 0.6) {
  colour(cr, c);
  cairo_set_line_width(cr, width);
  cairo_move_to(cr, x0, y);
  cairo_line_to(cr, x1, y);
  cairo_stroke(cr);
}

// How a session ended, in words, from the reason as the store names it (to_string): a reason
// added later reads as stored, underscores as spaces.
std::string ending_words(storage::EndReason reason) {
  static constexpr std::pair<std::string_view, std::string_view> kWords[] = {
      {"finished", "finished"},
      {"stopped_by_patient", "stopped by the patient"},
      {"stopped_for_fatigue", "stopped for fatigue"},
      {"stopped_by_clinician", "stopped by the clinician"},
      {"stopped_for_pain", "stopped for pain"},
      {"stopped_for_technical", "stopped for a technical problem"},
      {"interrupted", "interrupted"},
  };
  const std::string_view code = to_string(reason);
  for (const auto& [stored, words] : kWords) {
    if (code == stored) return std::string(words);
  }
  std::string out(code);  // default: a reason this table does not know yet
  for (char& c : out) c = c == '_' ? ' ' : c;
  return out;
}

// The report is read by the clinician: a sentence written for the patient (pacing's reason)
// speaks of the patient instead.
std::string about_the_patient(const std::string& sentence) {
  std::string out = std::regex_replace(sentence, std::regex(R"(\bYour\b)"), "The patient's");
  out = std::regex_replace(out, std::regex(R"(\byour\b)"), "the patient's");
  out = std::regex_replace(out, std::regex(R"(\bYou\b)"), "The patient");
  return std::regex_replace(out, std::regex(R"(\byou\b)"), "the patient");
}

// Textbook normal active range of the neck in healthy adults, each way (shared CLINICAL.md,
// "Measuring"). Voluntary range is compared with these, never with the TWSTRS bands, which
// grade the involuntary posture.
constexpr double kNormalFlexionDeg = 50, kNormalExtensionDeg = 80, kNormalLateralFlexionDeg = 45,
                 kNormalRotationDeg = 80;
constexpr const char* kNormalRangeSource =
    "Normal: the textbook normal active range of the neck in healthy adults (flexion 50, "
    "extension 80, lateral flexion 45, rotation 80 deg each way). It falls with age and varies "
    "by 12-20 deg from day to day even in healthy people; in cervical dystonia range is 12-21% "
    "lower.";

// ---- charts ----------------------------------------------------------------------------------

constexpr Rgb kReferenceBand{0.82, 0.93, 0.88};

// Under a chart's title, on its right: what a hollow square means (sessions measured from the
// resting posture) and what a shaded band is, each when the chart has one.
void reference_legend(cairo_t* cr, double x, double& y, double w, double& h,
                      const storage::Chart& chart, const std::string& resting_posture_note) {
  bool any_old = false;
  for (const auto& s : chart.series) any_old = any_old || s.any_from_resting_posture();
  std::vector<std::string> lines;
  if (any_old && !resting_posture_note.empty()) lines.push_back(resting_posture_note);
  if (chart.reference) lines.push_back(chart.reference->label);
  font(cr, 7);
  for (size_t i = 0; i < lines.size(); ++i) {
    const double line_y = y + 22 + 9.0 * static_cast<double>(i);
    const double width = text_width(cr, lines[i]);
    const double at = x + w - width;
    const bool square = any_old && i == 0 && !resting_posture_note.empty();
    colour(cr, square ? kMuted : kReferenceBand);
    if (square) {
      cairo_set_line_width(cr, 0.8);
      cairo_rectangle(cr, at - 9, line_y - 5.5, 4.4, 4.4);
      cairo_stroke(cr);
    } else {
      cairo_rectangle(cr, at - 11, line_y - 6, 8, 6);
      cairo_fill(cr);
    }
    colour(cr, kMuted);
    text(cr, at, line_y, lines[i]);
  }
  const double used = 9.0 * static_cast<double>(lines.size());
  y += used;
  h -= used;
}

// Points measured from the resting posture (sessions kept before the body midline) are drawn
// as hollow squares and named on a legend line by `resting_posture_note`; a chart's
// reference band (the healthy felt-midline error) is shaded and named with its source.
void draw_chart(cairo_t* cr, double x, double y, double w, double h, const storage::Chart& chart,
                const storage::AxisScale& axis, const std::vector<double>& markers,
                const std::string& resting_posture_note = {}) {
  // Title, and a legend beside it, or below it when there is no room.
  colour(cr, kInk);
  font(cr, 10, true);
  text(cr, x, y + 10, chart.title);
  const double title_width = text_width(cr, chart.title);
  font(cr, 7.5);
  double legend_width = 0;
  if (chart.series.size() > 1) {
    for (const auto& s : chart.series) legend_width += text_width(cr, s.label) + 18;
  }
  const bool legend_below = title_width + 16 + legend_width > w;
  const double legend_y = legend_below ? y + 22 : y + 10;
  double legend_x = x + w;
  for (size_t i = chart.series.size(); legend_width > 0 && i-- > 0;) {
    const std::string& label = chart.series[i].label;
    legend_x -= text_width(cr, label) + 18;
    colour(cr, kPalette[i % 6]);
    cairo_rectangle(cr, legend_x, legend_y - 6, 10, 6);
    cairo_fill(cr);
    colour(cr, kMuted);
    text(cr, legend_x + 13, legend_y, label);
  }
  if (legend_below) y += 12, h -= 12;
  reference_legend(cr, x, y, w, h, chart, resting_posture_note);

  const double left = x + 34, right = x + w, top = y + 20, bottom = y + h - 14;
  bool any = false;
  for (const auto& s : chart.series) any = any || !s.y.empty();
  const storage::AxisScale values = storage::value_scale(chart);
  auto px = [&](double v) { return left + axis.position(v) * (right - left); };
  auto py = [&](double v) { return bottom - values.position(v) * (bottom - top); };

  // Grid and axes.
  font(cr, 7);
  for (const auto& tick : values.ticks) {
    hline(cr, left, right, py(tick.at), kRule, 0.4);
    colour(cr, kMuted);
    text(cr, left - 4, py(tick.at) + 2.5, tick.label, Align::right);
  }
  colour(cr, kMuted);
  cairo_save(cr);
  cairo_translate(cr, x + 6, (top + bottom) / 2);
  cairo_rotate(cr, -M_PI / 2);
  text(cr, 0, 0, chart.unit, Align::centre);
  cairo_restore(cr);
  for (const auto& tick : any ? axis.ticks : std::vector<storage::Tick>{}) {
    colour(cr, kMuted);
    text(cr, px(tick.at), bottom + 10, tick.label, Align::centre);
    cairo_set_line_width(cr, 0.4);
    cairo_move_to(cr, px(tick.at), bottom);
    cairo_line_to(cr, px(tick.at), bottom + 3);
    cairo_stroke(cr);
  }
  hline(cr, left, right, bottom, kMuted, 0.6);

  // Injections: their effect rises and fades over about three months.
  for (double m : markers) {
    if (m + storage::kInjectionEffectDays < axis.min || m > axis.max) continue;
    const double from = px(std::max(m, axis.min));
    const double to = px(std::min(m + storage::kInjectionEffectDays, axis.max));
    cairo_set_source_rgba(cr, kInjection.r, kInjection.g, kInjection.b, 0.06);
    cairo_rectangle(cr, from, top, to - from, bottom - top);
    cairo_fill(cr);
    if (m < axis.min) continue;
    colour(cr, kInjection);
    cairo_set_line_width(cr, 0.8);
    const double dash[] = {3, 2};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, px(m), top);
    cairo_line_to(cr, px(m), bottom);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    font(cr, 6.5, true);
    text(cr, px(m) + 2, top + 6, "BoNT");
  }

  if (!any) {
    colour(cr, kMuted);
    font(cr, 8, false, true);
    text(cr, (left + right) / 2, (top + bottom) / 2, "no data yet", Align::centre);
    return;
  }

  cairo_save(cr);
  cairo_rectangle(cr, left, top - 2, right - left, bottom - top + 2);
  cairo_clip(cr);
  if (chart.reference) {
    colour(cr, kReferenceBand);
    cairo_rectangle(cr, left, py(chart.reference->high), right - left,
                    py(chart.reference->low) - py(chart.reference->high));
    cairo_fill(cr);
  }
  for (size_t i = 0; i < chart.series.size(); ++i) {
    const auto& s = chart.series[i];
    colour(cr, kPalette[i % 6]);
    if (s.bars) {
      const double bar = std::max(1.0, (px(axis.min + 1) - px(axis.min)) * 0.7);
      for (size_t k = 0; k < s.x.size(); ++k) {
        cairo_rectangle(cr, px(s.x[k]) - bar / 2, py(s.y[k]), bar, py(values.min) - py(s.y[k]));
      }
      cairo_fill(cr);
      continue;
    }
    cairo_set_line_width(cr, s.x.size() > 400 ? 0.6 : 1.2);
    const double dash[] = {3.5, 2};
    if (s.dashed) cairo_set_dash(cr, dash, 2, 0);
    for (size_t k = 0; k < s.x.size(); ++k) {
      if (k == 0) {
        cairo_move_to(cr, px(s.x[k]), py(s.y[k]));
      } else {
        cairo_line_to(cr, px(s.x[k]), py(s.y[k]));
      }
    }
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    for (size_t k = 0; k < s.x.size(); ++k) {
      if (k < s.from_resting_posture.size() && s.from_resting_posture[k]) {
        // Always marked, however many points: measured from another reference.
        cairo_set_line_width(cr, 0.8);
        cairo_rectangle(cr, px(s.x[k]) - 2.2, py(s.y[k]) - 2.2, 4.4, 4.4);
        cairo_stroke(cr);
      } else if (s.x.size() <= 60) {  // few points: mark each
        cairo_arc(cr, px(s.x[k]), py(s.y[k]), 1.6, 0, 2 * M_PI);
        cairo_fill(cr);
      }
    }
  }
  cairo_restore(cr);
}

// ---- pages -----------------------------------------------------------------------------------

class Report {
 public:
  explicit Report(const ReportInput& in) : in_(in) {}

  std::string render() {
    std::string pdf;
    cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(
        [](void* closure, const unsigned char* data, unsigned int length) {
          static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
          return CAIRO_STATUS_SUCCESS;
        },
        &pdf, kPageWidth, kPageHeight);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "Midline progress report");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Midline");
    cr_ = cairo_create(surface);
    first_page();
    next_page();
    chart_page();
    next_page();
    session_page();
    next_page();
    body_midline_page();
    footer();
    const cairo_status_t status = cairo_status(cr_);
    cairo_destroy(cr_);
    cairo_surface_finish(surface);
    const cairo_status_t surface_status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS || surface_status != CAIRO_STATUS_SUCCESS) {
      throw std::runtime_error(
          std::string("drawing the report failed: ") +
          cairo_status_to_string(status != CAIRO_STATUS_SUCCESS ? status : surface_status));
    }
    return pdf;
  }

 private:
  const storage::ProgressData& data() const { return in_.data; }
  storage::AxisScale days() const {
    return storage::day_scale(data().charts.first_day, data().charts.last_day);
  }

  static constexpr int kPages = 4;

  void next_page() {
    footer();
    cairo_show_page(cr_);
    ++page_;
  }

  void footer() {
    font(cr_, 7);
    colour(cr_, kMuted);
    text(cr_, kMargin, kPageHeight - 24,
         "Midline progress report - patient " + data().patient.pseudonym +
             " - made on this computer " + storage::local_time_string(in_.generated_ms));
    text(cr_, kPageWidth - kMargin, kPageHeight - 24, "page " + std::to_string(page_) + " of " + std::to_string(kPages),
         Align::right);
  }

  void heading(double& y, const std::string& title) {
    y += 8;
    colour(cr_, kInk);
    font(cr_, 12, true);
    text(cr_, kMargin, y, title);
    y += 5;
    hline(cr_, kMargin, kMargin + kContentWidth, y, kRule);
    y += 14;
  }

  void first_page() {
    double y = kMargin + 10;
    colour(cr_, kInk);
    font(cr_, 20, true);
    text(cr_, kMargin, y, "Midline progress report");
    y += 22;
    font(cr_, 10.5);
    const auto& p = data().patient;
    std::string who = "Patient " + p.pseudonym;
    if (!in_.anonymous && !p.display_name.empty()) who += "  (" + p.display_name + ")";
    if (in_.anonymous) who += "  (anonymous export: name left out)";
    text(cr_, kMargin, y, who, Align::left, kContentWidth);
    y += 14;
    colour(cr_, kMuted);
    font(cr_, 9);
    const auto& sessions = data().sessions;
    text(cr_, kMargin, y,
         sessions.empty()
             ? std::string("No sessions recorded yet.")
             : "Sessions from " +
                   storage::local_time_string(sessions.front().started_ms).substr(0, 10) + " to " +
                   storage::local_time_string(sessions.back().started_ms).substr(0, 10) +
                   ". Report made " + storage::local_time_string(in_.generated_ms) + ".");
    y += 10;
    summary(y);
    resting_posture(y);
    indicators(y);
    pacing(y);
    heading(y, "Practice");
    const double chart_height = std::min(240.0, kPageHeight - 60 - y);
    draw_chart(cr_, kMargin, y, kContentWidth, chart_height, data().charts.charts[0], days(),
               data().charts.injection_days, data().charts.resting_posture_note);
  }

  void row(double& y, const std::string& label, const std::string& value,
           const std::string& note = "") {
    font(cr_, 9);
    colour(cr_, kMuted);
    text(cr_, kMargin, y, label, Align::left, 184);
    colour(cr_, kInk);
    font(cr_, 9, true);
    text(cr_, kMargin + 190, y, value, Align::left, note.empty() ? kContentWidth - 190 : 134);
    if (!note.empty()) {
      font(cr_, 9);
      colour(cr_, kMuted);
      text(cr_, kMargin + 330, y, note, Align::left, kPageWidth - kMargin - 330 - 16);
    }
    y += 14;
  }

  void summary(double& y) {
    heading(y, "Summary");
    const auto& sessions = data().sessions;
    double minutes = 0, pain_change = 0;
    int with_pain = 0;
    std::vector<std::pair<std::string, int>> endings;  // in the order first seen
    for (const auto& f : data().figures) minutes += f.practice_minutes;
    for (const auto& s : sessions) {
      if (s.pain_change()) {
        pain_change += *s.pain_change();
        ++with_pain;
      }
      if (!s.end_reason) continue;
      const std::string words = ending_words(*s.end_reason);
      auto known = std::find_if(endings.begin(), endings.end(),
                                [&](const auto& e) { return e.first == words; });
      if (known == endings.end()) known = endings.insert(endings.end(), {words, 0});
      ++known->second;
    }
    row(y, "Sessions", std::to_string(sessions.size()),
        std::to_string(data().days.size()) +
            (data().days.size() == 1 ? " day" : " days") + " with practice");
    // Hours once there are hours of it; a first week's minutes would read "0.0 h".
    row(y, "Practice time",
        minutes >= 60.0 ? number(minutes / 60.0, 1) + " h" : number(minutes, 0) + " min",
        sessions.empty() ? ""
                         : number(minutes / static_cast<double>(sessions.size()), 1) +
                               " min a session on average");
    std::string ended;
    for (const auto& [words, count] : endings) {
      ended += (ended.empty() ? "" : ", ") + std::to_string(count) + " " + words;
    }
    row(y, "How sessions ended", ended.empty() ? "none ended yet" : ended);
    std::string pain_text = "not reported", pain_note;
    if (with_pain > 0) {
      const double mean = pain_change / with_pain;
      pain_text = number(mean, 1) + " points";
      if (mean >= 0) pain_text.insert(0, 1, '+');
      pain_note = "mean of " + std::to_string(with_pain) + " sessions (0-10 scale)";
    }
    row(y, "Pain change over a session", pain_text, pain_note);
    std::string injections;
    for (const auto& i : data().injections) {
      injections += (injections.empty() ? "" : ", ") + i.date;
    }
    row(y, "Botulinum-toxin injections", injections.empty() ? "none entered" : injections);
  }

  void indicators(double& y) {
    const storage::SessionRecord* latest = nullptr;
    const storage::SessionFigures* figures = nullptr;
    for (size_t k = 0; k < data().sessions.size(); ++k) {
      const auto& s = data().sessions[k];
      if (s.indicators && s.indicators->tracked_s > 0) {
        latest = &s;
        figures = &data().figures.at(k);
      }
    }
    heading(y, "Camera measurements of the latest session");
    if (!latest) {
      row(y, "No session with tracking yet", "");
      return;
    }
    const auto& i = *latest->indicators;
    font(cr_, 8.5, false, true);
    colour(cr_, kMuted);
    y = paragraph(cr_, kMargin, y, kContentWidth,
                  "Session of " + storage::local_time_string(latest->started_ms) +
                      ". The patient's largest held voluntary movement in each direction, "
                      "measured by webcam during the exercises: camera measurements, not a "
                      "clinical rating. A webcam tracker is typically 3-4 deg off, more at "
                      "extreme angles. " + kNormalRangeSource,
                  11);
    y += 4;
    auto of_normal = [](double deg, double normal) {
      return number(100.0 * deg / normal, 0) + "%";
    };
    row(y, "Rotation (left / right)",
        number(i.rotation_left_deg, 0) + " / " + number(i.rotation_right_deg, 0) + " deg",
        of_normal(i.rotation_left_deg, kNormalRotationDeg) + " / " +
            of_normal(i.rotation_right_deg, kNormalRotationDeg) + " of normal " +
            number(kNormalRotationDeg, 0));
    row(y, "Tilt (left / right)",
        number(i.tilt_left_deg, 0) + " / " + number(i.tilt_right_deg, 0) + " deg",
        of_normal(i.tilt_left_deg, kNormalLateralFlexionDeg) + " / " +
            of_normal(i.tilt_right_deg, kNormalLateralFlexionDeg) + " of normal " +
            number(kNormalLateralFlexionDeg, 0));
    row(y, "Flexion / extension",
        number(i.flexion_deg, 0) + " / " + number(i.extension_deg, 0) + " deg",
        of_normal(i.flexion_deg, kNormalFlexionDeg) + " / " +
            of_normal(i.extension_deg, kNormalExtensionDeg) + " of normal " +
            number(kNormalFlexionDeg, 0) + " / " + number(kNormalExtensionDeg, 0));
    if (figures->longest_steady_hold_s) {
      const auto hold = storage::twstrs_neutral_hold_band(*figures->longest_steady_hold_s);
      row(y, "Longest steady hold", number(*figures->longest_steady_hold_s, 0) + " s",
          "TWSTRS time band " + std::to_string(hold.score) + " (indicator): " + hold.label);
    } else {
      row(y, "Longest steady hold", "no hold in this session");
    }
    row(y, "Time in the calm zone (holds)",
        figures->calm_zone_percent ? number(*figures->calm_zone_percent, 0) + "%" : "-");
    row(y, "Head tremor",
        i.tremor_hz
            ? number(*i.tremor_hz, 1) + " Hz, " + number(*i.tremor_amplitude_deg, 1) + " deg"
            : "not seen");
    row(y, "Sensory trick uses", std::to_string(i.sensory_trick_count));
  }

  // The resting posture is the involuntary posture TWSTRS grades, so it alone is placed on the
  // severity bands, as an indicator: measured by webcam during practice, not the scale's
  // standardised examination.
  void resting_posture(double& y) {
    const storage::SessionRecord* first = nullptr;
    const storage::SessionRecord* latest = nullptr;
    for (const auto& s : data().sessions) {
      if (s.angle_reference != storage::AngleReference::body_midline) continue;
      if (!s.reference.resting_posture) continue;
      if (!first) first = &s;
      latest = &s;
    }
    heading(y, "Resting posture (involuntary), from the body midline");
    if (!latest) {
      row(y, "Not measured yet", "calibration measures it at the start of a session");
      return;
    }
    const HeadAngles& rest = *latest->reference.resting_posture;
    auto words = [](HeadAngles one_axis) {
      const std::vector<std::string> parts = posture_parts(one_axis);
      return parts.empty() ? std::string("at the body midline") : about_the_patient(parts[0]);
    };
    font(cr_, 8.5, false, true);
    colour(cr_, kMuted);
    std::string about =
        "Where the head settled when the patient let go, at calibration on " +
        storage::local_time_string(latest->started_ms).substr(0, 10) +
        ". TWSTRS bands applied to a webcam measurement: an indicator, not a clinical rating.";
    if (latest->reference.resting_posture_rough)
      about += " That figure is rough: the head rested turned further than the tracker is sure "
               "of (calibration followed it there from nearer the camera).";
    if (first != latest) {
      about += " First measured " + storage::local_time_string(first->started_ms).substr(0, 10) +
               ": " + describe_posture(*first->reference.resting_posture) +
               (first->reference.resting_posture_rough ? " (rough)" : "") + ".";
    }
    y = paragraph(cr_, kMargin, y, kContentWidth, about, 11);
    y += 4;
    // The band goes on the line under its angle: the words of both are too long for one.
    auto band_line = [&](const std::string& band) {
      font(cr_, 8.5);
      colour(cr_, kMuted);
      text(cr_, kMargin + 190, y, band, Align::left, kContentWidth - 190);
      y += 13;
    };
    const auto rotation = storage::twstrs_rotation_band(std::abs(rest.rotation_deg));
    row(y, "Rotation (torticollis)", words({rest.rotation_deg, 0, 0}));
    band_line("TWSTRS rotation " + std::to_string(rotation.score) + ": " + rotation.label);
    const auto tilt = storage::twstrs_laterocollis_band(std::abs(rest.tilt_deg));
    row(y, "Tilt (laterocollis)", words({0, rest.tilt_deg, 0}));
    band_line("TWSTRS laterocollis " + std::to_string(tilt.score) + ": " + tilt.label);
    row(y, "Flexion (antecollis / retrocollis)", words({0, 0, rest.flexion_deg}));
    band_line("TWSTRS grades this by eye, without degree bands");
  }

  void pacing(double& y) {
    heading(y, "Pacing");
    row(y, "Suggested next session", number(in_.next_session.minutes, 1) + " min");
    font(cr_, 9);
    colour(cr_, kMuted);
    y = paragraph(cr_, kMargin, y, kContentWidth, about_the_patient(in_.next_session.reason), 12);
  }

  void chart_page() {
    double y = kMargin;
    const auto& charts = data().charts.charts;
    const double h = (kPageHeight - kMargin - 48 - y) / 4;
    for (size_t i = 1; i <= 4 && i < charts.size(); ++i) {
      draw_chart(cr_, kMargin, y, kContentWidth, h - 12, charts[i], days(),
                 data().charts.injection_days, data().charts.resting_posture_note);
      y += h;
    }
  }

  void session_page() {
    double y = kMargin;
    const auto& charts = data().charts.charts;
    if (charts.size() > 5) {
      draw_chart(cr_, kMargin, y, kContentWidth, 150, charts[5], days(),
                 data().charts.injection_days, data().charts.resting_posture_note);
    }
    y += 168;
    const auto& t = in_.trace;
    const storage::Chart trace = storage::angle_trace_chart(
        t, in_.samples_elsewhere
               ? std::string("Angles in the latest session: head samples stay on the patient's "
                             "computer")
               : "Angles in the latest session" +
                     (in_.traced_session_id
                          ? " (session " + std::to_string(*in_.traced_session_id) + ")"
                          : std::string()));
    draw_chart(cr_, kMargin, y, kContentWidth, 170, trace,
               storage::minutes_scale(t.t_s.empty() ? 60 : t.t_s.back()), {});
    y += 190;
    session_table(y);
  }

  // A table's headings in bold over a rule, leaving the font set for its rows.
  template <size_t N>
  void table_headings(double& y, const double (&columns)[N], const char* const (&headings)[N]) {
    font(cr_, 7.5, true);
    colour(cr_, kInk);
    for (size_t c = 0; c < N; ++c) text(cr_, kMargin + columns[c], y, headings[c]);
    y += 4;
    hline(cr_, kMargin, kMargin + kContentWidth, y, kRule);
    y += 11;
    font(cr_, 7.5);
  }

  void session_table(double& y) {
    heading(y, "Recent sessions");
    const double columns[] = {0, 88, 150, 200, 258, 316, 372, 430};
    const char* headings[] = {"started",      "minutes",  "pain",   "fatigue",
                              "calm zone", "hold (s)", "effort", "ended"};
    table_headings(y, columns, headings);
    const auto& sessions = data().sessions;
    const size_t rows = static_cast<size_t>(std::max(0.0, (kPageHeight - 71 - y) / 11));
    const size_t first = sessions.size() > rows ? sessions.size() - rows : 0;
    auto arrow = [](std::optional<int> a, std::optional<int> b) {
      return (a ? std::to_string(*a) : "-") + " > " + (b ? std::to_string(*b) : "-");
    };
    for (size_t k = sessions.size(); k-- > first;) {  // newest first
      const auto& s = sessions[k];
      const auto& f = data().figures.at(k);
      colour(cr_, kInk);
      const std::string cells[] = {
          storage::local_time_string(s.started_ms) + (storage::from_resting_posture(s) ? " *" : ""),
          number(f.practice_minutes, 1),
          arrow(s.pain_before, s.pain_after),
          arrow(s.fatigue_before, s.fatigue_after),
          f.calm_zone_percent ? number(*f.calm_zone_percent, 0) + "%" : "-",
          f.longest_steady_hold_s ? number(*f.longest_steady_hold_s, 0) : "-",
          s.mean_borg_effort ? number(*s.mean_borg_effort, 1) : "-",
          s.end_reason ? ending_words(*s.end_reason) : "running"};
      for (size_t c = 0; c < 8; ++c) text(cr_, kMargin + columns[c], y, cells[c]);
      y += 11;
    }
    if (const std::string& note = data().charts.resting_posture_note; !note.empty()) {
      colour(cr_, kMuted);
      text(cr_, kMargin, y, "* " + note + " (hollow squares on the charts)");
      y += 11;
    }
  }

  // [SECTION] The body midline's own page: the felt-midline test over the weeks against the
  // healthy reference (with its source), practice without the screen (fading feedback), and
  // which sessions were measured from the resting posture instead of the body midline.
  void body_midline_page() {
    double y = kMargin;
    const auto& charts = data().charts.charts;
    heading(y, "Felt midline test (head repositioning)");
    font(cr_, 8.5);
    colour(cr_, kMuted);
    y = paragraph(cr_, kMargin, y, kContentWidth,
                  std::string("Without seeing the head, the patient turns to one side and comes "
                              "back to where the middle feels; the error is how far from the "
                              "body midline the head stopped, as the mean absolute error of the "
                              "trials after turning each way. Healthy adults err by about ") +
                      number(storage::kFeltMidlineHealthyLowDeg, 0) + "-" +
                      number(storage::kFeltMidlineHealthyHighDeg, 1) +
                      " deg on average; over 4.5 deg is taken as impaired in neck-pain research (" +
                      storage::kFeltMidlineHealthySource + ").",
                  11);
    y += 4;
    if (charts.size() > 6) {
      draw_chart(cr_, kMargin, y, kContentWidth, 170, charts[6], days(),
                 data().charts.injection_days, data().charts.resting_posture_note);
    }
    y += 184;
    felt_midline_table(y);
    y += 6;
    heading(y, "Holds without the screen (fading feedback)");
    font(cr_, 8.5);
    colour(cr_, kMuted);
    y = paragraph(cr_, kMargin, y, kContentWidth,
                  "A level may show the scene for only part of each hold, or show only the "
                  "result at the end, so that the posture holds without the screen. The hold "
                  "is scored all the same; the time in the calm zone is split by what the "
                  "patient saw.",
                  11);
    y += 4;
    fading_table(y);
    const std::string& note = data().charts.resting_posture_note;
    if (!note.empty()) {
      y += 6;
      heading(y, "What the angles are measured from");
      font(cr_, 8.5);
      colour(cr_, kMuted);
      paragraph(cr_, kMargin, y, kContentWidth,
                "From the body midline (the head square to the trunk), except sessions kept "
                "by an earlier Midline, which measured from the resting posture found at "
                "calibration: a head resting turned read as straight there. They are drawn "
                "as hollow squares on the charts (" + note + ").",
                11);
    }
  }

  using Row = std::array<std::string, 4>;

  // A small table of the newest sessions (8 at most) that have a row: the session's time in
  // the first column, `row_of(k)` for the rest; `none` when no session has one.
  void newest_sessions_table(double& y, const Row& headings,
                             const std::function<std::optional<Row>(size_t)>& row_of,
                             const char* none) {
    const double columns[] = {0, 110, 220, 330};
    const char* heading_words[] = {headings[0].c_str(), headings[1].c_str(), headings[2].c_str(),
                                   headings[3].c_str()};
    table_headings(y, columns, heading_words);
    int shown = 0;
    for (size_t k = data().sessions.size(); k-- > 0 && shown < 8;) {  // newest first
      std::optional<Row> cells = row_of(k);
      if (!cells) continue;
      ++shown;
      colour(cr_, kInk);
      (*cells)[0] = storage::local_time_string(data().sessions[k].started_ms);
      for (size_t c = 0; c < 4; ++c) text(cr_, kMargin + columns[c], y, (*cells)[c]);
      y += 11;
    }
    if (shown == 0) {
      colour(cr_, kMuted);
      text(cr_, kMargin, y, none);
      y += 11;
    }
  }

  void felt_midline_table(double& y) {
    auto deg = [](const std::optional<double>& v) { return v ? number(*v, 1) + " deg" : "-"; };
    newest_sessions_table(
        y, {"session", "after turning left", "after turning right", "trials"},
        [&](size_t k) -> std::optional<Row> {
          const storage::FeltMidlineErrors& felt = data().figures.at(k).felt_midline;
          if (!felt.any()) return std::nullopt;
          return Row{"", deg(felt.after_left_deg), deg(felt.after_right_deg),
                     std::to_string(felt.trials)};
        },
        "No felt-midline test recorded yet.");
  }

  void fading_table(double& y) {
    auto percent = [](const std::optional<double>& v) { return v ? number(*v, 0) + "%" : "-"; };
    newest_sessions_table(
        y, {"session", "calm zone, scene shown", "screen resting", "time without the scene"},
        [&](size_t k) -> std::optional<Row> {
          const storage::SceneSplit& split = data().figures.at(k).calm_zone_by_scene;
          if (!split.without_scene_percent) return std::nullopt;
          return Row{"", percent(split.with_scene_percent), percent(split.without_scene_percent),
                     number(split.without_scene_s, 0) + " s"};
        },
        "No hold without the screen yet.");
  }

  const ReportInput& in_;
  cairo_t* cr_ = nullptr;
  int page_ = 1;
};

}  // namespace

void write_progress_report(const ReportInput& input, const std::filesystem::path& pdf) {
  const std::string bytes = Report(input).render();
  write_file(pdf, bytes);
}

}  // namespace midline::exporting
