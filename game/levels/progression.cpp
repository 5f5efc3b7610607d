#include "levels/progression.hpp"

#include <algorithm>

namespace midline {

namespace {

LevelProgress progress_of(const std::string& id, const MasteryRule& mastery,
                          std::span<const SessionResult> history) {
  LevelProgress progress{id};
  std::vector<bool> outcomes;
  for (const auto& session : history) {
    if (session.level_id == id) outcomes.push_back(session.success);
  }
  progress.sessions = static_cast<int>(outcomes.size());
  const int window = std::max(mastery.over_sessions, 1);
  if (progress.sessions >= window) {
    progress.recent_successes =
        static_cast<int>(std::count(outcomes.end() - window, outcomes.end(), true));
    progress.mastered = progress.recent_successes >= mastery.success_rate * window - 1e-9;
  } else {
    progress.recent_successes = static_cast<int>(std::count(outcomes.begin(), outcomes.end(), true));
  }
  return progress;
}

std::optional<std::size_t> index_of(std::span<const std::string> ids, const std::string& id) {
  if (id.empty()) return std::nullopt;
  const auto found = std::find(ids.begin(), ids.end(), id);
  if (found == ids.end()) return std::nullopt;
  return static_cast<std::size_t>(found - ids.begin());
}

}  // namespace

Progression decide_progression(std::span<const std::string> level_ids, const MasteryRule& mastery,
                               const ProgressionChoice& choice,
                               std::span<const SessionResult> history) {
  Progression result;
  for (const auto& id : level_ids) result.levels.push_back(progress_of(id, mastery, history));
  if (level_ids.empty()) return result;

  // Levels before start_from count as done; the first one not mastered after that is next.
  const std::size_t start = index_of(level_ids, choice.start_from).value_or(0);
  std::size_t current = start;
  while (current < level_ids.size() && result.levels[current].mastered) ++current;
  if (current == level_ids.size()) {
    current = level_ids.size() - 1;
    result.reason = ProgressionReason::all_mastered;
  } else if (current == start && start > 0) {
    result.reason = ProgressionReason::moved_on;
  }
  if (const auto hold = index_of(level_ids, choice.hold_at); hold && *hold < current) {
    current = *hold;
    result.reason = ProgressionReason::held_back;
  }
  result.current = current;
  return result;
}

}  // namespace midline
