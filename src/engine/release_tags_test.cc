#include "engine/release_tags.h"

#include <gtest/gtest.h>

namespace kanaria::engine {
namespace {

TEST(ReleaseTagsTest, PreviousTaskSetRoundTrips) {
  auto decoded = DecodePreviousTaskSet(EncodePreviousTaskSet("ecs-svc/1234", 62.5));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->id, "ecs-svc/1234");
  EXPECT_EQ(decoded->scale, 62.5);
  EXPECT_EQ(DecodePreviousTaskSet("ecs-svc/9")->scale, 100);
  EXPECT_FALSE(DecodePreviousTaskSet("").has_value());
}

TEST(ReleaseTagsTest, ServiceAttributesRoundTripThroughBase64AndRefuseOversizedValues) {
  const nlohmann::json attributes = {{"desiredCount", 4}, {"propagateTags", "NONE"}};
  auto encoded = EncodeServiceAttributes(attributes);
  ASSERT_TRUE(encoded.has_value());
  EXPECT_EQ(encoded->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="),
            std::string::npos);
  EXPECT_EQ(DecodeServiceAttributes(*encoded), attributes);
  EXPECT_FALSE(EncodeServiceAttributes({{"placementConstraints", std::string(300, 'x')}}).has_value());
  EXPECT_EQ(DecodeServiceAttributes("!!not base64!!"), nlohmann::json::object());
}

}  // namespace
}  // namespace kanaria::engine
