#pragma once
// What the lower face looks like, as a small descriptor (not a picture): gradient
// orientation histograms over the region below the nose, in a frame set by the eyes and the
// nose tip, which a hand on the chin leaves in place. A hand over the chin or cheek changes
// it: that is how a sensory trick is seen, even when the landmark model guesses a chin.

#include <array>
#include <optional>
#include <vector>
#include <opencv2/core/mat.hpp>

#include "vision/landmarks.hpp"

namespace midline {

inline constexpr int kLowerFaceCells = 4;  // per side
inline constexpr int kLowerFaceBins = 8;   // unsigned gradient orientations
using LowerFaceDescriptor = std::array<float, kLowerFaceCells * kLowerFaceCells * kLowerFaceBins>;

// From an 8-bit grey frame and the face's landmarks; unit length.
LowerFaceDescriptor describe_lower_face(const cv::Mat& gray, const Landmarks& landmarks);

// 0 (the same) .. 1 (nothing alike): one minus the cosine between the descriptors.
double lower_face_change(const LowerFaceDescriptor& now, const LowerFaceDescriptor& reference);

// The lower face looks different as the head turns, so it is compared with how it looked at
// a similar pose. The pose key is where the nose tip sits relative to the eyes (in eye spans):
// it follows rotation and flexion, needs no model, and cannot flip as a pose solve can. The
// descriptor is taken in the eyes' own frame, but a head tilted in the picture is lit
// differently and shows its jaw against other things: so how far the eye line is turned in
// the picture counts too (on the test heads, tilts gave most of the frames flagged without a
// hand: README, "A hand on the face").
struct LowerFaceLook {
  cv::Point2f pose_key;
  LowerFaceDescriptor descriptor;
  // The eye line's turn in the picture, degrees clockwise on screen; none in a profile saved
  // before it was kept (then any roll is near enough).
  std::optional<float> roll_deg;
};
LowerFaceLook look_of_lower_face(const cv::Mat& gray, const Landmarks& landmarks);

// How much the lower face differs from the reference look nearest in pose, or nothing when
// no reference was seen at a pose close enough to say.
std::optional<double> lower_face_change(const LowerFaceLook& now,
                                        const std::vector<LowerFaceLook>& references);

}  // namespace midline
