#pragma once
// A HL7 FHIR R4 Bundle (type "collection") for hospital systems: per session, a Procedure
// (SNOMED CT 229065009 exercise therapy, body site 122494005 cervical spine structure) and
// Observations part of it: exercise minutes (LOINC 55411-3), pain before and after (LOINC
// 72514-3), and under Midline's own code system with a text code (LOINC has no code for these):
// tiredness before and after (0-10), each set's Borg CR10 effort, the session's figures and
// indicators (time in the calm zone in %, the longest steady hold in s, ranges in UCUM deg,
// tremor). Every Observation names Midline and its version, and the tracking method, as its
// device.

#include <map>
#include <nlohmann/json.hpp>

#include "storage/progress.hpp"
#include "storage/session_store.hpp"

namespace midline::exporting {

// Midline's code system for what LOINC has no code for.
inline constexpr const char* kMidlineCodeSystem = "urn:midline:fhir:observation-code";
inline constexpr const char* kPatientIdentifierSystem = "urn:midline:patient-pseudonym";
inline constexpr const char* kProgramVersion = "Midline " MIDLINE_VERSION;
inline constexpr const char* kTrackingMethod =
    "webcam head tracking (68 face landmarks, head pose fitted to them)";

// `anonymous` leaves the name out of the Patient resource (the pseudonym stays).
nlohmann::json fhir_bundle(storage::SessionStore& store, const storage::Patient& patient,
                           bool anonymous, storage::WallMs generated_ms);
// One Bundle per ended session of `data` (its Procedure and Observations, the Patient by
// pseudonym only, the Device), by session id: what `midline sync` sends with each session.
std::map<int64_t, nlohmann::json> fhir_session_bundles(storage::SessionStore& store,
                                                       const storage::ProgressData& data,
                                                       storage::WallMs generated_ms);

}  // namespace midline::exporting
