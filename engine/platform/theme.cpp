#include "platform/theme.hpp"

#include <fontconfig/fontconfig.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "text/utf8.hpp"

namespace midline::platform {

namespace {

constexpr const char* kFontDir = "/usr/share/fonts/truetype/dejavu/";  // fonts-dejavu-core

// Latin-1, Latin Extended-A, general punctuation, U+FFFD.
constexpr ImWchar kBaseRanges[] = {0x0020, 0x017F, 0x2010, 0x205E, 0xFFFD, 0xFFFD, 0};

struct FontFile {
  std::string path;
  int index = 0;  // in a collection (.ttc)
  bool operator<(const FontFile& o) const { return std::tie(path, index) < std::tie(o.path, o.index); }
};

FcConfig* fontconfig() {
  static FcConfig* config = FcInitLoadConfigAndFonts();  // reads fontconfig's cache once
  return config;
}

// The installed font fontconfig prefers for `c` when DejaVu Sans lacks it (symbols: Symbola;
// other scripts: Noto; Chinese, Japanese, Korean: WenQuanYi), or nothing. Colour-only emoji
// fonts are passed over: stb_truetype draws outlines only. Fonts are sorted once per block
// of 128 characters (a sort takes milliseconds, and alphabets come a block at a time).
std::optional<FontFile> fallback_font_for(ImWchar c) {
  static std::map<unsigned, FcFontSet*> sorted_by_block;  // kept for the program's life
  const unsigned block = c & ~0x7Fu;
  FcFontSet*& fonts = sorted_by_block[block];
  if (!fonts) {
    FcPattern* pattern = FcPatternCreate();
    FcCharSet* wanted = FcCharSetCreate();
    for (unsigned k = block; k < block + 0x80; ++k) FcCharSetAddChar(wanted, k);
    FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8*>("DejaVu Sans"));
    FcPatternAddCharSet(pattern, FC_CHARSET, wanted);
    FcPatternAddBool(pattern, FC_COLOR, FcFalse);
    FcConfigSubstitute(fontconfig(), pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result;
    fonts = FcFontSort(fontconfig(), pattern, FcFalse, nullptr, &result);
    FcCharSetDestroy(wanted);
    FcPatternDestroy(pattern);
    if (!fonts) return std::nullopt;
  }
  for (int i = 0; i < fonts->nfont; ++i) {
    FcCharSet* has = nullptr;
    FcChar8* file = nullptr;
    FcBool colour = FcFalse;
    int index = 0;
    FcPatternGetBool(fonts->fonts[i], FC_COLOR, 0, &colour);
    FcPatternGetInteger(fonts->fonts[i], FC_INDEX, 0, &index);
    if (colour || FcPatternGetCharSet(fonts->fonts[i], FC_CHARSET, 0, &has) != FcResultMatch ||
        !FcCharSetHasChar(has, c) ||
        FcPatternGetString(fonts->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
      continue;
    const std::string path = reinterpret_cast<const char*>(file);
    if (path.ends_with(".ttf") || path.ends_with(".otf") || path.ends_with(".ttc") ||
        path.ends_with(".TTF"))
      return FontFile{path, index};
  }
  return std::nullopt;
}

// Glyph ranges as ImGui wants them: pairs, zero-terminated, alive until the atlas is built.
std::vector<ImWchar> ranges_of(std::vector<ImWchar> chars) {
  std::sort(chars.begin(), chars.end());
  std::vector<ImWchar> ranges;
  for (const ImWchar c : chars) {
    if (!ranges.empty() && ranges.back() + 1 >= c) {  // sorted: extends the last range
      ranges.back() = c;
    } else {
      ranges.push_back(c);
      ranges.push_back(c);
    }
  }
  ranges.push_back(0);
  return ranges;
}

bool dejavu_has(ImWchar c) {
  static FcCharSet* dejavu = [] {
    FcCharSet* set = nullptr;
    FcPattern* pattern = FcPatternCreate();
    FcPatternAddString(pattern, FC_FILE,
                       reinterpret_cast<const FcChar8*>((std::string(kFontDir) + "DejaVuSans.ttf").c_str()));
    FcObjectSet* wanted = FcObjectSetBuild(FC_CHARSET, nullptr);
    if (FcFontSet* fonts = FcFontList(fontconfig(), pattern, wanted)) {
      if (fonts->nfont > 0) {
        FcCharSet* found = nullptr;
        if (FcPatternGetCharSet(fonts->fonts[0], FC_CHARSET, 0, &found) == FcResultMatch)
          set = FcCharSetCopy(found);
      }
      FcFontSetDestroy(fonts);
    }
    FcObjectSetDestroy(wanted);
    FcPatternDestroy(pattern);
    return set;
  }();
  return dejavu && FcCharSetHasChar(dejavu, c);
}

// A font file's bytes, read once and kept for the program's life: the atlas is rebuilt on
// every text size change, and reading a CJK font three times over took most of the time.
std::vector<char>* font_file(const std::string& path) {
  static std::map<std::string, std::vector<char>> files;
  auto [at, added] = files.try_emplace(path);
  if (added) {
    std::ifstream in(path, std::ios::binary);
    at->second.assign(std::istreambuf_iterator<char>(in), {});
  }
  return at->second.empty() ? nullptr : &at->second;
}

}  // namespace

ImVec4 to_vec4(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

bool in_base_glyph_set(char32_t c) {
  for (const ImWchar* r = kBaseRanges; r[0]; r += 2)
    if (c >= r[0] && c <= r[1]) return true;
  return false;
}

bool add_characters_for(std::string_view utf8, std::vector<ImWchar>& chars) {
  bool added = false;
  for (const char32_t shown : text::code_points(utf8)) {
    if (shown > IM_UNICODE_CODEPOINT_MAX || in_base_glyph_set(shown)) continue;
    const auto at = std::lower_bound(chars.begin(), chars.end(), shown);
    if (at != chars.end() && *at == shown) continue;
    chars.insert(at, static_cast<ImWchar>(shown));
    added = true;
  }
  return added;
}

Fonts load_fonts(float scale, const std::vector<ImWchar>& more) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  Fonts fonts;
  const std::string regular = std::string(kFontDir) + "DejaVuSans.ttf";
  const std::string bold = std::string(kFontDir) + "DejaVuSans-Bold.ttf";
  if (std::filesystem::exists(regular) && std::filesystem::exists(bold)) {
    std::vector<ImWchar> wanted(more);
    for (const ImWchar* r = kBaseRanges; r[0]; r += 2)
      for (unsigned c = r[0]; c <= r[1]; ++c) wanted.push_back(static_cast<ImWchar>(c));
    // Kept alive until the atlas is built, below; ImGui keeps only the pointers.
    static std::vector<ImWchar> all;
    static std::map<FontFile, std::vector<ImWchar>> fallbacks;
    all = ranges_of(wanted);
    fallbacks.clear();
    for (const ImWchar c : more) {
      if (dejavu_has(c)) continue;
      if (const auto file = fallback_font_for(c)) fallbacks[*file].push_back(c);
    }
    for (auto& [file, chars] : fallbacks) chars = ranges_of(chars);

    // One font per role; each merges regular DejaVu (bold lacks some scripts) and the
    // fallbacks. A merged font adds only the characters the fonts before it lack.
    auto add_file = [&](const std::string& path, float px, ImFontConfig config,
                        const ImWchar* ranges) -> ImFont* {
      std::vector<char>* bytes = font_file(path);
      if (!bytes) return nullptr;
      config.FontDataOwnedByAtlas = false;  // kept by font_file
      return io.Fonts->AddFontFromMemoryTTF(bytes->data(), static_cast<int>(bytes->size()), px,
                                            &config, ranges);
    };
    auto add = [&](const std::string& first, float px) {
      ImFontConfig config;
      config.OversampleH = px < 40 ? 2 : 1;  // sharper small text; large text gains nothing
      ImFont* font = add_file(first, px, config, all.data());
      if (!font) return font;
      ImFontConfig merge = config;
      merge.MergeMode = true;
      if (first != regular) add_file(regular, px, merge, all.data());
      for (const auto& [file, chars] : fallbacks) {
        merge.FontNo = file.index;
        add_file(file.path, px, merge, chars.data());
      }
      return font;
    };
    fonts.body = add(regular, kBodyPx * scale);
    fonts.heading = add(bold, kHeadingPx * scale);
    fonts.huge = add(bold, kHugePx * scale);
    fonts.dejavu = fonts.body && fonts.heading && fonts.huge && io.Fonts->Build();
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
