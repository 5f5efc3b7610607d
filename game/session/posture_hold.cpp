#include "session/posture_hold.hpp"

namespace midline {

void PostureHold::add(const std::optional<HeadSample>& sample) {
  if (!sample || (last_frame_ && *last_frame_ == sample->frame_index)) return;
  last_frame_ = sample->frame_index;
  // The relative angles as an orientation, so NeutralCapture's averaging and stillness check
  // apply unchanged; the position keeps the head's real movement in the shift check.
  capture_.add(sample->time_s, sample->trusted() ? std::optional<HeadPose>(HeadPose{
                                                       rotation_matrix(sample->face->angles),
                                                       sample->face->pose.position_mm})
                                                 : std::nullopt);
}

PostureHold::Result PostureHold::finish() const {
  const NeutralCapture::Result held = capture_.finish();
  if (!held.neutral) return {std::nullopt, held.problem};
  return {head_angles(held.neutral->pose.orientation), {}};
}

}  // namespace midline
