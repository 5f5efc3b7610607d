#include "storage/session_recorder.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>

#include "storage/session_store.hpp"
#include "temp_dir.hpp"

namespace midline::storage {
namespace {

constexpr WallMs kStart = 1'790'000'000'000;  // a fixed wall-clock moment

HeadSample sample_at(double t_s, double rotation_deg, bool trick = false) {
  HeadSample s;
  s.time_s = t_s;
  s.quality = 0.9;
  s.calibrated = true;
  FaceMeasurement& face = s.face.emplace();
  face.angles.rotation_deg = rotation_deg;
  face.lower_face_covered = trick;
  return s;
}

struct Recording : ::testing::Test {
  testing::TempDir dir;
  std::atomic<WallMs> clock{kStart};
  int64_t patient_id = 0;

  void SetUp() override {
    SessionStore store(dir.path());
    patient_id = store.add_patient("P-1", "Ann", kStart).id;
  }
  RecorderOptions options() {
    RecorderOptions o;
    o.clock = [this] { return clock.load(); };
    o.commit_interval = std::chrono::milliseconds(20);
    return o;
  }
};

// A lost face has no angles to keep: its rows say face_lost, with angles 0 and no sensory
// trick, as stores have always held them, so old and new stores read alike.
TEST_F(Recording, ALostFaceIsKeptAsFaceLostWithoutAngles) {
  int64_t session_id = 0;
  {
    SessionRecorder recorder(dir.path(), options());
    recorder.begin_session({patient_id, "neck-basics", "Neck basics", false});
    for (int frame = 0; frame < 60; ++frame) {
      clock = kStart + frame * 1000 / 30;
      HeadSample s = sample_at(frame / 30.0, 12.0, true);
      if (frame >= 30) {  // the face leaves after a second
        s.face.reset();
        s.quality = 0.0;
      }
      recorder.add_sample(s);
    }
    recorder.end_session(EndReason::finished);
    ASSERT_TRUE(recorder.flush());
    session_id = recorder.session_id().value();
  }
  const auto samples = SessionStore(dir.path()).samples(session_id);
  ASSERT_GT(samples.size(), 40u);
  int lost = 0;
  for (const StoredSample& s : samples) {
    if (s.t_s < 0.99) {
      EXPECT_FALSE(s.face_lost) << s.t_s;
      EXPECT_DOUBLE_EQ(s.rotation_deg, 12.0) << s.t_s;
      EXPECT_TRUE(s.sensory_trick) << s.t_s;
    } else if (s.t_s > 1.01) {
      ++lost;
      EXPECT_TRUE(s.face_lost) << s.t_s;
      EXPECT_EQ(s.rotation_deg, 0.0) << s.t_s;  // never the last angle seen
      EXPECT_FALSE(s.sensory_trick) << s.t_s;
    }
  }
  EXPECT_GT(lost, 15);
}

TEST_F(Recording, AWholeSessionIsStoredAsPlayed) {
  int64_t session_id = 0;
  {
    SessionRecorder recorder(dir.path(), options());
    recorder.begin_session({patient_id, "neck-basics", "Neck basics", true});
    recorder.check_in({CheckInPhase::before, 3, 2});
    recorder.begin_exercise({"hold_midline", "hold-1"});
    // 20 s of samples at 30 per second, held 4 degrees to the left.
    for (int frame = 0; frame < 600; ++frame) {
      clock = kStart + frame * 1000 / 30;
      recorder.add_sample(sample_at(100.0 + frame / 30.0, 4.0));
    }
    RepetitionResult rep;
    rep.duration_s = 5;
    rep.time_in_zone_s = 4;
    rep.mean_deviation_deg = 3;
    rep.peak_deviation_deg = 7;
    rep.longest_in_zone_s = 3.5;
    recorder.add_repetition(rep);
    rep.time_in_zone_s = 2;
    rep.longest_in_zone_s.reset();
    rep.path_error_deg = 1.5;
    recorder.add_repetition(rep);
    recorder.end_exercise(4.0);
    recorder.add_break(BreakKind::pause, "face lost", 3.0);
    recorder.add_break(BreakKind::rest, "offered", 30.0);
    recorder.add_note("physiotherapist", "good focus today");
    recorder.check_in({CheckInPhase::after, 5, 6});
    clock = kStart + 120'000;
    recorder.end_session(EndReason::stopped_for_fatigue);
    ASSERT_TRUE(recorder.flush());
    EXPECT_EQ(recorder.last_error(), "");
    ASSERT_TRUE(recorder.session_id());
    session_id = *recorder.session_id();
  }
  SessionStore store(dir.path());
  const auto session = store.session(session_id);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->plan_key, "neck-basics");
  EXPECT_TRUE(session->supervised);
  EXPECT_EQ(session->started_ms, kStart);
  EXPECT_EQ(session->ended_ms, kStart + 120'000);
  EXPECT_EQ(session->end_reason, EndReason::stopped_for_fatigue);
  EXPECT_EQ(session->pain_before, 3);
  EXPECT_EQ(session->pain_change(), 2);
  EXPECT_EQ(session->fatigue_after, 6);
  EXPECT_EQ(session->paused_ms, 3000);
  EXPECT_EQ(session->rested_ms, 30000);
  EXPECT_NEAR(session->practice_minutes(), 117.0 / 60.0, 1e-9);
  EXPECT_EQ(session->repetitions, 2);
  EXPECT_EQ(session->mean_borg_effort, 4.0);

  // 30 frames a second thinned to about 25.
  const auto samples = store.samples(session_id);
  EXPECT_NEAR(static_cast<double>(samples.size()), 20 * 25, 15);
  EXPECT_DOUBLE_EQ(samples.front().t_s, 0.0);
  EXPECT_NEAR(samples.back().t_s, 20.0, 0.1);
  EXPECT_DOUBLE_EQ(samples[10].rotation_deg, 4.0);
  for (size_t i = 1; i < samples.size(); ++i) {
    EXPECT_GT(samples[i].t_s - samples[i - 1].t_s, 0.030);
  }

  // Indicators were computed when the session ended.
  ASSERT_TRUE(session->indicators);
  EXPECT_NEAR(session->indicators->rotation_left_deg, 4.0, 1e-9);

  const auto exercises = store.exercises(session_id);
  ASSERT_EQ(exercises.size(), 1u);
  EXPECT_EQ(exercises[0].exercise_type, "hold_midline");
  ASSERT_EQ(exercises[0].repetitions.size(), 2u);
  EXPECT_EQ(exercises[0].repetitions[1].path_error_deg, 1.5);
  EXPECT_EQ(exercises[0].repetitions[0].longest_in_zone_s, 3.5);
  EXPECT_FALSE(exercises[0].repetitions[1].longest_in_zone_s);
  EXPECT_FALSE(exercises[0].repetitions[0].path_error_deg);
  ASSERT_EQ(store.notes(patient_id).size(), 1u);
  EXPECT_EQ(store.notes(patient_id)[0].session_id, session_id);
}

TEST_F(Recording, CallsOutOfOrderOrOutOfRangeAreRefusedWithAReason) {
  SessionRecorder recorder(dir.path(), options());
  EXPECT_THROW(recorder.check_in({CheckInPhase::before, 1, 1}), std::logic_error);
  recorder.add_sample(sample_at(0, 0));  // outside a session: ignored, not an error
  recorder.begin_session({patient_id, "", "", false});
  EXPECT_THROW(recorder.begin_session({patient_id, "", "", false}), std::logic_error);
  EXPECT_THROW(recorder.add_repetition({}), std::logic_error);
  try {
    recorder.check_in({CheckInPhase::before, 11, 1});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("pain"), std::string::npos);
  }
  recorder.begin_exercise({"hold_midline", "x"});
  EXPECT_THROW(recorder.end_exercise(12.0), std::invalid_argument);
  recorder.end_session(EndReason::finished);
  ASSERT_TRUE(recorder.flush());
  EXPECT_EQ(recorder.last_error(), "");
}

TEST_F(Recording, ASessionForAnUnknownPatientIsReportedNotRecorded) {
  SessionRecorder recorder(dir.path(), options());
  recorder.begin_session({patient_id + 100, "", "", false});
  recorder.add_sample(sample_at(0, 0));
  recorder.end_session(EndReason::finished);
  ASSERT_TRUE(recorder.flush());
  EXPECT_NE(recorder.last_error().find("FOREIGN KEY"), std::string::npos) << recorder.last_error();
}

TEST_F(Recording, ClosingDuringASessionKeepsItAsInterrupted) {
  {
    SessionRecorder recorder(dir.path(), options());
    recorder.begin_session({patient_id, "", "", false});
    clock = kStart + 5000;
    recorder.add_sample(sample_at(0, 1));
  }
  SessionStore store(dir.path());
  const auto sessions = store.sessions(patient_id);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].end_reason, EndReason::interrupted);
  EXPECT_EQ(sessions[0].ended_ms, kStart + 5000);
  EXPECT_TRUE(store.notices().empty());  // ended properly: nothing to recover
}

