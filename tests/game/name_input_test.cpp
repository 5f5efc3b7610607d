// The name field takes up to its limit in characters of any script, refuses the rest, and
// never cuts a character in half (it was a 64-byte buffer that cut names silently). Typing is
// fed to Dear ImGui as the window's events would be; no window or GPU is needed.

#include <gtest/gtest.h>
#include <imgui.h>

#include <string>

#include "game/headless_imgui.hpp"
#include "screens/ui.hpp"
#include "text/utf8.hpp"

namespace midline {
namespace {

class NameField : public testing::HeadlessImGui {
 protected:

  // One frame with the field focused; `typed` arrives as SDL's text events would bring it.
  void frame(std::string& value, const std::string& typed = "") {
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1.0f / 60.0f;
    if (!typed.empty()) io.AddInputCharactersUTF8(typed.c_str());
    ImGui::NewFrame();
    ImGui::Begin("home");
    if (first_) ImGui::SetKeyboardFocusHere();
    first_ = false;
    ui::limited_input("##name", "Your name", value, 40);
    ImGui::End();
    ImGui::Render();
  }

  bool first_ = true;
};

std::string repeated(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST_F(NameField, TakesFortyCharactersOfAnyScriptAndRefusesMore) {
  std::string name;
  frame(name);
  frame(name);  // the focus asked for takes a frame to arrive
  frame(name, repeated("Ж", 35));  // 70 bytes: more than the old buffer held
  frame(name);
  EXPECT_EQ(name, repeated("Ж", 35));
  frame(name, repeated("ש", 10));
  frame(name);
  EXPECT_EQ(name, repeated("Ж", 35) + repeated("ש", 5));
  EXPECT_EQ(text::character_count(name), 40u);
  EXPECT_TRUE(text::is_valid_utf8(name));
}

TEST_F(NameField, AKeptLongerNameIsShownWholeNotCut) {
  std::string name = repeated("مريم ", 12);  // 60 characters, kept before the limit existed
  const std::string kept = name;
  frame(name);
  frame(name);
  frame(name);
  EXPECT_EQ(name, kept);
  frame(name, "x");  // no room: refused, the name left as it is
  frame(name);
  EXPECT_EQ(name, kept);
}

}  // namespace
}  // namespace midline
