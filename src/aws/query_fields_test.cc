#include "aws/query_fields.h"

#include <gtest/gtest.h>

namespace kanaria::aws {
namespace {

using nlohmann::json;

TEST(QueryFieldsTest, StringsAndListsInTheTreeConventions) {
  const json tree = {{"Name", "web"},   {"Empty", ""},          {"Items", json::array({"a", "b"})},
                     {"EmptyList", ""}, {"One", {{"Id", "x"}}}, {"Flag", true},
                     {"Count", 3}};
  EXPECT_EQ(StringField(tree, "Name"), "web");
  EXPECT_EQ(StringField(tree, "Missing"), "");
  EXPECT_EQ(StringField(tree, "Flag"), "true");
  EXPECT_EQ(StringField(tree, "Count"), "3");
  EXPECT_EQ(*StringListField(tree, "Items"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(StringListField(tree, "EmptyList")->empty());
  EXPECT_TRUE(ListField(tree, "Missing")->empty());
  ASSERT_EQ(ListField(tree, "One")->size(), 1u);
  EXPECT_EQ(ListField(tree, "Name").status().code(), StatusCode::kInternal);
  EXPECT_EQ(StringListField(json{{"L", json::array({json::object()})}}, "L").status().code(),
            StatusCode::kInternal);
  EXPECT_EQ(StringField(json::array(), "x"), "");
}

TEST(QueryFieldsTest, NumbersConvertStrictly) {
  const json tree = {{"Port", "443"},    {"Neg", "-5"},    {"Big", "2147483648"},
                     {"Junk", "80a"},    {"Space", " 80"}, {"Empty", ""},
                     {"Real", "1.5E-3"}, {"Int", 7},       {"Nan", "NaN"}};
  EXPECT_EQ(**IntField(tree, "Port"), 443);
  EXPECT_EQ(**IntField(tree, "Neg"), -5);
  EXPECT_EQ(**IntField(tree, "Int"), 7);
  EXPECT_FALSE(IntField(tree, "Missing")->has_value());
  for (const char* bad : {"Big", "Junk", "Space", "Empty", "Real"}) {
    EXPECT_EQ(IntField(tree, bad).status().code(), StatusCode::kInternal) << bad;
  }
  EXPECT_DOUBLE_EQ(**DoubleField(tree, "Real"), 0.0015);
  EXPECT_DOUBLE_EQ(**DoubleField(tree, "Port"), 443.0);
  EXPECT_EQ(DoubleField(tree, "Junk").status().code(), StatusCode::kInternal);
  EXPECT_EQ(DoubleField(tree, "Nan").status().code(), StatusCode::kInternal);
}

TEST(QueryFieldsTest, BooleansAndTimestamps) {
  const json tree = {{"T", "true"},
                     {"F", "False"},
                     {"B", false},
                     {"X", "yes"},
                     {"When", "2024-03-01T10:00:00Z"},
                     {"Bad", "yesterday"}};
  EXPECT_TRUE(**BoolField(tree, "T"));
  EXPECT_FALSE(**BoolField(tree, "F"));
  EXPECT_FALSE(**BoolField(tree, "B"));
  EXPECT_EQ(BoolField(tree, "X").status().code(), StatusCode::kInternal);
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::seconds>(
                (**TimestampField(tree, "When")).time_since_epoch())
                .count(),
            1709287200);
  EXPECT_EQ(TimestampField(tree, "Bad").status().code(), StatusCode::kInternal);
  EXPECT_FALSE(TimestampField(tree, "Missing")->has_value());
}

}  // namespace
}  // namespace kanaria::aws
