#include "text/utf8.hpp"

namespace midline::text {
namespace {

// Decodes the sequence at s[at]: its code point, or U+FFFD, and how many bytes it took (a
// broken sequence takes its lead byte and the continuation bytes that were valid, so that
// it yields one replacement, as Unicode's "maximal subpart" practice asks).
struct Decoded {
  char32_t code_point;
  size_t length;
  bool valid;
};

Decoded decode_at(std::string_view s, size_t at) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return {lead, 1, true};
  size_t length = 0;
  char32_t cp = 0, min = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return {kReplacementCharacter, 1, false};  // a continuation byte, C0, C1 or F5..FF
  }
  size_t i = 1;
  for (; i < length && at + i < s.size(); ++i) {
    const unsigned char c = byte(at + i);
    if ((c & 0xC0) != 0x80) break;
    cp = (cp << 6) | (c & 0x3F);
    // Reject overlong forms, surrogates and values past U+10FFFF as soon as the second byte
    // shows them, so the bytes after are read afresh.
    if (i == 1) {
      const bool bad = (lead == 0xE0 && c < 0xA0) || (lead == 0xED && c > 0x9F) ||
                       (lead == 0xF0 && c < 0x90) || (lead == 0xF4 && c > 0x8F);
      if (bad) return {kReplacementCharacter, 1, false};
    }
  }
  if (i < length || cp < min) return {kReplacementCharacter, i, false};
  return {cp, length, true};
}

}  // namespace

std::string encode(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

bool is_valid_utf8(std::string_view s) {
  for (size_t at = 0; at < s.size();) {
    const Decoded d = decode_at(s, at);
    if (!d.valid) return false;
    at += d.length;
  }
  return true;
}

std::string valid_utf8(std::string_view s) {
  if (is_valid_utf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t at = 0; at < s.size();) {
    const Decoded d = decode_at(s, at);
    if (d.valid)
      out.append(s.substr(at, d.length));
    else
      out += encode(kReplacementCharacter);
    at += d.length;
  }
  return out;
}

std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  for (size_t at = 0; at < s.size();) {
    const Decoded d = decode_at(s, at);
    out.push_back(d.code_point);
    at += d.length;
  }
  return out;
}

size_t character_count(std::string_view s) {
  size_t n = 0;
  for (size_t at = 0; at < s.size(); ++n) at += decode_at(s, at).length;
  return n;
}

std::string_view first_characters(std::string_view s, size_t max_characters) {
  size_t at = 0;
  for (size_t n = 0; n < max_characters && at < s.size(); ++n) at += decode_at(s, at).length;
  return s.substr(0, at);
}

}  // namespace midline::text
