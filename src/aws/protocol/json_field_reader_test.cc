#include "aws/protocol/json_field_reader.h"

#include <gtest/gtest.h>

#include <limits>

namespace kanaria::aws {
namespace {

using nlohmann::json;

TEST(JsonFieldReader, ReadsPresentMembersAndKeepsDefaultsForAbsentOnes) {
  const json object = {{"s", "x"}, {"i", 7},     {"d", 1.5},      {"b", true},
                       {"l", {"a", "b"}}, {"m", {{"k", "v"}}}, {"n", nullptr}};
  JsonFieldReader reader(object, "root");
  std::string s, absent = "default", null_member = "kept";
  int i = 0;
  double d = 0;
  bool b = false;
  std::vector<std::string> l;
  std::map<std::string, std::string> m;
  reader.String("s", s);
  reader.String("absent", absent);
  reader.String("n", null_member);
  reader.Int("i", i);
  reader.Double("d", d);
  reader.Bool("b", b);
  reader.StringList("l", l);
  reader.StringMap("m", m);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(s, "x");
  EXPECT_EQ(absent, "default");
  EXPECT_EQ(null_member, "kept");
  EXPECT_EQ(i, 7);
  EXPECT_EQ(d, 1.5);
  EXPECT_TRUE(b);
  EXPECT_EQ(l, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(m.at("k"), "v");
}

TEST(JsonFieldReader, FirstErrorWinsAndNamesThePath) {
  const json object = {{"a", 1}, {"b", "two"}};
  JsonFieldReader reader(object, "outer.inner");
  std::string a;
  int b = 0;
  reader.String("a", a);
  reader.Int("b", b);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kInternal);
  EXPECT_NE(reader.status().message().find("outer.inner.a: expected a string, got number"),
            std::string::npos)
      << reader.status().message();
  EXPECT_EQ(b, 0);
}

TEST(JsonFieldReader, IntegersAreRangeChecked) {
  const json object = {{"big", 3000000000LL},
                       {"negative_big", -3000000000LL},
                       {"huge_unsigned", std::numeric_limits<std::uint64_t>::max()},
                       {"fraction", 0.5},
                       {"integral_float", 4.0},
                       {"int64", 9007199254740993LL}};
  for (const char* key : {"big", "negative_big", "huge_unsigned", "fraction"}) {
    JsonFieldReader reader(object, "");
    int value = -1;
    reader.Int(key, value);
    EXPECT_FALSE(reader.ok()) << key;
    EXPECT_EQ(value, -1) << key;
  }
  JsonFieldReader reader(object, "");
  int value = 0;
  std::optional<std::int64_t> wide;
  reader.Int("integral_float", value);
  reader.Int64("int64", wide);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(value, 4);
  EXPECT_EQ(wide, 9007199254740993LL);

  JsonFieldReader unsigned_reader(object, "");
  unsigned_reader.Int64("huge_unsigned", wide);
  EXPECT_FALSE(unsigned_reader.ok());
}

TEST(JsonFieldReader, ListAndMapElementsAreChecked) {
  const json object = {{"l", {"a", 2}}, {"m", {{"k", 1}}}};
  JsonFieldReader list_reader(object, "r");
  std::vector<std::string> l;
  list_reader.StringList("l", l);
  ASSERT_FALSE(list_reader.ok());
  EXPECT_NE(list_reader.status().message().find("r.l[1]"), std::string::npos);
  EXPECT_TRUE(l.empty());

  JsonFieldReader map_reader(object, "r");
  std::map<std::string, std::string> m;
  map_reader.StringMap("m", m);
  ASSERT_FALSE(map_reader.ok());
  EXPECT_NE(map_reader.status().message().find("r.m.k"), std::string::npos);
}

TEST(JsonFieldReader, NonObjectIsAnErrorAndReadsAreHarmless) {
  const json array = json::array({1, 2});
  JsonFieldReader reader(array, "thing");
  std::string s = "unchanged";
  reader.String("x", s);
  EXPECT_FALSE(reader.ok());
  EXPECT_EQ(s, "unchanged");
  EXPECT_NE(reader.status().message().find("thing: expected an object, got array"), std::string::npos);
}

TEST(ParseAwsTimestamp, EpochSecondsAndIsoStrings) {
  using std::chrono::milliseconds;
  const auto at = [](long long ms) { return WallTime{std::chrono::duration_cast<WallTime::duration>(milliseconds{ms})}; };
  EXPECT_EQ(ParseAwsTimestamp(json(1557128360.711)), at(1557128360711));
  EXPECT_EQ(ParseAwsTimestamp(json(1557128360)), at(1557128360000));
  EXPECT_EQ(ParseAwsTimestamp(json("2019-05-06T07:39:20.711Z")), at(1557128360711));
  EXPECT_EQ(ParseAwsTimestamp(json("2019-05-06T09:39:20+02:00")), at(1557128360000));
  EXPECT_EQ(ParseAwsTimestamp(json("2019-05-06 07:39:20.711000+00:00")), at(1557128360711));
  EXPECT_FALSE(ParseAwsTimestamp(json("not a date")).has_value());
  EXPECT_FALSE(ParseAwsTimestamp(json("2019-05-06  07:39:20Z")).has_value());
  EXPECT_FALSE(ParseAwsTimestamp(json(true)).has_value());
  EXPECT_FALSE(ParseAwsTimestamp(json(1e300)).has_value());  // would overflow the clock
  EXPECT_FALSE(ParseAwsTimestamp(json::object()).has_value());
}

}  // namespace
}  // namespace kanaria::aws
