// The ward station's rules without a window: one patient after another on one station, the
// clinician's notes and Stop, and what the real store keeps (in a temporary folder). Each test
// is a wrong-patient or lost-data risk a nurse met on a ward.

#include "session/ward_station.hpp"

#include <gtest/gtest.h>

#include "game/synthetic_samples.hpp"
#include "levels/patient_plan.hpp"
#include "session/session_log.hpp"
#include "session/todays_plan.hpp"
#include "storage/session_store.hpp"
#include "storage/sqlite.hpp"
#include "storage/temp_dir.hpp"

namespace midline {
namespace {

// A camera that remembers whether the last patient's calibration was forgotten.
class FakeSource : public HeadSampleSource {
 public:
  std::optional<HeadSample> latest() const override { return std::nullopt; }
  std::vector<HeadSample> samples_since(uint64_t&) const override { return {}; }
  std::string status() const override { return {}; }
  bool is_demo() const override { return true; }
  void begin_calibration() override { status_.state = CalibrationStatus::State::holding; }
  CalibrationStatus calibration() const override { return status_; }
  void forget_calibration() override {
    status_ = {};
    flexion_zero_ = 0.0;  // as the camera's and the demo head's do
  }
  void set_flexion_zero(double degrees) override { flexion_zero_ = degrees; }
  double flexion_zero() const override { return flexion_zero_; }
  std::shared_ptr<const PreviewImage> preview() const override { return nullptr; }

  CalibrationStatus status_{CalibrationStatus::State::accepted, 1.0, "Calibrated."};
  double flexion_zero_ = 0.0;
};

PlannedExercise short_hold() {
  HoldMidlineParams hold;
  hold.hold_s = 2.0;
  hold.repetitions = 2;
  hold.rest_between_s = 5.0;
  return {"Hold", hold};
}

// Begins the visit's session as the check-in page does, with the visit's answers.
PracticeSession& begin_session(WardStation& station, SessionLog& log) {
  Visit& visit = station.visit();
  visit.session = std::make_unique<PracticeSession>(
      std::vector<PlannedExercise>{short_hold(), short_hold()},
      PracticeSession::Settings{.player = visit.patient->pseudonym,
                                .plan_name = "ward plan",
                                .supervised = true},
      log,
      visit.check_in);
  return *visit.session;
}

// A ward with two patients: Mrs Hill (P-0001) and Mr Jones (P-0002).
struct Ward {
  testing::TempDir dir;
  std::unique_ptr<SessionLog> log = std::make_unique<SessionLog>(dir.path());
  FakeSource camera;
  WardStation station;

