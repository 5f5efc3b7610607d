#include "platform/tone_synth.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace midline::platform {
namespace {

constexpr int kRate = 48000;

std::vector<float> render(ToneSynth& synth, double seconds) {
  std::vector<float> out(static_cast<size_t>(seconds * kRate));
  synth.render(out.data(), static_cast<int>(out.size()));
  return out;
}

float peak(const std::vector<float>& v, size_t from = 0) {
  float p = 0.0f;
  for (size_t i = from; i < v.size(); ++i) p = std::max(p, std::abs(v[i]));
  return p;
}

// The largest change from one sample to the next: a click shows as a jump.
float largest_step(const std::vector<float>& v) {
  float s = 0.0f;
  for (size_t i = 1; i < v.size(); ++i) s = std::max(s, std::abs(v[i] - v[i - 1]));
  return s;
}

TEST(ToneSynth, IsSilentUntilAToneIsAsked) {
  ToneSynth synth(kRate);
  EXPECT_EQ(peak(render(synth, 0.5)), 0.0f);
}

TEST(ToneSynth, ATonePlaysAndFadesInWithoutAClick) {
  ToneSynth synth(kRate);
  synth.set_tone(196.0, 1.0);
  const auto sound = render(synth, 2.0);
  EXPECT_GT(peak(sound, kRate), 0.05f);
  EXPECT_LT(peak(sound), 0.25f);  // soft
  // A 196 Hz sine at 0.2 moves at most 2*pi*196*0.2/48000 ~ 0.005 per sample.
  EXPECT_LT(largest_step(sound), 0.008f);
}

TEST(ToneSynth, MutingFadesTheSoundOut) {
  ToneSynth synth(kRate);
  synth.set_tone(196.0, 1.0);
  render(synth, 1.5);
  synth.set_gain(0.0);
  const auto sound = render(synth, 3.0);
  EXPECT_LT(largest_step(sound), 0.008f);
  EXPECT_LT(peak(sound, 2 * kRate), 0.001f);
}

TEST(ToneSynth, AChimeRingsThenDiesAway) {
  ToneSynth synth(kRate);
  synth.chime();
  const auto sound = render(synth, 3.5);
  const float early = peak(std::vector<float>(sound.begin(), sound.begin() + kRate / 2));
  EXPECT_GT(early, 0.05f);
  EXPECT_LT(largest_step(sound), 0.03f);  // a soft onset, no click
  EXPECT_LT(peak(sound, 3 * kRate), 0.001f);
}

}  // namespace
}  // namespace midline::platform
