// The tracker against ground truth on the test heads: six photographed faces with their own
// 3-D proportions, hair, glasses, hats and light, through a 640x480 MJPG webcam (see
// support/head_renderer.hpp). Each face is calibrated as a patient would, then held at poses
// across the clinical range (rotation to ±75°, tilt to ±45°, flexion to +45°, extension to
// -40°), each for a second, measured once it has settled. Every run prints a per-face,
// per-pose table (the README's accuracy table comes from it).
//
// Where today's tracker meets issue 12's targets they are asserted as such; where it does
// not, the level measured today is asserted as a named kGuard... constant (a regression
// guard, not a goal), next to the target it should move toward.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <optional>
#include <ostream>
#include <vector>

#include "head_material.hpp"
#include "pose/body_midline.hpp"

namespace midline::testing {
namespace {

// ---- Issue 12's targets ----------------------------------------------------------------
constexpr double kTargetMeanErrorDeg = 1.5;        // per axis, relative to a calibrated neutral
constexpr double kTargetHeldErrorTo60Deg = 3.0;    // every held pose, rotation within ±60°
constexpr double kTargetHeldErrorTo75Deg = 5.0;    // every held pose, rotation to ±75°
constexpr double kTargetFoundTo60 = 0.99;          // frames with a face, rotation within ±60°
constexpr double kTargetConfidentlyWrongDeg = 5.0; // no frame with quality >= 0.5 further off
constexpr double kTargetJitterSmoothedDeg = 0.1;   // still head, SD
constexpr double kTargetJitterRawDeg = 0.5;
constexpr double kTargetSquarelyFacingDeg = 2.0;   // absolute rotation and tilt after calibration

using Axes = std::array<double, 3>;  // rotation, tilt, flexion
const char* const kAxisNames[3] = {"rotation", "tilt", "flexion"};

// ---- Today's tracker on this material: regression guards, not goals ---------------------
// Measured on 2026-12-01 (the tracker of main at 5fe0084) and rounded up a little; facing the
// camera lowered for voc_a and voc_c on 2026-12-02 (the face model turned onto its own midline
// plane). Lowered on 2026-12-02 where a face tilted more than 5° is fitted turned upright and
// a lost face is searched for in the frame turned ±40°: tilt means and worst tilts to ±30°
// on every face, rotation and flexion means where tilted poses now read right. Raised the same
// day, because of it: frames confidently wrong on every face (poses at 30-45° of tilt that
// were lost or read at quality 0 now read their tilt within 1-8°, but a rotation of about
// 0.15-0.3 times the tilt, the fitted model's frame being pitched from the head's: facing the
// camera reads -6 to -18° of flexion; quality does not see it), voc_c's worst rotation to
// ±30° (its face rolls past 5° in the picture as it turns, and is fitted turned: -30° reads
// 7.0° off, was 5.6°; +30° 1.1°, was 3.3°) and voc_b's frames with a hand on the chin (16,
// was 14). Lowered on 2026-12-02 where calibration sets the pitch of the fitted model's frame
// by the eye corners, nose and lips instead of the brows and eyelids (facing the camera now
// reads -9 to +1° of flexion, was -6 to -18°; a tilt held at ±30° reads a turn of at most
// 1.7-6.2° per face, was 4.6-10.1°): frames confidently wrong on every face but voc_c,
// voc_a's with a hand on the face, the astronaut's resting at 30°; raised the same day for
// voc_c's rotation (mean 5.5°, was 4.1°; -30° reads -21.7°, was -23.0°; its landmarks read its
// turns with up to 17° of nod and 8° of tilt whatever the model) and its mean flexion error
// (18.0°, was 17.9°). On 2026-12-02, where calibration bounds the fitted face's depth to
// within 15% of the generic model's (voc_a's came out 1.45 times, and read its turns short;
// the other faces come out within 0.91-1.03), voc_a's errors and frames confidently wrong
// lowered (mean rotation 10.1°, was 15.9°; +30° reads 24.9°, was 18.2°; 156 frames, was 223;
// with a hand 5, was 38) and its still head's jitter raised (raw 1.05°, was 0.78°; smoothed
// 0.33°, was 0.23°, both flexion): a face of the right depth reads the landmarks' shake at
// its true size, as it reads its turns. Re-measured on 2026-12-02 with the model-based track
// on by default (TrackerParams::follow_head_model; trust falling from 25 to 45 degrees turned
// since the landmarks confirmed the pose): every face found in every frame to ±75°, its
// still head's jitter 0.03-0.37°, frames confidently wrong 42 / 29 / 16 / 13 / 23 (were 8 /
// 159 / 156 / 128 / 383); mean rotation and flexion errors lower for hopper, voc_a and voc_b
// (tilt 0.5-1° higher for hopper and voc_a) and voc_c's flexion (11.4°, was 18.0); higher for
// the astronaut (rotation 4.3°, was 2.0; flexion 4.0°, was 1.4: its 15° nod reads 10.8, its
// 30° turn 34.8) and voc_c's rotation (13.8°, was 5.5; -30° reads -7.1 at quality below 0.5,
// its points following the shading of its side light and its glasses' frames;
// docs/tracker-record.md, "What moves the track's turns"). Lowered on 2026-12-03, where
// landmarks whose tilt or nod differs from the track's by 2 degrees make it trusted less (was 7),
// and landmarks that fit poorly but read a turn 6 degrees longer than the track's do too
// (TrackerParams::track_doubted_past_nod_deg,
// unfit_landmarks_allowance_deg; no angle changed): frames confidently wrong 17 / 12 / 16 /
// 10 / 18 (were 42 / 29 / 16 / 13 / 23; voc_c's worst 18.0 degrees off, was 35.4), and
// voc_c's with a hand on the cheek 0 (was 1). Lowered on 2026-12-03 for hopper and voc_c,
// where that doubt is the landmarks' disagreement averaged over 4 frames
// (TrackerParams::track_doubted_over_frames; no angle changed): frames confidently wrong 18 /
// 12 / 17 / 12 / 10, and a still head facing the camera trusted in every frame (voc_c's was
// untrusted in 9 of 60). Lowered the same day for the astronaut, voc_a and voc_b, where the
// track's trust counts the farthest it has turned from where the landmarks last anchored it,
// not how far it is now (SinceAnchor::farthest_deg): 14 / 12 / 2 / 9 / 10
// (the astronaut's -40° extension, read within 1.2°, is now untrusted: it comes after the
// 45° nod). Lowered on 2026-12-03 for voc_b, where landmarks that ended a track by a nod or
// tilt it did not read are trusted at most 0.4 until they see the head near facing
// (TrackerParams::contested_quality; no angle changed): 3 frames, was 9 (worst 6.5°, was
// 16.1°). Raised on 2026-12-04 for voc_b's mean rotation and tilt errors (1.8 / 1.6° -> 2.4 /
// 2.0°): landmarks that differ from a track mostly by a nod no longer end it
// (TrackerParams::landmarks_overruled_past_deg), and voc_b's track took another path through the
// sweep (came back from the 45° nod right, then read its turns about 1.3° longer; frames
// confidently wrong 3 -> 1). Lowered on 2026-12-05 for voc_c's facing the camera (tilt 0.8°,
// was 7.8°; now the target binds), where calibration measures how far the fitted model leans
// from the face's own mirror symmetry and the angles given out are turned back by it
// (NeutralProfile::model_lean_deg; the tracker's own frames are unchanged). Lowered on
// 2026-12-05 where a head moved out fast is trusted less until the landmarks confirm it again
// (ModelTrackingParams::slow_step_deg; no angle changed): frames confidently wrong 6 / 10 / 0 /
// 0 / 8, were 15 / 12 / 2 / 1 / 9. Lowered on 2026-12-05 where the track holds the neck's
// pivot where it was in the last frame (ModelTrackingParams::pivot_weight): mean rotation errors
// 1.2 / 2.0 / 1.1 / 2.2 / 2.1 (were 4.3 / 4.6 / 2.7 / 2.4 / 13.8), flexion 2.2 / 1.3 / 0.7 /
// 0.6 / 4.5 (were 4.0 / 2.7 / 2.3 / 2.0 / 10.5), frames confidently wrong 0 / 0 / 0 / 0 / 1;
// raised for the astronaut's tilt (mean 2.1, was 1.6), voc_b's worst tilt to ±30° (2.7, was
// 1.5) and the hand seen without one on the astronaut (3, was 0) and hopper (10, was 7).
// Raised on 2026-12-05 where each test head turns about its own neck, drawn ±15% per face
// (HeadProportions::neck_below_mm, neck_behind_mm; the tracker assumes 100 mm below and 90
// behind the eyes): voc_b's neck lies 8 mm nearer its eyes than assumed and its turns read
// about 15% short at full trust (mean rotation error 5.7°, was 2.2; its 30° turn 5.0° off; 41
// frames confidently wrong, was 0; facing the camera 2.4°); voc_a's mean rotation 2.4° (1.1)
// and its worst pose to ±30° 4.6° (2.4); voc_c's still head shakes 0.54° smoothed (0.38) and is
// untrusted in 4 frames of 60 (0), its -30° turn reads 4.2° off (3.1), with a hand on the cheek
// 18 frames confidently wrong (1); the hand seen without one on the astronaut 10 (3), hopper
// 20 (10) and voc_c 8 (5). The other measures moved by 0.1° or less. Lowered on 2026-12-06
// where the landmarks anchor the track to 30° of tilt (TrackerParams::
// landmarks_anchor_tilt_within_deg): mean tilt errors 1.5 / 1.4 / 1.7 / 1.2 / 1.4° (were
// 2.0 / 2.1 / 2.3 / 1.6 / 1.9; three faces now held to the target); raised for voc_b's mean
// rotation (5.81°, was 5.7) and the hand seen without one on the astronaut (11, was 10).
// Lowered on 2026-12-06 where a rolling head's points are followed from the last picture
// turned by its roll (ModelTrackingParams::roll_followed_turned_deg): mean tilt errors 1.0 /
// 1.1 / 1.0 / 0.8 / 1.1° (every face held to the target), the worst tilt alone to ±30° 0.5 /
// 0.6 / 0.5 / 0.9 / 1.0° (was 0.9 / 1.1 / 1.3 / 1.5 / 1.6); raised, by the draw's moves, for
// the astronaut's mean rotation (1.60°, was 1.5), hopper's worst pose to ±30° (3.05°, 2.6), voc_b's
// mean rotation (5.93°) and its sweep's frames confidently wrong (43, was 41), and the hand seen
// without one on voc_c (9, was 8). Frames confidently wrong held to the target (none) on the
// sweep for the astronaut, hopper and voc_a, and with a hand on the face on every face but
// voc_c: each reads none today, and read none before this change (the guards were 1 and 2).
// Measured on 2026-12-06, the angles as the patient sees them (from the body midline, after a
// level look): mean errors 1.2 / 1.0 / 1.6°, 1.3 / 1.3 / 1.1°, 3.9 / 1.9 / 1.6°, 6.2 / 1.0 / 2.4°
// and 4.9 / 2.8 / 3.4°, the worst pose to ±60° 4.7, 5.5, 8.0, 12.8 and 16.9°: a face's absolute
// offsets facing the camera enter every reading, and voc_c's pitch (8.3°) turns its turns into
// tilts (its 30° turn shows 7.6° of tilt, its -30° tilt 10.3° of turn); frames confidently
// wrong as shown 0 / 0 / 10 / 91 / 96 (0 / 0 / 0 / 43 / 2 relative to the neutral).
// Changed on 2026-12-06 where the face's midline plane is set by all 68 points, the jaw line's
// weighing by how square on the face was seen (calibration.cpp, kJawLineFullWithinDeg):
// facing the camera reads -2.3 / 0.3 / -1.2 / 0.8 / 1.2° of rotation (was -0.5 / 1.6 / -3.9 /
// -2.4 / 3.6), so lowered for voc_a, voc_b and voc_c's facing and their angles as shown (frames
// confidently wrong as shown 0 / 29 / 50, worst pose to ±60° 3.5 / 11.2 / 12.5°) and voc_c's
// hand on the cheek (0, was 18); raised for the astronaut's facing and its angles as shown
// (mean rotation error 2.9°, was 1.2), hopper's rotation (mean 2.3°, worst pose to ±30° 3.8°;
// as shown 2.2° and 6.2°), voc_a's and voc_b's worst poses to ±30° (4.8°, 5.3°) and voc_c's
// sweep (32 frames confidently wrong, was 2). Over four noise draws the sweep's frames
// confidently wrong went 116 -> 94, turning slowly 300 -> 279, and as shown 646 -> 188.
// Set again on 2026-12-06 where the test patient's look around starts where the head rests
// (it had begun at a phase of its sway, the head jumping 13° of turn and 8° of nod in one
// frame; head_material.hpp), which moves every calibration: voc_b's and voc_c's sweeps 1 and 4
// frames confidently wrong (were 29, 32), as shown 2 and 33 (29, 50); mean rotation errors
// 1.2 / 2.1 / 2.2 / 4.8 / 1.7° (1.6 / 2.3 / 2.0 / 5.9 / 2.3); facing the camera -1.8 / 1.5 /
// -0.7 / 1.7 / -0.6° of rotation (every face within the target); but voc_c's model now reads
// its nods short (30° as 8.0°, 45° as 24.3°, untrusted; mean flexion error 8.6°, was 4.0) and
// hopper's still head shakes 0.16° smoothed (0.06). Over four noise draws the sweep's frames
// confidently wrong 94 -> 9, turning slowly 279 -> 153 (docs/tracker-record.md).
// Set again on 2026-12-06 where calibration measures how far behind the eyes each head turns
// on the neck (NeutralProfile::neck_behind_mm, from the look around's texture; it had been
// taken as 90 mm for every head): mean rotation errors 0.9 / 2.5 / 1.7 / 0.9 / 2.4° (were 1.2 /
// 2.1 / 2.2 / 4.8 / 1.7), voc_b's held 30° read 30.9° (25.9) and its angles as shown 2.1° (4.9),
// so lowered for voc_b; raised, by the draw's moves, for hopper's rotation and tilt (2.5°,
// 1.7°; as shown 2.4° and 1.8°, worst pose 7.7°), the astronaut's flexion (2.2°), voc_c's
// rotation (2.4°) and nods (9.2°) and voc_b's hand seen without one (2). Over four noise draws
// mean rotation error 2.53 -> 1.89°, the sweep's frames confidently wrong 9 -> 8 and turning
// slowly 153 -> 164 (docs/tracker-record.md, "The neck's distance from the look around").
// Set again on 2026-12-07 for voc_c where landmarks that did not follow the look around's nods
// (NeutralProfile::landmark_nod_agreement) no longer overrule a track that moved by a nod they
// did not see (TrackerParams::landmarks_read_nods_from): its 15-degree nod, read -5 by them,
// had the track forgotten and started again from them at quality 1, and its 30° nod read 7.7°;
// now 32-34°. Mean flexion error 4.2° (9.2), worst pose to ±30° 8.2° (22.3), frames
// confidently wrong 1 (3); as shown flexion 3.1° (9.1), worst pose 18.7° (23.6); raised for its
// mean rotation and tilt (2.8° and 1.9°, were 2.4 and 1.0; as shown 4.1° and 4.0°, were 3.6 and
// 3.5), the track kept through its combined turn, tilt and nod reading it 6.8° and 8.7° off.
// Set again on 2026-12-07 where the flexion zero's part that the track's turns share comes off
// on the camera's side (NeutralProfile::track_pitch_deg, camera_side_pitch_deg): voc_c as
// shown 2.9 / 2.3 / 3.1° (4.1 / 4.0 / 3.1), worst pose 11.8° (18.7), frames confidently wrong 1
// (16); the other faces' tracks do not turn about an axis pitched as a model's frame is.
// Set again on 2026-12-07 where what is read stays unconfirmed until the landmarks see the head
// near facing in two more cases (Tracker::process): a track they contradict there (voc_b back
// from a −45° tilt, its track 7.9° off in turn, had been confirmed by them at quality 1), and
// the landmarks left alone by a track that ended (voc_c back from −75°, read −18.4° at −26.4° at
// quality 1): frames confidently wrong 0 on every face, as read and as shown.
// Raised on 2026-12-07 where the landmarks' turn counts either way on a tilted head they anchor
// (Tracker::contradiction_deg; at noise draw 1000 voc_b's frames confidently wrong 2 -> 0): voc_b's
// worst pose as shown 4.54° (4.4), its combined turn, tilt and nod.
// A face is held to
// the issue's target where today's tracker meets it,
// and to this level where it does not; lower these as the tracker improves (the target is the
// floor). Every measure is printed each run.
struct Levels {
  double jitter_raw_deg;       // still head, calibrated: SD of the unsmoothed angles (worst axis)
  double jitter_smoothed_deg;  // ... of the smoothed angles (worst axis)
  double facing_deg;           // facing the camera squarely: |absolute rotation|, |tilt|
  Axes mean_error_deg;         // per axis: mean error of the found poses within ±60° moving it
  Axes moderate_error_deg;     // per axis: worst error of a pose moving only it, to ±30°
  double worst_moderate_deg;   // worst found held pose with every axis within ±30°
  int lost_moderate;           // held poses lost with every axis within ±30°
  double found_to_60;          // share of settled frames with a face, rotation within ±60°
  int confidently_wrong;       // frames of the sweep with quality >= 0.5 and > 5° off
  int trick_confidently_wrong; // the same with a hand on the face, near neutral
  int hand_seen_without_one;   // settled frames of the held poses flagged as a hand (of 372)
  int still_untrusted;         // frames of the still head facing the camera not trusted (of 60)
  // As the patient sees them: from the body midline, after a level look (below).
  Axes shown_mean_error_deg;     // per axis, as mean_error_deg
  double shown_worst_to_60_deg;  // worst found held pose, rotation within ±60°
  int shown_confidently_wrong;   // as confidently_wrong
};
// clang-format off
const std::map<std::string, Levels> kToday = {
    // face       raw   smooth facing mean error (r, t, f)  to ±30° (r, t, f)  worst lost found
    //            wrong trick, hand seen, untrusted; as shown: mean error (r, t, f), worst to ±60°,
    //            wrong
    {"astronaut", {0.12, 0.1, 2.0, {1.3, 1.2, 2.3}, {1.4, 0.7, 2.9}, 2.9, 0, 0.99,
                   0, 0, 1, 0, {2.0, 1.2, 1.9}, 5.1, 0}},
    {"hopper",    {0.18, 0.17, 2.0, {2.6, 1.8, 1.2}, {2.3, 0.6, 1.5}, 3.6, 0, 0.99,
                   0, 0, 8, 0, {2.4, 1.9, 1.2}, 7.8, 0}},
    {"voc_a",     {0.11, 0.1, 2.0, {2.3, 1.1, 1.4}, {2.6, 0.6, 2.0}, 4.7, 0, 0.99,
                   0, 0, 4, 0, {1.9, 1.7, 1.6}, 3.7, 0}},
    {"voc_b",     {0.13, 0.1, 2.0, {0.9, 0.9, 2.1}, {0.5, 0.8, 2.6}, 2.7, 0, 0.99,
                   0, 0, 2, 0, {2.2, 0.9, 2.1}, 4.6, 0}},
    {"voc_c",     {0.24, 0.22, 2.0, {2.8, 1.9, 4.3}, {1.2, 1.5, 8.3}, 8.3, 0, 0.99,
                   0, 0, 8, 1, {3.0, 2.4, 3.2}, 11.9, 0}},
};
// clang-format on

// The bound for a measure: the issue's target, or today's level where that is worse.
double bound(double target, double today) { return std::max(target, today); }

Axes axes(const HeadAngles& a) { return {a.rotation_deg, a.tilt_deg, a.flexion_deg}; }

struct HeldPose {
  HeadAngles truth;
  Axes read{0, 0, 0};      // mean of the smoothed angles over the settled frames with a face
  Axes shown{0, 0, 0};     // ... as the patient sees them (hold_poses' `shown_from`)
  double found = 0.0;      // fraction of the settled frames with a face
  double trusted = 0.0;    // ... with quality >= 0.5
  int hand_seen = 0;       // settled frames that say a hand covers the lower face
  int confidently_wrong = 0;  // frames on the way to it and held at it: quality >= 0.5, > 5° off
  bool lost() const { return found < 0.5; }
  double error(int axis) const { return std::abs(read[axis] - axes(truth)[axis]); }
  double worst_error() const { return std::max({error(0), error(1), error(2)}); }
  bool moves(int axis) const { return axes(truth)[axis] != 0.0; }
  double rotation() const { return std::abs(truth.rotation_deg); }
};

// The held poses in the order a patient would go through them: each axis out to the end of
// the clinical range and back, then two combined postures.
std::vector<HeadAngles> clinical_poses() {
  std::vector<HeadAngles> p;
  for (double sign : {1.0, -1.0}) {
    for (double r : {15.0, 30.0, 45.0, 60.0, 75.0}) p.push_back({sign * r, 0, 0});
    p.push_back({0, 0, 0});
  }
  for (double sign : {1.0, -1.0}) {
    for (double t : {15.0, 30.0, 45.0}) p.push_back({0, sign * t, 0});
    p.push_back({0, 0, 0});
  }
  for (double f : {15.0, 30.0, 45.0}) p.push_back({0, 0, f});
  p.push_back({0, 0, 0});
  for (double f : {-15.0, -30.0, -40.0}) p.push_back({0, 0, f});
  p.push_back({0, 0, 0});
  p.push_back({25, 10, 10});
  p.push_back({-35, -15, 15});
  p.push_back({0, 0, 0});
  return p;
}

struct PoseRun {
  std::vector<HeldPose> poses;
  int frames = 0, confident_frames = 0, confidently_wrong = 0;
  double worst_confident_error = 0.0;
  int shown_confidently_wrong = 0;  // the same, as the patient sees them (`shown_from`)
};

constexpr int kHoldFrames = 24;      // a pose held about a second ...
constexpr int kSettledFrames = 12;   // ... measured once it has settled (its last 0.4 s)
constexpr double kMoveDegPerFrame = 2.5;  // 75°/s between poses

// Moves the head from pose to pose (at 60°/s, eased), holds each, and measures.
// The angles of `pose` relative to `neutral` (both relative to facing the camera).
HeadAngles relative_to(const HeadAngles& neutral, const HeadAngles& pose) {
  return head_angles(relative_orientation(rotation_matrix(neutral), rotation_matrix(pose)));
}

// The poses of the frames that take the head from `from` to `to` (at 75°/s, eased), `to` last.
std::vector<HeadAngles> moving_between(const HeadAngles& from, const HeadAngles& to) {
  const Axes a = axes(from), b = axes(to);
  double distance = 0;
  for (int k = 0; k < 3; ++k) distance = std::max(distance, std::abs(b[k] - a[k]));
  const int moving = static_cast<int>(std::ceil(distance / kMoveDegPerFrame));
  std::vector<HeadAngles> path;
  for (int i = 1; i <= moving; ++i) {
    const double t = static_cast<double>(i) / moving, k = t * t * (3 - 2 * t);
    path.push_back({a[0] + k * (b[0] - a[0]), a[1] + k * (b[1] - a[1]), a[2] + k * (b[2] - a[2])});
  }
  return path;
}

// How far `read` is from `truth`, on its worst axis.
double worst_axis_error(const HeadAngles& read, const HeadAngles& truth) {
  const Axes r = axes(read), t = axes(truth);
  double worst = 0;
  for (int k = 0; k < 3; ++k) worst = std::max(worst, std::abs(r[k] - t[k]));
  return worst;
}
// A frame's unsmoothed angles against the truth: `pose` is relative to facing the camera, the
// tracker reads relative to the calibrated `neutral`.
double worst_axis_error(const TrackedFrame& f, const HeadAngles& neutral, const HeadAngles& pose) {
  return worst_axis_error(f.sample.face->raw_angles, relative_to(neutral, pose));
}

// `poses` are relative to facing the camera; the tracker reads them relative to the
// calibrated `neutral`, and is judged so.
// Given `shown_from`, each pose's angles as the patient sees them are kept as well.
PoseRun hold_poses(HeadSession& s, const std::vector<HeadAngles>& poses, Hand hand = Hand::none,
                   const HeadAngles& neutral = {}, HeadAngles from = {},
                   std::optional<BodyReference> shown_from = std::nullopt) {
  PoseRun run;
  auto frame = [&](const HeadAngles& pose) {
    const TrackedFrame f = s.step(pose, hand);
    ++run.frames;
    if (f.sample.trusted()) {
      ++run.confident_frames;
      const double worst = worst_axis_error(f, neutral, pose);
      run.worst_confident_error = std::max(run.worst_confident_error, worst);
      if (worst > kTargetConfidentlyWrongDeg) ++run.confidently_wrong;
      if (shown_from) {
        // From the body midline, the truth is the pose itself (the test heads rest facing
        // the camera squarely).
        const HeadAngles shown = measured_from_body_midline(f.sample, *shown_from).face->raw_angles;
        if (worst_axis_error(shown, pose) > kTargetConfidentlyWrongDeg)
          ++run.shown_confidently_wrong;
      }
    }
    return f;
  };
  for (const HeadAngles& to : poses) {
    const int wrong_before = run.confidently_wrong;
    for (const HeadAngles& on_the_way : moving_between(from, to)) frame(on_the_way);
    HeldPose held;
    held.truth = relative_to(neutral, to);
    int found = 0, trusted = 0;
    bool seen = false;
    for (int i = 0; i < kHoldFrames; ++i) {
      const TrackedFrame f = frame(to);
      seen = seen || f.sample.face;
      // Not found while settling: the same still view will not be found in the next frames
      // either (each costs a full-frame search), so the pose counts as lost now.
      if (i == kHoldFrames - kSettledFrames && !seen) break;
      if (i < kHoldFrames - kSettledFrames) continue;
      if (!f.sample.face) continue;
      ++found;
      trusted += f.sample.trusted();
      held.hand_seen += f.sample.face->lower_face_covered;
      const Axes m = axes(f.sample.face->angles);
      for (int k = 0; k < 3; ++k) held.read[k] += m[k];
      if (shown_from) {
        const Axes shown = axes(measured_from_body_midline(f.sample, *shown_from).face->angles);
        for (int k = 0; k < 3; ++k) held.shown[k] += shown[k];
      }
    }
    if (found > 0) {
      for (double& r : held.read) r /= found;
      for (double& r : held.shown) r /= found;
    }
    held.found = static_cast<double>(found) / kSettledFrames;
    held.trusted = static_cast<double>(trusted) / kSettledFrames;
    held.confidently_wrong = run.confidently_wrong - wrong_before;
    run.poses.push_back(held);
    from = to;
  }
  return run;
}

void print_table(const std::string& face, const PoseRun& run) {
  // "wrong": frames confidently wrong on the way to the pose and while it is held.
  std::printf("\n%-9s %-22s %-22s %-18s %6s %7s %5s\n", "face", "held pose (r/t/f)", "read (r/t/f)",
              "error (r/t/f)", "found", "trusted", "wrong");
  for (const HeldPose& p : run.poses) {
    char truth[40], read[40], error[40];
    std::snprintf(truth, sizeof truth, "%5.0f %5.0f %5.0f", p.truth.rotation_deg,
                  p.truth.tilt_deg, p.truth.flexion_deg);
    if (p.lost()) {
      std::snprintf(read, sizeof read, "%s", "   lost");
      std::snprintf(error, sizeof error, "%s", "      -");
    } else {
      std::snprintf(read, sizeof read, "%6.1f %6.1f %6.1f", p.read[0], p.read[1], p.read[2]);
      std::snprintf(error, sizeof error, "%5.1f %5.1f %5.1f", p.error(0), p.error(1), p.error(2));
    }
    std::printf("%-9s %-22s %-22s %-18s %5.0f%% %6.0f%% %5d\n", face.c_str(), truth, read, error,
                100 * p.found, 100 * p.trusted, p.confidently_wrong);
  }
}

struct Summary {
  Axes mean_error{0, 0, 0};  // per axis over the found poses that move it, rotation within ±60°
  Axes moderate_error{0, 0, 0};  // per axis: worst over the found poses moving only it, to ±30°
  double worst_moderate = 0.0;  // worst found pose with every axis within ±30°
  double worst_to_60 = 0.0, worst_to_75 = 0.0;  // worst found pose
  double found_to_60 = 0.0;     // of the settled frames, rotation within ±60°
  int lost_moderate = 0, lost_to_60 = 0, lost_to_75 = 0;
};

Summary summarise(const PoseRun& run) {
  Summary s;
  Axes count{0, 0, 0};
  double found60 = 0, n60 = 0;
  for (const HeldPose& p : run.poses) {
    const bool moderate = p.rotation() <= 30 && std::abs(p.truth.tilt_deg) <= 30 &&
                          std::abs(p.truth.flexion_deg) <= 30;
    const bool to_60 = p.rotation() <= 60;
    if (to_60) {
      found60 += p.found;
      ++n60;
    }
    if (p.lost()) {
      s.lost_moderate += moderate;
      s.lost_to_60 += to_60;
      ++s.lost_to_75;
      continue;
    }
    const double worst = p.worst_error();
    for (int k = 0; k < 3; ++k) {
      const Axes t = axes(p.truth);
      const bool only_k = t[k] != 0 && std::abs(t[k]) <= 30 && t[(k + 1) % 3] == 0 &&
                          t[(k + 2) % 3] == 0;
      if (only_k) s.moderate_error[k] = std::max(s.moderate_error[k], p.error(k));
    }
    s.worst_to_75 = std::max(s.worst_to_75, worst);
    if (moderate) s.worst_moderate = std::max(s.worst_moderate, worst);
    if (!to_60) continue;
    s.worst_to_60 = std::max(s.worst_to_60, worst);
    for (int k = 0; k < 3; ++k)
      if (p.moves(k)) {
        s.mean_error[k] += p.error(k);
        ++count[k];
      }
  }
  for (int k = 0; k < 3; ++k) s.mean_error[k] /= std::max(1.0, count[k]);
  s.found_to_60 = found60 / std::max(1.0, n60);
  return s;
}

// The run with each pose read as the patient saw it (hold_poses' `shown_from`).
PoseRun as_shown(PoseRun run) {
  for (HeldPose& p : run.poses) p.read = p.shown;
  return run;
}

// Standard deviation per axis.
Axes spread(const std::vector<HeadAngles>& samples) {
  Axes mean{0, 0, 0}, sd{0, 0, 0};
  if (samples.size() < 2) return sd;
  for (const auto& a : samples)
    for (int k = 0; k < 3; ++k) mean[k] += axes(a)[k] / static_cast<double>(samples.size());
  for (const auto& a : samples)
    for (int k = 0; k < 3; ++k) sd[k] += std::pow(axes(a)[k] - mean[k], 2);
  for (double& v : sd) v = std::sqrt(v / static_cast<double>(samples.size() - 1));
  return sd;
}
double largest(const Axes& a) { return std::max({a[0], a[1], a[2]}); }

// Postures of a sensory trick (a hand on the cheek or chin), near neutral where it helps.
std::vector<HeadAngles> sensory_trick_poses() {
  return {{0, 0, 0}, {20, 0, 0}, {-15, 0, 0}, {0, 10, -10}};
}

class HeadAccuracy : public ::testing::TestWithParam<std::string> {};

// One face through everything a patient does: calibrate, sit still, hold poses across the
// clinical range, then a sensory trick. One test per face, so that the calibration (nine
// seconds of video) is made once and the faces run in parallel.
TEST_P(HeadAccuracy, CalibrateHoldStillAndHoldPosesAcrossTheClinicalRange) {
  const std::string name = GetParam();
  MIDLINE_HEAD_SESSION(session, name);

  // Calibration accepts a perfectly still head.
  std::vector<HeadAngles> uncalibrated_hold;
  const Calibration::Result calibrated = session.calibrate({}, &uncalibrated_hold);
  ASSERT_TRUE(calibrated.profile) << name << ": calibration refused a still head: "
                                  << calibrated.problem;

  // A still head, facing the camera squarely: jitter before and after smoothing, and the
  // absolute angles (relative to the camera, not to the neutral).
  std::vector<HeadAngles> raw, smoothed, absolute;
  int untrusted = 0;
  for (int i = 0; i < 75; ++i) {
    const TrackedFrame f = session.step({0, 0, 0});
    if (i < 15 || !f.sample.face) continue;  // the filters settle after calibration
    if (!f.sample.trusted()) ++untrusted;
    raw.push_back(f.sample.face->raw_angles);
    smoothed.push_back(f.sample.face->angles);
    absolute.push_back(head_angles(f.sample.face->pose.orientation));
  }
  ASSERT_EQ(raw.size(), 60u) << name << ": a still head facing the camera was lost";
  const Axes raw_sd = spread(raw), smoothed_sd = spread(smoothed),
             uncalibrated_sd = spread(uncalibrated_hold);
  Axes facing{0, 0, 0};
  for (const auto& a : absolute)
    for (int k = 0; k < 3; ++k) facing[k] += axes(a)[k] / static_cast<double>(absolute.size());
  std::printf("%s still head: jitter (SD, deg, rotation/tilt/flexion) raw %.2f/%.2f/%.2f, "
              "smoothed %.3f/%.3f/%.3f, raw without a profile %.2f/%.2f/%.2f; facing the camera "
              "reads %.1f/%.1f/%.1f; %d of %zu frames untrusted\n",
              name.c_str(), raw_sd[0], raw_sd[1], raw_sd[2], smoothed_sd[0], smoothed_sd[1],
              smoothed_sd[2], uncalibrated_sd[0], uncalibrated_sd[1], uncalibrated_sd[2],
              facing[0], facing[1], facing[2], untrusted, raw.size());

  const Levels& today = kToday.at(name);
  EXPECT_LE(largest(raw_sd), bound(kTargetJitterRawDeg, today.jitter_raw_deg))
      << name << ": a still head's unsmoothed angles shake";
  EXPECT_LE(largest(smoothed_sd), bound(kTargetJitterSmoothedDeg, today.jitter_smoothed_deg))
      << name << ": a still head's smoothed angles shake";
  EXPECT_LE(std::max(std::abs(facing[0]), std::abs(facing[1])),
            bound(kTargetSquarelyFacingDeg, today.facing_deg))
      << name << ": facing the camera squarely does not read 0 rotation and 0 tilt";
  // The simplest case there is, trusted throughout: an exercise would pause as "uncertain"
  // on a still patient whose landmarks merely shake (voc_c's, behind its glasses).
  EXPECT_LE(untrusted, today.still_untrusted)
      << name
      << ": a still head facing the camera is not trusted in every frame (target: every frame)";

  // Held poses across the clinical range. Every angle a patient or clinician sees is measured
  // from the body midline (pose/body_midline.hpp), with the patient's flexion zero: here from a
  // level look, which is the still head's pitch facing the camera ("Record my level look"). The
  // test heads rest facing the camera squarely, so the truth from the body midline is the pose.
  BodyReference seen_from = body_reference(*calibrated.profile);
  seen_from.flexion_zero_deg = facing[2];
  const PoseRun run = hold_poses(session, clinical_poses(), Hand::none, {}, {}, seen_from);
  print_table(name, run);
  const Summary s = summarise(run);
  std::printf("%s summary: mean error of the found poses within ±60° of rotation: rotation "
              "%.1f, tilt %.1f, flexion %.1f deg (target %.1f); worst of one axis alone to ±30°: "
              "%.1f/%.1f/%.1f deg (target %.1f); worst found pose within ±30° %.1f, ±60° %.1f, "
              "±75° %.1f deg (targets %.1f to ±60°, %.1f to ±75°); poses lost within ±30° %d, "
              "±60° %d, ±75° %d; frames found within ±60° %.0f%% (target %.0f%%); %d of %d frames "
              "confidently wrong (quality >= 0.5, > 5 deg off; worst %.1f deg)\n",
              name.c_str(), s.mean_error[0], s.mean_error[1], s.mean_error[2], kTargetMeanErrorDeg,
              s.moderate_error[0], s.moderate_error[1], s.moderate_error[2],
              kTargetHeldErrorTo60Deg, s.worst_moderate,
              s.worst_to_60, s.worst_to_75, kTargetHeldErrorTo60Deg, kTargetHeldErrorTo75Deg,
              s.lost_moderate, s.lost_to_60, s.lost_to_75, 100 * s.found_to_60,
              100 * kTargetFoundTo60, run.confidently_wrong, run.frames, run.worst_confident_error);

  for (int k = 0; k < 3; ++k) {
    EXPECT_LE(s.mean_error[k], bound(kTargetMeanErrorDeg, today.mean_error_deg[k]))
        << name << ": mean " << kAxisNames[k] << " error over the held poses that move it";
    EXPECT_LE(s.moderate_error[k], bound(kTargetHeldErrorTo60Deg, today.moderate_error_deg[k]))
        << name << ": a held " << kAxisNames[k] << " within ±30° reads wrong";
  }
  EXPECT_LE(s.worst_moderate, bound(kTargetHeldErrorTo60Deg, today.worst_moderate_deg))
      << name << ": a held pose within ±30° on every axis reads wrong (after a lost track too)";
  EXPECT_LE(s.lost_moderate, today.lost_moderate) << name << ": held poses within ±30° lost";
  EXPECT_GE(s.found_to_60, std::min(kTargetFoundTo60, today.found_to_60))
      << name << ": the face is lost too often within ±60° of rotation";
  EXPECT_LE(run.confidently_wrong, today.confidently_wrong)
      << name << ": frames with quality >= 0.5 more than " << kTargetConfidentlyWrongDeg
      << " deg off (target: none)";
  // As shown: what the tracker reads facing the camera squarely (its absolute offsets) enters
  // every pose (README, "What the patient is shown").
  const PoseRun run_as_shown = as_shown(run);
  std::printf("\n%s as shown from the body midline after a level look:", name.c_str());
  print_table(name, run_as_shown);
  const Summary shown = summarise(run_as_shown);
  std::printf(
      "%s as shown from the body midline after a level look (flexion zero %.1f deg, track "
      "pitch %.1f deg, of them on the camera's side %.1f): mean error rotation %.1f, tilt "
      "%.1f, flexion %.1f deg; worst found pose within ±60° %.1f deg; %d of %d frames "
      "confidently wrong\n",
      name.c_str(), seen_from.flexion_zero_deg, seen_from.track_pitch_deg,
      camera_side_pitch_deg(seen_from.flexion_zero_deg, seen_from.track_pitch_deg),
      shown.mean_error[0], shown.mean_error[1], shown.mean_error[2], shown.worst_to_60,
      run.shown_confidently_wrong, run.frames);
  for (int k = 0; k < 3; ++k)
    EXPECT_LE(shown.mean_error[k], bound(kTargetMeanErrorDeg, today.shown_mean_error_deg[k]))
        << name << ": as shown from the body midline, mean " << kAxisNames[k] << " error";
  EXPECT_LE(shown.worst_to_60, bound(kTargetHeldErrorTo60Deg, today.shown_worst_to_60_deg))
      << name << ": as shown from the body midline, a held pose within ±60° reads wrong";
  EXPECT_LE(run.shown_confidently_wrong, today.shown_confidently_wrong)
      << name << ": as shown from the body midline, frames with quality >= 0.5 more than "
      << kTargetConfidentlyWrongDeg << " deg off (target: none)";
  // No hand, so none should be seen: one seen pauses an exercise that allows no touch, on a
  // patient doing it right, and logs a sensory trick that was not there. A head tilted in the
  // picture is compared with no look of the calibration's (none was tilted): 137 of the five
  // faces' frames were flagged at tilts before.
  int hand_seen = 0;
  for (const HeldPose& p : run.poses) {
    hand_seen += p.hand_seen;
    if (p.moves(1) && !p.moves(0) && !p.moves(2)) {
      EXPECT_EQ(p.hand_seen, 0) << name << ": a tilt of " << std::lround(p.truth.tilt_deg)
                                << " deg taken for a hand on the face";
    }
  }
  EXPECT_LE(hand_seen, today.hand_seen_without_one)
      << name << ": settled frames of the held poses that say a hand covers the face (none does)";
  // Issue 12's targets that no face meets today, for the range work to turn into assertions:
  // every held pose within kTargetHeldErrorTo60Deg to ±60° of rotation (worst_to_60) and
  // within kTargetHeldErrorTo75Deg to ±75° (worst_to_75), no pose lost (lost_to_75).

  // A sensory trick: the hand on the face, near neutral.
  const PoseRun trick = hold_poses(session, sensory_trick_poses(), session.face.sensory_trick);
  double trick_worst_trusted = 0.0;
  int trick_trusted = 0;
  for (const HeldPose& p : trick.poses)
    if (!p.lost() && p.trusted > 0) {
      trick_worst_trusted = std::max(trick_worst_trusted, p.worst_error());
      ++trick_trusted;
    }
  int trick_seen = 0;
  for (const HeldPose& p : trick.poses) trick_seen += p.hand_seen;
  std::printf(
      "%s hand %s: %d of %d held poses trusted, worst trusted held error %.1f deg; "
      "%d of %d frames confidently wrong (worst %.1f deg); the hand seen in %d of %d "
      "settled frames, and without one in %d of %zu\n",
      name.c_str(), session.face.sensory_trick == Hand::on_cheek ? "on the cheek" : "on the chin",
      trick_trusted, static_cast<int>(trick.poses.size()), trick_worst_trusted,
      trick.confidently_wrong, trick.frames, trick.worst_confident_error, trick_seen,
      static_cast<int>(trick.poses.size()) * kSettledFrames, hand_seen,
      run.poses.size() * kSettledFrames);
  EXPECT_LE(trick.confidently_wrong, today.trick_confidently_wrong)
      << name << ": with a hand on the face, frames with quality >= 0.5 more than "
      << kTargetConfidentlyWrongDeg << " deg off (target: none)";
}

// Every face the tests know; those whose photographs are absent skip, saying why.
INSTANTIATE_TEST_SUITE_P(Faces, HeadAccuracy, ::testing::ValuesIn(test_face_names()),
                         face_test_name);

// A head tilted far to one side (laterocollis grades run past 35°), on every face, without
// calibration (angles relative to facing the camera). The 68-point model and the frontal
// detector know upright faces only, so the tracker turns the face upright before fitting it,
// and looks for a lost face in turned views of the frame too.
class HeadTiltedFar : public ::testing::TestWithParam<std::string> {};

constexpr double kFarTiltDeg = 45.0;
// Every settled frame's smoothed tilt, uncalibrated: the worst today is 6.7° (voc_c at -45°,
// 2026-12-02); before the face was turned upright, 45° read 7.5, 1.4 and -6° or was lost.
constexpr double kFarTiltBoundDeg = 7.0;
// A lost face is searched for in one view a frame; two rounds of them at most.
constexpr int kRefindFrames = 2 * FaceFinder::kLostViews;

// Turns the head from `from` to `to` at 75°/s, then holds it for `hold` frames.
std::vector<TrackedFrame> turn_and_hold(HeadSession& s, const HeadAngles& from,
                                        const HeadAngles& to, int hold) {
  for (const HeadAngles& on_the_way : moving_between(from, to)) s.step(on_the_way);
  std::vector<TrackedFrame> held;
  for (int i = 0; i < hold; ++i) held.push_back(s.step(to));
  return held;
}

// Frames until the face is found, once the tracker has lost it with the head held at `pose`
// (reset: forgotten with where it was, so searched for over the whole frame).
int frames_to_find_again(HeadSession& s, const HeadAngles& pose) {
  s.tracker.reset();
  for (int i = 1; i <= kRefindFrames; ++i)
    if (s.step(pose).sample.face) return i;
  return kRefindFrames + 1;
}

TEST_P(HeadTiltedFar, HeldAt45IsFollowedReadAndFoundAgainOnceLost) {
  const std::string name = GetParam();
  MIDLINE_HEAD_SESSION(session, name);
  turn_and_hold(session, {}, {}, 15);
  HeadAngles from{};
  for (const double sign : {1.0, -1.0}) {
    const HeadAngles tilted{0, sign * kFarTiltDeg, 0};
    // Followed out to the tilt: found and read in every frame of the last 0.4 s of the hold.
    const std::vector<TrackedFrame> held = turn_and_hold(session, from, tilted, kHoldFrames);
    int found = 0;
    double worst = 0.0;
    for (size_t i = kHoldFrames - kSettledFrames; i < held.size(); ++i) {
      if (!held[i].sample.face) continue;
      ++found;
      worst = std::max(worst, std::abs(held[i].sample.face->angles.tilt_deg - tilted.tilt_deg));
    }
    // Lost there, found again in a turned view of the frame.
    const int refound = frames_to_find_again(session, tilted);
    std::printf("%s held at %+.0f deg of tilt: found in %d of %d settled frames, worst tilt "
                "error %.1f deg; lost there, found again after %d frames\n",
                name.c_str(), tilted.tilt_deg, found, kSettledFrames, worst, refound);
    EXPECT_EQ(found, kSettledFrames) << name << ": a head tilted " << tilted.tilt_deg
                                     << " deg was lost";
    EXPECT_LE(worst, kFarTiltBoundDeg) << name << ": a head held at " << tilted.tilt_deg
                                       << " deg of tilt reads wrong";
    EXPECT_LE(refound, kRefindFrames) << name << ": a head tilted " << tilted.tilt_deg
                                      << " deg, once lost, is not found again";
    from = tilted;
  }
}

INSTANTIATE_TEST_SUITE_P(Faces, HeadTiltedFar, ::testing::ValuesIn(test_face_names()),
                         face_test_name);

// A calibrated head nodding to 45° of flexion and back, then to 40° of extension and back,
// straight from facing the camera (antecollis and retrocollis range checks), each held 1.4 s:
// every frame's unsmoothed angles against the truth, on their worst axis. Past the landmarks'
// 30° only the model-based track reads the nod, and it reads it short: held at 45° the test
// heads read 35-39°. Before the track was trusted less from 25° to 40° of nod, frames
// confidently wrong here were 40 / 35 / 3 / 0 / 14 (the nod read 36-39° at quality 0.55-0.6).
// Two of voc_c's were its track held at -40° reading -24°, doubted by the landmarks (quality
// 0) but read at full quality on the frames where the detector's check gave the face up: that
// cleared the doubt with the face (Tracker::forget_face). Five more were its landmarks alone,
// before a track starts, reading the nod 7-17° short at quality 0.5-0.9: calibrated landmarks
// that fit loosely are now trusted less (one of the astronaut's went with them). Its 7 left
// (worst 20.7° off) were a track started from sound landmarks at 15° of nod that read -5.7°,
// at quality 1 on its first frame: a track started from landmarks that read the head turned is
// now trusted at most 0.4 until they see it near facing (TrackerParams::contested_quality). One
// went; the landmarks read the next two frames as wrongly, but near facing.
class HeadNodFar : public ::testing::TestWithParam<std::string> {};

TEST_P(HeadNodFar, ANodAndAnExtensionToTheEndOfTheRangeAreNeverConfidentlyWrong) {
  const std::string name = GetParam();
  MIDLINE_HEAD_SESSION(session, name);
  ASSERT_TRUE(session.calibrate().profile) << name << ": calibration refused a still head";
  // Today's tracker (2026-12-04), seed 0: regression guards (target: none). With each head
  // turning about its own neck (2026-12-05): voc_b 1 (worst 5.0°), voc_c 9 (worst 19.5°).
  static const std::map<std::string, int> today = {
      {"astronaut", 8}, {"hopper", 5}, {"voc_a", 0}, {"voc_b", 1}, {"voc_c", 9}};
  int confidently_wrong = 0, frames = 0;
  double worst = 0.0;
  HeadAngles head{};
  for (const double nod : {45.0, -40.0}) {
    for (const HeadAngles& target : {HeadAngles{0, 0, nod}, HeadAngles{}}) {
      for (int i = 0; i < 42; ++i) {
        head = HeadSession::toward(head, target, kMoveDegPerFrame);
        const TrackedFrame f = session.step(head);
        ++frames;
        if (!f.sample.face || !f.sample.trusted()) continue;
        const double error = worst_axis_error(f, {}, head);
        worst = std::max(worst, error);
        confidently_wrong += error > kTargetConfidentlyWrongDeg;
      }
    }
  }
  std::printf(
      "%s nodding to +45 and -40 deg: %d of %d frames confidently wrong (worst trusted "
      "error %.1f deg)\n",
      name.c_str(), confidently_wrong, frames, worst);
  EXPECT_LE(confidently_wrong, today.at(name))
      << name << ": frames with quality >= 0.5 more than " << kTargetConfidentlyWrongDeg
      << " deg off (target: none)";
}

INSTANTIATE_TEST_SUITE_P(Faces, HeadNodFar, ::testing::ValuesIn(test_face_names()), face_test_name);

// A calibrated head turning slowly, as a patient in pain turns (10°/s, where the sweep above moves
// at 75°/s), from facing the camera out to 60° of rotation and back, each way: every frame's
// unsmoothed angles against the truth, on their worst axis. Turned slowly, the head spends longer
// where the landmarks anchor the track (within 6° of facing, as they read it), and on a face whose
// landmarks read its turn short they pull the track short with them: voc_c held at -45° in this
// turn read -36° at quality 0.95, its track 26° from where they last anchored it.
class HeadSlowTurn : public ::testing::TestWithParam<std::string> {};

// Today's tracker (2026-12-03), over both turns (720 frames): regression guards (targets: none
// confidently wrong, the face found in every frame). voc_a's and voc_c's turns to the left read
// 5-9° and 8-17° short out past 35° at quality 0.5-1. voc_c turning to the right was lost at about
// 35° and found again only on the way back, near facing (200 frames without a face): landmarks
// reading a nod that is not there ended its right track, then failed past their range. They no
// longer end a track they differ from mostly by a nod
// (TrackerParams::landmarks_overruled_past_deg). Before the track's trust counted the farthest it
// had turned from its anchor (SinceAnchor::farthest_deg), turning back lowered
// that distance and restored its trust while its error stayed: voc_a back at 20° read 32.6° at
// quality 1; frames confidently wrong then 0 / 11 / 152 / 1 / 199. A frame is judged on its worst
// axis, as the sweep's are (until 2026-12-03 on rotation alone, which missed voc_c's landmarks
// turned 17-30° to the right reading a nod 13-20° off, at quality 1, after they had ended the track
// that read it right: 166 frames on every axis). Landmarks that end a track by a nod or tilt it did
// not read are now trusted at most 0.4 until they see the head near facing
// (TrackerParams::contested_quality): 0 / 0 / 37 / 0 / 99. With the neck's pivot held from frame
// to frame (ModelTrackingParams::pivot_weight; 2026-12-05): 0 / 0 / 0 / 0 / 53, and voc_a
// without a face for one frame (was none). With each head turning about its own neck
// (2026-12-05): voc_b 19 (worst 6.4°), voc_c 66 (worst 8.5°); voc_a found in every frame. With a
// rolling head's points followed from the last picture turned by its roll (2026-12-06): voc_c 69
// (worst 11.4°); over four draws of the noise, 300 frames in all (293 before). With the face's
// midline set with its jaw line (2026-12-06): voc_b 44 (worst 5.9°), voc_c 54 (worst 9.1°);
// over the four draws 279 in all. With the test patient's look around started where the head
// rests (2026-12-06): voc_b 7 (worst 5.3°), voc_c 37 (worst 8.0°). With the neck's distance
// measured at calibration (2026-12-06): voc_b 0, voc_c 43 (worst 8.7°). With the landmarks'
// doubt kept while the track is past their range (2026-12-07): voc_c 7, 40 of them gone from its
// turn to the left, where the track reads −41° with −8.5° of tilt. With a track started from the
// landmarks trusted as the fits it holds grow (2026-12-07): voc_c 4, the 3 gone were its track
// started again back near facing from one fit reading 5.4° of nod. With the track trusted less
// as its turn axis's lean (the profile's track pitch, -8.6° on voc_c) makes a turn read a tilt
// (2026-12-07): voc_c 0, its left turn read at -28° with -5.6° of tilt no longer trusted.
struct SlowTurnLevels {
  int confidently_wrong;
  int without_a_face;
};
SlowTurnLevels slow_turn_today(const std::string& face) {
  static const std::map<std::string, SlowTurnLevels> today = {{"astronaut", {0, 0}},
                                                              {"hopper", {0, 0}},
                                                              {"voc_a", {0, 0}},
                                                              {"voc_b", {0, 0}},
                                                              {"voc_c", {0, 0}}};
  return today.at(face);
}

TEST_P(HeadSlowTurn, TurnedSlowlyTo60AndBackIsNeverConfidentlyWrong) {
  const std::string name = GetParam();
  MIDLINE_HEAD_SESSION(session, name);
  ASSERT_TRUE(session.calibrate().profile) << name << ": calibration refused a still head";
  constexpr double kDegPerFrame = 10.0 / HeadSession::kFps;
  constexpr double kFarthestDeg = 60.0;
  int confidently_wrong = 0, frames = 0, lost = 0;
  double worst = 0.0;
  for (const double sign : {-1.0, 1.0}) {
    HeadAngles head{};
    for (int i = 0; i < 30; ++i) session.step(head);  // settled, facing the camera
    // Out and back, through every angle between.
    const int out_frames = static_cast<int>(std::lround(kFarthestDeg / kDegPerFrame));
    for (int i = 1; i <= 2 * out_frames; ++i) {
      head.rotation_deg = sign * kDegPerFrame * (i <= out_frames ? i : 2 * out_frames - i);
      const TrackedFrame f = session.step(head);
      ++frames;
      if (!f.sample.face) {
        ++lost;
        continue;
      }
      const double error = worst_axis_error(f, HeadAngles{}, head);
      if (f.sample.trusted() && error > kTargetConfidentlyWrongDeg) {
        ++confidently_wrong;
        worst = std::max(worst, error);
      }
    }
  }
  std::printf("%s turned slowly to ±60° and back: %d of %d frames confidently wrong (worst %.1f "
              "deg), %d without a face\n",
              name.c_str(), confidently_wrong, frames, worst, lost);
  const SlowTurnLevels today = slow_turn_today(name);
  EXPECT_LE(confidently_wrong, today.confidently_wrong)
      << name << ": turned slowly, frames with quality >= 0.5 more than "
      << kTargetConfidentlyWrongDeg << " deg off (target: none)";
  EXPECT_LE(lost, today.without_a_face) << name << ": turned slowly, frames without a face";
}

INSTANTIATE_TEST_SUITE_P(Faces, HeadSlowTurn, ::testing::ValuesIn(test_face_names()),
                         face_test_name);

// A patient whose head rests turned (moderate torticollis rests at 23-67° of rotation, TWSTRS)
// calibrates there; angles are then read relative to that rest, and the absolute angles
// (relative to the camera) must still say where the head is. On the astronaut, so that this
// runs wherever the tests do.
struct TurnedRest {
  const char* face;
  double rest_rotation_deg;
  // Where the patient turns when asked to turn toward the screen (the face unseen at rest).
  double comfortable_turn_deg = 30.0;
  friend void PrintTo(const TurnedRest& c, std::ostream* out) {
    *out << c.face << " resting at " << c.rest_rotation_deg << " deg";
  }
};
class HeadRestingTurned : public ::testing::TestWithParam<TurnedRest> {};
std::string turned_test_name(const ::testing::TestParamInfo<TurnedRest>& param) {
  return std::string(param.param.face) + "_at_" +
         std::to_string(static_cast<int>(param.param.rest_rotation_deg));
}

// Today's tracker, per case (regression guards; issue 12's targets in brackets): whether it
// calibrates at all [every rest to 60°], the worst held error relative to the rest [3°], the
// absolute rotation read at the rest [within 2°], frames confidently wrong [none]. Lowered on
// 2026-12-02 with the model-based track on by default: at 30°, held within 6.7° of the truth
// (was 7.5°), 47 frames confidently wrong (71); at 60°, 18. At 60° the face is not seen at
// rest, so calibration asks the patient to turn toward the screen (here to 10°), fits the
// model there and follows the head back (Calibration's steps `follow` and `back_to_rest`);
// it was refused before. The rest is recorded at 55.8° and said to be rough (the track's
// quality there is below 0.5); poses held near it read within 6.1°, and on the second trip
// out the rest reads 57.7°. The angles relative to it carry its error: facing the camera
// reads -57.8° and 6.1° of nod (32 of the 50 frames confidently wrong, on the way to facing
// and there; the angles shown, from the body midline, do not depend on the rest). Where
// the rest is recorded at quality below 0.5, calibration must say the figure is rough.
// Lowered on 2026-12-03 (the track's trust counting the farthest it has turned from its
// anchor): 47 and 45 frames confidently wrong. Raised on 2026-12-04 at 60° (a track started
// from landmarks that read the head turned trusted at most 0.4 until they see it near facing):
// the rest reads 56.7° on the second trip out (3.3° off, was 2.3°), 50 frames confidently wrong.
// With the neck's pivot held from frame to frame (2026-12-05), at 30°: poses held near the rest
// within 5.1° (6.7°), the rest read at 26.3° (25.8°), 53 frames confidently wrong (50). With the
// test head turning about its own neck (2026-12-05; the astronaut's 4 mm nearer its eyes and 2
// mm further back than assumed): calibrated at 30°, which was refused until the hold was
// judged by the head's texture too; poses near the rest within 5.6°, 46 frames confidently wrong.
// At 60° the rest recorded at 57.2° (55.8°), poses held near it within 3.4° (6.1°), on the
// second trip out it reads 58.4° (56.7°), 19 frames confidently wrong (50). With a rolling
// head's points followed from the last picture turned by its roll (2026-12-06): at 30°, poses
// near the rest within 5.8°; at 60°, the rest reads 57.9° on the second trip out (2.1° off)
// and facing the camera 3.4° of tilt, as before (4.7° where the roll was the points' own).
// With the face's midline set with its jaw line where it is seen square on (2026-12-06; at 60°
// it is fitted 6° from facing, where the jaw line no longer counts, but every other point now
// does): at 60° the rest recorded at 59.1° (57.2°) and read at 58.6° on the second trip out
// (57.9°), poses held near it within 4.2° (3.4°); at 30° the rest read at 28.1° (26.9°), poses
// near it within 5.6° (5.8°), 43 frames confidently wrong (46). With the test patient's look
// around started where the head rests, and turning further toward the screen when asked to
// (2026-12-06; every calibration moves): at 30° the rest recorded at 25.0° (was 28.1°), poses
// held near it within 6.6° (5.6°), 65 frames confidently wrong (43); at 60° the rest recorded at
// 58.8° and read at 59.2°, poses held near it within 3.5° (4.2°), 19 frames confidently wrong.
// At 60° the patient, asked while the model waited to follow the head to turn a little
// further, now does (the look around had ended at a phase that happened to pass facing).
// With the neck's distance measured at calibration (2026-12-06): at 60° the rest recorded at
// 56.6° and read at 60.4°, poses held near it within 3.8° (3.5°), 19 frames confidently wrong.
// With a face seen resting turned past 15° fitted turned toward the screen and followed back
// (2026-12-07, CalibrationParams::turned_rest_past_deg; the test's patient turns to 5°): at 30°
// the rest recorded at 25.6° (25.0°) and read at 26.7° (28.7°), poses held near it within 2.1°
// (5.9°), 36 frames confidently wrong (53; all 36 before calibration, on the generic model); as
// shown from the body midline, within 5.8° (7.8°) and none confidently wrong (51); at 60° the
// rest recorded at 57.9° and read at 58.5°, poses held near it within 3.0°. With no angle
// trusted before calibration (2026-12-07, kUncalibratedQuality): none confidently wrong at 30°
// (36) nor at 60° (19).
struct TurnedLevels {
  bool calibrates;
  bool rest_rough;  // the resting posture said to be a rough figure
  double worst_relative_deg, absolute_error_deg;
  int confidently_wrong;
  // As shown from the body midline (no level look): the worst held error, frames confidently
  // wrong [none].
  double shown_worst_deg;
  int shown_confidently_wrong;
};
TurnedLevels turned_today(const TurnedRest& c) {
  const std::string key = std::string(c.face) + "@" + std::to_string(static_cast<int>(c.rest_rotation_deg));
  static const std::map<std::string, TurnedLevels> today = {
      {"astronaut@30", {true, false, 2.1, 3.4, 0, 5.8, 0}},
      {"astronaut@60", {true, true, 3.1, 2.0, 0, 3.5, 0}},
  };
  return today.at(key);
}

TEST_P(HeadRestingTurned, CalibratesThereAndReadsRelativeToIt) {
  const TurnedRest c = GetParam();
  MIDLINE_HEAD_SESSION(session, c.face);
  const HeadAngles rest{c.rest_rotation_deg, 0, 0};
  const TurnedLevels today = turned_today(c);
  // Turning to the rest, then calibrating there; nothing may be confidently wrong meanwhile.
  const PoseRun turning = hold_poses(session, {rest});
  const Calibration::Result calibrated =
      session.calibrate(rest, nullptr, HeadAngles{c.comfortable_turn_deg, 0, 0});
  std::printf("%s resting at %.0f deg: calibration %s%s\n", c.face, c.rest_rotation_deg,
              calibrated.profile ? "accepted" : "refused: ", calibrated.problem.c_str());
  if (today.calibrates) {
    ASSERT_TRUE(calibrated.profile) << c.face << " resting at " << c.rest_rotation_deg
                                    << " deg: " << calibrated.problem;
  }
  int confidently_wrong = turning.confidently_wrong;
  if (calibrated.profile) {
    std::printf("%s resting at %.0f deg: the rest recorded at %.1f deg of absolute rotation%s\n",
                c.face, c.rest_rotation_deg,
                head_angles(calibrated.profile->neutral.pose.orientation).rotation_deg,
                calibrated.profile->resting_posture_rough ? ", said to be rough" : "");
    EXPECT_EQ(calibrated.profile->resting_posture_rough, today.rest_rough)
        << c.face << ": whether the resting posture is said to be rough";
    // Held relative to the rest: back to it, 15° either side, facing the camera, a nod.
    // As the patient sees them: from the body midline, with the profile's own reference (no
    // level look recorded), which the recorded rest's error does not enter.
    const double r = c.rest_rotation_deg;
    const std::vector<HeadAngles> poses = {rest,      {r + 15, 0, 0}, {r - 15, 0, 0},
                                           {0, 0, 0}, {r, 0, 15},     rest};
    const PoseRun run =
        hold_poses(session, poses, Hand::none, rest, rest, body_reference(*calibrated.profile));
    const std::string name = std::string(c.face) + "@" + std::to_string(static_cast<int>(r));
    print_table(name, run);
    std::printf("\n%s as shown from the body midline:", name.c_str());
    PoseRun run_as_shown = as_shown(run);
    for (size_t i = 0; i < poses.size(); ++i) run_as_shown.poses[i].truth = poses[i];
    print_table(name, run_as_shown);
    const Summary shown = summarise(run_as_shown);
    std::printf(
        "%s resting at %.0f deg, as shown from the body midline: worst held error "
        "%.1f deg, %d frames confidently wrong\n",
        c.face, r, shown.worst_to_75, run.shown_confidently_wrong);
    EXPECT_LE(shown.worst_to_75, bound(kTargetHeldErrorTo60Deg, today.shown_worst_deg))
        << c.face << ": as shown from the body midline, a pose held near a turned rest";
    EXPECT_LE(run.shown_confidently_wrong, today.shown_confidently_wrong)
        << c.face << ": as shown from the body midline, frames with quality >= 0.5 more than "
        << kTargetConfidentlyWrongDeg << " deg off (target: none)";
    double worst = 0;
    int lost = 0;
    for (const HeldPose& p : run.poses) {
      if (p.lost()) ++lost;
      else worst = std::max(worst, p.worst_error());
    }
    // The absolute rotation at the rest, from the pose the tracker reports.
    double absolute = 0;
    int n = 0;
    for (int i = 0; i < 30; ++i) {
      const TrackedFrame f = session.step(rest);
      if (i < 15 || !f.sample.face) continue;
      absolute += head_angles(f.sample.face->pose.orientation).rotation_deg;
      ++n;
    }
    const double absolute_error = n ? std::abs(absolute / n - r) : 180.0;
    std::printf("%s resting at %.0f deg: worst held error relative to the rest %.1f deg, %d of "
                "%zu poses lost; the rest reads %.1f deg of absolute rotation\n",
                c.face, r, worst, lost, run.poses.size(), n ? absolute / n : 0.0);
    confidently_wrong += run.confidently_wrong;
    EXPECT_EQ(lost, 0) << c.face << ": a pose near the rest was lost";
    EXPECT_LE(worst, bound(kTargetHeldErrorTo60Deg, today.worst_relative_deg))
        << c.face << ": a pose held near a turned rest reads wrong";
    EXPECT_LE(absolute_error, bound(kTargetSquarelyFacingDeg, today.absolute_error_deg))
        << c.face << ": the absolute rotation of a turned rest";
  }
  std::printf("%s resting at %.0f deg: %d frames confidently wrong (%d before calibration)\n",
              c.face, c.rest_rotation_deg, confidently_wrong, turning.confidently_wrong);
  EXPECT_LE(confidently_wrong, today.confidently_wrong)
      << c.face << ": frames with quality >= 0.5 more than " << kTargetConfidentlyWrongDeg
      << " deg off (target: none)";
}

INSTANTIATE_TEST_SUITE_P(Rests, HeadRestingTurned,
                         ::testing::Values(TurnedRest{"astronaut", 30, 5},
                                           TurnedRest{"astronaut", 60, 10}),
                         turned_test_name);

}  // namespace
}  // namespace midline::testing
