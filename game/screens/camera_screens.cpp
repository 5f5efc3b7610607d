// Before the exercises: the camera check (can Midline see the face well?) and the calibration
// (the face model fitted to this face, and where the head rests today, measured from the body
// midline; the resting posture is never called the midline).

#include <cmath>
#include <cstdio>
#include <opencv2/imgproc.hpp>

#include "clinician/pin_prompt.hpp"
#include "platform/texture.hpp"
#include "pose/body_midline.hpp"
#include "session/capture_countdown.hpp"
#include "storage/calendar.hpp"
#include "session/posture_hold.hpp"
#include "session/todays_plan.hpp"
#include "screens/scenes.hpp"
#include "platform/theme.hpp"
#include "screens/screen.hpp"
#include "screens/ui.hpp"
#include "vision/setup_check.hpp"

namespace midline {

namespace pal = platform::palette;

namespace {

constexpr double kNearMm = 400.0, kFarMm = 1100.0;  // a face the tracker sees well
constexpr double kDarkLevel = 55.0, kBrightLevel = 215.0;

double mean_brightness(const PreviewImage& image) {
  if (image.rgb.empty()) return 0.0;
  double sum = 0.0;
  for (size_t i = 0; i < image.rgb.size(); i += 3 * 7)  // every 7th pixel is plenty
    sum += 0.299 * image.rgb[i] + 0.587 * image.rgb[i + 1] + 0.114 * image.rgb[i + 2];
  return sum / std::ceil(static_cast<double>(image.rgb.size()) / 21.0);
}

// One line of the checklist: a filled circle when fine, a hollow one when not, and words.
void check_line(bool ok, const std::string& words) {
  const float r = ImGui::GetFontSize() * 0.35f;
  ImGui::Dummy(ImVec2(2 * r + 12, ImGui::GetFontSize()));
  ImGui::SameLine();
  const ImVec2 text_at = ImGui::GetCursorScreenPos();  // the mark sits on the first line
  const ImVec2 centre(text_at.x - r - 12, text_at.y + ImGui::GetFontSize() * 0.55f);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  if (ok)
    draw->AddCircleFilled(centre, r, pal::bluish_green);
  else
    draw->AddCircle(centre, r, pal::orange, 0, 3.0f);
  ui::text(words, !ok);
}

// [SECTION] Camera check
class CameraCheckScreen : public Screen {
 public:
  using Screen::Screen;
  std::string view_name() const override { return "camera-check"; }

