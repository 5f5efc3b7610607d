#include "platform/theme.hpp"

#include <filesystem>

namespace midline::platform {

namespace {
constexpr const char* kFontDir = "/usr/share/fonts/truetype/dejavu/";  // fonts-dejavu-core
}

ImVec4 to_vec4(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

Fonts load_fonts(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  Fonts fonts;
  const std::string regular = std::string(kFontDir) + "DejaVuSans.ttf";
  const std::string bold = std::string(kFontDir) + "DejaVuSans-Bold.ttf";
  if (std::filesystem::exists(regular) && std::filesystem::exists(bold)) {
    ImFontConfig config;
    config.OversampleH = 2;
    fonts.body = io.Fonts->AddFontFromFileTTF(regular.c_str(), kBodyPx * scale, &config);
    fonts.heading = io.Fonts->AddFontFromFileTTF(bold.c_str(), kHeadingPx * scale, &config);
    fonts.huge = io.Fonts->AddFontFromFileTTF(bold.c_str(), kHugePx * scale, &config);
    fonts.dejavu = fonts.body && fonts.heading && fonts.huge;
  }
  if (!fonts.dejavu) {  // the built-in 13-pixel font, enlarged: legible if not pretty
    io.Fonts->Clear();
    ImFontConfig config;
    config.SizePixels = kBodyPx * scale;
    fonts.body = io.Fonts->AddFontDefault(&config);
    config.SizePixels = kHeadingPx * scale;
    fonts.heading = io.Fonts->AddFontDefault(&config);
    config.SizePixels = kHugePx * scale;
    fonts.huge = io.Fonts->AddFontDefault(&config);
  }
  return fonts;
}

void apply_style(float scale) {
  ImGuiStyle style;
  ImGui::StyleColorsDark(&style);
  style.WindowRounding = 14.0f;
  style.FrameRounding = 12.0f;
  style.GrabRounding = 12.0f;
  style.WindowPadding = ImVec2(28, 24);
  style.FramePadding = ImVec2(22, 14);
  style.ItemSpacing = ImVec2(18, 16);
  style.GrabMinSize = 34.0f;
  style.ScrollbarSize = 24.0f;
  style.WindowBorderSize = 0.0f;
  style.ScaleAllSizes(scale);
  using namespace palette;
  ImVec4* c = style.Colors;
  c[ImGuiCol_WindowBg] = to_vec4(background);
  c[ImGuiCol_ChildBg] = to_vec4(panel);
  c[ImGuiCol_PopupBg] = to_vec4(panel);
  c[ImGuiCol_Text] = to_vec4(text);
  c[ImGuiCol_TextDisabled] = to_vec4(text_soft);
  c[ImGuiCol_Button] = to_vec4(rgb(44, 92, 130));
  c[ImGuiCol_ButtonHovered] = to_vec4(rgb(56, 114, 158));
  c[ImGuiCol_ButtonActive] = to_vec4(blue);
  c[ImGuiCol_FrameBg] = to_vec4(rgb(44, 62, 80));
  c[ImGuiCol_FrameBgHovered] = to_vec4(rgb(52, 74, 94));
  c[ImGuiCol_FrameBgActive] = to_vec4(rgb(58, 82, 104));
  c[ImGuiCol_SliderGrab] = to_vec4(sky_blue);
  c[ImGuiCol_SliderGrabActive] = to_vec4(sky_blue);
  c[ImGuiCol_CheckMark] = to_vec4(sky_blue);
  c[ImGuiCol_PlotHistogram] = to_vec4(sky_blue);
  c[ImGuiCol_Border] = to_vec4(rgb(70, 90, 110));
  ImGui::GetStyle() = style;
}

}  // namespace midline::platform
