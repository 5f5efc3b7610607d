// The clinician's pages. Index: [SECTION] PIN, [SECTION] Level list, [SECTION] Level editor,
// [SECTION] Preview, [SECTION] Plan list, [SECTION] Plan editor, [SECTION] Clinic,
// [SECTION] Window loop.

#include "clinician/clinician_screens.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <future>
#include <optional>
#include <utility>

#include "autoplay/autoplay_driver.hpp"
#include "clinic/clinician_view.hpp"
#include "screens/progress_screen.hpp"
#include "exercises/limits.hpp"
#include "clinician/pin_prompt.hpp"
#include "app/demo_head.hpp"
#include "levels/clinician_pin.hpp"
#include "levels/file_seal.hpp"
#include "levels/level_editor.hpp"
#include "levels/level_file.hpp"
#include "levels/plan_editor.hpp"
#include "levels/safety_limits.hpp"
#include "platform/audio.hpp"
#include "platform/frame_clock.hpp"
#include "platform/theme.hpp"
#include "platform/window.hpp"
#include "screens/ui.hpp"
#include "session/patient_record.hpp"
#include "session/todays_plan.hpp"
#include "storage/calendar.hpp"
#include "storage/session_store.hpp"

namespace midline {

namespace {

namespace pal = platform::palette;

std::unique_ptr<Screen> make_level_list_screen(GameContext& ctx, ClinicianSetup setup,
                                               std::string note);
std::unique_ptr<Screen> make_plan_list_screen(GameContext& ctx, ClinicianSetup setup,
                                              std::string note);
std::unique_ptr<Screen> open_clinic_list(GameContext& ctx, ClinicianSetup setup);

LevelLibrary load_library(const ClinicianSetup& setup) { return load_levels(setup.levels); }

// Whether a level file is the clinic's to answer for: its own levels, or every level when one
// folder was chosen alone. The shipped levels come with the program, sealed by nobody.
bool clinics_own(const ClinicianSetup& setup, const std::filesystem::path& file) {
  return !setup.levels.own || file.parent_path() == *setup.levels.own;
}

// A message from below ("no connection to ...") as a sentence on a page.
std::string as_sentence(std::string text) {
  if (text.empty()) return text;
  text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  if (text.back() != '.') text += '.';
  return text;
}

void problem_line(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, platform::to_vec4(pal::orange));
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}


// The top-right button: Quit in the clinician's own window; from the game's home page, back there.
const char* leave_label(const ClinicianSetup& setup) {
  return setup.from_game ? "Back to Midline" : "Quit";
}
std::unique_ptr<Screen> leave(GameContext& ctx, const ClinicianSetup& setup) {
  if (setup.from_game) {  // with the levels as the clinician may have left them
    ctx.levels = std::make_shared<const LevelLibrary>(load_library(setup));
    ctx.window.set_text_scale(setup.game_text_scale);
    return make_home_screen(ctx);
  }
  ctx.quit = true;
  return nullptr;
}

// What the clinician should know about a file changed outside the editor: a few words when
// its seal does not hold, else empty (a file this account cannot change needs none).
std::string seal_note(const ClinicianSetup& setup, const std::filesystem::path& file) {
  if (!setup.key || !writable_here(file)) return {};
  return seal_phrase(check_seal(file, setup.key->public_key()));
}

// [SECTION] PIN: the administrator's PIN opens clinician mode; without one, it is unavailable.
class PinScreen : public Screen {
 public:
  PinScreen(GameContext& ctx, ClinicianSetup setup)
      : Screen(ctx), setup_(std::move(setup)), prompt_(setup_.settings_dir, true) {}
  std::string view_name() const override {
    return prompt_.available() ? "clinician-pin" : "clinician-unavailable";
  }

  std::unique_ptr<Screen> update(const FrameInput& in) override {
    on_screen_s_ += in.dt_s;
    const bool leaving = ui::begin_page(ctx_, "Clinician mode", leave_label(setup_));
    std::unique_ptr<Screen> next;
    if (auto key = prompt_.draw()) {
      setup_.key = std::move(key);
      next = make_level_list_screen(ctx_, setup_, {});
    }
    ui::end_page();
    if (leaving) return leave(ctx_, setup_);
    return next;
  }

 private:
  ClinicianSetup setup_;
  PinPrompt prompt_;
};

std::unique_ptr<Screen> make_level_edit_screen(GameContext& ctx, ClinicianSetup setup,
                                               LevelEditor editor);

// [SECTION] Level list: the folder's good levels, its problems, and what can be done.
class LevelListScreen : public Screen {
 public:
  LevelListScreen(GameContext& ctx, ClinicianSetup setup, std::string note)
      : Screen(ctx), setup_(std::move(setup)), note_(std::move(note)) {
    library_ = load_library(setup_);
    for (const auto& loaded : library_.levels) {
      seal_notes_.push_back(clinics_own(setup_, loaded.file) ? seal_note(setup_, loaded.file)
                                                             : std::string());
      unsealed_ += seal_notes_.back().empty() ? 0 : 1;
    }
  }
  std::string view_name() const override { return "clinician-levels"; }

