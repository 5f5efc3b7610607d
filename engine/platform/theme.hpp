#pragma once
// How Midline looks: a calm dark theme, large text in DejaVu Sans, and a colour-blind-safe
// palette (Okabe & Ito). Nothing flashes; states differ by shape and words as well as colour.

#include <imgui.h>

#include <string_view>
#include <vector>

namespace midline::platform {

namespace palette {
inline constexpr ImU32 rgb(int r, int g, int b, int a = 255) {
  return static_cast<ImU32>(r) | static_cast<ImU32>(g) << 8 | static_cast<ImU32>(b) << 16 |
         static_cast<ImU32>(a) << 24;
}
inline constexpr ImU32 background = rgb(24, 36, 48);     // deep slate blue, low glare
inline constexpr ImU32 panel = rgb(34, 50, 66);
inline constexpr ImU32 text = rgb(238, 242, 244);
inline constexpr ImU32 text_soft = rgb(178, 192, 202);
inline constexpr ImU32 sky_blue = rgb(86, 180, 233);     // calm, "in the zone"
inline constexpr ImU32 bluish_green = rgb(0, 158, 115);  // done, well held
inline constexpr ImU32 orange = rgb(230, 159, 0);        // attention, never "wrong"
inline constexpr ImU32 yellow = rgb(240, 228, 66);       // light, warmth
inline constexpr ImU32 blue = rgb(0, 114, 178);
inline constexpr ImU32 purple = rgb(204, 121, 167);
}  // namespace palette

ImVec4 to_vec4(ImU32 colour);

struct Fonts {
  ImFont* body = nullptr;     // instructions and buttons
  ImFont* heading = nullptr;  // a screen's title
  ImFont* huge = nullptr;     // a few words that must be read from across a room
  bool dejavu = false;        // false: ImGui's built-in font, scaled
};

// Theme sizes in pixels at 720 pixels of window height.
inline constexpr float kBodyPx = 30.0f;
inline constexpr float kHeadingPx = 46.0f;
inline constexpr float kHugePx = 72.0f;

// Every atlas holds Latin (to Latin Extended-A), general punctuation and U+FFFD, the glyph
// drawn for a character it lacks; whether `c` is among them.
bool in_base_glyph_set(char32_t c);

// Adds to `chars` (kept sorted) the characters of `utf8` beyond the base set, only those: whole
// alphabets would make an 8192-pixel atlas at large sizes. Returns true when any was added
// (the atlas must then be rebuilt: once per new letter while typing, 10-20 ms at 720p).
bool add_characters_for(std::string_view utf8, std::vector<ImWchar>& chars);

// (Re)builds the font atlas at `pixel_scale` times the theme sizes, with the base set and the
// characters in `more` (those of the names, level texts and typed text on show: a fixed set
// of every script at three large sizes would take seconds to build). DejaVu Sans draws what
// it can (Greek, Cyrillic, Hebrew, Arabic letters among them); fontconfig finds an installed
// font for the rest (Symbola for symbols, Noto for other scripts). Dear ImGui 1.86 as Debian
// builds it stores characters in 16 bits and does not shape or reorder text, so characters
// past U+FFFF (most emoji) are drawn as U+FFFD, Arabic letters unjoined and right-to-left
// words left to right.
Fonts load_fonts(float pixel_scale, const std::vector<ImWchar>& more = {});
// Applies the theme to ImGui's style at `pixel_scale`.
void apply_style(float pixel_scale);

}  // namespace midline::platform
