#include "export/export_service.hpp"

#include <algorithm>
#include <exception>
#include <stdexcept>

#include "export/csv_export.hpp"
#include "export/export_files.hpp"
#include "export/fhir_export.hpp"
#include "export/pdf_report.hpp"
#include "storage/private_folder.hpp"
#include "storage/progress.hpp"

namespace midline::exporting {

namespace fs = std::filesystem;

namespace {

// clang-format off
constexpr ExportFormatInfo kFormats[] = {
    {ExportFormat::csv, "csv", "DIR", "csv", "Spreadsheet files (CSV)",
     "Write CSV files into this folder"},
    {ExportFormat::report, "report", "OUT.pdf", "progress-report.pdf", "Progress report (PDF)",
     "Write a printable progress report (PDF)"},
    {ExportFormat::fhir, "fhir", "OUT.json", "fhir-bundle.json", "Hospital record (FHIR)",
     "Write a HL7 FHIR R4 JSON bundle"},
};
// clang-format on

ExportedFile write_target(storage::SessionStore& store, const storage::Patient& patient,
                          const ExportTarget& target, const ExportRequest& request) {
  ExportedFile out{target.format, target.path, {}, {}};
  // Folders made for exports are the owner's only.
  if (target.format != ExportFormat::csv && target.path.has_parent_path())
    storage::make_private_folder(target.path.parent_path());
  switch (target.format) {
    case ExportFormat::csv:
      // The CSV files appear as a set, or none of them.
      out.files = write_all_or_nothing(target.path, [&](const fs::path& staging) {
        return export_csv(store, patient, staging, request.anonymous);
      });
      out.holds = std::to_string(out.files.size()) + " CSV files";
      break;
    case ExportFormat::report: {
      const auto input = assemble_report(store, patient, request.anonymous, request.now_ms);
      write_progress_report(input, target.path);
      out.files = {target.path};
      out.holds = "the progress report (" + std::to_string(input.data.sessions.size()) +
                  " sessions)";
      break;
    }
    case ExportFormat::fhir: {
      const auto bundle = fhir_bundle(store, patient, request.anonymous, request.now_ms);
      write_file(target.path, bundle.dump(2) + "\n");
      out.files = {target.path};
      const auto observations =
          std::count_if(bundle["entry"].begin(), bundle["entry"].end(), [](const auto& entry) {
            return entry["resource"]["resourceType"] == "Observation";
          });
      out.holds = "a FHIR R4 bundle of " + std::to_string(observations) + " observations";
      break;
    }
  }
  return out;
}

// The pseudonymous id, or the name the game shows when exactly one patient has it.
std::optional<storage::Patient> find_patient(storage::SessionStore& store, const std::string& id,
                                             ExportResult& result) {
  if (auto patient = store.find_patient(id)) return patient;
  const auto known = store.patients();
  std::optional<storage::Patient> named;
  std::string ids;
  int count = 0;
  for (const auto& p : known) {
    if (p.display_name != id) continue;
    named = p;
    ids += " " + p.pseudonym;
    ++count;
  }
  if (count == 1) return named;
  std::string what;
  if (count > 1) {
    what = std::to_string(count) + " patients are called '" + id + "'; give the id instead:" + ids;
  } else {
    what = "no patient '" + id + "' in " + store.file().string() + ". ";
    if (known.empty()) {
      what += "No patients are recorded yet.";
    } else {
      what += "Known patients:";
      for (const auto& p : known) {
        what += " " + p.pseudonym;
        if (!p.display_name.empty()) what += " (" + p.display_name + ")";
      }
    }
  }
  result.problem = ExportProblem{ExportProblem::Kind::no_patient, what, store.file()};
  return std::nullopt;
}

}  // namespace

std::span<const ExportFormatInfo> export_formats() { return kFormats; }

const ExportFormatInfo& format_info(ExportFormat format) {
  for (const auto& f : kFormats) {
    if (f.format == format) return f;
  }
  throw std::invalid_argument("an export format missing from the list");
}

std::string said(const ExportedFile& file, const std::string& pseudonym) {
  return "Wrote " + file.holds + " for " + pseudonym + " to " + file.path.string();
}

ExportResult export_patient(storage::SessionStore& store, const storage::Patient& patient,
                            const ExportRequest& request) {
  ExportResult result;
  result.pseudonym = patient.pseudonym;
  for (const ExportTarget& target : request.targets) {
    try {
      result.written.push_back(write_target(store, patient, target, request));
    } catch (const storage::StorageError& e) {
      if (e.is_corruption()) {
        result.problem = ExportProblem{ExportProblem::Kind::damaged_store, e.what(), store.file()};
      } else {  // a folder that could not be made
        result.problem = ExportProblem{ExportProblem::Kind::not_written, e.what(), target.path};
      }
      break;
    } catch (const std::exception& e) {
      result.problem = ExportProblem{ExportProblem::Kind::not_written, e.what(), target.path};
      break;
    }
  }
  return result;
}

ExportResult export_patient(const fs::path& data_dir, const std::string& patient,
                            const ExportRequest& request) {
  const fs::path file = storage::SessionStore::database_file(data_dir);
  ExportResult result;
  if (!fs::exists(file)) {
    result.problem = ExportProblem{ExportProblem::Kind::no_store,
                                   "there is no session database at " + file.string(), file};
    return result;
  }
  try {
    storage::SessionStore store(data_dir, storage::SessionStore::Mode::inspect);
    const auto found = find_patient(store, patient, result);
    if (!found) {
      result.notices = store.notices();
      return result;
    }
    ExportResult exported = export_patient(store, *found, request);
    exported.notices = store.notices();
    return exported;
  } catch (const storage::StorageError& e) {
    result.problem = ExportProblem{e.is_corruption() ? ExportProblem::Kind::damaged_store
                                                     : ExportProblem::Kind::not_written,
                                   e.what(), file};
  } catch (const std::exception& e) {
    result.problem = ExportProblem{ExportProblem::Kind::not_written, e.what(), file};
  }
  return result;
}

}  // namespace midline::exporting
