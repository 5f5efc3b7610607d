#pragma once
// The window the game draws in: SDL2, an OpenGL 3.3 context and Dear ImGui, set up in that
// order and shut down in reverse. Set-up failures throw std::runtime_error once, naming what
// failed; per-frame calls never throw.

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <SDL.h>

#include "platform/theme.hpp"

namespace midline::platform {

// No graphical display to open a window on (distinct so main can say what to do instead).
struct NoDisplayError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The text sizes a player may choose, relative to the theme's (A- and A+ step by 0.1).
inline constexpr double kMinTextScale = 0.75;
inline constexpr double kMaxTextScale = 2.5;

struct WindowOptions {
  std::string title = "Midline";
  int width = 1280;
  int height = 720;
  bool fullscreen = false;
  double text_scale = 1.0;  // 1 = the theme's sizes at 720 pixels of window height
};

// What happened since the last frame, beyond what ImGui handles itself.
struct FrameEvents {
  bool quit = false;             // the window was closed
  std::vector<SDL_Keycode> keys_pressed;
  bool pressed(SDL_Keycode key) const;
};

class Window {
 public:
  explicit Window(const WindowOptions& options);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  // Polls events and starts an ImGui frame.
  FrameEvents begin_frame();
  // Renders the ImGui frame and shows it.
  void end_frame();
  // Writes the frame just rendered (before it is shown) to a PNG readable by the owner only
  // (0600: it may show a name); false and a message on failure.
  bool save_screenshot(const std::string& path, std::string* problem);
  // Set during a frame: the next end_frame() writes a screenshot to `path`.
  void request_screenshot(std::string path) { pending_screenshot_ = std::move(path); }
  // Why the last requested screenshot failed, once; empty when it was written.
  std::string take_screenshot_problem() { return std::exchange(screenshot_problem_, {}); }

  void set_fullscreen(bool on);
  bool fullscreen() const { return fullscreen_; }
  // Text size relative to the theme's (kMinTextScale..kMaxTextScale, rounded to a tenth);
  // fonts are rebuilt between frames.
  void set_text_scale(double scale);
  double text_scale() const { return text_scale_; }
  const Fonts& fonts() const { return fonts_; }
  // Text the game will show (names, level texts): the fonts are rebuilt before the next frame
  // to hold any character they lack. Typed characters are added by the window itself.
  void show_text(std::string_view utf8);
  SDL_Window* sdl_window() const { return window_; }

 private:
  void rebuild_fonts_if_needed();
  void shut_down();  // in reverse order of set-up; safe to call twice

  SDL_Window* window_ = nullptr;
  SDL_GLContext gl_ = nullptr;
  bool imgui_sdl_ = false, imgui_gl_ = false;
  bool fullscreen_ = false;
  double text_scale_ = 1.0;
  float font_pixel_scale_ = 0.0f;  // what the current atlas was built for
  std::vector<ImWchar> text_chars_;  // beyond the base set, sorted; the atlas holds them
  bool text_chars_added_ = false;    // since the atlas was built
  Fonts fonts_;
  std::string pending_screenshot_;
  std::string screenshot_problem_;
};

// For code that draws with ImGui but holds no Window (the screens' building blocks, such as
// ui::text): the window whose ImGui context is current holds `utf8`'s characters from the
// next frame on. Nothing when no window is open.
void show_text_in_current_window(std::string_view utf8);

// Shows a modal error box when a display exists (no-op otherwise); for main's catch. With a
// time limit (> 0 s: an unattended run, --quit-after) it stops waiting after that long and
// returns false with the box still open: the caller then ends the process at once
// (std::_Exit), which closes it. Returns true once the box was closed, or when none was shown.
bool show_error_box(const std::string& title, const std::string& message,
                    double time_limit_s = 0.0);

// Creates the folder for screenshots (they show names): missing folders are made readable by
// the owner only (0700); an existing folder is left as it is. Throws std::runtime_error naming it.
void create_screenshot_folder(const std::string& dir);

}  // namespace midline::platform
