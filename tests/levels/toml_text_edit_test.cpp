// Carrying an editor's changes into a file's own text: only the changed values' tokens move;
// strings holding '#' or '=', dotted keys, arrays over several lines with comments inside.

#include <gtest/gtest.h>

#include "levels/toml_text_edit.hpp"

namespace midline {
namespace {

TEST(TomlTextEdit, OnlyTheChangedTokenIsRewritten) {
  const std::string original =
      "# a header\n"
      "title = \"A # not a comment = nor a key\"  # a real comment\n"
      "count = 3 # three\n"
      "\n"
      "[table]  # about the table\n"
      "  # an indented comment\n"
      "  value = 1.5\n";
  const std::string before = "title = \"A # not a comment = nor a key\"\ncount = 3\n[table]\nvalue = 1.5\n";
  const std::string after = "title = \"A \\\"new\\\" title\"\ncount = 3\n[table]\nvalue = 2\n";
  const auto carried = carry_changes(original, before, after);
  ASSERT_TRUE(carried.has_value());
  EXPECT_EQ(*carried,
            "# a header\n"
            "title = \"A \\\"new\\\" title\"  # a real comment\n"
            "count = 3 # three\n"
            "\n"
            "[table]  # about the table\n"
            "  # an indented comment\n"
            "  value = 2\n");
}

TEST(TomlTextEdit, DottedKeysAndArraysOverSeveralLines) {
  const std::string original =
      "levels = [  # in order\n"
      "  \"a\",  # first, ] not the end\n"
      "  \"b\",\n"
      "]\n"
      "range.left = 10  # dotted\n";
  const std::string before = "levels = [\"a\", \"b\"]\n[range]\nleft = 10\n";
  const std::string after = "levels = [\"b\", \"a\"]\n[range]\nleft = 12\n";
  const auto carried = carry_changes(original, before, after);
  ASSERT_TRUE(carried.has_value());
  EXPECT_EQ(*carried, "levels = [\"b\", \"a\"]\nrange.left = 12  # dotted\n");
}

TEST(TomlTextEdit, NewKeysJoinTheirTableAndGoneKeysLeaveWithTheirLine) {
  const std::string original =
      "a = 1  # kept\n"
      "b = 2  # goes\n"
      "\n"
      "[t]\n"
      "x = 1\n"
      "# the end\n";
  const std::string before = "a = 1\nb = 2\n[t]\nx = 1\n";
  const std::string after = "a = 1\nc = 3  # new\n[t]\nx = 1\ny = 2\n[u]\nz = 1\n";
  const auto carried = carry_changes(original, before, after);
  ASSERT_TRUE(carried.has_value());
  EXPECT_EQ(*carried,
            "a = 1  # kept\n"
            "c = 3  # new\n"
            "\n"
            "[t]\n"
            "x = 1\n"
            "y = 2\n"
            "# the end\n"
            "\n[u]\nz = 1\n");
}

TEST(TomlTextEdit, TextThatCannotBeFollowedIsLeftToTheGenerator) {
  EXPECT_FALSE(carry_changes("title = \"never closed\n", "title = \"a\"\n", "title = \"b\"\n"));
  EXPECT_FALSE(carry_changes("[[array_of_tables]]\nx = 1\n", "x = 1\n", "x = 2\n"));
  EXPECT_FALSE(carry_changes("just words\n", "x = 1\n", "x = 2\n"));
}

}  // namespace
}  // namespace midline
