// The PIN prompt that clinician mode and the calibration page's therapist buttons share,
// driven headless through ImGui (no window): typed digits and Enter, as a clinician would.

#include <gtest/gtest.h>
#include <imgui.h>

#include <filesystem>
#include <string>

#include "clinician/pin_prompt.hpp"
#include "levels/clinician_pin.hpp"
#include "levels/level_files.hpp"

namespace midline {
namespace {

namespace fs = std::filesystem;

constexpr int kEnterKey = 13;

class PinPromptTest : public testing::TempFolderTest {
 protected:
  void SetUp() override {
    TempFolderTest::SetUp();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(800, 600);
    io.DeltaTime = 1.0f / 60.0f;
    io.IniFilename = nullptr;
    io.KeyMap[ImGuiKey_Enter] = kEnterKey;
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    settings_ = folder_ / "settings";
    fs::create_directories(settings_);
  }
  void TearDown() override {
    ImGui::DestroyContext();
    TempFolderTest::TearDown();
  }

  // One frame of a page holding only the prompt; returns what the prompt handed back.
  std::shared_ptr<const ClinicianKey> frame(PinPrompt& prompt, const std::string& typed = {},
                                            bool enter = false) {
    ImGuiIO& io = ImGui::GetIO();
    if (!typed.empty()) io.AddInputCharactersUTF8(typed.c_str());
    io.KeysDown[kEnterKey] = enter;
    ImGui::NewFrame();
    ImGui::Begin("page");
    auto key = prompt.draw();
    ImGui::End();
    ImGui::Render();
    return key;
  }

  // Types `pin` into the focused field and presses Enter; the key, if the prompt gave one.
  std::shared_ptr<const ClinicianKey> enter_pin(PinPrompt& prompt, const std::string& pin) {
    std::shared_ptr<const ClinicianKey> key;
    for (int settle = 0; settle < 3; ++settle) key = key ? key : frame(prompt);
    key = key ? key : frame(prompt, pin);
    key = key ? key : frame(prompt, {}, true);
    key = key ? key : frame(prompt);
    return key;
  }

  fs::path settings_;
};

TEST_F(PinPromptTest, WithoutAnAdministratorsPinItOpensForNobody) {
  PinPrompt prompt(settings_, true);
  EXPECT_FALSE(prompt.available());
  EXPECT_EQ(enter_pin(prompt, "24681357"), nullptr);
  EXPECT_TRUE(prompt.message().empty());  // nothing was tried: there is nothing to try against
  EXPECT_FALSE(fs::exists(pin_path(settings_)));  // typing never sets a PIN
}

TEST_F(PinPromptTest, OnlyTheRightPinOpensIt) {
  install_pin(settings_, "24681357", minimal_pin_cost());
  PinPrompt prompt(settings_, true);
  EXPECT_TRUE(prompt.available());
  EXPECT_EQ(enter_pin(prompt, "11111111"), nullptr);
  EXPECT_EQ(prompt.message(), "That PIN is not right.");
  const auto key = enter_pin(prompt, "24681357");
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->public_key(), *read_seal_public_key(settings_));
}

TEST_F(PinPromptTest, AfterWrongTriesItSaysHowLongToWaitAndTakesNoTry) {
  install_pin(settings_, "24681357", minimal_pin_cost());
  PinPrompt prompt(settings_, true);
  for (int wrong = 0; wrong <= PinGate::kFreeTries; ++wrong) enter_pin(prompt, "11111111");
  EXPECT_EQ(prompt.message().rfind("Too many wrong tries: the next try is taken in ", 0), 0u)
      << prompt.message();
  EXPECT_EQ(enter_pin(prompt, "24681357"), nullptr);  // even the right PIN waits
}

}  // namespace
}  // namespace midline
