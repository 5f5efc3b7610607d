#include "screens/effort_screen.hpp"

#include <string>

#include "screens/ui.hpp"

namespace midline {

const char* borg_words(int rating) {
  // CR10's verbal anchors; the numbers between take the nearer word below.
  switch (rating) {
    case 0: return "nothing at all";
    case 1: return "very weak";
    case 2: return "weak (light)";
    case 3:
    case 4: return "moderate";
    case 5:
    case 6: return "strong (heavy)";
    case 7:
    case 8:
    case 9: return "very strong";
    case 10: return "extremely strong (maximal)";
    default: return "";
  }
}

namespace {

class EffortScreen : public Screen {
 public:
  EffortScreen(GameContext& ctx, size_t next_index) : Screen(ctx), next_index_(next_index) {}
  std::string view_name() const override {
    return "effort-" + std::to_string(next_index_);  // after exercise `next_index_`
  }

  std::unique_ptr<Screen> update(const FrameInput& in) override {
    on_screen_s_ += in.dt_s;
    PracticeSession& session = *ctx_.session;
    const bool stop = ui::begin_page(ctx_, "How hard was that?", "Stop session");
    ui::text(session.planned().title + ": done.");
    ui::text("If you like, rate how much effort that set took, from 0 (nothing at all) to 10 "
             "(the most you could imagine). It helps your therapist pace your practice; no "
             "number is better than another.",
             true);
    ImGui::Dummy(ImVec2(0, 16));
    ui::scale_row("effort", rating_, "nothing at all", "maximal");
    ImGui::Dummy(ImVec2(0, 8));
    ui::text(rating_ >= 0 ? std::to_string(rating_) + "  -  " + borg_words(rating_) : " ");
    ImGui::Dummy(ImVec2(0, 16));
    const bool go = ui::big_button("  Continue  ", 0, rating_ >= 0);
    ui::same_line_if_fits(ui::button_width("  Skip  "), 30);
    const bool skip = ui::big_button("  Skip  ");
    ui::end_page();
    if (!go && !skip && !stop) return nullptr;
    if (stop) {
      session.stop(StopReason::patient);
    } else {
      session.rate_effort(go && rating_ >= 0 ? std::optional<int>(rating_) : std::nullopt);
    }
    return screen_for_session(ctx_);
  }

 private:
  size_t next_index_;
  int rating_ = -1;
};

}  // namespace

std::unique_ptr<Screen> make_effort_screen(GameContext& ctx, size_t next_index) {
  return std::make_unique<EffortScreen>(ctx, next_index);
}

}  // namespace midline
