#include "vision/tracker.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <opencv2/imgproc.hpp>

#include "vision/background_work.hpp"
#include "vision/frame_source.hpp"
#include "vision/pose_solver.hpp"

namespace midline {
namespace {

// A point near the middle of the head (between the ears), whose movement is the head's shift:
// turning the head about the neck swings the nose tip sideways but barely moves this point.
const glm::dvec3 kHeadCentre(0.0, -30.0, 90.0);

double ramp(double x, double zero_at, double one_at) {
  return std::clamp((x - zero_at) / (one_at - zero_at), 0.0, 1.0);
}

// The roll by which a face is turned upright before the landmark fit and the detector's check.
// A face within a few degrees of upright is fitted as it is (the landmark model was trained
// on such faces, and its fit there stays exactly as before); past that the face is turned by
// the excess only, which changes continuously, so the landmarks do not jump as a tilt grows.
double roll_to_undo(double roll_deg) {
  constexpr double kUprightEnoughDeg = 5.0;
  return roll_deg - std::clamp(roll_deg, -kUprightEnoughDeg, kUprightEnoughDeg);
}

// How far the chin and lips stray from the model at `pose`, as a share of the eye span.
double lower_face_misfit(const Landmarks& landmarks, const FaceModel& model,
                         const CameraIntrinsics& camera, const HeadPose& pose) {
  return reprojection_rms_px(landmarks, model, camera, pose, lower_face_landmarks()) /
         eye_span_px(landmarks);
}

// Where the face model's landmarks fall in the picture with the head at `pose`.
Landmarks projected_landmarks(const FaceModel& model, const HeadPose& pose,
                              const CameraIntrinsics& camera) {
  Landmarks projected;
  for (int i = 0; i < kLandmarkCount; ++i) {
    const cv::Point2d p = project(camera, pose, model[i]);
    projected[i] = cv::Point2f(static_cast<float>(p.x), static_cast<float>(p.y));
  }
  return projected;
}

// How much more of a turn the landmarks read than the track (from facing the camera).
double turn_shortfall_deg(const HeadAngles& track, const HeadAngles& landmarks) {
  return landmarks.rotation_deg > 0 ? landmarks.rotation_deg - track.rotation_deg
                                    : track.rotation_deg - landmarks.rotation_deg;
}

std::vector<OneEuroFilter> filters(size_t n, const OneEuroParams& params) {
  return std::vector<OneEuroFilter>(n, OneEuroFilter(params));
}

}  // namespace

Tracker::Tracker(std::shared_ptr<const LandmarkFitter> fitter, TrackerParams params)
    : fitter_(std::move(fitter)),
      finder_([&] {
        FaceFinderParams finder;
        if (!params.upsample_small_faces) finder.max_width_for_upsampling = 0;
        return finder;
      }()),
      params_(params),
      model_tracking_(params.model_tracking),
      refinder_(params.refinder) {
  reset();
}

CheckBetweenFrames::CheckBetweenFrames(CheckBetweenFrames&& other) noexcept {
  if (other.verdict_.valid()) other.verdict_.wait();
  verdict_ = std::move(other.verdict_);
}

CheckBetweenFrames& CheckBetweenFrames::operator=(CheckBetweenFrames&& other) noexcept {
  if (verdict_.valid()) verdict_.wait();
  if (other.verdict_.valid()) other.verdict_.wait();
  verdict_ = std::move(other.verdict_);
  return *this;
}

void CheckBetweenFrames::start(std::function<bool()> check) {
  collect();
  verdict_ = in_background(std::move(check));
}

std::optional<bool> CheckBetweenFrames::collect() {
  if (!verdict_.valid()) return std::nullopt;
  return verdict_.get();
}

Tracker::~Tracker() {
  slip_check_.collect();
}
Tracker::Tracker(Tracker&&) = default;
Tracker& Tracker::operator=(Tracker&&) = default;

void Tracker::forget_face() {
  previous_landmarks_.reset();
  previous_pose_.reset();
  previous_raw_pose_.reset();
  frames_since_check_ = 0;
  failed_checks_ = 0;
  landmark_filters_ = filters(2 * kLandmarkCount, params_.landmark_filter);
  last_fit_.reset();
}

void Tracker::reset() {
  forget_head();
  last_face_box_.reset();
  lost_searches_ = 0;
}

TrackedFrame Tracker::measure_alone(const cv::Mat& picture, double time_s, int64_t frame_index) {
  reset();
  unconfirmed_until_facing_ = false;  // reset() keeps it for a face found again; this is another
  // Without the head's shape no track starts and no view is kept or looked in.
  std::optional<HeadShape> head_shape = std::exchange(head_shape_, std::nullopt);
  struct Restore {
    Tracker& tracker;
    std::optional<HeadShape>& shape;
    ~Restore() { tracker.head_shape_ = std::move(shape); }
  } restore{*this, head_shape};
  // A video's next frames would look for a face lost here in the picture turned either way
  // (a head tilted far): a picture gets those searches at once.
  TrackedFrame tracked = process(picture, time_s, frame_index);
  for (int view = 1; !tracked.sample.face && view < FaceFinder::kLostViews; ++view)
    tracked = process(picture, time_s, frame_index);
  // A face tilted far in the picture is fitted from a box turned upright by the roll a first
  // fit gives, which reads it less tilted than it is; a video's next frames would fit it again
  // in a box turned as those landmarks are. A picture gets those refits at once, until the roll
  // settles, each measured afresh (no filter carrying the last over). A face near upright is
  // not refitted: its box turns no further, and a refit would only move it.
  for (int refit = 0; tracked.sample.face && previous_landmarks_ && refit < kPictureRefits;
       ++refit) {
    const double roll_fitted_in = face_roll_deg_;
    if (std::abs(roll_to_undo(fitter_->roll_deg_of(*previous_landmarks_)) - roll_fitted_in) <=
        kSettledRollDeg)
      break;
    const Landmarks fitted = *previous_landmarks_;
    forget_head();
    previous_landmarks_ = fitted;
    TrackedFrame again = process(picture, time_s, frame_index);
    if (!again.sample.face) break;  // keep the fit that found a face
    tracked = std::move(again);
  }
  return tracked;
}

void Tracker::forget_head() {
  slip_check_.collect();  // of the track forgotten here
  forget_face();
  previous_time_s_.reset();
  angle_filters_ = filters(3, params_.angle_filter);
  shift_filters_ = filters(2, params_.shift_filter);
  tremor_.reset();
  model_tracking_.reset();
  model_only_frames_ = 0;
  disagreeing_since_s_.reset();
  recent_disagreement_deg_.clear();
  refind_attempt_.reset();
  followed_last_frame_ = false;
}

void Tracker::set_profile(std::optional<NeutralProfile> profile) {
  slip_check_.collect();  // it reads the profile
  // A profile that only moves where the head rests (calibration's step back to rest, made
  // while this same model followed the head there) keeps the track: out where the face's
  // points cannot be read, a track lost is not started again.
  if (profile_ && profile && head_shape_ && profile->model == profile_->model &&
      profile->neck_behind_mm == profile_->neck_behind_mm &&
      profile->focal_over_width == profile_->focal_over_width) {
    profile_ = std::move(profile);
    for (auto& f : angle_filters_) f.reset();
    for (auto& f : shift_filters_) f.reset();
    tremor_.reset();
    return;
  }
  profile_ = std::move(profile);
  head_shape_.reset();
  if (profile_ && params_.follow_head_model)
    head_shape_.emplace(profile_->model, profile_->neck_behind_mm);
  refinder_.clear();
  refound_since_anchor_ = {};
  model_tracking_.forget();
  disagreeing_since_s_.reset();
  unconfirmed_until_facing_ = false;  // another face, or this one modelled afresh
  recent_disagreement_deg_.clear();
  previous_pose_.reset();  // the model changed: solve afresh
  previous_raw_pose_.reset();
  for (auto& f : angle_filters_) f.reset();
  for (auto& f : shift_filters_) f.reset();
  tremor_.reset();
}

CameraIntrinsics Tracker::camera_for(const cv::Mat& frame) const {
  const double focal = profile_ ? profile_->focal_over_width : params_.focal_over_width;
  return CameraIntrinsics::for_image(frame.cols, frame.rows, focal);
}

std::optional<cv::Rect> Tracker::locate_face(const cv::Mat& gray, bool head_followed) {
  if (previous_landmarks_) {
    // Followed in the face's own upright frame: the landmark model and the detector know
    // upright faces only, and dystonic heads tilt to 45 degrees.
    face_roll_deg_ = roll_to_undo(fitter_->roll_deg_of(*previous_landmarks_));
    const cv::Rect box = fitter_->box_for(*previous_landmarks_, face_roll_deg_);
    const cv::Rect inside = box & cv::Rect(0, 0, gray.cols, gray.rows);
    const bool mostly_in_view = inside.area() >= box.area() / 2;
    if (mostly_in_view && ++frames_since_check_ >= params_.confirm_every_frames) {
      frames_since_check_ = 0;
      const int margin = box.width / 3;
      const cv::Rect region(box.x - margin, box.y - margin, box.width + 2 * margin,
                            box.height + 2 * margin);
      failed_checks_ =
          finder_.find_in(gray, region, params_.confirm_threshold, face_roll_deg_, box.width)
              ? 0
              : failed_checks_ + 1;
    }
    if (mostly_in_view && failed_checks_ < params_.lost_after_failed_checks) {
      last_face_box_ = box;
      return box;
    }
    // The face left the frame or is no longer a face: look for it afresh. A track that still
    // follows the head goes on, and with it what the landmarks said of it and the angles'
    // filters (cleared, a doubted track's next frame read as undoubted, at full quality).
    if (head_followed)
      forget_face();
    else
      forget_head();
  }
  // A lost face is searched for in a different view each frame (upright, tilted either way):
  // a head may have been lost because it tilted far. With views of this patient's head kept,
  // every other frame's search is in those instead (process() does it): a head turned past
  // the detector's range is found only there, and one search a frame stays affordable.
  const int attempt = lost_searches_++;
  const bool views_take_turns = head_shape_ && refinder_.view_count() > 0;  // refind_head's need
  if (views_take_turns && attempt % 2 == 1) {
    refind_attempt_ = attempt / 2;
    return std::nullopt;
  }
  if (auto found =
          finder_.find_lost(gray, views_take_turns ? attempt / 2 : attempt, last_face_box_)) {
    lost_searches_ = 0;
    // Following uses boxes made from landmarks; start the same way, so that the first frame
    // of a track does not differ from the next ones by the detector's box placement.
    const FaceDetection boxed = boxed_by_landmarks(gray, *found);
    face_roll_deg_ = boxed.roll_deg;
    last_face_box_ = boxed.box;
    return last_face_box_;
  }
  return std::nullopt;
}

FaceDetection Tracker::boxed_by_landmarks(const cv::Mat& gray, const FaceDetection& found) const {
  const Landmarks first = fitter_->fit(gray, found.box, found.roll_deg);
  FaceDetection boxed = found;
  boxed.roll_deg = roll_to_undo(fitter_->roll_deg_of(first));
  boxed.box = fitter_->box_for(first, boxed.roll_deg);
  return boxed;
}

Landmarks Tracker::smooth(const Landmarks& raw, double dt_s) {
  Landmarks out;
  for (int i = 0; i < kLandmarkCount; ++i) {
    out[i].x = static_cast<float>(landmark_filters_[2 * i].apply(raw[i].x, dt_s));
    out[i].y = static_cast<float>(landmark_filters_[2 * i + 1].apply(raw[i].y, dt_s));
  }
  return out;
}

double Tracker::quality_of(const Landmarks& landmarks, const PoseFit& fit,
                           const HeadPose& absolute, double lower_face_misfit) const {
  const double span = eye_span_px(landmarks);
  if (span < 1.0) return 0.0;
  const double fit_error = fit.rms_error_px / span;
  const HeadAngles facing = head_angles(absolute.orientation);
  // A calibrated model fits its own face closely; the generic one fits anyone only roughly.
  const double good_fit = profile_ ? 0.03 : 0.07;
  // Calibrated, landmarks that fit their own face loosely lose their trust sooner: voc_c's,
  // behind its glasses, read a nod 7-17 degrees short at quality 0.5-0.9 on the generic
  // model's ramp (2.5 times the good fit).
  const double no_fit = (profile_ ? 1.5 : 2.5) * good_fit;
  double q = 1.0 - ramp(fit_error, good_fit, no_fit);  // landmarks that fit no face
  q *= ramp(span, 12.0, 30.0);                         // a face too small to measure well
  q *= 1.0 - ramp(std::abs(facing.rotation_deg), 45.0, 75.0);  // towards profile view
  q *= 1.0 - ramp(std::abs(facing.flexion_deg), 35.0, 60.0);
  if (failed_checks_ > 0) q *= 0.5;                    // the detector doubts this face
  if (profile_)  // chin and lips that do not sit where this face has them: a hand, often
    q *= 1.0 - 0.75 * ramp(lower_face_misfit, params_.lower_face_covered_ratio,
                           1.5 * params_.lower_face_covered_ratio);
  return std::clamp(q, 0.0, 1.0);
}

std::optional<FaceDetection> Tracker::frontal_face_where(const cv::Mat& gray,
                                                         const HeadPose& pose) const {
  if (!profile_) return std::nullopt;
  // Where the face would be, and its size, were the head at the track's place but facing the
  // camera: the box of the track's own turned face is a narrow strip, and a frontal face
  // larger than the sizes it is searched at is not found (voc_b's 150 px face, looked for at
  // 113 px, was missed for ten held poses).
  HeadPose facing = pose;
  facing.orientation = profile_->neutral.pose.orientation;
  const cv::Rect box =
      fitter_->box_for(projected_landmarks(profile_->model, facing, camera_for(gray)));
  const int side = 5 * box.height / 2;
  const cv::Point centre = (box.tl() + box.br()) / 2;
  const cv::Rect region(centre.x - side / 2, centre.y - side / 2, side, side);
  return finder_.find_in(gray, region, params_.frontal_face_threshold, 0.0, box.height);
}

bool Tracker::track_slipped(const cv::Mat& gray, const HeadPose& pose) const {
  const std::optional<FaceDetection> face = frontal_face_where(gray, pose);
  if (!face) return false;
  if (turned_beyond(pose, params_.frontal_detector_within_deg)) return true;
  // Nearer, the detector also finds faces truly turned that far: the landmarks fitted in its
  // box say whether this one faces the camera. Sound landmarks that see the head within 6
  // degrees of facing it (their surest) do not read a turn past their range that short;
  // within 15, at one draw of the noise hopper truly turned 33 degrees read 10, and its
  // right track was ended.
  const CameraIntrinsics camera = camera_for(gray);
  // Fitted again in the box of the first fit, as a followed face is: in the detector's box
  // the chin and lips fit loosely (voc_b facing the camera: 5-7% of the eye span, 2% after).
  const FaceDetection boxed = boxed_by_landmarks(gray, *face);
  const Landmarks landmarks = fitter_->fit(gray, boxed.box, boxed.roll_deg);
  const PoseFit fit = solve_pose(landmarks, profile_->model, camera, std::nullopt);
  const double span = eye_span_px(landmarks);
  if (span < 1.0 || fit.pose.position_mm.z <= 0.0) return false;
  return landmarks_fit(fit, span, lower_face_misfit(landmarks, profile_->model, camera, fit.pose),
                       1.0) &&
         near_facing(fit.pose, params_.landmarks_anchor_within_deg);
}

bool Tracker::landmarks_fit(const PoseFit& fit, double span, double lower_face_misfit,
                            double looseness) const {
  // A calibrated model fits its own face within 3% of the eye span.
  return profile_ && span >= 1.0 && failed_checks_ == 0 &&
         fit.rms_error_px / span < 0.03 * looseness &&
         lower_face_misfit < params_.lower_face_covered_ratio * looseness;
}

HeadAngles Tracker::from_facing(const HeadPose& pose) const {
  HeadAngles a = head_angles(pose.orientation);
  if (profile_) {
    // The fitted model's frame may be pitched or rolled from the head's by several degrees
    // (voc_c's face reads 8 degrees of tilt facing the camera); the landmark fit is turned
    // upright for a tilted face, so tilt, like flexion, counts from the calibrated neutral.
    const HeadAngles neutral = head_angles(profile_->neutral.pose.orientation);
    a.flexion_deg -= neutral.flexion_deg;
    a.tilt_deg -= neutral.tilt_deg;
  }
  return a;
}

bool Tracker::near_facing(const HeadPose& pose, double within_deg,
                          std::optional<double> tilt_within_deg) const {
  const HeadAngles a = from_facing(pose);
  return std::abs(a.rotation_deg) <= within_deg && std::abs(a.flexion_deg) <= within_deg &&
         std::abs(a.tilt_deg) <= tilt_within_deg.value_or(within_deg);
}

bool Tracker::within_anchor(const HeadPose& pose) const {
  return near_facing(pose, params_.landmarks_anchor_within_deg,
                     params_.landmarks_anchor_tilt_within_deg);
}

bool Tracker::turned_beyond(const HeadPose& pose, double deg) const {
  const HeadAngles a = from_facing(pose);
  return std::max(std::abs(a.rotation_deg), std::abs(a.flexion_deg)) > deg;
}

double Tracker::contradiction_deg(const HeadPose& track, const HeadPose& landmarks, bool sound,
                                  double nod_allowance_deg) const {
  if (sound && near_facing(landmarks, params_.landmarks_anchor_within_deg))
    return angular_distance_deg(track.orientation, landmarks.orientation);
  // Sound landmarks that see the head nearly facing the camera do not read a turn past
  // their range that short: a track out there has slipped (points placed off the head held
  // it while the head came back).
  if (sound && near_facing(landmarks, params_.track_starts_within_deg) &&
      !near_facing(track, params_.landmarks_fitted_within_deg))
    return angular_distance_deg(track.orientation, landmarks.orientation);
  // Further out the landmarks read turns short, never long: a track that reads less of a
  // turn than they do, or a very different tilt or nod, has slipped. Where they anchor a
  // tilted head (its turn within a few degrees), they read its turn either way: voc_b brought
  // back from a 45-degree tilt (noise draw 1000) read its turn 5 degrees off at full trust.
  const HeadAngles t = from_facing(track), l = from_facing(landmarks);
  const double turn_off_deg = sound && within_anchor(landmarks)
                                  ? std::abs(t.rotation_deg - l.rotation_deg)
                                  : turn_shortfall_deg(t, l);
  return std::max({turn_off_deg, std::abs(t.tilt_deg - l.tilt_deg) - nod_allowance_deg,
                   std::abs(t.flexion_deg - l.flexion_deg) - nod_allowance_deg, 0.0});
}

bool Tracker::landmarks_may_be_wrong(const ModelTracking::Followed& track,
                                     const HeadPose& landmarks, double margin_deg) const {
  // Near facing the camera the landmarks are surest, but not of a nod on a face whose nods
  // they did not follow at calibration: there a track that has moved some way from where they
  // last anchored it (while they saw no move), and not so far as to be unsure, is believed.
  const bool nods_unread =
      profile_ && profile_->landmark_nod_agreement < params_.landmarks_read_nods_from;
  const double moved_deg = track.since_anchor.farthest_deg;
  const bool track_sure =
      moved_deg >= params_.track_moved_unseen_deg && moved_deg <= params_.track_sure_within_deg;
  if (near_facing(landmarks, params_.landmarks_anchor_within_deg) && !(nods_unread && track_sure))
    return false;
  const HeadAngles t = from_facing(track.pose), l = from_facing(landmarks);
  return std::max(std::abs(t.tilt_deg - l.tilt_deg), std::abs(t.flexion_deg - l.flexion_deg)) >
         turn_shortfall_deg(t, l) + margin_deg;
}

double Tracker::quality_of(const ModelTracking::Followed& followed, double span,
                           double landmark_disagreement_deg) const {
  // Full marks from the track's own measures where it is reliable (ModelTrackingParams).
  const ModelTrackingParams& track = model_tracking_.params();
  double q = ramp(followed.points, 10.0, track.reliable_points);  // too few points to say a pose
  q *= ramp(followed.inlier_share, 0.5, track.reliable_inlier_share);  // not moving as one head
  q *= 1.0 - ramp(followed.rms_px, track.reliable_rms_px, 3.0);        // ... or not as this head
  // Each degree turned since the landmarks confirmed the pose adds to the error of the
  // points' places on the head: far from the anchor, the reading is a guess. (On the test
  // heads, trust falling from 15 to 30 degrees left half the poses to ±30 that read within
  // 5 degrees untrusted; from 25 to 45 a quarter, with no more poses trusted and wrong; from
  // 30 to 60, frames confidently wrong quadrupled.)
  q *= 1.0 - ramp(followed.since_anchor.farthest_deg, params_.track_sure_within_deg, 45.0);
  // A head moved out fast is read short by the track (ModelTrackingParams::slow_step_deg), by
  // as much as it moved too fast: trusted less from 12 to 24 such degrees (a 15-degree turn at
  // 75 degrees a second makes 9, a 30-degree one 18). Over four draws of the noise the sweep's
  // frames confidently wrong fell from 339 to 154 and held poses more than 5 degrees off were
  // trusted in 3.1% of their frames (6.1%); those within 5 in 53.9% (58.7%). Turning slowly
  // (10 degrees a second) makes almost none: 518 frames confidently wrong there (517).
  q *= 1.0 - ramp(followed.since_anchor.moved_fast_deg, 12.0, 24.0);
  // The track's nod falls short further out than its turn: held at 45 degrees of flexion the
  // test heads read 35-39, at 40 of extension 35-39, at quality 0.54-0.61 from the turn above
  // alone, where hopper's 75-degree turn reads 74-76. Past 25 degrees of nod it is trusted less.
  const HeadAngles facing = from_facing(followed.pose);
  q *= 1.0 - ramp(std::abs(facing.flexion_deg), 25.0, 40.0);
  // Past the tilt the landmarks anchor, the fitted model's frame, pitched a few degrees from
  // the head's, turns part of a tilt into a turn: voc_a held at 45 degrees of tilt read 5
  // degrees of turn, at full trust once anchored to 30. Trusted less from 30 to 40.
  q *= 1.0 - ramp(std::abs(facing.tilt_deg), 30.0, 40.0);
  // The track turns about its fitted model's axis, which calibration measured leaning from the
  // head's by the profile's track pitch: a turn reads about pitch x sin(turn) of tilt that is
  // not there (TrackerParams::leaned_tilt_doubted_from_deg).
  if (profile_) {
    const double leaned_tilt_deg =
        std::abs(profile_->track_pitch_deg * std::sin(facing.rotation_deg * CV_PI / 180.0));
    q *= 1.0 - ramp(leaned_tilt_deg, params_.leaned_tilt_doubted_from_deg,
                    params_.leaned_tilt_untrusted_at_deg);
  }
  q *= 1.0 - ramp(landmark_disagreement_deg, 2.0, 4.0);  // the landmarks say otherwise
  // A track started from the landmarks is as sure as the few fits it holds the mean of.
  if (fits_in_track_) q *= ramp(*fits_in_track_, 1.0, params_.track_trusted_from_fits);
  q *= ramp(span, 12.0, 30.0);                           // a face too small to measure well
  // The detector doubts this face: the track holds it where the detector should see it
  // (within the landmarks' range), or the track is wrong.
  if (failed_checks_ > 0) q *= 0.4;
  return std::clamp(q, 0.0, 1.0);
}

std::optional<ModelTracking::Followed> Tracker::refind_head(const cv::Mat& gray,
                                                            const CameraIntrinsics& camera) {
  const int attempt = refind_attempt_.value_or(0);
  refind_attempt_.reset();
  if (!head_shape_) return std::nullopt;
  refinder_.settle();  // a view still being made is looked in too
  const auto found = refinder_.find(gray, camera, last_followed_pose_, attempt);
  if (!found || !model_tracking_.start(gray, found->pose, *head_shape_, camera)) return std::nullopt;
  refinder_.track_started();
  lost_searches_ = 0;
  refound_since_anchor_ = found->since_anchor;
  fits_in_track_.reset();
  return ModelTracking::Followed{found->pose, found->inliers, found->inlier_share, found->rms_px,
                                 found->since_anchor};
}

void Tracker::keep_view(const cv::Mat& gray, const ModelTracking::Followed& followed,
                        const CameraIntrinsics& camera) {
  last_followed_pose_ = followed.pose;
  if (!model_tracking_.reliable(followed) || !refinder_.wants_view(followed.pose)) return;
  refinder_.add_view_in_background(gray, followed.pose, followed.since_anchor, *head_shape_,
                                   camera);
}

TrackedFrame Tracker::process(const cv::Mat& frame, double time_s, int64_t frame_index) {
  refinder_.next_frame();  // a view started a few frames ago is kept now, before anything reads them
  // The check started after the last frame: a track that slipped is forgotten, and the face
  // found afresh.
  if (slip_check_.collect().value_or(false)) {
    model_tracking_.forget();
    previous_landmarks_.reset();
  }
  const cv::Mat gray = gray_of(frame);

  const double dt_s = previous_time_s_ ? time_s - *previous_time_s_ : 0.0;
  TrackedFrame out;
  out.sample.time_s = time_s;
  out.sample.frame_index = frame_index;
  out.sample.calibrated = profile_.has_value();
  const FaceModel& model = profile_ ? profile_->model : generic_face_model();
  const CameraIntrinsics camera = camera_for(frame);

  // The model-based track first: where it holds the head turned past the landmarks' range,
  // they are not fitted, and the face is where the track says.
  std::optional<ModelTracking::Followed> followed;
  if (model_tracking_.active()) {
    followed = model_tracking_.follow(gray, camera);
  } else if (head_shape_ && (followed = model_tracking_.resume(gray, camera))) {
    refinder_.track_started();  // taken up after a gap: no view is carried on across it
  }
  if (followed) followed->since_anchor.add(refound_since_anchor_);
  bool model_only = followed && turned_beyond(followed->pose, params_.landmarks_fitted_within_deg);
  // Every few frames, where the track holds the head turned past the landmarks' range, the
  // detector looks there: nothing else could say that the track slipped. The check costs
  // more than a frame's tracking (a detection and two landmark fits), so it runs between this
  // frame and the next, on a worker thread.
  const bool check_slip = model_only && ++model_only_frames_ % params_.confirm_every_frames == 0;
  std::optional<cv::Rect> box;
  if (!model_only) {
    // The face search gives up on a face its detector no longer sees (turned, nodded, half
    // hidden by a hand); a track that follows the head goes on (locate_face).
    box = locate_face(gray, followed.has_value());
    model_only = !box && followed;
  }
  if (!box && !followed && refind_attempt_ && (followed = refind_head(gray, camera))) model_only = true;
  // A track ended here (for want of points, or slipped) leaves the landmarks alone, which read
  // a turned head's turn short: what they read is unconfirmed until they see it near facing.
  if (followed_last_frame_ && !followed) unconfirmed_until_facing_ = true;
  followed_last_frame_ = false;              // until this frame's track, if any, is known
  std::optional<Landmarks> model_landmarks;  // the face model where the track holds it
  if (model_only) {
    const Landmarks projected = projected_landmarks(model, followed->pose, camera);
    model_landmarks = projected;
    previous_landmarks_ = projected;  // where the landmarks start once the head comes back
    box = last_face_box_ = fitter_->box_for(projected);
  }
  previous_time_s_ = time_s;
  if (!box) {
    last_fit_.reset();
    recent_disagreement_deg_.clear();
    return out;  // face lost: no face measurement, quality 0
  }

  HeadPose pose, raw_pose;  // as reported: smoothed landmarks' (or the track's), raw landmarks'
  std::optional<Landmarks> raw;
  std::optional<PoseFit> raw_fit;
  double lower_misfit = 0.0;
  double disagreement_deg = 0.0;
  double landmarks_off_track_deg = 0.0;  // how far the track reads the head from the landmarks
  if (!model_only) {
    raw = fitter_->fit(gray, *box, face_roll_deg_);
    const Landmarks smoothed = smooth(*raw, dt_s);
    const PoseFit fit = solve_pose(smoothed, model, camera, previous_pose_);
    raw_fit = solve_pose(*raw, model, camera, previous_raw_pose_);
    if (fit.pose.position_mm.z <= 0.0 || raw_fit->pose.position_mm.z <= 0.0) {
      reset();  // a solve behind the camera: no face we can trust
      return out;
    }
    previous_landmarks_ = *raw;
    previous_pose_ = fit.pose;
    previous_raw_pose_ = raw_fit->pose;
    last_fit_ = RawFit{*raw, raw_fit->pose};
    pose = fit.pose;
    raw_pose = raw_fit->pose;
    lower_misfit = lower_face_misfit(*raw, model, camera, raw_fit->pose);

    const double span = eye_span_px(*raw);
    const bool sound = head_shape_ && landmarks_fit(fit, span, lower_misfit, 1.0);
    // Landmarks that fit less closely (turned some way, glasses) still tell a track that
    // reads a turn shorter than they do.
    const bool checkable = head_shape_ && landmarks_fit(*raw_fit, span, lower_misfit, 2.0);
    // Where the landmarks soundly read the head near facing the camera, the track is
    // pulled toward their pose, gently, so that it neither drifts nor shakes with them. A
    // track they contradict for a while (points placed while turned far, slipped under a
    // hand or off the head, held by glasses or an outline) starts afresh from them.
    // Whatever they fit, landmarks that say otherwise make the track trusted less, and
    // sooner than they restart it: a quality that falls before the angle is wrong.
    if (followed && checkable) {
      disagreement_deg =
          contradiction_deg(followed->pose, fit.pose, sound, params_.track_doubted_past_nod_deg);
    } else if (followed) {  // landmarks fitting this face poorly: only a gross contradiction
      disagreement_deg =
          std::max(0.0, contradiction_deg(followed->pose, fit.pose, false,
                                          params_.track_restarted_past_nod_deg) -
                            params_.unfit_landmarks_allowance_deg);
    }
    bool track_contradicted = false;  // by sound landmarks, by more than a fit's error
    if (sound && followed) {
      const double contradiction = contradiction_deg(followed->pose, fit.pose, true,
                                                     params_.track_restarted_past_nod_deg);
      disagreement_deg = std::max(disagreement_deg, contradiction);
      track_contradicted = contradiction >= params_.track_disagrees_deg;
      if (!track_contradicted) {
        disagreeing_since_s_.reset();
        if (within_anchor(fit.pose)) {
          followed->pose = model_tracking_.anchor(fit.pose, dt_s, *head_shape_, camera);
          followed->since_anchor = refound_since_anchor_ = {};
          if (fits_in_track_) ++*fits_in_track_;
          if (!model_tracking_.active()) followed.reset();
        }
      } else {
        if (!disagreeing_since_s_) disagreeing_since_s_ = time_s;
        if (time_s - *disagreeing_since_s_ >= params_.track_disagrees_for_s) {
          // Landmarks that differ mostly by a nod or tilt are doubted; by far more, overruled.
          if (landmarks_may_be_wrong(*followed, fit.pose, 0.0)) unconfirmed_until_facing_ = true;
          if (!landmarks_may_be_wrong(*followed, fit.pose, params_.landmarks_overruled_past_deg)) {
            model_tracking_.forget();
            followed.reset();
          }
          disagreeing_since_s_.reset();
        }
      }
    } else {
      disagreeing_since_s_.reset();
    }
    // Seen near facing, the landmarks confirm what is read, unless it is a track they
    // contradict: that one is doubted until they confirm it or it starts again from them.
    if (sound && near_facing(fit.pose, params_.landmarks_anchor_within_deg) &&
        !(followed && track_contradicted))
      unconfirmed_until_facing_ = false;
    if (sound && !followed && near_facing(fit.pose, params_.track_starts_within_deg) &&
        model_tracking_.start(gray, fit.pose, *head_shape_, camera)) {
      followed = ModelTracking::Followed{fit.pose, model_tracking_.point_count(), 1.0, 0.0, {}};
      refinder_.track_started();
      refound_since_anchor_ = {};
      fits_in_track_ = 1;
      disagreement_deg = 0.0;
      recent_disagreement_deg_.clear();  // a new track: what the landmarks said of the old one is past
      // Started from landmarks that read the head turned some way, the track carries their
      // error, and nothing has confirmed them yet.
      if (!near_facing(fit.pose, params_.landmarks_anchor_within_deg))
        unconfirmed_until_facing_ = true;
    }
    if (followed)
      landmarks_off_track_deg =
          angular_distance_deg(followed->pose.orientation, fit.pose.orientation);
  } else {
    last_fit_.reset();
    // Contradicted "this long" means in every frame since: unfitted frames break it.
    disagreeing_since_s_.reset();
  }
  if (followed) {
    model_tracking_.add_points(*head_shape_, camera);
    pose = raw_pose = followed->pose;
    keep_view(gray, *followed, camera);
  }

  const HeadPose neutral = profile_ ? profile_->neutral.pose : HeadPose{};
  // The angles given out are the head's: the fitted model's frame turned back by its lean.
  const auto head = [&](const glm::dmat3& model_orientation) {
    return profile_ ? head_orientation(*profile_, model_orientation) : model_orientation;
  };
  const glm::dmat3 head_neutral = head(neutral.orientation);
  const HeadAngles angles = head_angles(relative_orientation(head_neutral, head(pose.orientation)));
  const HeadAngles raw_angles =
      head_angles(relative_orientation(head_neutral, head(raw_pose.orientation)));
  // Shifts only mean something against a calibrated neutral position.
  glm::dvec3 shift(0.0);
  if (profile_) {
    shift = (pose.orientation * kHeadCentre + pose.position_mm) -
            (neutral.orientation * kHeadCentre + neutral.position_mm);
  }

  std::optional<LowerFaceLook> lower_face;
  std::optional<double> change;
  if (raw) {
    lower_face = look_of_lower_face(gray, *raw);
    if (profile_ && landmarks_off_track_deg <= params_.lower_face_key_off_track_deg)
      change = lower_face_change(*lower_face, profile_->lower_face_looks);
  }

  HeadSample& s = out.sample;
  FaceMeasurement& face = s.face.emplace();
  face.pose = {head(pose.orientation), pose.position_mm};
  face.raw_angles = raw_angles;
  face.angles.rotation_deg = angle_filters_[0].apply(angles.rotation_deg, dt_s);
  face.angles.tilt_deg = angle_filters_[1].apply(angles.tilt_deg, dt_s);
  face.angles.flexion_deg = angle_filters_[2].apply(angles.flexion_deg, dt_s);
  face.lateral_shift_mm = shift_filters_[0].apply(shift.x, dt_s);
  face.forward_shift_mm = shift_filters_[1].apply(-shift.z, dt_s);  // toward the camera is +
  tremor_.add(time_s, raw_angles);
  s.tremor = tremor_.estimate();
  // A hand is seen as a lower face that no longer looks as it did at calibration, at a
  // similar pose (the landmark model would rather guess a chin under the hand).
  face.lower_face_covered = change && *change > params_.lower_face_change_for_hand;
  if (followed) {
    // Past the landmarks' range nothing checks the track, and turning further does not undo
    // what they last said of it: their doubt stands until they see the head again.
    if (!model_only) recent_disagreement_deg_.push_back(disagreement_deg);
    while (std::ssize(recent_disagreement_deg_) > params_.track_doubted_over_frames)
      recent_disagreement_deg_.pop_front();
    // Empty for a track taken up past the landmarks' range: nothing has doubted it yet.
    double averaged_disagreement_deg = 0.0;
    if (!recent_disagreement_deg_.empty())
      averaged_disagreement_deg =
          std::accumulate(recent_disagreement_deg_.begin(), recent_disagreement_deg_.end(), 0.0) /
          static_cast<double>(recent_disagreement_deg_.size());
    s.quality = quality_of(*followed, eye_span_px(raw ? *raw : *model_landmarks),
                           averaged_disagreement_deg);
  } else {
    recent_disagreement_deg_.clear();
    s.quality = quality_of(*raw, *raw_fit, raw_fit->pose, lower_misfit);
  }
  if (unconfirmed_until_facing_) s.quality = std::min(s.quality, params_.contested_quality);
  s.clarity = s.quality;
  s.quality = angles_quality(s.clarity, profile_.has_value());
  out.landmarks = raw;
  out.face_box = box;
  out.followed_as_head = followed_last_frame_ = followed.has_value();
  out.lower_face_misfit = lower_misfit;
  out.lower_face = lower_face;
  out.lower_face_change = change;
  if (check_slip)
    slip_check_.start(
        [this, gray = gray.clone(), pose = followed->pose] { return track_slipped(gray, pose); });
  return out;
}

}  // namespace midline