  std::unique_ptr<Screen> update(const FrameInput& in) override {
    on_screen_s_ += in.dt_s;
    const bool leaving = ui::begin_page(ctx_, "Levels", leave_label(setup_));
    if (!note_.empty()) ui::text(note_, true);
    std::unique_ptr<Screen> next;
    ui::text(setup_.levels.own ? "Shipped levels: " + setup_.levels.shipped.string() +
                                     ". The clinic's own, used instead of a shipped level with "
                                     "the same id, and where Save writes: " +
                                     setup_.levels.own->string()
                               : setup_.levels.shipped.string(),
             true);
    if (unsealed_ > 0) {
      problem_line(std::to_string(unsealed_) + " of " + std::to_string(library_.levels.size()) +
                   " levels are not as last saved in this editor (marked in the list): check "
                   "each, then save it here to seal it.");
    }
    if (ui::button("Patient plans")) next = make_plan_list_screen(ctx_, setup_, {});
    ui::same_line_if_fits(ui::button_width("Clinic patients"), ImGui::GetStyle().ItemSpacing.x);
    if (ui::button("Clinic patients")) next = open_clinic_list(ctx_, setup_);
    if (setup_.from_game) {  // the ward's choice, for the sessions started from now on
      ImGui::SameLine(0, 40);
      ImGui::Checkbox("Supervised sessions (the clinician's panel beside the game)",
                      &ctx_.supervised);
    }
    // The buttons under the list: Edit, Duplicate and one a type, in as many rows as they wrap to.
    std::vector<std::string> actions = {"  Edit  ", "  Duplicate  "};
    for (const ExerciseKind& kind : exercise_catalogue())
      actions.push_back("  " + std::string(kind.new_level_label) + "  ");
    const float action_row = ImGui::GetFontSize() * 2.2f + ImGui::GetStyle().ItemSpacing.y;
    const float list_height = ui::remaining().y - ImGui::GetStyle().ItemSpacing.y -
                              action_row * static_cast<float>(ui::rows_of_buttons(actions));
    ImGui::BeginChild("levels", ImVec2(0, std::max(list_height, 100.0f)), true);
    for (std::size_t i = 0; i < library_.levels.size(); ++i) {
      const Level& level = library_.levels[i].level;
      std::string label = level.id + "   " + level.title + "   (" +
                          std::string(exercise_type_name(exercise_type(level.params))) + ")";
      if (setup_.levels.own && clinics_own(setup_, library_.levels[i].file))
        label += "   the clinic's own";
      if (ImGui::Selectable(label.c_str(), selected_ == i)) selected_ = i;
      if (!seal_notes_[i].empty()) {
        ImGui::Indent();
        problem_line(seal_notes_[i]);
        ImGui::Unindent();
      }
    }
    for (const auto& problem : library_.problems) problem_line(format_problem(problem));
    ImGui::EndChild();
    const bool has_selection = selected_ < library_.levels.size();
    if (ui::big_button(actions[0].c_str(), 0, has_selection)) {
      next = open(LevelEditor(library_.levels[selected_].level));
    }
    // The row wraps rather than run off the page: one button a type makes it long.
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    ui::same_line_if_fits(ui::button_width(actions[1].c_str()), gap);
    if (ui::big_button(actions[1].c_str(), 0, has_selection)) {
      next = open(LevelEditor::duplicate(library_.levels[selected_].level,
                                         unused_id(library_.levels[selected_].level.id + "-copy")));
    }
    for (size_t k = 0; k < exercise_catalogue().size(); ++k) {  // one button a type
      const std::string& label = actions[2 + k];
      ui::same_line_if_fits(ui::button_width(label.c_str()), gap);
      if (ui::big_button(label.c_str())) {
        next = open(LevelEditor::create(exercise_catalogue()[k].type, unused_id("new-level"),
                                        "New level", "Move gently, only as far as is comfortable."));
      }
    }
    ui::end_page();
    if (leaving) return leave(ctx_, setup_);
    return next;
  }

 private:
  std::unique_ptr<Screen> open(LevelEditor editor) {
    return make_level_edit_screen(ctx_, setup_, std::move(editor));
  }

  std::string unused_id(const std::string& base) const {
    std::string id = base.substr(0, 60);
    for (int n = 2; library_.find(id) != nullptr ||
                    std::filesystem::exists(setup_.levels.save_to() / (id + ".toml"));
         ++n) {
      id = base.substr(0, 60) + "-" + std::to_string(n);
    }
    return id;
  }

  ClinicianSetup setup_;
  std::string note_;
  LevelLibrary library_;
  std::vector<std::string> seal_notes_;  // per level: changed outside the editor, or empty
  std::size_t unsealed_ = 0;
  std::size_t selected_ = static_cast<std::size_t>(-1);
};

std::unique_ptr<Screen> make_preview_screen(GameContext& ctx, std::unique_ptr<Screen> back,
                                            const Level& level);

// [SECTION] Level editor: every field of the level, within the safety limits by construction.
class LevelEditScreen : public Screen {
 public:
  LevelEditScreen(GameContext& ctx, ClinicianSetup setup, LevelEditor editor)
      : Screen(ctx), setup_(std::move(setup)), editor_(std::move(editor)) {
    copy_texts();
  }
  std::string view_name() const override { return "clinician-edit"; }

  std::unique_ptr<Screen> update(const FrameInput& in) override {
    on_screen_s_ += in.dt_s;
    const bool leaving = ui::begin_page(ctx_, "Edit level", leave_label(setup_));
    // Texts and choices on the left, the numbers on the right.
    const float height = ui::remaining().y - ImGui::GetFontSize() * 5.5f;
    const float half = ImGui::GetContentRegionAvail().x * 0.5f;
    const float column = half * 0.55f;
    ImGui::BeginChild("texts", ImVec2(half, height), false);
    draw_texts(column);
    draw_choices(column);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("numbers", ImVec2(0, height), false);
    for (const auto& field : number_fields(exercise_type(editor_.level().params))) {
      draw_number(field, column);
    }
    ImGui::EndChild();
    if (!message_.empty()) ui::text(message_, true);
    std::unique_ptr<Screen> next;
    if (ui::big_button("  Save  ", 0, editor_.changed())) save();
    ImGui::SameLine();
    if (ui::big_button("  Undo  ", 0, editor_.can_undo())) {
      editor_.undo();
      copy_texts();
      message_.clear();
    }
    ImGui::SameLine();
    const bool preview = ui::big_button("  Preview with the demo head  ");
    ImGui::SameLine();
    const bool back = ui::big_button(editor_.changed() ? "  Back, without saving  " : "  Back  ");
    ui::end_page();
    if (leaving) return leave(ctx_, setup_);
    if (back) return make_level_list_screen(ctx_, setup_, {});
    if (preview) {
      const Level shown = editor_.level();
      return make_preview_screen(
          ctx_, std::make_unique<LevelEditScreen>(ctx_, setup_, std::move(editor_)), shown);
    }
    return next;
  }

 private:
  void copy_texts() {
    std::snprintf(id_, sizeof id_, "%s", editor_.level().id.c_str());
    std::snprintf(title_, sizeof title_, "%s", editor_.level().title.c_str());
    std::snprintf(instruction_, sizeof instruction_, "%s", editor_.level().instruction.c_str());
  }

  void show(const EditAnswer& answer) {
    message_ = answer.message;
    if (!answer.accepted) copy_texts();  // the refused text goes back to what the level has
  }

  void draw_texts(float column) {
    ImGui::SetNextItemWidth(column);
    if (ImGui::InputText("id (also the file name)", id_, sizeof id_,
                         ImGuiInputTextFlags_EnterReturnsTrue) ||
        ImGui::IsItemDeactivatedAfterEdit()) {
      show(editor_.set_id(id_));
    }
    ImGui::SetNextItemWidth(column);
    if (ImGui::InputText("title", title_, sizeof title_) && title_[0] != '\0') {
      show(editor_.set_title(title_));
    }
    ImGui::SetNextItemWidth(column);
    if (ImGui::InputTextMultiline("instruction", instruction_, sizeof instruction_,
                                  ImVec2(column, ImGui::GetFontSize() * 3)) &&
        instruction_[0] != '\0') {
      show(editor_.set_instruction(instruction_));
    }
    bool trick = editor_.level().sensory_trick_allowed;
    if (ImGui::Checkbox("a sensory trick is allowed", &trick)) {
      show(editor_.set_sensory_trick_allowed(trick));
    }
  }

