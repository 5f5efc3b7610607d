#include "screens/ui.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

#include <imgui_internal.h>  // ImGuiContext::WithinFrameScope
#include <imgui_stdlib.h>

#include "platform/theme.hpp"
#include "text/utf8.hpp"

namespace midline::ui {

namespace pal = platform::palette;

bool begin_page(GameContext& ctx, const char* title, const char* stop_label) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  // The patient's side: all of the window but the clinician's panel, when one is open.
  ImGui::SetNextWindowSize(ImVec2(vp->Size.x - ctx.side_panel_px, vp->Size.y));
  ImGui::Begin("##page", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
  const auto& fonts = ctx.window.fonts();
  const float width = ImGui::GetContentRegionAvail().x;

  // Stop, always at the top right; DEMO beside it while the demo head is in use.
  ImGui::PushFont(fonts.body);
  const ImVec2 stop_size(ImGui::CalcTextSize(stop_label).x + 2 * ImGui::GetStyle().FramePadding.x,
                         0.0f);
  const ImVec2 top = ImGui::GetCursorPos();
  ImGui::SetCursorPos(ImVec2(top.x + width - stop_size.x, top.y));
  ImGui::PushStyleColor(ImGuiCol_Button, platform::to_vec4(pal::rgb(70, 78, 92)));
  const bool stop = ImGui::Button(stop_label, stop_size) || std::exchange(ctx.stop_requested, false);
  note_control(DrawnControl::Kind::page_stop, stop_label);
  ImGui::PopStyleColor();
  const std::string& badge = ctx.badge;
  if (!badge.empty()) {  // bottom right, where no page puts anything
    const char* label = badge.c_str();
    const ImVec2 size = ImGui::CalcTextSize(label);
    const ImVec2 pad(16, 8);
    const ImVec2 corner(vp->Pos.x + vp->Size.x - ctx.side_panel_px - ImGui::GetStyle().WindowPadding.x,
                        vp->Pos.y + vp->Size.y - ImGui::GetStyle().WindowPadding.y * 0.6f);
    const ImVec2 at(corner.x - size.x - 2 * pad.x, corner.y - size.y - 2 * pad.y);
    ImDrawList* draw = ImGui::GetForegroundDrawList();
    draw->AddRectFilled(at, ImVec2(at.x + size.x + 2 * pad.x, at.y + size.y + 2 * pad.y),
                        pal::purple, 10.0f);
    draw->AddText(ImVec2(at.x + pad.x, at.y + pad.y), pal::rgb(20, 20, 28), label);
  }
  ImGui::PopFont();

  ImGui::SetCursorPos(top);
  ImGui::PushFont(fonts.heading);
  ImGui::TextUnformatted(title);
  ImGui::PopFont();
  ImGui::Dummy(ImVec2(0, 8));
  return stop;
}

void end_page() { ImGui::End(); }

bool button(const char* label, ImVec2 size, bool enabled) {
  platform::show_text_in_current_window(label);  // a level's title, a name
  if (!enabled) ImGui::BeginDisabled();
  const bool pressed = ImGui::Button(label, size);
  if (!enabled) ImGui::EndDisabled();
  note_control(DrawnControl::Kind::button, label, {}, enabled);
  return pressed && enabled;
}

bool big_button(const char* label, float width, bool enabled) {
  return button(label, ImVec2(width, ImGui::GetFontSize() * 2.2f), enabled);
}

std::optional<double> committed_slider(const char* id, double current, double min, double max,
                                       const char* format) {
  ImGui::PushID(id);
  ImGuiStorage& state = *ImGui::GetStateStorage();
  const ImGuiID editing = ImGui::GetID("editing"), working = ImGui::GetID("working");
  // While in use the slider shows its own working value; the caller's is read again after.
  double value = state.GetBool(editing) ? static_cast<double>(state.GetFloat(working)) : current;
  ImGui::SliderScalar("##slider", ImGuiDataType_Double, &value, &min, &max, format,
                      ImGuiSliderFlags_AlwaysClamp);
  std::optional<double> committed;
  if (ImGui::IsItemDeactivatedAfterEdit()) committed = value;
  state.SetBool(editing, ImGui::IsItemActive());
  state.SetFloat(working, static_cast<float>(value));
  ImGui::PopID();
  return committed;
}

bool limited_input(const char* id, const char* hint, std::string& value, size_t max_characters) {
  struct Limit {
    size_t max, count;
    bool refused;
  } limit{max_characters, text::character_count(value), false};
  const auto keep_to_limit = [](ImGuiInputTextCallbackData* d) -> int {
    auto& l = *static_cast<Limit*>(d->UserData);
    if (d->EventFlag == ImGuiInputTextFlags_CallbackCharFilter) {  // typed: refuse past the limit
      if (l.count >= l.max) return l.refused = true;
      ++l.count;
    } else if (d->EventFlag == ImGuiInputTextFlags_CallbackEdit) {  // pasted: keep what fits
      const std::string_view all(d->Buf, static_cast<size_t>(d->BufTextLen));
      const size_t keep = text::first_characters(all, l.max).size();
      if (keep < all.size()) {
        d->DeleteChars(static_cast<int>(keep), static_cast<int>(all.size() - keep));
        l.refused = true;
      }
      l.count = text::character_count(std::string_view(d->Buf, static_cast<size_t>(d->BufTextLen)));
    }
    return 0;
  };
  ImGui::PushID(id);
  const bool changed = ImGui::InputTextWithHint(
      "##input", hint, &value,
      ImGuiInputTextFlags_CallbackCharFilter | ImGuiInputTextFlags_CallbackEdit, keep_to_limit,
      &limit);
  note_control(DrawnControl::Kind::text_field, hint, id);
  const bool typing = ImGui::IsItemActive();
  // The limit shows while the field is in use; the sentence stays until there is room again.
  ImGuiStorage& state = *ImGui::GetStateStorage();
  const ImGuiID refused_id = ImGui::GetID("refused");
  const size_t count = text::character_count(value);
  if (limit.refused) state.SetBool(refused_id, true);
  if (count < max_characters) state.SetBool(refused_id, false);
  if (state.GetBool(refused_id)) {
    ImGui::PushStyleColor(ImGuiCol_Text, platform::to_vec4(pal::orange));
    ImGui::TextWrapped("%zu characters is the most this can hold; the rest was not kept.",
                       max_characters);
    ImGui::PopStyleColor();
  } else if (typing || !value.empty()) {
    ImGui::TextDisabled("%zu of %zu characters", count, max_characters);
  }
  ImGui::PopID();
  return changed;
}

void text(const std::string& s, bool soft) {
  platform::show_text_in_current_window(s);  // a level's instruction, a note
  ImGui::PushStyleColor(ImGuiCol_Text, platform::to_vec4(soft ? pal::text_soft : pal::text));
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(s.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

void centred_text(const std::string& s, ImFont* font, ImU32 colour) {
  platform::show_text_in_current_window(s);
  ImGui::PushFont(font);
  ImGui::PushStyleColor(ImGuiCol_Text, platform::to_vec4(colour));
  const float avail = ImGui::GetContentRegionAvail().x * 0.9f;
  const float x0 = ImGui::GetCursorPosX();
  // Word by word into lines that fit, each line centred.
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.size();
    while (ImGui::CalcTextSize(s.c_str() + start, s.c_str() + end).x > avail) {
      const size_t space = s.rfind(' ', end - 1);
      if (space == std::string::npos || space <= start) break;
      end = space;
    }
    const float w = ImGui::CalcTextSize(s.c_str() + start, s.c_str() + end).x;
    ImGui::SetCursorPosX(x0 + std::max(0.0f, (avail / 0.9f - w) * 0.5f));
    ImGui::TextUnformatted(s.c_str() + start, s.c_str() + end);
    start = end;
    while (start < s.size() && s[start] == ' ') ++start;
  }
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

bool scale_row(const char* id, int& value, const char* low_label, const char* high_label) {
  bool changed = false;
  ImGui::PushID(id);
  const float spacing = ImGui::GetStyle().ItemSpacing.x * 0.5f;
  const float size = std::min(ImGui::GetFontSize() * 2.4f,
                              (ImGui::GetContentRegionAvail().x - 10 * spacing) / 11.0f);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(spacing, spacing));
  for (int i = 0; i <= 10; ++i) {
    if (i) ImGui::SameLine();
    const bool chosen = value == i;
    if (chosen) ImGui::PushStyleColor(ImGuiCol_Button, platform::to_vec4(pal::sky_blue));
    if (chosen) ImGui::PushStyleColor(ImGuiCol_Text, platform::to_vec4(pal::rgb(16, 24, 32)));
    char label[8];
    std::snprintf(label, sizeof label, "%d", i);
    if (ImGui::Button(label, ImVec2(size, size))) {
      value = i;
      changed = true;
    }
    note_control(DrawnControl::Kind::button, label, id);
    if (chosen) ImGui::PopStyleColor(2);
  }
  ImGui::PopStyleVar();
  const float row_w = 11 * size + 10 * spacing;
  const float x0 = ImGui::GetCursorPosX();
  ImGui::PushStyleColor(ImGuiCol_Text, platform::to_vec4(pal::text_soft));
  ImGui::TextUnformatted(low_label);
  ImGui::SameLine(x0 + row_w - ImGui::CalcTextSize(high_label).x);
  ImGui::TextUnformatted(high_label);
  ImGui::PopStyleColor();
  ImGui::PopID();
  return changed;
}

void meter(float fraction, const char* label, ImU32 colour) {
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, platform::to_vec4(colour));
  ImGui::ProgressBar(std::clamp(fraction, 0.0f, 1.0f), ImVec2(-1, ImGui::GetFontSize() * 1.3f),
                     label);
  ImGui::PopStyleColor();
}

ImVec2 remaining() { return ImGui::GetContentRegionAvail(); }

namespace {
// On the same line when `width` more fits in the page, else on the next (a narrow page: the
// clinician's panel beside it, or large text).
void same_line_if_fits(float width, float gap) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + gap + width <= right) ImGui::SameLine(0, gap);
}
float checkbox_width(const char* label) {
  return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
         ImGui::CalcTextSize(label).x;
}
}  // namespace

