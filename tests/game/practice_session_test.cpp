// The session core played without a window: a person who follows what each exercise asks,
// a camera at 30 frames/s, and the commands a screen would post. Checks what the session
// records, what it says to play, and what the store keeps. Links midline_session only (no
// SDL, ImGui or OpenGL).

#include "session/practice_session.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "exercises/guided_movement.hpp"  // on_axis
#include "game/synthetic_samples.hpp"
#include "session/session_log.hpp"
#include "session/todays_plan.hpp"
#include "storage/session_recorder.hpp"
#include "storage/session_store.hpp"
#include "storage/temp_dir.hpp"

namespace midline {
namespace {

using testing::kFrameS;

std::vector<PlannedExercise> three_kinds() {
  HoldMidlineParams hold;
  hold.hold_s = 2.0;
  hold.repetitions = 2;
  hold.rest_between_s = 5.0;
  LookAndReturnParams look;
  look.share_of_range = 0.2;
  look.hold_s = 1.0;
  look.rest_between_s = 3.0;
  return {{"Hold", hold}, {"Look", look}, {"Range", RangeCheckParams{}}};
}

// A person in front of a camera: eases toward what the exercise asks with a 0.3 s lag, goes
// 30 degrees where asked to go as far as is comfortable, and answers the pages.
struct Player {
  HeadAngles head;
  double t = 0.0;
  int published = 0;
  // Overrides where the head goes (for a person who cannot follow); empty: follows.
  std::function<std::optional<HeadAngles>(const PracticeSession&)> goal_override;

  HeadAngles goal(const PracticeSession& s) const {
    if (goal_override)
      if (auto g = goal_override(s)) return *g;
    if (s.stage() != SessionStage::exercising) return {};
    const Exercise::Asked asked = s.exercise()->asked();
    if (asked.explore) return on_axis(asked.explore->axis, asked.explore->side * 30.0);
    return asked.at;
  }

  void frame(PracticeSession& s) {
    const HeadAngles g = goal(s);
    const double k = kFrameS / 0.3;
    head.rotation_deg += (g.rotation_deg - head.rotation_deg) * k;
    head.tilt_deg += (g.tilt_deg - head.tilt_deg) * k;
    head.flexion_deg += (g.flexion_deg - head.flexion_deg) * k;
    t += kFrameS;
    const HeadSample sample = testing::sample_at(t, head);
    ++published;
    s.advance(kFrameS, {{sample}, sample});
  }
};

// Plays until the exercises are over (or `limit_s`), answering each page as a person would:
// Begin on an introduction, effort 4 after a set. Returns the chimes heard.
int play(PracticeSession& s, Player& player, double limit_s = 600.0) {
  int chimes = 0;
  for (double t = 0.0; t < limit_s && s.stage() != SessionStage::checking_out; t += kFrameS) {
    if (s.stage() == SessionStage::introducing) s.begin_exercise();
    if (s.stage() == SessionStage::rating_effort) s.rate_effort(4);
    player.frame(s);
    for (SessionSound sound : s.take_sounds()) chimes += sound == SessionSound::chime;
  }
  return chimes;
}

TEST(PracticeSession, PlaysAWholeSessionWithoutAWindowAndTheStoreKeepsIt) {
  testing::TempDir dir;
  Player player;
  int chimes = 0;
  {
    SessionLog log(dir.path());
    log.choose_player("Ana");
    PracticeSession session(three_kinds(), {.player = "Ana", .plan_name = "test", .supervised = false,
                                            .shaping = {}},
                            log, {2, 3});
    EXPECT_EQ(session.stage(), SessionStage::setting_up);
    session.start_exercises();
    EXPECT_EQ(session.stage(), SessionStage::introducing);
    chimes = play(session, player);
    ASSERT_EQ(session.stage(), SessionStage::checking_out);
    session.check_out(CheckInAnswers{2, 4});
    EXPECT_EQ(session.stage(), SessionStage::ended);

    const SessionOutcome& r = session.record();
    ASSERT_EQ(r.exercises.size(), 3u);
    EXPECT_FALSE(r.stopped_early);
    EXPECT_EQ(r.exercises[0].type, ExerciseType::hold_midline);
    EXPECT_EQ(r.exercises[0].repetitions.size(), 2u);
    EXPECT_TRUE(std::all_of(r.exercises[0].repetitions.begin(), r.exercises[0].repetitions.end(),
                            [](const RepetitionMetrics& m) { return m.goal_reached; }));
    EXPECT_GE(r.exercises[0].repetitions[0].longest_in_zone_s, 2.0);
    EXPECT_EQ(r.exercises[0].effort, 4);
    EXPECT_EQ(r.exercises[1].type, ExerciseType::look_and_return);
    ASSERT_EQ(r.exercises[1].repetitions.size(), 6u);
    for (const RepetitionMetrics& m : r.exercises[1].repetitions)
      EXPECT_TRUE(m.goal_reached) << "direction " << m.repetition;
    EXPECT_EQ(r.exercises[1].effort, 4);
    // The range check is a check: no effort asked, and the 30 degrees the person went.
    EXPECT_FALSE(r.exercises[2].effort);
    ASSERT_EQ(r.exercises[2].ranges.size(), 6u);
    for (const RangeResult& range : r.exercises[2].ranges) EXPECT_NEAR(range.reached_deg, 30.0, 2.0);
    // A chime for each repetition of practice that reached its goal; none for the check.
    EXPECT_EQ(chimes, 2 + 6);
  }
  storage::SessionStore store(dir.path());
  const auto patient = store.find_patient("P-0001");
  ASSERT_TRUE(patient);
  const auto sessions = store.sessions(patient->id);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].end_reason, storage::EndReason::finished);
  EXPECT_EQ(sessions[0].repetitions, 2 + 6 + 6);
  EXPECT_EQ(sessions[0].pain_after, 2);
  const auto exercises = store.exercises(sessions[0].id);
  ASSERT_EQ(exercises.size(), 3u);
  EXPECT_EQ(exercises[1].exercise_type, "look_and_return");
  // The recorder kept the camera's samples at its own rate (25 of the camera's 30 a second),
  // not one a frame of the screen.
  const double expected = player.published * storage::RecorderOptions{}.sample_rate_hz * kFrameS;
  EXPECT_NEAR(static_cast<double>(store.samples(sessions[0].id).size()), expected, 3.0);
}

