#pragma once
// Sound through SDL audio: the ToneSynth's tone and chime, with a volume control and mute.
// Sound is optional: without an audio device Audio stays silent and says why in problem().

#include <SDL.h>

#include <atomic>
#include <memory>
#include <string>

#include "platform/tone_synth.hpp"

namespace midline::platform {

class Audio {
 public:
  Audio();
  ~Audio();
  Audio(const Audio&) = delete;
  Audio& operator=(const Audio&) = delete;

  bool available() const { return device_ != 0; }
  const std::string& problem() const { return problem_; }

  // The tone: frequency in Hz and loudness 0..1 (0 fades it out).
  void set_tone(double frequency_hz, double loudness) { synth_->set_tone(frequency_hz, loudness); }
  void chime() { synth_->chime(); }

  void set_volume(double volume);  // 0..1
  double volume() const { return volume_; }
  void set_muted(bool muted);
  bool muted() const { return muted_; }

 private:
  static void callback(void* synth, Uint8* stream, int bytes);

  std::unique_ptr<ToneSynth> synth_;
  SDL_AudioDeviceID device_ = 0;
  std::string problem_;
  double volume_ = 0.6;
  bool muted_ = false;
};

}  // namespace midline::platform