void settings_row(GameContext& ctx) {
  ImGui::PushStyleColor(ImGuiCol_Text, platform::to_vec4(pal::text_soft));
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Text size");
  ImGui::PopStyleColor();
  ImGui::SameLine();
  if (button("A-")) ctx.window.set_text_scale(ctx.window.text_scale() - 0.1);
  ImGui::SameLine();
  if (button("A+")) ctx.window.set_text_scale(ctx.window.text_scale() + 0.1);
  same_line_if_fits(checkbox_width("Sound") + ImGui::GetFontSize() * 7, 40);
  bool sound = !ctx.audio.muted();
  if (ImGui::Checkbox("Sound", &sound)) ctx.audio.set_muted(!sound);
  if (!ctx.audio.available()) {
    ImGui::SameLine();
    ImGui::TextDisabled("(no sound device)");
  } else {
    ImGui::SameLine();
    float volume = static_cast<float>(ctx.audio.volume());
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    if (ImGui::SliderFloat("##volume", &volume, 0.0f, 1.0f, "volume %.1f"))
      ctx.audio.set_volume(volume);
  }
  same_line_if_fits(checkbox_width("Calm tone"), 40);
  ImGui::Checkbox("Calm tone", &ctx.calm_tone);
  same_line_if_fits(checkbox_width("Full screen"), 40);
  bool full = ctx.window.fullscreen();
  if (ImGui::Checkbox("Full screen", &full)) ctx.window.set_fullscreen(full);
}

