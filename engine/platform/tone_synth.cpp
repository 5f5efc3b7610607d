#include "platform/tone_synth.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace midline::platform {

void ToneSynth::set_tone(double frequency_hz, double loudness) {
  tone_hz_ = std::clamp(frequency_hz, 80.0, 1000.0);
  tone_level_ = std::clamp(loudness, 0.0, 1.0);
}

void ToneSynth::chime() { ++chimes_requested_; }

void ToneSynth::set_gain(double gain) { gain_target_ = std::clamp(gain, 0.0, 1.0); }

void ToneSynth::render(float* out, int frames) {
  const double dt = 1.0 / rate_;
  const double target_gain = gain_target_.load();
  if (!started_) gain_ = target_gain;
  started_ = true;
  const double target_level = tone_level_.load();
  const double target_hz = tone_hz_.load();
  if (chimes_requested_.load() != chimes_played_) {
    chimes_played_ = chimes_requested_.load();
    chime_t_ = 0.0;
  }
  // One-pole glides of about 0.3 s: loudness and pitch drift, they never jump.
  const double glide = 1.0 - std::exp(-dt / 0.3);
  constexpr double two_pi = 2.0 * std::numbers::pi;
  for (int i = 0; i < frames; ++i) {
    gain_ += (target_gain - gain_) * glide;
    level_ += (target_level - level_) * glide;
    hz_ += (target_hz - hz_) * glide;
    phase_ = std::fmod(phase_ + two_pi * hz_ * dt, two_pi);
    // A sine with a quiet octave above it: round, not piercing.
    double v = 0.16 * level_ * (std::sin(phase_) + 0.18 * std::sin(2.0 * phase_));
    if (chime_t_ >= 0.0) {  // C5 and G5, a 10 ms onset, fading over about 2 s
      const double envelope = std::exp(-chime_t_ * 2.5) * std::min(1.0, chime_t_ / 0.01);
      v += 0.12 * envelope *
           (std::sin(two_pi * 523.25 * chime_t_) + 0.5 * std::sin(two_pi * 784.0 * chime_t_));
      chime_t_ = chime_t_ > 3.0 ? -1.0 : chime_t_ + dt;
    }
    out[i] = static_cast<float>(v * gain_);
  }
}

}  // namespace midline::platform
