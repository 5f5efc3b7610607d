// The suggested session length on the check-in page: from the player's kept sessions, in words.

#include "session/session_length_words.hpp"

#include <gtest/gtest.h>

#include "session/session_log.hpp"
#include "storage/temp_dir.hpp"

namespace midline {
namespace {

TEST(SessionLengthWords, RoundsToWholeMinutes) {
  pacing::SessionLengthSuggestion s;
  s.minutes = 7.6;
  s.reason = "Your baseline is 7.6 min.";  // the clinician's, not the patient's
  EXPECT_EQ(session_length_words(s),
            "About 8 minutes is a good length today; stopping sooner is always fine.");
  s.minutes = 0.7;
  EXPECT_EQ(session_length_words(s),
            "About 1 minute is a good length today; stopping sooner is always fine.");
  EXPECT_EQ(session_length_words(std::nullopt), "");
}

TEST(SessionLengthWords, ComeFromTheChosenPlayersKeptSessions) {
  testing::TempDir dir;
  SessionLog log(dir.path());
  EXPECT_FALSE(log.suggested_length().has_value());  // nobody chosen yet
  log.choose_player("New player");
  const auto first = log.suggested_length();
  ASSERT_TRUE(first.has_value());
  EXPECT_DOUBLE_EQ(first->minutes, 10.0);  // before the baseline is known
  EXPECT_NE(session_length_words(first).find("About 10 minutes"), std::string::npos)
      << session_length_words(first);

  SessionLog not_kept;
  not_kept.choose_player("Demo");
  EXPECT_FALSE(not_kept.suggested_length().has_value());
}

}  // namespace
}  // namespace midline
