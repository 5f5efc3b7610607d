#include "export/fhir_export.hpp"

#include <sodium.h>

#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "export/export_files.hpp"
#include "text/utf8.hpp"

namespace midline::exporting {
namespace {

using nlohmann::json;
using storage::SessionRecord;

constexpr const char* kLoinc = "http://loinc.org";
constexpr const char* kSnomed = "http://snomed.info/sct";
constexpr const char* kUcum = "http://unitsofmeasure.org";
constexpr const char* kCategorySystem =
    "http://terminology.hl7.org/CodeSystem/observation-category";

// A stable urn:uuid for a resource, from what identifies it: exporting again gives the same
// ids, so a receiving system can recognise Observations it already has.
std::string resource_uuid(const std::string& name) {
  unsigned char hash[16];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(name.data()),
                     name.size(), nullptr, 0);
  hash[6] = static_cast<unsigned char>((hash[6] & 0x0f) | 0x80);  // version 8: name-based, custom
  hash[8] = static_cast<unsigned char>((hash[8] & 0x3f) | 0x80);  // RFC 4122 variant
  char text[37];
  std::snprintf(text, sizeof text,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", hash[0],
                hash[1], hash[2], hash[3], hash[4], hash[5], hash[6], hash[7], hash[8], hash[9],
                hash[10], hash[11], hash[12], hash[13], hash[14], hash[15]);
  return std::string("urn:uuid:") + text;
}

json coding(const char* system, const std::string& code, const std::string& display) {
  return {{"system", system}, {"code", code}, {"display", display}};
}

// The session is exercise therapy of the neck: SNOMED CT 229065009 "Exercise therapy" on body
// site 122494005 "Cervical spine structure".
json exercise_therapy_code() {
  return {{"coding", json::array({coding(kSnomed, "229065009", "Exercise therapy")})},
          {"text", "Exercise therapy"}};
}
json cervical_spine() {
  return {{"coding", json::array({coding(kSnomed, "122494005", "Cervical spine structure")})},
          {"text", "Neck (cervical spine)"}};
}

json quantity(double value, const char* ucum_code, const char* unit) {
  return {{"value", std::round(value * 100.0) / 100.0},
          {"unit", unit},
          {"system", kUcum},
          {"code", ucum_code}};
}

class BundleBuilder {
 public:
  // Text from the store is made valid UTF-8 first: JSON cannot carry broken bytes, and
  // nlohmann::json would throw when the bundle is written.
  BundleBuilder(const storage::Patient& patient, bool anonymous)
      : patient_ref_(resource_uuid("patient/" + patient.pseudonym)),
        device_ref_(resource_uuid(std::string("device/") + kProgramVersion)) {
    json resource = {
        {"resourceType", "Patient"},
        {"identifier", json::array({{{"system", kPatientIdentifierSystem},
                                     {"value", text::valid_utf8(patient.pseudonym)}}})},
    };
    if (!anonymous && !patient.display_name.empty()) {
      resource["name"] = json::array({{{"text", text::valid_utf8(patient.display_name)}}});
    }
    add(patient_ref_, std::move(resource));
    // The program that measured: every Observation names it (and its version) as its device.
    // (No deviceName: an anonymous bundle holds no "name" at all.)
    add(device_ref_, {{"resourceType", "Device"},
                      {"type", {{"text", device_text()}}},
                      {"version", json::array({{{"value", MIDLINE_VERSION}}})}});
  }

  // The session itself, as a Procedure its Observations are part of.
  void session(const SessionRecord& s, const std::string& ended) {
    procedure_ref_ = session_uuid(s, "procedure");
    add(procedure_ref_,
        {{"resourceType", "Procedure"},
         {"status", "completed"},
         {"code", exercise_therapy_code()},
         {"bodySite", json::array({cervical_spine()})},
         {"subject", {{"reference", patient_ref_}}},
         {"performedPeriod", period(s.started_ms, s.ended_ms)},
         {"note", json::array({{{"text", "Ended: " + ended}}})}});
  }

