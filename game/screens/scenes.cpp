#include "screens/scenes.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "platform/theme.hpp"

namespace midline::scenes {

namespace pal = platform::palette;

namespace {

constexpr float kPi = std::numbers::pi_v<float>;

ImU32 mix(ImU32 a, ImU32 b, float t) {
  const ImVec4 x = ImGui::ColorConvertU32ToFloat4(a), y = ImGui::ColorConvertU32ToFloat4(b);
  t = std::clamp(t, 0.0f, 1.0f);
  return ImGui::ColorConvertFloat4ToU32(ImVec4(x.x + (y.x - x.x) * t, x.y + (y.y - x.y) * t,
                                               x.z + (y.z - x.z) * t, x.w + (y.w - x.w) * t));
}

ImU32 with_alpha(ImU32 c, float alpha) {
  return (c & 0x00FFFFFFu) | (static_cast<ImU32>(std::clamp(alpha, 0.0f, 1.0f) * 255.0f) << 24);
}

ImVec2 rotate(ImVec2 p, ImVec2 centre, float angle) {
  const float c = std::cos(angle), s = std::sin(angle);
  const float x = p.x - centre.x, y = p.y - centre.y;
  return ImVec2(centre.x + x * c - y * s, centre.y + x * s + y * c);
}

}  // namespace

void draw_still_water(ImDrawList* draw, ImVec2 min, ImVec2 max, const StillWater& s) {
  const float w = max.x - min.x, h = max.y - min.y;
  const float horizon = min.y + h * 0.55f;
  const float p = std::clamp(s.hold_progress, 0.0f, 1.0f);
  const float t = static_cast<float>(s.time_s);
  draw->PushClipRect(min, max, true);

  // Sky: night blue warming toward dawn as the hold fills.
  const ImU32 sky_top = mix(pal::rgb(22, 34, 58), pal::rgb(60, 92, 140), p);
  const ImU32 sky_low = mix(pal::rgb(44, 58, 84), pal::rgb(236, 178, 120), p);
  draw->AddRectFilledMultiColor(min, ImVec2(max.x, horizon), sky_top, sky_top, sky_low, sky_low);

  // The sun rises from behind the far shore.
  const float sun_r = h * 0.09f;
  const ImVec2 sun(min.x + w * 0.5f, horizon + sun_r * 0.6f - p * h * 0.32f);
  for (float i = 10; i >= 1; --i)  // a soft glow in many faint rings, so no bands show
    draw->AddCircleFilled(sun, sun_r * (1.0f + 0.18f * i), with_alpha(pal::yellow, 0.022f * p), 64);
  draw->AddCircleFilled(sun, sun_r, mix(pal::rgb(232, 140, 60), pal::rgb(250, 226, 140), p), 64);

  // Far hills, soft and dark, in front of the sun; drawn as strips without edge smoothing,
  // which would leave hairline seams between them.
  {
    const ImDrawListFlags flags = draw->Flags;
    draw->Flags &= ~ImDrawListFlags_AntiAliasedFill;
    const float n = 48;
    for (float i = 0; i < n; ++i) {
      const float x0 = min.x + w * i / n, x1 = min.x + w * (i + 1) / n;
      auto hill = [&](float x) {
        const float u = (x - min.x) / w;
        return horizon - h * (0.05f + 0.035f * std::sin(u * 7.0f + 1.0f) +
                              0.02f * std::sin(u * 17.0f));
      };
      const ImVec2 quad[4] = {ImVec2(x0, hill(x0)), ImVec2(x1, hill(x1)), ImVec2(x1, horizon + 1),
                              ImVec2(x0, horizon + 1)};
      draw->AddConvexPolyFilled(quad, 4, mix(pal::rgb(26, 40, 52), pal::rgb(52, 70, 74), p));
    }
    draw->Flags = flags;
  }

  // Water, with the sun's reflection and ripple lines whose height follows the unsteadiness.
  const ImU32 water_top = mix(pal::rgb(30, 52, 74), pal::rgb(70, 104, 132), p);
  const ImU32 water_low = pal::rgb(16, 30, 44);
  draw->AddRectFilledMultiColor(ImVec2(min.x, horizon), max, water_top, water_top, water_low,
                                water_low);
  const float calm = std::clamp(s.unsteadiness, 0.0f, 1.0f);
  const float lines = 14;
  for (float i = 0; i < lines; ++i) {
    const float u = (i + 0.5f) / lines;
    const float y = horizon + (max.y - horizon) * u * u;  // denser toward the horizon
    const float amp = (0.6f + 9.0f * calm) * (0.3f + u);
    constexpr int n = 64;
    ImVec2 pts[n + 1];
    for (int k = 0; k <= n; ++k) {
      const float x = min.x + w * static_cast<float>(k) / n;
      pts[k] = ImVec2(x, y + amp * std::sin(x * 0.018f / (0.4f + u) + t * 0.9f + i * 1.7f));
    }
    draw->AddPolyline(pts, n + 1, with_alpha(pal::rgb(180, 210, 230), 0.10f + 0.08f * u), 0,
                      1.5f + 1.5f * u);
  }
  for (float i = 0; i < 9; ++i) {  // sun glitter, widening toward the viewer
    const float u = (i + 0.5f) / 9.0f;
    const float y = horizon + (max.y - horizon) * u * 0.8f + 6;
    const float half = sun_r * (0.5f + 1.2f * u) * (1.0f + calm * std::sin(t * 1.3f + i));
    draw->AddRectFilled(ImVec2(sun.x - half, y), ImVec2(sun.x + half, y + 3 + 4 * u),
                        with_alpha(pal::rgb(250, 226, 140), (0.10f + 0.25f * p) * (1.0f - 0.5f * u)),
                        2.0f);
  }

  // The calm zone: two quiet buoys mark its edges.
  const float zone_half = w * 0.22f;
  const float boat_y = horizon + (max.y - horizon) * 0.45f;
  for (float side : {-1.0f, 1.0f}) {
    const ImVec2 b(min.x + w * 0.5f + side * zone_half, boat_y + 14);
    const float bob = 2.0f * std::sin(t * 0.8f + side);
    draw->AddCircleFilled(ImVec2(b.x, b.y + bob), h * 0.018f, pal::rgb(210, 220, 226), 24);
    draw->AddCircleFilled(ImVec2(b.x, b.y + bob - h * 0.006f), h * 0.009f, pal::sky_blue, 16);
  }

  // The boat: where the head is, leaning as it tilts, bobbing more when unsteady.
  if (s.head) {
    const float x = min.x + w * 0.5f + std::clamp(s.head->x, -2.0f, 2.0f) * zone_half;
    const float lean = std::clamp(s.head->y, -2.0f, 2.0f) * 0.12f;
    const float bob = (1.5f + 6.0f * calm) * std::sin(t * 1.1f);
    const float L = h * 0.16f;  // hull length
    const ImVec2 c(x, boat_y + bob);
    const ImVec2 hull[4] = {rotate(ImVec2(c.x - L, c.y - L * 0.12f), c, lean),
                            rotate(ImVec2(c.x + L, c.y - L * 0.12f), c, lean),
                            rotate(ImVec2(c.x + L * 0.7f, c.y + L * 0.16f), c, lean),
                            rotate(ImVec2(c.x - L * 0.7f, c.y + L * 0.16f), c, lean)};
    // Its shadow on the water first, faint.
    draw->AddRectFilled(ImVec2(c.x - L * 0.8f, c.y + L * 0.2f),
                        ImVec2(c.x + L * 0.8f, c.y + L * 0.32f), with_alpha(pal::rgb(8, 14, 22), 0.35f),
                        8.0f);
    draw->AddConvexPolyFilled(hull, 4, pal::rgb(120, 72, 48));
    draw->AddLine(hull[0], hull[1], pal::rgb(196, 140, 96), 3.0f);
    const ImVec2 mast_base = rotate(ImVec2(c.x, c.y - L * 0.12f), c, lean);
    const ImVec2 mast_top = rotate(ImVec2(c.x, c.y - L * 1.25f), c, lean);
    draw->AddLine(mast_base, mast_top, pal::rgb(70, 50, 40), 4.0f);
    const ImVec2 sail[3] = {rotate(ImVec2(c.x + 4, c.y - L * 1.18f), c, lean),
                            rotate(ImVec2(c.x + L * 0.72f, c.y - L * 0.2f), c, lean),
                            rotate(ImVec2(c.x + 4, c.y - L * 0.2f), c, lean)};
    draw->AddConvexPolyFilled(sail, 3, mix(pal::rgb(200, 208, 214), pal::rgb(250, 240, 222), p));
    const ImVec2 jib[3] = {rotate(ImVec2(c.x - 4, c.y - L * 1.0f), c, lean),
                           rotate(ImVec2(c.x - 4, c.y - L * 0.2f), c, lean),
                           rotate(ImVec2(c.x - L * 0.5f, c.y - L * 0.2f), c, lean)};
    draw->AddConvexPolyFilled(jib, 3, mix(pal::rgb(170, 182, 190), pal::rgb(236, 222, 200), p));
  }
  draw->PopClipRect();
}

void draw_follow_track(ImDrawList* draw, ImVec2 min, ImVec2 max, const FollowTrack& s) {
  const float w = max.x - min.x, h = max.y - min.y;
  const ImVec2 c(min.x + w * 0.5f, min.y + h * 0.5f);
  const float half = (s.vertical ? h : w) * 0.42f;
  const float per_deg = half / static_cast<float>(std::max(5.0, s.range_deg * 1.25));
  auto at = [&](double deg) {
    const float d = static_cast<float>(deg) * per_deg;
    return s.vertical ? ImVec2(c.x, c.y + d) : ImVec2(c.x + d, c.y);
  };
  draw->AddRectFilled(min, max, pal::rgb(28, 42, 56), 18.0f);
  // The track.
  const ImVec2 a = s.vertical ? ImVec2(c.x, c.y - half) : ImVec2(c.x - half, c.y);
  const ImVec2 b = s.vertical ? ImVec2(c.x, c.y + half) : ImVec2(c.x + half, c.y);
  draw->AddLine(a, b, pal::rgb(64, 84, 104), 10.0f);
  const ImVec2 start_size = ImGui::CalcTextSize(s.start_label);
  const ImVec2 end_size = ImGui::CalcTextSize(s.end_label);
  if (s.vertical) {
    draw->AddText(ImVec2(a.x - start_size.x * 0.5f, a.y - start_size.y - 12), pal::text_soft, s.start_label);
    draw->AddText(ImVec2(b.x - end_size.x * 0.5f, b.y + 12), pal::text_soft, s.end_label);
  } else {
    draw->AddText(ImVec2(a.x, a.y + 30), pal::text_soft, s.start_label);
    draw->AddText(ImVec2(b.x - end_size.x, b.y + 30), pal::text_soft, s.end_label);
  }
  // Where the guide turns back, marked softly.
  for (double end : {s.turn_deg, 0.0}) {
    const ImVec2 m = at(end);
    draw->AddCircle(m, h * 0.025f, pal::text_soft, 32, 2.0f);
  }
  // The guide: a soft light in a band as long as the tolerance either side.
  const ImVec2 target = at(s.target_deg);
  const float band = static_cast<float>(s.tolerance_deg) * per_deg;
  const float thick = h * 0.07f;
  const float pulse = 0.5f + 0.5f * std::sin(static_cast<float>(s.time_s) * 1.2f);  // slow
  const ImU32 band_colour = pal::rgb(86, 180, 233, 50 + static_cast<int>(20 * pulse));
  if (s.vertical)
    draw->AddRectFilled(ImVec2(target.x - thick, target.y - band),
                        ImVec2(target.x + thick, target.y + band), band_colour, thick);
  else
    draw->AddRectFilled(ImVec2(target.x - band, target.y - thick),
                        ImVec2(target.x + band, target.y + thick), band_colour, thick);
  draw->AddCircleFilled(target, h * 0.035f, pal::sky_blue, 48);
  // The head's ring.
  if (s.head_deg) {
    const ImVec2 head = at(*s.head_deg);
    draw->AddCircle(head, h * 0.06f, s.close ? pal::bluish_green : pal::orange, 64, 6.0f);
  }
}

void draw_look_marks(ImDrawList* draw, ImVec2 min, ImVec2 max, const LookMarks& s) {
  const float w = max.x - min.x, h = max.y - min.y;
  const ImVec2 c(min.x + w * 0.5f, min.y + h * 0.5f);
  const float half = (s.vertical ? h : w) * 0.42f;
  const float per_deg = half / static_cast<float>(std::max(5.0, s.scale_deg));
  auto at = [&](double deg) {
    const float d = static_cast<float>(deg) * per_deg;
    return s.vertical ? ImVec2(c.x, c.y + d) : ImVec2(c.x + d, c.y);
  };
  draw->AddRectFilled(min, max, pal::rgb(28, 42, 56), 18.0f);
  const ImVec2 mark = at(s.mark_deg);
  draw->AddLine(c, mark, pal::rgb(64, 84, 104), 10.0f);
  // What is asked now glows softly and slowly; the other end stays quiet.
  const float pulse = 0.5f + 0.5f * std::sin(static_cast<float>(s.time_s) * 1.2f);
  const float band = std::max(static_cast<float>(s.tolerance_deg) * per_deg, h * 0.03f);
  const ImU32 glow = pal::rgb(86, 180, 233, 50 + static_cast<int>(20 * pulse));
  draw->AddCircleFilled(s.returning ? c : mark, band, glow, 48);
  draw->AddCircleFilled(mark, h * 0.035f, s.returning ? pal::text_soft : pal::sky_blue, 48);
  draw->AddCircle(c, h * 0.035f, s.returning ? pal::sky_blue : pal::text_soft, 48, 3.0f);
  const float below = std::max(h * 0.09f, band + 8.0f);  // clear of the glow
  for (const auto& [where, words] : {std::pair{mark, s.mark_label}, std::pair{c, "the middle"}}) {
    const ImVec2 size = ImGui::CalcTextSize(words);
    draw->AddText(ImVec2(where.x - size.x * 0.5f, where.y + below), pal::text_soft, words);
  }
  if (s.at_mark_progress > 0.0f) {  // the moment at the mark, filling
    const float r = h * 0.055f;
    draw->PathArcTo(mark, r, -kPi * 0.5f, -kPi * 0.5f + 2.0f * kPi * s.at_mark_progress, 48);
    draw->PathStroke(pal::bluish_green, 0, 5.0f);
  }
  if (s.head_deg) {
    const ImVec2 head = at(*s.head_deg);
    draw->AddCircle(head, h * 0.06f, s.close ? pal::bluish_green : pal::orange, 64, 6.0f);
  }
}

void draw_range_arc(ImDrawList* draw, ImVec2 min, ImVec2 max, const RangeArc& s) {
  const float w = max.x - min.x, h = max.y - min.y;
  const float r = std::min(w * 0.45f, h * 0.8f);
  const ImVec2 c(min.x + w * 0.5f, min.y + h * 0.9f);
  const float a0 = kPi, sweep = kPi;
  draw->PathArcTo(c, r, a0, a0 + sweep, 96);
  draw->PathStroke(pal::rgb(64, 84, 104), 0, 18.0f);
  const float u = std::clamp(static_cast<float>(s.along_deg / s.scale_deg), 0.0f, 1.0f);
  if (u > 0.005f) {
    draw->PathArcTo(c, r, a0, a0 + sweep * u, 96);
    draw->PathStroke(s.holding ? pal::bluish_green : pal::sky_blue, 0, 18.0f);
  }
  const ImVec2 dot(c.x + r * std::cos(a0 + sweep * u), c.y + r * std::sin(a0 + sweep * u));
  draw->AddCircleFilled(dot, 16.0f, pal::text, 32);
  if (s.holding) {
    draw->PathArcTo(dot, 30.0f, -kPi / 2, -kPi / 2 + 2 * kPi * s.hold_progress, 48);
    draw->PathStroke(pal::bluish_green, 0, 6.0f);
  }
}

void draw_head(ImDrawList* draw, ImVec2 centre, float radius, const HeadAngles& angles) {
  const glm::dmat3 r = rotation_matrix(angles);
  // Head coordinates: x to the image's right, y down, z away from the camera; the face looks
  // toward -z. Shown mirrored, as people expect to see themselves.
  auto project = [&](double x, double y, double z, bool* visible) {
    const glm::dvec3 p = r * glm::dvec3(x, y, z);
    if (visible) *visible = p.z < 0.05;
    return ImVec2(centre.x - static_cast<float>(p.x) * radius,
                  centre.y + static_cast<float>(p.y) * radius);
  };
  const ImU32 skin = pal::rgb(214, 186, 160);
  bool seen = false;
  // Ears: one behind the head is drawn before it (and hidden), one in front after it.
  auto ear = [&](double side, bool front_pass) {
    const ImVec2 e = project(0.97 * side, 0.05, 0.25, &seen);  // a little behind the face
    if (seen == front_pass) {
      draw->AddCircleFilled(e, radius * 0.17f, pal::rgb(20, 30, 40), 24);
      draw->AddCircleFilled(e, radius * 0.15f, pal::rgb(200, 168, 142), 24);
    }
  };
  ear(-1.0, false);
  ear(1.0, false);
  draw->AddCircleFilled(centre, radius * 1.02f, pal::rgb(20, 30, 40), 64);  // outline
  draw->AddCircleFilled(centre, radius, skin, 64);
  ear(-1.0, true);
  ear(1.0, true);
  // Eyes, brows, nose and mouth on the face's front.
  for (double side : {-1.0, 1.0}) {
    const ImVec2 eye = project(0.34 * side, -0.12, -0.93, &seen);
    if (seen) draw->AddCircleFilled(eye, radius * 0.08f, pal::rgb(40, 48, 60), 24);
    const ImVec2 b0 = project(0.22 * side, -0.32, -0.92, &seen);
    const ImVec2 b1 = project(0.48 * side, -0.30, -0.82, nullptr);
    if (seen) draw->AddLine(b0, b1, pal::rgb(92, 64, 44), radius * 0.05f);
  }
  const ImVec2 bridge = project(0.0, -0.05, -1.0, &seen);
  const ImVec2 tip = project(0.0, 0.18, -1.18, nullptr);
  if (seen) draw->AddLine(bridge, tip, pal::rgb(170, 130, 104), radius * 0.07f);
  ImVec2 mouth[9];
  for (int i = 0; i < 9; ++i) {
    const double u = (i - 4) / 4.0;
    mouth[i] = project(0.22 * u, 0.45 + 0.04 * (1 - u * u), -0.88, &seen);
  }
  if (seen) draw->AddPolyline(mouth, 9, pal::rgb(150, 80, 70), 0, radius * 0.05f);
}

}  // namespace midline::scenes