  std::unique_ptr<Screen> update(const FrameInput& in) override {
    on_screen_s_ += in.dt_s;
    const bool stop = ui::begin_page(ctx_, "Camera check");
    const auto& sample = ctx_.frame.newest;  // this frame's, as the session and the panel see it
    const auto preview = ctx_.source.preview();
    // At large text the checklist's sentences need the page's width: the picture above it.
    const bool one_column = ui::columns_that_fit(2, 20.0f) == 1;
    ImGui::BeginTable("##check", one_column ? 1 : 2, ImGuiTableFlags_SizingStretchSame);
    ImGui::TableNextColumn();  // left: the picture, or why there is none
    const float column = ImGui::GetContentRegionAvail().x;
    if (ctx_.source.is_demo()) {
      ui::text("The demo head has no camera, so this drawing stands in for the picture. The "
               "checks come from the virtual head.", true);
      const float r = std::min(column * 0.3f, ui::remaining().y * 0.32f);
      const ImVec2 at = ImGui::GetCursorScreenPos();
      if (sample && sample->face)
        scenes::draw_head(ImGui::GetWindowDrawList(), ImVec2(at.x + column * 0.5f, at.y + r * 1.3f),
                          r, sample->face->angles);
      ImGui::Dummy(ImVec2(column, r * 2.6f));
    } else if (preview && show_preview_) {
      if (preview.get() != shown_) {
        texture_.upload(preview->width, preview->height, preview->rgb);
        shown_ = preview.get();
      }
      const float aspect = static_cast<float>(preview->height) /
                           static_cast<float>(std::max(1, preview->width));
      // Above the checklist, no taller than half the page, so the checks show beneath it.
      const float w = one_column ? std::min(column, ui::remaining().y * 0.5f / aspect) : column;
      const float h = w * aspect;
      // Mirrored, as people expect to see themselves; angles stay in the patient's frame.
      ImGui::Image(texture_.id(), ImVec2(w, h), ImVec2(mirror_ ? 1 : 0, 0), ImVec2(mirror_ ? 0 : 1, 1));
    } else if (!show_preview_) {
      ui::text("Camera picture hidden.", true);
    } else {
      ui::text("Waiting for the camera's first picture...", true);
    }
    if (!ctx_.source.is_demo()) {
      ImGui::Checkbox("Show the camera picture", &show_preview_);
      ui::same_line_if_fits(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                                ImGui::CalcTextSize("Mirror").x,
                            ImGui::GetStyle().ItemSpacing.x);
      ImGui::Checkbox("Mirror", &mirror_);
    }
    ImGui::TableNextColumn();  // right: the checklist
    const std::string status = ctx_.source.status();
    if (!status.empty()) ui::text(status, true);
    const bool face = sample && sample->face;
    check_line(face, face ? "Your face is in view" : "Midline cannot see a face yet: sit facing the screen");
    bool distance_ok = false;
    if (face) {
      const double z = sample->face->pose.position_mm.z;
      distance_ok = z >= kNearMm && z <= kFarMm;
      char words[120];
      std::snprintf(words, sizeof words, "%s (about %.0f cm from the camera)",
                    z < kNearMm   ? "A little close: lean back if you comfortably can"
                    : z > kFarMm  ? "A little far: come closer if you comfortably can"
                                  : "Good distance",
                    z / 10.0);
      check_line(distance_ok, words);
    }
    if (preview) {
      const double level = mean_brightness(*preview);
      check_line(level >= kDarkLevel && level <= kBrightLevel,
                 level < kDarkLevel     ? "Quite dark: more light on your face will help"
                 : level > kBrightLevel ? "Very bright: a window behind you can dazzle the camera"
                                        : "Bright enough");
    }
    if (preview && !ctx_.source.is_demo()) {
      measure_new_picture(
          *preview, face && std::abs(sample->face->angles.rotation_deg) <= kFaceLightMostTurnDeg);
      draw_face_light();
    }
    draw_setup_check();
    // Before calibration no angle is trusted: what this page needs is a face seen clearly.
    const bool ready = sample && sample->seen_clearly();
    ImGui::Dummy(ImVec2(0, 6));
    ui::text("How clearly Midline sees you", true);
    ui::meter(static_cast<float>(face ? sample->clarity : 0.0), ready ? "clear" : "unsure",
              ready ? pal::sky_blue : pal::orange);
    ImGui::Dummy(ImVec2(0, 16));
    const bool go = ui::big_button("  Looks good  ", 0, ready);
    if (!ready) ui::text("Continue appears when your face is seen clearly.", true);
    ImGui::EndTable();
    ui::end_page();
    if (stop) return make_home_screen(ctx_);
    if (go) {
      note_side_light();
      return make_calibration_screen(ctx_);
    }
    return nullptr;
  }

 private:
  // Going on with the face lit from one side, the session says so in its notes: a therapist
  // reading its angles later knows that its turns were read less reliably.
  void note_side_light() const {
    const std::optional<FaceLight> steady = steady_face_light(recent_light_);
    if (!ctx_.session || !steady) return;
    if (const std::string note = side_light_note(*steady); !note.empty())
      ctx_.session->note("Midline", note);
  }

