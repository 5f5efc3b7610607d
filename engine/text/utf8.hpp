#pragma once
// UTF-8 text as Midline stores and shows it: names, notes and level texts come from people and
// files, so they may hold anything. One place repairs invalid bytes (each broken sequence
// becomes U+FFFD once), counts characters and shortens text without cutting a character.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace midline::text {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// `s` with each invalid sequence (a stray continuation byte, a sequence cut short, an overlong
// form, a surrogate, a value past U+10FFFF) replaced by one U+FFFD; valid text comes back as it is.
std::string valid_utf8(std::string_view s);
bool is_valid_utf8(std::string_view s);

// The code points of `s`, invalid sequences decoded as U+FFFD.
std::vector<char32_t> code_points(std::string_view s);
// How many characters (code points) `s` holds.
size_t character_count(std::string_view s);
// The longest prefix of `s` with at most `max_characters` code points; never ends inside a
// multi-byte sequence.
std::string_view first_characters(std::string_view s, size_t max_characters);

// The UTF-8 encoding of one code point.
std::string encode(char32_t code_point);

}  // namespace midline::text
