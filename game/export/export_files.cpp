#include "export/export_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <stdexcept>
#include <system_error>

#include "storage/private_folder.hpp"

namespace midline::exporting {

std::string number(double value, int decimals) {
  char text[64];
  const auto result =
      std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, decimals);
  std::string out(text, result.ptr);
  if (out.front() == '-' && out.find_first_not_of("-0.") == std::string::npos) {
    out.erase(0, 1);  // "-0.0" reads oddly in a report
  }
  return out;
}

std::string number(std::optional<double> value, int decimals) {
  return value ? number(*value, decimals) : std::string();
}

std::string number(std::optional<int> value) {
  return value ? std::to_string(*value) : std::string();
}

std::string iso8601_utc(storage::WallMs ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm t{};
  gmtime_r(&seconds, &t);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &t);
  return text;
}

std::string file_name_part(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_';
    out += safe ? c : '_';
  }
  return out.empty() ? "_" : out;
}

void write_file(const std::filesystem::path& path, std::string_view content) {
  // A name of its own beside the file (same folder: the rename stays on one file system).
  // Appended, not `"." + ...`: GCC 12 warns (-Wrestrict) of a string's own insert there.
  std::string hidden_name = ".";
  hidden_name += path.filename().string();
  hidden_name += ".XXXXXX";
  std::string temporary = (path.parent_path() / hidden_name).string();
  const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);  // mode 0600
  if (fd < 0) {
    throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(errno));
  }
  size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(temporary.c_str());
      throw std::runtime_error("cannot write " + path.string() + ": " + why);
    }
    written += static_cast<size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  const bool closed = ::close(fd) == 0;
  if (!synced || !closed || std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(temporary.c_str());
    throw std::runtime_error("cannot write " + path.string() + ": " + why);
  }
}

std::vector<std::filesystem::path> write_all_or_nothing(
    const std::filesystem::path& dir,
    const std::function<std::vector<std::filesystem::path>(const std::filesystem::path&)>&
        write_into) {
  namespace fs = std::filesystem;
  storage::make_private_folder(dir);
  const storage::ScratchFolder staging(dir, "export");
  std::vector<fs::path> placed;
  for (const fs::path& written : write_into(staging.path())) {
    const fs::path target = dir / written.filename();
    if (std::rename(written.c_str(), target.c_str()) != 0) {
      throw std::runtime_error("cannot write " + target.string() + ": " + std::strerror(errno));
    }
    placed.push_back(target);
  }
  return placed;
}

}  // namespace midline::exporting