TEST_F(Recording, SamplesKeepWhetherTheyWereCalibrated) {
  int64_t session_id = 0;
  {
    SessionRecorder recorder(dir.path(), options());
    recorder.begin_session({patient_id, "", "", false});
    HeadSample before = sample_at(0, 30);
    before.calibrated = false;
    recorder.add_sample(before);
    recorder.add_sample(sample_at(1, 3));
    recorder.end_session(EndReason::finished);
    ASSERT_TRUE(recorder.flush());
    session_id = *recorder.session_id();
  }
  SessionStore store(dir.path());
  const auto samples = store.samples(session_id);
  ASSERT_EQ(samples.size(), 2u);
  EXPECT_FALSE(samples[0].calibrated);
  EXPECT_TRUE(samples[1].calibrated);
}

TEST_F(Recording, PatientsAreFoundOrAddedWhileRecording) {
  SessionRecorder recorder(dir.path(), options());
  recorder.begin_session({patient_id, "", "", false});
  recorder.add_sample(sample_at(0, 1));
  EXPECT_EQ(recorder.find_or_add_patient("P-1", "ignored", kStart).id, patient_id);
  const Patient bob = recorder.find_or_add_patient("P-2", "Bob", kStart);
  EXPECT_NE(bob.id, patient_id);
  EXPECT_EQ(recorder.find_or_add_patient("P-2", "", kStart).display_name, "Bob");
  EXPECT_THROW(recorder.find_or_add_patient("", "", kStart), std::invalid_argument);
  recorder.end_session(EndReason::finished);
  ASSERT_TRUE(recorder.flush());
  EXPECT_EQ(recorder.last_error(), "");
}

