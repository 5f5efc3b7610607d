#pragma once
// The sound Midline makes, synthesised: a soft tone whose loudness and pitch glide (never
// jump, so never click) and a gentle two-note chime. Pure: Audio feeds it to the sound card
// from SDL's audio thread; tests render it into a buffer.

#include <atomic>

namespace midline::platform {

class ToneSynth {
 public:
  explicit ToneSynth(int sample_rate) : rate_(sample_rate) {}

  // Any thread: the tone's frequency (Hz) and loudness (0..1; 0 fades it out).
  void set_tone(double frequency_hz, double loudness);
  void chime();
  void set_gain(double gain);  // volume, 0 when muted

  // The audio thread: the next `frames` mono samples.
  void render(float* out, int frames);

 private:
  int rate_;
  std::atomic<double> gain_target_{0.6};
  std::atomic<double> tone_hz_{220.0};
  std::atomic<double> tone_level_{0.0};
  std::atomic<int> chimes_requested_{0};
  // Audio-thread state.
  double phase_ = 0.0, level_ = 0.0, gain_ = 0.0, hz_ = 220.0;
  double chime_t_ = -1.0;
  int chimes_played_ = 0;
  bool started_ = false;  // the volume starts where it is set; only later changes glide
};

}  // namespace midline::platform
