#include "model/percentage.h"

#include <gtest/gtest.h>

namespace kanaria::model {
namespace {

Percentage ParsedPercentage(const std::string& text) {
  StatusOr<Percentage> p = Percentage::Parse(text);
  EXPECT_TRUE(p.ok()) << text << ": " << p.status().message();
  return p.ok() ? *p : Percentage::FromTenths(0, false);
}

std::string PercentageError(const std::string& text) {
  StatusOr<Percentage> p = Percentage::Parse(text);
  EXPECT_FALSE(p.ok()) << text;
  return p.ok() ? "" : p.status().message();
}

TEST(PercentageTest, IntegersMapToHundredths) {
  const Percentage p = ParsedPercentage("10");
  EXPECT_EQ(p.tenths(), 100);
  EXPECT_FALSE(p.written_with_decimal());
  EXPECT_EQ(p.Weights(), (std::pair<int, int>{90, 10}));
  EXPECT_EQ(p.Complement().Weights(), (std::pair<int, int>{10, 90}));
  EXPECT_EQ(ParsedPercentage("0").Weights(), (std::pair<int, int>{100, 0}));
  EXPECT_EQ(ParsedPercentage("100").Weights(), (std::pair<int, int>{0, 100}));
  EXPECT_EQ(ParsedPercentage("10%").tenths(), 100);  // PipeCD accepts a % suffix
}

TEST(PercentageTest, OneDecimalMapsToThousandths) {
  const Percentage p = ParsedPercentage("12.5");
  EXPECT_EQ(p.tenths(), 125);
  EXPECT_TRUE(p.written_with_decimal());
  EXPECT_EQ(p.Weights(), (std::pair<int, int>{875, 125}));
  EXPECT_EQ(p.Complement().Weights(), (std::pair<int, int>{125, 875}));
  EXPECT_EQ(p.ToString(), "12.5");
  EXPECT_EQ(ParsedPercentage("0.5").Weights(), (std::pair<int, int>{995, 5}));
  EXPECT_EQ(ParsedPercentage("12.50").tenths(), 125);
}

TEST(PercentageTest, AWholeValueWrittenWithADecimalKeepsTheIntegerWeights) {
  // Same ratio as (900, 100), and it keeps 0 and 100 inside ELB's 0-999 range.
  const Percentage p = ParsedPercentage("10.0");
  EXPECT_TRUE(p.written_with_decimal());
  EXPECT_EQ(p.Weights(), (std::pair<int, int>{90, 10}));
  EXPECT_EQ(ParsedPercentage("100.0").Weights(), (std::pair<int, int>{0, 100}));
  EXPECT_EQ(ParsedPercentage("0.0").Weights(), (std::pair<int, int>{100, 0}));
  EXPECT_EQ(p.ToString(), "10");
  EXPECT_TRUE(ParsedPercentage("10") == p);
}

TEST(PercentageTest, Refused) {
  constexpr char kAllowed[] = "; a percentage from 0 to 100 with at most one decimal";
  EXPECT_EQ(PercentageError("150"), std::string("150 is above 100") + kAllowed);
  EXPECT_EQ(PercentageError("100.1"), std::string("100.1 is above 100") + kAllowed);
  EXPECT_EQ(PercentageError("-1"), std::string("-1 is below 0") + kAllowed);
  EXPECT_EQ(PercentageError("12.25"), std::string("12.25 has more than one decimal") + kAllowed);
  EXPECT_EQ(PercentageError("ten"), std::string("\"ten\" is not a number") + kAllowed);
  EXPECT_EQ(PercentageError(""), std::string("\"\" is not a number") + kAllowed);
  EXPECT_EQ(PercentageError("1e2"), std::string("\"1e2\" is not a number") + kAllowed);
  EXPECT_EQ(ParsedPercentage("-0").tenths(), 0);
}

}  // namespace
}  // namespace kanaria::model
