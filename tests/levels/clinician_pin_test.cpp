// The clinician PIN: stored only as a salted hash in a private file; wrong tries slow down.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "levels/clinician_pin.hpp"
#include "levels/level_files.hpp"

namespace midline {
namespace {

class ClinicianPin : public testing::TempFolderTest {
 protected:
  std::filesystem::path file() const { return pin_path(folder_); }
  std::string stored() const {
    std::ifstream in(file());
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
};

TEST_F(ClinicianPin, IsStoredAsASaltedHashOnlyItsOwnerCanRead) {
  save_pin(file(), "482913", minimal_pin_cost());
  const std::string first = stored();
  EXPECT_EQ(first.rfind("$argon2id$", 0), 0u) << first;
  EXPECT_EQ(first.find("482913"), std::string::npos);
  struct stat status {};
  ASSERT_EQ(::stat(file().c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 0777, 0600u);
  // The same PIN saved again hashes differently: the salt is new each time.
  save_pin(file(), "482913", minimal_pin_cost());
  EXPECT_NE(stored(), first);
  EXPECT_FALSE(std::filesystem::exists(file().string() + ".tmp"));
}

TEST_F(ClinicianPin, OnlyFourToTwelveDigitsAreAccepted) {
  EXPECT_TRUE(is_acceptable_pin("0000"));
  EXPECT_TRUE(is_acceptable_pin("123456789012"));
  EXPECT_FALSE(is_acceptable_pin("123"));
  EXPECT_FALSE(is_acceptable_pin("1234567890123"));
  EXPECT_FALSE(is_acceptable_pin("12a4"));
  EXPECT_FALSE(is_acceptable_pin(""));
  EXPECT_THROW(save_pin(file(), "12", minimal_pin_cost()), std::invalid_argument);
  EXPECT_FALSE(std::filesystem::exists(file()));
}

TEST_F(ClinicianPin, TheRightPinIsAcceptedAndAWrongOneIsNot) {
  PinGate gate(file());
  EXPECT_FALSE(gate.pin_is_set());
  EXPECT_EQ(gate.try_pin("1234", 0.0).result, PinGate::Result::no_pin_set);
  save_pin(file(), "2468", minimal_pin_cost());
  EXPECT_TRUE(gate.pin_is_set());
  EXPECT_EQ(gate.try_pin("2469", 0.0).result, PinGate::Result::wrong);
  EXPECT_EQ(gate.try_pin("2468", 0.0).result, PinGate::Result::accepted);
  EXPECT_EQ(gate.try_pin("24680", 0.0).result, PinGate::Result::wrong);
}

TEST_F(ClinicianPin, WrongTriesMakeTheNextWaitTwiceAsLong) {
  save_pin(file(), "2468", minimal_pin_cost());
  PinGate gate(file());
  double now = 100.0;
  for (int free_try = 0; free_try < PinGate::kFreeTries; ++free_try) {
    const auto answer = gate.try_pin("0000", now);
    EXPECT_EQ(answer.result, PinGate::Result::wrong);
    EXPECT_EQ(answer.wait_s, 0.0);
  }
  double expected_wait = 2.0;
  for (int slowed = 0; slowed < 4; ++slowed, expected_wait *= 2.0) {
    const auto answer = gate.try_pin("0000", now);
    EXPECT_EQ(answer.result, PinGate::Result::wrong);
    EXPECT_EQ(answer.wait_s, expected_wait);
    // While waiting, even the right PIN is not looked at.
    const auto early = gate.try_pin("2468", now + expected_wait - 0.5);
    EXPECT_EQ(early.result, PinGate::Result::wait);
    EXPECT_DOUBLE_EQ(early.wait_s, 0.5);
    now += expected_wait;
  }
  // Many more wrong tries: the wait stops growing at the maximum.
  for (int more = 0; more < 20; ++more) now += gate.try_pin("0000", now).wait_s;
  EXPECT_DOUBLE_EQ(gate.wait_remaining_s(now - PinGate::kMaxWaitS), PinGate::kMaxWaitS);
  // The right PIN after the wait opens the gate and forgives the wrong tries.
  EXPECT_EQ(gate.try_pin("2468", now).result, PinGate::Result::accepted);
  EXPECT_EQ(gate.try_pin("0000", now).wait_s, 0.0);
}

TEST_F(ClinicianPin, WrongTriesAreRememberedAcrossRestarts) {
  save_pin(file(), "2468", minimal_pin_cost());
  double now = 1'800'000'000.0;  // wall-clock seconds
  {
    PinGate gate(file());
    // Four wrong tries, each as soon as allowed: waits of 0, 0, 2 and 4 seconds.
    for (int wrong = 0; wrong < PinGate::kFreeTries + 2; ++wrong) now += gate.try_pin("0000", now).wait_s;
    EXPECT_DOUBLE_EQ(gate.wait_remaining_s(now - 4.0), 4.0);
  }
  struct stat status {};
  ASSERT_EQ(::stat((file().string() + ".tries").c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 0777, 0600u);
  PinGate restarted(file());  // a new program: the wait and the count are still there
  EXPECT_DOUBLE_EQ(restarted.wait_remaining_s(now - 3.0), 3.0);
  EXPECT_EQ(restarted.try_pin("2468", now - 3.0).result, PinGate::Result::wait);
  EXPECT_EQ(restarted.try_pin("0000", now).wait_s, 8.0);  // the fifth wrong try
  // A clock set back an hour cannot make the wait longer than the longest.
  EXPECT_DOUBLE_EQ(restarted.wait_remaining_s(now - 3600.0), PinGate::kMaxWaitS);
  EXPECT_EQ(restarted.try_pin("2468", now + 8.0).result, PinGate::Result::accepted);
  EXPECT_FALSE(std::filesystem::exists(file().string() + ".tries"));
  EXPECT_EQ(PinGate(file()).wait_remaining_s(now + 8.0), 0.0);
}

TEST_F(ClinicianPin, AnInteractiveCostHashIsVerifiedToo) {
  save_pin(file(), "97531", interactive_pin_cost());
  EXPECT_EQ(stored().find("$argon2id$v=19$m=65536"), 0u) << stored();
  PinGate gate(file());
  EXPECT_EQ(gate.try_pin("97531", 0.0).result, PinGate::Result::accepted);
}

}  // namespace
}  // namespace midline
