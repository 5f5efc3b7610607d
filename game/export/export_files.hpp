#pragma once
// What every export shares: numbers written the same way whatever the locale, times in
// ISO 8601, file names made safe, and files that appear whole or not at all.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/records.hpp"

namespace midline::exporting {

// "12.5" with `decimals` places, always a '.', never a thousands separator.
std::string number(double value, int decimals);
std::string number(std::optional<double> value, int decimals);  // empty when absent
std::string number(std::optional<int> value);                   // empty when absent
// "2026-11-23T13:05:00Z"
std::string iso8601_utc(storage::WallMs ms);
// Letters, digits, '-' and '_' kept; anything else becomes '_' (for ids in file names).
std::string file_name_part(std::string_view text);

// Writes `content` to `path` through a temporary file renamed into place, so a reader never
// sees half a file; readable by the owner only (it holds patient data). Throws
// std::runtime_error naming the file.
void write_file(const std::filesystem::path& path, std::string_view content);

// A set of files that appears whole or not at all: `write_into` writes them into a private
// temporary folder inside `dir` and returns their paths; they are then renamed into `dir`.
// When it throws, nothing it wrote is left behind. Returns the files' final paths.
std::vector<std::filesystem::path> write_all_or_nothing(
    const std::filesystem::path& dir,
    const std::function<std::vector<std::filesystem::path>(const std::filesystem::path&)>&
        write_into);

}  // namespace midline::exporting
