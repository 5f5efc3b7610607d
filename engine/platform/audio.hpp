#pragma once
// Sound: a soft tone whose loudness the game sets every frame (calm and steady while the head
// is in the zone) and a gentle chime for a finished hold, all synthesised in code. Sound is
// optional: without an audio device Audio stays silent and says why in problem().

#include <SDL.h>

#include <atomic>
#include <string>

namespace midline::platform {

class Audio {
 public:
  Audio();
  ~Audio();
  Audio(const Audio&) = delete;
  Audio& operator=(const Audio&) = delete;

  bool available() const { return device_ != 0; }
  const std::string& problem() const { return problem_; }

  // The tone: frequency in Hz and loudness 0..1 (0 fades it out); changes glide, never click.
  void set_tone(double frequency_hz, double loudness);
  void chime();

  void set_volume(double volume);  // 0..1
  double volume() const { return volume_.load(); }
  void set_muted(bool muted) { muted_ = muted; }
  bool muted() const { return muted_.load(); }

 private:
  static void callback(void* self, Uint8* stream, int bytes);
  void fill(float* out, int frames);

  SDL_AudioDeviceID device_ = 0;
  std::string problem_;
  int rate_ = 48000;
  std::atomic<double> volume_{0.6};
  std::atomic<bool> muted_{false};
  std::atomic<double> tone_hz_{220.0};
  std::atomic<double> tone_level_{0.0};
  std::atomic<int> chimes_requested_{0};
  // Audio-thread state.
  double phase_ = 0.0, level_ = 0.0, gain_ = 0.0, hz_ = 220.0;
  double chime_t_ = -1.0;
  int chimes_played_ = 0;
};

}  // namespace midline::platform