// The samples a kept session stored, played again through a new session (not kept) at the
// store's own rate, with the same answers on each page: the same repetitions reach their goal.
TEST(PracticeSession, ASessionReplayedFromItsStoredSamplesComesToTheSameResults) {
  testing::TempDir dir;
  std::vector<std::vector<bool>> first_reached;
  {
    SessionLog log(dir.path());
    log.choose_player("Ana");
    PracticeSession session(three_kinds(), {}, log, {2, 3});
    session.start_exercises();
    Player player;
    play(session, player);
    session.check_out(CheckInAnswers{2, 3});
    for (const ExerciseOutcome& e : session.record().exercises) {
      first_reached.emplace_back();
      for (const RepetitionMetrics& m : e.repetitions) first_reached.back().push_back(m.goal_reached);
    }
  }
  storage::SessionStore store(dir.path(), storage::SessionStore::Mode::inspect);
  const auto stored = store.samples(store.sessions(store.patients().at(0).id).at(0).id);
  ASSERT_GT(stored.size(), 1000u);

  SessionLog not_kept;
  PracticeSession replay(three_kinds(), {}, not_kept, {2, 3});
  replay.start_exercises();
  double previous_t = stored.front().t_s;
  int64_t frame = 0;
  for (const storage::StoredSample& row : stored) {
    if (replay.stage() == SessionStage::introducing) replay.begin_exercise();
    if (replay.stage() == SessionStage::rating_effort) replay.rate_effort(4);
    HeadSample sample;
    sample.time_s = row.t_s;
    sample.frame_index = ++frame;
    sample.quality = row.quality;
    sample.calibrated = row.calibrated;
    if (!row.face_lost) {
      FaceMeasurement face;
      face.angles = {row.rotation_deg, row.tilt_deg, row.flexion_deg};
      sample.face = face;
    }
    replay.advance(row.t_s - previous_t, {{sample}, sample});
    previous_t = row.t_s;
  }
  EXPECT_EQ(replay.stage(), SessionStage::checking_out);
  ASSERT_EQ(replay.record().exercises.size(), first_reached.size());
  for (size_t i = 0; i < first_reached.size(); ++i) {
    std::vector<bool> reached;
    for (const RepetitionMetrics& m : replay.record().exercises[i].repetitions) reached.push_back(m.goal_reached);
    EXPECT_EQ(reached, first_reached[i]) << "exercise " << i + 1;
  }
}

