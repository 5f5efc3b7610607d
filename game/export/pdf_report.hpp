#pragma once
// A printable progress report for the clinician (A4 PDF, drawn with cairo): who and when, a
// summary of practice and how sessions ended (as stored), the latest session's camera
// measurements (voluntary range against the textbook normal range, never on the TWSTRS
// severity bands; not a clinical rating), the suggested next session, the progress charts with injection dates on the time
// line, the latest session's angle trace and a table of recent sessions.

#include <cstdint>
#include <filesystem>
#include <optional>

#include "pacing/session_length.hpp"
#include "storage/progress.hpp"

namespace midline::exporting {

struct ReportInput {
  storage::ProgressData data;
  std::optional<int64_t> traced_session_id;  // the latest session with samples
  storage::AngleTrace trace;
  pacing::SessionLengthSuggestion next_session;
  bool anonymous = false;
  storage::WallMs generated_ms = 0;
  bool samples_elsewhere = false;  // the clinic's copy: no head samples, the trace says why
};

// From data read elsewhere (the clinic's copy of a patient's sessions): no angle trace.
ReportInput assemble_report(storage::ProgressData data, bool anonymous, storage::WallMs now_ms);
ReportInput assemble_report(storage::SessionStore& store, const storage::Patient& patient,
                            bool anonymous, storage::WallMs now_ms);

// Throws std::runtime_error naming the file when it cannot be written.
void write_progress_report(const ReportInput& input, const std::filesystem::path& pdf);

}  // namespace midline::exporting
