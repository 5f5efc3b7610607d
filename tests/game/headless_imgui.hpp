#pragma once
// A Dear ImGui context with no window, for tests that drive the ui helpers frame by frame.

#include <gtest/gtest.h>
#include <imgui.h>

namespace midline::testing {

class HeadlessImGui : public ::testing::Test {
 protected:
  void SetUp() override {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(800, 600);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the font atlas a frame needs
  }
  void TearDown() override { ImGui::DestroyContext(); }
};

}  // namespace midline::testing
