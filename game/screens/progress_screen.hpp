#pragma once
// The progress screen: charts over days and weeks from the session store, and one session's
// angle trace. Read-only; "Back" returns to the home screen.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "screens/screen.hpp"
#include "storage/progress.hpp"

namespace midline {

// `data_dir`: the session store's folder; `pseudonym`: whose progress. A missing or unreadable
// store, or an unknown patient, is said on the screen, not thrown. `on_latest_session` opens
// the latest session's page first (after a session's summary) instead of the weeks.
std::unique_ptr<Screen> make_progress_screen(GameContext& ctx,
                                             const std::filesystem::path& data_dir,
                                             const std::string& pseudonym,
                                             bool on_latest_session = false);

// The same screen over the clinic's copy of a patient's sessions (clinician mode): the same
// charts and session pages, without angle traces (head samples stay on the station) or
// injections (never sent); its "Report" part writes the PDF report into `report_folder`.
struct ClinicProgress {
  storage::ProgressData data;
  std::filesystem::path report_folder;
  std::string plan_label;  // the button that opens the plan ("Edit plan (version 3)")
  std::function<std::unique_ptr<Screen>()> edit_plan;
  std::function<std::unique_ptr<Screen>()> back;  // the page Back returns to
};
std::unique_ptr<Screen> make_clinic_progress_screen(GameContext& ctx, ClinicProgress clinic);

}  // namespace midline
