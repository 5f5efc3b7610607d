// The game's fonts draw the names people have: the atlas holds a glyph for each character of
// the text on show (no "?" in its place), and what no installed font has is drawn as U+FFFD.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "platform/theme.hpp"
#include "text/utf8.hpp"  // code_points

namespace midline::platform {
namespace {

struct FontAtlas : ::testing::Test {
  void SetUp() override { ImGui::CreateContext(); }
  void TearDown() override { ImGui::DestroyContext(); }
};

std::vector<ImWchar> characters_beyond_the_base(const std::string& utf8) {
  std::vector<ImWchar> out;
  add_characters_for(utf8, out);
  return out;
}

TEST_F(FontAtlas, HoldsAGlyphForEveryCharacterOfTheNamesOnShow) {
  // Cyrillic, Hebrew, Arabic, Greek, Latin, emoji-like symbols of the BMP, Devanagari, Chinese.
  const std::string names = "Ирина שרה مريم Ελένη Zoë Łukasz ☀❤⛄ नमस्ते 李华";
  const Fonts fonts = load_fonts(1.0f, characters_beyond_the_base(names));
  ASSERT_TRUE(fonts.dejavu) << "DejaVu Sans (fonts-dejavu-core) is not installed";
  for (ImFont* font : {fonts.body, fonts.heading, fonts.huge}) {
    for (const char32_t c : text::code_points(names)) {
      if (c == ' ') continue;
      EXPECT_NE(font->FindGlyphNoFallback(static_cast<ImWchar>(c)), nullptr)
          << "no glyph for U+" << std::hex << static_cast<unsigned>(c) << " at "
          << font->FontSize << " px";
    }
    // What no font has (or past U+FFFF, which this Dear ImGui cannot hold) shows as U+FFFD.
    EXPECT_EQ(font->FallbackChar, 0xFFFD);
  }
}

TEST(FontCharacters, OnlyNewCharactersBeyondTheBaseSetAskForAnAtlas) {
  std::vector<ImWchar> chars;
  EXPECT_FALSE(add_characters_for("Zoë Łukasz", chars));  // the base set has them
  EXPECT_TRUE(add_characters_for("Ирина", chars));
  EXPECT_EQ(chars.size(), 5u);  // И р и н а
  EXPECT_FALSE(add_characters_for("Ина", chars));  // nothing new: no atlas to rebuild
  EXPECT_TRUE(add_characters_for("李", chars));
  EXPECT_TRUE(std::is_sorted(chars.begin(), chars.end()));
  EXPECT_FALSE(add_characters_for("😀", chars));  // past U+FFFF: this Dear ImGui cannot hold it
}

TEST_F(FontAtlas, TheBaseSetAloneStaysSmall) {
  const Fonts fonts = load_fonts(1.0f);
  ASSERT_TRUE(fonts.dejavu);
  const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  EXPECT_LE(atlas.TexWidth * atlas.TexHeight, 2048 * 2048) << atlas.TexWidth << "x" << atlas.TexHeight;
  EXPECT_EQ(fonts.body->FindGlyphNoFallback(0x0416), nullptr);  // Ж: only when shown
  EXPECT_NE(fonts.body->FindGlyphNoFallback(0x0141), nullptr);  // Ł: Latin Extended-A
}

}  // namespace
}  // namespace midline::platform
