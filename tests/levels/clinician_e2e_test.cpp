// The clinician's editor window, for real under Xvfb: it opens on the PIN page when the
// administrator has set a PIN, and on a page saying clinician mode is unavailable (never an
// offer to choose one) when not; it draws it and closes cleanly. What the pages do is tested
// through LevelEditor, PinGate and the seals; this checks the window around them. The PIN is
// installed in a test settings folder, named by MIDLINE_CLINICIAN_DIR.

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
  fs::path open_briefly(const char* first_view) {
    const fs::path shots = folder_ / "shots";
    std::string output;
    const int status = run("MIDLINE_CLINICIAN_DIR='" + settings().string() +
                               "' SDL_AUDIODRIVER=dummy xvfb-run -a -s '-screen 0 1280x720x24' '" +
                               std::string(MIDLINE_EXECUTABLE) + "' levels edit '" +
                               std::string(MIDLINE_SOURCE_DIR) + "/levels' --data-dir '" +
                               (folder_ / "data").string() + "' --quit-after 1.5 --screenshot-dir '" +
                               shots.string() + "' 2>&1",
                           &output);
    EXPECT_EQ(status, 0) << output;
    return shots / (std::string("01-") + first_view + ".png");
  }
  fs::path settings() const { return folder_ / "settings"; }
};

TEST_F(ClinicianWindow, OpensOnThePinPageAndClosesCleanly) {
  if (std::system("command -v xvfb-run >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "xvfb-run is not installed (Debian package xvfb)";
  }
  fs::create_directories(settings());
  // No PIN set by the administrator: clinician mode is unavailable, whoever comes first.
  const fs::path unavailable = open_briefly("clinician-unavailable");
  ASSERT_TRUE(fs::exists(unavailable));
  EXPECT_GT(grey_levels(unavailable), 8);
  EXPECT_FALSE(fs::exists(pin_path(settings())));  // nothing offered, nothing stored
  EXPECT_FALSE(fs::exists(folder_ / "shots" / "01-clinician-pin.png"));

  install_pin(settings(), "24681357", minimal_pin_cost());
  fs::remove_all(folder_ / "shots");
  const fs::path enter = open_briefly("clinician-pin");  // a PIN is set: the page to enter it
  ASSERT_TRUE(fs::exists(enter));
  EXPECT_GT(grey_levels(enter), 8);
}

}  // namespace
}  // namespace midline
