#include "emulator/credential_scope.h"

#include <gtest/gtest.h>

namespace kanaria::emulator {
namespace {

TEST(CredentialScopeTest, ReadsTheFiveParts) {
  const auto scope = ParseCredentialScope(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
      "SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79");
  ASSERT_TRUE(scope.has_value());
  EXPECT_EQ(scope->access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(scope->date, "20150830");
  EXPECT_EQ(scope->region, "us-east-1");
  EXPECT_EQ(scope->service, "iam");
}

TEST(CredentialScopeTest, RefusesOtherShapes) {
  EXPECT_FALSE(ParseCredentialScope(""));
  EXPECT_FALSE(ParseCredentialScope("Bearer abc"));
  EXPECT_FALSE(ParseCredentialScope("AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/iam"));
  EXPECT_FALSE(ParseCredentialScope("AWS4-HMAC-SHA256 Credential=/d/r/s/aws4_request"));
  EXPECT_FALSE(ParseCredentialScope("AWS4-HMAC-SHA256 SignedHeaders=host"));
}

}  // namespace
}  // namespace kanaria::emulator
