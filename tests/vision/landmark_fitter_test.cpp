// The landmark fit runs dlib's 68-point cascade itself (sub-pixel answers; each level's trees
// packed for speed): it must find what dlib's own shape_predictor finds from the same model
// file, which differs only by rounding each point to a whole pixel.

#include <gtest/gtest.h>

#include <cmath>
#include <dlib/image_processing.h>
#include <dlib/opencv.h>
#include <opencv2/imgproc.hpp>

#include "tracking_fixture.hpp"

namespace midline::testing {
namespace {

TEST(LandmarkFitter, FindsWhatDlibsOwnShapePredictorFindsToTheRoundedPixel) {
  MIDLINE_REQUIRE_PHOTO();
  dlib::shape_predictor dlibs;
  dlib::deserialize(MIDLINE_LANDMARK_MODEL) >> dlibs;

  cv::Mat gray;
  cv::cvtColor(astronaut()->image, gray, cv::COLOR_BGR2GRAY);
  const auto face = FaceFinder().find(gray);
  ASSERT_TRUE(face);
  // The face's own box and boxes off it (as a track's box is), the picture smaller and larger.
  int fits = 0;
  double worst_px = 0.0;
  for (const double scale : {0.5, 1.0}) {
    cv::Mat scaled;
    cv::resize(gray, scaled, {}, scale, scale, cv::INTER_AREA);
    for (const cv::Point shift : {cv::Point(0, 0), cv::Point(7, -4), cv::Point(-9, 6)}) {
      const cv::Rect box(cv::Point(static_cast<int>(face->box.x * scale),
                                   static_cast<int>(face->box.y * scale)) + shift,
                         cv::Size(static_cast<int>(face->box.width * scale),
                                  static_cast<int>(face->box.height * scale)));
      const Landmarks ours = shared_fitter()->fit(scaled, box);
      const dlib::full_object_detection theirs = dlibs(
          dlib::cv_image<unsigned char>(scaled),
          dlib::rectangle(box.x, box.y, box.x + box.width - 1, box.y + box.height - 1));
      ASSERT_EQ(theirs.num_parts(), static_cast<unsigned long>(kLandmarkCount));
      for (int i = 0; i < kLandmarkCount; ++i) {
        const dlib::point p = theirs.part(static_cast<unsigned long>(i));
        const double off = std::max(std::abs(ours[i].x - static_cast<double>(p.x())),
                                    std::abs(ours[i].y - static_cast<double>(p.y())));
        worst_px = std::max(worst_px, off);
      }
      ++fits;
    }
  }
  EXPECT_EQ(fits, 6);
  // dlib rounds to the nearest pixel: at most half a pixel apart (and a hair for float sums).
  EXPECT_LE(worst_px, 0.5 + 1e-3) << "a landmark differs from dlib's by " << worst_px << " px";
}

}  // namespace
}  // namespace midline::testing