  // How the patient sits and the camera stands, from the picture below the face (the body
  // midline is measured against the camera), or a therapist's word for it instead.
  void draw_setup_check() {
    if (ctx_.source.is_demo()) {
      check_line(true, "The demo head has no shoulders to check; with a camera, Midline checks "
                       "here that you sit square to it.");
      return;
    }
    if (therapist_checked_) {
      check_line(true, "A therapist has checked how you sit and where the camera is");
    } else {
      draw_setup_lines();
    }
    // The label wraps beside the box at large text (a checkbox's own label would not).
    const bool ticked = ImGui::Checkbox("##therapist-checked", &therapist_checked_);
    ImGui::SameLine();
    ui::text("Checked by a therapist instead", true);
    if (ticked && therapist_checked_ && ctx_.session && !therapist_noted_) {
      ctx_.session->note(ctx_.station.note_author(),
                         "The therapist checked the set-up (sitting square, the camera level and "
                         "centred at eye height) at the camera check.");
      therapist_noted_ = true;
    }
  }

  // The set-up check's words over the last second of pictures.
  void draw_setup_lines() const {
    const SetupMeasurement steady = steady_setup(recent_);
    const SetupVerdict verdict = judge_setup(steady);
    if (!verdict.judged) {
      // Honest: no guess when the shoulders are not seen clearly.
      check_line(false, steady.cannot_judge + " A therapist can check it instead.");
      return;
    }
    const auto side = [](int s) { return s > 0 ? "left" : "right"; };
    if (verdict.camera_tilted) check_line(false, "The camera is tilted: stand it level.");
    if (verdict.trunk_leans) {
      std::string words = std::string("Your shoulders lean to your ") +
                          side(*verdict.trunk_leans) + ": sit up evenly if you comfortably can";
      if (verdict.lean_or_camera) words += " (if you sit straight already, the camera is tilted)";
      check_line(false, words + ".");
    }
    if (verdict.trunk_turned)
      check_line(false, std::string("Your body is turned to your ") + side(*verdict.trunk_turned) +
                            ": turn your chair to face the screen.");
    if (!verdict.camera_tilted && !verdict.trunk_leans && !verdict.trunk_turned)
      check_line(true, steady.room_tilt_deg ? "You sit square to the camera, and it stands level"
                                            : "You sit square to the camera");
  }

  // Each new preview picture once (about 15 a second), in grey: how the patient sits, and how
  // the face is lit where it is turned little (`facing`).
  void measure_new_picture(const PreviewImage& preview, bool facing) {
    if (&preview == measured_) return;
    measured_ = &preview;
    const cv::Mat rgb(preview.height, preview.width, CV_8UC3,
                      const_cast<uint8_t*>(preview.rgb.data()));
    cv::Mat gray;
    cv::cvtColor(rgb, gray, cv::COLOR_RGB2GRAY);
    recent_.push_back(measure_preview(preview, gray));
    if (recent_.size() > kSetupPictures) recent_.erase(recent_.begin());
    if (!facing || !preview.face_box) return;
    const auto& b = *preview.face_box;
    if (const auto light = measure_face_light(gray, cv::Rect2d(b.x, b.y, b.width, b.height))) {
      recent_light_.push_back(*light);
      if (recent_light_.size() > kSetupPictures) recent_light_.erase(recent_light_.begin());
    }
  }

  // Light from one side is what most misleads the tracker on the test heads; the patient can
  // often change it (a lamp, a curtain).
  void draw_face_light() const {
    const std::optional<FaceLight> steady = steady_face_light(recent_light_);
    if (!steady) return;  // nothing to say until the face is seen from the front
    if (steady->balance >= kSideLitBalance) {
      check_line(true, "Light falls evenly on your face");
      return;
    }
    check_line(false, std::string("The light comes from your ") + lit_side_words(*steady) +
                          " and leaves the other side of your face in shadow: a lamp in front "
                          "of you, behind the screen, helps Midline follow your turns");
  }

