#include "aws/credentials/region.h"

#include <gtest/gtest.h>

#include "support/scoped_env.h"

namespace kanaria::aws {
namespace {

TEST(RegionTest, Precedence) {
  testing::ScopedEnv env;
  env.Unset("AWS_REGION").Unset("AWS_DEFAULT_REGION");
  auto files = ProfileFiles::FromText("[default]\nregion = from-config\n[profile dev]\n", "/c",
                                      "[dev]\nregion = from-credentials-file\n", "/k");
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(*ResolveRegion(std::nullopt, *files, "default"), "from-config");
  EXPECT_EQ(*ResolveRegion(std::nullopt, *files, "dev"), "from-credentials-file");
  env.Set("AWS_DEFAULT_REGION", "from-default-region");
  EXPECT_EQ(*ResolveRegion(std::nullopt, *files, "default"), "from-default-region");
  env.Set("AWS_REGION", "from-region");
  EXPECT_EQ(*ResolveRegion(std::nullopt, *files, "default"), "from-region");
  EXPECT_EQ(*ResolveRegion(std::string("from-flag"), *files, "default"), "from-flag");
  env.Set("AWS_REGION", "");  // empty counts as unset
  EXPECT_EQ(*ResolveRegion(std::nullopt, *files, "default"), "from-default-region");
}

TEST(RegionTest, MissingRegionSaysHowToSetIt) {
  testing::ScopedEnv env;
  env.Unset("AWS_REGION").Unset("AWS_DEFAULT_REGION");
  auto files = ProfileFiles::FromText("[profile ci]\n", "/home/u/.aws/config", "", "/k");
  const Status status = ResolveRegion(std::nullopt, *files, "ci").status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(status.message(),
            "no AWS region configured; pass --region, set AWS_REGION (or AWS_DEFAULT_REGION), or "
            "add `region = ...` to [profile ci] in /home/u/.aws/config");
}

}  // namespace
}  // namespace kanaria::aws