TEST(PracticeSession, AClinicianSkipIsShownAsSkippedAndAsksNoEffort) {
  SessionLog log;  // kept nowhere
  PracticeSession session(three_kinds(), {}, log, {2, 3});
  session.start_exercises();
  session.begin_exercise();
  Player player;
  for (int i = 0; i < 30; ++i) player.frame(session);
  session.skip_exercise();
  EXPECT_EQ(session.stage(), SessionStage::introducing);
  EXPECT_EQ(session.exercise_index(), 1u);
  ASSERT_EQ(session.record().exercises.size(), 1u);
  EXPECT_TRUE(session.record().exercises[0].skipped);
  EXPECT_FALSE(session.record().exercises[0].effort);
}

TEST(PracticeSession, FinishingForTodayIsKeptAsAStopForFatigue) {
  testing::TempDir dir;
  size_t shown = 0;
  {
    SessionLog log(dir.path());
    log.choose_player("Ana");
    PracticeSession session(three_kinds(), {}, log, {6, 7});
    session.start_exercises();
    session.begin_exercise();
    Player player;
    for (int i = 0; i < 30; ++i) player.frame(session);  // 1 s: mid-hold
    session.stop(StopReason::fatigue);
    EXPECT_EQ(session.stage(), SessionStage::checking_out);
    EXPECT_EQ(session.tone_volume(), 0.0);
    session.check_out(std::nullopt);
    EXPECT_TRUE(session.record().stopped_early);
    ASSERT_EQ(session.record().exercises.size(), 1u);  // the hold, as it stood
    shown = session.record().exercises[0].repetitions.size();
  }
  storage::SessionStore store(dir.path());
  const auto sessions = store.sessions(store.find_patient("P-0001")->id);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].end_reason, storage::EndReason::stopped_for_fatigue);
  // The repetition under way when the session stopped is kept as the summary shows it.
  const auto exercises = store.exercises(sessions[0].id);
  ASSERT_EQ(exercises.size(), 1u);
  EXPECT_GE(shown, 1u);
  EXPECT_EQ(exercises[0].repetitions.size(), shown);
}

// Each stop is kept under its own reason (a clinician's stop was once kept as the patient's).
TEST(PracticeSession, AClinicianStopIsKeptAsTheClinicians) {
  testing::TempDir dir;
  {
    SessionLog log(dir.path());
    log.choose_player("Ana");
    PracticeSession session(three_kinds(), {}, log, {2, 2});
    session.start_exercises();
    session.begin_exercise();
    session.stop(StopReason::clinician);
    EXPECT_EQ(session.stage(), SessionStage::checking_out);  // the clinician's own choice
    session.check_out(CheckInAnswers{2, 2});
  }
  storage::SessionStore store(dir.path());
  const auto sessions = store.sessions(store.find_patient("P-0001")->id);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].end_reason, storage::EndReason::stopped_by_clinician);
}