  // `category`: survey (reported by the patient), activity or exam (measured). Returns the
  // Observation, for a narrower period or a body site.
  json& observation(const SessionRecord& s, const std::string& key, const char* category,
                    json code, json value, const char* value_field, const std::string& note) {
    json o = {
        {"resourceType", "Observation"},
        {"status", "final"},
        {"category",
         json::array(
             {{{"coding", json::array({{{"system", kCategorySystem}, {"code", category}}})}}})},
        {"code", std::move(code)},
        {"subject", {{"reference", patient_ref_}}},
        {"partOf", json::array({{{"reference", procedure_ref_}}})},
        {"effectivePeriod", period(s.started_ms, s.ended_ms)},
        {"device",
         {{"reference", device_ref_},
          {"display", device_text()}}},
        {value_field, std::move(value)},
    };
    if (!note.empty()) o["note"] = json::array({{{"text", note}}});
    add(session_uuid(s, key), std::move(o));
    return entries_.back()["resource"];
  }

  static json period(storage::WallMs start, storage::WallMs end) {
    return {{"start", iso8601_utc(start)}, {"end", iso8601_utc(end)}};
  }

  json finish(storage::WallMs generated_ms) {
    return {{"resourceType", "Bundle"},
            {"type", "collection"},
            {"timestamp", iso8601_utc(generated_ms)},
            {"entry", std::move(entries_)}};
  }