  Ward() {
    station.show_names(true);  // the clinician entered the PIN to add them
    EXPECT_EQ(station.add_patient(*log, "Mrs Hill"), "P-0001");
    EXPECT_EQ(station.add_patient(*log, "Mr Jones"), "P-0002");
    station.set_clinician("ab");
  }
  // Closes the log (its recorder writes everything) and opens the store to read it.
  storage::SessionStore kept() {
    log.reset();
    return storage::SessionStore(dir.path(), storage::SessionStore::Mode::inspect);
  }
};

TEST(WardStation, TheSecondPatientStartsFromNothingOfTheFirst) {
  Ward ward;
  WardStation& s = ward.station;
  ASSERT_TRUE(s.next_patient(*ward.log, ward.camera, "P-0001"));
  s.visit().check_in = {5, 5};
  begin_session(s, *ward.log).start_exercises();
  ASSERT_TRUE(s.add_note(*ward.log, "Mrs Hill: pull to the right after lunch."));
  s.ask_stop();

  ASSERT_TRUE(s.next_patient(*ward.log, ward.camera, "P-0002"));
  const Visit& v = s.visit();
  ASSERT_TRUE(v.patient);
  EXPECT_EQ(v.patient->pseudonym, "P-0002");    // the panel's patient is the new one
  EXPECT_FALSE(v.check_in.answered());          // no pain 5, tiredness 5 preselected
  EXPECT_EQ(v.check_in.pain, -1);
  EXPECT_EQ(v.check_in.fatigue, -1);
  EXPECT_TRUE(v.notes.empty());                 // no note of the first patient's
  EXPECT_EQ(v.session, nullptr);
  EXPECT_FALSE(v.stop_asked);
  EXPECT_EQ(ward.camera.calibration().state, CalibrationStatus::State::idle);  // calibrate again
  EXPECT_EQ(ward.log->player_key(), "P-0002");  // what is recorded is recorded for Mr Jones

  // The first patient's session was still running: it ended as the clinician's stop, with
  // her note; nothing of it went to the second patient.
  storage::SessionStore store = ward.kept();
  const auto hill = store.find_patient("P-0001"), jones = store.find_patient("P-0002");
  const auto hill_sessions = store.sessions(hill->id);
  ASSERT_EQ(hill_sessions.size(), 1u);
  EXPECT_EQ(hill_sessions[0].end_reason, storage::EndReason::stopped_by_clinician);
  EXPECT_EQ(hill_sessions[0].pain_before, 5);
  ASSERT_EQ(store.notes(hill->id).size(), 1u);
  EXPECT_TRUE(store.sessions(jones->id).empty());
  EXPECT_TRUE(store.notes(jones->id).empty());
}

TEST(WardStation, ANoteWithoutASessionIsKeptForThePatientAtOnce) {
  Ward ward;
  WardStation& s = ward.station;
  EXPECT_FALSE(s.add_note(*ward.log, "Nobody chosen yet"));  // no patient: not taken
  ASSERT_TRUE(s.next_patient(*ward.log, ward.camera, "P-0002"));
  ASSERT_TRUE(s.add_note(*ward.log, "  Drowsy after his medication.  "));
  ASSERT_EQ(s.visit().notes.size(), 1u);
  EXPECT_FALSE(s.visit().notes[0].in_session);
  {  // saved the moment it was added, not when a session begins
    storage::SessionStore now(ward.dir.path(), storage::SessionStore::Mode::inspect);
    const auto notes = now.notes(now.find_patient("P-0002")->id);
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0].text, "Drowsy after his medication.");
    EXPECT_EQ(notes[0].author, "clinician (AB)");
    EXPECT_FALSE(notes[0].session_id);
  }
  // Stopped at the check-in, before any session: the note stays, and the stop is noted.
  s.ask_stop();
  ASSERT_TRUE(s.confirm_stop(*ward.log, StopReason::fatigue));
  ASSERT_TRUE(s.next_patient(*ward.log, ward.camera, std::nullopt));

  storage::SessionStore store = ward.kept();
  const auto jones = store.find_patient("P-0002");
  EXPECT_TRUE(store.sessions(jones->id).empty());
  const auto notes = store.notes(jones->id);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0].text, "Drowsy after his medication.");
  EXPECT_EQ(notes[1].text, "Stopped before the session began by the clinician. Reason: tiredness.");
  EXPECT_TRUE(store.notes(store.find_patient("P-0001")->id).empty());
}

TEST(WardStation, ANoteDuringTheSessionGoesWithItWithTheClinician) {
  Ward ward;
  WardStation& s = ward.station;
  ASSERT_TRUE(s.set_clinician(" j. s. "));
  EXPECT_EQ(s.note_author(), "clinician (JS)");
  ASSERT_TRUE(s.next_patient(*ward.log, ward.camera, "P-0001"));
  s.visit().check_in = {2, 3};
  PracticeSession& session = begin_session(s, *ward.log);
  ASSERT_TRUE(s.add_note(*ward.log, "Uses the sensory trick."));
  EXPECT_TRUE(s.visit().notes.back().in_session);
  session.check_out(CheckInAnswers{2, 3});

  storage::SessionStore store = ward.kept();
  const auto hill = store.find_patient("P-0001");
  const auto sessions = store.sessions(hill->id);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_TRUE(sessions[0].supervised);
  const auto notes = store.notes(hill->id);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].author, "clinician (JS)");
  EXPECT_EQ(notes[0].session_id, sessions[0].id);
}