// The patient's Stop asks why before the check-out; the answer is kept as the reason, and a
// skipped question as the patient's stop.
TEST(PracticeSession, APatientsStopAsksWhyAndKeepsTheAnswer) {
  testing::TempDir dir;
  {
    SessionLog log(dir.path());
    log.choose_player("Ana");
    for (const std::optional<StopReason> why : {std::optional(StopReason::pain),
                                                std::optional(StopReason::technical),
                                                std::optional<StopReason>()}) {
      PracticeSession session(three_kinds(), {}, log, {8, 5});
      session.start_exercises();
      session.begin_exercise();
      Player player;
      for (int i = 0; i < 30; ++i) player.frame(session);
      session.stop(StopReason::patient);
      EXPECT_EQ(session.stage(), SessionStage::asking_why);
      EXPECT_FALSE(session.in_exercises());
      session.stop(StopReason::patient);  // a second Stop changes nothing
      EXPECT_EQ(session.stage(), SessionStage::asking_why);
      session.explain_stop(why);
      EXPECT_EQ(session.stage(), SessionStage::checking_out);
      EXPECT_EQ(session.record().stop_reason, why.value_or(StopReason::patient));
      session.check_out(CheckInAnswers{9, 6});
    }
  }
  storage::SessionStore store(dir.path());
  const auto sessions = store.sessions(store.find_patient("P-0001")->id);
  ASSERT_EQ(sessions.size(), 3u);
  EXPECT_EQ(sessions[0].end_reason, storage::EndReason::stopped_for_pain);
  EXPECT_EQ(sessions[1].end_reason, storage::EndReason::stopped_for_technical);
  EXPECT_EQ(sessions[2].end_reason, storage::EndReason::stopped_by_patient);
}

// Closing the window on the question still ends the session, kept as the patient's stop.
TEST(PracticeSession, ClosingOnTheQuestionEndsTheSession) {
  SessionLog log;
  PracticeSession session(three_kinds(), {}, log, {2, 2});
  session.start_exercises();
  session.begin_exercise();
  session.stop(StopReason::patient);
  session.end_now();
  EXPECT_EQ(session.stage(), SessionStage::ended);
  EXPECT_EQ(session.record().stop_reason, StopReason::patient);
}

TEST(PracticeSession, AFrozenCameraPausesTheExerciseAndThePanelStillSeesTheLastSample) {
  SessionLog log;
  PracticeSession session(three_kinds(), {}, log, {2, 3});
  session.start_exercises();
  session.begin_exercise();
  const HeadSample still = testing::sample_at(1.0, {});
  for (int i = 0; i < 40; ++i) session.advance(kFrameS, {{}, still});  // the same frame again
  EXPECT_TRUE(session.camera_stale());
  EXPECT_FALSE(session.sample());  // the rules see no sample
  ASSERT_TRUE(session.newest());   // the panel still shows the last one
  EXPECT_EQ(session.exercise()->pause(), PauseReason::face_lost);
}

TEST(PracticeSession, ItsPacingOffersARestWhenHoldsFallAway) {
  SessionLog log;
  std::vector<PlannedExercise> plan = three_kinds();
  std::get<HoldMidlineParams>(plan[0].params).repetitions = 6;
  PracticeSession session(plan, {}, log, {2, 3});
  session.start_exercises();
  Player player;
  // Three good holds, then a head that drifts 20 degrees away and stays there.
  player.goal_override = [](const PracticeSession& s) -> std::optional<HeadAngles> {
    if (s.stage() == SessionStage::exercising && s.exercise()->repetition() > 3)
      return HeadAngles{20.0, 0.0, 0.0};
    return std::nullopt;
  };
  bool advised = false;
  for (double t = 0.0; t < 300.0 && session.stage() != SessionStage::rating_effort; t += kFrameS) {
    if (session.stage() == SessionStage::introducing) session.begin_exercise();
    player.frame(session);
    advised = advised || session.advice().action == pacing::PacingAction::offer_rest;
  }
  EXPECT_TRUE(advised);
  EXPECT_FALSE(session.advice().message.empty());
}

