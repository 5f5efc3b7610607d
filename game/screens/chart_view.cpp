#include "screens/chart_view.hpp"

#include <algorithm>
#include <cfloat>
#include <string>

#include "platform/theme.hpp"

namespace midline::ui {

namespace pal = platform::palette;

namespace {

// The same colour order as the PDF report (Okabe-Ito), bright enough on the dark page.
constexpr ImU32 kSeriesColours[] = {pal::sky_blue, pal::orange, pal::bluish_green,
                                    pal::purple,   pal::yellow, pal::rgb(213, 94, 0)};
constexpr ImU32 kGrid = pal::rgb(60, 78, 96);
constexpr ImU32 kMarker = pal::rgb(204, 121, 167, 200);
constexpr ImU32 kMarkerSpan = pal::rgb(204, 121, 167, 22);
constexpr ImU32 kReferenceBand = pal::rgb(0, 158, 115, 60);

void dashed_vertical(ImDrawList* draw, float x, float top, float bottom, ImU32 colour) {
  for (float y = top; y < bottom; y += 7.0f) {
    draw->AddLine(ImVec2(x, y), ImVec2(x, std::min(y + 4.0f, bottom)), colour, 1.5f);
  }
}

}  // namespace

void chart_view(const char* id, const storage::Chart& chart, const storage::AxisScale& x,
                std::span<const double> markers, const char* marker_label, double marker_span,
                ImVec2 size, std::string_view resting_posture_note) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, size);  // takes the space; the drawing goes on the window's list
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImFont* font = ImGui::GetFont();
  const float title_px = ImGui::GetFontSize() * 0.62f;
  const float small_px = ImGui::GetFontSize() * 0.48f;

  // Title, then the legend on its own lines when there are several series: an entry that
  // would run past the chart's right edge (large text, a narrow page) starts the next line,
  // and words longer than the chart wrap.
  const float right_edge = origin.x + size.x;
  const ImVec2 title = font->CalcTextSizeA(title_px, FLT_MAX, size.x, chart.title.c_str());
  draw->AddText(font, title_px, origin, pal::text, chart.title.c_str(), nullptr, size.x);
  float legend_y = origin.y + std::max(title.y, title_px) + title_px * 0.25f;
  // One legend entry: a mark, then its words; returns the height taken.
  const auto entry = [&](float at_x, float at_y, const std::string& words, auto&& mark) {
    mark(at_x, at_y);
    const float wrap = right_edge - at_x - small_px * 1.3f;
    draw->AddText(font, small_px, ImVec2(at_x + small_px * 1.3f, at_y), pal::text_soft,
                  words.c_str(), nullptr, wrap);
    return font->CalcTextSizeA(small_px, FLT_MAX, wrap, words.c_str()).y;
  };
  if (chart.series.size() > 1) {
    float legend_x = origin.x, line_h = small_px;
    for (size_t i = 0; i < chart.series.size(); ++i) {
      const ImU32 c = kSeriesColours[i % 6];
      const std::string& label = chart.series[i].label;
      const float w = small_px * 1.3f + font->CalcTextSizeA(small_px, FLT_MAX, 0, label.c_str()).x;
      if (legend_x > origin.x && legend_x + w > right_edge) {
        legend_x = origin.x;
        legend_y += line_h + small_px * 0.3f;
        line_h = small_px;
      }
      line_h = std::max(line_h, entry(legend_x, legend_y, label, [&](float at_x, float at_y) {
                          draw->AddRectFilled(ImVec2(at_x, at_y + small_px * 0.3f),
                                              ImVec2(at_x + small_px, at_y + small_px * 0.8f), c);
                        }));
      legend_x += w + small_px;
    }
    legend_y += line_h + small_px * 0.3f;
  }
  // Sessions measured from the resting posture (before the body midline): their own marker.
  bool any_old = false;
  for (const auto& series : chart.series) any_old = any_old || series.any_from_resting_posture();
  if (any_old && !resting_posture_note.empty()) {
    legend_y += entry(origin.x, legend_y, std::string(resting_posture_note),
                      [&](float at_x, float at_y) {
                        draw->AddRect(ImVec2(at_x + small_px * 0.1f, at_y + small_px * 0.25f),
                                      ImVec2(at_x + small_px * 0.8f, at_y + small_px * 0.95f),
                                      pal::text_soft, 0.0f, 0, 1.5f);
                      }) +
                small_px * 0.3f;
  }
  if (chart.reference) {
    legend_y += entry(origin.x, legend_y, chart.reference->label,
                      [&](float at_x, float at_y) {
                        draw->AddRectFilled(ImVec2(at_x, at_y + small_px * 0.3f),
                                            ImVec2(at_x + small_px, at_y + small_px * 0.8f),
                                            kReferenceBand);
                      }) +
                small_px * 0.3f;
  }

  const storage::AxisScale y = storage::value_scale(chart);
  const float left = origin.x + small_px * 3.2f;
  const float right = origin.x + size.x - small_px;
  const float top = legend_y + small_px * 0.6f;
  const float bottom = origin.y + size.y - small_px * 1.6f;
  if (bottom <= top || right <= left) return;
  auto px = [&](double v) { return left + static_cast<float>(x.position(v)) * (right - left); };
  auto py = [&](double v) { return bottom - static_cast<float>(y.position(v)) * (bottom - top); };

  for (const auto& tick : y.ticks) {
    draw->AddLine(ImVec2(left, py(tick.at)), ImVec2(right, py(tick.at)), kGrid, 1.0f);
    const float w = font->CalcTextSizeA(small_px, FLT_MAX, 0, tick.label.c_str()).x;
    draw->AddText(font, small_px, ImVec2(left - w - small_px * 0.4f, py(tick.at) - small_px * 0.5f),
                  pal::text_soft, tick.label.c_str());
  }
  bool any = false;
  for (const auto& s : chart.series) any = any || !s.y.empty();
  if (!any) {
    const char* none = "Nothing to show yet";
    const float w = font->CalcTextSizeA(small_px, FLT_MAX, 0, none).x;
    draw->AddText(font, small_px, ImVec2((left + right - w) / 2, (top + bottom) / 2),
                  pal::text_soft, none);
    return;
  }
  for (const auto& tick : x.ticks) {
    const float w = font->CalcTextSizeA(small_px, FLT_MAX, 0, tick.label.c_str()).x;
    const float at = std::clamp(px(tick.at) - w / 2, origin.x, origin.x + size.x - w);
    draw->AddText(font, small_px, ImVec2(at, bottom + small_px * 0.3f), pal::text_soft,
                  tick.label.c_str());
  }
  for (double m : markers) {
    if (m + marker_span < x.min || m > x.max) continue;
    draw->AddRectFilled(ImVec2(px(std::max(m, x.min)), top),
                        ImVec2(px(std::min(m + marker_span, x.max)), bottom), kMarkerSpan);
    if (m < x.min) continue;
    dashed_vertical(draw, px(m), top, bottom, kMarker);
    draw->AddText(font, small_px, ImVec2(px(m) + 3, top), kMarker, marker_label);
  }

  draw->PushClipRect(ImVec2(left, top - 2), ImVec2(right, bottom + 1), true);
  if (chart.reference) {
    draw->AddRectFilled(ImVec2(left, py(chart.reference->high)),
                        ImVec2(right, py(chart.reference->low)), kReferenceBand);
  }
  for (size_t i = 0; i < chart.series.size(); ++i) {
    const auto& s = chart.series[i];
    const ImU32 c = kSeriesColours[i % 6];
    if (s.bars) {
      const float bar = std::max(1.0f, (px(x.min + 1) - px(x.min)) * 0.7f);
      for (size_t k = 0; k < s.x.size(); ++k) {
        draw->AddRectFilled(ImVec2(px(s.x[k]) - bar / 2, py(s.y[k])),
                            ImVec2(px(s.x[k]) + bar / 2, py(y.min)), c);
      }
      continue;
    }
    const float thickness = s.dashed ? 1.5f : 2.5f;  // "before" lines thinner than "after"
    auto old = [&s](size_t k) { return k < s.from_resting_posture.size() && s.from_resting_posture[k]; };
    for (size_t k = 1; k < s.x.size(); ++k) {
      draw->AddLine(ImVec2(px(s.x[k - 1]), py(s.y[k - 1])), ImVec2(px(s.x[k]), py(s.y[k])), c,
                    old(k) ? 1.0f : thickness);
    }
    const float mark = small_px * 0.3f;
    for (size_t k = 0; k < s.x.size(); ++k) {
      const ImVec2 at(px(s.x[k]), py(s.y[k]));
      if (old(k))  // always shown, however many points: the reference differs
        draw->AddRect(ImVec2(at.x - mark, at.y - mark), ImVec2(at.x + mark, at.y + mark), c, 0.0f,
                      0, 1.5f);
      else if (s.x.size() <= 60)
        draw->AddCircleFilled(at, 3.0f, c);
    }
  }
  draw->PopClipRect();
}

}  // namespace midline::ui