TEST_F(Recording, AFullDiskKeepsTheSessionInMemoryUntilSpaceReturns) {
  std::atomic<bool> disk_full{false};
  RecorderOptions o = options();
  o.sample_rate_hz = 1000;  // every sample kept
  o.before_each_batch = [&](Database& db) {
    // A full disk for SQLite: no page beyond those the file has now.
    db.execute(disk_full ? "PRAGMA max_page_count = 1" : "PRAGMA max_page_count = 1073741823");
  };
  SessionRecorder recorder(dir.path(), o);
  recorder.begin_session({patient_id, "", "", false});
  ASSERT_TRUE(recorder.flush());
  disk_full = true;
  const int kSamples = 3000;  // two minutes: more than the pages the file has room for
  for (int i = 0; i < kSamples; ++i) recorder.add_sample(sample_at(i * 0.04, 1));
  EXPECT_FALSE(recorder.flush(std::chrono::milliseconds(300)));
  EXPECT_NE(recorder.last_error().find("disk is full"), std::string::npos) << recorder.last_error();
  EXPECT_NE(recorder.last_error().find("kept in memory"), std::string::npos);
  recorder.add_sample(sample_at(kSamples * 0.04, 1));
  EXPECT_FALSE(recorder.flush(std::chrono::milliseconds(300)));  // still full: still kept
  disk_full = false;                                             // space freed
  ASSERT_TRUE(recorder.flush());
  EXPECT_EQ(recorder.last_error(), "");
  recorder.end_session(EndReason::finished);
  ASSERT_TRUE(recorder.flush());
  SessionStore store(dir.path());
  EXPECT_EQ(store.samples(*recorder.session_id()).size(), static_cast<size_t>(kSamples + 1));
}

