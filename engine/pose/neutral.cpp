#include "pose/neutral.hpp"

#include <algorithm>
#include <cmath>
#include <glm/gtc/quaternion.hpp>
#include <sstream>

namespace midline {

glm::dmat3 mean_orientation(const std::vector<glm::dmat3>& orientations) {
  if (orientations.empty()) return glm::dmat3(1.0);
  // Average unit quaternions in one hemisphere, then normalise: exact enough for the few
  // degrees of spread a still hold allows.
  const glm::dquat first = glm::quat_cast(orientations.front());
  glm::dquat sum(0.0, 0.0, 0.0, 0.0);
  for (const auto& m : orientations) {
    glm::dquat q = glm::quat_cast(m);
    if (glm::dot(q, first) < 0.0) q = -q;
    sum = sum + q;
  }
  return glm::mat3_cast(glm::normalize(sum));
}

void NeutralCapture::add(double time_s, const std::optional<HeadPose>& pose) {
  if (!start_s_) start_s_ = time_s;
  last_s_ = time_s;
  ++frames_;
  if (pose) poses_.push_back({time_s, *pose});
}

bool NeutralCapture::complete() const { return start_s_ && last_s_ - *start_s_ >= params_.hold_s; }

double NeutralCapture::progress() const {
  if (!start_s_) return 0.0;
  return std::clamp((last_s_ - *start_s_) / params_.hold_s, 0.0, 1.0);
}

void NeutralCapture::restart() {
  start_s_.reset();
  frames_ = 0;
  poses_.clear();
}

NeutralCapture::Result NeutralCapture::finish() const {
  Result result;
  if (!complete()) {
    result.problem = "The hold was too short. Please hold still until the bar is full.";
    return result;
  }
  const double seen = frames_ ? static_cast<double>(poses_.size()) / frames_ : 0.0;
  if (poses_.empty() || 1.0 - seen > params_.max_lost_fraction) {
    std::ostringstream s;
    s << "Your face was not seen clearly for " << static_cast<int>(std::lround((1.0 - seen) * 100))
      << "% of the hold. Please face the camera, in good light, and try again.";
    result.problem = s.str();
    return result;
  }
  // The whole hold's mean, then each chunk's mean: how far the chunks stray from the whole
  // is the movement.
  auto mean_of = [](auto begin, auto end) {
    std::vector<glm::dmat3> orientations;
    glm::dvec3 position(0.0);
    for (auto it = begin; it != end; ++it) {
      orientations.push_back(it->pose.orientation);
      position += it->pose.position_mm;
    }
    return HeadPose{mean_orientation(orientations),
                    position / static_cast<double>(std::max<ptrdiff_t>(1, end - begin))};
  };
  const HeadPose mean = mean_of(poses_.begin(), poses_.end());
  double worst_turn = 0.0, worst_shift = 0.0;
  for (auto chunk = poses_.begin(); chunk != poses_.end();) {
    auto chunk_end = chunk;
    while (chunk_end != poses_.end() && chunk_end->time_s - chunk->time_s < params_.chunk_s)
      ++chunk_end;
    const HeadPose part = mean_of(chunk, chunk_end);
    worst_turn = std::max(worst_turn, angular_distance_deg(mean.orientation, part.orientation));
    worst_shift = std::max(worst_shift, glm::length(part.position_mm - mean.position_mm));
    chunk = chunk_end;
  }
  if (2.0 * worst_turn > params_.max_motion_deg) {
    std::ostringstream s;
    s << "Your head moved about " << static_cast<int>(std::lround(2.0 * worst_turn))
      << " degrees during the hold. Let your head rest where it settles and keep it as "
         "still as you comfortably can, then try again.";
    result.problem = s.str();
    result.moved = true;
    return result;
  }
  if (2.0 * worst_shift > params_.max_shift_mm) {
    std::ostringstream s;
    s << "Your head shifted about " << static_cast<int>(std::lround(2.0 * worst_shift / 10.0))
      << " cm during the hold. Settle in your seat and try again.";
    result.problem = s.str();
    result.moved = true;
    return result;
  }
  result.neutral = Neutral{mean};
  return result;
}

}  // namespace midline