  void draw_choices(float column) {
    int type = static_cast<int>(exercise_type(editor_.level().params));
    std::vector<const char*> types;
    std::vector<std::string> titles;
    for (const ExerciseKind& kind : exercise_catalogue()) titles.emplace_back(kind.title);
    for (const std::string& title : titles) types.push_back(title.c_str());
    ImGui::SetNextItemWidth(column);
    if (ImGui::Combo("exercise", &type, types.data(), static_cast<int>(types.size()))) {
      show(editor_.set_exercise_type(static_cast<ExerciseType>(type)));
    }
    const auto* guided = std::get_if<GuidedMovementParams>(&editor_.level().params);
    if (guided == nullptr) return;
    int axis = static_cast<int>(guided->axis);
    // In the order of Axis; the patient's own left and right, whatever the preview mirrors.
    const char* axes[] = {"turning (rotation)", "ear toward shoulder (tilt)",
                          "chin down or up (flexion)"};
    ImGui::SetNextItemWidth(column);
    if (ImGui::Combo("movement", &axis, axes, 3)) show(editor_.set_axis(static_cast<Axis>(axis)));
    int direction = static_cast<int>(guided->direction);
    // In the order of MovementDirection.
    const char* directions[] = {"away from the patient's pull", "toward the patient's pull",
                                "toward the patient's left", "toward the patient's right",
                                "chin up", "chin down"};
    ImGui::SetNextItemWidth(column);
    if (ImGui::Combo("direction", &direction, directions, 6)) {
      show(editor_.set_direction(static_cast<MovementDirection>(direction)));
    }
  }

  // A slider that cannot leave the field's range (Ctrl+click typing is clamped too).
  void draw_number(const NumberField& field, float column) {
    double value = field.get(editor_.level().params);
    // The name above its slider, so a long name is never cut at the page's edge.
    std::string label(field.label);
    if (!field.unit.empty()) label.append(", ").append(field.unit);
    ImGui::TextUnformatted(label.c_str());
    const std::string id = "##" + std::string(field.key);
    ImGui::SetNextItemWidth(std::max(column, ImGui::GetContentRegionAvail().x - 8.0f));
    if (const auto typed = ui::committed_slider(id.c_str(), value, field.min, field.max,
                                                field.whole ? "%.0f" : "%.1f")) {
      show(editor_.set_number(field.key, field.whole ? std::round(*typed) : *typed));
    }
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s in the level file; %s", std::string(field.key).c_str(),
                        describe_allowed(field).c_str());
  }

  void save() {
    const std::string file_name = editor_.level().id + ".toml";
    const auto path = setup_.levels.save_to() / file_name;
    try {
      std::filesystem::create_directories(path.parent_path());
      // A shipped level's first change starts from its file, so its comments stay.
      const auto shipped = setup_.levels.shipped / file_name;
      const bool copying = setup_.levels.own && !std::filesystem::exists(path) &&
                           std::filesystem::exists(shipped);
      if (copying) std::filesystem::copy_file(shipped, path);
      editor_.save(path, setup_.key.get());
      message_ = "Saved to " + path.string() +
                 (copying ? " (the clinic's own copy, played instead of the shipped level)." : ".");
    } catch (const std::exception& error) {
      message_ = error.what();
    }
  }

  ClinicianSetup setup_;
  LevelEditor editor_;
  char id_[72] = "";
  char title_[72] = "";
  char instruction_[320] = "";
  std::string message_;
};

// [SECTION] Preview: the game's own exercise screen plays two short rounds of the edited
// level, the demo head following by itself; when it ends (or Stop), the editor comes back.
class PreviewScreen : public Screen {
 public:
  PreviewScreen(GameContext& ctx, std::unique_ptr<Screen> back, const Level& level)
      : Screen(ctx), back_(std::move(back)) {
    Level shown = level;
    if (auto* guided = std::get_if<GuidedMovementParams>(&shown.params)) {
      // The preview has no patient: "away from the pull" shows a pull to the patient's left.
      if (guided->direction == MovementDirection::away_from_pull)
        guided->direction = guided->axis == Axis::flexion ? MovementDirection::up
                                                          : MovementDirection::right;
      if (guided->direction == MovementDirection::toward_pull)
        guided->direction = guided->axis == Axis::flexion ? MovementDirection::down
                                                          : MovementDirection::left;
    }
    // Two short rounds in a session of its own, never kept (no patient played it).
    ctx_.session = std::make_unique<PracticeSession>(
        tour_of({PlannedExercise{shown.title, shown.params}}),
        PracticeSession::Settings{.player = "", .plan_name = "preview", .supervised = false, .shaping = {}}, preview_log_, CheckInAnswers{});
    ctx_.session->start_exercises();
    exercise_ = make_exercise_screen(ctx_, 0);
    if (ctx_.demo) {
      ctx_.demo->set_autoplay(true);  // a person's lag, wobble and tremor
      badge_before_ = std::exchange(ctx_.badge, "DEMO  -  autoplay");
    }
  }
  std::string view_name() const override { return "clinician-preview-" + exercise_->view_name(); }

  std::unique_ptr<Screen> update(const FrameInput& in) override {
    // The autoplay driver plays it: it presses Begin and moves the demo head as a person would.
    const autoplay::Move move = driver_.next({.view = exercise_->view_name(),
                                              .controls = ui::controls_drawn_last_frame(),
                                              .dt_s = in.dt_s,
                                              .exercise_goal = autoplay::exercise_goal(*ctx_.session),
                                              .plan = &ctx_.session->plan()});
    autoplay::push_events(move.events);
    if (ctx_.demo) {
      ctx_.demo->autoplay_toward(move.head.goal);
      ctx_.demo->set_face_visible(move.head.face_visible);
    }
    if (!exercise_->update(in)) return nullptr;
    if (ctx_.demo) {  // back to resting, steered by hand
      ctx_.demo->set_autoplay(false);
      ctx_.demo->autoplay_toward(std::nullopt);
      ctx_.demo->set_face_visible(true);
      ctx_.badge = badge_before_;
    }
    ctx_.session.reset();
    return std::move(back_);
  }

 private:
  SessionLog preview_log_;  // keeps nothing
  std::unique_ptr<Screen> back_;
  std::unique_ptr<Screen> exercise_;
  autoplay::Driver driver_;
  std::string badge_before_;
};

std::unique_ptr<Screen> make_level_edit_screen(GameContext& ctx, ClinicianSetup setup,
                                               LevelEditor editor) {
  return std::make_unique<LevelEditScreen>(ctx, std::move(setup), std::move(editor));
}

std::unique_ptr<Screen> make_preview_screen(GameContext& ctx, std::unique_ptr<Screen> back,
                                            const Level& level) {
  return std::make_unique<PreviewScreen>(ctx, std::move(back), level);
}

