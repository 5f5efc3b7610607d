#pragma once
// The progress screen: charts over days and weeks from the session store, and one session's
// angle trace. Read-only; "Back" returns to the home screen.

#include <filesystem>
#include <memory>
#include <string>

#include "screens/screen.hpp"

namespace midline {

// `data_dir`: the session store's folder; `pseudonym`: whose progress. A missing or unreadable
// store, or an unknown patient, is said on the screen, not thrown. `on_latest_session` opens
// the latest session's page first (after a session's summary) instead of the weeks.
std::unique_ptr<Screen> make_progress_screen(GameContext& ctx,
                                             const std::filesystem::path& data_dir,
                                             const std::string& pseudonym,
                                             bool on_latest_session = false);

}  // namespace midline
