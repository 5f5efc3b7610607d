#include "screens/injection_tab.hpp"

#include <algorithm>

#include <cstdio>
#include <exception>

#include "screens/ui.hpp"
#include "storage/calendar.hpp"

namespace midline {

namespace {

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

int64_t today_number() {
  return storage::local_day_number(storage::wall_clock_ms());
}

}  // namespace

InjectionAnswer add_injection(storage::SessionStore& store, int64_t patient_id,
                              const std::string& date, const std::string& note, int64_t today) {
  const std::string text = trim(date);
  int64_t day = 0;
  try {
    day = storage::day_number_from(text);
  } catch (const std::exception&) {
    return {false, "Write the date as year-month-day, for example " +
                       storage::day_string(today) + "."};
  }
  if (day > today) return {false, "That date is after today; enter an injection once it is given."};
  try {
    store.add_injection({patient_id, storage::day_string(day), trim(note)});
  } catch (const std::exception& e) {
    return {false, std::string("The injection could not be kept: ") + e.what()};
  }
  return {true, "Injection on " + storage::day_string(day) +
                    " kept. The charts shade the three months after it."};
}

bool InjectionTab::draw(storage::SessionStore& store, int64_t patient_id) {
  const int64_t today = today_number();
  if (date_[0] == '\0') std::snprintf(date_, sizeof date_, "%s", storage::day_string(today).c_str());
  ui::text("Botulinum-toxin injections: their effect rises and fades over about three months, "
           "so the charts mark each one.", true);
  ImGui::Dummy(ImVec2(0, 8));
  std::vector<storage::Injection> kept;
  try {
    kept = store.injections(patient_id);
  } catch (const std::exception& e) {
    message_ = std::string("The injections could not be read: ") + e.what();
  }
  if (kept.empty()) ui::text("No injection dates yet.");
  for (auto it = kept.rbegin(); it != kept.rend(); ++it)  // newest first
    ui::text(it->date + (it->note.empty() ? "" : "   " + it->note));
  ImGui::Dummy(ImVec2(0, 12));
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Date");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  ImGui::InputTextWithHint("##date", "YYYY-MM-DD", date_, sizeof date_);
  // The note on the same line while it fits; under the date with large text.
  const float note_w = std::min(ImGui::GetFontSize() * 12, ImGui::GetContentRegionAvail().x);
  ui::same_line_if_fits(ImGui::CalcTextSize("Note").x + ImGui::GetStyle().ItemSpacing.x + note_w, 24);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Note");
  ui::same_line_if_fits(note_w, ImGui::GetStyle().ItemSpacing.x);
  ImGui::SetNextItemWidth(note_w);
  ImGui::InputTextWithHint("##note", "muscles, dose (optional)", note_, sizeof note_);
  ImGui::Dummy(ImVec2(0, 8));
  bool added = false;
  if (ui::big_button("  Add the injection  ")) {
    const InjectionAnswer answer = add_injection(store, patient_id, date_, note_, today);
    message_ = answer.message;
    added = answer.added;
    if (added) note_[0] = '\0';
  }
  if (!message_.empty()) ui::text(message_, true);
  return added;
}

}  // namespace midline
