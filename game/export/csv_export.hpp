#pragma once
// CSV exports a clinician can open in a spreadsheet: one file of the patient's sessions, one
// of every repetition, and one of each session's head samples. Comma-separated, a header row,
// '.' decimals, times in ISO 8601 UTC.

#include <filesystem>
#include <vector>

#include "storage/session_store.hpp"

namespace midline::exporting {

// Writes into `dir` (created when missing) and returns the files written. `anonymous` leaves
// out the display name and the text of clinicians' notes.
std::vector<std::filesystem::path> export_csv(storage::SessionStore& store,
                                              const storage::Patient& patient,
                                              const std::filesystem::path& dir, bool anonymous);

}  // namespace midline::exporting