// [what the page offered] This frame's controls, and the last finished frame's.
namespace {
struct ControlRegistry {
  int frame = -1, previous_frame = -1;
  std::vector<DrawnControl> controls, previous;
};
ControlRegistry& registry() {
  static ControlRegistry r;  // one ImGui context a process, on the render thread
  return r;
}
// "  Continue now (3 s)  ##rest" -> "Continue now (3 s)"; an id alone names itself ("##name")
std::string visible_words(std::string_view label) {
  label = label.starts_with("##") ? label.substr(2) : label.substr(0, label.find("##"));
  const size_t first = label.find_first_not_of(' ');
  if (first == std::string_view::npos) return {};
  return std::string(label.substr(first, label.find_last_not_of(' ') - first + 1));
}
}  // namespace

void note_control(DrawnControl::Kind kind, std::string_view label, std::string_view group,
                  bool enabled) {
  ControlRegistry& r = registry();
  if (const int frame = ImGui::GetFrameCount(); frame != r.frame) {
    r.previous = std::move(r.controls);
    r.previous_frame = r.frame;
    r.controls.clear();
    r.frame = frame;
  }
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  r.controls.push_back({kind, visible_words(label), visible_words(group), min.x, min.y, max.x,
                        max.y, enabled});
}

std::vector<DrawnControl> controls_drawn_last_frame() {
  const ControlRegistry& r = registry();
  // Inside a frame the last finished one is the frame before; between frames, this one.
  const int now = ImGui::GetFrameCount();
  const int last = ImGui::GetCurrentContext()->WithinFrameScope ? now - 1 : now;
  if (r.frame == last) return r.controls;
  if (r.previous_frame == last) return r.previous;
  return {};
}

}  // namespace midline::ui
