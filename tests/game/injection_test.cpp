// Entering a botulinum-toxin injection date from the progress screen: the tab's logic against
// a real store in a temporary folder.

#include "screens/injection_tab.hpp"

#include <gtest/gtest.h>

#include "storage/calendar.hpp"
#include "storage/session_store.hpp"
#include "storage/temp_dir.hpp"

namespace midline {
namespace {

class InjectionEntry : public ::testing::Test {
 protected:
  testing::TempDir dir;
  storage::SessionStore store{dir.path(), storage::SessionStore::Mode::read};
  int64_t patient = store.add_patient("P-0001", "Ann", 0).id;
  int64_t today = storage::day_number_from("2026-11-23");
};

TEST_F(InjectionEntry, KeepsADateWithItsNote) {
  const auto answer = add_injection(store, patient, " 2026-10-01 ", "  cervical, 200 U ", today);
  EXPECT_TRUE(answer.added) << answer.message;
  EXPECT_NE(answer.message.find("2026-10-01"), std::string::npos) << answer.message;
  const auto kept = store.injections(patient);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].date, "2026-10-01");
  EXPECT_EQ(kept[0].note, "cervical, 200 U");
  EXPECT_TRUE(add_injection(store, patient, "2026-11-23", "", today).added);  // today is fine
  EXPECT_EQ(store.injections(patient).size(), 2u);
}

TEST_F(InjectionEntry, RefusesADateThatIsNotOneWithAWordOnHowToWriteIt) {
  for (const char* junk : {"", "1/10/2026", "2026-13-01", "yesterday", "2026-02-30"}) {
    const auto answer = add_injection(store, patient, junk, "", today);
    EXPECT_FALSE(answer.added) << junk;
    EXPECT_NE(answer.message.find("for example 2026-11-23"), std::string::npos) << answer.message;
  }
  EXPECT_TRUE(store.injections(patient).empty());
}

TEST_F(InjectionEntry, RefusesADateAfterToday) {
  const auto answer = add_injection(store, patient, "2026-11-24", "", today);
  EXPECT_FALSE(answer.added);
  EXPECT_NE(answer.message.find("after today"), std::string::npos) << answer.message;
  EXPECT_TRUE(store.injections(patient).empty());
}

}  // namespace
}  // namespace midline
