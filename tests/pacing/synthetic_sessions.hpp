#pragma once
// Session histories made up for pacing tests: sessions at local noon on given days.

#include <ctime>
#include <vector>

#include "storage/calendar.hpp"
#include "storage/session_store.hpp"

namespace midline::testing {

inline constexpr int64_t kFirstDay = 20'000;  // 2024-10-04

inline storage::WallMs local_noon(int64_t day) {
  const std::string date = storage::day_string(day);
  std::tm t{};
  t.tm_year = std::stoi(date.substr(0, 4)) - 1900;
  t.tm_mon = std::stoi(date.substr(5, 2)) - 1;
  t.tm_mday = std::stoi(date.substr(8, 2));
  t.tm_hour = 12;
  t.tm_isdst = -1;
  return static_cast<storage::WallMs>(std::mktime(&t)) * 1000;
}

inline storage::SessionRecord session_on(int64_t day, double minutes, int pain_before = 3,
                                         int pain_after = 3,
                                         storage::EndReason reason = storage::EndReason::finished) {
  storage::SessionRecord s;
  s.started_ms = local_noon(day);
  s.ended_ms = s.started_ms + static_cast<storage::WallMs>(minutes * 60'000);
  s.end_reason = reason;
  s.pain_before = pain_before;
  s.pain_after = pain_after;
  s.exercises = 1;
  return s;
}

}  // namespace midline::testing
