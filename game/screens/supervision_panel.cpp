#include "screens/supervision_panel.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "platform/theme.hpp"
#include "screens/ui.hpp"

#include <imgui_stdlib.h>

namespace midline {

namespace pal = platform::palette;

namespace {

constexpr float kPanelShare = 0.3f;    // of the window's width
constexpr float kPanelMinPx = 340.0f;
constexpr float kTextScale = 0.8f;     // smaller than the patient's text: read from beside them
// The patient's text size is chosen for reading from the chair; the clinician reads the panel
// from beside the screen, so it keeps the size it has beside a 100% page (grown with the
// patient's text, its value column broke words letter by letter and the panel had to scroll).
constexpr double kPanelTextScaleMax = 1.0;

void row(const char* label, const std::string& value, ImU32 colour = pal::text) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::PushStyleColor(ImGuiCol_Text, platform::to_vec4(pal::text_soft));
  ImGui::TextUnformatted(label);
  ImGui::PopStyleColor();
  ImGui::TableNextColumn();
  ImGui::PushStyleColor(ImGuiCol_Text, platform::to_vec4(colour));
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(value.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

// width -1: the rest of the row
bool button(const char* label, bool enabled, float width = -1.0f) {
  return ui::button(label, ImVec2(width, 0.0f), enabled);
}

}  // namespace

float SupervisionPanel::width(float window_width) {
  // Its text does not grow with the patient's (see kPanelTextScaleMax), so neither does it.
  return std::max(kPanelMinPx, window_width * kPanelShare);
}

std::string describe_view(const std::vector<PlannedExercise>& plan, const std::string& view) {
  if (view.rfind("exercise-", 0) == 0) {
    const size_t n = std::strtoul(view.c_str() + 9, nullptr, 10);
    std::string s = "Exercise " + std::to_string(n) + " of " + std::to_string(plan.size());
    if (n >= 1 && n <= plan.size()) s += ": " + plan[n - 1].title;
    if (view.ends_with("-intro")) s += " (introduction)";
    if (view.ends_with("-rest")) s += " (rest)";
    if (view.ends_with("-paused")) s += " (waiting for the face)";
    if (view.ends_with("-screen-resting")) s += " (the screen rests: fading feedback)";
    return s;
  }
  if (view.rfind("effort-", 0) == 0)
    return "Rating the effort of exercise " + view.substr(7);
  std::string s = view;
  std::replace(s.begin(), s.end(), '-', ' ');
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

SupervisionPanel::Action SupervisionPanel::draw(GameContext& ctx, bool paused,
                                                const std::string& view) {
  Action action = Action::none;
  WardStation& station = ctx.station;
  const Visit& visit = station.visit();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - ctx.side_panel_px, vp->Pos.y));
  ImGui::SetNextWindowSize(ImVec2(ctx.side_panel_px, vp->Size.y));
  // The style's spacings grew with the patient's text size: they shrink with the panel's text.
  const double patient_scale = std::max(ctx.window.text_scale(), 0.1);
  const float shrink = static_cast<float>(std::min(patient_scale, kPanelTextScaleMax) / patient_scale);
  const ImGuiStyle& style = ImGui::GetStyle();
  auto shrunk = [shrink](ImVec2 v) { return ImVec2(v.x * shrink, v.y * shrink); };
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, shrunk(style.WindowPadding));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, shrunk(style.FramePadding));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, shrunk(style.ItemSpacing));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemInnerSpacing, shrunk(style.ItemInnerSpacing));
  ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, shrunk(style.CellPadding));
  ImGui::PushStyleVar(ImGuiStyleVar_ScrollbarSize, style.ScrollbarSize * shrink);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, platform::to_vec4(pal::rgb(30, 38, 50)));
  // It scrolls where its notes or a large text size need more than the window's height.
  ImGui::Begin("##clinician-panel", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings);
  ImGui::PushFont(ctx.window.fonts().body);
  ImGui::SetWindowFontScale(kTextScale * shrink);

  ImGui::PushStyleColor(ImGuiCol_Text, platform::to_vec4(pal::sky_blue));
  // The patient by their code only: the screen is shared.
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(visit.patient ? ("Clinician  -  patient " + visit.patient->pseudonym).c_str()
                                       : "Clinician  -  no patient chosen");
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  // What the patient's page shows, in room for two lines whatever its length, so the
  // controls below never move under the clinician's hand as the pages change (a click meant
  // for the note once landed on "Not me").
  const float view_top = ImGui::GetCursorPosY();
  ui::text(paused ? "Paused" : describe_view(ctx.today.exercises, view), true);
  ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(),
                                view_top + 2 * ImGui::GetTextLineHeightWithSpacing()));
  ImGui::Separator();

  // [the live numbers] relative to the calibrated neutral, in the patient's own frame
  const SupervisionReadout r = supervision_readout(ctx.frame.newest);
  const ImU32 angle_colour = r.trusted ? pal::text : pal::text_soft;
  // Room for every row, two of them wrapped, and the hand's: the buttons below stay put.
  const float live_top = ImGui::GetCursorPosY();
  if (ImGui::BeginTable("##live", 2, ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 4.6f);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    row("Rotation", r.rotation, angle_colour);
    row("Tilt", r.tilt, angle_colour);
    row("Flexion", r.flexion, angle_colour);
    row("Tracking", r.quality, r.trusted ? pal::bluish_green : pal::orange);
    row("Tremor", r.tremor);
    if (r.sensory_trick) row("Hand", "on the chin or cheek (sensory trick)", pal::yellow);
    ImGui::EndTable();
  }
  ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(),
                                live_top + 9 * ImGui::GetTextLineHeightWithSpacing()));
  ImGui::Separator();

  // [actions] Stop asks for a confirmation and a reason before anything stops
  const bool in_exercise = !paused && view.rfind("exercise-", 0) == 0;
  const float share = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.4f;
  if (button(paused ? "Resume" : "Pause", true, share))
    action = paused ? Action::resume : Action::pause;
  ImGui::SameLine();
  if (button("Skip exercise", in_exercise && !visit.stop_asked)) action = Action::skip;
  const bool stoppable =
      visit.patient && !(visit.session && (visit.session->stage() == SessionStage::checking_out ||
                                           visit.session->stage() == SessionStage::ended));
  if (!visit.stop_asked) {
    ImGui::PushStyleColor(ImGuiCol_Button, platform::to_vec4(pal::rgb(70, 78, 92)));
    if (button("Stop the session", stoppable)) station.ask_stop();
    ImGui::PopStyleColor();
  } else {
    ImGui::PushStyleColor(ImGuiCol_Text, platform::to_vec4(pal::yellow));
    ui::text("Stop this patient's session? Why:");
    ImGui::PopStyleColor();
    std::optional<StopReason> why;
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    int drawn = 0;
    for (const StopReason reason : WardStation::stop_reasons()) {  // two a row, then Cancel
      const std::string words = WardStation::stop_reason_words(reason);
      if (drawn++ % 2 == 1) ImGui::SameLine();
      if (ui::button(words.c_str(), ImVec2(half, 0.0f))) why = reason;
      ui::note_control(DrawnControl::Kind::button, words, "stop-reason");
    }
    ImGui::SameLine();
    if (button("Cancel", true, half)) station.cancel_stop();
    if (why && station.confirm_stop(*ctx.log, *why))
      ctx.stop_requested = true;  // the page acts on its own Stop: onward to the check-out or the list
  }

  // [notes] saved the moment they are added, with the clinician's initials
  if (station.clinician().empty()) {
    ui::text("Your initials (they go on each note)");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    ImGui::InputText("##initials", &initials_);
    ui::note_control(DrawnControl::Kind::text_field, "Your initials", "initials");
    ImGui::SameLine();
    if (button("Sign in", !initials_.empty()) && !station.set_clinician(initials_))
      initials_problem_ = "Initials are 1 to 4 letters.";
    if (!initials_problem_.empty()) ui::text(initials_problem_, true);
  } else {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(("Note, by " + station.clinician()).c_str());
    ImGui::SameLine();
    if (ui::button("Not me")) {  // another clinician takes over
      initials_.clear();
      initials_problem_.clear();
      station.sign_out();
    }
  }
  ImGui::InputTextMultiline("##note", &station.visit().note_draft,
                            ImVec2(-1, ImGui::GetFontSize() * 2.2f));
  ui::note_control(DrawnControl::Kind::text_field, "Note", "note");
  const bool can_note = visit.patient && !station.clinician().empty() && !visit.note_draft.empty();
  if (button("Add the note", can_note) && station.add_note(*ctx.log, visit.note_draft))
    station.visit().note_draft.clear();
  const auto& notes = visit.notes;
  for (size_t i = notes.size() > 3 ? notes.size() - 3 : 0; i < notes.size(); ++i)
    ui::text("- " + notes[i].text + (ctx.log->keeping() ? "  (saved)" : ""), true);
  if (!ctx.log->keeping()) ui::text("This run keeps no sessions (no data folder), notes neither.", true);

  ImGui::SetWindowFontScale(1.0f);
  ImGui::PopFont();
  ImGui::End();
  ImGui::PopStyleColor();
  ImGui::PopStyleVar(6);

  if (action == Action::skip && ctx.session)
    ctx.session->skip_exercise(station.note_author());  // noted there, with the initials
  return action;
}

}  // namespace midline
