#include "storage/calendar.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace midline::storage {
namespace {

std::tm local_tm(WallMs ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm out{};
  localtime_r(&seconds, &out);
  return out;
}

}  // namespace

WallMs wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t local_day_number(WallMs ms) {
  const std::tm t = local_tm(ms);
  const std::chrono::year_month_day date{std::chrono::year{t.tm_year + 1900},
                                         std::chrono::month{static_cast<unsigned>(t.tm_mon + 1)},
                                         std::chrono::day{static_cast<unsigned>(t.tm_mday)}};
  return std::chrono::sys_days{date}.time_since_epoch().count();
}

std::string day_string(int64_t day_number) {
  const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{day_number}}};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

int64_t day_number_from(const std::string& yyyy_mm_dd) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(yyyy_mm_dd.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) {
    throw std::invalid_argument("'" + yyyy_mm_dd + "' is not a date: write it as YYYY-MM-DD");
  }
  const std::chrono::year_month_day parsed{std::chrono::year{y}, std::chrono::month{m},
                                           std::chrono::day{d}};
  if (!parsed.ok()) throw std::invalid_argument("'" + yyyy_mm_dd + "' is not a calendar date");
  return std::chrono::sys_days{parsed}.time_since_epoch().count();
}

std::string local_time_string(WallMs ms) {
  const std::tm t = local_tm(ms);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &t);
  return text;
}

}  // namespace midline::storage