TEST(WardStation, StopWaitsForAConfirmationAndKeepsItsReason) {
  Ward ward;
  WardStation& s = ward.station;
  ASSERT_TRUE(s.next_patient(*ward.log, ward.camera, "P-0001"));
  s.visit().check_in = {3, 3};
  PracticeSession& session = begin_session(s, *ward.log);
  session.start_exercises();
  session.begin_exercise();

  EXPECT_FALSE(s.confirm_stop(*ward.log, StopReason::pain));  // not asked: nothing happens
  s.ask_stop();
  EXPECT_EQ(session.stage(), SessionStage::exercising);  // asking stops nothing
  s.cancel_stop();
  EXPECT_FALSE(s.confirm_stop(*ward.log, StopReason::pain));
  EXPECT_EQ(session.stage(), SessionStage::exercising);

  s.ask_stop();
  ASSERT_TRUE(s.confirm_stop(*ward.log, StopReason::pain));
  EXPECT_EQ(session.stage(), SessionStage::checking_out);  // not asked why: the clinician said
  EXPECT_EQ(session.record().stop_reason, StopReason::pain);
  session.check_out(std::nullopt);

  // The patient's own wish, through the clinician: kept as the patient's, not asked again.
  ASSERT_TRUE(s.next_patient(*ward.log, ward.camera, "P-0002"));
  s.visit().check_in = {1, 1};
  PracticeSession& second = begin_session(s, *ward.log);
  second.start_exercises();
  second.begin_exercise();
  s.ask_stop();
  ASSERT_TRUE(s.confirm_stop(*ward.log, StopReason::patient));
  EXPECT_EQ(second.stage(), SessionStage::checking_out);
  second.check_out(std::nullopt);

  storage::SessionStore store = ward.kept();
  EXPECT_EQ(store.sessions(store.find_patient("P-0001")->id).at(0).end_reason,
            storage::EndReason::stopped_for_pain);
  EXPECT_EQ(store.sessions(store.find_patient("P-0002")->id).at(0).end_reason,
            storage::EndReason::stopped_by_patient);
  EXPECT_EQ(store.notes(store.find_patient("P-0001")->id).at(0).text,
            "Session stopped by the clinician. Reason: pain.");
}

TEST(WardStation, EveryReasonIsKeptAsItself) {
  const std::pair<StopReason, storage::EndReason> expected[] = {
      {StopReason::clinician, storage::EndReason::stopped_by_clinician},
      {StopReason::patient, storage::EndReason::stopped_by_patient},
      {StopReason::pain, storage::EndReason::stopped_for_pain},
      {StopReason::fatigue, storage::EndReason::stopped_for_fatigue},
      {StopReason::technical, storage::EndReason::stopped_for_technical}};
  ASSERT_EQ(WardStation::stop_reasons().size(), std::size(expected));
  Ward ward;
  WardStation& s = ward.station;
  for (const auto& [reason, kept] : expected) {
    ASSERT_TRUE(s.next_patient(*ward.log, ward.camera, "P-0001"));
    s.visit().check_in = {1, 1};
    begin_session(s, *ward.log);  // stopped at the camera check: before the exercises
    s.ask_stop();
    ASSERT_TRUE(s.confirm_stop(*ward.log, reason));
    s.visit().session->check_out(std::nullopt);
  }
  storage::SessionStore store = ward.kept();
  const auto sessions = store.sessions(store.find_patient("P-0001")->id);
  ASSERT_EQ(sessions.size(), std::size(expected));
  for (size_t i = 0; i < sessions.size(); ++i)
    EXPECT_EQ(sessions[i].end_reason, expected[i].second) << i;
}

TEST(WardStation, FullNamesOnlyWhileTheClinicianHasUnlockedThem) {
  Ward ward;  // added with names shown
  WardStation& s = ward.station;
  auto listed = s.patients(*ward.log);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[1].full_name, "Mr Jones");
  ASSERT_TRUE(s.next_patient(*ward.log, ward.camera, "P-0001"));  // choosing hides them again
  EXPECT_FALSE(s.names_shown());
  listed = s.patients(*ward.log);
  EXPECT_EQ(listed[0].pseudonym, "P-0001");
  EXPECT_EQ(listed[0].full_name, "");
  EXPECT_EQ(listed[1].full_name, "");
  EXPECT_EQ(s.visit().patient->full_name, "");  // the panel shows the pseudonym only
  EXPECT_EQ(s.add_patient(*ward.log, "Ms Shah"), "");  // adding needs the names shown
  EXPECT_EQ(s.patients(*ward.log).size(), 2u);
  s.show_names(true);
  EXPECT_EQ(s.add_patient(*ward.log, "Mr Jones"), "P-0003");  // two patients may share a name
  EXPECT_EQ(s.add_patient(*ward.log, "   "), "");
  EXPECT_FALSE(s.next_patient(*ward.log, ward.camera, "P-0099"));
  EXPECT_FALSE(s.visit().patient);
}

