#include "aws/endpoints.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "aws/service_descriptor.h"

namespace kanaria::aws {
namespace {

class EndpointsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* v : {"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_ECS", "AWS_ENDPOINT_URL_STS",
                          "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"}) {
      unsetenv(v);
    }
  }
  void TearDown() override { SetUp(); }
};

TEST_F(EndpointsTest, DefaultsAreHttpsRegionalAwsHosts) {
  auto ecs = ResolveEndpoint(kEcsService, "eu-west-1", std::nullopt);
  ASSERT_TRUE(ecs.ok());
  EXPECT_EQ(ecs->base_url, "https://ecs.eu-west-1.amazonaws.com");
  EXPECT_TRUE(ecs->is_aws_host);
  EXPECT_FALSE(ecs->overridden);
  EXPECT_EQ(ResolveEndpoint(kElbv2Service, "us-east-2", std::nullopt)->host,
            "elasticloadbalancing.us-east-2.amazonaws.com");
  EXPECT_EQ(ResolveEndpoint(kCloudWatchService, "us-east-2", std::nullopt)->host, "monitoring.us-east-2.amazonaws.com");
  EXPECT_EQ(ResolveEndpoint(kStsService, "ap-southeast-2", std::nullopt)->host, "sts.ap-southeast-2.amazonaws.com");
  EXPECT_EQ(ResolveEndpoint(kEcsService, "cn-north-1", std::nullopt)->host, "ecs.cn-north-1.amazonaws.com.cn");
}

TEST_F(EndpointsTest, CliOverrideBeatsServiceVariableBeatsGlobalVariable) {
  setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1000", 1);
  setenv("AWS_ENDPOINT_URL_ECS", "http://127.0.0.1:2000/", 1);
  EXPECT_EQ(ResolveEndpoint(kEcsService, "us-east-1", std::nullopt)->base_url, "http://127.0.0.1:2000");
  EXPECT_EQ(ResolveEndpoint(kStsService, "us-east-1", std::nullopt)->base_url, "http://127.0.0.1:1000");
  EXPECT_EQ(ResolveEndpoint(kEcsService, "us-east-1", std::string("http://localhost:3000"))->base_url,
            "http://localhost:3000");
  setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", 1);
  EXPECT_EQ(ResolveEndpoint(kEcsService, "us-east-1", std::nullopt)->base_url, "https://ecs.us-east-1.amazonaws.com");
}

TEST_F(EndpointsTest, OverridesMustBeHttpUrls) {
  auto bad = ResolveEndpoint(kEcsService, "us-east-1", std::string("ftp://x"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("--endpoint-url"), std::string::npos);
  EXPECT_FALSE(ResolveEndpoint(kEcsService, "us-east-1", std::string("not a url")).ok());
  setenv("AWS_ENDPOINT_URL_ECS", "127.0.0.1:4566", 1);
  auto env_bad = ResolveEndpoint(kEcsService, "us-east-1", std::nullopt);
  ASSERT_FALSE(env_bad.ok());
  EXPECT_NE(env_bad.status().message().find("AWS_ENDPOINT_URL_ECS"), std::string::npos);
}

TEST_F(EndpointsTest, RegionIsRequiredAndValidatedWithoutOverride) {
  EXPECT_EQ(ResolveEndpoint(kEcsService, "", std::nullopt).status().code(), StatusCode::kInvalidInput);
  EXPECT_FALSE(ResolveEndpoint(kEcsService, "us-east-1.evil.com/", std::nullopt).ok());
}

TEST_F(EndpointsTest, LoopbackDetection) {
  EXPECT_TRUE(IsLoopbackUrl("http://127.0.0.1:8080"));
  EXPECT_TRUE(IsLoopbackUrl("http://localhost:1"));
  EXPECT_TRUE(IsLoopbackUrl("http://127.3.4.5/"));
  EXPECT_FALSE(IsLoopbackUrl("https://ecs.us-east-1.amazonaws.com"));
  EXPECT_FALSE(IsLoopbackUrl("http://10.0.0.1"));
}

}  // namespace
}  // namespace kanaria::aws
