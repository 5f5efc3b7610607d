#include "screens/ui.hpp"

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <string>
#include <utility>

#include <imgui_internal.h>  // ImGuiContext::WithinFrameScope
#include <imgui_stdlib.h>

#include "platform/theme.hpp"
#include "text/utf8.hpp"

namespace midline::ui {

namespace pal = platform::palette;

namespace {
// The title's size: it grows with A+ as far as 1.6 times the theme's, then the words below
// take the room (a 2.5-times heading alone would fill a sixth of a 720-pixel window).
constexpr double kTitleGrowsTo = 1.6;

// Which page drew last frame, so a new page opens at its top, whatever the last one had
// scrolled to.
struct LastPage {
  std::string title;
  int frame = -1;
  bool new_view = false;  // new_view() since
};
LastPage& last_page() {
  static LastPage page;  // one ImGui context a process, on the render thread
  return page;
}

// The theme's own text size (100%), for this window's height.
float theme_px() { return platform::kBodyPx * ImGui::GetMainViewport()->Size.y / 720.0f; }

// The DEMO or VIDEO label: in the page's own words, readable across a desk but no bigger than
// the Stop button beside it.
float badge_px() { return std::min(ImGui::GetFontSize(), theme_px()); }
}  // namespace

bool begin_page(GameContext& ctx, const char* title, const char* stop_label) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  // The patient's side: all of the window but the clinician's panel, when one is open.
  ImGui::SetNextWindowSize(ImVec2(vp->Size.x - ctx.side_panel_px, vp->Size.y));
  ImGui::Begin("##page", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoScrollWithMouse);
  const auto& fonts = ctx.window.fonts();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float width = ImGui::GetContentRegionAvail().x;

  // [header] Stop, always at the top right; the DEMO label beside it; the title in the room
  // left of them, or under them when that room is too narrow. None of it scrolls.
  ImGui::PushFont(fonts.body);
  const ImVec2 top = ImGui::GetCursorPos();
  const ImVec2 stop_size(ImGui::CalcTextSize(stop_label).x + 2 * style.FramePadding.x,
                         ImGui::GetFrameHeight());
  ImGui::SetCursorPos(ImVec2(top.x + width - stop_size.x, top.y));
  ImGui::PushStyleColor(ImGuiCol_Button, platform::to_vec4(pal::rgb(70, 78, 92)));
  const bool stop = ImGui::Button(stop_label, stop_size) || std::exchange(ctx.stop_requested, false);
  note_control(DrawnControl::Kind::page_stop, stop_label);
  ImGui::PopStyleColor();
  float right_block = stop_size.x;
  if (!ctx.badge.empty()) {
    const char* label = ctx.badge.c_str();
    float px = badge_px();
    ImVec2 size = ImGui::GetFont()->CalcTextSizeA(px, FLT_MAX, 0.0f, label);
    // A narrow page (large text beside the clinician's panel): smaller, never off the page.
    const float room = width - stop_size.x - style.ItemSpacing.x;
    if (size.x + px > room && size.x > 0) {
      px *= std::max(0.3f, room / (size.x + px));
      size = ImGui::GetFont()->CalcTextSizeA(px, FLT_MAX, 0.0f, label);
    }
    const ImVec2 pad(px * 0.5f, (stop_size.y - size.y) * 0.5f);
    const float badge_w = size.x + 2 * pad.x;
    const ImVec2 at(ImGui::GetWindowPos().x + top.x + width - stop_size.x - style.ItemSpacing.x -
                        badge_w,
                    ImGui::GetWindowPos().y + top.y);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(at, ImVec2(at.x + badge_w, at.y + stop_size.y), pal::purple,
                        stop_size.y * 0.25f);
    draw->AddText(ImGui::GetFont(), px, ImVec2(at.x + pad.x, at.y + pad.y), pal::rgb(20, 20, 28),
                  label);
    right_block += style.ItemSpacing.x + badge_w;
  }
  ImGui::PopFont();

