#include "model/duration.h"

#include <gtest/gtest.h>

namespace kanaria::model {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

Duration Ok(std::string_view text) {
  StatusOr<Duration> d = ParseDuration(text);
  EXPECT_TRUE(d.ok()) << text << ": " << d.status().message();
  return d.ok() ? *d : Duration(-1);
}

std::string Err(std::string_view text) {
  StatusOr<Duration> d = ParseDuration(text);
  EXPECT_FALSE(d.ok()) << text;
  return d.ok() ? "" : d.status().message();
}

TEST(DurationTest, GoSyntax) {
  EXPECT_EQ(Ok("30s"), seconds(30));
  EXPECT_EQ(Ok("1m30s"), seconds(90));
  EXPECT_EQ(Ok("1h"), hours(1));
  EXPECT_EQ(Ok("500ms"), milliseconds(500));
  EXPECT_EQ(Ok("1.5h"), minutes(90));
  EXPECT_EQ(Ok("2h45m"), minutes(165));
  EXPECT_EQ(Ok("1000000us"), seconds(1));
  EXPECT_EQ(Ok("1000000\xC2\xB5s"), seconds(1));
  EXPECT_EQ(Ok("2000000ns"), milliseconds(2));
  EXPECT_EQ(Ok("0"), Duration(0));
  EXPECT_EQ(Ok("0s"), Duration(0));
  EXPECT_EQ(Ok("+5s"), seconds(5));
}

TEST(DurationTest, RefusedWithWhatIsAllowed) {
  constexpr char kAllowed[] =
      "; a duration such as 30s, 1m30s, 1h or 500ms (units: ns, us, ms, s, m, h)";
  EXPECT_EQ(Err("30"), std::string("`30` has no unit") + kAllowed);
  EXPECT_EQ(Err("-5s"), std::string("`-5s` is negative") + kAllowed);
  EXPECT_EQ(Err("5d"), std::string("`5d` has an unknown unit") + kAllowed);
  EXPECT_EQ(Err("soon"), std::string("`soon` is not a duration") + kAllowed);
  EXPECT_EQ(Err(""), std::string("`` is empty") + kAllowed);
  EXPECT_EQ(Err("1500us"),
            std::string("`1500us` is not a whole number of milliseconds") + kAllowed);
  EXPECT_EQ(Err("1s 2s"), std::string("`1s 2s` is not a duration") + kAllowed);
}

TEST(DurationTest, Format) {
  EXPECT_EQ(FormatDuration(Duration(0)), "0s");
  EXPECT_EQ(FormatDuration(milliseconds(500)), "500ms");
  EXPECT_EQ(FormatDuration(seconds(90)), "1m30s");
  EXPECT_EQ(FormatDuration(minutes(1)), "1m");
  EXPECT_EQ(FormatDuration(hours(2)), "2h");
  EXPECT_EQ(FormatDuration(hours(1) + seconds(5)), "1h0m5s");
  EXPECT_EQ(FormatDuration(hours(1) + minutes(30)), "1h30m");
  EXPECT_EQ(FormatDuration(milliseconds(1500)), "1.5s");
  for (Duration d :
       {Duration(seconds(7)), Duration(minutes(61)), Duration(61001), Duration(hours(25))}) {
    EXPECT_EQ(Ok(FormatDuration(d)), d) << FormatDuration(d);
  }
}

}  // namespace
}  // namespace kanaria::model
