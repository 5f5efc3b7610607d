#include "session/patient_record.hpp"

#include <gtest/gtest.h>

#include "session/session_log.hpp"
#include "storage/session_store.hpp"
#include "storage/temp_dir.hpp"

namespace midline {
namespace {

// A session played through the session log on a clock the test moves: a hold that drifts
// far to the left, then a range check reaching 55 deg left, 48 right and 30 chin down.
struct ScriptedSession {
  storage::WallMs now_ms = 1'767'258'000'000;
  double camera_s = 0.0;

  void look(SessionLog& log, double rotation, double flexion, double seconds) {
    for (double t = 0.0; t < seconds; t += 0.04) {
      HeadSample s;
      s.time_s = camera_s;
      s.quality = 0.9;
      s.calibrated = true;
      s.face.emplace();
      s.face->angles = {rotation, 0.0, flexion};
      log.sample(s);
      camera_s += 0.04;
      now_ms += 40;
    }
  }
};

TEST(PatientRecord, TheLatestRangeCheckIsMeasuredOverTheCheckAlone) {
  testing::TempDir dir;
  ScriptedSession script;
  {
    SessionLog log(dir.path(), [&script] { return script.now_ms; });
    log.choose_player("Ana");
    log.begin("plan", {2, 2});
    log.exercise_started("hold_midline", "01-find-your-midline");
    script.look(log, 0.0, 0.0, 2.0);
    script.look(log, 70.0, 0.0, 2.0);  // a dystonic pull, not a measured range
    log.exercise_started("range_check", "00-range-check");
    script.look(log, 0.0, 0.0, 1.0);
    script.look(log, 55.0, 0.0, 1.5);
    script.look(log, 0.0, 0.0, 1.0);
    script.look(log, -48.0, 0.0, 1.5);
    script.look(log, 0.0, 30.0, 1.5);
    log.exercise_ended();
    log.end({2, 2}, storage::EndReason::finished);
    ASSERT_EQ(log.problem(), "");
  }
  storage::SessionStore store(dir.path());
  const auto patient = store.find_patient("P-0001");
  ASSERT_TRUE(patient);
  const auto measured = latest_range_check(store, patient->id);
  ASSERT_TRUE(measured);
  ASSERT_TRUE(measured->range.rotation_left && measured->range.rotation_right);
  EXPECT_NEAR(*measured->range.rotation_left, 55.0, 0.2);
  EXPECT_NEAR(*measured->range.rotation_right, 48.0, 0.2);
  ASSERT_TRUE(measured->range.flexion);
  EXPECT_NEAR(*measured->range.flexion, 30.0, 0.2);
  EXPECT_FALSE(measured->range.tilt_left);   // not reached: left for the clinician
  EXPECT_FALSE(measured->range.extension);
  EXPECT_GT(measured->measured_ms, 1'767'258'000'000);
}

TEST(PatientRecord, NoRangeCheckMeansNoMeasuredRange) {
  testing::TempDir dir;
  ScriptedSession script;
  {
    SessionLog log(dir.path(), [&script] { return script.now_ms; });
    log.choose_player("Ben");
    log.begin("plan", {2, 2});
    log.exercise_started("hold_midline", "01-find-your-midline");
    script.look(log, 40.0, 0.0, 2.0);
    log.end({2, 2}, storage::EndReason::finished);
  }
  storage::SessionStore store(dir.path());
  EXPECT_FALSE(latest_range_check(store, store.find_patient("P-0001")->id));
}

}  // namespace
}  // namespace midline
