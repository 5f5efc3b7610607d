// The clinician PIN: set only by the administrator in a settings folder the patient cannot
// change; without one clinician mode is unavailable (never first-come); wrong tries slow down
// and deleting or editing their record does not clear the wait.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "levels/clinician_pin.hpp"
#include "levels/level_files.hpp"

namespace midline {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPin = "24681357";

class ClinicianPin : public testing::TempFolderTest {
 protected:
  void SetUp() override {
    TempFolderTest::SetUp();
    settings_ = folder_ / "settings";
  }
  void install(const char* pin = kPin) { install_pin(settings_, pin, minimal_pin_cost()); }
  static std::string read(const fs::path& path) {
    std::ifstream in(path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  static unsigned mode_of(const fs::path& path) {
    struct stat status {};
    return ::stat(path.c_str(), &status) == 0 ? status.st_mode & 0777 : 01000;
  }
  fs::path settings_;
};

TEST_F(ClinicianPin, AFreshSettingsFolderOffersNoPinAndSaysWhoCanSetOneUp) {
  fs::create_directories(settings_);
  PinGate gate(settings_);
  const auto reason = gate.unavailable_reason();
  ASSERT_TRUE(reason.has_value());
  EXPECT_NE(reason->find("not set up"), std::string::npos) << *reason;
  EXPECT_NE(reason->find("midline clinician set-pin"), std::string::npos) << *reason;
  const auto answer = gate.try_pin(kPin, 0.0);
  EXPECT_EQ(answer.result, PinGate::Result::unavailable);
  EXPECT_EQ(answer.key, nullptr);
  EXPECT_FALSE(fs::exists(pin_path(settings_)));  // trying never sets anything
}

TEST_F(ClinicianPin, TheFileKeepsAPublicKeyNeitherThePinNorAHashOfIt) {
  install();
  const std::string first = read(pin_path(settings_));
  EXPECT_EQ(first.rfind("midline clinician pin 1\nargon2id ", 0), 0u) << first;
  EXPECT_EQ(first.find(kPin), std::string::npos);
  EXPECT_EQ(mode_of(pin_path(settings_)), 0644u);   // the game, as the patient, reads it
  EXPECT_EQ(mode_of(tries_path(settings_)), 0666u);  // and updates the tries in place
  install();  // set again: a new salt, so a new file
  EXPECT_NE(read(pin_path(settings_)), first);
  EXPECT_FALSE(fs::exists(pin_path(settings_).string() + ".tmp"));
}

TEST_F(ClinicianPin, OnlyEightToSixteenDigitsAreAccepted) {
  EXPECT_TRUE(is_acceptable_pin("00000000"));
  EXPECT_TRUE(is_acceptable_pin("1234567890123456"));
  EXPECT_FALSE(is_acceptable_pin("1234"));  // four digits fall to offline guessing in minutes
  EXPECT_FALSE(is_acceptable_pin("1234567"));
  EXPECT_FALSE(is_acceptable_pin("12345678901234567"));
  EXPECT_FALSE(is_acceptable_pin("1234a678"));
  EXPECT_THROW(install_pin(settings_, "2468", minimal_pin_cost()), std::invalid_argument);
  EXPECT_FALSE(fs::exists(pin_path(settings_)));
}

TEST_F(ClinicianPin, TheRightPinGivesTheKeyTheFileNames) {
  install();
  PinGate gate(settings_);
  EXPECT_FALSE(gate.unavailable_reason().has_value());
  EXPECT_EQ(gate.try_pin("24681358", 0.0).result, PinGate::Result::wrong);
  const auto answer = gate.try_pin(kPin, 0.0);
  ASSERT_EQ(answer.result, PinGate::Result::accepted);
  ASSERT_NE(answer.key, nullptr);
  EXPECT_EQ(answer.key->public_key(), *read_seal_public_key(settings_));
  EXPECT_EQ(gate.try_pin("246813570", 0.0).result, PinGate::Result::wrong);
}

TEST_F(ClinicianPin, ADeletedOrDamagedPinFileMakesClinicianModeUnavailable) {
  install();
  fs::remove(pin_path(settings_));
  PinGate gate(settings_);
  ASSERT_TRUE(gate.unavailable_reason().has_value());
  EXPECT_EQ(gate.try_pin(kPin, 0.0).result, PinGate::Result::unavailable);

  for (const std::string& damage : {std::string(5000, '$'), std::string("midline clinician pin 1\n"),
                                   std::string("$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA\n")}) {
    std::ofstream(pin_path(settings_)) << damage;
    const auto reason = gate.unavailable_reason();
    ASSERT_TRUE(reason.has_value()) << damage;
    EXPECT_NE(reason->find("damaged"), std::string::npos) << *reason;
    EXPECT_EQ(reason->find("Choose"), std::string::npos);
    EXPECT_EQ(gate.try_pin(kPin, 0.0).result, PinGate::Result::unavailable);
  }
}

TEST_F(ClinicianPin, AFolderOthersMayChangeIsRefused) {
  fs::create_directories(settings_);
  fs::permissions(settings_, fs::perms(0777));
  const auto problem = settings_folder_problem(settings_);
  ASSERT_TRUE(problem.has_value());
  EXPECT_NE(problem->find("chmod go-w"), std::string::npos) << *problem;
  EXPECT_THROW(install(), std::runtime_error);
  EXPECT_FALSE(fs::exists(pin_path(settings_)));

  // A PIN already there stops counting once others may change its folder.
  fs::permissions(settings_, fs::perms(0755));
  install();
  fs::permissions(settings_, fs::perms(0775));
  EXPECT_TRUE(PinGate(settings_).unavailable_reason().has_value());
  EXPECT_EQ(PinGate(settings_).try_pin(kPin, 0.0).result, PinGate::Result::unavailable);
}

TEST_F(ClinicianPin, WrongTriesMakeTheNextWaitTwiceAsLong) {
  install();
  PinGate gate(settings_);
  double now = 100.0;
  for (int free_try = 0; free_try < PinGate::kFreeTries; ++free_try) {
    const auto answer = gate.try_pin("00000000", now);
    EXPECT_EQ(answer.result, PinGate::Result::wrong);
    EXPECT_EQ(answer.wait_s, 0.0);
  }
  double expected_wait = 2.0;
  for (int slowed = 0; slowed < 4; ++slowed, expected_wait *= 2.0) {
    const auto answer = gate.try_pin("00000000", now);
    EXPECT_EQ(answer.result, PinGate::Result::wrong);
    EXPECT_EQ(answer.wait_s, expected_wait);
    // While waiting, even the right PIN is not looked at.
    const auto early = gate.try_pin(kPin, now + expected_wait - 0.5);
    EXPECT_EQ(early.result, PinGate::Result::wait);
    EXPECT_DOUBLE_EQ(early.wait_s, 0.5);
    now += expected_wait;
  }
  // Many more wrong tries: the wait stops growing at the maximum.
  for (int more = 0; more < 20; ++more) now += gate.try_pin("00000000", now).wait_s;
  EXPECT_DOUBLE_EQ(gate.wait_remaining_s(now - PinGate::kMaxWaitS), PinGate::kMaxWaitS);
  // The right PIN after the wait opens the gate and forgives the wrong tries.
  EXPECT_EQ(gate.try_pin(kPin, now).result, PinGate::Result::accepted);
  EXPECT_EQ(gate.try_pin("00000000", now).wait_s, 0.0);
}

TEST_F(ClinicianPin, AFreeWrongTryLeavesNoWaitWhateverItsMillisecond) {
  install();
  PinGate gate(settings_);
  // The record keeps times to the millisecond; this one would round up, past the present.
  const double now = 1'800'000'000.0006;
  for (int free_try = 0; free_try < PinGate::kFreeTries; ++free_try) {
    EXPECT_EQ(gate.try_pin("00000000", now).result, PinGate::Result::wrong);
    EXPECT_EQ(gate.wait_remaining_s(now), 0.0);
  }
  EXPECT_EQ(gate.try_pin(kPin, now).result, PinGate::Result::accepted);
}

TEST_F(ClinicianPin, WrongTriesAreRememberedAcrossRestarts) {
  install();
  double now = 1'800'000'000.0;  // wall-clock seconds
  {
    PinGate gate(settings_);
    // Four wrong tries, each as soon as allowed: waits of 0, 0, 2 and 4 seconds.
    for (int wrong = 0; wrong < PinGate::kFreeTries + 2; ++wrong) {
      now += gate.try_pin("00000000", now).wait_s;
    }
    EXPECT_DOUBLE_EQ(gate.wait_remaining_s(now - 4.0), 4.0);
  }
  EXPECT_EQ(mode_of(tries_path(settings_)), 0666u);  // written in place: still everyone's to update
  PinGate restarted(settings_);  // a new program: the wait and the count are still there
  EXPECT_DOUBLE_EQ(restarted.wait_remaining_s(now - 3.0), 3.0);
  EXPECT_EQ(restarted.try_pin(kPin, now - 3.0).result, PinGate::Result::wait);
  EXPECT_EQ(restarted.try_pin("00000000", now).wait_s, 8.0);  // the fifth wrong try
  // A clock set back an hour cannot make the wait longer than the longest.
  EXPECT_DOUBLE_EQ(restarted.wait_remaining_s(now - 3600.0), PinGate::kMaxWaitS);
  EXPECT_EQ(restarted.try_pin(kPin, now + 8.0).result, PinGate::Result::accepted);
  EXPECT_EQ(PinGate(settings_).wait_remaining_s(now + 8.0), 0.0);
}

TEST_F(ClinicianPin, DeletingOrRewritingTheTriesRecordKeepsTheWait) {
  install();
  const double now = 1'800'000'000.0;
  PinGate gate(settings_);
  for (int wrong = 0; wrong < PinGate::kFreeTries + 1; ++wrong) gate.try_pin("00000000", now);
  ASSERT_DOUBLE_EQ(gate.wait_remaining_s(now), 2.0);

  fs::remove(tries_path(settings_));  // only the folder's owner can, in a real install
  PinGate after_delete(settings_);
  EXPECT_DOUBLE_EQ(after_delete.wait_remaining_s(now), PinGate::kMaxWaitS);
  EXPECT_EQ(after_delete.try_pin(kPin, now + 10.0).result, PinGate::Result::wait);

  // The patient may write the record (the game does, as them), but a record typed by hand
  // does not check out: the longest wait again, never none.
  std::ofstream(tries_path(settings_), std::ios::trunc) << "0 0.000 00000000000000000000000000000000\n";
  EXPECT_DOUBLE_EQ(PinGate(settings_).wait_remaining_s(now), PinGate::kMaxWaitS);
  std::ofstream(tries_path(settings_), std::ios::trunc) << "";
  EXPECT_DOUBLE_EQ(PinGate(settings_).wait_remaining_s(now), PinGate::kMaxWaitS);
  // Once waited out, the right PIN opens it as before.
  PinGate later(settings_);
  EXPECT_EQ(later.try_pin(kPin, now).result, PinGate::Result::wait);  // the wait starts now
  EXPECT_EQ(later.try_pin(kPin, now + PinGate::kMaxWaitS).result, PinGate::Result::accepted);
}

TEST_F(ClinicianPin, AStrongCostPinIsCheckedToo) {
  install_pin(settings_, "975318642", strong_pin_cost());
  EXPECT_NE(read(pin_path(settings_)).find(" memory=268435456 "), std::string::npos)
      << read(pin_path(settings_));
  PinGate gate(settings_);
  EXPECT_EQ(gate.try_pin("975318642", 0.0).result, PinGate::Result::accepted);
}

}  // namespace
}  // namespace midline