TEST(WardStation, InitialsAreAFewLetters) {
  WardStation s;
  EXPECT_EQ(s.note_author(), "clinician");
  EXPECT_TRUE(s.set_clinician("mk"));
  EXPECT_EQ(s.clinician(), "MK");
  EXPECT_FALSE(s.set_clinician(""));
  EXPECT_FALSE(s.set_clinician("A1"));
  EXPECT_FALSE(s.set_clinician("ABCDE"));
  EXPECT_EQ(s.clinician(), "MK");  // a refused entry changes nothing
  EXPECT_TRUE(s.set_clinician("Ré"));
  EXPECT_EQ(s.note_author(), "clinician (Ré)");  // any script; ASCII letters capitalised
}

}  // namespace
}  // namespace midline

namespace midline {
namespace {

// The ladder's first rungs, as the shipped levels start (todays_plan's kFirstRungs).
LevelLibrary first_rungs() {
  LevelLibrary library;
  for (const char* id : kFirstRungs) {
    Level l;
    l.id = id;
    l.title = id;
    l.params = short_hold().params;
    library.levels.push_back({l, std::string(id) + ".toml", {}});
  }
  library.files_read = static_cast<int>(library.levels.size());
  return library;
}

// Today's plan for the patient chosen in `log`, as the home page's Start finds it.
// With `log`: the flexion zero kept for its chosen patient too.
TodaysPlan plan_for(const std::filesystem::path& data_dir, const std::string& key,
                    const LevelLibrary& library, const SessionLog* log = nullptr) {
  std::optional<LoadedPlan> plan;
  if (const auto path = plan_path(data_dir, key); path && std::filesystem::exists(*path))
    plan = load_plan_file(*path).plan;
  return todays_plan(library, plan, {}, log ? log->kept_flexion_zero() : std::nullopt);
}

// Begins a session for the visit's patient with today's plan, as the check-in page does.
PracticeSession& begin_planned(WardStation& station, SessionLog& log, const TodaysPlan& today) {
  Visit& visit = station.visit();
  visit.session = std::make_unique<PracticeSession>(
      today.exercises,
      PracticeSession::Settings{.player = visit.patient->pseudonym,
                                .plan_name = today.name,
                                .supervised = true,
                                .flexion_zero_deg = today.flexion_zero.degrees},
      log, CheckInAnswers{2, 2});
  return *visit.session;
}

TEST(FlexionZero, SetInOneSessionIsAppliedInTheNextOfThatPatient) {
  Ward ward;
  const LevelLibrary library = first_rungs();
  WardStation& s = ward.station;
  ASSERT_TRUE(s.next_patient(*ward.log, ward.camera, "P-0001"));
  // A patient without a plan has nowhere to keep it: nothing is written (a plan made for it
  // would change what he practises).
  EXPECT_FALSE(keep_flexion_zero(ward.dir.path(), "P-0002", 6.5, nullptr));
  EXPECT_FALSE(std::filesystem::exists(*plan_path(ward.dir.path(), "P-0002")));
  // Her therapist made her a plan in clinician mode.
  std::filesystem::create_directories(ward.dir.path() / "plans");
  save_plan_file(starting_plan("P-0001", library), *plan_path(ward.dir.path(), "P-0001"));
  TodaysPlan today = plan_for(ward.dir.path(), "P-0001", library);
  EXPECT_FALSE(today.flexion_zero.degrees);  // never set: 0
  apply_patient_reference(today, ward.camera);
  EXPECT_EQ(ward.camera.flexion_zero(), 0.0);
  PracticeSession& first = begin_planned(s, *ward.log, today);
  // The therapist records it on the calibration page: this session, and kept in her plan.
  first.set_flexion_zero(6.5);
  EXPECT_TRUE(keep_flexion_zero(ward.dir.path(), "P-0001", 6.5, nullptr));
  const auto kept = load_plan_file(*plan_path(ward.dir.path(), "P-0001"));
  ASSERT_TRUE(kept.plan);
  EXPECT_EQ(kept.plan->plan.flexion_zero_deg, 6.5);
  EXPECT_EQ(kept.plan->plan.levels, starting_plan("P-0001", library).levels);  // nothing else

  // Her next session: the flexion zero is hers from the start, on the camera and in the store.
  ASSERT_TRUE(s.next_patient(*ward.log, ward.camera, "P-0001"));
  EXPECT_EQ(ward.camera.flexion_zero(), 0.0);  // the visit starts afresh...
  today = plan_for(ward.dir.path(), "P-0001", library);
  ASSERT_TRUE(today.flexion_zero.degrees);
  EXPECT_EQ(*today.flexion_zero.degrees, 6.5);
  apply_patient_reference(today, ward.camera);
  EXPECT_EQ(ward.camera.flexion_zero(), 6.5);  // ...and takes up hers before calibration
  PracticeSession& second = begin_planned(s, *ward.log, today);
  EXPECT_EQ(second.record().flexion_zero_deg, 6.5);

  // Reset on purpose: gone from the plan, the plan itself kept.
  EXPECT_TRUE(keep_flexion_zero(ward.dir.path(), "P-0001", std::nullopt, nullptr));
  EXPECT_FALSE(plan_for(ward.dir.path(), "P-0001", library).flexion_zero.degrees);
  EXPECT_TRUE(load_plan_file(*plan_path(ward.dir.path(), "P-0001")).plan);

  storage::SessionStore store = ward.kept();
  const auto sessions = store.sessions(store.find_patient("P-0001")->id);
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_EQ(sessions[0].reference.flexion_zero_deg, 6.5);  // recorded when set
  EXPECT_EQ(sessions[1].reference.flexion_zero_deg, 6.5);  // kept, recorded from the start
}

TEST(FlexionZero, NextPatientDoesNotTakeThePreviousPatientsFlexionZero) {
  Ward ward;
  const LevelLibrary library = first_rungs();
  WardStation& s = ward.station;
  std::filesystem::create_directories(ward.dir.path() / "plans");
  save_plan_file(starting_plan("P-0001", library), *plan_path(ward.dir.path(), "P-0001"));
  ASSERT_TRUE(keep_flexion_zero(ward.dir.path(), "P-0001", -4.0, nullptr));
  ASSERT_TRUE(s.next_patient(*ward.log, ward.camera, "P-0001"));
  const TodaysPlan hers = plan_for(ward.dir.path(), "P-0001", library);
  apply_patient_reference(hers, ward.camera);
  begin_planned(s, *ward.log, hers).start_exercises();
  EXPECT_EQ(ward.camera.flexion_zero(), -4.0);

  ASSERT_TRUE(s.next_patient(*ward.log, ward.camera, "P-0002"));  // Next patient
  const TodaysPlan his = plan_for(ward.dir.path(), "P-0002", library);
  EXPECT_FALSE(his.flexion_zero.degrees);
  apply_patient_reference(his, ward.camera);
  EXPECT_EQ(ward.camera.flexion_zero(), 0.0);
  EXPECT_FALSE(begin_planned(s, *ward.log, his).record().flexion_zero_deg);

  storage::SessionStore store = ward.kept();
  const auto jones = store.sessions(store.find_patient("P-0002")->id);
  ASSERT_EQ(jones.size(), 1u);
  EXPECT_FALSE(jones[0].reference.flexion_zero_deg);
}

TEST(FlexionZero, APatientAloneRecordsTheirLevelLookAndTheirNextSessionStartsFromIt) {
  testing::TempDir dir;
  const LevelLibrary library = first_rungs();
  auto log = std::make_unique<SessionLog>(dir.path());
  log->choose_player("Ann");  // at home, no plan: nothing a therapist set
  const std::string key = *log->player_key();
  TodaysPlan today = plan_for(dir.path(), key, library, log.get());
  EXPECT_TRUE(today.flexion_zero.patient_may_record());
  EXPECT_FALSE(today.flexion_zero.degrees);

  const PatientFlexionZero kept = keep_patient_flexion_zero(
      dir.path(), *log, 7.5, storage::FlexionZeroSetter::patient, "", nullptr);
  EXPECT_EQ(kept.degrees, 7.5);
  EXPECT_EQ(kept.from, PatientFlexionZero::From::patient);
  EXPECT_FALSE(std::filesystem::exists(*plan_path(dir.path(), key)));  // no plan made for it

  // Another day, another program start: the level look is hers from the start.
  log.reset();
  log = std::make_unique<SessionLog>(dir.path());
  log->choose_player("Ann");
  today = plan_for(dir.path(), key, library, log.get());
  ASSERT_TRUE(today.flexion_zero.degrees);
  EXPECT_EQ(*today.flexion_zero.degrees, 7.5);
  EXPECT_EQ(today.flexion_zero.from, PatientFlexionZero::From::patient);
  EXPECT_TRUE(today.flexion_zero.recorded_ms);
  FakeSource camera;
  apply_patient_reference(today, camera);
  EXPECT_EQ(camera.flexion_zero(), 7.5);
  EXPECT_TRUE(today.flexion_zero.patient_may_record());  // hers: she may record it again
}

TEST(FlexionZero, APatientNeverReplacesATherapistsFlexionZero) {
  Ward ward;
  const LevelLibrary library = first_rungs();
  ASSERT_TRUE(ward.station.next_patient(*ward.log, ward.camera, "P-0001"));
  // Recorded by her therapist at the station; she has no plan, so it is kept with her.
  PatientFlexionZero kept = keep_patient_flexion_zero(
      ward.dir.path(), *ward.log, -3.0, storage::FlexionZeroSetter::therapist,
      ward.station.note_author(), nullptr);
  EXPECT_EQ(kept.from, PatientFlexionZero::From::therapist);
  EXPECT_EQ(kept.author, ward.station.note_author());
  EXPECT_FALSE(kept.patient_may_record());
  EXPECT_THROW(keep_patient_flexion_zero(ward.dir.path(), *ward.log, 9.0,
                                         storage::FlexionZeroSetter::patient, "", nullptr),
               std::runtime_error);
  EXPECT_EQ(plan_for(ward.dir.path(), "P-0001", library, ward.log.get()).flexion_zero.degrees,
            -3.0);

  // A therapist's value typed in the plan comes first, and a patient cannot replace it either.
  std::filesystem::create_directories(ward.dir.path() / "plans");
  PatientPlan plan = starting_plan("P-0001", library);
  plan.flexion_zero_deg = 2.0;
  save_plan_file(plan, *plan_path(ward.dir.path(), "P-0001"));
  const TodaysPlan today = plan_for(ward.dir.path(), "P-0001", library, ward.log.get());
  EXPECT_EQ(today.flexion_zero.degrees, 2.0);
  EXPECT_EQ(today.flexion_zero.from, PatientFlexionZero::From::plan);
  EXPECT_THROW(keep_patient_flexion_zero(ward.dir.path(), *ward.log, 9.0,
                                         storage::FlexionZeroSetter::patient, "", nullptr),
               std::runtime_error);
}

TEST(FlexionZero, ANewerPlanWithoutItKeepsTheOneRecordedAtTheStation) {
  Ward ward;
  const LevelLibrary library = first_rungs();
  std::filesystem::create_directories(ward.dir.path() / "plans");
  const auto path = *plan_path(ward.dir.path(), "P-0001");
  save_plan_file(starting_plan("P-0001", library), path);
  ASSERT_TRUE(ward.station.next_patient(*ward.log, ward.camera, "P-0001"));
  keep_patient_flexion_zero(ward.dir.path(), *ward.log, 6.5,
                            storage::FlexionZeroSetter::therapist, ward.station.note_author(),
                            nullptr);
  ASSERT_EQ(load_plan_file(path).plan->plan.flexion_zero_deg, 6.5);  // in her plan too

  // Her clinician publishes a new version from the clinic, edited from one without it: the
  // station writes it over her plan file as it came.
  PatientPlan newer = starting_plan("P-0001", library);
  newer.shaping_step_deg = 3.0;
  save_plan_file(newer, path);
  const TodaysPlan today = plan_for(ward.dir.path(), "P-0001", library, ward.log.get());
  ASSERT_TRUE(today.flexion_zero.degrees);
  EXPECT_EQ(*today.flexion_zero.degrees, 6.5);
  EXPECT_EQ(today.flexion_zero.from, PatientFlexionZero::From::therapist);

  // A reset at the station goes everywhere: nothing is in force afterwards.
  keep_patient_flexion_zero(ward.dir.path(), *ward.log, std::nullopt,
                            storage::FlexionZeroSetter::therapist, ward.station.note_author(),
                            nullptr);
  EXPECT_FALSE(plan_for(ward.dir.path(), "P-0001", library, ward.log.get()).flexion_zero.degrees);
}

// What an earlier Midline kept: every flexion zero in the store measured against the face's
// first plane (as migration 10 marks them).
void mark_kept_flexion_zeros_as_earlier(const std::filesystem::path& data_dir) {
  storage::Database db(storage::SessionStore::database_file(data_dir),
                       storage::Database::Access::create);
  db.execute("UPDATE flexion_zeros SET face_plane = 1");
}

TEST(FlexionZero, OneMeasuredOnTheFacesEarlierPlaneIsNotAppliedAndThePatientRecordsItAgain) {
  testing::TempDir dir;
  const LevelLibrary library = first_rungs();
  auto log = std::make_unique<SessionLog>(dir.path());
  log->choose_player("Ann");
  const std::string key = *log->player_key();
  keep_patient_flexion_zero(dir.path(), *log, 7.5, storage::FlexionZeroSetter::patient, "",
                            nullptr);
  log.reset();
  mark_kept_flexion_zeros_as_earlier(dir.path());

  log = std::make_unique<SessionLog>(dir.path());
  log->choose_player("Ann");
  TodaysPlan today = plan_for(dir.path(), key, library, log.get());
  EXPECT_FALSE(today.flexion_zero.degrees);  // 7.5 no longer says where her head is level
  ASSERT_TRUE(today.flexion_zero.earlier_face_plane);
  EXPECT_EQ(today.flexion_zero.earlier_face_plane->degrees, 7.5);
  EXPECT_TRUE(today.flexion_zero.patient_may_record());
  FakeSource camera;
  camera.set_flexion_zero(4.0);  // the last patient's
  apply_patient_reference(today, camera);
  EXPECT_EQ(camera.flexion_zero(), 0.0);
  const std::string note = earlier_face_plane_note(today.flexion_zero);
  EXPECT_NE(note.find("+7.5 deg"), std::string::npos) << note;
  EXPECT_NE(note.find("patient looking level"), std::string::npos) << note;
  EXPECT_NE(note.find("record it again"), std::string::npos) << note;

  // Recorded again: in force, and nothing old is said of it.
  const PatientFlexionZero again = keep_patient_flexion_zero(
      dir.path(), *log, 5.0, storage::FlexionZeroSetter::patient, "", nullptr);
  EXPECT_EQ(again.degrees, 5.0);
  EXPECT_FALSE(again.earlier_face_plane);
  EXPECT_EQ(earlier_face_plane_note(again), "");
}

TEST(FlexionZero, ATherapistsOnTheEarlierPlaneIsSaidToBeOldAndOnlyThePlansStaysInForce) {
  Ward ward;
  const LevelLibrary library = first_rungs();
  ASSERT_TRUE(ward.station.next_patient(*ward.log, ward.camera, "P-0001"));
  keep_patient_flexion_zero(ward.dir.path(), *ward.log, -3.0,
                            storage::FlexionZeroSetter::therapist, ward.station.note_author(),
                            nullptr);
  ward.log.reset();
  mark_kept_flexion_zeros_as_earlier(ward.dir.path());
  ward.log = std::make_unique<SessionLog>(ward.dir.path());
  ASSERT_TRUE(ward.station.next_patient(*ward.log, ward.camera, "P-0001"));

  // Kept only in the store: not applied, and the patient may record her own meanwhile.
  TodaysPlan today = plan_for(ward.dir.path(), "P-0001", library, ward.log.get());
  EXPECT_FALSE(today.flexion_zero.degrees);
  ASSERT_TRUE(today.flexion_zero.earlier_face_plane);
  EXPECT_TRUE(today.flexion_zero.patient_may_record());
  EXPECT_NE(earlier_face_plane_note(today.flexion_zero).find(ward.station.note_author()),
            std::string::npos);

  // The same value in her plan is the therapist's to change: applied, and said to be old.
  std::filesystem::create_directories(ward.dir.path() / "plans");
  PatientPlan plan = starting_plan("P-0001", library);
  plan.flexion_zero_deg = -3.0;
  save_plan_file(plan, *plan_path(ward.dir.path(), "P-0001"));
  today = plan_for(ward.dir.path(), "P-0001", library, ward.log.get());
  EXPECT_EQ(today.flexion_zero.degrees, -3.0);
  EXPECT_EQ(today.flexion_zero.from, PatientFlexionZero::From::plan);
  EXPECT_TRUE(today.flexion_zero.earlier_face_plane);
  EXPECT_NE(earlier_face_plane_note(today.flexion_zero).find("therapist should record it again"),
            std::string::npos);
  // Another value in the plan was not that recording: nothing old is said of it.
  plan.flexion_zero_deg = 2.0;
  save_plan_file(plan, *plan_path(ward.dir.path(), "P-0001"));
  today = plan_for(ward.dir.path(), "P-0001", library, ward.log.get());
  EXPECT_EQ(today.flexion_zero.degrees, 2.0);
  EXPECT_FALSE(today.flexion_zero.earlier_face_plane);
}

}  // namespace
}  // namespace midline
