#pragma once
// What the clinician's list says of each patient, from their sessions as the clinic received
// them: when they last practised, how often, where their pain is going, and the flags that ask
// for a look. No database and no window in here: the list's screen and its tests read these.
//
// The flags, over the last 7 days before `now`:
//   pain rose     a session whose pain after was 2 points or more above its pain before
//                 (pacing's own test, pacing::pain_rose: the rise that holds practice back);
//   fatigue stop  a session that ended because of tiredness (stopped for fatigue);
//   no practice   no session at all in those 7 days (or none ever).

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "storage/session_store.hpp"

namespace midline::clinic {

inline constexpr int kFlagWindowDays = 7;

struct PatientFlags {
  bool pain_rose = false;
  bool stopped_for_fatigue = false;
  bool nothing_for_a_week = false;
  bool any() const { return pain_rose || stopped_for_fatigue || nothing_for_a_week; }
};

// Pain before sessions, as a trend: the mean over the last 7 days and over the 7 days before
// (each nullopt when those days had no check-in).
struct PainTrend {
  std::optional<double> this_week, week_before;
  std::optional<double> change() const {
    if (!this_week || !week_before) return std::nullopt;
    return *this_week - *week_before;
  }
};

struct PatientOverview {
  std::string pseudonym;
  int sessions = 0;                                // all the clinic has
  std::optional<storage::WallMs> last_session_ms;  // the latest session's start
  double sessions_per_week = 0.0;                  // over the last 4 weeks
  PainTrend pain;
  PatientFlags flags;
  int pain_rises = 0, fatigue_stops = 0;  // how many sessions raised each flag
};

// `sessions` oldest first (their times already the server's, as the clinic stores them).
PatientOverview patient_overview(std::string pseudonym,
                                 std::span<const storage::SessionRecord> sessions,
                                 storage::WallMs now_ms);

// The flags in words for the list ("pain up 2+ points (1 session)"), in the order above.
std::vector<std::string> flag_words(const PatientOverview& overview);
// The trend in words: "4.5 (was 2.0)", "3.0", "no check-ins".
std::string pain_trend_words(const PainTrend& trend);

}  // namespace midline::clinic
