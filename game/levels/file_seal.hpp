#pragma once
// Seals on level and plan files: when the clinician saves a file in the editor, its last line
// becomes `# clinician seal: SIGNATURE`, an Ed25519 signature (made with the key only the
// clinician PIN derives, clinician_pin.hpp) over the file's name and the rest of its text. A
// file changed by hand, or a plan written by someone without the PIN, no longer matches, and
// the editor and `midline levels check` say so. A seal proves who last saved a file; it never
// stops a file from loading (a physiotherapist's hand edit is allowed, and is shown as such).

#include <filesystem>
#include <string>
#include <string_view>

#include "levels/clinician_pin.hpp"

namespace midline {

enum class SealState {
  sealed,      // saved in the clinician's editor and unchanged since
  changed,     // sealed, then changed outside the editor (or sealed with another PIN)
  not_sealed,  // never saved in the clinician's editor since a PIN was set
  unreadable,
};

// `text` without its seal line.
std::string without_seal(std::string_view text);
// `text` (without a seal) with the seal for a file named `file_name` added as its last line.
std::string with_seal(std::string text, const std::string& file_name, const ClinicianKey& key);
SealState check_seal(const std::filesystem::path& path, const SealPublicKey& public_key);

// A few words on a file whose state is not `sealed` ("changed outside the clinician's
// editor..."); empty for sealed.
std::string seal_phrase(SealState state);
// The same as a sentence naming the file and what to do; empty for sealed.
std::string describe_seal(const std::filesystem::path& path, SealState state);

// Whether this account could have changed the file: it, or its folder, is writable here. A
// level installed read-only (e.g. under /usr/share) needs no seal to be trusted.
bool writable_here(const std::filesystem::path& path);

}  // namespace midline
