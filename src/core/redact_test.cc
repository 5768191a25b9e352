#include "core/redact.h"

#include <gtest/gtest.h>

#include "core/log.h"

namespace kanaria {
namespace {

TEST(RedactTest, RegisteredSecretsAreReplacedEverywhere) {
  RegisterSecret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  const std::string out = Scrub("key=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY and again wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  EXPECT_EQ(out.find("wJalrXUtnFEMI"), std::string::npos);
  EXPECT_NE(out.find(kRedacted), std::string::npos);
}

TEST(RedactTest, KnownShapesAreMaskedWithoutRegistration) {
  const std::string auth =
      "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
      "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
  const std::string out = Scrub(auth);
  EXPECT_EQ(out.find("5fa00fa3"), std::string::npos);
  EXPECT_NE(out.find("Credential=AKIDEXAMPLE"), std::string::npos);  // access key ids are not secret
  EXPECT_EQ(Scrub(R"({"SecretAccessKey": "abc123xyz", "Expiration": 1})").find("abc123xyz"), std::string::npos);
  EXPECT_EQ(Scrub("<SessionToken>FQoGZXIvYXdzEXAMPLE</SessionToken>").find("FQoGZXIv"), std::string::npos);
  EXPECT_EQ(Scrub("X-Amz-Security-Token: IQoJb3JpZ2luEXAMPLE").find("IQoJb3Jp"), std::string::npos);
  EXPECT_EQ(Scrub("aws_secret_access_key = verysecretvalue").find("verysecretvalue"), std::string::npos);
}

TEST(RedactTest, LogLinesAreScrubbed) {
  RegisterSecret("session-token-value-123456");
  std::string captured;
  log::CaptureForTest(&captured);
  log::SetLevel(log::Level::kDebug);
  log::Debug("token is {}", "session-token-value-123456");
  log::CaptureForTest(nullptr);
  log::SetLevel(log::Level::kWarn);
  EXPECT_EQ(captured.find("session-token-value-123456"), std::string::npos);
  EXPECT_NE(captured.find("token is"), std::string::npos);
}

}  // namespace
}  // namespace kanaria

namespace kanaria {
namespace {

TEST(RedactTest, VeryLongSecretShapedValuesAreMaskedWithoutCrashing) {
  // A server may echo a huge token back; scrubbing must stay linear and never overflow the stack.
  const std::string text = "Signature=" + std::string(200000, 'A') + " tail";
  const std::string out = Scrub(text);
  EXPECT_EQ(out, "Signature=" + std::string(kRedacted) + " tail");
}

TEST(RedactTest, KeysWithoutValuesAreLeftAlone) {
  EXPECT_EQ(Scrub("Signature= next"), "Signature= next");
  EXPECT_EQ(Scrub("\"SessionToken\": 5"), "\"SessionToken\": 5");
  EXPECT_EQ(Scrub("X-Amz-Security-Token is required"), "X-Amz-Security-Token is required");
}

}  // namespace
}  // namespace kanaria
