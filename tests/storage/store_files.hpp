#pragma once
// Looking at and damaging a session store's files from the outside, as the storage tests do.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

namespace midline::testing {

inline std::string contents(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// The damaged files set aside in `dir` (not their -wal and -shm companions).
inline std::vector<std::filesystem::path> set_aside_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.find(".unreadable-") != std::string::npos && !name.ends_with("-wal") &&
        !name.ends_with("-shm")) {
      out.push_back(e.path());
    }
  }
  return out;
}

// Random bytes over `bytes` bytes of `file` from `offset`: damage in the middle of a store.
inline void overwrite(const std::filesystem::path& file, int64_t offset, size_t bytes,
                      unsigned seed) {
  std::mt19937 random(seed);
  std::string noise(bytes, '\0');
  for (char& c : noise) c = static_cast<char>(random());
  std::fstream f(file, std::ios::binary | std::ios::in | std::ios::out);
  f.seekp(offset);
  f.write(noise.data(), static_cast<std::streamsize>(noise.size()));
}

}  // namespace midline::testing