// A plan opened from the clinic's database: published there as a new version instead of saved
// to a file.
struct ClinicPlanTarget {
  std::string pseudonym;
  int64_t based_on = 0;         // the version opened; 0: the patient has none yet
  std::string opened_text;      // its text, whose comments a publication keeps
  std::vector<SessionResult> history;  // the patient's level sessions, from the clinic's copy
};
std::unique_ptr<Screen> make_plan_edit_screen(GameContext& ctx, ClinicianSetup setup,
                                              PlanEditor editor, std::filesystem::path file,
                                              std::optional<ClinicPlanTarget> clinic = {});
std::unique_ptr<Screen> open_clinic_patient(GameContext& ctx, ClinicianSetup setup,
                                            std::string pseudonym, bool to_plan);

// [SECTION] Plan list: every patient the session store knows, with their plan or none yet,
// and every plan file in DATA_DIR/plans, good or not.
class PlanListScreen : public Screen {
 public:
  PlanListScreen(GameContext& ctx, ClinicianSetup setup, std::string note)
      : Screen(ctx), setup_(std::move(setup)), note_(std::move(note)) {
    try {
      storage::SessionStore store(setup_.data_dir, storage::SessionStore::Mode::inspect);
      for (const storage::Patient& p : store.patients()) rows_.push_back({p.pseudonym, p.display_name});
    } catch (const std::exception&) {
      // No sessions kept yet (or a store the game will report itself): plan files only.
    }
    std::error_code error;
    for (std::filesystem::directory_iterator entry(setup_.data_dir / "plans", error), end;
         !error && entry != end; entry.increment(error)) {
      if (entry->path().extension() != ".toml") continue;
      const std::string key = entry->path().stem().string();
      auto row = std::find_if(rows_.begin(), rows_.end(), [&](const Row& r) { return r.key == key; });
      if (row == rows_.end()) row = rows_.insert(rows_.end(), Row{key, {}});
      row->file = entry->path();
      row->plan = load_plan_file(entry->path());
      row->seal_note = seal_note(setup_, entry->path());
    }
    std::sort(rows_.begin(), rows_.end(), [](const Row& a, const Row& b) { return a.key < b.key; });
  }
  std::string view_name() const override { return "clinician-plans"; }

  std::unique_ptr<Screen> update(const FrameInput& in) override {
    on_screen_s_ += in.dt_s;
    const bool leaving = ui::begin_page(ctx_, "Patient plans", leave_label(setup_));
    std::unique_ptr<Screen> next;
    if (!note_.empty()) ui::text(note_, true);
    ui::text("Patients and their plans (" + (setup_.data_dir / "plans").string() + ")", true);
    if (ImGui::Button("Levels")) next = make_level_list_screen(ctx_, setup_, {});
    ui::same_line_if_fits(ui::button_width("Clinic patients"), ImGui::GetStyle().ItemSpacing.x);
    if (ImGui::Button("Clinic patients")) next = open_clinic_list(ctx_, setup_);
    ImGui::BeginChild("plans", ImVec2(0, ui::remaining().y - ImGui::GetFontSize() * 5.0f), true);
    if (rows_.empty()) ui::text("No patient has practised here yet. A plan can be made for a "
                                "patient code below before their first session.", true);
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      const Row& row = rows_[i];
      std::string label = row.key;
      if (!row.name.empty()) label += "   " + row.name;
      if (!row.file) label += "   (no plan yet: the ladder's first levels)";
      else if (!row.plan->plan) label += "   (plan file broken)";
      if (ImGui::Selectable(label.c_str(), selected_ == i)) {
        selected_ = i;
        std::snprintf(key_, sizeof key_, "%s", row.key.c_str());
      }
      if (row.plan)
        for (const auto& problem : row.plan->problems) problem_line(format_problem(problem));
      if (!row.seal_note.empty()) problem_line(row.seal_note);
    }
    ImGui::EndChild();
    const Row* chosen = selected_ < rows_.size() ? &rows_[selected_] : nullptr;
    const bool editable = chosen && chosen->plan && chosen->plan->plan.has_value();
    if (ui::big_button("  Edit plan  ", 0, editable))
      next = make_plan_edit_screen(ctx_, setup_, PlanEditor(chosen->plan->plan->plan), *chosen->file);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ImGui::InputTextWithHint("##key", "patient code", key_, sizeof key_);
    ImGui::SameLine();
    const auto path = plan_path(setup_.data_dir, key_);
    if (ui::big_button("  New plan  ", 0, path.has_value() && !std::filesystem::exists(*path))) {
      next = make_plan_edit_screen(ctx_, setup_,
                                   PlanEditor(starting_plan(key_, load_library(setup_)), false), *path);
    }
    ui::end_page();
    if (leaving) return leave(ctx_, setup_);
    return next;
  }

 private:
  struct Row {
    std::string key;   // the patient's code in the store, and their plan file's name
    std::string name;  // as the patient entered it (behind the clinician's PIN here)
    std::optional<std::filesystem::path> file{};
    std::optional<PlanFileResult> plan{};
    std::string seal_note{};  // changed outside the editor, or empty
  };

  ClinicianSetup setup_;
  std::string note_;
  std::vector<Row> rows_;
  std::size_t selected_ = static_cast<std::size_t>(-1);
  char key_[61] = "";  // a plan's patient name holds at most 60 characters
};

// [SECTION] Plan editor: the patient, the pull, the numbers and the level list.
class PlanEditScreen : public Screen {
 public:
  PlanEditScreen(GameContext& ctx, ClinicianSetup setup, PlanEditor editor,
                 std::filesystem::path file, std::optional<ClinicPlanTarget> clinic)
      : Screen(ctx), setup_(std::move(setup)), editor_(std::move(editor)), file_(std::move(file)),
        library_(load_library(setup_)), clinic_(std::move(clinic)) {
    std::snprintf(patient_, sizeof patient_, "%s", editor_.plan().patient.c_str());
    if (clinic_) {
      history_ = clinic_->history;
      return;
    }
    try {  // what this patient did, when they have practised here (the file is named by code)
      storage::SessionStore store(setup_.data_dir, storage::SessionStore::Mode::inspect);
      if (const auto patient = store.find_patient(file_.stem().string())) {
        history_ = level_history(store, patient->id, library_);
        measured_ = latest_range_check(store, patient->id);
      }
    } catch (const std::exception&) {
      // No sessions kept yet: the plan is edited without them.
    }
  }
  std::string view_name() const override {
    if (!clinic_) return "clinician-plan-edit";
    return conflict_ ? "clinic-plan-conflict" : "clinic-plan-edit";
  }