 private:
  void add(const std::string& full_url, json resource) {
    entries_.push_back({{"fullUrl", full_url}, {"resource", std::move(resource)}});
  }
  static std::string device_text() {
    return std::string(kProgramVersion) + ", " + kTrackingMethod;
  }
  std::string session_uuid(const SessionRecord& s, const std::string& key) const {
    return resource_uuid(patient_ref_ + "/session/" + std::to_string(s.id) + "/" + key);
  }
  std::string patient_ref_, device_ref_, procedure_ref_;
  json entries_ = json::array();
};

json midline_code(const std::string& code, const std::string& text) {
  return {{"coding", json::array({coding(kMidlineCodeSystem, code, text)})}, {"text", text}};
}

// The felt-midline test (head repositioning): the mean absolute error after turning each way,
// in UCUM deg from the body midline, with the healthy adults' range and its source.
void add_felt_midline(BundleBuilder& bundle, const SessionRecord& s,
                      const storage::FeltMidlineErrors& felt) {
  const std::pair<const char*, std::optional<double>> sides[] = {
      {"left", felt.after_left_deg}, {"right", felt.after_right_deg}};
  for (const auto& [side, error] : sides) {
    if (!error) continue;
    json& o = bundle.observation(
        s, std::string("felt-midline-error-after-") + side, "exam",
        midline_code(std::string("felt-midline-error-after-") + side,
                     std::string("Felt midline error (head repositioning) after turning ") + side +
                         ", mean absolute, from the body midline"),
        quantity(*error, "deg", "deg"), "valueQuantity",
        "Mean of " + std::to_string(felt.trials) + " trials in the session (both sides). "
        "Measured by webcam: an indicator, not a clinical rating.");
    o["bodySite"] = cervical_spine();
    o["referenceRange"] = json::array(
        {{{"high", quantity(storage::kFeltMidlineHealthyHighDeg, "deg", "deg")},
          {"text", std::string("Healthy adults: about 3-4.5 deg on average (") +
                       storage::kFeltMidlineHealthySource + ")"}}});
  }
}

// Where the head rested by itself at calibration (the involuntary posture TWSTRS grades), one
// Observation per axis in UCUM deg from the body midline, signed as its code says.
void add_resting_posture(BundleBuilder& bundle, const SessionRecord& s) {
  if (!s.reference.resting_posture) return;
  const HeadAngles& rest = *s.reference.resting_posture;
  const std::string note =
      std::string("Where the head rested by itself at calibration, from the body midline. "
                  "Measured by webcam: an indicator, not a clinical rating.") +
      (s.reference.resting_posture_rough
           ? " Rough: the head rested turned further than the tracker is sure of."
           : "");
  const std::tuple<const char*, const char*, double> axes[] = {
      {"rotation", "Resting head rotation, + toward the patient's left", rest.rotation_deg},
      {"tilt", "Resting head tilt, + left ear toward the left shoulder", rest.tilt_deg},
      {"flexion", "Resting head flexion, + chin toward the chest, - extension", rest.flexion_deg},
  };
  for (const auto& [axis, text, degrees] : axes) {
    bundle.observation(s, std::string("resting-") + axis, "exam",
                       midline_code(std::string("resting-head-") + axis, text),
                       quantity(degrees, "deg", "deg"), "valueQuantity",
                       note)["bodySite"] = cervical_spine();
  }
}

// A session's Procedure and its Observations.
void add_session(BundleBuilder& bundle, storage::SessionStore& store, const SessionRecord& s,
                 const storage::SessionFigures& f) {
  const json minutes_code = {
      {"coding", json::array({coding(kLoinc, "55411-3", "Exercise duration")})},
      {"text", "Exercise duration"}};
  const json pain_code = {
      {"coding", json::array({coding(kLoinc, "72514-3",
                                     "Pain severity - 0-10 verbal numeric rating [Score] - "
                                     "Reported")})},
      {"text", "Pain severity 0-10"}};
  const json tiredness_code = midline_code("tiredness-0-10", "Tiredness 0-10, reported");
  const json effort_code =
      midline_code("set-effort-borg-cr10", "Perceived effort of a set, Borg CR10 (0-10)");
  // Angles, zones and holds say what they were measured from: sessions kept before the body
  // midline measured from the resting posture.
  const std::string indicator_note =
      std::string("Measured by webcam during exercise: an indicator, not a clinical rating.") +
      (s.angle_reference == storage::AngleReference::resting_posture
           ? " Measured from the resting posture found at calibration, not the body midline."
           : " Measured from the body midline.");

  const std::string ended(to_string(*s.end_reason));
  bundle.session(s, ended);
  bundle.observation(s, "exercise-minutes", "activity", minutes_code,
                     quantity(f.practice_minutes, "min", "min"), "valueQuantity",
                     "Ended: " + ended)["bodySite"] = cervical_spine();
  const std::pair<const char*, std::optional<int>> check_ins[] = {
      {"before", s.pain_before}, {"after", s.pain_after}};
  for (const auto& [when, pain] : check_ins) {
    if (!pain) continue;
    bundle.observation(s, std::string("pain-") + when, "survey", pain_code, *pain,
                       "valueInteger", std::string(when) + " the session");
  }
  const std::pair<const char*, std::optional<int>> tiredness[] = {
      {"before", s.fatigue_before}, {"after", s.fatigue_after}};
  for (const auto& [when, level] : tiredness) {
    if (!level) continue;
    bundle.observation(s, std::string("tiredness-") + when, "survey", tiredness_code, *level,
                       "valueInteger", std::string(when) + " the session");
  }
  for (const storage::ExerciseRecord& set : store.exercises(s.id)) {
    if (!set.borg_effort) continue;
    bundle.observation(s, "set-effort-" + std::to_string(set.ordinal), "survey", effort_code,
                       quantity(*set.borg_effort, "{score}", "score"), "valueQuantity",
                       "set " + std::to_string(set.ordinal) + ": " + set.exercise_type)
        ["effectivePeriod"] = BundleBuilder::period(set.started_ms,
                                                    set.ended_ms.value_or(s.ended_ms));
  }
  if (f.calm_zone_percent) {
    bundle.observation(s, "calm-zone-time", "exam",
                       midline_code("calm-zone-time", "Time in the calm zone during holds"),
                       quantity(*f.calm_zone_percent, "%", "%"), "valueQuantity",
                       indicator_note);
  }
  // Fading feedback: the holds' calm zone with the scene shown and with the screen resting.
  const std::pair<const char*, std::optional<double>> by_scene[] = {
      {"with-scene", f.calm_zone_by_scene.with_scene_percent},
      {"without-scene", f.calm_zone_by_scene.without_scene_percent}};
  for (const auto& [when, percent] : by_scene) {
    if (!percent || !f.calm_zone_by_scene.without_scene_percent) continue;
    bundle.observation(s, std::string("calm-zone-time-") + when, "exam",
                       midline_code(std::string("calm-zone-time-") + when,
                                    std::string("Time in the calm zone during holds, ") +
                                        (std::string_view(when) == "with-scene"
                                             ? "while the scene was shown"
                                             : "while the screen rested (fading feedback)")),
                       quantity(*percent, "%", "%"), "valueQuantity", indicator_note);
  }
  add_felt_midline(bundle, s, f.felt_midline);
  add_resting_posture(bundle, s);
  if (f.longest_steady_hold_s) {
    bundle.observation(
        s, "steady-hold", "exam",
        midline_code("steady-hold-longest",
                     "Longest steady hold at the midline within one repetition"),
        quantity(*f.longest_steady_hold_s, "s", "s"), "valueQuantity", indicator_note);
  }
  if (!s.indicators) return;
  const storage::SessionIndicators& i = *s.indicators;
  const std::pair<const char*, double storage::SessionIndicators::*> ranges[] = {
      {"rotation-left", &storage::SessionIndicators::rotation_left_deg},
      {"rotation-right", &storage::SessionIndicators::rotation_right_deg},
      {"tilt-left", &storage::SessionIndicators::tilt_left_deg},
      {"tilt-right", &storage::SessionIndicators::tilt_right_deg},
      {"flexion", &storage::SessionIndicators::flexion_deg},
      {"extension", &storage::SessionIndicators::extension_deg},
  };
  for (const auto& [direction, member] : ranges) {
    std::string text = std::string("Largest held neck ") + direction + " excursion";
    for (char& c : text) c = c == '-' ? ' ' : c;
    bundle.observation(s, std::string("range-") + direction, "exam",
                       midline_code(std::string("neck-range-") + direction, text),
                       quantity(i.*member, "deg", "deg"), "valueQuantity",
                       indicator_note)["bodySite"] = cervical_spine();
  }
  if (i.tremor_hz && i.tremor_amplitude_deg) {
    bundle.observation(s, "tremor-frequency", "exam",
                       midline_code("head-tremor-frequency", "Head tremor frequency"),
                       quantity(*i.tremor_hz, "Hz", "Hz"), "valueQuantity", indicator_note);
    bundle.observation(s, "tremor-amplitude", "exam",
                       midline_code("head-tremor-amplitude", "Head tremor amplitude"),
                       quantity(*i.tremor_amplitude_deg, "deg", "deg"), "valueQuantity",
                       indicator_note);
  }
  bundle.observation(s, "sensory-tricks", "exam",
                     midline_code("sensory-trick-count", "Sensory trick uses in the session"),
                     i.sensory_trick_count, "valueInteger", indicator_note);
}

}  // namespace

json fhir_bundle(storage::SessionStore& store, const storage::Patient& patient, bool anonymous,
                storage::WallMs generated_ms) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not start");
  const storage::ProgressData data = storage::load_progress(store, patient);
  BundleBuilder bundle(data.patient, anonymous);
  for (size_t k = 0; k < data.sessions.size(); ++k) {
    if (!data.sessions[k].end_reason) continue;  // still running: nothing final to report
    add_session(bundle, store, data.sessions[k], data.figures.at(k));
  }
  return bundle.finish(generated_ms);
}

std::map<int64_t, json> fhir_session_bundles(storage::SessionStore& store,
                                             const storage::ProgressData& data,
                                             storage::WallMs generated_ms) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not start");
  std::map<int64_t, json> bundles;
  for (size_t k = 0; k < data.sessions.size(); ++k) {
    if (!data.sessions[k].end_reason) continue;
    BundleBuilder bundle(data.patient, true);  // the pseudonym only, never the name
    add_session(bundle, store, data.sessions[k], data.figures.at(k));
    bundles.emplace(data.sessions[k].id, bundle.finish(generated_ms));
  }
  return bundles;
}

}  // namespace midline::exporting