  static SetupMeasurement measure_preview(const PreviewImage& preview, const cv::Mat& gray) {
    if (!preview.face_box) {
      SetupMeasurement none;
      none.cannot_judge = "Midline looks for your shoulders once it sees your face.";
      return none;
    }
    const auto& b = *preview.face_box;
    return measure_setup(gray, cv::Rect2d(b.x, b.y, b.width, b.height), preview.focal_over_width);
  }

  static constexpr size_t kSetupPictures = 15;  // about a second of pictures
  platform::Texture texture_;
  const PreviewImage* shown_ = nullptr;
  const PreviewImage* measured_ = nullptr;
  std::vector<SetupMeasurement> recent_;
  std::vector<FaceLight> recent_light_;
  bool therapist_checked_ = false;
  bool therapist_noted_ = false;  // the session's note says so once
  bool show_preview_ = true;
  bool mirror_ = true;
};

// [SECTION] Calibration: where the head rests
class CalibrationScreen : public Screen {
 public:
  using Screen::Screen;
  std::string view_name() const override {
    switch (ctx_.source.calibration().state) {
      case CalibrationStatus::State::accepted: return "calibration-done";
      case CalibrationStatus::State::rejected: return "calibration-again";
      case CalibrationStatus::State::holding: return "calibration-hold";
      default: return "calibration";
    }
  }

  std::unique_ptr<Screen> update(const FrameInput& in) override {
    on_screen_s_ += in.dt_s;
    const CalibrationStatus status = ctx_.source.calibration();
    const bool stop = ui::begin_page(ctx_, "Where your head rests");
    const auto& fonts = ctx_.window.fonts();
    bool start = false, go = false;
    if (status.state == CalibrationStatus::State::accepted && !resting_recorded_) {
      resting_ = status.resting_posture;
      resting_rough_ = status.resting_posture_rough;
      ctx_.session->set_resting_posture(resting_, resting_rough_);
      resting_recorded_ = true;
    }
    switch (status.state) {
      case CalibrationStatus::State::idle:
        ui::text("Sit square to the screen, with the camera in the middle at about the height of "
                 "your eyes. Let your head rest where it settles by itself: there is no need to "
                 "hold it straight. When you are ready, press Start and stay as still as is "
                 "comfortable for a few seconds.", true);
        ImGui::Dummy(ImVec2(0, 20));
        start = ui::big_button("  Start  ");
        break;
      case CalibrationStatus::State::holding: {
        // The source says what to do now (hold still; with the camera, then look around a
        // little so the face model fits this face).
        ImGui::Dummy(ImVec2(0, 20));
        ImGui::SetWindowFontScale(ui::heading_scale(ctx_));
        ui::centred_text(status.message.empty() ? "Rest there..." : status.message, fonts.heading,
                         pal::text);
        ImGui::SetWindowFontScale(1.0f);
        draw_ring(static_cast<float>(status.progress));
        break;
      }
      case CalibrationStatus::State::accepted:
        ImGui::Dummy(ImVec2(0, 30));
        // Short enough that Begin stays in view at the largest text size: the sentence in the
        // body's size, the why under the button.
        ImGui::SetWindowFontScale(ui::heading_scale(ctx_));
        ui::centred_text("Thank you.", fonts.heading, pal::bluish_green);
        ImGui::SetWindowFontScale(1.0f);
        if (resting_) ui::text(describe_resting_posture(*resting_));
        ImGui::Dummy(ImVec2(0, 14));
        go = ui::big_button("  Begin the exercises  ");
        ImGui::Dummy(ImVec2(0, 10));
        if (resting_ && resting_rough_) ui::text(kRoughRestingPostureNote, true);
        ui::text("Midline measures every angle from your body's midline: your head square to "
                 "your shoulders. The exercises aim there, starting from where you can do them "
                 "well.", true);
        ImGui::Dummy(ImVec2(0, 20));
        draw_reference_captures(in.dt_s);
        break;
      case CalibrationStatus::State::rejected:
        ui::text(status.message);
        ImGui::Dummy(ImVec2(0, 20));
        start = ui::big_button("  Try again  ");
        break;
    }
    ui::end_page();
    if (start) {
      ctx_.source.begin_calibration();
      resting_recorded_ = false;
      on_screen_s_ = 0.0;
    }
    if (stop) return make_home_screen(ctx_);
    if (go) {
      ctx_.session->start_exercises();
      return screen_for_session(ctx_);
    }
    return nullptr;
  }