  std::unique_ptr<Screen> update(const FrameInput& in) override {
    on_screen_s_ += in.dt_s;
    const std::string title =
        clinic_ ? "Edit plan of " + clinic_->pseudonym +
                      (clinic_->based_on == 0
                           ? std::string(" (clinic, a first plan)")
                           : " (clinic, version " + std::to_string(clinic_->based_on) + ")")
                : std::string("Edit plan");
    const bool leaving = ui::begin_page(ctx_, title.c_str(), leave_label(setup_));
    take_publication();
    const float height = ui::remaining().y - ImGui::GetFontSize() * (conflict_ ? 8.0f : 5.5f);
    const float half = ImGui::GetContentRegionAvail().x * 0.5f;
    const float column = half * 0.5f;
    ImGui::BeginChild("settings", ImVec2(half, height), false);
    draw_patient_and_pull(column);
    for (const char* field :
         {"tolerance_scale", "shaping_step_deg", "midline_offset_deg.rotation", "midline_offset_deg.tilt",
          "midline_offset_deg.flexion", "daily.max_sessions", "daily.max_minutes",
          "daily.minutes_per_session", "daily.rest_after_set_s",
          "mastery.success_rate", "mastery.over_sessions"}) {
      draw_number(field, column, false);
    }
    draw_number("flexion_zero_deg", column, true);  // usually recorded on the calibration page
    draw_measured_range();
    for (const char* field : kPlanRangeFields) draw_number(field, column, true);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("levels", ImVec2(0, height), false);
    draw_levels(column);
    ImGui::EndChild();
    if (conflict_) problem_line(message_);
    else if (!message_.empty()) ui::text(message_, true);
    std::unique_ptr<Screen> next;
    if (clinic_) {
      const std::string publish = publishing_.valid()
                                      ? std::string("  Publishing...  ")
                                      : "  Publish as version " +
                                            std::to_string(clinic_->based_on + 1) + "  ";
      // A first plan may be published as it stands; a later one once something changed.
      if (ui::big_button(publish.c_str(), 0,
                         !publishing_.valid() && !conflict_ &&
                             (editor_.changed() || clinic_->based_on == 0)))
        publish_plan();
      if (conflict_) {
        const char* newest = "  Open the newest version (your changes here are dropped)  ";
        next_in_row(newest);
        if (ui::big_button(newest))
          next = open_clinic_patient(ctx_, setup_, clinic_->pseudonym, true);
      }
    } else if (ui::big_button("  Save  ", 0, editor_.changed())) {
      save();
    }
    next_in_row("  Undo  ");
    if (ui::big_button("  Undo  ", 0, editor_.can_undo() && !publishing_.valid())) {
      editor_.undo();
      std::snprintf(patient_, sizeof patient_, "%s", editor_.plan().patient.c_str());
    }
    const char* unsaved = clinic_ ? "  Back, without publishing  " : "  Back, without saving  ";
    const char* back_label = editor_.changed() ? unsaved : "  Back  ";
    next_in_row(back_label);
    const bool back = ui::big_button(back_label, 0, !publishing_.valid());
    ui::end_page();
    if (leaving && !publishing_.valid()) return leave(ctx_, setup_);
    if (back && clinic_) return open_clinic_patient(ctx_, setup_, clinic_->pseudonym, false);
    if (back) return make_plan_list_screen(ctx_, setup_, {});
    return next;
  }

 private:
  void show(const EditAnswer& answer) { message_ = answer.message; }
  // The page's buttons in a row that wraps rather than runs off the page (large text).
  static void next_in_row(const char* label) {
    ui::same_line_if_fits(ui::button_width(label), ImGui::GetStyle().ItemSpacing.x);
  }

  void draw_patient_and_pull(float column) {
    ImGui::SetNextItemWidth(column);
    if (ImGui::InputText("patient", patient_, sizeof patient_) && patient_[0] != '\0') {
      show(editor_.set_patient(patient_));
    }
    for (const Axis axis : {Axis::rotation, Axis::tilt, Axis::flexion}) {
      const bool flexion = axis == Axis::flexion;
      // The dystonic pull, in the patient's own frame (+1: left, or chin forward).
      const char* names[] = {"none", flexion ? "forward (chin down)" : "toward the patient's left",
                             flexion ? "backward (chin up)" : "toward the patient's right"};
      const auto sign = editor_.plan().pull.on(axis);
      int choice = !sign ? 0 : (*sign > 0 ? 1 : 2);
      const char* what[] = {"Pull, turning", "Pull, ear toward shoulder", "Pull, chin"};
      const std::string label = what[static_cast<int>(axis)];
      ImGui::SetNextItemWidth(column);
      if (ImGui::Combo(label.c_str(), &choice, names, 3)) {
        show(editor_.set_pull(axis, choice == 0 ? std::nullopt
                                                : std::optional<int>(choice == 1 ? 1 : -1)));
      }
    }
  }

  // The textbook normal range for a plan's range field ("range_deg.tilt_left").
  static double normal_range_deg(std::string_view field) {
    const struct {
      std::string_view field;
      Axis axis;
      int side;
    } kDirections[] = {{"range_deg.rotation_left", Axis::rotation, +1},
                       {"range_deg.rotation_right", Axis::rotation, -1},
                       {"range_deg.tilt_left", Axis::tilt, +1},
                       {"range_deg.tilt_right", Axis::tilt, -1},
                       {"range_deg.flexion", Axis::flexion, +1},
                       {"range_deg.extension", Axis::flexion, -1}};
    for (const auto& d : kDirections)
      if (d.field == field) return textbook_range_deg(d.axis, d.side);
    return 45.0;
  }

  // A slider that cannot leave the number's limits; a range may also be "not recorded".
  void draw_number(const char* field, float column, bool may_be_absent) {
    const NumberLimits& limits = *plan_number_limits(field);
    const auto current = plan_number(editor_.plan(), field);
    ImGui::PushID(field);
    if (may_be_absent) {
      bool recorded = current.has_value();
      if (ImGui::Checkbox("##recorded", &recorded)) {
        // A range newly recorded starts at the textbook normal, never at the slider's 5 degree
        // minimum (which would at once hold back every level that reaches further).
        const double first = std::string_view(field) == "flexion_zero_deg" ? 0.0 : normal_range_deg(field);
        show(editor_.set_number(field, recorded ? std::optional<double>(first) : std::nullopt));
      }
      ImGui::SameLine();
    }
    if (current) {
      double value = *current;
      std::string label(plan_number_label(field));
      if (!limits.unit.empty()) label.append(", ").append(limits.unit);
      ImGui::TextUnformatted(label.c_str());
      ImGui::SetNextItemWidth(std::max(column, ImGui::GetContentRegionAvail().x - 8.0f));
      if (const auto typed = ui::committed_slider("##value", value, limits.min, limits.max,
                                                  limits.whole ? "%.0f" : "%.2f")) {
        show(editor_.set_number(field, limits.whole ? std::round(*typed) : *typed));
      }
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s in the plan file; %s", field, describe_allowed(limits).c_str());
    } else {
      ImGui::TextDisabled("%s: %s", std::string(plan_number_label(field)).c_str(),
                          std::string_view(field) == "flexion_zero_deg" ? "not set" : "not recorded");
    }
    ImGui::PopID();
  }

