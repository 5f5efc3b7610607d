#pragma once
// The photographed faces the accuracy tests turn into heads (support/head_renderer.hpp), each
// with its own proportions, hair, accessories and light:
//   astronaut  skimage's astronaut.png (Debian python3-skimage; public domain, NASA)
//   hopper     matplotlib's grace_hopper.jpg (Debian python-matplotlib-data; public domain,
//              U.S. Navy)
//   both fetched by scripts/fetch-test-data into the build's test-data folder;
//   voc_a..voc_c three of the largest near-frontal faces of ../shared/data/faces (dlib's
//              example photographs, with dlib's 68-point landmarks from its XML), absent on a
//              user's clone.

#include <optional>
#include <string>
#include <vector>

#include "support/head_renderer.hpp"
#include "vision/landmark_fitter.hpp"

namespace midline::testing {

struct TestFace {
  std::string name;
  cv::Mat photo;        // cropped around the face and scaled up to a usable texture
  Landmarks landmarks;  // in `photo`
  HeadLook look;
  Light light;
  Hand sensory_trick = Hand::on_cheek;  // where this patient puts a hand
};

// Every face's name, whether or not its photo is here.
const std::vector<std::string>& test_face_names();

// The face, or nothing with `why` saying what is missing and how to get it.
std::optional<TestFace> load_test_face(const std::string& name, const LandmarkFitter& fitter,
                                       std::string& why);

}  // namespace midline::testing
