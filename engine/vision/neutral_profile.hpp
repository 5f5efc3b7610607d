#pragma once
// A patient's calibration: the neutral pose and the face model fitted to them, saved as a
// small TOML file that `midline track --neutral FILE` and the game read back.

#include <filesystem>
#include <optional>
#include <vector>
#include <string>

#include "pose/neutral.hpp"
#include "vision/face_model.hpp"
#include "vision/lower_face.hpp"

namespace midline {

struct NeutralProfile {
  Neutral neutral;
  FaceModel model = generic_face_model();
  double focal_over_width = kDefaultFocalOverWidth;  // the camera the profile was made with
  // How the lower face looked during calibration, at several poses, to notice a hand on it
  // later. Gradient histograms only: no picture of the face is kept.
  std::vector<LowerFaceLook> lower_face_looks;
};

// Throws std::runtime_error naming the file and the problem.
void save_profile(const NeutralProfile& profile, const std::filesystem::path& file);
NeutralProfile load_profile(const std::filesystem::path& file);

}  // namespace midline
