#include "cli/release_view.h"

#include <gtest/gtest.h>

namespace kanaria::cli {
namespace {

TEST(WrapToColumnsTest, LongLinesBreakAtSpacesWithContinuationRowsIndented) {
  EXPECT_EQ(WrapToColumns("  analysis   look 3/6: 5xx rate\nshort\n", 21),
            "  analysis   look\n    3/6: 5xx rate\nshort\n");
  EXPECT_EQ(WrapToColumns("exactly ten\n", 12), "exactly ten\n");
}

TEST(WrapToColumnsTest, AWordLongerThanARowIsBroken) {
  EXPECT_EQ(WrapToColumns("abcdefghijklmnopqrstuvwxyz\n", 11), "abcdefghij\n  klmnopqr\n  stuvwxyz\n");
}

TEST(WrapToColumnsTest, EscapesTakeNoRoomAndUtf8CountsOnceSoRowsAreWhatTheTerminalShows) {
  // 10 visible characters: a colour escape and multi-byte marks use none of the room.
  const std::string row = "\x1b[32m✓ α → ≥ ok\x1b[0m";
  EXPECT_EQ(WrapToColumns(row + "\n", 11), row + "\n");
  // One more character: the row breaks at the last space, the reset stays where it was written.
  EXPECT_EQ(WrapToColumns(row + "!\n", 11), "\x1b[32m✓ α → ≥\n  ok\x1b[0m!\n");
}

TEST(WrapToColumnsTest, ANarrowTerminalStillGetsTenColumns) {
  EXPECT_EQ(WrapToColumns("0123456789abc\n", 3), "0123456789\n  abc\n");
}

}  // namespace
}  // namespace kanaria::cli