  ImGui::PushFont(fonts.heading);
  ImGui::SetWindowFontScale(heading_scale(ctx));
  platform::show_text_in_current_window(title);  // an exercise's title from its level file
  const float beside = width - right_block - style.ItemSpacing.x;
  const float longest_word = [&] {
    float w = 0.0f;
    const std::string_view words(title);
    for (size_t at = 0; at < words.size();) {
      const size_t end = std::min(words.find(' ', at), words.size());
      w = std::max(w, ImGui::CalcTextSize(words.data() + at, words.data() + end).x);
      at = end + 1;
    }
    return w;
  }();
  if (beside >= std::max(width * 0.35f, longest_word)) {
    ImGui::SetCursorPos(top);
    ImGui::PushTextWrapPos(top.x + beside);
  } else {  // under the header's buttons, across the page
    ImGui::SetCursorPos(ImVec2(top.x, top.y + stop_size.y + style.ItemSpacing.y));
    ImGui::PushTextWrapPos(0.0f);
  }
  ImGui::TextUnformatted(title);
  ImGui::PopTextWrapPos();
  ImGui::SetWindowFontScale(1.0f);
  ImGui::PopFont();
  ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(), top.y + stop_size.y + style.ItemSpacing.y));

  // [content] The rest of the page scrolls when it does not fit, with a scroll bar to show it;
  // a new page opens at its top.
  LastPage& last = last_page();
  const int frame = ImGui::GetFrameCount();
  if (last.title != title || last.frame < frame - 1 || last.new_view)
    ImGui::SetNextWindowScroll(ImVec2(0.0f, 0.0f));
  last = {title, frame, false};
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0, 0, 0, 0));
  ImGui::BeginChild("##content", ImVec2(0, 0), false);
  ImGui::PopStyleColor();
  return stop;
}

void new_view() { last_page().new_view = true; }

float heading_scale(GameContext& ctx) {
  const double text_scale = ctx.window.text_scale();
  return static_cast<float>(std::min(text_scale, kTitleGrowsTo) / text_scale);
}

void end_page() {
  ImGui::EndChild();
  ImGui::End();
}

namespace {
// A button's words wider than its room (large text on a page narrowed by the clinician's
// panel) are drawn smaller while it lives, never cut off: a button must say what it does.
class LabelFitted {
 public:
  LabelFitted(const char* label, ImVec2 size) : scale_(ImGui::GetCurrentWindow()->FontWindowScale) {
    const float padding = 2 * ImGui::GetStyle().FramePadding.x;
    const float avail = ImGui::GetContentRegionAvail().x;
    const float room = size.x > 0 ? size.x : size.x < 0 ? avail + size.x : avail;
    const float words = ImGui::CalcTextSize(label, nullptr, true).x;
    if (words > 0 && words + padding > room)
      ImGui::SetWindowFontScale(scale_ * std::max(0.5f, (room - padding) / words));
  }
  ~LabelFitted() { ImGui::SetWindowFontScale(scale_); }
  LabelFitted(const LabelFitted&) = delete;
  LabelFitted& operator=(const LabelFitted&) = delete;

 private:
  float scale_;
};
}  // namespace

bool button(const char* label, ImVec2 size, bool enabled) {
  platform::show_text_in_current_window(label);  // a level's title, a name
  bool pressed = false;
  {
    const LabelFitted fitted(label, size);
    if (!enabled) ImGui::BeginDisabled();
    pressed = ImGui::Button(label, size);
    if (!enabled) ImGui::EndDisabled();
  }
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

void text_in_lines(const std::string& s, int max_lines, bool soft, float width) {
  static constexpr const char* kEllipsis = "\xE2\x80\xA6";  // …
  ImFont* font = ImGui::GetFont();
  const float scale = ImGui::GetFontSize() / font->FontSize;
  if (width <= 0.0f) width = ImGui::GetContentRegionAvail().x;
  const char* const end = s.data() + s.size();
  const char* line = s.data();
  for (int n = 1; n < std::max(1, max_lines) && line < end; ++n) {  // the lines shown whole
    const char* wrap = font->CalcWordWrapPositionA(scale, line, end, width);
    if (wrap == line) {  // not even one word fits: a character at least, as ImGui draws it
      ++wrap;
      while (wrap < end && (static_cast<unsigned char>(*wrap) & 0xC0) == 0x80) ++wrap;
    }
    line = wrap;
    while (line < end && (*line == ' ' || *line == '\n')) ++line;
  }
  std::string shown = s;
  if (line < end && font->CalcTextSizeA(ImGui::GetFontSize(), FLT_MAX, 0.0f, line, end).x > width) {
    platform::show_text_in_current_window(kEllipsis);
    const float ellipsis = ImGui::CalcTextSize(kEllipsis).x;
    const char* cut = font->CalcWordWrapPositionA(scale, line, end, std::max(0.0f, width - ellipsis));
    while (cut > line && cut[-1] == ' ') --cut;
    shown = std::string(s.data(), cut) + kEllipsis;
  }
  platform::show_text_in_current_window(shown);
  ImGui::PushStyleColor(ImGuiCol_Text, platform::to_vec4(soft ? pal::text_soft : pal::text));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextUnformatted(shown.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

float picture_words_px(const char* words, float width) {
  const float px = ImGui::GetFontSize();
  const float wide = ImGui::GetFont()->CalcTextSizeA(px, FLT_MAX, 0.0f, words).x;
  if (wide <= width || wide <= 0.0f) return px;
  return std::max(std::min(px, theme_px()), px * width / wide);
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
  // Room kept for the page's scroll bar, which appears a frame after the page outgrows the
  // window: eleven buttons that just fit would otherwise end past the side for that frame.
  const float room = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
  const float size = std::min(ImGui::GetFontSize() * 2.4f, (room - 10 * spacing) / 11.0f);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(spacing, spacing));
  // Square buttons sized here, their number centred: the style's padding (grown with large
  // text) would push the number off the middle of a button narrowed to fit the row.
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(0.0f, 0.0f));
  for (int i = 0; i <= 10; ++i) {
    if (i) ImGui::SameLine();
    const bool chosen = value == i;
    if (chosen) ImGui::PushStyleColor(ImGuiCol_Button, platform::to_vec4(pal::sky_blue));
    if (chosen) ImGui::PushStyleColor(ImGuiCol_Text, platform::to_vec4(pal::rgb(16, 24, 32)));
    char label[8];
    std::snprintf(label, sizeof label, "%d", i);
    const LabelFitted fitted(label, ImVec2(size, size));
    if (ImGui::Button(label, ImVec2(size, size))) {
      value = i;
      changed = true;
    }
    note_control(DrawnControl::Kind::button, label, id);
    if (chosen) ImGui::PopStyleColor(2);
  }
  ImGui::PopStyleVar(2);
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

void same_line_if_fits(float width, float gap) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + gap + width <= right) ImGui::SameLine(0, gap);
}