  // The plan's levels in order, with what stops any of them for this patient.
  void draw_levels(float column) {
    const auto& levels = editor_.plan().levels;
    const auto& choice = editor_.plan().progression;
    ui::text("Levels, in order");
    for (std::size_t i = 0; i < levels.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::SmallButton("up") && i > 0) show(editor_.move_level(i, i - 1));
      ImGui::SameLine();
      if (ImGui::SmallButton("down") && i + 1 < levels.size()) show(editor_.move_level(i, i + 1));
      ImGui::SameLine();
      if (ImGui::SmallButton("remove")) show(editor_.remove_level(i));
      ImGui::SameLine();
      std::string label = levels[i];
      if (levels[i] == choice.start_from) label += "   (starts here)";
      if (levels[i] == choice.hold_at) label += "   (held here)";
      ImGui::TextUnformatted(label.c_str());
      ImGui::PopID();
    }
    ImGui::SetNextItemWidth(column);
    if (ImGui::BeginCombo("add a level", nullptr, ImGuiComboFlags_NoPreview)) {
      for (const auto& loaded : library_.levels) {
        if (std::find(levels.begin(), levels.end(), loaded.level.id) != levels.end()) continue;
        if (ImGui::Selectable(loaded.level.id.c_str())) show(editor_.add_level(loaded.level.id));
      }
      ImGui::EndCombo();
    }
    level_choice("start from (move on)", choice.start_from, column,
                 [this](std::string id) { return editor_.set_start_from(std::move(id)); });
    level_choice("hold at (hold back)", choice.hold_at, column,
                 [this](std::string id) { return editor_.set_hold_at(std::move(id)); });
    const PatientLevels playable =
        levels_for_patient(LoadedPlan{editor_.plan(), file_.string(), {}}, library_);
    for (const auto& problem : playable.problems) problem_line(format_problem(problem));
    draw_next_session();
  }

  // What the latest range check reached, offered for the plan's recorded range.
  void draw_measured_range() {
    ImGui::Spacing();
    if (clinic_) {  // a range check is read from head samples, which the clinic never gets
      ImGui::TextDisabled("Range checks are measured on the patient's computer.");
      return;
    }
    if (!measured_) {
      ImGui::TextDisabled("No range check recorded for this patient yet.");
      return;
    }
    std::string reached = "Latest range check, " +
                          storage::day_string(storage::local_day_number(measured_->measured_ms)) + ":";
    PatientPlan only_measured;
    only_measured.range = measured_->range;
    for (const char* field : kPlanRangeFields)
      if (const auto degrees = plan_number(only_measured, field)) {
        std::string direction(plan_number_label(field));  // "Range, chin down" -> "chin down"
        for (std::string_view prefix : {"Range, ", "Range "})
          if (direction.starts_with(prefix)) direction.erase(0, prefix.size());
        char part[96];
        std::snprintf(part, sizeof part, " %s %.0f deg;", direction.c_str(), *degrees);
        reached += part;
      }
    reached.back() = '.';
    ImGui::TextWrapped("%s", reached.c_str());
    const bool differs = editor_.plan().range != merged_with_measured(editor_.plan().range);
    if (ui::big_button("  Use the measured range  ", 0, differs))
      show(editor_.take_measured_range(measured_->range));
  }
  RecordedRange merged_with_measured(RecordedRange range) const {
    const RecordedRange& m = measured_->range;
    for (auto member : {&RecordedRange::rotation_left, &RecordedRange::rotation_right,
                        &RecordedRange::tilt_left, &RecordedRange::tilt_right,
                        &RecordedRange::flexion, &RecordedRange::extension})
      if (m.*member) range.*member = m.*member;
    return range;
  }

  // The exercises the patient's next session would play with the plan as edited.
  void draw_next_session() {
    ImGui::Spacing();
    ui::text("Next session with this plan");
    const TodaysPlan next =
        todays_plan(library_, LoadedPlan{editor_.plan(), file_.string(), {}}, history_);
    for (const PlannedExercise& e : next.exercises)
      ImGui::BulletText("%s (%s)", e.title.c_str(), e.level_id.c_str());
    if (history_.empty()) ImGui::TextDisabled("No sessions played yet: this is the first one.");
  }

  template <typename Set>
  void level_choice(const char* label, const std::string& current, float column, Set set) {
    ImGui::SetNextItemWidth(column);
    if (!ImGui::BeginCombo(label, current.empty() ? "(none)" : current.c_str())) return;
    if (ImGui::Selectable("(none)")) show(set(std::string()));
    for (const auto& id : editor_.plan().levels) {
      if (ImGui::Selectable(id.c_str(), id == current)) show(set(id));
    }
    ImGui::EndCombo();
  }

  void save() {
    try {
      std::filesystem::create_directories(file_.parent_path());
      editor_.save(file_, setup_.key.get());
      message_ = "Saved to " + file_.string() + ".";
    } catch (const std::exception& error) {
      message_ = error.what();
    }
  }

  // Publishes the plan as the version after the one opened, on its own thread (the page stays
  // live); a colleague's newer version comes back as a conflict, never overwritten.
  struct Publication {
    std::optional<clinic::PlanVersion> published;
    std::optional<clinic::ClinicError> problem;
  };
  void publish_plan() {
    message_ = "Publishing to the clinic...";
    const std::string text = editor_.text_over(clinic_->opened_text);
    publishing_ = std::async(std::launch::async, [data_dir = setup_.data_dir, text,
                                                  pseudonym = clinic_->pseudonym,
                                                  based_on = clinic_->based_on] {
      Publication out;
      try {
        const auto pg = clinic::connect(
            clinic::read_connection_file(clinic::clinician_connection_file(data_dir)), 5);
        out.published = clinic::publish_plan(*pg, pseudonym, text, based_on);
      } catch (const clinic::ClinicError& e) {
        out.problem = e;
      }
      return out;
    });
  }
  void take_publication() {
    if (!publishing_.valid() ||
        publishing_.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
      return;
    const Publication done = publishing_.get();
    if (done.published) {
      clinic_->based_on = done.published->version;
      clinic_->opened_text = done.published->plan_toml;
      editor_.mark_saved();
      message_ = "Published as version " + std::to_string(done.published->version) +
                 ". The patient's station applies it at their next session start after its "
                 "next sync.";
      return;
    }
    conflict_ = done.problem->kind() == clinic::ClinicError::Kind::conflict;
    message_ = as_sentence(done.problem->what());
  }

  ClinicianSetup setup_;
  PlanEditor editor_;
  std::filesystem::path file_;
  LevelLibrary library_;
  std::vector<SessionResult> history_;     // the patient's level sessions so far
  std::optional<MeasuredRange> measured_;  // their latest range check
  char patient_[64] = "";
  std::string message_;
  std::optional<ClinicPlanTarget> clinic_;  // set: published to the clinic, not saved to file_
  std::future<Publication> publishing_;
  bool conflict_ = false;  // a colleague published first: open theirs to change it
};

