#pragma once
// The current exercise's scene, chosen by its catalogue entry's SceneKind: each kind has one
// function here that turns the exercise's state into the scene's plain values (scenes.hpp).

#include <imgui.h>

namespace midline {

class PracticeSession;

void draw_exercise_scene(ImDrawList* draw, ImVec2 min, ImVec2 max, const PracticeSession& session);

}  // namespace midline
