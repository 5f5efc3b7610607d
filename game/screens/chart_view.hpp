#pragma once
// Draws one progress chart with ImGui's draw list (Debian has no ImPlot): grid, ticks, the
// series as lines or bars, and markers such as injection dates. Takes the space it is given.

#include <imgui.h>

#include <span>
#include <string_view>

#include "storage/chart_scale.hpp"
#include "storage/progress.hpp"

namespace midline::ui {

// `markers`: x positions drawn as dashed vertical lines labelled `marker_label`, each with a
// faint band `marker_span` long after it (an injection's effect). Points measured from the
// resting posture (ChartSeries::from_resting_posture) are hollow squares, explained by
// `resting_posture_note` on a legend line; a chart's reference band is shaded and labelled.
void chart_view(const char* id, const storage::Chart& chart, const storage::AxisScale& x,
                std::span<const double> markers, const char* marker_label, double marker_span,
                ImVec2 size, std::string_view resting_posture_note = {});

}  // namespace midline::ui