int rows_of_buttons(const std::vector<std::string>& labels) {
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float width = ImGui::GetContentRegionAvail().x;
  int rows = labels.empty() ? 0 : 1;
  float x = -gap;  // where the row ends so far
  for (const std::string& label : labels) {
    const float w = button_width(label.c_str());
    if (x > 0.0f && x + gap + w > width) {
      ++rows;
      x = w;
    } else {
      x += gap + w;
    }
  }
  return rows;
}

int columns_that_fit(int wanted, float min_column_em) {
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float width = ImGui::GetContentRegionAvail().x;
  for (int columns = wanted; columns > 1; --columns) {
    const float column = (width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    if (column >= ImGui::GetFontSize() * min_column_em) return columns;
  }
  return 1;
}

float button_width(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
}

namespace {
float checkbox_width(const char* label) {
  return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
         ImGui::CalcTextSize(label).x;
}
}  // namespace

bool settings_row(GameContext& ctx) {
  const double size = ctx.window.text_scale();
  ImGui::PushStyleColor(ImGuiCol_Text, platform::to_vec4(pal::text_soft));
  ImGui::AlignTextToFramePadding();
  char words[32];
  std::snprintf(words, sizeof words, "Text size %.0f%%", size * 100.0);
  ImGui::TextUnformatted(words);
  ImGui::PopStyleColor();
  // A- and A+ stay together, under the words when a narrow page (beside the clinician's
  // panel) has no room for both beside them.
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  same_line_if_fits(button_width("A-") + gap + button_width("A+"), gap);
  // A size change takes effect next frame, when the fonts are rebuilt.
  if (button("A-", ImVec2(0, 0), size > platform::kMinTextScale))
    ctx.window.set_text_scale(size - 0.1);
  ImGui::SameLine();
  if (button("A+", ImVec2(0, 0), size < platform::kMaxTextScale))
    ctx.window.set_text_scale(size + 0.1);
  const bool resized = ctx.window.text_scale() != size;
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
  return resized;
}

void keep_text_size(GameContext& ctx, const std::optional<std::string>& player) {
  const std::string problem = ctx.player_settings->set_text_size(player, ctx.window.text_scale());
  if (!problem.empty()) std::fprintf(stderr, "midline: the text size was not kept: %s\n", problem.c_str());
}

void show_kept_text_size(GameContext& ctx, const std::optional<std::string>& player) {
  if (const auto size = ctx.player_settings->text_size(player)) ctx.window.set_text_scale(*size);
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
  DrawnControl control{kind, visible_words(label), visible_words(group), min.x, min.y, max.x,
                       max.y, enabled};
  // What of its window shows, within the program's window; whether that window, or one
  // around it, scrolls to what is not shown.
  const ImGuiWindow* window = ImGui::GetCurrentWindow();
  ImRect shown = window->InnerClipRect;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  shown.ClipWithFull(ImRect(vp->Pos, ImVec2(vp->Pos.x + vp->Size.x, vp->Pos.y + vp->Size.y)));
  control.shown_min_x = shown.Min.x;
  control.shown_min_y = shown.Min.y;
  control.shown_max_x = shown.Max.x;
  control.shown_max_y = shown.Max.y;
  for (const ImGuiWindow* w = window; w && !control.scrolls; w = w->ParentWindow)
    control.scrolls = w->ScrollMax.y > 0.0f && !(w->Flags & ImGuiWindowFlags_NoScrollWithMouse);
  r.controls.push_back(control);
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
