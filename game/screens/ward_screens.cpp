// The ward station's patient list (a supervised run's home page): the patients by their code,
// full names only after the clinician PIN, and a new patient added there. Choosing one starts
// their visit; Finish on the summary comes back here, never closing the program.

#include <cstdio>

#include "clinician/pin_prompt.hpp"
#include "platform/theme.hpp"
#include "screens/screen.hpp"
#include "screens/ui.hpp"

namespace midline {

namespace pal = platform::palette;

namespace {

class WardListScreen : public Screen {
 public:
  // Whichever way led here, the last patient's visit ends now (a session still open is kept
  // as it stopped), and nobody is chosen until the clinician picks the next patient.
  WardListScreen(GameContext& ctx, std::string note) : Screen(ctx), note_(std::move(note)) {
    if (ctx_.session) ctx_.session->check_out(std::nullopt);
    ctx_.station.next_patient(*ctx_.log, ctx_.source, std::nullopt);
    ctx_.player.clear();
    ui::show_kept_text_size(ctx_, std::nullopt);  // the station's size, kept as the home page's
  }
  std::string view_name() const override {
    return ctx_.station.names_shown() ? "ward-names" : "ward";
  }

  std::unique_ptr<Screen> update(const FrameInput& in) override {
    on_screen_s_ += in.dt_s;
    WardStation& station = ctx_.station;
    if (ui::begin_page(ctx_, "Ward station", "Quit")) ctx_.quit = true;
    ui::text("Choose who practises next. Patients are listed by their code.", true);
    ImGui::Dummy(ImVec2(0, 6));
    std::optional<std::string> chosen;
    if (!ctx_.log->keeping()) {
      ui::text("This run keeps no sessions (no data folder), so there is no patient list.", true);
      if (ui::big_button("  Demo patient  ")) chosen = "Demo patient";
    } else {
      const std::vector<StationPatient> patients = station.patients(*ctx_.log);
      if (patients.empty())
        ui::text("No patients yet: the clinician adds them below, after the PIN.", true);
      draw_patient_buttons(patients, chosen);
    }
    ImGui::Dummy(ImVec2(0, 10));
    if (!note_.empty()) ui::text(note_, true);  // why the last choice could not start today
    // The patients first; then, as on the home page, text size, sound and full screen.
    if (ui::settings_row(ctx_)) ui::keep_text_size(ctx_, std::nullopt);
    ImGui::Dummy(ImVec2(0, 6));
    draw_clinician_section();
    bool clinician_mode = false;
    if (ctx_.open_clinician) {  // the levels and plans, and the switch out of ward mode
      ImGui::Dummy(ImVec2(0, 6));
      clinician_mode = ui::button("Clinician mode");
    }
    ui::end_page();
    if (clinician_mode) return ctx_.open_clinician(ctx_);
    if (!chosen) return nullptr;
    if (!station.next_patient(*ctx_.log, ctx_.source, *chosen)) return nullptr;
    ctx_.player = *chosen;  // the shared screen names the patient by their code
    note_ = prepare_todays_session(ctx_);
    if (!note_.empty()) return nullptr;
    return make_check_in_screen(ctx_, false);
  }

 private:
  // One button a patient, wrapping to the page's width.
  static void draw_patient_buttons(const std::vector<StationPatient>& patients,
                                   std::optional<std::string>& chosen) {
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const ImGuiStyle& style = ImGui::GetStyle();
    for (size_t i = 0; i < patients.size(); ++i) {
      const StationPatient& p = patients[i];
      const std::string label =
          "  " + p.pseudonym + (p.full_name.empty() ? "" : "   " + p.full_name) + "  ";
      const float width = ImGui::CalcTextSize(label.c_str()).x + 2 * style.FramePadding.x;
      if (i > 0) {
        ImGui::SameLine(0, 16);
        if (ImGui::GetCursorScreenPos().x + width > right) ImGui::NewLine();
      }
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::Button(label.c_str(), ImVec2(0, ImGui::GetFontSize() * 2.2f)))
        chosen = p.pseudonym;
      ui::note_control(DrawnControl::Kind::button, p.pseudonym, "patient");
      ImGui::PopID();
    }
  }

  // Behind the clinician PIN: the names, and a new patient.
  void draw_clinician_section() {
    if (!ctx_.log->keeping()) return;
    WardStation& station = ctx_.station;
    ui::text("For the clinician: full names and new patients, after the PIN", true);
    ImGui::Separator();
    if (!station.names_shown()) {
      if (!pin_prompt_) pin_prompt_.emplace();
      if (pin_prompt_->draw("  Show names  ")) {
        station.show_names(true);
        pin_prompt_.reset();
      }
      return;
    }
    if (ui::button("Hide names")) {
      station.show_names(false);
      return;
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    ui::limited_input("##new-patient", "New patient's full name", new_name_,
                      kMaxPlayerNameCharacters);
    if (ui::button("Add the patient", ImVec2(0, 0), !new_name_.empty())) {
      const std::string pseudonym = station.add_patient(*ctx_.log, new_name_);
      if (!pseudonym.empty()) {
        ctx_.window.show_text(new_name_);  // the fonts gain its characters
        added_ = new_name_ + " is " + pseudonym + ".";
        new_name_.clear();
      }
    }
    if (!added_.empty()) ui::text(added_, true);
  }

  std::string note_;
  std::optional<PinPrompt> pin_prompt_;
  std::string new_name_;
  std::string added_;  // "Mr Jones is P-0002.": said while names are shown
};

}  // namespace

std::unique_ptr<Screen> make_ward_list_screen(GameContext& ctx, std::string note) {
  return std::make_unique<WardListScreen>(ctx, std::move(note));
}

}  // namespace midline
