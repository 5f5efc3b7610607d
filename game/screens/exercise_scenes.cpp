#include "screens/exercise_scenes.hpp"

#include <algorithm>

#include "exercises/guided_movement.hpp"
#include "exercises/hold_midline.hpp"
#include "exercises/look_and_return.hpp"
#include "exercises/range_check.hpp"
#include "screens/scenes.hpp"
#include "session/practice_session.hpp"

namespace midline {

namespace {

// The scene's values from the exercise the catalogue says it draws (its SceneKind).
void still_water(ImDrawList* draw, ImVec2 min, ImVec2 max, const PracticeSession& session) {
  const auto& hold = static_cast<const HoldMidline&>(*session.exercise());
  const AxisTolerance& tol = hold.params().tolerance;
  scenes::StillWater scene;
  scene.hold_progress = static_cast<float>(hold.hold_progress());
  scene.time_s = hold.time_s();
  if (session.sample() && session.sample()->trusted() && hold.offset()) {
    const HeadAngles off = *hold.offset();  // from the midline, mirrored for the picture
    scene.head = ImVec2(static_cast<float>(-off.rotation_deg / tol.rotation_deg),
                        static_cast<float>(-off.tilt_deg / tol.tilt_deg));
  }
  scene.unsteadiness = static_cast<float>(session.unsteadiness());
  scenes::draw_still_water(draw, min, max, scene);
}

void follow_track(ImDrawList* draw, ImVec2 min, ImVec2 max, const PracticeSession& session) {
  const auto& guided = static_cast<const GuidedMovement&>(*session.exercise());
  const GuidedMovementParams& p = guided.params();
  const double screen_sign = p.axis == Axis::flexion ? 1.0 : -1.0;  // mirrored sideways
  scenes::FollowTrack scene;
  scene.vertical = p.axis == Axis::flexion;
  scene.range_deg = p.amplitude_deg;
  scene.target_deg = screen_sign * guided.target_now();
  scene.turn_deg = screen_sign * guided.side() * p.amplitude_deg;
  // Mirrored: the patient's left is on the screen's left.
  scene.start_label = scene.vertical ? "up" : "your left";
  scene.end_label = scene.vertical ? "chin down" : "your right";
  scene.tolerance_deg =
      axis_value({p.tolerance.rotation_deg, p.tolerance.tilt_deg, p.tolerance.flexion_deg}, p.axis);
  if (session.sample() && session.sample()->trusted() && guided.head_on_axis())
    scene.head_deg = screen_sign * *guided.head_on_axis();
  scene.close = guided.in_zone();
  scene.time_s = guided.time_s();
  scenes::draw_follow_track(draw, min, max, scene);
}

void range_arc(ImDrawList* draw, ImVec2 min, ImVec2 max, const PracticeSession& session) {
  const auto& range = static_cast<const RangeCheck&>(*session.exercise());
  scenes::RangeArc scene;
  scene.along_deg = range.head_along();
  scene.holding = range.stage() == RangeCheck::Stage::holding;
  scene.hold_progress = static_cast<float>(range.stage_progress());
  scenes::draw_range_arc(draw, min, max, scene);
  if (session.sample() && session.sample()->trusted()) {  // the head itself, under the arc
    const float r = std::min(max.x - min.x, max.y - min.y) * 0.16f;
    scenes::draw_head(draw, ImVec2((min.x + max.x) * 0.5f, max.y - r * 1.4f), r,
                      session.sample()->face->angles);
  }
}

void look_marks(ImDrawList* draw, ImVec2 min, ImVec2 max, const PracticeSession& session) {
  const auto& look = static_cast<const LookAndReturn&>(*session.exercise());
  scenes::LookMarks scene;
  scene.vertical = look.axis() == Axis::flexion;
  const double screen_sign = scene.vertical ? 1.0 : -1.0;  // mirrored sideways
  scene.scale_deg = look_mark_deg(look.axis(), look.side(), 0.5) * 1.2;
  scene.mark_deg = screen_sign * look.side() * look.mark_deg();
  static const char* const kMarkLabels[3][2] = {
      {"your left", "your right"}, {"left ear down", "right ear down"}, {"chin down", "look up"}};
  scene.mark_label = kMarkLabels[static_cast<int>(look.axis())][look.side() > 0 ? 0 : 1];
  scene.returning = look.stage() == LookAndReturn::Stage::returning;
  scene.at_mark_progress = static_cast<float>(look.at_mark_progress());
  const AxisTolerance& t = look.params().tolerance;
  scene.tolerance_deg = axis_value({t.rotation_deg, t.tilt_deg, t.flexion_deg}, look.axis());
  if (session.sample() && session.sample()->trusted() && look.head_along())
    scene.head_deg = screen_sign * look.side() * *look.head_along();
  scene.close = look.in_zone();
  scene.time_s = look.time_s();
  scenes::draw_look_marks(draw, min, max, scene);
}

}  // namespace

void draw_exercise_scene(ImDrawList* draw, ImVec2 min, ImVec2 max, const PracticeSession& session) {
  switch (session.kind().scene) {
    case SceneKind::still_water: still_water(draw, min, max, session); break;
    case SceneKind::follow_track: follow_track(draw, min, max, session); break;
    case SceneKind::range_arc: range_arc(draw, min, max, session); break;
    case SceneKind::look_marks: look_marks(draw, min, max, session); break;
  }
}

}  // namespace midline
