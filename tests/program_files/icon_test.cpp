// The icon: each PNG the build renders is the size it is named for, square as the SVG it is
// made from, as large as the SVG's stated size at most, and drawn in the SVG's own colours
// (a stale or foreign PNG would not be); the .desktop launcher names that icon and is valid.

#include "program_files/program_files.hpp"

#include <stb/stb_image.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace midline::program_files {
namespace {

namespace fs = std::filesystem;

const fs::path kAssets = fs::path(MIDLINE_SOURCE_DIR) / "assets";

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::vector<int> icon_sizes() {
  std::istringstream list(MIDLINE_ICON_SIZES);
  std::vector<int> sizes;
  for (int size = 0; list >> size;) sizes.push_back(size);
  return sizes;
}

fs::path png_of_size(int size) {
  const std::string folder = std::to_string(size) + "x" + std::to_string(size);
  return program_files().assets / "icons" / folder / "midline.png";
}

// The value of `attribute` on the <svg> element.
std::string svg_attribute(const std::string& svg, const std::string& attribute) {
  std::smatch element, value;
  if (!std::regex_search(svg, element, std::regex("<svg[^>]*>"))) return {};
  const std::string text = element.str();
  if (!std::regex_search(text, value, std::regex("\\s" + attribute + "=\"([^\"]*)\"")))
    return {};
  return value[1];
}

struct Rgba {
  std::unique_ptr<stbi_uc, void (*)(void*)> pixels{nullptr, stbi_image_free};
  int width = 0, height = 0;
};

Rgba read_png(const fs::path& file) {
  Rgba image;
  int channels = 0;
  image.pixels.reset(stbi_load(file.c_str(), &image.width, &image.height, &channels, 4));
  return image;
}

TEST(Icon, EachPngIsTheSizeItIsNamedForAndSquareAsItsSvg) {
  const std::string svg = read_text(kAssets / "midline.svg");
  const std::string width = svg_attribute(svg, "width"), height = svg_attribute(svg, "height");
  ASSERT_FALSE(width.empty());
  ASSERT_EQ(width, height) << "the icon is drawn on a square";
  const int stated = std::stoi(width);
  EXPECT_EQ(svg_attribute(svg, "viewBox"), "0 0 " + width + " " + height);

  const std::vector<int> sizes = icon_sizes();
  ASSERT_FALSE(sizes.empty());
  for (int size : sizes) {
    const Rgba png = read_png(png_of_size(size));
    ASSERT_TRUE(png.pixels) << png_of_size(size) << ": " << stbi_failure_reason();
    EXPECT_EQ(png.width, size) << png_of_size(size);
    EXPECT_EQ(png.height, size) << png_of_size(size);
    EXPECT_LE(size, stated) << "no PNG is drawn larger than the SVG's stated size";
  }
  EXPECT_TRUE(fs::is_regular_file(program_files().window_icon()));
}

TEST(Icon, TheLargestPngIsDrawnInTheSvgsColours) {
  const std::string svg = read_text(kAssets / "midline.svg");
  std::vector<std::array<int, 3>> fills;
  const std::regex fill("fill=\"#([0-9A-Fa-f]{6})\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), fill); it != std::sregex_iterator();
       ++it) {
    const int rgb = std::stoi((*it)[1].str(), nullptr, 16);
    fills.push_back({rgb >> 16, (rgb >> 8) & 255, rgb & 255});
  }
  ASSERT_GE(fills.size(), 3u);

  const std::vector<int> sizes = icon_sizes();
  const int largest = *std::max_element(sizes.begin(), sizes.end());
  const Rgba png = read_png(png_of_size(largest));
  ASSERT_TRUE(png.pixels);
  // The colours covering most of the opaque picture: each must be one the SVG fills with
  // (edges blend two of them, so only the large areas are counted).
  std::map<int, int> count;
  int opaque = 0;
  for (int i = 0; i < png.width * png.height; ++i) {
    const stbi_uc* p = png.pixels.get() + 4 * i;
    if (p[3] != 255) continue;
    ++opaque;
    ++count[(p[0] << 16) | (p[1] << 8) | p[2]];
  }
  ASSERT_GT(opaque, png.width * png.height / 2) << "the picture is mostly opaque";
  int covered = 0;
  for (const auto& [rgb, n] : count) {
    if (n < opaque / 50) continue;  // a colour of at least 2% of the picture
    covered += n;
    const int r = rgb >> 16, g = (rgb >> 8) & 255, b = rgb & 255;
    bool in_svg = false;
    for (const auto& f : fills)
      in_svg = in_svg || (std::abs(f[0] - r) <= 2 && std::abs(f[1] - g) <= 2 && std::abs(f[2] - b) <= 2);
    EXPECT_TRUE(in_svg) << "colour " << r << "," << g << "," << b << " covers " << n
                        << " pixels but the SVG never fills with it";
  }
  EXPECT_GT(covered, opaque * 9 / 10) << "the large areas are most of the picture";
  EXPECT_EQ(png.pixels.get()[3], 0) << "the corners are rounded off, transparent";
}

TEST(Icon, TheLauncherNamesTheIconAndTheProgramAndIsValid) {
  const fs::path desktop = kAssets / "midline.desktop";
  const std::string text = read_text(desktop);
  EXPECT_NE(text.find("\nIcon=midline\n"), std::string::npos) << "the icon theme's name";
  EXPECT_NE(text.find("\nExec=midline\n"), std::string::npos) << "the installed program";
  if (std::system("command -v desktop-file-validate >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "desktop-file-validate is not installed (Debian package desktop-file-utils)";
  const std::string command = "desktop-file-validate --no-hints '" + desktop.string() + "'";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

}  // namespace
}  // namespace midline::program_files
