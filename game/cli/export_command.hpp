#pragma once
// `midline export`: a patient's sessions as CSV files, a PDF progress report or a FHIR bundle.
//   midline export [--data-dir DIR] --patient ID (--csv DIR | --report OUT.pdf |
//                  --fhir OUT.json) [--anonymous]
// `midline recover`: what is readable of a damaged session database, into a new folder.
//   midline recover FILE [--into DIR]

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>

#include "export/export_service.hpp"
#include "storage/records.hpp"

namespace midline::cli {

struct ExportOptions {
  std::optional<std::filesystem::path> data_dir;  // default: SessionStore::default_data_dir()
  std::string patient;  // pseudonymous id, or a display name only one patient has
  // What to write, and where: a folder for CSV, a file for the others (exporting::export_formats).
  std::map<exporting::ExportFormat, std::filesystem::path> targets;
  bool anonymous = false;
};

// Runs the export (exporting::export_patient) and says what it did: messages for people go to
// `out`, problems to `err`. Returns the exit code: 0, 1 when it failed, 2 when nothing was asked.
int run_export(const ExportOptions& options, storage::WallMs now_ms, std::ostream& out,
               std::ostream& err);

struct RecoverOptions {
  std::filesystem::path damaged;
  std::optional<std::filesystem::path> into;  // default: FILE.recovered
};
int run_recover(const RecoverOptions& options, std::ostream& out, std::ostream& err);

// Registers the subcommand; when chosen it runs during parsing and ends it with
// CLI::RuntimeError carrying the exit code (0 on success), which CLI::App::exit returns.
void add_export_command(CLI::App& app);
void add_recover_command(CLI::App& app);  // as add_export_command

}  // namespace midline::cli
