#include "screens/supervision_panel.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "platform/theme.hpp"
#include "screens/ui.hpp"

namespace midline {

namespace pal = platform::palette;

namespace {

constexpr float kPanelShare = 0.3f;    // of the window's width
constexpr float kPanelMinPx = 340.0f;
constexpr float kTextScale = 0.8f;     // smaller than the patient's text: read from beside them

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
  notes_.flush(*ctx.log);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - ctx.side_panel_px, vp->Pos.y));
  ImGui::SetNextWindowSize(ImVec2(ctx.side_panel_px, vp->Size.y));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, platform::to_vec4(pal::rgb(30, 38, 50)));
  ImGui::Begin("##clinician-panel", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings);
  ImGui::PushFont(ctx.window.fonts().body);
  ImGui::SetWindowFontScale(kTextScale);

  ImGui::PushStyleColor(ImGuiCol_Text, platform::to_vec4(pal::sky_blue));
  ImGui::TextUnformatted("Clinician - supervised session");
  ImGui::PopStyleColor();
  ui::text((ctx.player.empty() ? std::string("No player chosen yet") : ctx.player) +
               "  -  " + (paused ? "paused" : describe_view(ctx.today.exercises, view)),
           true);
  ImGui::Separator();

  // [the live numbers] relative to the calibrated neutral, in the patient's own frame
  const SupervisionReadout r = supervision_readout(ctx.frame.newest);
  const ImU32 angle_colour = r.trusted ? pal::text : pal::text_soft;
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
  ImGui::Separator();

  // [actions] each also leaves a line in the session's notes where it matters
  const bool in_exercise = !paused && view.rfind("exercise-", 0) == 0;
  const float share = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.4f;
  if (button(paused ? "Resume" : "Pause", true, share))
    action = paused ? Action::resume : Action::pause;
  ImGui::SameLine();
  if (button("Skip exercise", in_exercise)) action = Action::skip;
  ImGui::PushStyleColor(ImGuiCol_Button, platform::to_vec4(pal::rgb(70, 78, 92)));
  if (button("Stop the session", ctx.log->in_session())) action = Action::stop;
  ImGui::PopStyleColor();
  ImGui::Dummy(ImVec2(0, 4));

  // [notes] into the session log
  ImGui::TextUnformatted("Note for the session log");
  ImGui::InputTextMultiline("##note", note_, sizeof note_,
                            ImVec2(-1, ImGui::GetFontSize() * 2.2f));
  ui::note_control(DrawnControl::Kind::text_field, "Note for the session log", "note");
  if (button("Add the note", note_[0] != '\0') && notes_.add(*ctx.log, note_)) note_[0] = '\0';
  const auto& entries = notes_.entries();
  for (size_t i = entries.size() > 2 ? entries.size() - 2 : 0; i < entries.size(); ++i) {
    std::string line = "- " + entries[i].text;
    if (!entries[i].logged) line += "  (kept when the session begins)";
    ui::text(line, true);
  }
  if (!ctx.log->keeping()) ui::text("This session is not kept (no data folder), notes neither.", true);

  ImGui::SetWindowFontScale(1.0f);
  ImGui::PopFont();
  ImGui::End();
  ImGui::PopStyleColor();

  if (action == Action::stop) {
    notes_.add(*ctx.log, "Session stopped by the clinician.");
    if (ctx.session && ctx.session->in_exercises())
      ctx.session->stop(StopReason::clinician);
    else
      ctx.stop_requested = true;  // the page stops as if its own Stop had been pressed
  }
  if (action == Action::skip && ctx.session) ctx.session->skip_exercise();  // noted there
  return action;
}

}  // namespace midline
