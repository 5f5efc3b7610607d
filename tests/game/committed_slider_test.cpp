// The editors' number sliders give a number once, when it is let go: typing "20" into one is
// never taken as 2 on the way (each keystroke used to be judged alone).

#include <gtest/gtest.h>
#include <imgui.h>

#include <optional>
#include <vector>

#include "game/headless_imgui.hpp"
#include "screens/ui.hpp"

namespace midline {
namespace {

class CommittedSlider : public testing::HeadlessImGui {
 protected:
  // One frame with the slider; `typed` arrives as text events, `enter` presses Enter.
  std::optional<double> frame(double current, const char* typed = "", bool enter = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1.0f / 60.0f;
    io.KeyMap[ImGuiKey_Enter] = kEnter;
    io.KeysDown[kEnter] = enter;
    io.AddInputCharactersUTF8(typed);
    ImGui::NewFrame();
    ImGui::Begin("editor");
    if (focus_) ImGui::SetKeyboardFocusHere();  // as Tab or Ctrl+click would: typing into it
    focus_ = false;
    const auto committed = ui::committed_slider("repetitions", current, 1.0, 20.0, "%.0f");
    ImGui::End();
    ImGui::Render();
    return committed;
  }

  static constexpr int kEnter = 13;
  bool focus_ = true;
};

TEST_F(CommittedSlider, TypingTwentyGivesTwentyOnceOnEnter) {
  const double kept = 6.0;  // what the level holds until a number is committed
  std::vector<double> given;
  for (const char* typed : {"", "", "2", "", "0", ""})
    if (const auto value = frame(kept, typed)) given.push_back(*value);
  EXPECT_TRUE(given.empty()) << "a number was taken while typing: " << given.front();
  if (const auto value = frame(kept, "", true)) given.push_back(*value);
  for (int i = 0; i < 2; ++i)
    if (const auto value = frame(kept)) given.push_back(*value);
  ASSERT_EQ(given.size(), 1u);
  EXPECT_EQ(given[0], 20.0);
}

TEST_F(CommittedSlider, ShowsTheCallersNumberWhenNotInUse) {
  focus_ = false;
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(frame(6.0).has_value());
}

}  // namespace
}  // namespace midline
