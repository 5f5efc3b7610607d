#pragma once
// Calendar days in the patient's local time zone: practice is summed per day as they live it.

#include <cstdint>
#include <string>

#include "storage/records.hpp"

namespace midline::storage {

// The wall clock now, in milliseconds since 1970 (what every stored time is).
WallMs wall_clock_ms();
// Days since 1970-01-01 of the local date at `ms`.
int64_t local_day_number(WallMs ms);
// "YYYY-MM-DD" of a day number, and back (nullopt-free: throws std::invalid_argument on junk).
std::string day_string(int64_t day_number);
int64_t day_number_from(const std::string& yyyy_mm_dd);
// "YYYY-MM-DD HH:MM" in local time, for people to read.
std::string local_time_string(WallMs ms);

}  // namespace midline::storage
