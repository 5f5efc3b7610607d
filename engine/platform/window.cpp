#include "platform/window.hpp"

#include <GL/gl.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include "program_files/program_files.hpp"
#include "text/utf8.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <stdexcept>
#include <thread>

namespace midline::platform {

namespace {

bool display_available() {
  const char* x11 = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  const char* driver = std::getenv("SDL_VIDEODRIVER");  // e.g. a developer's offscreen driver
  return (x11 && *x11) || (wayland && *wayland) || (driver && *driver);
}

std::runtime_error sdl_failure(const std::string& what) {
  return std::runtime_error(what + ": " + SDL_GetError());
}

// The theme's sizes are for 720 pixels of window height.
double height_scale_of(SDL_Window* window) {
  int h = 720;
  SDL_GL_GetDrawableSize(window, nullptr, &h);
  return std::clamp(h / 720.0, 0.75, 3.0);
}

// The atlas is built for the window's height, so text stays sharp at any size; in steps of
// 5%, so dragging a window's edge does not rebuild it every frame.
float pixel_scale_for(SDL_Window* window, double text_scale) {
  return static_cast<float>(std::round(height_scale_of(window) * text_scale * 20.0) / 20.0);
}

// Padding and spacing grow more slowly than the text: at the largest text size, padding
// grown as much would take the room the words need.
float style_scale_for(SDL_Window* window, double text_scale) {
  return static_cast<float>(height_scale_of(window) * std::sqrt(text_scale));
}

// The program's icon on the title bar and in the task switcher. A window works without it,
// so a missing or unreadable file is only reported.
void show_program_icon(SDL_Window* window) {
  const std::filesystem::path file = program_files::program_files().window_icon();
  int width = 0, height = 0, channels = 0;
  const std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
      stbi_load(file.c_str(), &width, &height, &channels, 4), stbi_image_free);
  if (!pixels) {
    std::fprintf(stderr, "midline: the window has no icon: cannot read %s (%s)\n", file.c_str(),
                 stbi_failure_reason());
    return;
  }
  SDL_Surface* icon = SDL_CreateRGBSurfaceWithFormatFrom(pixels.get(), width, height, 32,
                                                         width * 4, SDL_PIXELFORMAT_RGBA32);
  if (!icon) {
    std::fprintf(stderr, "midline: the window has no icon: %s\n", SDL_GetError());
    return;
  }
  SDL_SetWindowIcon(window, icon);  // SDL keeps its own copy
  SDL_FreeSurface(icon);
}

}  // namespace

bool FrameEvents::pressed(SDL_Keycode key) const {
  return std::find(keys_pressed.begin(), keys_pressed.end(), key) != keys_pressed.end();
}

bool show_error_box(const std::string& title, const std::string& message, double time_limit_s) {
  if (!display_available()) return true;
  if (time_limit_s <= 0) {
    SDL_ShowSimpleMessageBox(SDL_MESSAGEBOX_ERROR, title.c_str(), message.c_str(), nullptr);
    return true;
  }
  // SDL's box cannot be closed from outside, so it waits on its own thread; the caller ends
  // the process when the time is up.
  auto closed = std::make_shared<std::promise<void>>();
  std::future<void> done = closed->get_future();
  std::thread([title, message, closed] {
    SDL_ShowSimpleMessageBox(SDL_MESSAGEBOX_ERROR, title.c_str(), message.c_str(), nullptr);
    closed->set_value();
  }).detach();
  return done.wait_for(std::chrono::duration<double>(time_limit_s)) == std::future_status::ready;
}

void create_screenshot_folder(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::path made;
  for (const fs::path& part : fs::path(dir)) {  // each missing folder on the way, 0700
    made /= part;
    if (fs::is_directory(made)) continue;
    if (::mkdir(made.c_str(), 0700) != 0 && !fs::is_directory(made))
      throw std::runtime_error("cannot create the screenshot folder " + made.string() + ": " +
                               std::strerror(errno));
  }
}

Window::Window(const WindowOptions& options) {
  set_text_scale(options.text_scale);
  if (!display_available())
    throw NoDisplayError(
        "there is no graphical display to open the game window on (neither DISPLAY nor "
        "WAYLAND_DISPLAY is set). Start Midline from a desktop session, or try it headless "
        "with: xvfb-run -a midline --demo --autoplay");
  if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) throw sdl_failure("could not start SDL video");

  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  const Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
  window_ = SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                             options.width, options.height, flags);
  if (!window_) {
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    throw sdl_failure("could not open a window");
  }
  show_program_icon(window_);
  gl_ = SDL_GL_CreateContext(window_);
  if (!gl_) {
    const auto error = sdl_failure("could not create an OpenGL 3.3 context (is Mesa's "
                                   "libgl1-mesa-dri installed?)");
    SDL_DestroyWindow(window_);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    throw error;
  }
  SDL_GL_MakeCurrent(window_, gl_);
  SDL_GL_SetSwapInterval(1);  // vsync where the driver offers it; FrameClock paces otherwise

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini next to wherever Midline was started
  ImGui::GetIO().UserData = this;        // for show_text_in_current_window
  imgui_sdl_ = ImGui_ImplSDL2_InitForOpenGL(window_, gl_);
  imgui_gl_ = imgui_sdl_ && ImGui_ImplOpenGL3_Init("#version 330 core");
  if (!imgui_gl_) {
    shut_down();
    throw std::runtime_error("could not start Dear ImGui on the OpenGL 3.3 context");
  }
  set_fullscreen(options.fullscreen);
  rebuild_fonts_if_needed();
}

