#pragma once
// The pictures the exercises are played in, drawn with ImGui draw lists. Each takes what to
// show as plain values and a time for its slow, calm motion; none reads the exercise itself.

#include <imgui.h>

#include <optional>

#include "pose/head_pose.hpp"

namespace midline::scenes {

// Hold midline: a boat on a lake at dawn. The sun rises as the hold fills; the water is still
// when the head is steady in the zone and ripples gently when it drifts; the boat sits where
// the head is (mirrored), leaning with its tilt.
struct StillWater {
  float hold_progress = 0.0f;  // 0..1
  // Head offset from the midline as a share of the tolerance (x: rotation, mirrored; y: tilt
  // as a lean), absent when the face is not seen.
  std::optional<ImVec2> head;
  float unsteadiness = 0.0f;   // 0 still .. 1 restless (distance from the zone and tremor)
  double time_s = 0.0;
};
void draw_still_water(ImDrawList* draw, ImVec2 min, ImVec2 max, const StillWater& scene);

// Guided movement: a soft light travels along a track; the head's ring follows it.
struct FollowTrack {
  bool vertical = false;      // flexion moves up and down; rotation and tilt left and right
  double range_deg = 20.0;    // half the track's length
  double target_deg = 0.0;    // in screen direction: + right (or down)
  double turn_deg = 0.0;      // where the guide turns back, in screen direction
  const char* start_label = "";  // the track's left (or top) end, e.g. "your left"
  const char* end_label = "";    // its right (or bottom) end
  double tolerance_deg = 8.0;
  std::optional<double> head_deg;
  bool close = false;         // the head is within tolerance of the target
  double time_s = 0.0;
};
void draw_follow_track(ImDrawList* draw, ImVec2 min, ImVec2 max, const FollowTrack& scene);

// Range check: a quiet arc that shows how far the head is along the asked direction.
struct RangeArc {
  double along_deg = 0.0;
  double scale_deg = 80.0;   // the arc's full sweep
  float hold_progress = 0.0f;
  bool holding = false;
};
void draw_range_arc(ImDrawList* draw, ImVec2 min, ImVec2 max, const RangeArc& scene);

// Look and return: a line from the middle to one quiet mark. The mark glows while the head is
// near it and a ring fills for the moment there; then the middle glows to call the head back.
struct LookMarks {
  bool vertical = false;     // flexion: up and down; rotation and tilt: left and right
  double scale_deg = 30.0;   // the line's half length
  double mark_deg = 15.0;    // in screen direction: + right (or down)
  const char* mark_label = "";  // the direction in words, under the mark ("your left")
  double tolerance_deg = 6.0;
  bool returning = false;    // the mark was reached: now the middle is asked for
  float at_mark_progress = 0.0f;  // 0..1 of the moment at the mark
  std::optional<double> head_deg;  // in screen direction, absent when the face is not seen
  bool close = false;        // near where the exercise asks now
  double time_s = 0.0;
};
void draw_look_marks(ImDrawList* draw, ImVec2 min, ImVec2 max, const LookMarks& scene);

// A simple face, seen as in a mirror, turned, tilted and nodded by `angles` (clinical
// convention, relative to neutral): the demo head's stand-in for a camera picture, and a
// guide to the direction asked for in the range check.
void draw_head(ImDrawList* draw, ImVec2 centre, float radius, const HeadAngles& angles);

}  // namespace midline::scenes
