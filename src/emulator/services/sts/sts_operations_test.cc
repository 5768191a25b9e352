#include <gtest/gtest.h>

#include <mutex>
#include <regex>

#include "aws/iso8601.h"
#include "emulator/api_error.h"
#include "emulator/service_table.h"
#include "emulator/world.h"
#include "fakes/manual_clock.h"
#include "support/emulated_calls.h"

namespace kanaria::emulator {
namespace {

using nlohmann::json;

constexpr char kRole[] = "arn:aws:iam::123456789012:role/deploy/kanaria-deployer";
// header.payload.signature, as a web identity token is shaped (not verified by the emulator).
constexpr char kJwt[] = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2lnbmF0dXJl";

class StsTest : public ::testing::Test {
 protected:
  // Query protocol: every scalar is a string, timestamps come back as ISO 8601.
  json Call(std::string_view operation, const json& input, const std::string& access_key = "") {
    return kanaria::testing::CallEmulated(world_, clock_, "sts", operation, input,
                                          WireProtocol::kQuery, access_key);
  }
  // The AWS error code a call fails with ("" when it succeeds).
  std::string ErrorOf(std::string_view operation, const json& input) {
    return kanaria::testing::EmulatedErrorOf(world_, clock_, "sts", operation, input,
                                             WireProtocol::kQuery);
  }

  kanaria::testing::ManualClock clock_;
  World world_{WorldOptions{}, clock_};
};

TEST_F(StsTest, CallerIdentityOfTheConfiguredKeysIsTheEmulatorUser) {
  const json identity = Call("GetCallerIdentity", json::object(), "AKIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(identity["Account"], "123456789012");
  EXPECT_EQ(identity["Arn"], "arn:aws:iam::123456789012:user/kanaria-emulator");
  EXPECT_TRUE(
      std::regex_match(identity["UserId"].get<std::string>(), std::regex("AIDA[A-Z0-9]{17}")));
  EXPECT_EQ(Call("GetCallerIdentity", json::object())["UserId"], identity["UserId"]);
}

TEST_F(StsTest, AssumeRoleIssuesCredentialsTheStateRemembers) {
  const json result = Call("AssumeRole", {{"RoleArn", kRole},
                                          {"RoleSessionName", "release-42"},
                                          {"DurationSeconds", "900"},
                                          {"ExternalId", "ext-1"}});
  const json& credentials = result["Credentials"];
  const std::string key = credentials["AccessKeyId"];
  EXPECT_TRUE(std::regex_match(key, std::regex("ASIA[A-Z0-9]{16}"))) << key;
  EXPECT_EQ(credentials["SecretAccessKey"].get<std::string>().size(), 40u);
  EXPECT_FALSE(credentials["SessionToken"].get<std::string>().empty());
  EXPECT_EQ(credentials["Expiration"],
            aws::FormatIso8601(clock_.Now() + std::chrono::seconds(900)));
  EXPECT_EQ(result["AssumedRoleUser"]["Arn"],
            "arn:aws:sts::123456789012:assumed-role/kanaria-deployer/release-42");
  const std::string role_id = result["AssumedRoleUser"]["AssumedRoleId"];
  EXPECT_TRUE(std::regex_match(role_id, std::regex("AROA[A-Z0-9]{17}:release-42"))) << role_id;

  const std::optional<IssuedCredentials> issued = world_.sts.FindIssued(key);
  ASSERT_TRUE(issued.has_value());
  EXPECT_EQ(issued->secret_access_key, credentials["SecretAccessKey"]);
  EXPECT_EQ(issued->session_token, credentials["SessionToken"]);
  EXPECT_EQ(issued->expiration, clock_.Now() + std::chrono::seconds(900));
  EXPECT_FALSE(world_.sts.FindIssued("ASIAAAAAAAAAAAAAAAAA").has_value());

  const json identity = Call("GetCallerIdentity", json::object(), key);
  EXPECT_EQ(identity["Arn"], result["AssumedRoleUser"]["Arn"]);
  EXPECT_EQ(identity["UserId"], role_id);
  EXPECT_EQ(identity["Account"], "123456789012");

  // The same role keeps its unique id across sessions; the keys differ.
  const json again = Call("AssumeRole", {{"RoleArn", kRole}, {"RoleSessionName", "other"}});
  EXPECT_EQ(again["AssumedRoleUser"]["AssumedRoleId"].get<std::string>().substr(0, 21),
            role_id.substr(0, 21));
  EXPECT_NE(again["Credentials"]["AccessKeyId"], key);
  EXPECT_EQ(again["Credentials"]["Expiration"],
            aws::FormatIso8601(clock_.Now() + std::chrono::seconds(3600)));
}

TEST_F(StsTest, AssumeRoleValidatesItsInput) {
  const auto assume = [&](const json& extra) {
    json input = {{"RoleArn", kRole}, {"RoleSessionName", "s1"}};
    input.update(extra);
    return ErrorOf("AssumeRole", input);
  };
  EXPECT_EQ(assume(json::object()), "");
  EXPECT_EQ(assume({{"DurationSeconds", "899"}}), "ValidationError");
  EXPECT_EQ(assume({{"DurationSeconds", "43201"}}), "ValidationError");
  EXPECT_EQ(assume({{"DurationSeconds", "43200"}}), "");
  EXPECT_EQ(assume({{"DurationSeconds", "ten"}}), "ValidationError");
  EXPECT_EQ(assume({{"RoleSessionName", "x"}}), "ValidationError");
  EXPECT_EQ(assume({{"RoleSessionName", "has space"}}), "ValidationError");
  EXPECT_EQ(assume({{"RoleArn", "arn:aws:iam::123456789012:user/someone"}}), "ValidationError");
  EXPECT_EQ(assume({{"RoleArn", "short"}}), "ValidationError");
  EXPECT_EQ(assume({{"ExternalId", "x"}}), "ValidationError");
  EXPECT_EQ(ErrorOf("AssumeRole", {{"RoleArn", kRole}}), "ValidationError");
}

TEST_F(StsTest, AssumeRoleWithWebIdentityNeedsAJwtShapedToken) {
  const json result =
      Call("AssumeRoleWithWebIdentity",
           {{"RoleArn", kRole}, {"RoleSessionName", "gha"}, {"WebIdentityToken", kJwt}});
  const std::string key = result["Credentials"]["AccessKeyId"];
  EXPECT_TRUE(world_.sts.FindIssued(key).has_value());
  EXPECT_EQ(result["AssumedRoleUser"]["Arn"],
            "arn:aws:sts::123456789012:assumed-role/kanaria-deployer/gha");
  const auto with_token = [&](const std::string& token) {
    return ErrorOf("AssumeRoleWithWebIdentity",
                   {{"RoleArn", kRole}, {"RoleSessionName", "gha"}, {"WebIdentityToken", token}});
  };
  EXPECT_EQ(with_token(""), "ValidationError");
  EXPECT_EQ(with_token("not-a-jwt"), "InvalidIdentityToken");
  EXPECT_EQ(with_token("a..c"), "InvalidIdentityToken");
}

}  // namespace
}  // namespace kanaria::emulator