std::unique_ptr<Screen> make_plan_edit_screen(GameContext& ctx, ClinicianSetup setup,
                                              PlanEditor editor, std::filesystem::path file,
                                              std::optional<ClinicPlanTarget> clinic) {
  return std::make_unique<PlanEditScreen>(ctx, std::move(setup), std::move(editor),
                                          std::move(file), std::move(clinic));
}

std::unique_ptr<Screen> make_plan_list_screen(GameContext& ctx, ClinicianSetup setup,
                                              std::string note) {
  return std::make_unique<PlanListScreen>(ctx, std::move(setup), std::move(note));
}
// [SECTION] Clinic: the clinician's patients from the clinic's database (their connection in
// DATA_DIR/clinician.toml, see clinic/clinician_view.hpp), one patient's progress and report
// from the clinic's copy, and their plan published as a new version. The database is read on
// a thread of its own: the page stays live, and says what it waits for.

std::unique_ptr<clinic::PgConnection> connect_clinician(const ClinicianSetup& setup) {
  return clinic::connect(
      clinic::read_connection_file(clinic::clinician_connection_file(setup.data_dir)), 5);
}

// Waits for `work` (run on its own thread), then goes on with its result, or with the problem
// in words when it threw a ClinicError.
template <typename T>
class ClinicWaitScreen : public Screen {
 public:
  ClinicWaitScreen(GameContext& ctx, ClinicianSetup setup, std::string waiting_for,
                   std::function<T()> work, std::function<std::unique_ptr<Screen>(T)> then,
                   std::function<std::unique_ptr<Screen>(std::string)> failed)
      : Screen(ctx), setup_(std::move(setup)), waiting_for_(std::move(waiting_for)),
        then_(std::move(then)), failed_(std::move(failed)),
        result_(std::async(std::launch::async, std::move(work))) {}
  std::string view_name() const override { return "clinic-waiting"; }
  std::unique_ptr<Screen> update(const FrameInput& in) override {
    on_screen_s_ += in.dt_s;
    const bool leaving = ui::begin_page(ctx_, "Clinic patients", leave_label(setup_));
    ui::text(waiting_for_, true);
    ui::end_page();
    leaving_ = leaving_ || leaving;  // once the database has answered (the wait is bounded)
    if (result_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return nullptr;
    if (leaving_) return leave(ctx_, setup_);
    try {
      return then_(result_.get());
    } catch (const clinic::ClinicError& e) {
      return failed_(e.what());
    }
  }

 private:
  ClinicianSetup setup_;
  std::string waiting_for_;
  std::function<std::unique_ptr<Screen>(T)> then_;
  std::function<std::unique_ptr<Screen>(std::string)> failed_;
  std::future<T> result_;
  bool leaving_ = false;
};

struct FollowedPatients {
  std::string server;
  storage::WallMs now_ms = 0;
  std::vector<clinic::PatientOverview> patients;
};

// "2 days ago", "today": how long since a server time, by local days.
std::string days_since(storage::WallMs then_ms, storage::WallMs now_ms) {
  const int64_t days = storage::local_day_number(now_ms) - storage::local_day_number(then_ms);
  if (days <= 0) return "today";
  if (days == 1) return "yesterday";
  return std::to_string(days) + " days ago";
}

// The clinician's patients: last session, sessions a week, pain trend and flags.
class ClinicListScreen : public Screen {
 public:
  ClinicListScreen(GameContext& ctx, ClinicianSetup setup, std::optional<FollowedPatients> list,
                   std::string problem)
      : Screen(ctx), setup_(std::move(setup)), list_(std::move(list)), problem_(std::move(problem)) {}
  std::string view_name() const override { return list_ ? "clinic-patients" : "clinic-unavailable"; }

  std::unique_ptr<Screen> update(const FrameInput& in) override {
    on_screen_s_ += in.dt_s;
    const bool leaving = ui::begin_page(ctx_, "Clinic patients", leave_label(setup_));
    std::unique_ptr<Screen> next;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    if (ImGui::Button("Levels")) next = make_level_list_screen(ctx_, setup_, {});
    ui::same_line_if_fits(ui::button_width("Patient plans"), gap);
    if (ImGui::Button("Patient plans")) next = make_plan_list_screen(ctx_, setup_, {});
    ui::same_line_if_fits(ui::button_width("Refresh"), gap);
    if (ImGui::Button("Refresh")) next = open_clinic_list(ctx_, setup_);
    if (!problem_.empty()) problem_line(problem_);
    if (list_) draw_list(next);
    ui::end_page();
    if (leaving) return leave(ctx_, setup_);
    return next;
  }

