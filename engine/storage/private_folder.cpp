#include "storage/private_folder.hpp"

#include <stdlib.h>  // mkdtemp
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "storage/sqlite.hpp"

namespace midline::storage {

namespace fs = std::filesystem;

void make_private_folder(const fs::path& dir) {
  std::error_code error;
  if (fs::is_directory(dir, error)) return;
  if (!dir.parent_path().empty() && dir.parent_path() != dir) make_private_folder(dir.parent_path());
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    throw StorageError("cannot create the folder " + dir.string() + ": " + std::strerror(errno));
  }
  if (!fs::is_directory(dir, error)) {
    throw StorageError("cannot create the folder " + dir.string() +
                       ": a file of that name is in the way");
  }
}

ScratchFolder::ScratchFolder(const fs::path& parent, std::string_view prefix) {
  std::string name = ".";
  name.append(prefix).append("-XXXXXX");
  std::string pattern = (parent / name).string();
  if (!::mkdtemp(pattern.data())) {  // mode 0700
    throw StorageError("cannot write in " + parent.string() + ": " + std::strerror(errno));
  }
  path_ = pattern;
}

ScratchFolder::~ScratchFolder() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

}  // namespace midline::storage
