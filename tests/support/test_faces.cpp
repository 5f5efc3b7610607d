#include "support/test_faces.hpp"

#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <regex>
#include <sstream>

#include "vision/face_finder.hpp"

namespace midline::testing {
namespace {

struct Source {
  const char* name;
  const char* file;    // in the test-data folder, or in ../shared/data/faces
  bool shared;
  int box_left = 0, box_top = 0;  // which face of a shared photo (its box in dlib's XML)
};

const Source kSources[] = {
    {"astronaut", "astronaut.png", false},
    {"hopper", "grace_hopper.jpg", false},
    {"voc_a", "2008_002506.jpg", true, 329, 78},
    {"voc_b", "2008_002506.jpg", true, 224, 95},
    {"voc_c", "2008_001009.jpg", true, 125, 214},
};

// The 68 landmarks of the face whose box starts at (left, top) in dlib's XML files.
std::optional<Landmarks> shared_landmarks(const std::string& file, int left, int top) {
  for (const char* xml : {"training_with_face_landmarks.xml", "testing_with_face_landmarks.xml"}) {
    std::ifstream in(std::string(MIDLINE_SHARED_DATA_DIR) + "/faces/" + xml);
    std::stringstream text;
    text << in.rdbuf();
    const std::string all = text.str();
    const size_t image = all.find("file='" + file + "'");
    if (image == std::string::npos) continue;
    const std::string box = "top='" + std::to_string(top) + "' left='" + std::to_string(left) + "'";
    const size_t at = all.find(box, image);
    if (at == std::string::npos) continue;
    const size_t end = all.find("</box>", at);
    const std::regex part("<part name='(\\d+)' x='(-?\\d+)' y='(-?\\d+)'/>");
    Landmarks l{};
    int found = 0;
    for (auto it = std::sregex_iterator(all.begin() + static_cast<long>(at),
                                        all.begin() + static_cast<long>(end), part);
         it != std::sregex_iterator(); ++it, ++found)
      l[std::stoi((*it)[1])] = {std::stof((*it)[2]), std::stof((*it)[3])};
    if (found == kLandmarkCount) return l;
  }
  return std::nullopt;
}

// Crops a square around the face and scales it so the eyes are at least `min_span` apart.
void crop_and_scale(cv::Mat& photo, Landmarks& l, float min_span) {
  cv::Rect2f box = cv::boundingRect(std::vector<cv::Point2f>(l.begin(), l.end()));
  const cv::Point2f centre(box.x + box.width / 2, box.y + box.height / 2);
  const float half = 1.6f * std::max(box.width, box.height);
  const cv::Rect crop = cv::Rect(cvRound(centre.x - half), cvRound(centre.y - half),
                                 cvRound(2 * half), cvRound(2 * half)) &
                        cv::Rect(0, 0, photo.cols, photo.rows);
  photo = photo(crop).clone();
  for (auto& p : l) p -= cv::Point2f(static_cast<float>(crop.x), static_cast<float>(crop.y));
  const float scale = std::max(1.0f, min_span / eye_span_px(l));
  if (scale > 1.0f) {
    cv::resize(photo, photo, {}, scale, scale, cv::INTER_CUBIC);
    for (auto& p : l) p *= scale;
    // A little sharpening: enlarged photos are softer than a webcam's own pixels.
    cv::Mat soft;
    cv::GaussianBlur(photo, soft, {0, 0}, 1.2 * scale / 2.0);
    cv::addWeighted(photo, 1.5, soft, -0.5, 0.0, photo);
  }
}

// How each face is seen: hair, accessories and light, one of each kind at least.
void dress(TestFace& f, int index) {
  f.look.proportions = HeadProportions::random(101u + static_cast<unsigned>(index));
  f.look.seed = 11u + static_cast<unsigned>(index);
  f.sensory_trick = index % 2 == 0 ? Hand::on_cheek : Hand::on_chin;
  const Light warm_left{{0.55, -0.35, 0.75}, {0.75, 0.92, 1.15}, {0.40, 0.42, 0.48}, 0.65};
  const Light side_right{{-0.85, -0.2, 0.5}, {1.0, 1.0, 1.0}, {0.32, 0.32, 0.32}, 0.85};
  const Light cool_front{{0.2, -0.4, 0.9}, {1.08, 1.0, 0.93}, {0.5, 0.5, 0.5}, 0.5};
  const Light warm_side_left{{0.9, -0.1, 0.45}, {0.7, 0.88, 1.15}, {0.35, 0.36, 0.42}, 0.8};
  switch (index) {
    case 0: f.light = warm_left; f.look.hair_bgr = {45, 70, 110}; break;
    case 1: f.light = side_right; f.look.hair_bgr = {170, 170, 175}; f.look.glasses = true; break;
    case 2: f.light = cool_front; f.look.hair_bgr = {30, 30, 35}; f.look.hat = true; break;
    case 3: f.light = warm_side_left; f.look.hair_bgr = {60, 110, 160}; f.look.fringe = true; break;
    default: f.light = side_right; f.look.hair_bgr = {35, 45, 60}; f.look.glasses = true; break;
  }
}

}  // namespace

const std::vector<std::string>& test_face_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& s : kSources) n.push_back(s.name);
    return n;
  }();
  return names;
}

std::optional<TestFace> load_test_face(const std::string& name, const LandmarkFitter& fitter,
                                       std::string& why) {
  for (int index = 0; index < static_cast<int>(std::size(kSources)); ++index) {
    const Source& s = kSources[index];
    if (name != s.name) continue;
    TestFace f;
    f.name = name;
    const std::string dir = s.shared ? std::string(MIDLINE_SHARED_DATA_DIR) + "/faces"
                                     : std::string(MIDLINE_TEST_DATA_DIR);
    const std::string path = dir + "/" + s.file;
    if (!std::filesystem::exists(path)) {
      why = s.shared ? "the shared test photographs are absent (" + path + "): ../shared is not "
                       "part of a user's clone"
                     : "the test photograph " + path + " is missing: run scripts/fetch-test-data " +
                           MIDLINE_TEST_DATA_DIR;
      return std::nullopt;
    }
    f.photo = cv::imread(path, cv::IMREAD_COLOR);
    if (s.shared) {
      const auto l = shared_landmarks(s.file, s.box_left, s.box_top);
      if (!l) {
        why = std::string("no 68-point landmarks for ") + s.file + " in ../shared/data/faces";
        return std::nullopt;
      }
      f.landmarks = *l;
    } else {
      cv::Mat gray;
      cv::cvtColor(f.photo, gray, cv::COLOR_BGR2GRAY);
      const auto found = FaceFinder().find(gray);
      if (!found) {
        why = "no face found in " + path;
        return std::nullopt;
      }
      f.landmarks = fitter.fit(gray, found->box);
    }
    crop_and_scale(f.photo, f.landmarks, 120.0f);
    dress(f, index);
    return f;
  }
  why = "no test face called " + name;
  return std::nullopt;
}

}  // namespace midline::testing
