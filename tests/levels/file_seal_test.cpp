// Seals: a level or plan file saved in the clinician's editor is signed with the key only the
// PIN derives; a hand edit, a copy under another name or a seal made with another PIN shows.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "levels/clinician_pin.hpp"
#include "levels/file_seal.hpp"
#include "levels/level_editor.hpp"
#include "levels/level_file.hpp"
#include "levels/level_files.hpp"

namespace midline {
namespace {

namespace fs = std::filesystem;

std::shared_ptr<const ClinicianKey> key_for(const fs::path& settings, const char* pin) {
  install_pin(settings, pin, minimal_pin_cost());
  return PinGate(settings).try_pin(pin, 0.0).key;
}

std::string read(const fs::path& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class FileSeal : public testing::TempFolderTest {};

TEST_F(FileSeal, ALevelSavedInTheEditorIsSealedAndAHandEditShows) {
  const auto key = key_for(folder_ / "settings", "11223344");
  ASSERT_NE(key, nullptr);
  const fs::path file = folder_ / "hold-test.toml";
  LevelEditor editor(testing::valid_hold_level());
  editor.set_number("hold_s", 12.0);
  editor.save(file, key.get());
  EXPECT_EQ(check_seal(file, key->public_key()), SealState::sealed);
  EXPECT_TRUE(load_level_file(file).level.has_value());  // the seal is a comment

  // One number changed by hand: still a good level, but no longer as the clinician saved it.
  const std::string edited = testing::replace_line(read(file), "hold_s =", "hold_s = 30");
  std::ofstream(file) << edited;
  EXPECT_TRUE(load_level_file(file).level.has_value());
  EXPECT_EQ(check_seal(file, key->public_key()), SealState::changed);
  EXPECT_NE(describe_seal(file, SealState::changed).find("changed outside the clinician's editor"),
            std::string::npos);

  // Saved again in the editor: sealed again.
  LevelEditor again(load_level_file(file).level->level);
  again.set_number("hold_s", 14.0);
  again.save(file, key.get());
  EXPECT_EQ(check_seal(file, key->public_key()), SealState::sealed);
}

TEST_F(FileSeal, ARemovedSealACopyOrAnotherPinsSealDoNotPass) {
  const auto key = key_for(folder_ / "settings", "11223344");
  const auto other = key_for(folder_ / "other", "99887766");
  ASSERT_NE(key, nullptr);
  ASSERT_NE(other, nullptr);
  const fs::path file = folder_ / "hold-test.toml";
  save_level_file(testing::valid_hold_level(), file, key.get());
  ASSERT_EQ(check_seal(file, key->public_key()), SealState::sealed);
  EXPECT_EQ(check_seal(file, other->public_key()), SealState::changed);

  fs::copy_file(file, folder_ / "other-name.toml");  // a sealed file over another one's name
  EXPECT_EQ(check_seal(folder_ / "other-name.toml", key->public_key()), SealState::changed);

  const std::string unsealed = without_seal(read(file));
  std::ofstream(file) << unsealed;
  EXPECT_EQ(check_seal(file, key->public_key()), SealState::not_sealed);
  EXPECT_EQ(check_seal(folder_ / "missing.toml", key->public_key()), SealState::unreadable);
}

}  // namespace
}  // namespace midline
