#include "export/fhir_export.hpp"

#include <sodium.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "export/export_files.hpp"
#include "text/utf8.hpp"

namespace midline::exporting {
namespace {

using nlohmann::json;
using storage::SessionRecord;

constexpr const char* kLoinc = "http://loinc.org";
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
      : patient_ref_(resource_uuid("patient/" + patient.pseudonym)) {
    json resource = {
        {"resourceType", "Patient"},
        {"identifier", json::array({{{"system", kPatientIdentifierSystem},
                                     {"value", text::valid_utf8(patient.pseudonym)}}})},
    };
    if (!anonymous && !patient.display_name.empty()) {
      resource["name"] = json::array({{{"text", text::valid_utf8(patient.display_name)}}});
    }
    add(patient_ref_, std::move(resource));
  }

  // `category`: survey (reported by the patient), activity or exam (measured).
  void observation(const SessionRecord& s, const std::string& key, const char* category, json code,
                   json value, const char* value_field, const std::string& note) {
    json o = {
        {"resourceType", "Observation"},
        {"status", "final"},
        {"category",
         json::array(
             {{{"coding", json::array({{{"system", kCategorySystem}, {"code", category}}})}}})},
        {"code", std::move(code)},
        {"subject", {{"reference", patient_ref_}}},
        {"effectivePeriod",
         {{"start", iso8601_utc(s.started_ms)}, {"end", iso8601_utc(s.ended_ms)}}},
        {value_field, std::move(value)},
    };
    if (!note.empty()) o["note"] = json::array({{{"text", note}}});
    add(resource_uuid(patient_ref_ + "/session/" + std::to_string(s.id) + "/" + key), std::move(o));
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
  std::string patient_ref_;
  json entries_ = json::array();
};

json midline_code(const std::string& code, const std::string& text) {
  return {{"coding", json::array({coding(kMidlineCodeSystem, code, text)})}, {"text", text}};
}

}  // namespace

json fhir_bundle(const storage::ProgressData& data, bool anonymous, storage::WallMs generated_ms) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not start");
  BundleBuilder bundle(data.patient, anonymous);
  const json minutes_code = {
      {"coding", json::array({coding(kLoinc, "55411-3", "Exercise duration")})},
      {"text", "Exercise duration"}};
  const json pain_code = {
      {"coding", json::array({coding(kLoinc, "72514-3",
                                     "Pain severity - 0-10 verbal numeric rating [Score] - "
                                     "Reported")})},
      {"text", "Pain severity 0-10"}};
  const std::string indicator_note =
      "Measured by webcam during exercise: an indicator, not a clinical rating.";

  for (size_t k = 0; k < data.sessions.size(); ++k) {
    const SessionRecord& s = data.sessions[k];
    const storage::SessionFigures& f = data.figures.at(k);
    if (!s.end_reason) continue;  // still running: nothing final to report
    bundle.observation(s, "exercise-minutes", "activity", minutes_code,
                       quantity(f.practice_minutes, "min", "min"), "valueQuantity",
                       "Ended: " + std::string(to_string(*s.end_reason)));
    if (s.pain_before) {
      bundle.observation(s, "pain-before", "survey", pain_code, *s.pain_before, "valueInteger",
                         "before the session");
    }
    if (s.pain_after) {
      bundle.observation(s, "pain-after", "survey", pain_code, *s.pain_after, "valueInteger",
                         "after the session");
    }
    if (f.calm_zone_percent) {
      bundle.observation(s, "calm-zone-time", "exam",
                         midline_code("calm-zone-time", "Time in the calm zone during holds"),
                         quantity(*f.calm_zone_percent, "%", "%"), "valueQuantity",
                         indicator_note);
    }
    if (f.longest_steady_hold_s) {
      bundle.observation(
          s, "steady-hold", "exam",
          midline_code("steady-hold-longest",
                       "Longest steady hold at the midline within one repetition"),
          quantity(*f.longest_steady_hold_s, "s", "s"), "valueQuantity", indicator_note);
    }
    if (!s.indicators) continue;
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
                         quantity(i.*member, "deg", "deg"), "valueQuantity", indicator_note);
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
  return bundle.finish(generated_ms);
}

}  // namespace midline::exporting
