#include "aws/sts/sts_client.h"

#include <gtest/gtest.h>

#include <map>

#include "aws/curl_transport.h"
#include "aws/iso8601.h"
#include "aws/sts/sts_role_assumer.h"
#include "core/redact.h"
#include "support/static_credentials.h"
#include "support/query_stub.h"
#include "support/stub_http_server.h"

namespace kanaria::aws::sts {
namespace {

using nlohmann::json;
using testing::StubHttpServer;
using testing::StubRequest;
using testing::StubResponse;

// Answers from the STS API reference (session tokens shortened to one line).
constexpr const char* kGetCallerIdentityXml =
    R"(<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
  <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
    <UserId>AKIAI44QH8DHBEXAMPLE</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>)";

constexpr const char* kAssumeRoleXml =
    R"(<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
<AssumeRoleResult>
<SourceIdentity>Alice</SourceIdentity>
  <AssumedRoleUser>
    <Arn>arn:aws:sts::123456789012:assumed-role/demo/TestAR</Arn>
    <AssumedRoleId>ARO123EXAMPLE123:TestAR</AssumedRoleId>
  </AssumedRoleUser>
  <Credentials>
    <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
    <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
    <SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI</SessionToken>
    <Expiration>2019-11-09T13:34:41Z</Expiration>
  </Credentials>
  <PackedPolicySize>6</PackedPolicySize>
</AssumeRoleResult>
<ResponseMetadata>
  <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
</ResponseMetadata>
</AssumeRoleResponse>)";

constexpr const char* kAssumeRoleWithWebIdentityXml =
    R"(<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>amzn1.account.AF6RHO7KZU5XRVQJGXK6HB56KR2A</SubjectFromWebIdentityToken>
    <Audience>client.5498841531868486423.1548@apps.example.com</Audience>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/FederatedWebIdentityRole/app1</Arn>
      <AssumedRoleId>AROACLKWSDQRAOEXAMPLE:app1</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLEWEBIDENTITY</SessionToken>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEWEBKEY</SecretAccessKey>
      <Expiration>2014-10-24T23:00:23Z</Expiration>
      <AccessKeyId>ASgeIAIOSFODNN7EXAMPLE</AccessKeyId>
    </Credentials>
    <SourceIdentity>SourceIdentityValue</SourceIdentity>
    <Provider>www.amazon.com</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata>
    <RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId>
  </ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>)";

using testing::FormOf;

TEST(StsClientTest, ParsesCallerIdentity) {
  StatusOr<json> tree = DecodeXmlResult(kGetCallerIdentityXml, "GetCallerIdentity");
  ASSERT_TRUE(tree.ok()) << tree.status().ToString();
  StatusOr<CallerIdentity> identity = ParseCallerIdentity(*tree);
  ASSERT_TRUE(identity.ok()) << identity.status().ToString();
  EXPECT_EQ(identity->account, "123456789012");
  EXPECT_EQ(identity->arn, "arn:aws:iam::123456789012:user/Alice");
  EXPECT_EQ(identity->user_id, "AKIAI44QH8DHBEXAMPLE");
  EXPECT_EQ(ParseCallerIdentity(json::object()).status().code(), StatusCode::kInternal);
}