 private:
  // A ring that closes as the hold goes on: calm, no numbers to watch.
  static void draw_ring(float progress) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float r = std::min(avail.x, avail.y) * 0.3f;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 c(at.x + avail.x * 0.5f, at.y + r + 30);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddCircle(c, r, pal::rgb(60, 80, 100), 96, 14.0f);
    const float a0 = -static_cast<float>(M_PI) / 2;
    draw->PathArcTo(c, r, a0, a0 + 2 * static_cast<float>(M_PI) * progress, 96);
    draw->PathStroke(pal::sky_blue, 0, 14.0f);
    ImGui::Dummy(ImVec2(avail.x, 2 * r + 60));
  }

  // What is recorded from a still hold on this page: the patient's flexion zero (looking
  // level at a mark at eye height: the camera), by the therapist or by the patient alone, and
  // today's target (the therapist's). One at a time, after a count so hands leave the mouse.
  enum class Capture { therapist_flexion_zero, patient_flexion_zero, target };

  // `dt_s`: session time since the last frame (the count before a capture).
  void draw_reference_captures(double dt_s) {
    if (capture_) {
      draw_capture(dt_s);
      return;
    }
    if (!posture_problem_.empty()) ui::text(posture_problem_, true);
    if (!ctx_.supervised && ctx_.today.flexion_zero.patient_may_record() && ctx_.log->player_key())
      draw_level_look_offer();
    draw_therapist_section();
  }

  // The patient alone at home: their flexion zero from a level look, once (again only if it
  // was theirs). A therapist's value is never replaced from here.
  void draw_level_look_offer() {
    const PatientFlexionZero& zero = ctx_.today.flexion_zero;
    ui::text("Your level look", true);
    ImGui::Separator();
    const bool again = zero.from == PatientFlexionZero::From::patient || zero.earlier_face_plane;
    if (zero.from == PatientFlexionZero::From::patient && zero.recorded_ms)
      ui::text("Midline knows how your face looks when your head is level (recorded " +
                   storage::day_string(storage::local_day_number(*zero.recorded_ms)) +
                   "). If the camera has moved, record it again.", true);
    else if (zero.earlier_face_plane)
      ui::text("Midline now measures forward and back from other points of your face, so the "
               "level look recorded on " +
                   storage::day_string(storage::local_day_number(zero.earlier_face_plane->at_ms)) +
                   " no longer fits and is not used. Please record it again: look straight into "
                   "the camera, as if at a mark at the height of your eyes, and rest there for "
                   "a few seconds.", true);
    else
      ui::text("Once, Midline learns how your face looks when your head is level, so that "
               "forward and back are measured truly. Look straight into the camera, as if at a "
               "mark at the height of your eyes, and rest there for a few seconds.", true);
    if (ui::button(again ? "Record my level look again" : "Record my level look"))
      begin_capture(Capture::patient_flexion_zero);
    if (!kept_problem_.empty()) ui::text(kept_problem_, true);
    ImGui::Dummy(ImVec2(0, 20));
  }

  void begin_capture(Capture what) {
    capture_ = what;
    countdown_.emplace();
    posture_problem_.clear();
  }

