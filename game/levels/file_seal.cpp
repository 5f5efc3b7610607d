#include "levels/file_seal.hpp"

#include <sodium.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <sstream>

namespace midline {

namespace {

constexpr std::string_view kSealPrefix = "# clinician seal: ";

std::string signed_message(const std::string& file_name, std::string_view body) {
  std::string message = "midline clinician seal 1\n" + file_name + "\n";
  message += body;
  return message;
}

}  // namespace

std::string without_seal(std::string_view text) {
  std::string kept;
  kept.reserve(text.size());
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    end = end == std::string_view::npos ? text.size() : end + 1;
    const std::string_view line = text.substr(at, end - at);
    if (!line.starts_with(kSealPrefix)) kept += line;
    at = end;
  }
  return kept;
}

std::string with_seal(std::string text, const std::string& file_name, const ClinicianKey& key) {
  if (!text.empty() && text.back() != '\n') text += '\n';
  const auto signature = key.sign(signed_message(file_name, text));
  std::string hex(signature.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), signature.data(), signature.size());
  hex.pop_back();
  return text + std::string(kSealPrefix) + hex + "\n";
}

SealState check_seal(const std::filesystem::path& path, const SealPublicKey& public_key) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return SealState::unreadable;
  std::ostringstream read;
  read << in.rdbuf();
  const std::string text = read.str();
  const std::size_t seal_at = text.rfind(std::string("\n") + std::string(kSealPrefix));
  const bool first_line = text.starts_with(kSealPrefix);
  if (seal_at == std::string::npos && !first_line) return SealState::not_sealed;
  const std::size_t hex_at = (first_line && seal_at == std::string::npos ? 0 : seal_at + 1) +
                             kSealPrefix.size();
  const std::size_t hex_end = text.find('\n', hex_at);
  const std::string hex =
      text.substr(hex_at, hex_end == std::string::npos ? std::string::npos : hex_end - hex_at);
  std::array<unsigned char, crypto_sign_BYTES> signature{};
  std::size_t written = 0;
  if (sodium_init() < 0 || hex.size() != 2 * signature.size() ||
      sodium_hex2bin(signature.data(), signature.size(), hex.data(), hex.size(), nullptr, &written,
                     nullptr) != 0 ||
      written != signature.size()) {
    return SealState::changed;
  }
  const std::string message = signed_message(path.filename().string(), without_seal(text));
  return crypto_sign_verify_detached(signature.data(),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), public_key.data()) == 0
             ? SealState::sealed
             : SealState::changed;
}

std::string seal_phrase(SealState state) {
  switch (state) {
    case SealState::sealed: return {};
    case SealState::changed:
      return "changed outside the clinician's editor since it was last saved there (or sealed "
             "with another PIN)";
    case SealState::not_sealed: return "not saved in the clinician's editor since the PIN was set";
    case SealState::unreadable: return "cannot be read to check its seal";
  }
  return {};
}

std::string describe_seal(const std::filesystem::path& path, SealState state) {
  if (state == SealState::sealed) return {};
  std::string sentence = path.string() + ": " + seal_phrase(state);
  if (state != SealState::unreadable) sentence += "; check it, then save it in the editor to seal it";
  return sentence;
}

bool writable_here(const std::filesystem::path& path) {
  const auto folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  return ::access(path.c_str(), W_OK) == 0 || ::access(folder.c_str(), W_OK) == 0;
}

}  // namespace midline
