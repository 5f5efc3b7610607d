#include "exercises/catalogue.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <type_traits>

#include "exercises/guided_movement.hpp"
#include "exercises/hold_midline.hpp"
#include "exercises/limits.hpp"
#include "exercises/outcome.hpp"
#include "exercises/range_check.hpp"

namespace midline {

// [SECTION] Fields: a NumberField for the member that `Select` picks out of `Params`.
namespace {

template <typename Params, auto Select>
constexpr NumberField number(std::string_view key, std::string_view label, double min, double max,
                             std::string_view unit, std::string_view why) {
  using Value = std::remove_cvref_t<decltype(Select(std::declval<Params&>()))>;
  return NumberField{
      {min, max, std::is_integral_v<Value>, unit, why},
      key,
      label,
      [](const ExerciseParams& params) {
        return static_cast<double>(Select(std::get<Params>(params)));
      },
      [](ExerciseParams& params, double value) {
        if constexpr (std::is_integral_v<Value>) {
          // Huge counts become the largest the type holds, still far out of range.
          const double bounded =
              std::isnan(value) ? 0.0
                                : std::clamp(value, double{std::numeric_limits<Value>::min()},
                                             double{std::numeric_limits<Value>::max()});
          Select(std::get<Params>(params)) = static_cast<Value>(std::llround(bounded));
        } else {
          Select(std::get<Params>(params)) = value;
        }
      }};
}

// A field that level files written before it may leave out.
constexpr NumberField optional_in_file(NumberField field) {
  field.optional_in_file = true;
  return field;
}

constexpr std::string_view kToleranceWhy =
    "never tighter than 5: tracker error plus the error of finding neutral add up to about that";
constexpr std::string_view kRepetitionsWhy = "6-10 is usual; more in one level tires the neck";
constexpr std::string_view kRestWhy = "rests are never zero; 15-30 seconds is usual";

template <typename Params>
constexpr std::array<NumberField, 3> tolerance_fields() {
  return {
      number<Params, [](auto& p) -> auto& { return p.tolerance.rotation_deg; }>(
          "tolerance_deg.rotation", "Zone, turning (either side)",
          limits::kMinToleranceDeg, limits::kMaxToleranceDeg,
          "degrees", kToleranceWhy),
      number<Params, [](auto& p) -> auto& { return p.tolerance.tilt_deg; }>(
          "tolerance_deg.tilt", "Zone, ear toward shoulder (either side)",
          limits::kMinToleranceDeg, limits::kMaxToleranceDeg, "degrees",
          kToleranceWhy),
      number<Params, [](auto& p) -> auto& { return p.tolerance.flexion_deg; }>(
          "tolerance_deg.flexion", "Zone, chin down or up (either side)",
          limits::kMinToleranceDeg, limits::kMaxToleranceDeg,
          "degrees", kToleranceWhy),
  };
}

// How many of an outcome's repetitions reached their goal. (Shares of time in the zone are
// session figures, computed once in storage/session_figures.)
int reached(const ExerciseOutcome& e) {
  return static_cast<int>(std::count_if(e.repetitions.begin(), e.repetitions.end(),
                                        [](const RepetitionMetrics& m) { return m.goal_reached; }));
}

std::string line(const char* format, auto... values) {
  char text[240];
  std::snprintf(text, sizeof text, format, values...);
  return text;
}

// [SECTION] Hold the midline
constexpr auto kHoldTolerance = tolerance_fields<HoldMidlineParams>();
constexpr std::array<NumberField, 7> kHoldFields{
    number<HoldMidlineParams, [](auto& p) -> auto& { return p.hold_s; }>(
        "hold_s", "Hold for", 1.0, 120.0, "seconds",
        "holds grow from 5 to 60 seconds; past 2 minutes the neck tires"),
    number<HoldMidlineParams, [](auto& p) -> auto& { return p.repetitions; }>(
        "repetitions", "Repetitions", 1.0, 20.0, "", kRepetitionsWhy),
    number<HoldMidlineParams, [](auto& p) -> auto& { return p.rest_between_s; }>(
        "rest_between_s", "Rest between repetitions", 5.0, 300.0, "seconds", kRestWhy),
    kHoldTolerance[0],
    kHoldTolerance[1],
    kHoldTolerance[2],
    optional_in_file(number<HoldMidlineParams, [](auto& p) -> auto& { return p.scene_shown_percent; }>(
        "scene_shown_percent", "Scene shown in each hold", 0.0, 100.0, "percent of the hold",
        "fading feedback: 100 shows the whole hold, 50 the first half, 0 only a result at the "
        "end; less helps the posture stay without the screen")),
};

// Fading feedback, said before the hold begins, so the resting screen is no surprise.
std::string hold_introduction_with_fading(const HoldMidlineParams& p, std::string said) {
  if (p.scene_shown_percent >= 100) return said;
  if (p.scene_shown_percent <= 0)
    return said + " This time the screen rests during each hold: keep your head where it "
                  "is, and you will see how you did at the end.";
  return said + line(" The picture stays for the first %d%% of each hold, then the screen "
                     "rests: keep your head where it is, and you will see how you did at the end.",
                     p.scene_shown_percent);
}

std::string hold_introduction(const ExerciseParams& params) {
  const auto& p = std::get<HoldMidlineParams>(params);
  char s[300];
  std::snprintf(s, sizeof s,
                "Keep the boat on still water between the two buoys: rest your head near your "
                "midline for %.0f seconds while the sun rises, %d times, with a rest between.",
                p.hold_s, p.repetitions);
  return hold_introduction_with_fading(p, s);
}

std::string hold_summary(const ExerciseOutcome& e) {
  return line("%d of %d holds filled", reached(e), e.repetitions_planned);
}


// [SECTION] Guided movement
constexpr auto kGuidedTolerance = tolerance_fields<GuidedMovementParams>();
constexpr std::array<NumberField, 8> kGuidedFields{
    number<GuidedMovementParams, [](auto& p) -> auto& { return p.amplitude_deg; }>(
        "amplitude_deg", "How far the guide goes from the midline", 3.0, limits::kMaxAmplitudeRotationDeg, "degrees",
        "guided movements start at 30-50% of the patient's range"),
    number<GuidedMovementParams, [](auto& p) -> auto& { return p.speed_deg_per_s; }>(
        "speed_deg_per_s", "Guide's top speed", 2.0, limits::kMaxSpeedDegPerS, "degrees per second",
        "guided movements are slow: 10-20 degrees per second at most"),
    number<GuidedMovementParams, [](auto& p) -> auto& { return p.hold_at_end_s; }>(
        "hold_at_end_s", "Pause at the far end", 0.0, 10.0, "seconds", "a short, comfortable pause at the end"),
    number<GuidedMovementParams, [](auto& p) -> auto& { return p.repetitions; }>(
        "repetitions", "Repetitions", 1.0, 20.0, "", kRepetitionsWhy),
    number<GuidedMovementParams, [](auto& p) -> auto& { return p.rest_between_s; }>(
        "rest_between_s", "Rest between repetitions", 5.0, 300.0, "seconds", kRestWhy),
    kGuidedTolerance[0],
    kGuidedTolerance[1],
    kGuidedTolerance[2],
};

std::string guided_introduction(const ExerciseParams& params) {
  const auto& p = std::get<GuidedMovementParams>(params);
  char s[300];
  std::snprintf(s, sizeof s,
                "Follow the guide slowly with your head: out, a short wait, and back to the "
                "middle, %d times. Staying close matters; going further or faster does not.",
                p.repetitions);
  return s;
}

double guided_effort_s(const ExerciseParams& params) {
  const auto& p = std::get<GuidedMovementParams>(params);
  if (!(p.amplitude_deg > 0.0 && p.speed_deg_per_s > 0.0)) return 0.0;
  return GuidedMovement(p, +1).repetition_duration_s();  // out, pause, back, settle
}

std::string guided_summary(const ExerciseOutcome& e) {
  return line("%zu of %d movements", e.repetitions.size(), e.repetitions_planned);
}

// [SECTION] Range check
constexpr std::array<NumberField, 2> kRangeCheckFields{
    number<RangeCheckParams, [](auto& p) -> auto& { return p.hold_at_end_s; }>(
        "hold_at_end_s", "Pause at each end", 0.0, 10.0, "seconds", "a short, comfortable pause at each end"),
    number<RangeCheckParams, [](auto& p) -> auto& { return p.settle_time_s; }>(
        "settle_time_s", "Stillness that marks an end", 0.5, 5.0, "seconds", "how long the head is still before an end counts"),
};

std::string range_summary(const ExerciseOutcome& e) {
  static const char* short_names[] = {"left turn", "right turn", "left tilt",
                                      "right tilt", "chin down", "look up"};
  std::string s;
  for (size_t i = 0; i < e.ranges.size() && i < std::size(short_names); ++i)
    s += line("%s%s %.0f deg", i ? ",  " : "", short_names[i], e.ranges[i].reached_deg);
  return s.empty() ? "Not finished" : s;
}

// [SECTION] Look and return
constexpr auto kLookTolerance = tolerance_fields<LookAndReturnParams>();
constexpr std::array<NumberField, 6> kLookFields{
    number<LookAndReturnParams, [](auto& p) -> auto& { return p.share_of_range; }>(
        "share_of_range", "Mark's distance", 0.1, 0.5, "share of the normal range",
        "movements start at 30-50% of the range; the mark never asks for more than half"),
    number<LookAndReturnParams, [](auto& p) -> auto& { return p.hold_s; }>(
        "hold_s", "Moment at the mark", 0.5, 10.0, "seconds", "a short, comfortable moment at the mark"),
    number<LookAndReturnParams, [](auto& p) -> auto& { return p.rest_between_s; }>(
        "rest_between_s", "Rest between directions", 3.0, 120.0, "seconds", "a breath between directions"),
    kLookTolerance[0],
    kLookTolerance[1],
    kLookTolerance[2],
};

std::string look_introduction(const ExerciseParams&) {
  return "A mark waits a little way out in each of six directions. Turn slowly to look at it, "
         "stay a moment, and come back to the middle. Arriving calmly matters; going further "
         "or faster does not.";
}

std::string look_summary(const ExerciseOutcome& e) {
  return line("%d of %d directions looked at and back to the middle", reached(e),
              e.repetitions_planned);
}

// [SECTION] Felt midline
constexpr std::array<NumberField, 4> kFeltFields{
    number<FeltMidlineParams, [](auto& p) -> auto& { return p.turn_deg; }>(
        "turn_deg", "How far to turn first", 10.0, 60.0, "degrees",
        "well away from the middle, within a comfortable range"),
    number<FeltMidlineParams, [](auto& p) -> auto& { return p.eyes_closed; }>(
        "eyes_closed", "Eyes closed (1) or open (0)", 0.0, 1.0, "",
        "the clinical test is run with eyes closed; open is easier"),
    number<FeltMidlineParams, [](auto& p) -> auto& { return p.still_s; }>(
        "still_s", "Keeping still says here after", 0.5, 5.0, "seconds",
        "a moment of stillness, for those who cannot reach the keyboard"),
    number<FeltMidlineParams, [](auto& p) -> auto& { return p.rest_between_s; }>(
        "rest_between_s", "Rest between trials", 2.0, 120.0, "seconds", "a breath between trials"),
};

std::string felt_introduction(const ExerciseParams& p) {
  // Short: the level's instruction says what to do, and Begin must stay in view.
  return std::string("A test, not a game, with no picture of your head. ") +
         (std::get<FeltMidlineParams>(p).eyes_closed ? "Eyes closed for each trial. " : "") +
         "Six times, left and right in turn; Space or keeping still says \"here\".";
}

std::string felt_summary(const ExerciseOutcome& e) {
  const auto left = felt_midline_error(e.felt_midline, 1);
  const auto right = felt_midline_error(e.felt_midline, -1);
  if (!left && !right) return "Not finished";
  auto words = [](const std::optional<double>& v) {
    return v ? line("%.0f deg", *v) : std::string("-");
  };
  return "Felt middle, mean error: " + words(left) + " after turning left, " + words(right) +
         " after turning right (healthy: about 3-4.5)";
}

// The catalogue, in ExerciseType order.
const std::array<ExerciseKind, 5> kCatalogue{{
    {.type = ExerciseType::hold_midline,
     .key = "hold_midline",
     .title = "Hold the midline",
     .new_level_label = "New hold",
     .assessment = false,
     .calm_tone = true,
     .scene = SceneKind::still_water,
     .fields = kHoldFields,
     .defaults = [] { return ExerciseParams{HoldMidlineParams{}}; },
     .repetitions = [](const ExerciseParams& p) { return std::get<HoldMidlineParams>(p).repetitions; },
     .rest_between_s =
         [](const ExerciseParams& p) { return std::get<HoldMidlineParams>(p).rest_between_s; },
     .effort_per_repetition_s =
         [](const ExerciseParams& p) { return std::get<HoldMidlineParams>(p).hold_s; },
     .introduction = hold_introduction,
     .make = [](const ExerciseParams& p, const HeadAngles& midline) -> std::unique_ptr<Exercise> {
       return std::make_unique<HoldMidline>(std::get<HoldMidlineParams>(p), midline);
     },
     .summary = hold_summary,
     .repetition_word = "Round"},
    {.type = ExerciseType::guided_movement,
     .key = "guided_movement",
     .title = "Guided movement",
     .new_level_label = "New guided movement",
     .assessment = false,
     .calm_tone = false,
     .scene = SceneKind::follow_track,
     .fields = kGuidedFields,
     .defaults = [] { return ExerciseParams{GuidedMovementParams{}}; },
     .repetitions =
         [](const ExerciseParams& p) { return std::get<GuidedMovementParams>(p).repetitions; },
     .rest_between_s =
         [](const ExerciseParams& p) { return std::get<GuidedMovementParams>(p).rest_between_s; },
     .effort_per_repetition_s = guided_effort_s,
     .introduction = guided_introduction,
     .make = [](const ExerciseParams& p, const HeadAngles& midline) -> std::unique_ptr<Exercise> {
       const auto& g = std::get<GuidedMovementParams>(p);
       return std::make_unique<GuidedMovement>(g, movement_side(g.direction, g.axis, {}), midline);
     },
     .summary = guided_summary,
     .repetition_word = "Round"},
    {.type = ExerciseType::range_check,
     .key = "range_check",
     .title = "Range check",
     .new_level_label = "New range check",
     .assessment = true,
     .calm_tone = false,
     .scene = SceneKind::range_arc,
     .fields = kRangeCheckFields,
     .defaults = [] { return ExerciseParams{RangeCheckParams{}}; },
     .repetitions = [](const ExerciseParams&) { return static_cast<int>(range_directions().size()); },
     .rest_between_s = [](const ExerciseParams&) { return RangeCheck::kRestBetweenDirectionsS; },
     .effort_per_repetition_s =
         [](const ExerciseParams& p) {
           const auto& r = std::get<RangeCheckParams>(p);
           return r.hold_at_end_s + r.settle_time_s;
         },
     .introduction =
         [](const ExerciseParams&) -> std::string {
       return "A check, not a game. Move gently in each direction only as far as is "
              "comfortable, stay a moment, and come back. Nothing here rewards pushing.";
     },
     .make = [](const ExerciseParams& p, const HeadAngles&) -> std::unique_ptr<Exercise> {
       return std::make_unique<RangeCheck>(std::get<RangeCheckParams>(p));
     },
     .summary = range_summary,
     .repetition_word = "Direction"},
    {.type = ExerciseType::look_and_return,
     .key = "look_and_return",
     .title = "Look and return",
     .new_level_label = "New look and return",
     .assessment = false,
     .calm_tone = false,
     .scene = SceneKind::look_marks,
     .fields = kLookFields,
     .defaults = [] { return ExerciseParams{LookAndReturnParams{}}; },
     .repetitions = [](const ExerciseParams&) { return LookAndReturn::kDirections; },
     .rest_between_s =
         [](const ExerciseParams& p) { return std::get<LookAndReturnParams>(p).rest_between_s; },
     .effort_per_repetition_s =
         [](const ExerciseParams& p) {
           // Out and back at a gentle 10 degrees per second, the moment at the mark and at
           // the middle: the largest mark (rotation) stands for all six.
           const auto& l = std::get<LookAndReturnParams>(p);
           return 2.0 * look_mark_deg(Axis::rotation, +1, l.share_of_range) / 10.0 + l.hold_s + 1.0;
         },
     .introduction = look_introduction,
     .make = [](const ExerciseParams& p, const HeadAngles& midline) -> std::unique_ptr<Exercise> {
       return std::make_unique<LookAndReturn>(std::get<LookAndReturnParams>(p), midline);
     },
     .summary = look_summary,
     .repetition_word = "Direction",
     .reach_deg =
         [](const ExerciseParams& p, Axis axis, int side) {
           return look_mark_deg(axis, side, std::get<LookAndReturnParams>(p).share_of_range);
         },
     .reach_field = "share_of_range"},
    {.type = ExerciseType::felt_midline,
     .key = "felt_midline",
     .title = "Felt midline test",
     .new_level_label = "New felt midline test",
     .assessment = true,
     .calm_tone = false,
     .scene = SceneKind::no_head,
     .fields = kFeltFields,
     .defaults = [] { return ExerciseParams{FeltMidlineParams{}}; },
     .repetitions = [](const ExerciseParams&) { return FeltMidline::kTrials; },
     .rest_between_s =
         [](const ExerciseParams& p) { return std::get<FeltMidlineParams>(p).rest_between_s; },
     .effort_per_repetition_s =
         [](const ExerciseParams& p) {
           const auto& f = std::get<FeltMidlineParams>(p);
           return 2.0 * f.turn_deg / 10.0 + f.still_s;  // out and back at 10 deg/s, then still
         },
     .introduction = felt_introduction,
     // The error is from the body midline whatever the session's target: no midline argument.
     .make = [](const ExerciseParams& p, const HeadAngles&) -> std::unique_ptr<Exercise> {
       return std::make_unique<FeltMidline>(std::get<FeltMidlineParams>(p));
     },
     .summary = felt_summary,
     .repetition_word = "Trial",
     .reach_deg =
         [](const ExerciseParams& p, Axis axis, int) {
           return axis == Axis::rotation ? std::get<FeltMidlineParams>(p).turn_deg : 0.0;
         },
     .reach_field = "turn_deg"},
}};

static_assert(std::variant_size_v<ExerciseParams> == kCatalogue.size(),
              "every ExerciseParams alternative has its catalogue entry");

}  // namespace

bool NumberLimits::allows(double value) const {
  return std::isfinite(value) && value >= min && value <= max &&
         (!whole || value == std::floor(value));
}

std::span<const ExerciseKind> exercise_catalogue() { return kCatalogue; }

const ExerciseKind& exercise_kind(ExerciseType type) {
  return kCatalogue.at(static_cast<size_t>(type));
}

const ExerciseKind& exercise_kind(const ExerciseParams& params) {
  return kCatalogue.at(params.index());  // the variant lists types in enum order
}

const ExerciseKind* find_exercise_kind(std::string_view key) {
  for (const ExerciseKind& kind : kCatalogue)
    if (kind.key == key) return &kind;
  return nullptr;
}

double exercise_duration_s(const ExerciseParams& params) {
  const ExerciseKind& kind = exercise_kind(params);
  const int repetitions = kind.repetitions(params);
  return repetitions * kind.effort_per_repetition_s(params) +
         std::max(repetitions - 1, 0) * kind.rest_between_s(params);
}

}  // namespace midline
