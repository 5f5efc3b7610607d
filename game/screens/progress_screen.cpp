#include "screens/progress_screen.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <optional>
#include <utility>
#include <vector>

#include "platform/theme.hpp"
#include "screens/chart_view.hpp"
#include "screens/ui.hpp"
#include "storage/calendar.hpp"
#include "storage/indicators.hpp"
#include "screens/export_tab.hpp"
#include "screens/injection_tab.hpp"
#include "storage/progress.hpp"
#include "export/pdf_report.hpp"
#include "storage/private_folder.hpp"

namespace midline {
namespace {

class ProgressScreen : public Screen {
 public:
  ProgressScreen(GameContext& ctx, const std::filesystem::path& data_dir,
                 const std::string& pseudonym, bool on_latest_session)
      : Screen(ctx), open_session_tab_(on_latest_session), export_tab_(data_dir, pseudonym) {
    try {
      if (!std::filesystem::exists(storage::SessionStore::database_file(data_dir))) {
        problem_ = "No sessions have been kept in " + data_dir.string() + " yet.";
        return;
      }
      store_ =
          std::make_unique<storage::SessionStore>(data_dir, storage::SessionStore::Mode::inspect);
      const auto patient = store_->find_patient(pseudonym);
      if (!patient) {
        problem_ = "No sessions are kept for " + pseudonym + " yet.";
        return;
      }
      patient_ = *patient;
      data_ = storage::load_progress(*store_, *patient);
      if (!data_.sessions.empty()) select(data_.sessions.size() - 1);
    } catch (const std::exception& e) {
      problem_ = std::string("The progress could not be read: ") + e.what();
    }
  }

  // The clinic's copy (clinician mode): no store, so no traces, injections or exports.
  ProgressScreen(GameContext& ctx, ClinicProgress clinic)
      : Screen(ctx), export_tab_(clinic.report_folder, clinic.data.patient.pseudonym) {
    data_ = std::move(clinic.data);
    patient_ = data_.patient;
    clinic_ = std::move(clinic);
    clinic_->data = {};  // held once, in data_
    if (!data_.sessions.empty()) select(data_.sessions.size() - 1);
  }

  std::string view_name() const override {
    const std::string view =
        session_tab_ ? "progress-session" : injections_tab_ ? "progress-injections" : "progress";
    return clinic_ ? "clinic-" + view + (report_tab_ ? "-report" : "") : view;
  }

  std::unique_ptr<Screen> update(const FrameInput& in) override {
    on_screen_s_ += in.dt_s;
    const std::string title =
        clinic_ ? patient_.pseudonym + ", from the clinic's data" : std::string("Your progress");
    const bool back = ui::begin_page(ctx_, title.c_str(), "Back");
    std::unique_ptr<Screen> next;
    if (clinic_ && clinic_->edit_plan && ui::big_button(clinic_->plan_label.c_str()))
      next = clinic_->edit_plan();
    if (!problem_.empty()) {
      ui::text(problem_, true);
    } else if (data_.sessions.empty()) {
      ui::text(clinic_ ? "No sessions of this patient have reached the clinic yet."
                       : "Your sessions will appear here after your first practice.",
               true);
    } else {
      // The parts as a row of buttons that wraps, never cut short as a tab bar's tabs were
      // at large text ("For your clinici..."). The clinic's copy has no injections, and its
      // report is written from that copy.
      static constexpr const char* kParts[] = {"Over the weeks", "One session", "For your clinician",
                                               "Injections"};
      static constexpr const char* kClinicParts[] = {"Over the weeks", "One session", "Report"};
      const int parts = clinic_ ? 3 : 4;
      const char* const* names = clinic_ ? kClinicParts : kParts;
      if (std::exchange(open_session_tab_, false)) part_ = Part::one_session;
      for (int i = 0; i < parts; ++i) {
        if (i) ui::same_line_if_fits(ui::button_width(names[i]), ImGui::GetStyle().ItemSpacing.x);
        const bool chosen = static_cast<int>(part_) == i;
        if (chosen) ImGui::PushStyleColor(ImGuiCol_Button, platform::to_vec4(platform::palette::blue));
        if (ui::button(names[i])) part_ = static_cast<Part>(i);
        if (chosen) ImGui::PopStyleColor();
      }
      ImGui::Separator();
      session_tab_ = part_ == Part::one_session;
      injections_tab_ = part_ == Part::injections;
      report_tab_ = clinic_ && part_ == Part::clinician;
      switch (part_) {
        case Part::weeks: weeks(); break;
        case Part::one_session: one_session(); break;
        case Part::clinician:
          if (clinic_) clinic_report();
          else export_tab_.draw();
          break;
        case Part::injections:
          if (injection_tab_.draw(*store_, patient_.id)) data_ = storage::load_progress(*store_, patient_);
          break;
      }
    }
    ui::end_page();
    if (back) return clinic_ ? clinic_->back() : make_home_screen(ctx_);
    return next;
  }

