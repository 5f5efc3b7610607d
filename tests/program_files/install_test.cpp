// `cmake --install` into a fresh prefix gives a Midline that runs from there: it finds its
// levels, its window icon and the recover command's extension under that prefix, puts the
// launcher and icons where desktops look, and shows its icon on the window.

#include "program_files/program_files.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "storage/session_store.hpp"
#include "storage/temp_dir.hpp"

namespace midline::program_files {
namespace {

namespace fs = std::filesystem;
using midline::testing::TempDir;

int run(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  return {std::istreambuf_iterator<char>(in), {}};
}

// `path` in single quotes, for a shell command.
std::string quoted(const fs::path& path) {
  std::string q = "'";
  q += path.string();
  q += "'";
  return q;
}

bool on_path(const char* program) {
  return run(std::string("command -v ") + program + " >/dev/null 2>&1") == 0;
}

class Installed : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string command = "'" CMAKE_COMMAND "' --install '" MIDLINE_BINARY_DIR
                                "' --prefix " + quoted(prefix()) + " > " +
                                quoted(dir_.path() / "install.log") + " 2>&1";
    ASSERT_EQ(run(command), 0) << command << "\n" << read_text(dir_.path() / "install.log");
  }
  fs::path prefix() const { return dir_.path() / "prefix"; }
  fs::path program() const { return prefix() / installed_bin_dir() / "midline"; }
  TempDir dir_;
};

TEST_F(Installed, TheProgramFindsEachOfItsFilesUnderThePrefix) {
  const ProgramFiles files = program_files_for(program());
  ASSERT_TRUE(files.installed);
  EXPECT_TRUE(fs::is_regular_file(files.levels / "01-find-your-midline.toml")) << files.levels;
  EXPECT_TRUE(fs::is_regular_file(files.levels / "plans" / "example.toml"));
  EXPECT_TRUE(fs::is_regular_file(files.window_icon())) << files.window_icon();
  EXPECT_TRUE(fs::is_regular_file(files.page_table_extension)) << files.page_table_extension;
  EXPECT_EQ(run(quoted(program()) + " --help > /dev/null"), 0);
}

TEST_F(Installed, TheLauncherAndTheIconsAreWhereDesktopsLook) {
  const fs::path share = prefix() / "share";
  EXPECT_TRUE(fs::is_regular_file(share / "applications" / "midline.desktop"));
  EXPECT_TRUE(fs::is_regular_file(share / "icons/hicolor/scalable/apps/midline.svg"));
  std::istringstream sizes(MIDLINE_ICON_SIZES);
  for (std::string size; sizes >> size;) {
    const fs::path png = share / "icons/hicolor" / (size + "x" + size) / "apps/midline.png";
    EXPECT_TRUE(fs::is_regular_file(png)) << png;
  }
}

TEST_F(Installed, RecoverRunsFromThePrefixAndSaysWhenItsExtensionIsMissing) {
  const fs::path store = dir_.path() / "store";
  {
    storage::SessionStore made(store);
    made.add_patient("P-1", "Ann", 0);
  }
  const std::string recover = quoted(program()) + " recover " +
                              quoted(storage::SessionStore::database_file(store)) + " --into ";
  const fs::path into = dir_.path() / "recovered";
  EXPECT_EQ(run(recover + quoted(into) + " > /dev/null 2>&1"), 0);
  EXPECT_TRUE(fs::is_regular_file(storage::SessionStore::database_file(into)));

  // Without the extension the installed program names what is missing and where it looked,
  // instead of passing on the sqlite3 shell's complaint.
  const ProgramFiles files = program_files_for(program());
  fs::remove(files.page_table_extension);
  const fs::path said = dir_.path() / "said.txt";
  EXPECT_EQ(run(recover + quoted(dir_.path() / "again") + " > " + quoted(said) + " 2>&1"), 1);
  const std::string message = read_text(said);
  EXPECT_NE(message.find("page-table extension"), std::string::npos) << message;
  EXPECT_NE(message.find(files.page_table_extension.string()), std::string::npos) << message;
}

TEST_F(Installed, TheWindowShowsTheIcon) {
  for (const char* tool : {"xvfb-run", "xprop", "xwininfo"})
    if (!on_path(tool)) GTEST_SKIP() << tool << " is not installed (Debian xvfb, x11-utils)";
  // Inside the virtual display: start the game, wait for its window, read its icon property.
  // The window opens within a second on a quiet machine; the wait is long because the whole
  // suite runs beside it (once, at -j2, it had not opened after 15 s). The displays are
  // looked for from :150 up, away from the other tests' (from :99), which may start at the
  // same moment.
  const fs::path script = dir_.path() / "look.sh", seen = dir_.path() / "icon.txt",
                 said = dir_.path() / "midline.txt";
  std::ofstream(script) << quoted(program()) << " --demo --quit-after 60 > " << quoted(said)
                        << " 2>&1 &\n"
                        << "for i in $(seq 180); do\n"
                        << "  id=$(xwininfo -root -tree | awk '/\"Midline\"/ {print $1; exit}')\n"
                        << "  [ -n \"$id\" ] && break; sleep 0.25\n"
                        << "done\n"
                        << "xprop -id \"$id\" _NET_WM_ICON | head -n 1 > " << quoted(seen)
                        << "\nkill $!\n";
  run("SDL_AUDIODRIVER=dummy timeout -s KILL 90 xvfb-run -a -n 150 -s '-screen 0 1280x720x24' "
      "sh " + quoted(script) + " > /dev/null 2>&1");
  EXPECT_NE(read_text(seen).find("Icon (128 x 128)"), std::string::npos)
      << "xprop said: " << read_text(seen) << "\nmidline said: " << read_text(said);
}

}  // namespace
}  // namespace midline::program_files
