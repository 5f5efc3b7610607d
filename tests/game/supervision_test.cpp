// The supervised session's model: the clinician's live readout, and a session kept as
// supervised only when it was (through the real store, in a temporary folder). The notes and
// the Stop are the ward station's (ward_station_test.cpp).

#include "session/supervision.hpp"

#include <gtest/gtest.h>

#include "screens/supervision_panel.hpp"
#include "session/session_log.hpp"
#include "storage/session_store.hpp"
#include "storage/temp_dir.hpp"

namespace midline {
namespace {

HeadSample sample_at(double rotation, double tilt, double flexion, double quality = 0.9) {
  HeadSample s;
  s.quality = quality;
  s.calibrated = true;
  s.face.emplace().angles = {rotation, tilt, flexion};
  return s;
}

TEST(SupervisionReadout, NamesEachAngleInThePatientsOwnFrame) {
  const auto r = supervision_readout(sample_at(12.3, -3.0, 0.2));
  EXPECT_EQ(r.rotation, "12 deg to the left");  // + rotation: chin toward the left shoulder
  EXPECT_EQ(r.tilt, "3 deg to the right");
  EXPECT_EQ(r.flexion, "at the midline");
  EXPECT_EQ(r.quality, "good (0.90)");
  EXPECT_EQ(r.tremor, "none seen");
  EXPECT_TRUE(r.trusted);
  EXPECT_EQ(supervision_readout(sample_at(0, 0, -7)).flexion, "7 deg chin up");
  EXPECT_EQ(supervision_readout(sample_at(0, 0, 9)).flexion, "9 deg chin down");
}

TEST(SupervisionReadout, SaysWhenTheAnglesCannotBeTrusted) {
  const auto low = supervision_readout(sample_at(5, 0, 0, 0.41));
  EXPECT_FALSE(low.trusted);
  EXPECT_EQ(low.quality, "low (0.41): not scored");

  HeadSample lost = sample_at(20, 0, 0);
  lost.face.reset();
  const auto gone = supervision_readout(lost);
  EXPECT_EQ(gone.quality, "face not seen");
  EXPECT_EQ(gone.rotation, "-");  // stale angles are not shown
  EXPECT_EQ(supervision_readout(std::nullopt).quality, "face not seen");

  // Before calibration no angle is trusted (kUncalibratedQuality): the readout says whether the
  // face is seen clearly enough to calibrate on.
  HeadSample uncalibrated = sample_at(0, 0, 0, kUncalibratedQuality);
  uncalibrated.calibrated = false;
  uncalibrated.clarity = 0.9;
  EXPECT_FALSE(supervision_readout(uncalibrated).trusted);
  EXPECT_EQ(supervision_readout(uncalibrated).quality,
            "not calibrated yet; face seen clearly (0.90)");
  uncalibrated.clarity = 0.3;
  EXPECT_EQ(supervision_readout(uncalibrated).quality, "not calibrated yet; face unclear (0.30)");
}

TEST(SupervisionReadout, DescribesTremorAndTheSensoryTrick) {
  HeadSample s = sample_at(0, 0, 0);
  s.tremor = {true, 4.24, 1.26, Axis::tilt};
  s.face->lower_face_covered = true;
  const auto r = supervision_readout(s);
  EXPECT_EQ(r.tremor, "4.2 Hz, 1.3 deg, mostly tilt");
  EXPECT_TRUE(r.sensory_trick);
}

TEST(SupervisionPanel, DescribesTheViewForTheClinician) {
  const auto plan = default_plan();
  EXPECT_EQ(describe_view(plan, "exercise-2-rest"),
            "Exercise 2 of 4: " + plan[1].title + " (rest)");
  EXPECT_EQ(describe_view(plan, "exercise-1"), "Exercise 1 of 4: " + plan[0].title);
  EXPECT_EQ(describe_view(plan, "exercise-1-screen-resting"),
            "Exercise 1 of 4: " + plan[0].title + " (the screen rests: fading feedback)");
  EXPECT_EQ(describe_view(plan, "check-in"), "Check in");
  EXPECT_EQ(describe_view(plan, "effort-2"), "Rating the effort of exercise 2");
}

TEST(SupervisionNotes, AnUnsupervisedSessionIsNotMarkedSupervised) {
  testing::TempDir dir;
  {
    SessionLog log(dir.path());
    log.choose_player("Home patient");
    log.begin("plan", CheckInAnswers{1, 1});
    log.end(CheckInAnswers{1, 1}, storage::EndReason::finished);
  }
  storage::SessionStore store(dir.path(), storage::SessionStore::Mode::inspect);
  EXPECT_FALSE(store.sessions(store.patients().at(0).id).at(0).supervised);
}

}  // namespace
}  // namespace midline