// The plan's minutes end a session gently: the hold under way is finished, its set is rated,
// and the check-out follows; no further exercise begins. Kept as finished, with a note. (The
// session limit was once never read: a 15-minute plan ran as long as its exercises.)
TEST(PracticeSession, ThePlansMinutesEndTheSessionAfterTheRepetitionUnderWay) {
  testing::TempDir dir;
  HoldMidlineParams hold;
  hold.hold_s = 20.0;  // the limit, 15 s in, falls in the first hold
  hold.repetitions = 10;
  hold.rest_between_s = 5.0;
  int under_way = 0;  // the repetition running when the minutes ran out
  {
    SessionLog log(dir.path());
    log.choose_player("Ana");
    PracticeSession session({{"Hold", hold}, {"Look", LookAndReturnParams{}}},
                            {.player = "Ana", .minutes_allowed = 0.25}, log, {2, 3});
    session.start_exercises();
    session.begin_exercise();
    Player player;
    for (double t = 0.0; t < 120.0 && session.stage() == SessionStage::exercising; t += kFrameS) {
      player.frame(session);
      if (session.time_up() && !under_way) {
        ASSERT_EQ(session.stage(), SessionStage::exercising) << "a repetition was under way";
        ASSERT_EQ(session.exercise()->phase(), ExercisePhase::repetition);
        under_way = session.exercise()->repetition();
      }
    }
    ASSERT_EQ(under_way, 1) << "the limit came 15 s into the first 20 s hold";
    EXPECT_EQ(session.stage(), SessionStage::rating_effort);  // the set was practice: rated
    session.rate_effort(3);
    EXPECT_EQ(session.stage(), SessionStage::checking_out);
    EXPECT_EQ(session.exercise_index(), 0u);  // the second exercise never began
    const ExerciseOutcome& done = session.record().exercises.at(0);
    ASSERT_EQ(done.repetitions.size(), static_cast<size_t>(under_way));
    EXPECT_TRUE(done.repetitions.back().goal_reached) << "the last hold was finished, not cut";
    session.check_out(CheckInAnswers{2, 3});
    EXPECT_FALSE(session.record().stopped_early);
  }
  storage::SessionStore store(dir.path());
  const storage::Patient ana = *store.find_patient("P-0001");
  const auto sessions = store.sessions(ana.id);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].end_reason, storage::EndReason::finished);
  EXPECT_EQ(sessions[0].exercises, 1);
  const auto notes = store.notes(ana.id);
  EXPECT_TRUE(std::any_of(notes.begin(), notes.end(), [](const storage::Note& n) {
    return n.text.find("minutes for this session were reached") != std::string::npos;
  }));
}

// Between sets the plan's rest comes before the next introduction's Begin: its length from
// the plan's work-to-rest ratio and bounds (pacing::rest_after_set_s), kept as a rest.
TEST(PracticeSession, RestsBetweenSetsTakeThePlansValues) {
  testing::TempDir dir;
  // The plan's [daily] rest_after_set_s, not the default 30.
  const pacing::PracticeLimits limits = practice_limits(DailyLimits{.rest_after_set_s = 12.0});
  ASSERT_EQ(limits.min_rest_s, 12.0);
  {
    SessionLog log(dir.path());
    log.choose_player("Ana");
    PracticeSession session(three_kinds(), {.player = "Ana", .limits = limits}, log, {2, 3});
    session.start_exercises();
    EXPECT_EQ(session.rest_before_next_set_s(), 0.0);  // nothing to rest from yet
    session.begin_exercise();
    Player player;
    while (session.stage() == SessionStage::exercising) player.frame(session);
    ASSERT_EQ(session.stage(), SessionStage::rating_effort);
    session.rate_effort(4);
    ASSERT_EQ(session.stage(), SessionStage::introducing);
    EXPECT_NEAR(session.rest_before_next_set_s(), 12.0, 1e-9);  // a short set: the least rest
    for (double t = 0.0; t < 15.0; t += kFrameS) player.frame(session);
    EXPECT_EQ(session.rest_before_next_set_s(), 0.0);
    session.begin_exercise();
    session.end_now();
  }
  storage::SessionStore store(dir.path());
  const auto sessions = store.sessions(store.find_patient("P-0001")->id);
  ASSERT_EQ(sessions.size(), 1u);
  const auto breaks = store.breaks(sessions[0].id);
  EXPECT_TRUE(std::any_of(breaks.begin(), breaks.end(), [](const storage::BreakRecord& b) {
    return b.kind == storage::BreakKind::rest && std::abs(b.duration_ms - 12000) <= 100;
  })) << "the rest between the sets is kept";
}

// A plan's minutes for one session bound what the session is allowed, below the day's.
TEST(PracticeSession, ThePlansSessionMinutesBoundTheDaysAllowance) {
  testing::TempDir dir;
  SessionLog log(dir.path());
  log.choose_player("Ana");
  const auto allowance =
      log.today_allowance(practice_limits(DailyLimits{.max_minutes = 30, .minutes_per_session = 8}));
  EXPECT_TRUE(allowance.may_start);
  EXPECT_NEAR(allowance.minutes_left, 8.0, 1e-9);
  EXPECT_NEAR(log.today_allowance(practice_limits(std::nullopt)).minutes_left, 15.0, 1e-9);
}

