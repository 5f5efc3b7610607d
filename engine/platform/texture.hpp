#pragma once
// An RGB picture on the GPU for ImGui::Image (the camera preview). Needs the window's context.

#include <cstdint>
#include <vector>

#include <imgui.h>

namespace midline::platform {

class Texture {
 public:
  Texture() = default;
  ~Texture();
  Texture(const Texture&) = delete;
  Texture& operator=(const Texture&) = delete;

  // rgb: width * height * 3 bytes, rows top to bottom.
  void upload(int width, int height, const std::vector<uint8_t>& rgb);
  bool empty() const { return id_ == 0; }
  ImTextureID id() const { return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(id_)); }
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  unsigned int id_ = 0;
  int width_ = 0, height_ = 0;
};

}  // namespace midline::platform