  // The count, then the hold, then what it measured is applied and kept.
  void draw_capture(double dt_s) {
    const bool flexion_zero = *capture_ != Capture::target;
    if (countdown_) {  // hands off the mouse, the patient settles; then the hold begins
      countdown_->advance(dt_s);
      ui::text(flexion_zero ? "Recording the level look in" : "Setting today's target in");
      ui::centred_text(std::to_string(countdown_->seconds_shown()), ctx_.window.fonts().heading,
                       pal::sky_blue);
      if (ui::button("Cancel")) {
        countdown_.reset();
        capture_.reset();
        return;
      }
      if (!countdown_->due()) return;
      countdown_.reset();
      posture_.emplace();
    }
    posture_->add(ctx_.frame.newest);
    ui::text(*capture_ == Capture::target
                 ? "Place the head where the patient can hold it today, and rest there."
             : *capture_ == Capture::patient_flexion_zero
                 ? "Look straight into the camera, as if at a mark at the height of your eyes, "
                   "and rest there."
                 : "The patient looks level at a mark at eye height (the camera), and rests "
                   "there.", true);
    ui::meter(static_cast<float>(posture_->progress()), "", pal::sky_blue);
    if (!posture_->complete()) return;
    const PostureHold::Result result = posture_->finish();
    std::string problem = result.problem;
    if (result.posture && flexion_zero) {
      // The hold was measured with the old zero: the level head's pitch adds to it.
      const double zero = ctx_.source.flexion_zero() + result.posture->flexion_deg;
      if (std::abs(zero) > kMaxFlexionZeroDeg)
        problem = "That level look reads " + std::to_string(std::lround(zero)) +
                  " degrees of flexion zero, more than a face differs by; the flexion zero was "
                  "not changed. Check the camera is at eye height.";
      else
        set_flexion_zero(zero, *capture_ == Capture::therapist_flexion_zero
                                   ? storage::FlexionZeroSetter::therapist
                                   : storage::FlexionZeroSetter::patient);
    }
    if (result.posture && !flexion_zero) ctx_.session->set_target(result.posture);
    posture_problem_ = problem;
    posture_.reset();
    capture_.reset();
  }

  // For the therapist, behind the clinician PIN: the flexion zero and today's target. They
  // steer the patient's practice, so the patient cannot set them (except a first level look).
  void draw_therapist_section() {
    ui::text("For the therapist", true);
    ImGui::Separator();
    ui::text(flexion_zero_words(), true);
    if (!therapist_unlocked_) {
      ui::text("Setting the flexion zero or today's target needs the clinician PIN.", true);
      if (!pin_prompt_) pin_prompt_.emplace();
      clinician_key_ = pin_prompt_->draw("  Unlock  ");
      therapist_unlocked_ = clinician_key_ != nullptr;
      if (therapist_unlocked_) pin_prompt_.reset();
      return;
    }
    auto row = [&](const char* what, const std::string& value, const char* button,
                   Capture capture, bool clearable) {
      ImGui::PushID(what);
      if (ui::button(button)) begin_capture(capture);
      if (clearable) {
        const char* clear = capture == Capture::target ? "Clear" : "Reset";
        ui::same_line_if_fits(ui::button_width(clear), ImGui::GetStyle().ItemSpacing.x);
        if (ui::button(clear)) {
          if (capture == Capture::target)
            ctx_.session->set_target(std::nullopt);
          else
            set_flexion_zero(std::nullopt, storage::FlexionZeroSetter::therapist);
        }
      }
      // Beside the buttons when it fits on the line, else under them, wrapped to the page.
      const std::string words = std::string(what) + value;
      ui::same_line_if_fits(ImGui::CalcTextSize(words.c_str()).x, 24);
      ImGui::AlignTextToFramePadding();
      ui::text(words, true);
      ImGui::PopID();
    };
    row("", "", "Record the flexion zero", Capture::therapist_flexion_zero,
        ctx_.source.flexion_zero() != 0.0 || ctx_.today.flexion_zero.degrees.has_value());
    const auto& target = ctx_.session->record().target;
    row("Today's target: ", target ? describe_posture(*target) : "the plan's (the body midline)",
        "Set today's target", Capture::target, target.has_value());
  }

