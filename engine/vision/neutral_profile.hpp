#pragma once
// A patient's calibration: the face model fitted to them, the pose the head rested in (the
// resting posture, measured; `neutral` in the code) and the flexion zero, saved as a small
// TOML file that `midline track --neutral FILE` and the game read back. Angles are measured
// from the body midline (pose/body_midline.hpp), never from the resting posture.

#include <filesystem>
#include <optional>
#include <vector>
#include <string>

#include "pose/body_midline.hpp"
#include "pose/neutral.hpp"
#include "vision/face_model.hpp"
#include "vision/lower_face.hpp"

namespace midline {

struct NeutralProfile {
  Neutral neutral;  // where the head rested during calibration, in the camera frame
  // The head rested turned further from the camera than the tracker is sure of (its quality
  // below kTrustedQuality for most of the hold there, vision/calibration.hpp): where it rests
  // is a rough figure. The angles measured later do not depend on it.
  bool resting_posture_rough = false;
  // The face's pitch when this patient's head is level (set by a therapist, or measured while
  // the patient looks level at a mark at eye height); 0 until one is set.
  double flexion_zero_deg = 0.0;
  FaceModel model = generic_face_model();
  // How far the fitted model's frame leans (turned about the line of sight, as a tilt is)
  // from the face's own midline, measured at calibration from the face's mirror symmetry
  // (vision/face_symmetry.hpp): the 68-point fit can sit lopsided on a face, and the model
  // fitted to it leans with it. Every orientation given out is turned back by it
  // (head_orientation); + as a tilt is. 0 in a profile saved before it was measured.
  double model_lean_deg = 0.0;
  double focal_over_width = kDefaultFocalOverWidth;  // the camera the profile was made with
  // How far behind the middle of the eyes this head turns on the neck, in the model's mm, as
  // the look around measured it (look_around_fit.hpp): the model-based track reads each turn
  // long or short by as much as this is wrong. kTypicalNeckBehindMm in a profile saved before
  // it was measured.
  double neck_behind_mm = kTypicalNeckBehindMm;
  // How the landmarks' nods went with the head's over the look around (the correlation of
  // their nods with its texture's, -1..1; look_around_fit.hpp): landmarks that do not read
  // this face's nods do not overrule the track's (TrackerParams::landmarks_read_nods_from).
  // 1 in a profile saved before it was measured, or where the head nodded too little to say.
  double landmark_nod_agreement = 1.0;
  // How far the model-based track's turns pitch from the head's, about the camera's
  // horizontal axis, as the look around measured it (LookAroundMeasures::track_pitch_deg;
  // + as flexion is): what of it the flexion zero shows too is the model's frame pitched on
  // the camera's side (BodyReference::track_pitch_deg). 0 in a profile saved before it was
  // measured.
  double track_pitch_deg = 0.0;
  // How the lower face looked during calibration, at several poses, to notice a hand on it
  // later. Gradient histograms only: no picture of the face is kept.
  std::vector<LowerFaceLook> lower_face_looks;
};

// The largest model lean a profile may hold: a lopsided fit leaned one test face 8 degrees;
// a larger difference is something else (a hand on the face during the hold).
inline constexpr double kMostModelLeanDeg = 12.0;

// The head's orientation (camera frame) where the fitted model's is `model_orientation`.
inline glm::dmat3 head_orientation(const NeutralProfile& p, const glm::dmat3& model_orientation) {
  return model_orientation * rotation_matrix({0.0, -p.model_lean_deg, 0.0});
}

// The fitted model's orientation where the head's is `head` (the inverse of head_orientation).
inline glm::dmat3 model_orientation(const NeutralProfile& p, const glm::dmat3& head) {
  return head * rotation_matrix({0.0, p.model_lean_deg, 0.0});
}

// The largest track pitch a profile may hold: on the test heads up to 16 degrees (voc_c);
// more is a look around that was not followed through.
inline constexpr double kMostTrackPitchDeg = 30.0;

// The references this profile measures against.
inline BodyReference body_reference(const NeutralProfile& p) {
  return {head_orientation(p, p.neutral.pose.orientation), p.flexion_zero_deg, p.track_pitch_deg};
}

// Throws std::runtime_error naming the file and the problem.
void save_profile(const NeutralProfile& profile, const std::filesystem::path& file);
NeutralProfile load_profile(const std::filesystem::path& file);

}  // namespace midline
