#include "emulator/signature_check.h"

#include <gtest/gtest.h>

#include "aws/sigv4.h"
#include "aws/url.h"

namespace kanaria::emulator {
namespace {

constexpr char kKey[] = "AKIDEXAMPLE";
constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const WallTime kNow = WallTime(std::chrono::seconds(1767225600));  // 2026-01-01T00:00:00Z

// What the emulator receives for `request` signed by kanaria's client at `signed_at`.
ReceivedRequest Signed(aws::HttpRequest request, WallTime signed_at,
                       const aws::Credentials& credentials, const std::string& service) {
  aws::SigningParams params;
  params.region = "us-east-1";
  params.service = service;
  params.time = signed_at;
  aws::SignRequest(request, credentials, params);
  const aws::ParsedUrl url = *aws::ParseUrl(request.url);
  return ReceivedRequest{request.method, url.path + (url.query.empty() ? "" : "?" + url.query),
                         request.headers, request.body};
}

aws::Credentials Keys(std::string access_key_id, std::string secret, std::string token = "") {
  aws::Credentials credentials;
  credentials.access_key_id = std::move(access_key_id);
  credentials.secret_access_key = std::move(secret);
  credentials.session_token = std::move(token);
  return credentials;
}

aws::Credentials LongTerm() { return Keys(kKey, kSecret); }

aws::HttpRequest JsonRequest() {
  aws::HttpRequest request;
  request.url = "http://127.0.0.1:4566/";
  request.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                     {"X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListClusters"}};
  request.body = "{}";
  return request;
}

aws::HttpRequest QueryRequest() {
  aws::HttpRequest request;
  request.url = "http://127.0.0.1:4566/";
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  request.body = "Action=GetCallerIdentity&Version=2011-06-15";
  return request;
}

SecretLookup OnlyLongTermKey() {
  return [](const std::string& key) -> std::optional<KnownSecret> {
    if (key == kKey) return KnownSecret{kSecret, "", std::nullopt};
    return std::nullopt;
  };
}

TEST(SignatureCheckTest, AcceptsWhatTheClientSignsInBothProtocols) {
  const SignatureCheck json =
      VerifySignature(Signed(JsonRequest(), kNow, LongTerm(), "ecs"), OnlyLongTermKey(), kNow);
  EXPECT_TRUE(json.ok()) << json.message;
  EXPECT_EQ(json.scope.service, "ecs");
  EXPECT_EQ(json.scope.access_key_id, kKey);
  const SignatureCheck query =
      VerifySignature(Signed(QueryRequest(), kNow, LongTerm(), "sts"), OnlyLongTermKey(), kNow);
  EXPECT_TRUE(query.ok()) << query.message;
  EXPECT_EQ(query.scope.service, "sts");
}

TEST(SignatureCheckTest, TamperingIsABadSignature) {
  const ReceivedRequest good = Signed(JsonRequest(), kNow, LongTerm(), "ecs");
  ReceivedRequest body = good;
  body.body = R"({"maxResults":1})";
  ReceivedRequest header = good;
  aws::SetHeader(header.headers, "X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DeleteCluster");
  ReceivedRequest target = good;
  target.target = "/other";
  for (const ReceivedRequest& tampered : {body, header, target}) {
    const SignatureCheck check = VerifySignature(tampered, OnlyLongTermKey(), kNow);
    ASSERT_FALSE(check.ok());
    EXPECT_EQ(*check.failure, SignatureFailure::kBadSignature);
  }
  const ReceivedRequest wrong_secret = Signed(
      JsonRequest(), kNow, Keys(kKey, "not-the-secret"), "ecs");
  EXPECT_EQ(*VerifySignature(wrong_secret, OnlyLongTermKey(), kNow).failure,
            SignatureFailure::kBadSignature);
}

TEST(SignatureCheckTest, DatesMoreThanFifteenMinutesAwayAreRefusedWithAwsWording) {
  const SignatureCheck late = VerifySignature(
      Signed(JsonRequest(), kNow - std::chrono::minutes(16), LongTerm(), "ecs"), OnlyLongTermKey(),
      kNow);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(*late.failure, SignatureFailure::kSkew);
  EXPECT_EQ(late.message,
            "Signature expired: 20251231T234400Z is now earlier than 20251231T234500Z "
            "(20260101T000000Z - 15 min.)");
  const SignatureCheck early = VerifySignature(
      Signed(JsonRequest(), kNow + std::chrono::minutes(16), LongTerm(), "ecs"), OnlyLongTermKey(),
      kNow);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(*early.failure, SignatureFailure::kSkew);
  EXPECT_TRUE(VerifySignature(Signed(JsonRequest(), kNow - std::chrono::minutes(14), LongTerm(), "ecs"),
                              OnlyLongTermKey(), kNow)
                  .ok());
}

TEST(SignatureCheckTest, UnknownMissingAndMalformedCredentials) {
  const ReceivedRequest unknown = Signed(
      JsonRequest(), kNow, Keys("AKIDUNKNOWN", kSecret), "ecs");
  EXPECT_EQ(*VerifySignature(unknown, OnlyLongTermKey(), kNow).failure,
            SignatureFailure::kUnknownAccessKey);
  ReceivedRequest missing{"POST", "/", {{"Host", "127.0.0.1:4566"}}, "{}"};
  EXPECT_EQ(*VerifySignature(missing, OnlyLongTermKey(), kNow).failure, SignatureFailure::kMissing);
  ReceivedRequest malformed = missing;
  malformed.headers.emplace_back("Authorization", "Bearer token");
  EXPECT_EQ(*VerifySignature(malformed, OnlyLongTermKey(), kNow).failure,
            SignatureFailure::kMalformed);
}

TEST(SignatureCheckTest, TemporaryCredentialsNeedTheirTokenAndExpire) {
  const aws::Credentials temporary = Keys("ASIATEMPORARY", "temporary-secret", "the-token");
  const WallTime expiry = kNow + std::chrono::hours(1);
  const SecretLookup lookup = [&](const std::string& key) -> std::optional<KnownSecret> {
    if (key == temporary.access_key_id) return KnownSecret{"temporary-secret", "the-token", expiry};
    return std::nullopt;
  };
  const ReceivedRequest good = Signed(JsonRequest(), kNow, temporary, "ecs");
  EXPECT_TRUE(VerifySignature(good, lookup, kNow).ok());
  aws::Credentials wrong_token = temporary;
  wrong_token.session_token = "another-token";
  EXPECT_EQ(*VerifySignature(Signed(JsonRequest(), kNow, wrong_token, "ecs"), lookup, kNow).failure,
            SignatureFailure::kUnknownAccessKey);
  const WallTime later = expiry + std::chrono::minutes(1);
  EXPECT_EQ(*VerifySignature(Signed(JsonRequest(), later, temporary, "ecs"), lookup, later).failure,
            SignatureFailure::kExpiredToken);
}

TEST(SignatureCheckTest, ErrorsUseEachProtocolsAwsCodes) {
  SignatureCheck check;
  check.failure = SignatureFailure::kBadSignature;
  EXPECT_EQ(SignatureErrorFor(check, WireProtocol::kJson).code, "InvalidSignatureException");
  EXPECT_EQ(SignatureErrorFor(check, WireProtocol::kQuery).code, "SignatureDoesNotMatch");
  EXPECT_EQ(SignatureErrorFor(check, WireProtocol::kQuery).http_status, 403);
  check.failure = SignatureFailure::kUnknownAccessKey;
  EXPECT_EQ(SignatureErrorFor(check, WireProtocol::kJson).code, "UnrecognizedClientException");
  EXPECT_EQ(SignatureErrorFor(check, WireProtocol::kQuery).code, "InvalidClientTokenId");
  check.failure = SignatureFailure::kExpiredToken;
  EXPECT_EQ(SignatureErrorFor(check, WireProtocol::kJson).code, "ExpiredTokenException");
  EXPECT_EQ(SignatureErrorFor(check, WireProtocol::kQuery).code, "ExpiredToken");
}

}  // namespace
}  // namespace kanaria::emulator
