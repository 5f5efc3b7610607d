#include "platform/audio.hpp"

#include <algorithm>

namespace midline::platform {

namespace {
constexpr int kSampleRate = 48000;
}

Audio::Audio() : synth_(std::make_unique<ToneSynth>(kSampleRate)) {
  synth_->set_gain(volume_);
  if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
    problem_ = std::string("no sound: ") + SDL_GetError();
    return;
  }
  SDL_AudioSpec want{}, have{};
  want.freq = kSampleRate;
  want.format = AUDIO_F32SYS;
  want.channels = 1;
  want.samples = 1024;
  want.callback = &Audio::callback;
  want.userdata = synth_.get();
  device_ = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);  // no changes allowed: 48 kHz mono
  if (device_ == 0) {
    problem_ = std::string("no sound: ") + SDL_GetError();
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
    return;
  }
  SDL_PauseAudioDevice(device_, 0);
}

Audio::~Audio() {
  if (device_ == 0) return;
  SDL_CloseAudioDevice(device_);
  SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

void Audio::set_volume(double volume) {
  volume_ = std::clamp(volume, 0.0, 1.0);
  synth_->set_gain(muted_ ? 0.0 : volume_);
}

void Audio::set_muted(bool muted) {
  muted_ = muted;
  synth_->set_gain(muted_ ? 0.0 : volume_);
}

void Audio::callback(void* synth, Uint8* stream, int bytes) {
  static_cast<ToneSynth*>(synth)->render(reinterpret_cast<float*>(stream),
                                         bytes / static_cast<int>(sizeof(float)));
}

}  // namespace midline::platform
