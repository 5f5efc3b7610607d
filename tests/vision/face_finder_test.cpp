// The tracker confirms a followed face every few frames with the detector in a region around
// it (FaceFinder::find_in). Told the face's width, the finder searches only the scales where
// a face of about that size is found: each of those scales is the full search's own, so it
// must find what the full search finds there, with the same score, and must not find a face
// far smaller or far larger than it was told.

#include <gtest/gtest.h>

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "tracking_fixture.hpp"

namespace midline::testing {
namespace {

cv::Rect region_around(const cv::Rect& box) {
  const int margin = box.width / 3;  // as the tracker's check
  return {box.x - margin, box.y - margin, box.width + 2 * margin, box.height + 2 * margin};
}

cv::Point2d centre(const cv::Rect& r) {
  return {r.x + r.width / 2.0, r.y + r.height / 2.0};
}

// The astronaut photo in grey, 640 px wide as a webcam's frame.
cv::Mat astronaut_640_wide() {
  cv::Mat gray;
  cv::cvtColor(astronaut()->image, gray, cv::COLOR_BGR2GRAY);
  cv::resize(gray, gray, {}, 640.0 / gray.cols, 640.0 / gray.cols, cv::INTER_AREA);
  return gray;
}

TEST(FaceFinder, ChecksAFaceAtItsOwnSizeAsTheFullSearchDoes) {
  MIDLINE_REQUIRE_PHOTO();
  cv::Mat gray;
  cv::cvtColor(astronaut()->image, gray, cv::COLOR_BGR2GRAY);
  const FaceFinder finder;
  const double threshold = TrackerParams{}.confirm_threshold;
  int compared = 0;
  for (const double scale : {0.4, 0.7, 1.0, 1.5}) {
    cv::Mat scaled;
    cv::resize(gray, scaled, {}, scale, scale, cv::INTER_AREA);
    const auto upright = finder.find(scaled);
    ASSERT_TRUE(upright) << "scale " << scale;
    for (const double roll_deg : {0.0, 25.0}) {
      // The face turned clockwise on screen by the roll, about its own centre.
      cv::Mat rolled;
      const cv::Point2f about(static_cast<float>(centre(upright->box).x),
                              static_cast<float>(centre(upright->box).y));
      cv::warpAffine(scaled, rolled, cv::getRotationMatrix2D(about, -roll_deg, 1.0), scaled.size(),
                     cv::INTER_LINEAR, cv::BORDER_REPLICATE);
      const cv::Rect region = region_around(upright->box);
      const auto every_scale = finder.find_in(rolled, region, threshold, roll_deg);
      const auto at_its_size =
          finder.find_in(rolled, region, threshold, roll_deg, upright->box.width);
      ASSERT_TRUE(every_scale) << "scale " << scale << ", roll " << roll_deg;
      ASSERT_TRUE(at_its_size) << "scale " << scale << ", roll " << roll_deg;
      EXPECT_NEAR(at_its_size->score, every_scale->score, 1e-9)
          << "scale " << scale << ", roll " << roll_deg;
      EXPECT_LE(cv::norm(centre(at_its_size->box) - centre(every_scale->box)), 2.0)
          << "scale " << scale << ", roll " << roll_deg;
      EXPECT_NEAR(at_its_size->box.width, every_scale->box.width,
                  2.0 + 0.02 * every_scale->box.width)
          << "scale " << scale << ", roll " << roll_deg;
      EXPECT_DOUBLE_EQ(at_its_size->roll_deg, roll_deg);
      ++compared;
    }
  }
  EXPECT_EQ(compared, 8);

  // Told the face is three times as wide as it is, or a third as wide, the finder does not
  // search the scales where it is: the finer and the coarser scales really are skipped.
  const auto face = finder.find(gray);
  ASSERT_TRUE(face);
  const cv::Rect region = region_around(face->box);
  EXPECT_TRUE(finder.find_in(gray, region, threshold));
  EXPECT_FALSE(finder.find_in(gray, region, threshold, 0.0, 3.0 * face->box.width));
  // (At the check's low threshold, a smaller part of the face may pass for a face.)
  const auto told_smaller = finder.find_in(gray, region, threshold, 0.0, face->box.width / 3.0);
  EXPECT_TRUE(!told_smaller || told_smaller->box.width < 0.7 * face->box.width)
      << "a face " << told_smaller->box.width << " px wide, told " << face->box.width / 3.0;
}

// A lost face tilted far is searched for in the frame turned each way; where the face was
// last seen, only around there. Found there as over the whole frame; a face far from where
// it was is left to the upright view, which searches the whole frame.
TEST(FaceFinder, SearchesATiltedLostFaceAroundWhereItWasLastSeen) {
  MIDLINE_REQUIRE_PHOTO();
  const cv::Mat gray = astronaut_640_wide();
  const FaceFinder finder;
  const auto upright = finder.find(gray);
  ASSERT_TRUE(upright);
  const double roll_deg = FaceFinderParams{}.rolled_search_deg;
  cv::Mat tilted;  // clockwise on screen, about the face
  cv::warpAffine(gray, tilted, cv::getRotationMatrix2D(centre(upright->box), -roll_deg, 1.0),
                 gray.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  const auto anywhere = finder.find_lost(tilted, 1);
  const auto around = finder.find_lost(tilted, 1, upright->box);
  ASSERT_TRUE(anywhere);
  ASSERT_TRUE(around);
  EXPECT_DOUBLE_EQ(around->roll_deg, roll_deg);
  EXPECT_LE(cv::norm(centre(around->box) - centre(upright->box)), 0.1 * upright->box.width);
  EXPECT_LE(cv::norm(centre(around->box) - centre(anywhere->box)), 0.1 * upright->box.width);

  // Last seen across the frame: the turned view does not look where the face is now.
  const cv::Rect elsewhere(upright->box.x < gray.cols / 2 ? gray.cols - upright->box.width : 0,
                           upright->box.y, upright->box.width / 2, upright->box.height / 2);
  EXPECT_FALSE(finder.find_lost(tilted, 1, elsewhere));
}

// A lost face seen before is looked for upright over the whole frame at the sizes it may
// have now: from two-thirds of the width it had, the frame scaled up (for a small face) only
// around where it was. Every few rounds, a search at every size finds whatever face is there.
TEST(FaceFinder, LooksForALostFaceAtTheSizesItMayHave) {
  MIDLINE_REQUIRE_PHOTO();
  const cv::Mat gray = astronaut_640_wide();
  const FaceFinder finder;
  const auto face = finder.find(gray);
  ASSERT_TRUE(face);
  const int full_search = FaceFinder::kLostViews * (FaceFinder::kLostRoundsPerFullSearch - 1);

  const auto as_before = finder.find_lost(gray, 0, face->box);
  ASSERT_TRUE(as_before);
  EXPECT_NEAR(as_before->score, face->score, 1e-9);
  EXPECT_LE(cv::norm(centre(as_before->box) - centre(face->box)), 2.0);
  // Last seen two and a half times as wide: a face this small is not looked for, except in
  // the round that searches at every size.
  cv::Rect wider = face->box;
  wider.width = wider.height = face->box.width * 5 / 2;
  EXPECT_FALSE(finder.find_lost(gray, 0, wider));
  EXPECT_FALSE(finder.find_lost(gray, FaceFinder::kLostViews, wider));
  EXPECT_TRUE(finder.find_lost(gray, full_search, wider));

  // A face about 60 px wide, below the detector's window, in the top left of a 640x480 frame.
  cv::Mat small;
  const double scale = 60.0 / face->box.width;
  cv::resize(gray, small, {}, scale, scale, cv::INTER_AREA);
  cv::Mat frame(480, 640, CV_8UC1, cv::mean(small));
  small(cv::Rect(0, 0, std::min(small.cols, 320), std::min(small.rows, 240)))
      .copyTo(frame(cv::Rect(0, 0, std::min(small.cols, 320), std::min(small.rows, 240))));
  const auto small_face = finder.find(frame);
  ASSERT_TRUE(small_face);
  ASSERT_LT(small_face->box.width, FaceFinder::kDetectorWindowPx);
  ASSERT_FALSE(finder.find_in(frame, cv::Rect(0, 0, 640, 480), FaceFinderParams{}.threshold))
      << "found without the frame scaled up";
  const auto near_where_it_was = finder.find_lost(frame, 0, small_face->box);
  ASSERT_TRUE(near_where_it_was);
  EXPECT_LE(cv::norm(centre(near_where_it_was->box) - centre(small_face->box)), 3.0);
  // Last seen in the bottom right: the frame is scaled up only there.
  const cv::Rect bottom_right(640 - small_face->box.width, 480 - small_face->box.height,
                              small_face->box.width, small_face->box.height);
  EXPECT_FALSE(finder.find_lost(frame, 0, bottom_right));
  EXPECT_TRUE(finder.find_lost(frame, full_search, bottom_right));
}

}  // namespace
}  // namespace midline::testing
