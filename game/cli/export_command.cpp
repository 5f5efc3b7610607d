#include "cli/export_command.hpp"

#include <chrono>
#include <exception>
#include <iostream>
#include <memory>

#include "export/csv_export.hpp"
#include "export/export_files.hpp"
#include "export/fhir_export.hpp"
#include "export/pdf_report.hpp"
#include "storage/private_folder.hpp"
#include "storage/recover.hpp"
#include "storage/session_store.hpp"

namespace midline::cli {

namespace fs = std::filesystem;

int run_export(const ExportOptions& o, storage::WallMs now_ms, std::ostream& out,
               std::ostream& err) {
  if (!o.csv_dir && !o.report_pdf && !o.fhir_json) {
    err << "midline export: say what to write: --csv DIR, --report OUT.pdf or --fhir OUT.json\n";
    return 2;
  }
  try {
    const fs::path data_dir = o.data_dir ? *o.data_dir : storage::SessionStore::default_data_dir();
    const fs::path file = storage::SessionStore::database_file(data_dir);
    if (!fs::exists(file)) {
      err << "midline export: there is no session database at " << file.string()
          << " (nothing recorded yet, or is --data-dir pointing elsewhere?)\n";
      return 1;
    }
    storage::SessionStore store(data_dir, storage::SessionStore::Mode::inspect);
    for (const auto& notice : store.notices()) err << "midline export: " << notice << "\n";

    const auto known = store.patients();
    // The pseudonymous id, or the name the game shows when exactly one patient has it.
    std::optional<storage::Patient> patient = store.find_patient(o.patient);
    if (!patient) {
      int named = 0;
      for (const auto& p : known) {
        if (p.display_name == o.patient) patient = p, ++named;
      }
      if (named > 1) {
        err << "midline export: " << named << " patients are called '" << o.patient
            << "'; give the id instead:";
        for (const auto& p : known) {
          if (p.display_name == o.patient) err << " " << p.pseudonym;
        }
        err << "\n";
        return 1;
      }
    }
    if (!patient) {
      err << "midline export: no patient '" << o.patient << "' in " << file.string() << ". ";
      if (known.empty()) {
        err << "No patients are recorded yet.\n";
      } else {
        err << "Known patients:";
        for (const auto& p : known) {
          err << " " << p.pseudonym;
          if (!p.display_name.empty()) err << " (" << p.display_name << ")";
        }
        err << "\n";
      }
      return 1;
    }
    // Folders made for exports are the owner's only; each file appears whole or not at all,
    // and the CSV files as a set.
    for (const auto& target : {o.report_pdf, o.fhir_json}) {
      if (target && target->has_parent_path())
        storage::make_private_folder(target->parent_path());
    }
    if (o.csv_dir) {
      const auto files = exporting::write_all_or_nothing(*o.csv_dir, [&](const fs::path& staging) {
        return exporting::export_csv(store, *patient, staging, o.anonymous);
      });
      out << "Wrote " << files.size() << " CSV files for " << patient->pseudonym << " to "
          << o.csv_dir->string() << "\n";
    }
    if (o.report_pdf) {
      const auto input = exporting::assemble_report(store, *patient, o.anonymous, now_ms);
      exporting::write_progress_report(input, *o.report_pdf);
      out << "Wrote the progress report of " << patient->pseudonym << " ("
          << input.data.sessions.size() << " sessions) to " << o.report_pdf->string() << "\n";
    }
    if (o.fhir_json) {
      const auto data = storage::load_progress(store, *patient);
      const auto bundle = exporting::fhir_bundle(data, o.anonymous, now_ms);
      exporting::write_file(*o.fhir_json, bundle.dump(2) + "\n");
      out << "Wrote a FHIR R4 bundle of " << bundle["entry"].size() - 1 << " observations for "
          << patient->pseudonym << " to " << o.fhir_json->string() << "\n";
    }
    return 0;
  } catch (const storage::StorageError& e) {
    err << "midline export: " << e.what() << "\n";
    if (e.is_corruption()) {
      const fs::path file = storage::SessionStore::database_file(
          o.data_dir ? *o.data_dir : storage::SessionStore::default_data_dir());
      err << "midline export: the file was left as it is. To export what is still readable, copy "
             "it into a new folder first:\n  midline recover "
          << file.string() << " --into NEW-FOLDER\n  midline export --data-dir NEW-FOLDER ...\n";
    }
    return 1;
  } catch (const std::exception& e) {
    err << "midline export: " << e.what() << "\n";
    return 1;
  }
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
  sub->add_option("--csv", options->csv_dir, "Write CSV files into this folder");
  sub->add_option("--report", options->report_pdf, "Write a printable progress report (PDF)");
  sub->add_option("--fhir", options->fhir_json, "Write a HL7 FHIR R4 JSON bundle");
  sub->add_flag("--anonymous", options->anonymous,
                "Leave out the patient's name and the text of clinicians' notes");
  sub->callback([options] {
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    throw CLI::RuntimeError(run_export(*options, now, std::cout, std::cerr));
  });
}

}  // namespace midline::cli
