#pragma once
// After each set, the patient rates its effort on the Borg CR10 scale (0-10), or skips. The
// rating goes into the session log with the set; nothing in the game depends on it.

#include <memory>

#include "screens/screen.hpp"

namespace midline {

// Borg CR10's words for a rating: 0 "nothing at all" ... 10 "extremely strong (maximal)".
const char* borg_words(int rating);

// Asks about the set just finished (the session's current exercise) and posts the answer to
// the session, which goes on to the next exercise or the check-out. `next_index`: for the
// view's name.
std::unique_ptr<Screen> make_effort_screen(GameContext& ctx, size_t next_index);

}  // namespace midline
