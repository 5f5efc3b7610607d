#pragma once
// The next session's suggested length, by the pacing principle: a baseline the patient manages
// on a bad day (80% of the average of their first three sessions), raised gradually (10% a
// week) only after weeks that went well, and stepped back when pain rose by 2 points or more.
// Recomputed from the whole history each time, so it needs no state of its own.

#include <cstdint>
#include <span>
#include <string>

#include "storage/session_store.hpp"

namespace midline::pacing {

// Defaults from shared CLINICAL.md; the plan can override each.
struct ProgressionParams {
  int baseline_sessions = 3;
  double baseline_fraction = 0.8;
  double weekly_step = 0.10;
  int pain_rise_hold_back = 2;      // points on the 0-10 scale
  int good_week_min_sessions = 2;   // a week needs this many sessions to count as going well
  double first_session_min = 10.0;  // before the baseline is known
  double min_session_min = 3.0;
  double max_session_min = 15.0;
};

struct SessionLengthSuggestion {
  double minutes = 0.0;
  double baseline_minutes = 0.0;  // 0 until the baseline sessions are done
  int good_weeks = 0;
  std::string reason;  // one sentence for the patient or physiotherapist
};

// `history` oldest first, as SessionStore::sessions gives it; `today` a local day number.
SessionLengthSuggestion suggest_next_session_length(std::span<const storage::SessionRecord> history,
                                                    int64_t today,
                                                    const ProgressionParams& params = {});

// A session that went well: ended by plan or patient without fatigue, pain not up by the
// hold-back amount. Interrupted sessions (a crash) say nothing either way.
bool went_well(const storage::SessionRecord& session, const ProgressionParams& params);
bool pain_rose(const storage::SessionRecord& session, const ProgressionParams& params);

}  // namespace midline::pacing
