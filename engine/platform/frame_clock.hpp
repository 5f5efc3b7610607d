#pragma once
// Frame timing: the time each frame took, and a pace of 60 frames/s where the driver has no
// vsync (Xvfb, some software renderers), so the game never spins the processor.

#include <SDL.h>

#include <algorithm>

namespace midline::platform {

class FrameClock {
 public:
  FrameClock() : last_(SDL_GetPerformanceCounter()) {}

  // Seconds since the previous tick, at most max_dt_s: after a stall (a dragged window, a
  // slow disk) the game takes one ordinary step instead of leaping ahead.
  double tick(double max_dt_s = 0.1) {
    const Uint64 now = SDL_GetPerformanceCounter();
    const double dt = static_cast<double>(now - last_) / static_cast<double>(frequency_);
    last_ = now;
    return std::min(dt, max_dt_s);
  }
  // Sleeps what remains of a 1/fps frame since the last tick.
  void pace(double fps = 60.0) const {
    const double spent =
        static_cast<double>(SDL_GetPerformanceCounter() - last_) / static_cast<double>(frequency_);
    const double left_ms = (1.0 / fps - spent) * 1000.0;
    if (left_ms >= 1.0) SDL_Delay(static_cast<Uint32>(left_ms));
  }

 private:
  Uint64 frequency_ = SDL_GetPerformanceFrequency();
  Uint64 last_;
};

}  // namespace midline::platform
