// The one UTF-8 repair: each broken sequence becomes one U+FFFD, valid text is untouched, and
// shortening never cuts a character in half.

#include "text/utf8.hpp"

#include <gtest/gtest.h>

namespace midline::text {
namespace {

const std::string kFffd = "\xEF\xBF\xBD";

TEST(Utf8, ValidTextComesBackAsItIs) {
  const std::string names = "Zoë Ελένη Ирина שרה مريم 李 😀";
  EXPECT_TRUE(is_valid_utf8(names));
  EXPECT_EQ(valid_utf8(names), names);
}

TEST(Utf8, EachBrokenSequenceBecomesOneReplacementCharacter) {
  EXPECT_EQ(valid_utf8("a\xFF" "b"), "a" + kFffd + "b");            // never a UTF-8 byte
  EXPECT_EQ(valid_utf8("a\x80\x80" "b"), "a" + kFffd + kFffd + "b"); // stray continuations
  EXPECT_EQ(valid_utf8("a\xE2\x82" "b"), "a" + kFffd + "b");        // € cut short: one U+FFFD
  EXPECT_EQ(valid_utf8("\xC0\xAF"), kFffd + kFffd);                 // an overlong '/'
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), kFffd + kFffd + kFffd);     // a UTF-16 surrogate
  EXPECT_EQ(valid_utf8("\xF4\x90\x80\x80"), kFffd + kFffd + kFffd + kFffd);  // past U+10FFFF
  EXPECT_EQ(valid_utf8("end\xF0\x9F\x98"), "end" + kFffd);          // an emoji cut at the end
  EXPECT_FALSE(is_valid_utf8("a\xFF"));
  EXPECT_TRUE(is_valid_utf8(valid_utf8("\xC3\x28\xA0\xA1\xE2\x28\xA1\xF0\x28\x8C\xBC")));
}

TEST(Utf8, CountsAndCutsWholeCharacters) {
  const std::string name = "Ирина😀x";
  EXPECT_EQ(character_count(name), 7u);
  EXPECT_EQ(first_characters(name, 5), "Ирина");
  EXPECT_EQ(first_characters(name, 6), "Ирина😀");
  EXPECT_EQ(first_characters(name, 99), name);
  EXPECT_EQ(first_characters("", 3), "");
  EXPECT_EQ(code_points("a\xFF" "é"), (std::vector<char32_t>{'a', 0xFFFD, 0xE9}));
  EXPECT_EQ(encode(0x1F600), "😀");
}

}  // namespace
}  // namespace midline::text
