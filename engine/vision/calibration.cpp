#include "vision/calibration.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <opencv2/calib3d.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <span>

#include "pose/median.hpp"
#include "vision/face_symmetry.hpp"
#include "vision/frame_source.hpp"
#include "vision/look_around_fit.hpp"
#include "vision/pose_solver.hpp"

namespace midline {
namespace {

// The face's lean is measured on every few frames of the hold and the look around (it costs
// several milliseconds), where the head is seen nearly square on: a turned face is not its
// own mirror image in the picture (a nodding one still is; and the generic model these frames
// are tracked with reads one test face squarely on as nodding 20 degrees). A head resting
// turned a little further is seen square on during the look around.
constexpr size_t kLeanEveryNthFrame = 3;
constexpr double kLeanMostRotationDeg = 8.0;
// The fewest measures of the model's lean, and how closely most of them must agree (at
// least half within this of their middle) for calibration to set it: a hand that came and
// went does not. The lean is that agreeing half's middle, not the median of all: on one test
// head (glasses, side light) 13 of 22 measures gathered within 1.5 degrees of 7.6 and the
// others strayed as far as -11 and +11, pulling the median to 6.9 and spreading the measures
// past what the median's own deviation allowed.
constexpr size_t kFewestLeans = 8;
constexpr double kLeansAgreeDeg = 1.5;

// Where enough of `leans` agree, their middle; empty otherwise.
std::optional<double> agreed_lean(std::vector<double> leans) {
  if (leans.size() < kFewestLeans) return std::nullopt;
  return agreeing_middle(std::move(leans), kLeansAgreeDeg);
}

Landmarks mean_of(const std::vector<Landmarks>& all) {
  Landmarks mean{};
  for (const auto& l : all)
    for (int i = 0; i < kLandmarkCount; ++i) mean[i] += l[i];
  for (auto& p : mean) p *= 1.0f / static_cast<float>(std::max<size_t>(1, all.size()));
  return mean;
}

struct Similarity {
  cv::Matx33d rotation;
  double scale = 1.0;
  cv::Vec3d shift;  // to = scale * rotation * from + shift
  cv::Point3d operator()(const cv::Point3d& p) const {
    const cv::Vec3d q = rotation * cv::Vec3d(p.x, p.y, p.z) * scale + shift;
    return {q[0], q[1], q[2]};
  }
};

// The similarity transform (rotation, scale when asked, shift) that best maps `from` onto
// `to` over the points `ids`, least squares (Umeyama's method), each point weighing as much as
// `weight` gives it (by landmark index; every point alike without it).
Similarity best_fit(const FaceModel& from, const FaceModel& to, std::span<const int> ids,
                    bool with_scale, const std::array<double, kLandmarkCount>* weight = nullptr) {
  const auto w_of = [&](int i) { return weight ? (*weight)[i] : 1.0; };
  cv::Point3d mf(0, 0, 0), mt(0, 0, 0);
  double total = 0.0;
  for (int i : ids) {
    mf += from[i] * w_of(i);
    mt += to[i] * w_of(i);
    total += w_of(i);
  }
  mf *= 1.0 / total;
  mt *= 1.0 / total;
  cv::Matx33d cov = cv::Matx33d::zeros();
  double var_from = 0.0;
  for (int i : ids) {
    const cv::Vec3d a = from[i] - mf, b = to[i] - mt;
    cov += w_of(i) * (b * a.t());
    var_from += w_of(i) * a.dot(a);
  }
  cv::Mat w, u, vt;
  cv::SVD::compute(cv::Mat(cov), w, u, vt);
  cv::Matx33d d = cv::Matx33d::eye();
  if (cv::determinant(u * vt) < 0) d(2, 2) = -1;
  Similarity out;
  out.rotation = cv::Matx33d(cv::Mat(u)) * d * cv::Matx33d(cv::Mat(vt));
  if (with_scale)
    out.scale = (w.at<double>(0) + w.at<double>(1) + d(2, 2) * w.at<double>(2)) / var_from;
  out.shift = cv::Vec3d(mt.x, mt.y, mt.z) - out.rotation * cv::Vec3d(mf.x, mf.y, mf.z) * out.scale;
  return out;
}

// `from` moved onto `to` by the similarity transform that best maps its brows, eyes and nose
// onto those of `to`: many points, so that the fit's turns and size stay put from round to
// round.
FaceModel aligned_to(const FaceModel& from, const FaceModel& to) {
  std::vector<int> ids;
  for (int i = landmark_range::brows_begin; i < landmark_range::eyes_end; ++i) ids.push_back(i);
  const Similarity move = best_fit(from, to, ids, true);
  FaceModel out;
  for (int i = 0; i < kLandmarkCount; ++i) out[i] = move(from[i]);
  return out;
}

// The points that set the pitch of the fitted model's frame: spread from the eyes to the
// mouth, and placed alike on every face: the eye corners, the nose and the lips' outline. Not
// the eyelids, whose few millimetres of relief around the socket differ from face to face, nor
// the brows: laid onto the generic model by those, the frame of a face with deeper sockets or
// another brow ridge came out pitched 8-19 degrees from the head's (the test heads, exact
// landmarks), so facing the camera read as a nod and a tilt read partly as a turn.
constexpr std::array<int, 25> kPitchPoints = {27, 28, 29, 30, 31, 32, 33, 34, 35,
                                              kLeftEyeOuter, 39, 42, kRightEyeOuter,
                                              48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59};

// `model` pitched (turned about its left-right axis) so that its pitch points lie as near as
// they can to those of `generic`. Its turn and lean stay as the many points of the fit set
// them (the midline plane sets the turn: turned_onto_its_midline).
FaceModel pitched_like(const FaceModel& model, const FaceModel& generic) {
  const Similarity best = best_fit(model, generic, kPitchPoints, false);
  const double pitch = head_angles(to_glm(best.rotation)).flexion_deg;
  const cv::Matx33d turn = to_cv(rotation_matrix({0.0, 0.0, pitch}));
  FaceModel out;
  for (int i = 0; i < kLandmarkCount; ++i) {
    const cv::Vec3d p = turn * cv::Vec3d(model[i].x, model[i].y, model[i].z);
    out[i] = {p[0], p[1], p[2]};
  }
  return out;
}

// How much deeper or shallower than the generic model a fitted face may come out, over all
// its points together (one region alone, a nose or a brow, may differ more). A calibration's
// views pin the depth down only loosely: its turns are small, dlib's landmarks on a turned
// face regress toward a frontal one, and a deeper face turning less fits them as well as the
// true one. Unbounded, voc_a's fitted face came out about 1.5 times the generic depth (through
// the webcam, and from its exact landmarks) and every turn read a third short, the model-based
// track's as well; the other test faces come out within 0.91-1.03 times.
constexpr double kDepthLatitude = 0.15;

// `model` (in the generic model's frame) made no deeper or shallower than `generic` by more
// than kDepthLatitude, over the points the pose is solved on: its depths about their mean
// scaled by one factor.
FaceModel depth_within_latitude(const FaceModel& model, const FaceModel& generic) {
  const auto depth_spread = [](const FaceModel& m) {
    double mean = 0.0, square = 0.0;
    for (int i : rigid_landmarks()) mean += m[i].z;
    mean /= static_cast<double>(rigid_landmarks().size());
    for (int i : rigid_landmarks()) square += (m[i].z - mean) * (m[i].z - mean);
    return std::pair{mean, std::sqrt(square / static_cast<double>(rigid_landmarks().size()))};
  };
  const auto [mean, spread] = depth_spread(model);
  const double generic_spread = depth_spread(generic).second;
  if (spread <= 0.0) return model;
  const double ratio = spread / generic_spread;
  const double scale =
      std::clamp(ratio, 1.0 - kDepthLatitude, 1.0 + kDepthLatitude) / ratio;
  FaceModel out = model;
  for (cv::Point3d& p : out) p.z = mean + (p.z - mean) * scale;
  return out;
}

// The face's midline plane is set by the mirror pairs of all 68 points, the jaw line's weighing
// by how square on the face was seen where the model was fitted: fully within 3 degrees of
// facing the camera, not at all from 6. Seen square on, the jaw line is the face's own outline,
// and its pairs, the widest, hold the plane's turn most firmly, so that one feature the fit
// misplaces (eyes behind glasses, brows under hair, an eyelid in a side light) weighs less among
// many. Over four noise draws the test heads facing the camera squarely read 1.5 degrees of
// rotation on average and 2.3 at most; set by the 33 points the pose is solved on (brows, eyes,
// nose, mouth corners), 2.2 and 4.8. Seen turned, the outline the fit follows on the far side is
// the cheek's: with the jaw line at full weight a head calibrated resting turned 25-30 degrees
// read its rest 7 degrees short, and on one fitted 6 degrees from facing a third of its weight
// turned the midline by 2 degrees.
constexpr double kJawLineFullWithinDeg = 3.0, kJawLineNoneFromDeg = 6.0;

constexpr auto kEveryLandmark = [] {
  std::array<int, kLandmarkCount> ids{};
  for (int i = 0; i < kLandmarkCount; ++i) ids[i] = i;
  return ids;
}();

// Each landmark's partner across the face (its own on the midline), from the generic model,
// which is left-right symmetric by construction.
const std::array<int, kLandmarkCount>& mirror_partners() {
  static const std::array<int, kLandmarkCount> partner = [] {
    const FaceModel& g = generic_face_model();
    std::array<int, kLandmarkCount> p{};
    for (int i = 0; i < kLandmarkCount; ++i) {
      const cv::Point3d mirrored(-g[i].x, g[i].y, g[i].z);
      int best = i;
      for (int j = 0; j < kLandmarkCount; ++j)
        if (cv::norm(g[j] - mirrored) < cv::norm(g[best] - mirrored)) best = j;
      p[i] = best;
    }
    return p;
  }();
  return partner;
}

// The model seen in a mirror across the plane x = 0, each point relabelled as its partner, so
// that a face symmetric about that plane is its own mirror image.
FaceModel mirror_image(const FaceModel& model) {
  FaceModel out;
  for (int i = 0; i < kLandmarkCount; ++i) {
    const cv::Point3d& q = model[mirror_partners()[i]];
    out[i] = {-q.x, q.y, q.z};
  }
  return out;
}

}  // namespace

FaceModel turned_onto_its_midline(const FaceModel& model, double seen_turned_deg) {
  // The rigid motion that lays the model's mirror image onto the model, composed with the
  // mirroring, is the reflection across the face's own midline plane: I - 2 n n^T for its
  // normal n, at n.p = offset. Every point weighs alike but the jaw line's, which weigh by
  // how square on the face was seen.
  std::array<double, kLandmarkCount> weight;
  weight.fill(1.0);
  const double jaw_weight = std::clamp((kJawLineNoneFromDeg - std::abs(seen_turned_deg)) /
                                           (kJawLineNoneFromDeg - kJawLineFullWithinDeg),
                                       0.0, 1.0);
  for (int i = landmark_range::jaw_begin; i < landmark_range::jaw_end; ++i) weight[i] = jaw_weight;
  const Similarity onto = best_fit(mirror_image(model), model, kEveryLandmark, false, &weight);
  const cv::Matx33d reflection = onto.rotation * cv::Matx33d::diag({-1, 1, 1});
  const cv::Matx33d outer = (cv::Matx33d::eye() - reflection) * 0.5;  // n n^T
  cv::Mat values, vectors;
  cv::eigen(cv::Mat(0.5 * (outer + outer.t())), values, vectors);  // largest first
  cv::Vec3d n(vectors.at<double>(0, 0), vectors.at<double>(0, 1), vectors.at<double>(0, 2));
  if (n[0] < 0) n = -n;
  const double offset = 0.5 * n.dot(onto.shift);
  // Turn about the vertical only, until the plane faces along x: its lean (the frame's tilt)
  // is left as fitted, since on the test heads the landmarks' own lean is no better a guide.
  const double yaw = std::atan2(n[2], n[0]);
  cv::Matx33d turn;
  cv::Rodrigues(cv::Vec3d(0, yaw, 0), turn);
  FaceModel out;
  for (int i = 0; i < kLandmarkCount; ++i) {
    const cv::Vec3d p = turn * (cv::Vec3d(model[i].x, model[i].y, model[i].z) - n * offset);
    out[i] = {p[0], p[1], p[2]};
  }
  return out;
}

void Calibration::add(const TrackedFrame& frame, const std::optional<Tracker::RawFit>& fit,
                      const cv::Mat& picture, const CameraIntrinsics& camera) {
  const bool usable = frame.sample.seen_clearly() && fit.has_value();
  const double now = frame.sample.time_s;
  last_time_s_ = now;
  camera_ = camera;
  switch (step_) {
    case Step::hold:
      // A new track settles over its first frames; the hold starts once it has.
      if (!hold_start_s_) {
        if (usable) unseen_since_s_.reset();
        else if (!unseen_since_s_) unseen_since_s_ = now;
        if (unseen_since_s_ && now - *unseen_since_s_ >= params_.unseen_before_turning_s)
          fitted_toward_screen_ = true;
        const bool turned_far =
            usable && std::abs(head_angles(fit->pose.orientation).rotation_deg) >
                          params_.turned_rest_past_deg;
        if (!turned_far)
          turned_far_since_s_.reset();
        else if (!turned_far_since_s_)
          turned_far_since_s_ = now;
        if (!fitted_toward_screen_ && turned_far_since_s_ &&
            now - *turned_far_since_s_ >= params_.settle_s) {
          fitted_toward_screen_ = true;
          asked_to_turn_s_ = now;
          settle_start_s_.reset();
        }
        // Asked to turn from a rest seen turned far, the hold waits for the head to turn, for
        // a while.
        const bool still_turned_far =
            turned_far && asked_to_turn_s_ &&
            now - *asked_to_turn_s_ < params_.turned_rest_held_there_after_s;
        if (!usable || still_turned_far)
          settle_start_s_.reset();
        else if (!settle_start_s_) settle_start_s_ = now;
        const double settle =
            fitted_toward_screen_ ? params_.settle_after_turning_s : params_.settle_s;
        if (!settle_start_s_ || now - *settle_start_s_ < settle) return;
        hold_start_s_ = now;
        // Still turned far when the wait ran out: the head stays where it rests, and the hold
        // there is the resting posture, as for any rest seen.
        if (turned_far && asked_to_turn_s_) fitted_toward_screen_ = false;
      }
      {
        std::optional<HeadPose> followed = follow_hold(fit, picture, camera);  // before it is kept
        hold_frames_.push_back({now,
                                usable ? std::optional<Landmarks>(fit->landmarks) : std::nullopt,
                                usable ? frame.lower_face : std::nullopt, std::move(followed)});
      }
      if (usable && hold_frames_.size() % kLeanEveryNthFrame == 0) measure_lean(*fit, picture);
      if (now - *hold_start_s_ < params_.hold.hold_s) return;
      hold_problem_ = judge_hold();
      // Turning toward the screen when asked, the head may still have been on its way as the
      // hold began: it begins again from here, a few times, before it is refused.
      if (!hold_problem_.empty() && fitted_toward_screen_ &&
          ++hold_restarts_ <= params_.hold_restarts_when_turned) {
        hold_problem_.clear();
        hold_frames_.clear();
        hold_track_.forget();
        hold_start_s_.reset();
        settle_start_s_.reset();
        return;
      }
      if (!hold_problem_.empty()) step_ = Step::done;
      else if (params_.look_around) step_ = Step::look_around;
      else finish_where_seen();
      return;
    case Step::look_around:
      if (!look_start_s_) look_start_s_ = now;
      if (usable) views_.push_back(fit->landmarks);
      if (!picture.empty() && (usable || !look_grays_.empty())) {
        cv::Mat gray = gray_of(picture);
        // A grey picture is the caller's own buffer, which the next frame may reuse.
        look_grays_.push_back(gray.data == picture.data ? gray.clone() : gray);
        look_landmarks_.push_back(usable ? std::optional<Landmarks>(fit->landmarks) : std::nullopt);
      }
      if (usable && views_.size() % kLeanEveryNthFrame == 0) measure_lean(*fit, picture);
      if (usable && frame.lower_face) looks_.push_back(*frame.lower_face);
      if (now - *look_start_s_ >= params_.look_around_s) finish_where_seen();
      return;
    case Step::follow:
    case Step::back_to_rest:
      add_following(frame);
      return;
    case Step::done:
      return;
  }
}

void Calibration::measure_lean(const Tracker::RawFit& fit, const cv::Mat& picture) {
  if (picture.empty() ||
      std::abs(head_angles(fit.pose.orientation).rotation_deg) > kLeanMostRotationDeg)
    return;
  if (const auto lean = face_lean_in_picture(gray_of(picture), fit.landmarks))
    leans_.push_back({fit.landmarks, *lean});
}

void Calibration::finish_where_seen() {
  step_ = Step::done;
  if (!fitted_toward_screen_) return;
  // The model is fitted now, so that the head can be followed back to where it rests with it.
  following_ = fitted_profile(camera_.fx / (2.0 * camera_.cx));  // the camera it was seen with
  step_ = Step::follow;
}

std::optional<NeutralProfile> Calibration::take_profile_to_follow() {
  if (!following_ || following_taken_) return std::nullopt;
  following_taken_ = true;
  return following_;
}

void Calibration::add_following(const TrackedFrame& frame) {
  const double now = frame.sample.time_s;
  if (!follow_start_s_) follow_start_s_ = now;
  if (now - *follow_start_s_ >= params_.back_to_rest_give_up_s) {
    rest_problem_ =
        step_ == Step::follow
            ? "Midline needs to see your face nearly square on, once, to follow your head back "
              "to where it rests. If you can, turn your head a little further toward the screen "
              "when asked, only as far as is comfortable, and try again."
            : "Midline could not follow your head back to where it rests. Please try again, "
              "going back slowly; if it keeps happening, sit so that the camera sees more of "
              "your face where your head rests.";
    step_ = Step::done;
    return;
  }
  if (step_ == Step::follow) {
    // Only the model-based track follows a head past where its face can be read.
    if (frame.followed_as_head && frame.sample.trusted()) step_ = Step::back_to_rest;
    // A rest seen can be read where it is without the track.
    if (asked_to_turn_s_ && now - *follow_start_s_ >= params_.seen_rest_unfollowed_after_s) {
      step_ = Step::back_to_rest;
      rest_read_by_landmarks_ = true;
    }
    return;
  }
  if (!back_start_s_) back_start_s_ = now;
  if (now - *back_start_s_ < params_.back_to_rest_s) return;  // on the way back
  // Followed as a head with the fitted model (the landmarks lose a face turned this far).
  // Turned past about 35 degrees from where the landmarks last confirmed it, the track's
  // quality falls below trusted: the hold there is kept, and said to be rough.
  // The resting pose is kept in the model's frame, as the profile's neutral is; the head's
  // pose given out is turned back by the model's lean.
  std::optional<HeadPose> pose;
  if (frame.sample.calibrated && frame.sample.face &&
      (frame.followed_as_head || rest_read_by_landmarks_))
    pose = HeadPose{model_orientation(*following_, frame.sample.face->pose.orientation),
                    frame.sample.face->pose.position_mm};
  auto restart = [&] {
    rest_capture_.restart();
    rest_capture_first_.reset();
    rest_frames_ = rest_trusted_frames_ = 0;
  };
  // Still on the way: the hold starts again from here.
  if (pose && rest_capture_first_ &&
      angular_distance_deg(rest_capture_first_->orientation, pose->orientation) >
          params_.hold.max_motion_deg)
    restart();
  if (pose && !rest_capture_first_) rest_capture_first_ = pose;
  if (!rest_capture_first_) return;  // the hold starts with a followed head
  rest_capture_.add(now, pose);
  ++rest_frames_;
  rest_trusted_frames_ += pose && frame.sample.trusted();
  if (!rest_capture_.complete()) return;
  const NeutralCapture::Result held = rest_capture_.finish();
  if (held.neutral) {
    rest_ = held.neutral;
    rest_rough_ = 2 * rest_trusted_frames_ < rest_frames_;
    step_ = Step::done;
  } else {
    restart();
  }
}

std::optional<HeadPose> Calibration::follow_hold(const std::optional<Tracker::RawFit>& fit,
                                                 const cv::Mat& picture,
                                                 const CameraIntrinsics& camera) {
  if (picture.empty()) return std::nullopt;
  const cv::Mat gray = gray_of(picture);
  if (hold_frames_.empty()) {
    // The hold's first frame has a face seen clearly (add). The points are placed on the generic
    // head at the pose its landmarks give: how far they then move in the picture does not
    // depend on how well that head fits this one.
    const HeadShape generic_head(generic_face_model());
    const HeadPose start =
        solve_pose(fit->landmarks, generic_head.face(), camera, std::nullopt).pose;
    if (!hold_track_.start(gray, start, generic_head, camera)) return std::nullopt;
    return start;
  }
  if (!hold_track_.active()) return std::nullopt;
  const auto followed = hold_track_.follow(gray, camera);
  if (!followed) return std::nullopt;
  return followed->pose;
}

bool Calibration::hold_still_in_picture() const {
  if (hold_frames_.empty()) return false;
  for (const auto& f : hold_frames_)
    if (!f.followed) return false;  // no picture, or the points were lost
  // As the points placed them: a turn and a sideways shift move a face seen from in front
  // almost alike, and the points cannot always tell the two apart, but both move the face.
  const FaceModel& model = generic_face_model();
  auto moved_px = [&](const HeadPose& a, const HeadPose& b) {
    double sum = 0.0;
    for (int i : rigid_landmarks())
      sum += cv::norm(project(camera_, a, model[i]) - project(camera_, b, model[i]));
    return sum / static_cast<double>(rigid_landmarks().size());
  };
  // Against what a turn of half the movement a hold allows, about the neck, would move it.
  const HeadPose& first = *hold_frames_.front().followed;
  const cv::Point3d pivot = HeadShape(model).neck_pivot();
  const glm::dvec3 q(pivot.x, pivot.y, pivot.z);
  const glm::dmat3 turn = rotation_matrix({params_.hold.max_motion_deg / 2.0, 0.0, 0.0});
  const HeadPose turned{first.orientation * turn,
                        first.position_mm + first.orientation * (q - turn * q)};
  const double allowed_px = moved_px(first, turned);
  for (const auto& f : hold_frames_)
    if (moved_px(first, *f.followed) > allowed_px) return false;
  return true;
}

std::string Calibration::judge_hold() const {
  // Measure each frame of the hold against a model fitted to the hold itself: it fits this
  // face exactly at neutral, so the poses it gives are unambiguous, and how far they stray
  // is movement (the generic model's poses can flip between two nearby answers).
  std::vector<Landmarks> seen;
  for (const auto& f : hold_frames_)
    if (f.landmarks) seen.push_back(*f.landmarks);
  NeutralCapture capture(params_.hold);
  if (!seen.empty()) {
    const NeutralProfile hold_profile = fit_profile(mean_of(seen), {}, camera_, 1.0);
    for (const auto& f : hold_frames_) {
      std::optional<HeadPose> pose;
      if (f.landmarks)
        pose = solve_pose(*f.landmarks, hold_profile.model, camera_, hold_profile.neutral.pose)
                   .pose;
      capture.add(f.time_s, pose);
    }
  } else {
    for (const auto& f : hold_frames_) capture.add(f.time_s, std::nullopt);
  }
  const NeutralCapture::Result result = capture.finish();
  if (result.neutral) return {};
  // The landmarks moved, but where the head's texture did not, the fit changed, not the head.
  if (result.moved && hold_still_in_picture()) return {};
  return result.problem;
}

double Calibration::progress() const {
  auto fraction = [&](const std::optional<double>& start, double length) {
    return start ? std::clamp((last_time_s_ - *start) / length, 0.0, 1.0) : 0.0;
  };
  switch (step_) {
    case Step::hold: return fraction(hold_start_s_, params_.hold.hold_s);
    case Step::look_around: return fraction(look_start_s_, params_.look_around_s);
    case Step::follow: return 0.0;
    case Step::back_to_rest: return rest_capture_.progress();
    case Step::done: return 1.0;
  }
  return 0.0;
}

std::string Calibration::instruction() const {
  switch (step_) {
    case Step::hold:
      if (asked_to_turn_s_ && !hold_start_s_)
        return "Your head rests turned. Turn it toward the screen, only as far as is "
               "comfortable, and hold still.";
      if (fitted_toward_screen_ && !hold_start_s_)
        return "Midline cannot see your face. Turn your head toward the screen, only as far as "
               "is comfortable, and hold still.";
      return fitted_toward_screen_
                 ? "Hold still there."
                 : "Let your head rest where it settles by itself, and hold still.";
    case Step::look_around:
      return "Now turn your head a little to each side, then nod a little, slowly and gently. "
             "Only as far as is comfortable.";
    case Step::follow:
      // The track starts only from a face seen nearly square on (Tracker).
      return last_time_s_ - follow_start_s_.value_or(last_time_s_) < params_.follow_hint_after_s
                 ? "Hold still there a moment, as you did before."
                 : "Turn your head a little further toward the screen, if you comfortably can, "
                   "and hold still there.";
    case Step::back_to_rest:
      return "Now let your head go back, slowly, to where it rests by itself, and stay there.";
    case Step::done:
      if (!hold_problem_.empty()) return hold_problem_;
      return rest_problem_.empty() ? "Done." : rest_problem_;
  }
  return {};
}

Calibration::Result Calibration::finish(double focal_over_width) const {
  if (step_ != Step::done) return {std::nullopt, "The calibration is not finished yet."};
  if (!hold_problem_.empty()) return {std::nullopt, hold_problem_};
  if (!rest_problem_.empty()) return {std::nullopt, rest_problem_};
  if (!following_) return {fitted_profile(focal_over_width), {}};
  // Followed back to rest with this very model, so that the tracker keeps its track when
  // given the finished profile (Tracker::set_profile): only where the head rests is new.
  NeutralProfile profile = *following_;
  profile.neutral = *rest_;
  profile.resting_posture_rough = rest_rough_;
  return {profile, {}};
}

NeutralProfile Calibration::fitted_profile(double focal_over_width) const {
  std::vector<Landmarks> neutral;
  for (const auto& f : hold_frames_)
    if (f.landmarks) neutral.push_back(*f.landmarks);
  // Keep every third look-around frame: neighbours add little but time.
  std::vector<Landmarks> views;
  for (size_t i = 0; i < views_.size(); i += 3) views.push_back(views_[i]);
  NeutralProfile profile = fit_profile(mean_of(neutral), views, camera_, focal_over_width, leans_);
  const LookAroundMeasures measured =
      measure_look_around(look_grays_, look_landmarks_, profile.model, camera_);
  profile.neck_behind_mm = measured.neck_behind_mm.value_or(kTypicalNeckBehindMm);
  profile.landmark_nod_agreement = measured.landmark_nod_agreement.value_or(1.0);
  if (measured.track_pitch_deg && std::abs(*measured.track_pitch_deg) <= kMostTrackPitchDeg)
    profile.track_pitch_deg = *measured.track_pitch_deg;
  // The lower face's looks: a few from the hold, and the look around's every third.
  for (size_t i = 0; i < hold_frames_.size(); i += 10)
    if (hold_frames_[i].lower_face) profile.lower_face_looks.push_back(*hold_frames_[i].lower_face);
  for (size_t i = 0; i < looks_.size(); i += 3) profile.lower_face_looks.push_back(looks_[i]);
  return profile;
}

FaceModel refine_model(const FaceModel& start, const std::vector<Landmarks>& views,
                       const CameraIntrinsics& camera) {
  if (views.empty()) return start;
  FaceModel model = start;
  std::vector<HeadPose> poses;
  for (const auto& v : views) poses.push_back(solve_pose(v, model, camera, std::nullopt).pose);

  // A weak pull toward the starting model keeps points that the views do not pin down (the
  // depth, when every view is frontal) where the model had them. Units: pixels per mm.
  constexpr double kPriorWeight = 0.05;
  for (int round = 0; round < 12; ++round) {
    FaceModel next = model;
    for (int i = 0; i < kLandmarkCount; ++i) {
      cv::Matx33d ata = cv::Matx33d::eye() * kPriorWeight;
      cv::Vec3d atb = cv::Vec3d(start[i].x, start[i].y, start[i].z) * kPriorWeight;
      for (size_t k = 0; k < views.size(); ++k) {
        const glm::dmat3& r = poses[k].orientation;  // r[col][row]
        const glm::dvec3& t = poses[k].position_mm;
        const double a = (views[k][i].x - camera.cx) / camera.fx;
        const double b = (views[k][i].y - camera.cy) / camera.fy;
        const double weight = camera.fx / std::max(1.0, t.z);  // residuals in pixels
        // Projection constraints, linear in the point p: (row_x - a row_z) . p = a t_z - t_x.
        const cv::Vec3d rx(r[0].x, r[1].x, r[2].x), ry(r[0].y, r[1].y, r[2].y),
            rz(r[0].z, r[1].z, r[2].z);
        for (const auto& [row, rhs] : {std::pair{(rx - a * rz) * weight, (a * t.z - t.x) * weight},
                                       std::pair{(ry - b * rz) * weight, (b * t.z - t.y) * weight}}) {
          ata += row * row.t();
          atb += row * rhs;
        }
      }
      const cv::Vec3d p = ata.solve(atb, cv::DECOMP_CHOLESKY);
      next[i] = cv::Point3d(p[0], p[1], p[2]);
    }
    // Keep the model in the generic model's frame and size: without this, the model and all
    // the poses could turn together, and a turned model frame mixes rotation into tilt.
    model = depth_within_latitude(aligned_to(next, start), start);
    for (size_t k = 0; k < views.size(); ++k)
      poses[k] = solve_pose(views[k], model, camera, poses[k]).pose;
  }
  return pitched_like(model, start);
}

NeutralProfile fit_profile(const Landmarks& neutral_landmarks, const std::vector<Landmarks>& views,
                           const CameraIntrinsics& camera, double focal_over_width,
                           std::span<const FaceLeanSeen> leans) {
  NeutralProfile profile;
  profile.focal_over_width = focal_over_width;
  // The neutral counts as several views: it is the average of a whole hold.
  std::vector<Landmarks> all(5, neutral_landmarks);
  all.insert(all.end(), views.begin(), views.end());
  const FaceModel fitted = refine_model(generic_face_model(), all, camera);
  // How far from facing the camera the face was fitted, read on the model turned onto the
  // midline its features give without the jaw line (the model as fitted is turned in its
  // frame by up to 6 degrees).
  const FaceModel by_features = turned_onto_its_midline(fitted, kJawLineNoneFromDeg);
  const double seen_turned_deg =
      head_angles(solve_pose(neutral_landmarks, by_features, camera, std::nullopt).pose.orientation)
          .rotation_deg;
  profile.model = turned_onto_its_midline(fitted, seen_turned_deg);
  profile.neutral.pose = solve_pose(neutral_landmarks, profile.model, camera, std::nullopt).pose;
  std::vector<double> differences;
  for (const FaceLeanSeen& seen : leans) {
    const HeadPose pose =
        solve_pose(seen.landmarks, profile.model, camera, profile.neutral.pose).pose;
    // The model's midline in the picture, along its vertical axis (the face's symmetry is
    // its midline too; a face turned and nodding at once has its left-right axis askew from
    // it by their product), measured as a lean is.
    const glm::dvec3 down = pose.orientation * glm::dvec3(0.0, 1.0, 0.0);
    differences.push_back(std::atan2(-down.x, down.y) * 180.0 / CV_PI - seen.lean_deg);
  }
  const std::optional<double> lean = agreed_lean(differences);
  if (lean && std::abs(*lean) <= kMostModelLeanDeg) profile.model_lean_deg = *lean;
  return profile;
}

}  // namespace midline