TEST_F(Recording, LittleRoomOnTheDiskIsSaidWithTheMinutesLeft) {
  RecorderOptions o = options();
  o.free_space = [](const std::filesystem::path&) { return std::optional<uint64_t>(3u << 20); };
  SessionRecorder recorder(dir.path(), o);
  recorder.begin_session({patient_id, "", "", false});
  ASSERT_TRUE(recorder.flush());
  const DiskSpace disk = recorder.disk();
  ASSERT_TRUE(disk.minutes_left);
  EXPECT_NEAR(*disk.minutes_left, 6.0, 0.01);  // 3 MiB at the default 512 KiB a minute
  EXPECT_NE(disk.warning.find("about 6 minutes"), std::string::npos) << disk.warning;
  // Plenty of room: nothing to say.
  EXPECT_TRUE(disk_space(uint64_t{1} << 40, 0, 15).warning.empty());
  EXPECT_FALSE(disk_space(uint64_t{1} << 20, 0, 15).warning.empty());
}

TEST_F(Recording, AFileFoundDamagedDuringASessionIsSetAsideAndTheSessionGoesOnWhole) {
  const std::filesystem::path file = SessionStore::database_file(dir.path());
  SessionStore reader(dir.path());  // the game's screens
  std::atomic<bool> damage{false};
  RecorderOptions o = options();
  o.sample_rate_hz = 1000;
  o.before_each_batch = [&](Database& db) {
    if (!damage.exchange(false)) return;
    // Random bytes over the samples' root page, as a failing disk might leave it, then the
    // page cache dropped so that the next write reads the page from the file.
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    Statement q(db, "SELECT rootpage FROM sqlite_schema WHERE name = 'samples'");
    ASSERT_TRUE(q.step());
    const int64_t root = q.column_int(0);
    std::string noise(4096, '\0');
    for (size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<char>(i * 131 + 7);
    std::fstream f(file, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp((root - 1) * 4096);
    f.write(noise.data(), static_cast<std::streamsize>(noise.size()));
    f.close();
    sqlite3_db_release_memory(db.handle());
  };
  SessionRecorder recorder(dir.path(), o);
  recorder.begin_session({patient_id, "plan-a", "Plan A", false});
  recorder.check_in({CheckInPhase::before, 3, 2});
  for (int i = 0; i < 1000; ++i) recorder.add_sample(sample_at(i * 0.04, 1));
  ASSERT_TRUE(recorder.flush());
  damage = true;
  for (int i = 1000; i < 2000; ++i) recorder.add_sample(sample_at(i * 0.04, 1));
  ASSERT_TRUE(recorder.flush());
  for (int i = 2000; i < 2100; ++i) recorder.add_sample(sample_at(i * 0.04, 1));
  recorder.end_session(EndReason::finished);
  ASSERT_TRUE(recorder.flush());
  EXPECT_EQ(recorder.last_error(), "");

  const auto notices = recorder.notices();
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].find("midline recover"), std::string::npos) << notices[0];
  bool aside = false;
  for (const auto& e : std::filesystem::directory_iterator(dir.path()))
    aside |= e.path().filename().string().find(".unreadable-") != std::string::npos;
  EXPECT_TRUE(aside);
  // The whole session is in the new store, its player too; the game's reader follows.
  const auto sessions = reader.sessions(patient_id);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].end_reason, EndReason::finished);
  EXPECT_EQ(sessions[0].pain_before, 3);
  EXPECT_EQ(reader.samples(sessions[0].id).size(), 2100u);
  ASSERT_TRUE(reader.patient(patient_id));
}

