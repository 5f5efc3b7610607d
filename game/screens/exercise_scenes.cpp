#include "screens/exercise_scenes.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>

#include "exercises/direction_cue.hpp"
#include "exercises/felt_midline.hpp"
#include "exercises/guided_movement.hpp"
#include "exercises/hold_midline.hpp"
#include "exercises/look_and_return.hpp"
#include "exercises/range_check.hpp"
#include "screens/scenes.hpp"
#include "screens/ui.hpp"
#include "session/practice_session.hpp"

namespace midline {

namespace {

// "24° to your right, 8° toward your left shoulder": a posture from the body midline, short
// enough for a line over the picture.
std::string degrees_from_midline(const HeadAngles& a) {
  std::string out;
  for (const std::string& part : posture_parts(a)) out += (out.empty() ? "" : ", ") + part;
  return out.empty() ? "straight, at the body midline" : out;
}

// Words over a scene, fitted to its width (ui::picture_words_px), wrapped when even that is
// too wide: at large text they would otherwise run off the picture or cover it.
struct SceneWords {
  std::string text;
  float px, width;
  ImVec2 size;
};
SceneWords fit_words(std::string text, float width) {
  const float px = ui::picture_words_px(text.c_str(), width);
  const ImVec2 size = ImGui::GetFont()->CalcTextSizeA(px, FLT_MAX, width, text.c_str());
  return {std::move(text), px, width, size};
}
void draw_words(ImDrawList* draw, const SceneWords& words, ImVec2 at, ImU32 colour) {
  draw->AddText(ImGui::GetFont(), words.px, at, colour, words.text.c_str(), nullptr, words.width);
}

// Over the hold's picture: where it aims and where the head is, both from the body midline;
// out of the zone, an arrow and words for each way back.
void draw_where_and_way_back(ImDrawList* draw, ImVec2 min, ImVec2 max, const HoldMidline& hold,
                             const PracticeSession& session) {
  const float font = ImGui::GetFontSize();
  const ImU32 text = IM_COL32(235, 240, 245, 255), soft = IM_COL32(190, 200, 210, 255);
  const float width = max.x - min.x - font;
  const bool seen = session.sample() && session.sample()->trusted();
  ImVec2 at(min.x + font * 0.5f, min.y + font * 0.3f);
  for (const std::string& line :
       {"Target: " + degrees_from_midline(hold.asked().at),
        seen ? "Your head: " + degrees_from_midline(session.sample()->face->angles) : std::string()}) {
    if (line.empty()) continue;
    const SceneWords words = fit_words(line, width);
    draw_words(draw, words, at, soft);
    at.y += words.size.y + words.px * 0.2f;
  }
  if (!seen || !hold.offset() || hold.in_zone()) return;
  const std::vector<DirectionCue> cues = way_back(*hold.offset(), hold.params().tolerance);
  const ImVec2 centre((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f);
  std::vector<SceneWords> lines;
  float y = max.y - font * 0.6f;
  for (const DirectionCue& cue : cues) {
    lines.push_back(fit_words(cue.words, width));
    y -= lines.back().size.y + lines.back().px * 0.6f;
  }
  for (size_t i = 0; i < cues.size(); ++i) {
    const DirectionCue& cue = cues[i];
    // An arrow from the middle of the scene toward the way back.
    const float length = std::min(max.x - min.x, max.y - min.y) * 0.22f;
    const ImVec2 from(centre.x - cue.arrow_x * length * 0.3f, centre.y - cue.arrow_y * length * 0.3f);
    const ImVec2 to(centre.x + cue.arrow_x * length, centre.y + cue.arrow_y * length);
    const ImU32 colour = IM_COL32(240, 190, 90, 230);
    draw->AddLine(from, to, colour, font * 0.35f);
    const ImVec2 along(cue.arrow_x, cue.arrow_y), across(-cue.arrow_y, cue.arrow_x);
    const float head = font * 1.2f;
    draw->AddTriangleFilled(
        ImVec2(to.x + along.x * head, to.y + along.y * head),
        ImVec2(to.x + across.x * head * 0.7f, to.y + across.y * head * 0.7f),
        ImVec2(to.x - across.x * head * 0.7f, to.y - across.y * head * 0.7f), colour);
    draw_words(draw, lines[i], ImVec2(centre.x - lines[i].size.x * 0.5f, y), text);
    y += lines[i].size.y + lines[i].px * 0.6f;
  }
}

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
  draw_where_and_way_back(draw, min, max, hold, session);
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

// The felt-midline test shows no head and no angle: only which way to turn, then a quiet
// question. (What the patient sees must not tell them where the middle is.)
void no_head(ImDrawList* draw, ImVec2 min, ImVec2 max, const PracticeSession& session) {
  const auto& felt = static_cast<const FeltMidline&>(*session.exercise());
  const ImVec2 c((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f);
  const float r = std::min(max.x - min.x, max.y - min.y) * 0.28f;
  const float font = ImGui::GetFontSize();
  draw->AddRectFilled(min, max, IM_COL32(22, 34, 46, 255), 18.0f);
  const char* words;
  if (felt.stage() == FeltMidline::Stage::turning) {
    const float x = felt.side() > 0 ? -1.0f : 1.0f;  // the patient's left is the screen's left
    const ImU32 colour = IM_COL32(110, 180, 230, 255);
    draw->AddLine(ImVec2(c.x - x * r * 0.6f, c.y), ImVec2(c.x + x * r * 0.6f, c.y), colour,
                  font * 0.6f);
    draw->AddTriangleFilled(ImVec2(c.x + x * r, c.y), ImVec2(c.x + x * r * 0.55f, c.y - r * 0.35f),
                            ImVec2(c.x + x * r * 0.55f, c.y + r * 0.35f), colour);
    words = felt.side() > 0 ? "Turn to your left" : "Turn to your right";
  } else {
    draw->AddCircle(c, r * 0.5f, IM_COL32(200, 210, 220, 200), 64, font * 0.25f);
    words = "Where does the middle feel?  Space, or keep still, when you are there";
  }
  const SceneWords fitted = fit_words(words, max.x - min.x - font);
  draw_words(draw, fitted, ImVec2(c.x - fitted.size.x * 0.5f, std::min(c.y + r * 0.8f, max.y - fitted.size.y - font * 0.3f)),
             IM_COL32(235, 240, 245, 255));
}

// Fading feedback: while a level hides the scene, a calm, even screen with no sign of where
// the head is (no boat, no sun, no arrows, no degrees); the rules go on scoring.
void resting_screen(ImDrawList* draw, ImVec2 min, ImVec2 max) {
  const float font = ImGui::GetFontSize();
  const float wrap = std::min(max.x - min.x - font * 2.0f, font * 24.0f);
  draw->AddRectFilled(min, max, IM_COL32(30, 44, 58, 255), 18.0f);
  // The second line smaller, so both fit the picture's room at the largest text size.
  struct Line {
    const char* text;
    float size;
    ImU32 colour;
  };
  const Line lines[] = {{"The screen is resting.", font, IM_COL32(235, 240, 245, 255)},
                        {"You will see how the hold went at its end.", font * 0.75f,
                         IM_COL32(178, 192, 202, 255)}};
  ImFont* face = ImGui::GetFont();
  const float gap = font * 0.4f;
  float height = -gap;
  for (const Line& l : lines) height += face->CalcTextSizeA(l.size, FLT_MAX, wrap, l.text).y + gap;
  float y = std::max(min.y + gap, (min.y + max.y - height) * 0.5f);
  draw->PushClipRect(min, max, true);
  for (const Line& l : lines) {
    const ImVec2 size = face->CalcTextSizeA(l.size, FLT_MAX, wrap, l.text);
    draw->AddText(face, l.size, ImVec2((min.x + max.x - size.x) * 0.5f, y), l.colour, l.text,
                  nullptr, wrap);
    y += size.y + gap;
  }
  draw->PopClipRect();
}

}  // namespace

void draw_exercise_scene(ImDrawList* draw, ImVec2 min, ImVec2 max, const PracticeSession& session) {
  if (!session.exercise()->scene_shown()) {
    resting_screen(draw, min, max);
    return;
  }
  switch (session.kind().scene) {
    case SceneKind::still_water: still_water(draw, min, max, session); break;
    case SceneKind::follow_track: follow_track(draw, min, max, session); break;
    case SceneKind::range_arc: range_arc(draw, min, max, session); break;
    case SceneKind::look_marks: look_marks(draw, min, max, session); break;
    case SceneKind::no_head: no_head(draw, min, max, session); break;
  }
}

}  // namespace midline