Window::~Window() { shut_down(); }

void Window::shut_down() {
  if (imgui_gl_) ImGui_ImplOpenGL3_Shutdown();
  if (imgui_sdl_) ImGui_ImplSDL2_Shutdown();
  imgui_gl_ = imgui_sdl_ = false;
  if (ImGui::GetCurrentContext()) ImGui::DestroyContext();
  if (gl_) SDL_GL_DeleteContext(gl_);
  gl_ = nullptr;
  if (window_) {
    SDL_DestroyWindow(window_);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
  }
  window_ = nullptr;
}

void Window::set_fullscreen(bool on) {
  fullscreen_ = on;
  SDL_SetWindowFullscreen(window_, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
}

void Window::set_text_scale(double scale) {
  // Rounded to a hundredth, so ten presses of A+ and ten of A- come back to the same size.
  text_scale_ = std::round(std::clamp(scale, kMinTextScale, kMaxTextScale) * 100.0) / 100.0;
}

void Window::show_text(std::string_view utf8) {
  if (add_characters_for(utf8, text_chars_)) text_chars_added_ = true;
}

void show_text_in_current_window(std::string_view utf8) {
  if (ImGui::GetCurrentContext() && ImGui::GetIO().UserData)
    static_cast<Window*>(ImGui::GetIO().UserData)->show_text(utf8);
}

void Window::rebuild_fonts_if_needed() {
  const float scale = pixel_scale_for(window_, text_scale_);
  if (std::abs(scale - font_pixel_scale_) < 0.01f && !text_chars_added_) return;
  font_pixel_scale_ = scale;
  text_chars_added_ = false;
  fonts_ = load_fonts(scale, text_chars_);
  apply_style(style_scale_for(window_, text_scale_));
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

FrameEvents Window::begin_frame() {
  FrameEvents events;
  SDL_Event e;
  std::optional<ImVec2> pointer;  // where this frame's mouse motion events put the pointer
  while (SDL_PollEvent(&e)) {
    ImGui_ImplSDL2_ProcessEvent(&e);
    if (e.type == SDL_MOUSEMOTION)
      pointer = ImVec2(static_cast<float>(e.motion.x), static_cast<float>(e.motion.y));
    if (e.type == SDL_QUIT) events.quit = true;
    if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE &&
        e.window.windowID == SDL_GetWindowID(window_))
      events.quit = true;
    if (e.type == SDL_KEYDOWN && !e.key.repeat) events.keys_pressed.push_back(e.key.keysym.sym);
  }
  // Typed characters reach the atlas in the frame that shows them.
  for (const ImWchar c : ImGui::GetIO().InputQueueCharacters) show_text(text::encode(c));
  rebuild_fonts_if_needed();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  // ImGui 1.86's SDL backend asks the display server where the pointer is and skips motion
  // events; the events count, so that input pushed into the queue (the autoplay driver)
  // moves the pointer as a real mouse does.
  if (pointer) ImGui::GetIO().MousePos = *pointer;
  ImGui::NewFrame();
  ImGui::PushFont(fonts_.body);
  return events;
}

void Window::end_frame() {
  ImGui::PopFont();
  ImGui::Render();
  const ImGuiIO& io = ImGui::GetIO();
  glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
             static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
  const ImVec4 bg = to_vec4(palette::background);
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (!pending_screenshot_.empty()) {
    save_screenshot(pending_screenshot_, &screenshot_problem_);
    pending_screenshot_.clear();
  }
  SDL_GL_SwapWindow(window_);
}

bool Window::save_screenshot(const std::string& path, std::string* problem) {
  int w = 0, h = 0;
  SDL_GL_GetDrawableSize(window_, &w, &h);
  std::vector<unsigned char> pixels(static_cast<size_t>(w) * h * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  stbi_flip_vertically_on_write(1);  // OpenGL's rows run bottom to top
  std::string png;
  const bool encoded = stbi_write_png_to_func(
      [](void* out, void* data, int size) {
        static_cast<std::string*>(out)->append(static_cast<const char*>(data),
                                               static_cast<size_t>(size));
      },
      &png, w, h, 3, pixels.data(), w * 3);
  // Owner only from the moment it exists (0600), an older file of that name included.
  const int fd = encoded ? ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) : -1;
  bool written = fd >= 0 && ::fchmod(fd, 0600) == 0;
  for (size_t at = 0; written && at < png.size();) {
    const ssize_t n = ::write(fd, png.data() + at, png.size() - at);
    written = n > 0;
    at += written ? static_cast<size_t>(n) : 0;
  }
  const int saved_errno = errno;
  if (fd >= 0 && ::close(fd) != 0) written = false;
  if (!written) {
    if (problem)
      *problem = "could not write the screenshot " + path + ": " +
                 (encoded ? std::strerror(saved_errno) : "the picture could not be encoded");
    return false;
  }
  if (problem) problem->clear();
  return true;
}

}  // namespace midline::platform
