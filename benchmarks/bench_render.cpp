// Frame time of the exercise screen, drawn and rendered as the game does it, at 1280x720.
// Run it where the players' machines are slowest: software OpenGL, e.g.
//   SDL_AUDIODRIVER=dummy xvfb-run -a -s "-screen 0 1280x720x24" build/benchmarks/bench_render
// Each frame is timed to glFinish; median_ms and p99_ms are per frame.

#include <GL/gl.h>
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <vector>

#include "autoplay/autoplay_driver.hpp"
#include "app/demo_head.hpp"
#include "platform/audio.hpp"
#include "platform/window.hpp"
#include "screens/screen.hpp"
#include "screens/ui.hpp"

namespace {

using namespace midline;

platform::Window* g_window = nullptr;
platform::Audio* g_audio = nullptr;

// Plays exercise `index` of the tour on autoplay; times every frame once the scene is up.
void BM_ExerciseFrame(benchmark::State& state) {
  DemoHead demo;
  demo.set_autoplay(true);
  GameContext ctx{.source = demo,
                  .demo = &demo,
                  .window = *g_window,
                  .audio = *g_audio,
                  .today = {.exercises = tour_of(default_plan()), .name = "tour"}};
  // A session of its own (kept nowhere) that starts at exercise `index` of the tour.
  const auto index = static_cast<std::ptrdiff_t>(state.range(0));
  SessionLog not_kept;
  ctx.session = std::make_unique<PracticeSession>(
      std::vector<PlannedExercise>(ctx.today.exercises.begin() + index, ctx.today.exercises.end()),
      PracticeSession::Settings{}, not_kept, CheckInAnswers{3, 3});
  ctx.session->start_exercises();
  std::unique_ptr<Screen> screen = screen_for_session(ctx);
  uint64_t cursor = 0;
  autoplay::Driver driver;  // presses Begin and moves the head, as in `midline --autoplay`
  constexpr double dt = 1.0 / 60.0;
  auto frame = [&] {
    const autoplay::Move move = driver.next({.view = screen->view_name(),
                                             .controls = ui::controls_drawn_last_frame(),
                                             .dt_s = dt,
                                             .exercise_goal = autoplay::exercise_goal(*ctx.session),
                                             .plan = &ctx.session->plan()});
    autoplay::push_events(move.events);
    demo.autoplay_toward(move.head.goal);
    demo.set_face_visible(move.head.face_visible);
    demo.advance(dt);
    ctx.frame = {demo.samples_since(cursor), demo.latest()};
    ctx.session->advance(dt, ctx.frame);
    const platform::FrameEvents events = g_window->begin_frame();
    if (auto next = screen->update({dt, events})) screen = std::move(next);
    g_window->end_frame();
    glFinish();
  };
  for (int i = 0; i < 150; ++i) frame();  // past the introduction, into the scene

  std::vector<double> ms;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    frame();
    const auto spent = std::chrono::steady_clock::now() - start;
    ms.push_back(std::chrono::duration<double, std::milli>(spent).count());
  }
  std::sort(ms.begin(), ms.end());
  state.counters["median_ms"] = ms[ms.size() / 2];
  state.counters["p99_ms"] = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  state.SetLabel(ctx.today.exercises[static_cast<size_t>(state.range(0))].title);
}
BENCHMARK(BM_ExerciseFrame)->Arg(0)->Arg(1)->Arg(3)->Iterations(600)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  try {
    platform::Window window({"Midline render benchmark", 1280, 720, false, 1.0});
    platform::Audio audio;
    g_window = &window;
    g_audio = &audio;
    std::printf("OpenGL: %s, %s\n", reinterpret_cast<const char*>(glGetString(GL_RENDERER)),
                reinterpret_cast<const char*>(glGetString(GL_VERSION)));
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_render: %s\n", e.what());
    return 1;
  }
  return 0;
}
