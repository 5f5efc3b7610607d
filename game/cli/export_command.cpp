#include "cli/export_command.hpp"

#include <exception>
#include <iostream>
#include <memory>

#include "export/export_service.hpp"
#include "storage/calendar.hpp"
#include "storage/recover.hpp"
#include "storage/session_store.hpp"

namespace midline::cli {

namespace fs = std::filesystem;

int run_export(const ExportOptions& o, storage::WallMs now_ms, std::ostream& out,
               std::ostream& err) {
  if (o.targets.empty()) {
    err << "midline export: say what to write:";
    const auto formats = exporting::export_formats();
    for (size_t i = 0; i < formats.size(); ++i) {
      err << (i == 0 ? " " : i + 1 == formats.size() ? " or " : ", ") << "--" << formats[i].key
          << " " << formats[i].value_name;
    }
    err << "\n";
    return 2;
  }
  exporting::ExportRequest request;
  for (const auto& [format, path] : o.targets) request.targets.push_back({format, path});
  request.anonymous = o.anonymous;
  request.now_ms = now_ms;
  const fs::path data_dir = o.data_dir ? *o.data_dir : storage::SessionStore::default_data_dir();
  const exporting::ExportResult result = exporting::export_patient(data_dir, o.patient, request);
  for (const auto& notice : result.notices) err << "midline export: " << notice << "\n";
  for (const auto& file : result.written) out << exporting::said(file, result.pseudonym) << "\n";
  if (!result.problem) return 0;
  using Kind = exporting::ExportProblem::Kind;
  err << "midline export: " << result.problem->what;
  if (result.problem->kind == Kind::no_store)
    err << " (nothing recorded yet, or is --data-dir pointing elsewhere?)";
  err << "\n";
  if (result.problem->kind == Kind::damaged_store) {
    err << "midline export: the file was left as it is. To export what is still readable, copy "
           "it into a new folder first:\n  midline recover "
        << result.problem->where.string()
        << " --into NEW-FOLDER\n  midline export --data-dir NEW-FOLDER ...\n";
  }
  return 1;
}

int run_recover(const RecoverOptions& o, std::ostream& out, std::ostream& err) {
  const fs::path into = o.into ? *o.into : fs::path(o.damaged.string() + ".recovered");
  try {
    const storage::RecoveryResult r = storage::recover_database(o.damaged, into);
    out << "Copied what SQLite could read out of " << o.damaged.string()
        << " (left unchanged) into " << r.database.string() << ": " << r.patients << " patients, "
        << r.sessions << " sessions, " << r.exercises << " exercises, " << r.samples
        << " head samples";
    if (r.samples_from_lost_pages > 0) {
      out << " (" << r.samples_from_lost_pages << " of them from pages no table led to)";
    }
    out << ".\n";
    if (r.rows_left_unplaced > 0) {
      out << r.rows_left_unplaced << " readable rows could not be placed in a table; they are "
          << "kept in its lost_and_found table.\n";
    }
    out << "Export from it with: midline export --data-dir " << into.string()
        << " --patient ID ...\n";
    return 0;
  } catch (const std::exception& e) {
    err << "midline recover: " << e.what() << "\n";
    return 1;
  }
}

void add_recover_command(CLI::App& app) {
  auto options = std::make_shared<RecoverOptions>();
  CLI::App* sub = app.add_subcommand(
      "recover",
      "Copy every readable row of a damaged session database (for example one Midline set "
      "aside as midline.db.unreadable-...) into a new folder, to export from");
  sub->add_option("file", options->damaged, "The damaged database file (it is only read)")
      ->required();
  sub->add_option("--into", options->into,
                  "New folder for the recovered database (default: FILE.recovered)");
  sub->callback(
      [options] { throw CLI::RuntimeError(run_recover(*options, std::cout, std::cerr)); });
}

void add_export_command(CLI::App& app) {
  auto options = std::make_shared<ExportOptions>();
  CLI::App* sub = app.add_subcommand(
      "export", "Write a patient's sessions as CSV, a PDF progress report or a FHIR R4 bundle");
  sub->add_option("--data-dir", options->data_dir,
                  "Folder of the session database (default: $XDG_DATA_HOME/midline)");
  sub->add_option("--patient", options->patient,
                  "The patient's pseudonymous id (or their name, when no one else has it)")
      ->required();
  for (const auto& format : exporting::export_formats()) {
    sub->add_option_function<std::string>(
           std::string("--") + format.key,
           [options, kind = format.format](const std::string& path) {
             options->targets[kind] = path;
           },
           format.description)
        ->type_name(format.value_name);
  }
  sub->add_flag("--anonymous", options->anonymous,
                "Leave out the patient's name and the text of clinicians' notes");
  sub->callback([options] {
    throw CLI::RuntimeError(run_export(*options, storage::wall_clock_ms(), std::cout, std::cerr));
  });
}

}  // namespace midline::cli
