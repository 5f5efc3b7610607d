#include "clinician/pin_prompt.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <utility>

#include "platform/theme.hpp"
#include "screens/ui.hpp"

namespace midline {

namespace {

double wall_clock_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

PinPrompt::PinPrompt(std::filesystem::path settings_dir, bool focus_first)
    : gate_(std::move(settings_dir)), unavailable_(gate_.unavailable_reason()),
      focus_next_(focus_first) {}

std::shared_ptr<const ClinicianKey> PinPrompt::draw(const char* open_label) {
  if (unavailable_) {
    ui::text(*unavailable_, true);
    return nullptr;
  }
  ui::text("Enter the clinician PIN.", true);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
  if (std::exchange(focus_next_, false)) ImGui::SetKeyboardFocusHere();
  const bool entered =
      ImGui::InputText("##clinician-pin", pin_, sizeof pin_,
                       ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal |
                           ImGuiInputTextFlags_EnterReturnsTrue);
  ui::same_line_if_fits(ui::button_width(open_label), ImGui::GetStyle().ItemSpacing.x);
  const double now = wall_clock_s();
  if (now - wait_read_at_s_ >= 1.0 || now < wait_read_at_s_) {
    wait_s_ = gate_.wait_remaining_s(now);
    wait_read_at_s_ = now;
  }
  const double wait = std::max(0.0, wait_s_ - (now - wait_read_at_s_));
  const bool open = ui::big_button(open_label, 0, wait <= 0.0) || entered;
  if (wait <= 0.0 && message_.starts_with("Too many")) message_.clear();
  if (wait > 0.0) {
    char line[96];
    std::snprintf(line, sizeof line, "Too many wrong tries: the next try is taken in %.0f s.",
                  std::ceil(wait));
    message_ = line;
  }
  std::shared_ptr<const ClinicianKey> key;
  if (open && wait <= 0.0) {
    const auto answer = gate_.try_pin(pin_, wall_clock_s());
    pin_[0] = '\0';
    wait_read_at_s_ = -1e9;  // the try may have started a wait
    switch (answer.result) {
      case PinGate::Result::accepted: key = answer.key; message_.clear(); break;
      case PinGate::Result::wrong:
        message_ = "That PIN is not right.";
        focus_next_ = true;  // ready for the next try
        break;
      case PinGate::Result::wait: break;  // the line above says how long
      case PinGate::Result::unavailable: unavailable_ = answer.reason; break;
    }
  }
  if (!message_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, platform::to_vec4(platform::palette::orange));
    ImGui::TextWrapped("%s", message_.c_str());
    ImGui::PopStyleColor();
  }
  return key;
}

}  // namespace midline