 private:
  void draw_list(std::unique_ptr<Screen>& next) {
    ui::text("Your patients at " + list_->server +
                 ". Flags look at the last 7 days; open a patient for their charts, report and "
                 "plan.",
             true);
    if (list_->patients.empty()) {
      ui::text("You follow no patients yet: the clinic's IT adds them with `midline clinic "
               "add-clinician ... --patient P-0001`.",
               true);
      return;
    }
    // A table while its five columns have room for their words; one patient under another,
    // line by line, at large text.
    if (ImGui::GetContentRegionAvail().x < ImGui::GetFontSize() * 42.0f) {
      for (const clinic::PatientOverview& p : list_->patients) {
        ImGui::Separator();
        if (ui::button(p.pseudonym.c_str()))
          next = open_clinic_patient(ctx_, setup_, p.pseudonym, false);
        char rate[32];
        std::snprintf(rate, sizeof rate, "%.1f", p.sessions_per_week);
        ui::text("Last session " + last_session(p) + "; " + rate + " sessions a week.");
        ui::text("Pain before sessions: " + clinic::pain_trend_words(p.pain) + ".");
        for (const std::string& w : clinic::flag_words(p)) problem_line(w);
      }
      return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("patients", 5, flags)) return;
    ImGui::TableSetupColumn("Patient", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Last session", ImGuiTableColumnFlags_WidthStretch, 1.1f);
    ImGui::TableSetupColumn("Sessions a week", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn("Pain before sessions", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn("Flags", ImGuiTableColumnFlags_WidthStretch, 2.2f);
    ImGui::TableHeadersRow();
    for (const clinic::PatientOverview& p : list_->patients) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (ui::button(p.pseudonym.c_str())) next = open_clinic_patient(ctx_, setup_, p.pseudonym, false);
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", last_session(p).c_str());
      ImGui::TableNextColumn();
      char rate[32];
      std::snprintf(rate, sizeof rate, "%.1f", p.sessions_per_week);
      ImGui::TextUnformatted(rate);
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", clinic::pain_trend_words(p.pain).c_str());
      ImGui::TableNextColumn();
      const auto words = clinic::flag_words(p);
      if (words.empty()) ImGui::TextDisabled("none");
      for (const std::string& w : words) problem_line(w);
    }
    ImGui::EndTable();
  }

  std::string last_session(const clinic::PatientOverview& p) const {
    return p.last_session_ms ? days_since(*p.last_session_ms, list_->now_ms) : "none yet";
  }

  ClinicianSetup setup_;
  std::optional<FollowedPatients> list_;
  std::string problem_;
};

std::unique_ptr<Screen> open_clinic_list(GameContext& ctx, ClinicianSetup setup) {
  const auto file = clinic::clinician_connection_file(setup.data_dir);
  if (!std::filesystem::exists(file)) {
    return std::make_unique<ClinicListScreen>(
        ctx, setup, std::nullopt,
        "No clinic connection for clinician mode on this account (" + file.string() +
            "). The clinic's IT makes one with `midline clinic add-clinician`; keep it here with "
            "`midline clinic enrol NAME.toml" +
            (setup.data_dir == storage::SessionStore::default_data_dir()
                 ? std::string()
                 : " --data-dir " + setup.data_dir.string()) +
            "`, then Refresh.");
  }
  return std::make_unique<ClinicWaitScreen<FollowedPatients>>(
      ctx, setup, "Reading your patients from the clinic's database...",
      [setup] {
        const auto pg = connect_clinician(setup);
        FollowedPatients out;
        out.server = pg->server();
        out.now_ms = clinic::server_now_ms(*pg);
        out.patients = clinic::followed_patients(*pg, out.now_ms);
        return out;
      },
      [&ctx, setup](FollowedPatients list) -> std::unique_ptr<Screen> {
        return std::make_unique<ClinicListScreen>(ctx, setup, std::move(list), std::string());
      },
      [&ctx, setup](std::string problem) -> std::unique_ptr<Screen> {
        return std::make_unique<ClinicListScreen>(
            ctx, setup, std::nullopt, as_sentence(problem) + " Refresh tries again.");
      });
}

// The patient's plan in the editor, to publish as the version after the newest (or a first
// plan from the ladder's first levels when the clinic has none yet).
std::unique_ptr<Screen> make_clinic_plan_screen(GameContext& ctx, const ClinicianSetup& setup,
                                                const clinic::ClinicPatient& patient) {
  const std::string& pseudonym = patient.progress.patient.pseudonym;
  const LevelLibrary library = load_library(setup);
  ClinicPlanTarget target{pseudonym, 0, {}, level_history(patient.exercises, library)};
  std::optional<PlanEditor> editor;
  std::string problem;
  if (patient.plan) {
    const PlanFileResult parsed = parse_plan(patient.plan->plan_toml, "the clinic's version " +
                                                                          std::to_string(patient.plan->version));
    if (parsed.plan) {
      editor.emplace(parsed.plan->plan);
      target.based_on = patient.plan->version;
      target.opened_text = patient.plan->plan_toml;
    } else {
      for (const auto& p : parsed.problems) problem += format_problem(p) + " ";
    }
  } else {
    editor.emplace(starting_plan(pseudonym, library), false);
  }
  if (!editor)
    return std::make_unique<ClinicListScreen>(ctx, setup, std::nullopt,
                                              "The newest plan of " + pseudonym +
                                                  " cannot be opened here: " + problem);
  return make_plan_edit_screen(ctx, setup, std::move(*editor),
                               std::filesystem::path("clinic") / (pseudonym + ".toml"),
                               std::move(target));
}

std::unique_ptr<Screen> open_clinic_patient(GameContext& ctx, ClinicianSetup setup,
                                            std::string pseudonym, bool to_plan) {
  return std::make_unique<ClinicWaitScreen<clinic::ClinicPatient>>(
      ctx, setup, "Reading " + pseudonym + "'s sessions and plan from the clinic's database...",
      [setup, pseudonym] {
        const auto pg = connect_clinician(setup);
        return clinic::load_clinic_patient(*pg, pseudonym);
      },
      [&ctx, setup, to_plan](clinic::ClinicPatient patient) -> std::unique_ptr<Screen> {
        if (to_plan) return make_clinic_plan_screen(ctx, setup, patient);
        ClinicProgress progress;
        progress.report_folder =
            setup.data_dir / "clinic-reports" / patient.progress.patient.pseudonym;
        progress.plan_label = patient.plan ? "Edit plan (version " +
                                                 std::to_string(patient.plan->version) + ")"
                                           : std::string("Make a plan (none yet)");
        progress.back = [&ctx, setup] { return open_clinic_list(ctx, setup); };
        progress.data = patient.progress;
        progress.edit_plan = [&ctx, setup, patient = std::move(patient)] {
          return make_clinic_plan_screen(ctx, setup, patient);
        };
        return make_clinic_progress_screen(ctx, std::move(progress));
      },
      [&ctx, setup](std::string problem) -> std::unique_ptr<Screen> {
        return std::make_unique<ClinicListScreen>(ctx, setup, std::nullopt,
                                                  as_sentence(problem));
      });
}


std::unique_ptr<Screen> make_level_list_screen(GameContext& ctx, ClinicianSetup setup,
                                               std::string note) {
  return std::make_unique<LevelListScreen>(ctx, std::move(setup), std::move(note));
}

}  // namespace

std::unique_ptr<Screen> make_clinician_pin_screen(GameContext& ctx, ClinicianSetup setup) {
  return std::make_unique<PinScreen>(ctx, std::move(setup));
}

// [SECTION] Window loop: set up, run the screens, shut down in reverse order.
int run_clinician(const ClinicianSetup& setup, const ClinicianRunOptions& options) {
  if (!options.screenshot_dir.empty()) std::filesystem::create_directories(options.screenshot_dir);
  DemoHead demo;
  // Smaller text than the patients' pages: a clinician at a desk, with more on each page.
  platform::Window window({"Midline - clinician", 1280, 720, false, 0.75});
  platform::Audio audio;
  GameContext ctx{demo, &demo, window, audio, {}, {}, {}};
  ctx.badge = "DEMO  -  no camera";
  std::unique_ptr<Screen> screen = make_clinician_pin_screen(ctx, setup);
  platform::FrameClock clock;
  double wall_s = 0.0;
  std::string shown_view;
  int screenshots = 0;
  while (!ctx.quit && (options.quit_after_s <= 0.0 || wall_s < options.quit_after_s)) {
    const double dt = clock.tick();
    wall_s += dt;
    const platform::FrameEvents events = window.begin_frame();
    if (events.quit) break;
    demo.advance(dt);  // the level preview moves it
    const std::string view = screen->view_name();
    if (auto next = screen->update({dt, events})) screen = std::move(next);
    if (!options.screenshot_dir.empty() && view != shown_view) {
      shown_view = view;
      char name[160];
      std::snprintf(name, sizeof name, "%02d-%s.png", ++screenshots, view.c_str());
      window.request_screenshot((std::filesystem::path(options.screenshot_dir) / name).string());
    }
    window.end_frame();
    clock.pace();
  }
  audio.set_tone(0.0, 0.0);
  return 0;
}

}  // namespace midline
