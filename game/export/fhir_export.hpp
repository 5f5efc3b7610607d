#pragma once
// A HL7 FHIR R4 Bundle (type "collection") of Observations for hospital systems: per session,
// exercise minutes (LOINC 55411-3), pain before and after (LOINC 72514-3), and the session's
// figures and indicators (time in the calm zone in %, the longest steady hold in s, ranges in
// UCUM deg, tremor) under Midline's own code system with a text code, since LOINC has no code
// for neck range of motion.

#include <nlohmann/json.hpp>

#include "storage/progress.hpp"

namespace midline::exporting {

// Midline's code system for what LOINC has no code for.
inline constexpr const char* kMidlineCodeSystem = "urn:midline:fhir:observation-code";
inline constexpr const char* kPatientIdentifierSystem = "urn:midline:patient-pseudonym";

// `anonymous` leaves the name out of the Patient resource (the pseudonym stays).
nlohmann::json fhir_bundle(const storage::ProgressData& data, bool anonymous,
                           storage::WallMs generated_ms);

}  // namespace midline::exporting