TEST_F(Recording, OnlyOneRecorderAtATimeAndReadersDoNotDisturbIt) {
  SessionRecorder recorder(dir.path(), options());
  EXPECT_THROW(SessionRecorder second(dir.path(), options()), StorageError);
  recorder.begin_session({patient_id, "", "", false});
  recorder.add_sample(sample_at(0, 1));
  ASSERT_TRUE(recorder.flush());
  SessionStore reader(dir.path());  // an export while the game records
  const auto sessions = reader.sessions(patient_id);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_FALSE(sessions[0].end_reason);  // still running, not mistaken for a crash
}

}  // namespace
}  // namespace midline::storage

namespace midline::storage {
namespace {

// Every new session says its angles are from the body midline, and keeps the resting posture,
// the flexion zero and the target beside them; a later call replaces only what it names.
TEST_F(Recording, ASessionKeepsWhatItsAnglesAreMeasuredFrom) {
  {
    SessionRecorder recorder(dir.path(), options());
    recorder.begin_session({patient_id, "", "", false});
    recorder.set_reference({.target = HeadAngles{-20.0, 0.0, 0.0}});
    recorder.set_reference({.resting_posture = HeadAngles{-25.0, 8.0, 1.5},
                            .flexion_zero_deg = 6.0});
    recorder.end_session(EndReason::finished);
    ASSERT_TRUE(recorder.flush());
  }
  SessionStore store(dir.path());
  const auto sessions = store.sessions(patient_id);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].angle_reference, AngleReference::body_midline);
  ASSERT_TRUE(sessions[0].reference.resting_posture);
  EXPECT_DOUBLE_EQ(sessions[0].reference.resting_posture->rotation_deg, -25.0);
  EXPECT_DOUBLE_EQ(sessions[0].reference.resting_posture->tilt_deg, 8.0);
  EXPECT_EQ(sessions[0].reference.flexion_zero_deg, 6.0);
  ASSERT_TRUE(sessions[0].reference.target);
  EXPECT_DOUBLE_EQ(sessions[0].reference.target->rotation_deg, -20.0);  // kept, not replaced
  EXPECT_FALSE(sessions[0].reference.resting_posture_rough);
}

// A resting posture calibration could only follow roughly (the head rests turned further than
// the tracker is sure of) is kept so, through references that do not name one, until a
// resting posture measured surely replaces it.
TEST_F(Recording, ARoughRestingPostureIsKeptRoughUntilAnotherReplacesIt) {
  auto rough_after = [&](const std::vector<SessionReference>& references) {
    SessionRecorder recorder(dir.path(), options());
    recorder.begin_session({patient_id, "", "", false});
    for (const auto& r : references) recorder.set_reference(r);
    recorder.end_session(EndReason::finished);
    EXPECT_TRUE(recorder.flush());
    const auto sessions = SessionStore(dir.path()).sessions(patient_id);
    return sessions.back().reference.resting_posture_rough;
  };
  const SessionReference rough{.resting_posture = HeadAngles{-58.0, 3.0, 0.0},
                               .resting_posture_rough = true};
  EXPECT_TRUE(rough_after({rough}));
  EXPECT_TRUE(rough_after({rough, {.flexion_zero_deg = 4.0}, {.target = HeadAngles{-50, 0, 0}}}));
  EXPECT_FALSE(rough_after({rough, {.resting_posture = HeadAngles{-20.0, 3.0, 0.0}}}));
}

}  // namespace
}  // namespace midline::storage
