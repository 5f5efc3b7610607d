#pragma once
// Saving a level or plan file without losing what a person wrote in it: the values that
// changed are rewritten in the file's own text, token by token, so comments, blank lines and
// the order of keys stay as the physiotherapist left them. toml++ keeps no comments, so this
// works on the text: a small scanner finds each key's value, and the editor's generated text
// (level_to_toml, plan_to_toml) says which values changed and how to write them.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace midline {

// `original` with the changes between `old_generated` and `new_generated` (both written by
// the same generator, from the value the file held and from the edited value) carried over:
// a changed value's token replaced where the original wrote it, a new key's line (as the
// generator writes it, with its comment) added to its table, a key no longer written removed
// with its line. nullopt when the original's text cannot be followed (then the caller writes
// the generated text instead; callers also parse the result and check it is the new value).
std::optional<std::string> carry_changes(std::string_view original, std::string_view old_generated,
                                         std::string_view new_generated);

class ClinicianKey;

// How an editor saves its value to a file that a person may have annotated.
struct EditedFile {
  std::string generated;  // the value as its generator writes it
  // The generator's text for the value a file's text holds; nullopt when it holds none.
  std::function<std::optional<std::string>(std::string_view text)> generated_from;
  // Whether a text holds exactly the edited value.
  std::function<bool(std::string_view text)> holds_value;
};

// The edited value as text: `original` (a file's text, without its seal) with the changes
// carried over when its text can be followed, else `generated`.
std::string edited_text(std::string_view original, const EditedFile& edited);

// Writes the edited value to `path` (through a temporary file, so a crash leaves the old
// file): the file's own text with the changes carried over when it exists and its text can be
// followed, else `generated`; sealed with `seal_with` when given (file_seal.hpp). Throws
// std::runtime_error naming the path when it cannot be written.
void save_edited_file(const std::filesystem::path& path, const EditedFile& edited,
                      const ClinicianKey* seal_with);

}  // namespace midline
