#pragma once
// Exporting a patient's sessions for a clinician, as a service with no command line or screen
// in it: `midline export` and the progress screen's "For your clinician" tab both call
// export_patient() and say what it returns in their own way.
// A later sync to a clinic's server (shared ARCHITECTURE.md) plugs in here, beside the formats.

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "storage/session_store.hpp"

namespace midline::exporting {

enum class ExportFormat { csv, report, fhir };

// The one list of formats: what each is called wherever it is offered.
struct ExportFormatInfo {
  ExportFormat format;
  const char* key;           // the command's option without "--", and a short name
  const char* value_name;    // what the option takes, for --help: "DIR", "OUT.pdf"
  const char* default_name;  // its name inside an export folder (the progress screen's)
  const char* label;         // the progress screen's button
  const char* description;   // the command's --help
};
std::span<const ExportFormatInfo> export_formats();
const ExportFormatInfo& format_info(ExportFormat format);

struct ExportTarget {
  ExportFormat format;
  std::filesystem::path path;  // a folder for CSV, a file for the others
};

struct ExportRequest {
  std::vector<ExportTarget> targets;  // written in this order
  bool anonymous = false;             // leaves out the name and the text of clinicians' notes
  storage::WallMs now_ms = 0;         // when the export is made (the report and bundle say so)
};

// One format written: where, and what it holds.
struct ExportedFile {
  ExportFormat format;
  std::filesystem::path path;               // the target: a folder for CSV
  std::vector<std::filesystem::path> files;  // every file written
  std::string holds;  // "3 CSV files", "the progress report (12 sessions)", ...
};

// Why an export could not be made, naming what and where. Files already written stay; the
// format that failed left nothing behind.
struct ExportProblem {
  enum class Kind {
    no_store,       // nothing recorded in that data folder (no session database)
    no_patient,     // no such patient, or a name several patients have
    damaged_store,  // the session database is damaged: recover it to export
    not_written,    // a file or folder could not be written
  };
  Kind kind = Kind::not_written;
  std::string what;             // a sentence, e.g. "no patient 'P-9' in /x/midline.db. ..."
  std::filesystem::path where;  // the file or folder it is about
};

struct ExportResult {
  std::string pseudonym;                 // the patient exported
  std::vector<ExportedFile> written;     // in the request's order
  std::vector<std::string> notices;      // what opening the store said (sentences)
  std::optional<ExportProblem> problem;  // empty when everything asked was written
  bool ok() const { return !problem; }
};

// "Wrote 3 CSV files for P-0042 to /x/csv": what one written format is, in one sentence.
std::string said(const ExportedFile& file, const std::string& pseudonym);

// Writes each target for `patient` from `store` (any mode; exports only read). Each file
// appears whole or not at all, readable by its owner only, in folders made 0700.
ExportResult export_patient(storage::SessionStore& store, const storage::Patient& patient,
                            const ExportRequest& request);
// The same from the store in `data_dir`, opened read-only (never created or changed), for
// `patient`: a pseudonym, or a name only one patient has.
ExportResult export_patient(const std::filesystem::path& data_dir, const std::string& patient,
                            const ExportRequest& request);

}  // namespace midline::exporting