// "Rest today" on a hard day is the day's answer and is kept: the check-in, no exercises, the
// reason and a note (it once left nothing in the store).
TEST(PracticeSession, RestTodayIsKeptWithItsCheckIn) {
  testing::TempDir dir;
  {
    SessionLog log(dir.path());
    log.choose_player("Ana");
    PracticeSession session({}, {.player = "Ana"}, log, {8, 5});
    session.rest_today();
    EXPECT_EQ(session.stage(), SessionStage::ended);
    EXPECT_TRUE(session.record().rested_today);
  }
  storage::SessionStore store(dir.path());
  const storage::Patient ana = *store.find_patient("P-0001");
  const auto sessions = store.sessions(ana.id);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].end_reason, storage::EndReason::stopped_for_pain);
  EXPECT_EQ(sessions[0].exercises, 0);
  EXPECT_EQ(sessions[0].pain_before, 8);
  EXPECT_EQ(sessions[0].fatigue_before, 5);
  const auto notes = store.notes(ana.id);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].text.find("Rested today"), std::string::npos) << notes[0].text;
}

}  // namespace
}  // namespace midline

namespace midline {
namespace {

// A head resting 25 deg to the right: calibration's resting posture sets where the plan's
// target starts, and each level mastered moves it 5 deg toward the body midline.
TEST(PracticeSession, TheTargetIsThePlansShapedOffsetFromTheRestingPosture) {
  SessionLog log;
  TargetShaping shaping;
  shaping.step_deg = 5.0;
  shaping.mastered_levels = 1;
  PracticeSession session(default_plan(), {.player = "", .plan_name = "test", .supervised = false,
                                           .shaping = shaping},
                          log, {2, 3});
  session.set_resting_posture(HeadAngles{-25.0, 8.0, 0.0});
  ASSERT_TRUE(session.record().resting_posture);
  ASSERT_TRUE(session.record().target);
  EXPECT_DOUBLE_EQ(session.record().target->rotation_deg, -20.0);
  EXPECT_DOUBLE_EQ(session.record().target->tilt_deg, 3.0);

  // A plan that starts at 20 deg right steps from there, whatever the resting posture.
  shaping.start = HeadAngles{-20.0, 0.0, 0.0};
  PracticeSession planned(default_plan(), {.player = "", .plan_name = "test", .supervised = false,
                                           .shaping = shaping},
                          log, {2, 3});
  planned.set_resting_posture(HeadAngles{-25.0, 8.0, 0.0});
  EXPECT_DOUBLE_EQ(planned.record().target->rotation_deg, -15.0);
  EXPECT_DOUBLE_EQ(planned.record().target->tilt_deg, 0.0);
  // A therapist's target for today stands, even when calibration runs again.
  planned.set_target(HeadAngles{-18.0, 0.0, 0.0});
  planned.set_resting_posture(HeadAngles{-30.0, 0.0, 0.0});
  EXPECT_DOUBLE_EQ(planned.record().target->rotation_deg, -18.0);
}

// A resting posture calibration could only follow roughly is said to be rough in the
// session's record and its summary.
TEST(PracticeSession, ARoughRestingPostureIsRecordedAsRough) {
  SessionLog log;
  PracticeSession session(default_plan(), {.player = "", .plan_name = "test", .supervised = false},
                          log, {2, 3});
  session.set_resting_posture(HeadAngles{-58.0, 3.0, 0.0}, true);
  EXPECT_TRUE(session.record().resting_posture_rough);
  EXPECT_NE(summary_text(session.record(), {}).find("rough"), std::string::npos);
  session.set_resting_posture(HeadAngles{-20.0, 3.0, 0.0});  // calibrated again, nearer
  EXPECT_FALSE(session.record().resting_posture_rough);
  EXPECT_EQ(summary_text(session.record(), {}).find("rough"), std::string::npos);
}

}  // namespace
}  // namespace midline
