// The progress screen drawn in a real window: both pages are drawn from a made-up history and
// saved as PNG; each must show more than a blank page. Without a display the test runs itself
// again under xvfb-run (as CI does), or skips saying why.

#include <gtest/gtest.h>
#include <stb/stb_image.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <memory>

#include "app/demo_head.hpp"
#include "screens/progress_screen.hpp"
#include "storage/progress.hpp"
#include "storage/synthetic_history.hpp"
#include "storage/temp_dir.hpp"

namespace midline {
namespace {

namespace fs = std::filesystem;

bool on_path(const char* program) {
  return std::system((std::string("command -v ") + program + " >/dev/null 2>&1").c_str()) == 0;
}

double grey_spread(const fs::path& png) {
  int width = 0, height = 0, channels = 0;
  std::unique_ptr<unsigned char, void (*)(void*)> pixels(
      stbi_load(png.c_str(), &width, &height, &channels, 1), stbi_image_free);
  if (!pixels) return -1.0;
  const size_t n = static_cast<size_t>(width) * static_cast<size_t>(height);
  double sum = 0, sum_sq = 0;
  for (size_t i = 0; i < n; ++i) {
    sum += pixels.get()[i];
    sum_sq += pixels.get()[i] * pixels.get()[i];
  }
  const double mean = sum / static_cast<double>(n);
  return std::sqrt(sum_sq / static_cast<double>(n) - mean * mean);
}

// Draws a few frames of the screen and saves the last; returns the screen's view name.
std::string draw(GameContext& ctx, Screen& screen, const fs::path& png) {
  for (int frame = 0; frame < 4; ++frame) {
    const platform::FrameEvents events = ctx.window.begin_frame();
    if (frame == 3) ctx.window.request_screenshot(png.string());
    EXPECT_EQ(screen.update(FrameInput{1.0 / 60, events}), nullptr);
    ctx.window.end_frame();
  }
  EXPECT_EQ(ctx.window.take_screenshot_problem(), "");
  return screen.view_name();
}

TEST(ProgressScreen, DrawsTheWeeksAndOneSession) {
  const char* display = std::getenv("DISPLAY");
  if (!display || !*display) {
    if (std::getenv("MIDLINE_UNDER_XVFB")) FAIL() << "xvfb-run gave no display";
    if (!on_path("xvfb-run")) GTEST_SKIP() << "no display and no xvfb-run (Debian: xvfb)";
    const std::string self = fs::read_symlink("/proc/self/exe").string();
    const std::string command =
        "MIDLINE_UNDER_XVFB=1 SDL_AUDIODRIVER=dummy xvfb-run -a -s "
        "'-screen 0 1280x720x24' '" +
        self + "' --gtest_filter=ProgressScreen.DrawsTheWeeksAndOneSession";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    return;
  }
  testing::TempDir dir;
  {
    storage::SessionStore store(dir.path());
    testing::SyntheticHistory history;
    history.days = 40;
    history.session_minutes = 1;
    testing::write_synthetic_history(store, history);
  }
  platform::Window window({});
  platform::Audio audio;
  DemoHead demo;
  GameContext ctx{.source = demo, .demo = &demo, .window = window, .audio = audio};

  const fs::path shots = fs::path(MIDLINE_SCREENSHOT_DIR);
  fs::create_directories(shots);
  auto weeks = make_progress_screen(ctx, dir.path(), "P-0042");
  EXPECT_EQ(draw(ctx, *weeks, shots / "progress-weeks.png"), "progress");
  auto session = make_progress_screen(ctx, dir.path(), "P-0042", true);
  EXPECT_EQ(draw(ctx, *session, shots / "progress-session.png"), "progress-session");
  auto unknown = make_progress_screen(ctx, dir.path(), "P-0000");
  draw(ctx, *unknown, shots / "progress-unknown.png");

  EXPECT_GT(grey_spread(shots / "progress-weeks.png"), 10.0);
  EXPECT_GT(grey_spread(shots / "progress-session.png"), 10.0);
  // The charts draw far more than the one sentence for an unknown patient.
  EXPECT_GT(grey_spread(shots / "progress-weeks.png"), grey_spread(shots / "progress-unknown.png"));

  // Clinician mode's copy from the clinic: the same charts from the same structures, with no
  // store behind them.
  storage::ProgressData data;
  {
    storage::SessionStore store(dir.path(), storage::SessionStore::Mode::inspect);
    data = storage::load_progress(store, *store.find_patient("P-0042"));
  }
  auto from_clinic = make_clinic_progress_screen(
      ctx, {data, dir.path() / "clinic-reports", "Edit plan (version 1)", {}, {}});
  EXPECT_EQ(draw(ctx, *from_clinic, shots / "clinic-progress-weeks.png"), "clinic-progress");
  EXPECT_GT(grey_spread(shots / "clinic-progress-weeks.png"),
            grey_spread(shots / "progress-unknown.png"));
}

}  // namespace
}  // namespace midline
