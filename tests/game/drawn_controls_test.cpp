// What the ui helpers tell the autoplay driver: each labelled control of the last finished
// frame, with its words, row and place; a click at the place it gives presses the control.
// Dear ImGui runs without a window, the mouse fed to it as the window's events would.

#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <functional>
#include <string>

#include "game/headless_imgui.hpp"
#include "screens/ui.hpp"

namespace midline {
namespace {

class DrawnControls : public testing::HeadlessImGui {
 protected:

  // One frame of a small page; returns whether Continue was pressed. `inside` runs mid-frame.
  bool frame(bool continue_enabled = true, const std::function<void()>& inside = {}) {
    ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(800, 600));
    ImGui::Begin("page");
    if (inside) inside();
    ui::scale_row("pain", pain_, "none", "worst");
    ui::limited_input("##name", "Your name", name_, 40);
    const bool pressed = ui::big_button("  Continue  ", 0, continue_enabled);
    ImGui::End();
    ImGui::Render();
    return pressed;
  }

  int pain_ = -1;
  std::string name_;
};

const DrawnControl* find(const std::vector<DrawnControl>& controls, const std::string& label,
                         const std::string& group = "") {
  const auto it = std::find_if(controls.begin(), controls.end(), [&](const DrawnControl& c) {
    return c.label == label && c.group == group;
  });
  return it == controls.end() ? nullptr : &*it;
}

TEST_F(DrawnControls, TellsEachLabelledControlOfTheLastFrameWithItsRowAndState) {
  frame(false);
  const auto controls = ui::controls_drawn_last_frame();
  ASSERT_EQ(controls.size(), 11u + 1u + 1u);  // the scale's 0..10, the field, Continue
  const DrawnControl* three = find(controls, "3", "pain");
  ASSERT_NE(three, nullptr);
  EXPECT_LT(three->min_x, three->max_x);
  EXPECT_GT(three->min_x, find(controls, "2", "pain")->max_x);  // in a row, left to right
  const DrawnControl* field = find(controls, "Your name", "name");
  ASSERT_NE(field, nullptr);
  EXPECT_EQ(field->kind, DrawnControl::Kind::text_field);
  const DrawnControl* go = find(controls, "Continue");  // without its padding
  ASSERT_NE(go, nullptr);
  EXPECT_FALSE(go->enabled);
  EXPECT_GT(go->min_y, field->max_y);

  // Mid-frame, the last finished frame is still the one told.
  size_t seen_mid_frame = 0;
  frame(true, [&] { seen_mid_frame = ui::controls_drawn_last_frame().size(); });
  EXPECT_EQ(seen_mid_frame, controls.size());
  EXPECT_TRUE(find(ui::controls_drawn_last_frame(), "Continue")->enabled);
}

TEST_F(DrawnControls, AClickAtAControlsCentrePressesIt) {
  frame();
  const DrawnControl three = *find(ui::controls_drawn_last_frame(), "3", "pain");
  const DrawnControl go = *find(ui::controls_drawn_last_frame(), "Continue");
  ImGuiIO& io = ImGui::GetIO();
  auto click = [&](const DrawnControl& c) {
    io.MousePos = ImVec2(c.centre_x(), c.centre_y());
    io.MouseDown[0] = true;
    bool pressed = frame();
    io.MouseDown[0] = false;
    pressed |= frame();
    return pressed;
  };
  EXPECT_FALSE(click(three));
  EXPECT_EQ(pain_, 3);
  EXPECT_TRUE(click(go));
}

}  // namespace
}  // namespace midline
