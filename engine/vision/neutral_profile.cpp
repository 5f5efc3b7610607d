#include "vision/neutral_profile.hpp"

#include <cmath>
#include <fstream>
#include <stdexcept>
#include <toml++/toml.h>

namespace midline {
namespace {

toml::array to_array(std::initializer_list<double> values) {
  toml::array a;
  for (double v : values) a.push_back(v);
  return a;
}

std::vector<double> numbers(toml::node_view<toml::node> node, size_t count,
                            const std::string& key, const std::filesystem::path& file) {
  const toml::array* a = node.as_array();
  std::vector<double> out;
  if (a) {
    for (const auto& item : *a)
      if (auto v = item.value<double>()) out.push_back(*v);
  }
  if (!a || out.size() != count)
    throw std::runtime_error(file.string() + ": '" + key + "' must be a list of " +
                             std::to_string(count) + " numbers");
  return out;
}

// The number under `key` (`fallback` where a profile saved before has none), refused by name
// outside least..most.
double number_within(const toml::table& table, const std::string& key, double fallback,
                     double least, double most, const std::string& unit,
                     const std::filesystem::path& file) {
  const double value = table[key].value_or(fallback);
  if (!(value >= least && value <= most))
    throw std::runtime_error(file.string() + ": '" + key + "' must be between " +
                             std::to_string(static_cast<int>(least)) + " and " +
                             std::to_string(static_cast<int>(most)) +
                             (unit.empty() ? "" : " " + unit));
  return value;
}

}  // namespace

void save_profile(const NeutralProfile& p, const std::filesystem::path& file) {
  const glm::dmat3& r = p.neutral.pose.orientation;
  const glm::dvec3& t = p.neutral.pose.position_mm;
  toml::array model;
  for (const auto& q : p.model) model.push_back(to_array({q.x, q.y, q.z}));
  const HeadAngles resting = resting_posture(body_reference(p));
  toml::table table{
      {"format", "midline neutral profile 2"},
      {"focal_over_width", p.focal_over_width},
      {"flexion_zero_deg", p.flexion_zero_deg},
      {"model_lean_deg", p.model_lean_deg},
      {"neck_behind_mm", p.neck_behind_mm},
      {"landmark_nod_agreement", p.landmark_nod_agreement},
      {"track_pitch_deg", p.track_pitch_deg},
      {"resting_posture_deg", toml::table{{"rotation", resting.rotation_deg},
                                          {"tilt", resting.tilt_deg},
                                          {"flexion", resting.flexion_deg}}},
      {"neutral_orientation_rows",
       toml::array{to_array({r[0][0], r[1][0], r[2][0]}), to_array({r[0][1], r[1][1], r[2][1]}),
                   to_array({r[0][2], r[1][2], r[2][2]})}},
      {"neutral_position_mm", to_array({t.x, t.y, t.z})},
      {"face_model_mm", model},
  };
  if (p.resting_posture_rough) table.insert("resting_posture_rough", true);
  toml::array looks;
  for (const auto& look : p.lower_face_looks) {
    toml::array descriptor;
    for (float v : look.descriptor) descriptor.push_back(static_cast<double>(v));
    toml::table saved{{"pose_key", to_array({look.pose_key.x, look.pose_key.y})},
                      {"descriptor", descriptor}};
    if (look.roll_deg) saved.insert("roll_deg", static_cast<double>(*look.roll_deg));
    looks.push_back(std::move(saved));
  }
  table.insert("lower_face_looks", looks);
  std::ofstream out(file);
  if (!out) throw std::runtime_error("cannot write the neutral profile " + file.string());
  out << "# Midline calibration profile: the face model fitted to this person, the pose the head\n"
         "# rested in at calibration (resting_posture_deg: from the body midline, + = toward the\n"
         "# patient's left, left ear down, chin down; a measurement, never the zero; a rough one\n"
         "# where resting_posture_rough is true, turned further than the tracker is sure of) and\n"
         "# the flexion zero (the face's pitch when the head is level); model_lean_deg is how far\n"
         "# the fitted model leans from the face's own midline, and neck_behind_mm how far behind\n"
         "# the eyes the head turns on the neck, landmark_nod_agreement how well the face's\n"
         "# landmarks followed its nods (-1..1), track_pitch_deg how far the head's turns\n"
         "# read pitched about the camera's horizontal axis, all measured at calibration. Angles\n"
         "# are measured from the body midline: the head square to a camera centred at eye\n"
         "# height. Written by Midline.\n"
      << table << "\n";
  if (!out) throw std::runtime_error("cannot write the neutral profile " + file.string());
}

NeutralProfile load_profile(const std::filesystem::path& file) {
  toml::table table;
  try {
    table = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    throw std::runtime_error(file.string() + ":" + std::to_string(where.line) + ":" +
                             std::to_string(where.column) + ": " + std::string(e.description()));
  }
  // Format 1 had no flexion zero: its profiles read as a flexion zero of 0.
  const std::string format = table["format"].value_or(std::string());
  if (format != "midline neutral profile 1" && format != "midline neutral profile 2")
    throw std::runtime_error(file.string() + ": not a Midline neutral profile (format)");
  NeutralProfile p;
  p.flexion_zero_deg = number_within(table, "flexion_zero_deg", 0.0, -kMaxFlexionZeroDeg,
                                     kMaxFlexionZeroDeg, "degrees", file);
  p.model_lean_deg = number_within(table, "model_lean_deg", 0.0, -kMostModelLeanDeg,
                                   kMostModelLeanDeg, "degrees", file);
  p.neck_behind_mm = number_within(table, "neck_behind_mm", kTypicalNeckBehindMm,
                                   kLeastNeckBehindMm, kMostNeckBehindMm, "mm", file);
  p.landmark_nod_agreement =
      number_within(table, "landmark_nod_agreement", 1.0, -1.0, 1.0, "", file);
  p.track_pitch_deg = number_within(table, "track_pitch_deg", 0.0, -kMostTrackPitchDeg,
                                    kMostTrackPitchDeg, "degrees", file);
  p.focal_over_width = table["focal_over_width"].value_or(kDefaultFocalOverWidth);
  p.resting_posture_rough = table["resting_posture_rough"].value_or(false);
  if (!(p.focal_over_width > 0.2 && p.focal_over_width < 5.0))
    throw std::runtime_error(file.string() + ": 'focal_over_width' must be between 0.2 and 5");
  const toml::array* rows = table["neutral_orientation_rows"].as_array();
  if (!rows || rows->size() != 3)
    throw std::runtime_error(file.string() + ": 'neutral_orientation_rows' must hold 3 rows");
  glm::dmat3 r(1.0);
  for (int row = 0; row < 3; ++row) {
    const auto v = numbers(table["neutral_orientation_rows"][static_cast<size_t>(row)], 3,
                           "neutral_orientation_rows", file);
    for (int col = 0; col < 3; ++col) r[col][row] = v[static_cast<size_t>(col)];
  }
  const auto t = numbers(table["neutral_position_mm"], 3, "neutral_position_mm", file);
  p.neutral.pose = HeadPose{r, glm::dvec3(t[0], t[1], t[2])};
  const toml::array* model = table["face_model_mm"].as_array();
  if (!model || model->size() != kLandmarkCount)
    throw std::runtime_error(file.string() + ": 'face_model_mm' must hold 68 points");
  for (size_t i = 0; i < kLandmarkCount; ++i) {
    const auto q = numbers(table["face_model_mm"][i], 3, "face_model_mm", file);
    p.model[i] = cv::Point3d(q[0], q[1], q[2]);
  }
  if (const toml::array* looks = table["lower_face_looks"].as_array()) {
    for (size_t i = 0; i < looks->size(); ++i) {
      const auto key = numbers(table["lower_face_looks"][i]["pose_key"], 2,
                               "lower_face_looks.pose_key", file);
      const auto d = numbers(table["lower_face_looks"][i]["descriptor"],
                             LowerFaceDescriptor{}.size(), "lower_face_looks.descriptor", file);
      LowerFaceLook look;
      look.pose_key = cv::Point2f(static_cast<float>(key[0]), static_cast<float>(key[1]));
      for (size_t k = 0; k < d.size(); ++k) look.descriptor[k] = static_cast<float>(d[k]);
      if (const toml::node* roll = table["lower_face_looks"][i]["roll_deg"].node()) {
        const std::optional<double> value = roll->value<double>();
        if (!value || !std::isfinite(*value))
          throw std::runtime_error(file.string() +
                                   ": 'lower_face_looks.roll_deg' must be a number");
        look.roll_deg = static_cast<float>(*value);
      }
      p.lower_face_looks.push_back(look);
    }
  }
  return p;
}

}  // namespace midline
