// The real program under xvfb: an error at start shows its box, but an unattended run
// (--quit-after) never waits on it for long; screenshots, which show names, are kept private.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <csignal>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "storage/temp_dir.hpp"

namespace midline::testing {
namespace {

namespace fs = std::filesystem;

bool on_path(const char* program) {
  return std::system((std::string("command -v ") + program + " >/dev/null 2>&1").c_str()) == 0;
}

// Runs `args` under xvfb, killed after `limit_s`; the exit status (137 when it was killed).
int run_midline(const std::string& args, int limit_s, const std::string& environment = "") {
  const std::string command = environment + "SDL_AUDIODRIVER=dummy timeout -s KILL " +
                              std::to_string(limit_s) +
                              " xvfb-run -a -s '-screen 0 1280x720x24' '" MIDLINE_EXECUTABLE
                              "' " + args + " >/dev/null 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

mode_t mode_of(const fs::path& p) {
  struct stat s {};
  ::stat(p.c_str(), &s);
  return s.st_mode & 0777;
}

TEST(Window, AnErrorBoxDoesNotHoldUpAnUnattendedRun) {
  if (!on_path("xvfb-run")) GTEST_SKIP() << "xvfb-run is not installed (Debian package xvfb)";
  // SDL shows its message boxes through zenity: this one stays open, as for a person who
  // never comes to click it.
  TempDir dir;
  const fs::path zenity = dir.path() / "zenity", pid_file = dir.path() / "zenity.pid";
  std::ofstream(zenity) << "#!/bin/sh\necho $$ > '" << pid_file.string() << "'\nexec sleep 300\n";
  fs::permissions(zenity, fs::perms::owner_all);
  const auto start = std::chrono::steady_clock::now();
  // A missing levels folder is found after the window opened: the error box appears.
  const int code = run_midline("--demo --quit-after 2 --levels /nonexistent/levels", 60,
                               "PATH='" + dir.path().string() + "':\"$PATH\" ");
  const double took_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::ifstream pid_in(pid_file);
  pid_t box = 0;
  const bool box_shown = static_cast<bool>(pid_in >> box);
  if (box_shown) ::kill(box, SIGKILL);
  EXPECT_TRUE(box_shown) << "the error box was never opened";
  EXPECT_EQ(code, 1) << "(137: still waiting on the box after 60 s)";
  EXPECT_LT(took_s, 45.0);
}

TEST(Window, ScreenshotsAndTheirFolderAreTheOwnersOnly) {
  if (!on_path("xvfb-run")) GTEST_SKIP() << "xvfb-run is not installed (Debian package xvfb)";
  TempDir dir;
  const fs::path shots = dir.path() / "new" / "shots";
  ASSERT_EQ(run_midline("--demo --quit-after 3 --screenshot-dir '" + shots.string() + "'", 90), 0);
  EXPECT_EQ(mode_of(dir.path() / "new"), 0700u);
  EXPECT_EQ(mode_of(shots), 0700u);
  int pictures = 0;
  for (const auto& entry : fs::directory_iterator(shots)) {
    EXPECT_EQ(mode_of(entry.path()), 0600u) << entry.path();
    ++pictures;
  }
  EXPECT_GT(pictures, 0);
}

}  // namespace
}  // namespace midline::testing
