#include "cli/release_view.h"

#include <gtest/gtest.h>

namespace kanaria::cli {
namespace {

TEST(WrapToColumnsTest, LongLinesBecomeRowsThatFitAndShortOnesStay) {
  EXPECT_EQ(WrapToColumns("abcdefghijklmnopqrstuvwxyz\nshort\n", 11), "abcdefghij\nklmnopqrst\nuvwxyz\nshort\n");
  EXPECT_EQ(WrapToColumns("exactly ten\n", 12), "exactly ten\n");
}

TEST(WrapToColumnsTest, EscapesTakeNoRoomAndUtf8CountsOnceSoRowsAreWhatTheTerminalShows) {
  // 10 visible characters of room: a colour escape and multi-byte marks do not use it.
  const std::string row = "\x1b[32m✓ α → ≥ ok\x1b[0m";  // 10 visible characters
  EXPECT_EQ(WrapToColumns(row + "\n", 11), row + "\n");
  EXPECT_EQ(WrapToColumns(row + "!\n", 11), row + "\n!\n") << "the escape stays with the row it ends";
}

TEST(WrapToColumnsTest, ANarrowTerminalStillGetsTenColumns) {
  EXPECT_EQ(WrapToColumns("0123456789abc\n", 3), "0123456789\nabc\n");
}

}  // namespace
}  // namespace kanaria::cli
