#pragma once
// What each player chose for how Midline looks (today: the text size), and the home page's
// own, kept in one small file in the data folder (`player-settings.toml`) so that the next
// start opens as they left it. Written by the game, readable by hand:
//
//   [home]
//   text_size = 1.5
//   [players.P-0001]  # the player's pseudonym in the session store
//   text_size = 2.2

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "levels/problem.hpp"

namespace midline {

class PlayerSettings {
 public:
  // Kept for this run only (sessions are not kept: a demo, a video).
  PlayerSettings() = default;
  // Kept in `file`, read now: a value it holds that cannot be used is left out, with a
  // problem naming its line (problems()); a file that cannot be read at all is set aside as
  // FILE.unreadable on the first change, never overwritten.
  explicit PlayerSettings(std::filesystem::path file);

  static std::filesystem::path file_in(const std::filesystem::path& data_dir) {
    return data_dir / "player-settings.toml";
  }

  // The text size kept for `player` (a pseudonym), or for the home page when none.
  std::optional<double> text_size(const std::optional<std::string>& player) const;
  // Keeps it, written at once. Returns what went wrong writing (a sentence), empty when kept.
  std::string set_text_size(const std::optional<std::string>& player, double size);

  const std::vector<FileProblem>& problems() const { return problems_; }

 private:
  std::string write();

  std::optional<std::filesystem::path> file_;
  bool unreadable_ = false;  // the file on disk could not be read: set it aside before writing
  std::optional<double> home_text_size_;
  std::map<std::string, double> player_text_size_;
  std::vector<FileProblem> problems_;
};

}  // namespace midline
