#include "aws/iso8601.h"

#include <gtest/gtest.h>

namespace kanaria::aws {
namespace {

long long Millis(WallTime t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TEST(Iso8601Test, ParsesTheFormsAwsWrites) {
  EXPECT_EQ(Millis(*ParseIso8601("2019-11-09T13:34:41Z")), 1573306481000);
  EXPECT_EQ(Millis(*ParseIso8601("2011-07-15T23:28:33.359Z")), 1310772513359);
  EXPECT_EQ(Millis(*ParseIso8601("2011-07-15T23:28:33.359123Z")), 1310772513359);  // truncated
  EXPECT_EQ(Millis(*ParseIso8601("2011-07-15T23:28:33.3Z")), 1310772513300);
  EXPECT_EQ(Millis(*ParseIso8601("2024-03-01T12:00:00+02:00")),
            Millis(*ParseIso8601("2024-03-01T10:00:00Z")));
  EXPECT_EQ(Millis(*ParseIso8601("2024-03-01T08:30:00-0130")),
            Millis(*ParseIso8601("2024-03-01T10:00:00Z")));
  EXPECT_EQ(Millis(*ParseIso8601("2024-03-01T10:00:00")),
            Millis(*ParseIso8601("2024-03-01T10:00:00Z")));
  EXPECT_EQ(Millis(*ParseIso8601("1970-01-01T00:00:00Z")), 0);
  EXPECT_EQ(Millis(*ParseIso8601("2024-02-29t00:00:00z")), 1709164800000);
}

TEST(Iso8601Test, RefusesWhatIsNotATimestamp) {
  for (const char* bad : {"", "2024", "2024-03-01", "2024-03-01 10:00:00Z", "2024-13-01T00:00:00Z",
                          "2023-02-29T00:00:00Z", "2024-03-01T24:00:00Z", "2024-03-01T10:00:00.Z",
                          "2024-03-01T10:00:00Zjunk", "2024-03-01T10:00:00+2", "1700000000",
                          "２０２４-03-01T10:00:00Z"}) {
    StatusOr<WallTime> parsed = ParseIso8601(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidInput) << bad;
    }
  }
}

TEST(Iso8601Test, FormatsWithMillisecondsOnlyWhenPresent) {
  const WallTime whole{std::chrono::seconds(1573306481)};
  EXPECT_EQ(FormatIso8601(whole), "2019-11-09T13:34:41Z");
  EXPECT_EQ(FormatIso8601(whole + std::chrono::milliseconds(250)), "2019-11-09T13:34:41.250Z");
  EXPECT_EQ(FormatIso8601(WallTime{}), "1970-01-01T00:00:00Z");
  for (long long ms : {0LL, 1LL, 951782400000LL, 1709164799999LL, 4102444800000LL}) {
    const WallTime t{std::chrono::milliseconds(ms)};
    EXPECT_EQ(Millis(*ParseIso8601(FormatIso8601(t))), ms);
  }
}

}  // namespace
}  // namespace kanaria::aws
