#pragma once
// Folders for health data (exports, recovered stores): readable by their owner only, and a
// scratch folder inside one for work that must leave nothing behind however it ends.

#include <filesystem>
#include <string_view>

namespace midline::storage {

// Creates `dir` and any missing parents, each new one readable by the owner only; an existing
// folder is left as it is. Throws StorageError naming it.
void make_private_folder(const std::filesystem::path& dir);

// A new folder `parent/.PREFIX-XXXXXX` (mode 0700), removed with everything in it when this
// object goes. Throws StorageError naming `parent` when it cannot be made.
class ScratchFolder {
 public:
  ScratchFolder(const std::filesystem::path& parent, std::string_view prefix);
  ~ScratchFolder();
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace midline::storage