  // The patient's flexion zero now, who set it, and whether later sessions keep it.
  std::string flexion_zero_words() const {
    const double zero = ctx_.source.flexion_zero();
    const PatientFlexionZero& kept = ctx_.today.flexion_zero;
    char words[120];
    const std::string earlier = earlier_face_plane_note(kept);
    if (zero == 0.0 && !kept.degrees)
      return "Flexion zero: not set (0 deg)." + (earlier.empty() ? "" : " " + earlier) +
             (kept_problem_.empty() ? "" : " " + kept_problem_);
    std::snprintf(words, sizeof words, "Flexion zero: %+.1f deg (the face's pitch when the head "
                  "is level)", zero);
    std::string out = words;
    if (kept.degrees != zero) {
      out += ", for this session only.";
    } else {
      const std::string when =
          kept.recorded_ms ? " on " + storage::day_string(storage::local_day_number(*kept.recorded_ms))
                           : "";
      switch (kept.from) {
        case PatientFlexionZero::From::plan:
          out += ", set by the therapist in the plan.";
          if (!earlier.empty()) out += " " + earlier;
          break;
        case PatientFlexionZero::From::therapist:
          out += ", recorded by " + (kept.author.empty() ? std::string("a therapist") : kept.author) +
                 when + ".";
          break;
        case PatientFlexionZero::From::patient:
          out += ", recorded by the patient looking level" + when + ".";
          break;
        case PatientFlexionZero::From::nobody: out += "."; break;
      }
    }
    return kept_problem_.empty() ? out : out + " " + kept_problem_;
  }

  // A flexion zero (none: reset) applied now, recorded with this session, and kept for every
  // later session of this patient.
  void set_flexion_zero(std::optional<double> zero, storage::FlexionZeroSetter set_by) {
    if (resting_) {  // where the head rests, measured again from the new level
      resting_ = with_flexion_zero(*resting_, ctx_.source.flexion_zero(), zero.value_or(0.0),
                                   ctx_.source.track_pitch());
      ctx_.session->set_resting_posture(resting_, resting_rough_);
    }
    ctx_.source.set_flexion_zero(zero.value_or(0.0));
    ctx_.session->set_flexion_zero(zero.value_or(0.0));
    kept_problem_.clear();
    const bool by_therapist = set_by == storage::FlexionZeroSetter::therapist;
    try {
      ctx_.today.flexion_zero = keep_patient_flexion_zero(
          ctx_.data_dir, *ctx_.log, zero, set_by,
          by_therapist ? ctx_.station.note_author() : std::string(),
          by_therapist ? clinician_key_.get() : nullptr);
    } catch (const std::exception& e) {
      kept_problem_ = std::string("It is for this session only: ") + e.what();
    }
  }

  std::optional<PinPrompt> pin_prompt_;  // until the therapist has entered the PIN here
  std::shared_ptr<const ClinicianKey> clinician_key_;  // seals the plan the flexion zero goes in
  bool therapist_unlocked_ = false;
  std::string kept_problem_;    // why the flexion zero is for this session only
  std::optional<Capture> capture_;             // what is being recorded, if anything
  std::optional<CaptureCountdown> countdown_;  // pressed: the hold starts when it is due
  std::optional<PostureHold> posture_;
  bool resting_recorded_ = false;  // the accepted calibration's resting posture is in the session
  std::optional<HeadAngles> resting_;  // the accepted calibration's, from the body midline
  bool resting_rough_ = false;         // ... turned further than the tracker is sure of
  std::string posture_problem_;
};

}  // namespace

std::unique_ptr<Screen> make_camera_check_screen(GameContext& ctx) {
  return std::make_unique<CameraCheckScreen>(ctx);
}
std::unique_ptr<Screen> make_calibration_screen(GameContext& ctx) {
  return std::make_unique<CalibrationScreen>(ctx);
}

}  // namespace midline
