// The clinician's editor window, for real under Xvfb: it opens on the PIN page (choosing a
// PIN when none is set, entering it when one is), draws it, and closes cleanly. What the
// pages do is tested through LevelEditor and PinGate; this checks the window around them.

#include <gtest/gtest.h>
#include <stb/stb_image.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "levels/clinician_pin.hpp"
#include "levels/level_files.hpp"

namespace midline {
namespace {

namespace fs = std::filesystem;

int run(const std::string& command, std::string* output) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return -1;
  std::array<char, 4096> buffer;
  while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) {
    output->append(buffer.data(), n);
  }
  return pclose(pipe);
}

// How many distinct grey levels the picture has: a blank page has one or two.
int grey_levels(const fs::path& png) {
  int width = 0, height = 0, channels = 0;
  std::unique_ptr<unsigned char, void (*)(void*)> pixels(
      stbi_load(png.c_str(), &width, &height, &channels, 1), stbi_image_free);
  if (!pixels) return 0;
  std::array<bool, 256> seen{};
  for (int i = 0; i < width * height; ++i) seen[pixels.get()[i]] = true;
  return static_cast<int>(std::count(seen.begin(), seen.end(), true));
}

class ClinicianWindow : public testing::TempFolderTest {
 protected:
  // Runs `midline levels edit` for a moment; returns the first screenshot's path.
  fs::path open_briefly() {
    const fs::path shots = folder_ / "shots";
    std::string output;
    const int status = run("SDL_AUDIODRIVER=dummy xvfb-run -a -s '-screen 0 1280x720x24' '" +
                               std::string(MIDLINE_EXECUTABLE) + "' levels edit '" +
                               std::string(MIDLINE_SOURCE_DIR) + "/levels' --data-dir '" +
                               (folder_ / "data").string() + "' --quit-after 1.5 --screenshot-dir '" +
                               shots.string() + "' 2>&1",
                           &output);
    EXPECT_EQ(status, 0) << output;
    return shots / "01-clinician-pin.png";
  }
};

TEST_F(ClinicianWindow, OpensOnThePinPageAndClosesCleanly) {
  if (std::system("command -v xvfb-run >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "xvfb-run is not installed (Debian package xvfb)";
  }
  const fs::path choose = open_briefly();  // no PIN yet: the page to choose one
  ASSERT_TRUE(fs::exists(choose));
  EXPECT_GT(grey_levels(choose), 8);
  EXPECT_FALSE(fs::exists(pin_path(folder_ / "data")));  // nothing chosen, nothing stored

  fs::create_directories(folder_ / "data");
  save_pin(pin_path(folder_ / "data"), "2468", minimal_pin_cost());
  fs::remove_all(folder_ / "shots");
  const fs::path enter = open_briefly();  // a PIN is set: the page to enter it
  ASSERT_TRUE(fs::exists(enter));
  EXPECT_GT(grey_levels(enter), 8);
}

}  // namespace
}  // namespace midline
