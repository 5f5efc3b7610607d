#include "levels/player_settings.hpp"

#include <cstdio>
#include <exception>
#include <system_error>
#include <utility>

#include "levels/toml_fields.hpp"

namespace midline {

namespace {

// Wider than the window's own sizes (it keeps a size within them): a value outside this is
// not a text size at all.
constexpr double kLowestTextSize = 0.5, kHighestTextSize = 4.0;
constexpr std::string_view kTextSizeAllowed =
    "must be a number from 0.5 to 4: the text size as a factor of the usual one";

bool usable_key(const std::string& key) {
  if (key.empty() || key.size() > 64) return false;
  for (const char c : key)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '-' || c == '_'))
      return false;
  return true;
}

std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

}  // namespace

PlayerSettings::PlayerSettings(std::filesystem::path file) : file_(std::move(file)) {
  std::error_code error;
  if (!std::filesystem::exists(*file_, error)) return;
  TomlFieldReader reader(file_->string());
  const std::optional<std::string> text = reader.read_file(*file_);
  const std::optional<toml::table> root = text ? reader.parse(*text) : std::nullopt;
  if (!root) {
    unreadable_ = true;
    problems_ = reader.problems();
    return;
  }
  const auto read_size = [&](const toml::table& table, const std::string& field) {
    std::optional<double> size = reader.read_number(table, field, false, false, kTextSizeAllowed);
    if (size && (*size < kLowestTextSize || *size > kHighestTextSize)) {
      reader.add_problem(field, "is " + number_text(*size) + "; it " + std::string(kTextSizeAllowed));
      size.reset();
    }
    return size;
  };
  if (const toml::table* home = reader.read_table(*root, "home", false, "must be a table [home]")) {
    home_text_size_ = read_size(*home, "home.text_size");
    reader.flag_unknown_keys(*home, "home", std::vector<std::string>{"text_size"});
  }
  if (const toml::table* players =
          reader.read_table(*root, "players", false, "must be a table of players")) {
    for (const auto& [key, node] : *players) {
      const std::string name(key.str());
      const std::string field = "players." + name;
      if (!usable_key(name)) {
        reader.add_problem(field, "is not a player's pseudonym (letters, digits, - and _)");
        continue;
      }
      if (const toml::table* player =
              reader.read_table(*players, name, false, "must be a table with text_size")) {
        if (const auto size = read_size(*player, field + ".text_size"))
          player_text_size_[name] = *size;
        reader.flag_unknown_keys(*player, field, std::vector<std::string>{"text_size"});
      }
    }
  }
  reader.flag_unknown_keys(*root, "", std::vector<std::string>{"home", "players"});
  problems_ = reader.all_problems({});
}

std::optional<double> PlayerSettings::text_size(const std::optional<std::string>& player) const {
  if (!player) return home_text_size_;
  const auto found = player_text_size_.find(*player);
  if (found == player_text_size_.end()) return std::nullopt;
  return found->second;
}

std::string PlayerSettings::set_text_size(const std::optional<std::string>& player, double size) {
  if (player && !usable_key(*player)) return "cannot keep a text size for \"" + *player + "\"";
  if (player)
    player_text_size_[*player] = size;
  else
    home_text_size_ = size;
  return write();
}

std::string PlayerSettings::write() {
  if (!file_) return {};
  std::error_code error;
  if (std::exchange(unreadable_, false)) {  // kept for whoever wants to look, never lost
    const std::filesystem::path aside = file_->string() + ".unreadable";
    std::filesystem::rename(*file_, aside, error);
    if (error) {
      unreadable_ = true;
      return "cannot set aside the unreadable " + file_->string() + ": " + error.message();
    }
  }
  std::string text =
      "# Kept by Midline: how each player sees it (text_size: 1 is the usual size), and the\n"
      "# home page. Players are named by their pseudonym in the session store.\n";
  if (home_text_size_) text += "\n[home]\ntext_size = " + number_text(*home_text_size_) + "\n";
  for (const auto& [player, size] : player_text_size_)
    text += "\n[players." + player + "]\ntext_size = " + number_text(size) + "\n";
  try {
    write_file_safely(*file_, text);
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

}  // namespace midline
