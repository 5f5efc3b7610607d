#include "support/face_renderer.hpp"

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <opencv2/imgproc.hpp>
#include <random>

#include "vision/face_model.hpp"

namespace midline::testing {
namespace {

constexpr double kEyeSpanMm = 90.0;  // the generic model's outer-eye-corner distance

cv::Point2f to_cv(const glm::dvec2& p) {
  return {static_cast<float>(p.x), static_cast<float>(p.y)};
}

cv::Mat make_background(cv::Size size, int kind) {
  const cv::Scalar base[3] = {{150, 160, 170}, {90, 110, 80}, {200, 190, 170}};
  cv::Mat image(size, CV_8UC3, base[kind % 3]);
  std::mt19937 rng(7919u + static_cast<unsigned>(kind));
  std::uniform_int_distribution<int> x(0, image.cols), y(0, image.rows), r(20, 120),
      c(40, 230);
  for (int i = 0; i < 12; ++i)  // shapes a detector must ignore
    cv::circle(image, {x(rng), y(rng)}, r(rng), cv::Scalar(c(rng), c(rng), c(rng)), cv::FILLED);
  cv::GaussianBlur(image, image, {0, 0}, 9.0);
  return image;
}

}  // namespace

std::string FaceRenderer::photo_path() {
  const std::string path = std::string(MIDLINE_TEST_DATA_DIR) + "/astronaut.png";
  return std::filesystem::exists(path) ? path : std::string();
}

std::string FaceRenderer::missing_photo_message() {
  return std::string("the test photograph is missing: run scripts/fetch-test-data ") +
         MIDLINE_TEST_DATA_DIR + " (scripts/quickstart test does)";
}

FaceRenderer::FaceRenderer(cv::Mat photo, const Landmarks& l, FaceShape shape)
    : photo_(std::move(photo)) {
  const FaceModel& model = generic_face_model();
  const double mm_per_px = kEyeSpanMm / eye_span_px(l);
  const cv::Point2f nose = l[kNoseTip];
  std::mt19937 rng(shape.seed);
  std::normal_distribution<double> depth_noise(0.0, shape.depth_noise_mm);

  auto add = [&](cv::Point2f texture, double z_mm) {
    vertices_.push_back({texture, glm::dvec3((texture.x - nose.x) * mm_per_px,
                                             (texture.y - nose.y) * mm_per_px, z_mm)});
  };
  for (int i = 0; i < kLandmarkCount; ++i)
    add(l[i], model[i].z * shape.depth_scale + (i == kNoseTip ? 0.0 : depth_noise(rng)));

  // Rings around the face outline and a forehead, curving away from the camera.
  const cv::Point2f centre = l[29];
  for (int i = 0; i <= 16; ++i)
    for (auto [k, dz] : {std::pair{1.18f, 18.0}, std::pair{1.45f, 50.0}})
      add(centre + (l[i] - centre) * k, model[i].z * shape.depth_scale + dz);
  const float span = eye_span_px(l);
  for (int i = 17; i <= 26; ++i)
    for (auto [up, dz] : {std::pair{0.35f, 4.0}, std::pair{0.75f, 16.0}, std::pair{1.15f, 45.0}})
      add(l[i] + cv::Point2f(0.0f, -up * span), model[i].z * shape.depth_scale + dz);
  for (int i : {0, 16})  // the temples, joining the forehead to the rings
    for (auto [k, dz] : {std::pair{1.18f, 18.0}, std::pair{1.45f, 50.0}})
      add(centre + (l[i] - centre) * k + cv::Point2f(0.0f, -0.6f * span),
          model[i].z * shape.depth_scale + dz + 10.0);

  // Delaunay triangles over the texture positions, mapped back to vertex indices.
  cv::Rect bounds(0, 0, photo_.cols, photo_.rows);
  cv::Subdiv2D subdiv(bounds);
  std::vector<cv::Point2f> inside;
  for (auto& v : vertices_) {
    v.texture.x = std::clamp(v.texture.x, 0.0f, static_cast<float>(photo_.cols - 1));
    v.texture.y = std::clamp(v.texture.y, 0.0f, static_cast<float>(photo_.rows - 1));
    subdiv.insert(v.texture);
  }
  std::vector<cv::Vec6f> tris;
  subdiv.getTriangleList(tris);
  auto index_of = [&](float x, float y) {
    for (size_t i = 0; i < vertices_.size(); ++i)
      if (std::abs(vertices_[i].texture.x - x) < 0.01f &&
          std::abs(vertices_[i].texture.y - y) < 0.01f)
        return static_cast<int>(i);
    return -1;
  };
  for (const auto& t : tris) {
    const cv::Vec3i tri(index_of(t[0], t[1]), index_of(t[2], t[3]), index_of(t[4], t[5]));
    if (tri[0] >= 0 && tri[1] >= 0 && tri[2] >= 0) triangles_.push_back(tri);
  }
  chin_vertices_ = {4, 5, 6, 7, 8, 9, 10, 11, 12, 57};
}

cv::Mat FaceRenderer::render(const RenderSettings& s) const {
  // Backgrounds are the same every frame (a still room); made once, they cost nothing.
  cv::Mat& background = backgrounds_[{s.background, s.width, s.height}];
  if (background.empty()) background = make_background({s.width, s.height}, s.background);
  cv::Mat image = background.clone();

  const double f = s.focal_over_width * s.width;
  const glm::dmat3 r = rotation_matrix(s.angles);
  // The head turns about the neck, behind and below the nose, as a real head does.
  const glm::dvec3 pivot(0.0, 60.0, 110.0);
  std::vector<glm::dvec3> camera_points;
  std::vector<cv::Point2f> screen;
  for (const auto& v : vertices_) {
    const glm::dvec3 c = r * (v.head_mm - pivot) + pivot + s.position_mm;
    camera_points.push_back(c);
    screen.push_back(to_cv({f * c.x / c.z + s.width / 2.0, f * c.y / c.z + s.height / 2.0}));
  }

  std::vector<size_t> order(triangles_.size());
  std::iota(order.begin(), order.end(), 0);
  auto depth = [&](size_t t) {
    return camera_points[triangles_[t][0]].z + camera_points[triangles_[t][1]].z +
           camera_points[triangles_[t][2]].z;
  };
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return depth(a) > depth(b); });

  // Smooth (Gouraud) shading: a Lambert term at each vertex from the average normal of its
  // triangles, blended linearly across each triangle, so no facets show.
  const glm::dvec3 light = glm::normalize(s.light_direction);
  std::vector<glm::dvec3> vertex_normals(vertices_.size(), glm::dvec3(0.0));
  for (const cv::Vec3i& tri : triangles_) {
    glm::dvec3 n = glm::cross(camera_points[tri[1]] - camera_points[tri[0]],
                              camera_points[tri[2]] - camera_points[tri[0]]);
    if (n.z > 0) n = -n;  // the side facing the camera
    for (int k = 0; k < 3; ++k) vertex_normals[tri[k]] += n;
  }
  std::vector<double> vertex_shade(vertices_.size());
  for (size_t v = 0; v < vertices_.size(); ++v) {
    const double lambert =
        std::max(0.0, glm::dot(glm::normalize(vertex_normals[v] + glm::dvec3(0, 0, -1e-9)),
                               -light));
    vertex_shade[v] = 1.0 - s.light_strength * (1.0 - lambert);
  }

  for (size_t t : order) {
    const cv::Vec3i& tri = triangles_[t];
    const cv::Point2f src[3] = {vertices_[tri[0]].texture, vertices_[tri[1]].texture,
                                vertices_[tri[2]].texture};
    cv::Point2f dst[3] = {screen[tri[0]], screen[tri[1]], screen[tri[2]]};
    const double src_area = (src[1] - src[0]).cross(src[2] - src[0]);
    const double dst_area = (dst[1] - dst[0]).cross(dst[2] - dst[0]);
    if (src_area * dst_area <= 0.0) continue;  // turned away from the camera

    const cv::Rect box = cv::boundingRect(std::vector<cv::Point2f>(dst, dst + 3)) &
                         cv::Rect(0, 0, s.width, s.height);
    if (box.empty()) continue;
    for (auto& p : dst) p -= cv::Point2f(static_cast<float>(box.x), static_cast<float>(box.y));
    cv::Mat patch;
    cv::warpAffine(photo_, patch, cv::getAffineTransform(src, dst), box.size(), cv::INTER_LINEAR,
                   cv::BORDER_REFLECT);

    if (s.light_strength > 0) {
      // The shade is affine in the pixel position: shade = a x + b y + c through the corners.
      const cv::Matx33d corners(dst[0].x, dst[0].y, 1, dst[1].x, dst[1].y, 1, dst[2].x, dst[2].y, 1);
      const cv::Vec3d abc = corners.solve(
          cv::Vec3d(vertex_shade[tri[0]], vertex_shade[tri[1]], vertex_shade[tri[2]]),
          cv::DECOMP_SVD);
      cv::Mat shade(box.size(), CV_32F);
      for (int y = 0; y < shade.rows; ++y)
        for (int x = 0; x < shade.cols; ++x)
          shade.at<float>(y, x) = static_cast<float>(abc[0] * x + abc[1] * y + abc[2]);
      cv::Mat shade3;
      cv::merge(std::vector<cv::Mat>{shade, shade, shade}, shade3);
      patch.convertTo(patch, CV_32FC3);
      patch = patch.mul(shade3);
      patch.convertTo(patch, CV_8UC3);
    }

    cv::Mat mask = cv::Mat::zeros(box.size(), CV_8U);
    const cv::Point corners[3] = {dst[0], dst[1], dst[2]};
    cv::fillConvexPoly(mask, corners, 3, 255, cv::LINE_AA);
    cv::polylines(mask, std::vector<cv::Point>(corners, corners + 3), true, 255, 1);  // no seams
    patch.copyTo(image(box), mask);
  }

  if (s.hand_over_chin) {
    // A palm over the chin with fingers reaching up the cheek, in the cheek's own colour.
    cv::Point2f chin(0, 0);
    for (int i : chin_vertices_) chin += screen[i];
    chin *= 1.0f / static_cast<float>(chin_vertices_.size());
    const float face_width = static_cast<float>(cv::norm(screen[0] - screen[16]));
    const cv::Point cheek = screen[3] * 0.6f + screen[48] * 0.4f;
    const cv::Rect inside(0, 0, s.width, s.height);
    const cv::Scalar skin = inside.contains(cheek) ? cv::Scalar(image.at<cv::Vec3b>(cheek))
                                                   : cv::Scalar(120, 150, 200);
    const cv::Point2f palm = chin + cv::Point2f(0.05f * face_width, 0.12f * face_width);
    cv::ellipse(image, palm, cv::Size(static_cast<int>(0.34f * face_width),
                                      static_cast<int>(0.26f * face_width)),
                -15, 0, 360, skin, cv::FILLED, cv::LINE_AA);
    for (int finger = 0; finger < 4; ++finger) {
      const cv::Point2f base = palm + cv::Point2f((-0.22f + 0.12f * static_cast<float>(finger)) * face_width,
                                                  -0.12f * face_width);
      const cv::Point2f tip = base + cv::Point2f(-0.06f * face_width, -0.18f * face_width);
      cv::line(image, base, tip, skin * 0.93, static_cast<int>(0.085f * face_width), cv::LINE_AA);
    }
  }

  if (s.blur_sigma > 0) cv::GaussianBlur(image, image, {0, 0}, s.blur_sigma);
  if (s.noise_sigma > 0) {
    cv::Mat noise(image.size(), CV_16SC3);
    cv::theRNG().state = s.noise_seed * 2654435761u + 1;
    cv::randn(noise, 0, s.noise_sigma);
    cv::Mat widened;
    image.convertTo(widened, CV_16SC3);
    widened += noise;
    widened.convertTo(image, CV_8UC3);
  }
  return image;
}

}  // namespace midline::testing