 private:
  void weeks() {
    const auto& charts = data_.charts;
    const storage::AxisScale days = storage::day_scale(charts.first_day, charts.last_day);
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    // Two charts a row while their words leave room for the lines; one under another with
    // large text.
    const float width = ImGui::GetContentRegionAvail().x;
    const int columns = ui::columns_that_fit(2, 10.0f);
    const ImVec2 cell(
        (width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns),
        std::max(ImGui::GetFontSize() * 6.0f, ImGui::GetMainViewport()->Size.y * 0.36f));
    for (size_t i = 0; i < charts.charts.size(); ++i) {
      if (columns == 2 && i % 2 == 1) ImGui::SameLine();
      ui::chart_view(("##chart" + std::to_string(i)).c_str(), charts.charts[i], days,
                     charts.injection_days, "injection", storage::kInjectionEffectDays, cell,
                     charts.resting_posture_note);
    }
  }

  void one_session() {
    const auto& sessions = data_.sessions;
    const auto& chosen = sessions[selected_];
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
    if (ImGui::BeginCombo("##session", label(chosen).c_str())) {
      for (size_t k = sessions.size(); k-- > 0;) {  // newest first
        if (ImGui::Selectable(label(sessions[k]).c_str(), k == selected_)) select(k);
      }
      ImGui::EndCombo();
    }
    const auto& s = sessions[selected_];
    const storage::SessionFigures& f = data_.figures[selected_];
    char line[240];
    std::snprintf(line, sizeof line, "%.1f min of practice.   Pain %s; tiredness %s.",
                  f.practice_minutes, before_after(s.pain_before, s.pain_after).c_str(),
                  before_after(s.fatigue_before, s.fatigue_after).c_str());
    ui::text(line);
    // Room below the chart for the two lines of measurements.
    const ImVec2 size(ImGui::GetContentRegionAvail().x,
                      std::max(ImGui::GetFontSize() * 5.0f,
                               ImGui::GetContentRegionAvail().y - ImGui::GetFontSize() * 5.5f));
    if (store_) {
      ui::chart_view("##trace", trace_chart_, storage::minutes_scale(trace_end_s_), {}, "", 0, size);
    } else {
      ui::text("Head angles over the session stay on the patient's computer; the clinic has "
               "each repetition's summary, and these figures.",
               true);
    }
    std::string measured;
    if (s.indicators && s.indicators->tracked_s > 0) {
      const auto& i = *s.indicators;
      std::snprintf(line, sizeof line,
                    "Turned %.0f deg left and %.0f deg right; tilted %.0f deg left and %.0f deg "
                    "right. ",
                    i.rotation_left_deg, i.rotation_right_deg, i.tilt_left_deg, i.tilt_right_deg);
      measured = line;
    }
    if (f.calm_zone_percent) {
      std::snprintf(line, sizeof line, "In the calm zone %.0f%% of the hold time. ",
                    *f.calm_zone_percent);
      measured += line;
    }
    if (f.longest_steady_hold_s) {
      std::snprintf(line, sizeof line, "Longest steady hold %.0f s. ", *f.longest_steady_hold_s);
      measured += line;
    }
    if (const auto& by_scene = f.calm_zone_by_scene; by_scene.without_scene_percent) {
      std::snprintf(line, sizeof line, "While the screen rested: in the calm zone %.0f%%. ",
                    *by_scene.without_scene_percent);
      measured += line;
    }
    if (f.felt_midline.any()) {
      auto deg = [](const std::optional<double>& v) {
        return v ? std::to_string(static_cast<int>(std::lround(*v))) + " deg" : std::string("-");
      };
      measured += "Felt middle, mean error: " + deg(f.felt_midline.after_left_deg) +
                  " after turning left, " + deg(f.felt_midline.after_right_deg) +
                  " after turning right (healthy: about 3-4.5). ";
    }
    if (storage::from_resting_posture(s))
      measured += "Measured from the resting posture, as sessions were before the body midline.";
    if (!measured.empty()) {
      ui::text(measured, true);
      ui::text(clinic_ ? "Measurements from the camera, not a clinical rating."
                       : "These are measurements from the camera to share with your "
                         "physiotherapist, not a clinical rating.",
               true);
    }
  }