TEST(StsClientTest, ParsesAssumedRoleAndRegistersItsSecrets) {
  StatusOr<json> tree = DecodeXmlResult(kAssumeRoleXml, "AssumeRole");
  ASSERT_TRUE(tree.ok()) << tree.status().ToString();
  StatusOr<AssumedRole> role = ParseAssumedRole(*tree, "assume-role");
  ASSERT_TRUE(role.ok()) << role.status().ToString();
  EXPECT_EQ(role->credentials.access_key_id, "ASIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(role->credentials.source, "assume-role");
  ASSERT_TRUE(role->credentials.expiration.has_value());
  EXPECT_EQ(*role->credentials.expiration, *ParseIso8601("2019-11-09T13:34:41Z"));
  EXPECT_EQ(role->assumed_role_arn, "arn:aws:sts::123456789012:assumed-role/demo/TestAR");
  EXPECT_EQ(role->assumed_role_id, "ARO123EXAMPLE123:TestAR");
  // Both secrets are scrubbed from anything printed from now on, in any context.
  const std::string line =
      "key " + role->credentials.secret_access_key + " token " + role->credentials.session_token;
  EXPECT_EQ(Scrub(line).find("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"), std::string::npos);
  EXPECT_EQ(Scrub(line).find("AQoDYXdzEPT"), std::string::npos);
}

TEST(StsClientTest, IncompleteCredentialsAreRefused) {
  json tree = *DecodeXmlResult(kAssumeRoleXml, "AssumeRole");
  tree["Credentials"].erase("Expiration");
  EXPECT_EQ(ParseAssumedRole(tree, "x").status().code(), StatusCode::kInternal);
  tree = *DecodeXmlResult(kAssumeRoleXml, "AssumeRole");
  tree["Credentials"]["Expiration"] = "soon";
  EXPECT_EQ(ParseAssumedRole(tree, "x").status().code(), StatusCode::kInternal);
  tree = *DecodeXmlResult(kAssumeRoleXml, "AssumeRole");
  tree["Credentials"].erase("SessionToken");
  EXPECT_EQ(ParseAssumedRole(tree, "x").status().code(), StatusCode::kInternal);
  EXPECT_EQ(ParseAssumedRole(json::object(), "x").status().code(), StatusCode::kInternal);
}

TEST(StsClientTest, ParsesWebIdentityAnswer) {
  StatusOr<json> tree = DecodeXmlResult(kAssumeRoleWithWebIdentityXml, "AssumeRoleWithWebIdentity");
  ASSERT_TRUE(tree.ok()) << tree.status().ToString();
  StatusOr<AssumedRole> role = ParseAssumedRole(*tree, "web-identity");
  ASSERT_TRUE(role.ok()) << role.status().ToString();
  EXPECT_EQ(role->credentials.access_key_id, "ASgeIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(role->subject_from_web_identity_token, "amzn1.account.AF6RHO7KZU5XRVQJGXK6HB56KR2A");
  EXPECT_EQ(*role->credentials.expiration, *ParseIso8601("2014-10-24T23:00:23Z"));
}

// The role assumer over HTTP: AssumeRole is signed with the source credentials it is given (not
// the context's), the web identity call carries no signature at all.
TEST(StsRoleAssumerTest, SignsWithTheSourceAndLeavesWebIdentityUnsigned) {
  std::vector<StubRequest> requests;
  StubHttpServer server([&](const StubRequest& request) {
    requests.push_back(request);
    StubResponse response;
    response.content_type = "text/xml";
    response.body = FormOf(request).at("Action") == "AssumeRole" ? kAssumeRoleXml
                                                                 : kAssumeRoleWithWebIdentityXml;
    return response;
  });
  ClientContext context;
  context.endpoint_url = server.url();  // no region: the assumer falls back to us-east-1
  context.credentials =
      std::make_shared<testing::StaticCredentialsProvider>("AKIDCONTEXTKEY000001");
  context.transport = std::make_shared<CurlTransport>();
  StatusOr<std::unique_ptr<StsRoleAssumer>> assumer = StsRoleAssumer::Create(context);
  ASSERT_TRUE(assumer.ok()) << assumer.status().ToString();

  Credentials source;
  source.access_key_id = "AKIDSOURCEKEY0000001";
  source.secret_access_key = "sourceSecretKeyValue0123456789";
  source.session_token = "sourceSessionToken0123456789";
  AssumeRoleRequest request;
  request.role_arn = "arn:aws:iam::123456789012:role/deploy";
  request.role_session_name = "kanaria-ci";
  request.duration = std::chrono::seconds(900);
  request.external_id = "ext-42";
  StatusOr<Credentials> assumed = (*assumer)->AssumeRole(source, request);
  ASSERT_TRUE(assumed.ok()) << assumed.status().ToString();
  EXPECT_EQ(assumed->access_key_id, "ASIAIOSFODNN7EXAMPLE");
  EXPECT_TRUE(assumed->expiration.has_value());

  StatusOr<Credentials> web =
      (*assumer)->AssumeRoleWithWebIdentity(request, "eyJhbGciOiJSUzI1NiJ9.web.token");
  ASSERT_TRUE(web.ok()) << web.status().ToString();
  EXPECT_EQ(web->access_key_id, "ASgeIAIOSFODNN7EXAMPLE");

  ASSERT_EQ(requests.size(), 2u);
  const auto assume_form = FormOf(requests[0]);
  EXPECT_EQ(assume_form.at("Version"), "2011-06-15");
  EXPECT_EQ(assume_form.at("RoleArn"), request.role_arn);
  EXPECT_EQ(assume_form.at("RoleSessionName"), "kanaria-ci");
  EXPECT_EQ(assume_form.at("DurationSeconds"), "900");
  EXPECT_EQ(assume_form.at("ExternalId"), "ext-42");
  const std::string authorization = requests[0].Header("Authorization");
  EXPECT_NE(authorization.find("Credential=AKIDSOURCEKEY0000001/"), std::string::npos)
      << authorization;
  EXPECT_NE(authorization.find("/us-east-1/sts/aws4_request"), std::string::npos) << authorization;
  EXPECT_EQ(requests[0].Header("X-Amz-Security-Token"), source.session_token);

  const auto web_form = FormOf(requests[1]);
  EXPECT_EQ(web_form.at("Action"), "AssumeRoleWithWebIdentity");
  EXPECT_EQ(web_form.at("WebIdentityToken"), "eyJhbGciOiJSUzI1NiJ9.web.token");
  EXPECT_EQ(web_form.count("ExternalId"), 0u);
  EXPECT_EQ(requests[1].Header("Authorization"), "");
  EXPECT_EQ(requests[1].Header("X-Amz-Security-Token"), "");
  EXPECT_EQ(Scrub("token eyJhbGciOiJSUzI1NiJ9.web.token").find("web.token"), std::string::npos);
}

TEST(StsRoleAssumerTest, EmptyRoleOrSessionNameIsRefusedWithoutACall) {
  StubHttpServer server([](const StubRequest&) { return StubResponse{}; });
  ClientContext context;
  context.endpoint_url = server.url();
  context.transport = std::make_shared<CurlTransport>();
  auto assumer = StsRoleAssumer::Create(context);
  ASSERT_TRUE(assumer.ok()) << assumer.status().ToString();
  Credentials source{"AKIDSOURCEKEY0000001", "sourceSecretKeyValue0123456789", "", {}, "static"};
  EXPECT_EQ((*assumer)->AssumeRole(source, {"", "s", {}, ""}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ((*assumer)->AssumeRole(source, {"arn:role", "", {}, ""}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ((*assumer)->AssumeRoleWithWebIdentity({"arn:role", "s", {}, ""}, "").status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(server.request_count(), 0u);
}

}  // namespace
}  // namespace kanaria::aws::sts
