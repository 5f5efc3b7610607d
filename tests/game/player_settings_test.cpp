// The text size each player chose, and the home page's, kept in the data folder: the next start
// opens as they left it (it once reset at every start).

#include "levels/player_settings.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "storage/temp_dir.hpp"

namespace midline {
namespace {

std::string read(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(PlayerSettings, EachPlayersTextSizeAndTheHomePagesSurviveARestart) {
  testing::TempDir dir;
  const auto file = PlayerSettings::file_in(dir.path());
  {
    PlayerSettings settings(file);
    EXPECT_FALSE(settings.text_size(std::nullopt));
    EXPECT_EQ(settings.set_text_size(std::nullopt, 1.5), "");
    EXPECT_EQ(settings.set_text_size("P-0001", 2.5), "");
    EXPECT_EQ(settings.set_text_size("P-0002", 0.9), "");
  }
  PlayerSettings again(file);
  EXPECT_TRUE(again.problems().empty());
  EXPECT_EQ(again.text_size(std::nullopt), 1.5);
  EXPECT_EQ(again.text_size("P-0001"), 2.5);
  EXPECT_EQ(again.text_size("P-0002"), 0.9);
  EXPECT_FALSE(again.text_size("P-0003"));
}

TEST(PlayerSettings, AValueThatCannotBeUsedIsNamedByItsLineAndLeftOut) {
  testing::TempDir dir;
  const auto file = PlayerSettings::file_in(dir.path());
  std::ofstream(file) << "[home]\ntext_size = 40\n\n[players.P-0001]\ntext_size = 2\n";
  PlayerSettings settings(file);
  EXPECT_FALSE(settings.text_size(std::nullopt));
  EXPECT_EQ(settings.text_size("P-0001"), 2.0);
  ASSERT_EQ(settings.problems().size(), 1u);
  EXPECT_EQ(format_problem(settings.problems()[0]).rfind(file.string() + ":2:", 0), 0u)
      << format_problem(settings.problems()[0]);
}

TEST(PlayerSettings, AnUnreadableFileIsSetAsideNotOverwritten) {
  testing::TempDir dir;
  const auto file = PlayerSettings::file_in(dir.path());
  std::ofstream(file) << "[home\ntext_size = = 2\n";
  PlayerSettings settings(file);
  EXPECT_FALSE(settings.problems().empty());
  EXPECT_EQ(settings.set_text_size(std::nullopt, 2.0), "");
  EXPECT_EQ(read(file.string() + ".unreadable"), "[home\ntext_size = = 2\n");
  EXPECT_EQ(PlayerSettings(file).text_size(std::nullopt), 2.0);
}

}  // namespace
}  // namespace midline