  // The clinic's copy: the PDF report written from it, as `midline export --report` writes one.
  void clinic_report() {
    ui::text("The progress report (PDF) from the clinic's copy of these sessions, written to:",
             true);
    ui::text(clinic_->report_folder.string());
    if (ui::big_button("Write the progress report")) {
      const std::filesystem::path pdf = clinic_->report_folder / "progress-report.pdf";
      try {
        storage::make_private_folder(clinic_->report_folder);
        exporting::ReportInput input = exporting::assemble_report(
            data_, false, storage::wall_clock_ms());
        input.samples_elsewhere = true;
        exporting::write_progress_report(input, pdf);
        report_said_ = "Wrote the progress report (" + std::to_string(data_.sessions.size()) +
                       " sessions) to " + pdf.string() + ".";
      } catch (const std::exception& e) {
        report_said_ = std::string("Nothing was written: ") + e.what();
      }
    }
    if (!report_said_.empty()) ui::text(report_said_, true);
  }

  void select(size_t index) {
    selected_ = index;
    if (!store_) return;  // the clinic's copy has no samples
    const auto samples = store_->samples(data_.sessions[index].id);
    const auto trace = storage::angle_trace(samples, 1500);
    trace_end_s_ = trace.t_s.empty() ? 60.0 : trace.t_s.back();
    trace_chart_ = storage::angle_trace_chart(trace, "Head angles during the session");
  }

  static std::string label(const storage::SessionRecord& s) {
    return storage::local_time_string(s.started_ms);
  }
  static std::string before_after(std::optional<int> before, std::optional<int> after) {
    if (!before || !after) return "not asked";
    return std::to_string(*before) + " before, " + std::to_string(*after) + " after";
  }

  std::unique_ptr<storage::SessionStore> store_;
  storage::Patient patient_;
  InjectionTab injection_tab_;
  storage::ProgressData data_;
  std::string problem_;
  size_t selected_ = 0;
  storage::Chart trace_chart_;
  double trace_end_s_ = 60.0;
  bool session_tab_ = false;
  bool injections_tab_ = false;
  bool open_session_tab_ = false;
  bool report_tab_ = false;
  std::optional<ClinicProgress> clinic_;  // set: the clinic's copy, in clinician mode
  std::string report_said_;
  enum class Part { weeks, one_session, clinician, injections } part_ = Part::weeks;
  ExportTab export_tab_;
};

}  // namespace

std::unique_ptr<Screen> make_progress_screen(GameContext& ctx,
                                             const std::filesystem::path& data_dir,
                                             const std::string& pseudonym, bool on_latest_session) {
  return std::make_unique<ProgressScreen>(ctx, data_dir, pseudonym, on_latest_session);
}

std::unique_ptr<Screen> make_clinic_progress_screen(GameContext& ctx, ClinicProgress clinic) {
  return std::make_unique<ProgressScreen>(ctx, std::move(clinic));
}

}  // namespace midline
