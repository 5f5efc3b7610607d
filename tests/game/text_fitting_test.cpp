// The ui helpers that keep words and buttons within a page at large text: an instruction cut
// to the lines it may take, and the rows a wrapping row of buttons takes. Dear ImGui runs
// without a window.

#include <gtest/gtest.h>
#include <imgui.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "game/headless_imgui.hpp"
#include "screens/ui.hpp"

namespace midline {
namespace {

class TextFitting : public testing::HeadlessImGui {
 protected:
  // One frame of a page `width` wide, running `inside` in it.
  void frame(float width, const std::function<void()>& inside) {
    ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(width, 600));
    ImGui::Begin("page", nullptr, ImGuiWindowFlags_NoDecoration);
    inside();
    ImGui::End();
    ImGui::Render();
  }
};

const std::string kInstruction =
    "Find your midline. Halfway through the hold the screen rests: keep your head where it is.";

TEST_F(TextFitting, AnInstructionTakesNoMoreLinesThanItIsGivenAndAllOfThemWhenItFits) {
  float one = 0, two = 0, all = 0, wrapped = 0;
  frame(200, [&] {
    ui::text_in_lines(kInstruction, 1);
    one = ImGui::GetItemRectSize().y;
    ui::text_in_lines(kInstruction, 2);
    two = ImGui::GetItemRectSize().y;
    ui::text_in_lines(kInstruction, 40);
    all = ImGui::GetItemRectSize().y;
    ui::text(kInstruction);
    wrapped = ImGui::GetItemRectSize().y;
  });
  const float line = ImGui::GetFontSize();
  EXPECT_FLOAT_EQ(one, line);
  EXPECT_FLOAT_EQ(two, 2 * line);
  EXPECT_GT(wrapped, 3 * line);  // the whole sentence needs more lines at this width
  EXPECT_FLOAT_EQ(all, wrapped);  // given room, all of it, as ui::text draws it
  float in_a_narrower_room = 0;
  frame(800, [&] {
    ui::text_in_lines(kInstruction, 1, false, 150);  // a line shared with the count
    in_a_narrower_room = ImGui::GetItemRectSize().x;
  });
  EXPECT_LE(in_a_narrower_room, 150.0f);
}

TEST_F(TextFitting, RowsOfButtonsCountsTheRowsTheyWrapTo) {
  const std::vector<std::string> labels = {"  Edit  ", "  Duplicate  ", "  New hold  ",
                                           "  New guided movement  ", "  New range check  ",
                                           "  New look and return  ", "  New felt midline test  "};
  for (const float width : {2000.0f, 500.0f, 250.0f}) {
    int counted = 0;
    frame(width, [&] {
      counted = ui::rows_of_buttons(labels);
      for (size_t i = 0; i < labels.size(); ++i) {
        if (i) ui::same_line_if_fits(ui::button_width(labels[i].c_str()), ImGui::GetStyle().ItemSpacing.x);
        ui::button(labels[i].c_str());
      }
    });
    std::set<float> rows;  // of the frame just drawn
    for (const DrawnControl& c : ui::controls_drawn_last_frame()) rows.insert(c.min_y);
    EXPECT_EQ(counted, static_cast<int>(rows.size())) << "a page " << width << " wide";
  }
}

}  // namespace
}  // namespace midline
