#include "core/status.h"

#include <gtest/gtest.h>

namespace kanaria {
namespace {

StatusOr<int> Half(int x) {
  if (x % 2 != 0) return InvalidInputError("odd");
  return x / 2;
}

StatusOr<int> Quarter(int x) {
  ASSIGN_OR_RETURN(int half, Half(x));
  return Half(half);
}

TEST(StatusTest, OkAndErrorsCarryCodeAndMessage) {
  EXPECT_TRUE(Status::Ok().ok());
  const Status s = NotFoundError("no such service");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.ToString(), "NotFound: no such service");
  EXPECT_EQ(s.WithContext("plan").message(), "plan: no such service");
}

TEST(StatusTest, AssignOrReturnPropagatesTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(6).status().code(), StatusCode::kInvalidInput);
}

struct Extra : StatusDetail {
  int n = 7;
};

TEST(StatusTest, DetailIsReachableByType) {
  const Status s(StatusCode::kUnavailable, "x", std::make_shared<Extra>());
  ASSERT_NE(s.detail_as<Extra>(), nullptr);
  EXPECT_EQ(s.detail_as<Extra>()->n, 7);
  EXPECT_EQ(Status().detail_as<Extra>(), nullptr);
}

}  // namespace
}  // namespace kanaria
