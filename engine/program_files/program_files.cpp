#include "program_files/program_files.hpp"

#include <system_error>

namespace midline::program_files {

namespace fs = std::filesystem;

fs::path ProgramFiles::window_icon() const { return assets / MIDLINE_WINDOW_ICON; }

fs::path installed_bin_dir() { return MIDLINE_INSTALL_BINDIR; }
fs::path installed_data_dir() { return MIDLINE_INSTALL_DATADIR; }
fs::path installed_lib_dir() { return MIDLINE_INSTALL_LIBDIR; }

ProgramFiles program_files_for(const fs::path& executable) {
  std::error_code error;
  // The prefix is as many folders above the program's folder as the bin folder is deep.
  const fs::path folder = executable.lexically_normal().parent_path();
  fs::path prefix = folder;
  const fs::path bin = installed_bin_dir();
  for (auto part = bin.begin(); part != bin.end(); ++part) prefix = prefix.parent_path();
  const bool in_bin = !prefix.empty() && (prefix / bin).lexically_normal() == folder;
  if (in_bin && fs::is_directory(prefix / installed_data_dir(), error)) {
    const fs::path data = prefix / installed_data_dir();
    return {.installed = true,
            .levels = data / "levels",
            .assets = data / "assets",
            .page_table_extension = prefix / installed_lib_dir() / "midline_page_table.so"};
  }
  return {.installed = false,
          .levels = MIDLINE_BUILD_LEVELS_DIR,
          .assets = MIDLINE_BUILD_ASSETS_DIR,
          .page_table_extension = MIDLINE_BUILD_PAGE_TABLE_EXTENSION};
}

const ProgramFiles& program_files() {
  static const ProgramFiles found = [] {
    std::error_code error;
    const fs::path executable = fs::read_symlink("/proc/self/exe", error);
    return program_files_for(error ? fs::path() : executable);
  }();
  return found;
}

}  // namespace midline::program_files
