// Rebuilding the game's font atlas, as a change of text size or a new name on show does
// between two frames: the time, and the atlas's size (counters). No window or GPU needed;
// the upload to the GPU is not included.

#include <benchmark/benchmark.h>
#include <imgui.h>

#include <string>
#include <vector>

#include "platform/theme.hpp"

namespace {

// Five patients' names in as many scripts, and symbols.
const char* kNames = "Ирина Петрова שרה כהן مريم الحسن Ελένη Zoë Łukasz ☀❤⛄ नमस्ते 李华";

void rebuild(benchmark::State& state, bool with_names) {
  ImGui::CreateContext();
  std::vector<ImWchar> more;  // as the window asks for them
  if (with_names) midline::platform::add_characters_for(kNames, more);
  const float scale = static_cast<float>(state.range(0)) / 100.0f;
  for (auto _ : state) {
    midline::platform::load_fonts(scale, more);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // what the GL upload reads
    benchmark::DoNotOptimize(pixels);
  }
  const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  state.counters["atlas_w"] = atlas.TexWidth;
  state.counters["atlas_h"] = atlas.TexHeight;
  state.counters["glyphs"] = static_cast<double>(atlas.Fonts[0]->Glyphs.Size +
                                                 atlas.Fonts[1]->Glyphs.Size +
                                                 atlas.Fonts[2]->Glyphs.Size);
  ImGui::DestroyContext();
}

// Scale in percent: 100 is 720 pixels of window height at the normal text size; 250 is a
// 720p window at the largest text size; 375 a 1080p window at it (1.5 x 2.5).
void BM_FontAtlas_BaseSet(benchmark::State& state) { rebuild(state, false); }
void BM_FontAtlas_WithNamesInSixScripts(benchmark::State& state) { rebuild(state, true); }
BENCHMARK(BM_FontAtlas_BaseSet)->Arg(75)->Arg(100)->Arg(250)->Arg(375)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FontAtlas_WithNamesInSixScripts)->Arg(75)->Arg(100)->Arg(250)->Arg(375)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
