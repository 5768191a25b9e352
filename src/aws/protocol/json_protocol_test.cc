#include "aws/protocol/json_protocol.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace kanaria::aws {
namespace {

using nlohmann::json;

HttpResponse Response(int status, std::string body, HttpHeaders headers = {}) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

TEST(JsonContentTypeTest, NamesTheVersion) {
  EXPECT_EQ(JsonContentType("1.1"), "application/x-amz-json-1.1");
  EXPECT_EQ(JsonContentType("1.0"), "application/x-amz-json-1.0");
}

// --- success bodies ---------------------------------------------------------------------------

TEST(DecodeJsonBodyTest, DecodesAnEcsDescribeServicesResponse) {
  // Shape from botocore's ecs/2014-11-13 DescribeServicesResponse.
  const std::string body = R"({
    "services": [{
      "serviceArn": "arn:aws:ecs:us-east-1:123456789012:service/prod/web",
      "serviceName": "web",
      "clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
      "status": "ACTIVE",
      "desiredCount": 4,
      "deploymentController": {"type": "EXTERNAL"},
      "taskSets": [{
        "id": "ecs-svc/1234567890123456789",
        "status": "PRIMARY",
        "scale": {"value": 100.0, "unit": "PERCENT"},
        "stabilityStatus": "STEADY_STATE",
        "stabilityStatusAt": 1714557600.123,
        "loadBalancers": [{"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/primary/abc", "containerName": "web", "containerPort": 8080}]
      }]
    }],
    "failures": []
  })";
  StatusOr<json> decoded = DecodeJsonBody(body);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  const json& service = (*decoded)["services"][0];
  EXPECT_EQ(service["deploymentController"]["type"], "EXTERNAL");
  EXPECT_EQ(service["desiredCount"], 4);
  EXPECT_EQ(service["taskSets"][0]["scale"]["value"], 100.0);
  EXPECT_EQ(service["taskSets"][0]["stabilityStatus"], "STEADY_STATE");
  EXPECT_TRUE((*decoded)["failures"].empty());
}

TEST(DecodeJsonBodyTest, EmptyOrBlankBodyIsAnEmptyObject) {
  for (const std::string body : {"", "  \r\n\t"}) {
    StatusOr<json> decoded = DecodeJsonBody(body);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_EQ(*decoded, json::object());
  }
}

void ExpectMalformed(std::string_view body, std::string_view expected_in_message) {
  StatusOr<json> decoded = DecodeJsonBody(body);
  ASSERT_FALSE(decoded.ok()) << body;
  EXPECT_EQ(decoded.status().code(), StatusCode::kInternal);
  const AwsError* error = AsAwsError(decoded.status());
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->code, "MalformedResponse");
  EXPECT_NE(decoded.status().message().find(expected_in_message), std::string::npos)
      << decoded.status().message();
  EXPECT_LE(decoded.status().message().size(), 400u);
}

TEST(DecodeJsonBodyTest, TruncatedBodyIsMalformed) {
  ExpectMalformed(R"({"services": [{"serviceName": "web", "status": "ACT)", "not valid JSON");
}

TEST(DecodeJsonBodyTest, HtmlBodyIsMalformedAndQuoted) {
  ExpectMalformed("<html><head><title>502 Bad Gateway</title></head></html>",
                  "<title>502 Bad Gateway</title>");
}

TEST(DecodeJsonBodyTest, NonObjectJsonIsMalformed) {
  ExpectMalformed("[]", "not an object (array)");
  ExpectMalformed("null", "not an object (null)");
  ExpectMalformed("\"ok\"", "not an object (string)");
  ExpectMalformed("42", "not an object (number)");
}

TEST(DecodeJsonBodyTest, BinaryJunkAndInvalidUtf8AreMalformed) {
  ExpectMalformed(std::string("\x01\x02\xff\x00", 4), "\\x01\\x02\\xff\\x00");
  ExpectMalformed("{\"a\": \"\xc3\x28\"}", "not valid JSON");
}

TEST(DecodeJsonBodyTest, DeepNestingIsRefusedWithoutRecursion) {
  ExpectMalformed(std::string(100000, '[') + std::string(100000, ']'), "nested more than 64");
  ExpectMalformed("{\"a\":" + std::string(65, '[') + std::string(65, ']') + "}",
                  "nested more than 64");
  // Brackets inside strings do not count, and 64 levels are fine.
  std::string ok =
      "{\"s\": \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"[[[\", "
      "\"d\": ";
  ok += std::string(63, '[') + std::string(63, ']') + "}";
  EXPECT_TRUE(DecodeJsonBody(ok).ok()) << DecodeJsonBody(ok).status().ToString();
}

TEST(DecodeJsonBodyTest, LongBodiesAreQuotedOnlyInPart) {
  const std::string body = "<html>" + std::string(10000, 'x');
  StatusOr<json> decoded = DecodeJsonBody(body);
  ASSERT_FALSE(decoded.ok());
  EXPECT_LT(decoded.status().message().size(), 400u);
  EXPECT_NE(decoded.status().message().find("10006 bytes"), std::string::npos)
      << decoded.status().message();
}

// --- error bodies -----------------------------------------------------------------------------

TEST(ParseJsonErrorTest, EcsServiceNotFound) {
  const AwsError error = ParseJsonError(
      Response(400, R"({"__type":"ServiceNotFoundException","message":"Service not found."})",
               {{"x-amzn-RequestId", "4b8f1e1c-7d5a-4f7e-9b5c-3c2d1e0f9a8b"},
                {"Content-Type", "application/x-amz-json-1.1"}}));
  EXPECT_EQ(error.code, "ServiceNotFoundException");
  EXPECT_EQ(error.message, "Service not found.");
  EXPECT_EQ(error.http_status, 400);
  EXPECT_EQ(error.request_id, "4b8f1e1c-7d5a-4f7e-9b5c-3c2d1e0f9a8b");
  EXPECT_EQ(StatusCodeForAwsError(error.code, error.http_status), StatusCode::kNotFound);
}

TEST(ParseJsonErrorTest, StripsNamespacePrefixFromType) {
  const AwsError error = ParseJsonError(Response(
      400,
      R"({"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"The security token included in the request is invalid."})"));
  EXPECT_EQ(error.code, "UnrecognizedClientException");
  EXPECT_EQ(StatusCodeForAwsError(error.code, 400), StatusCode::kUnauthenticated);
}

TEST(ParseJsonErrorTest, HeaderWinsAndLosesItsUrlSuffix) {
  const AwsError error = ParseJsonError(
      Response(400, R"({"__type":"SomethingElse","message":"Rate exceeded"})",
               {{"X-Amzn-ErrorType",
                 "ThrottlingException:http://internal.amazon.com/coral/com.amazonaws.ecs/"}}));
  EXPECT_EQ(error.code, "ThrottlingException");
  EXPECT_EQ(error.message, "Rate exceeded");
}

TEST(ParseJsonErrorTest, HeaderWithBothPrefixAndSuffix) {
  const AwsError error =
      ParseJsonError(Response(400, "",
                              {{"x-amzn-ErrorType",
                                "aws.protocoltests.restjson#FooError:http://internal.amazon.com/"
                                "coral/com.amazon.coral.validate/"}}));
  EXPECT_EQ(error.code, "FooError");
  EXPECT_EQ(error.message, "");
}

TEST(ParseJsonErrorTest, CloudMapUsesCapitalMessage) {
  const AwsError error = ParseJsonError(Response(
      400, R"({"__type":"ServiceNotFound","Message":"Service not found: srv-e4anhexample0004"})"));
  EXPECT_EQ(error.code, "ServiceNotFound");
  EXPECT_EQ(error.message, "Service not found: srv-e4anhexample0004");
}

TEST(ParseJsonErrorTest, CodeAndErrorMessageFieldsAreRead) {
  const AwsError error =
      ParseJsonError(Response(400, R"({"code":"ValidationException","errorMessage":"bad"})",
                              {{"x-amz-request-id", "r-2"}}));
  EXPECT_EQ(error.code, "ValidationException");
  EXPECT_EQ(error.message, "bad");
  EXPECT_EQ(error.request_id, "r-2");
}

TEST(ParseJsonErrorTest, QueryCompatibleCloudWatchUsesTheQueryCode) {
  // CloudWatch's JSON 1.0 form names the query-protocol code in x-amzn-query-error.
  const AwsError error = ParseJsonError(Response(
      400,
      R"({"__type":"com.amazonaws.cloudwatch#InvalidParameterValueException","message":"bad period"})",
      {{"x-amzn-query-error", "InvalidParameterValue;Sender"}}));
  EXPECT_EQ(error.code, "InvalidParameterValue");
  EXPECT_EQ(error.message, "bad period");
}

TEST(ParseJsonErrorTest, AccessDeniedFillsTheResource) {
  const AwsError error = ParseJsonError(Response(
      400,
      R"({"__type":"AccessDeniedException","message":"User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecs:UpdateServicePrimaryTaskSet on resource: arn:aws:ecs:us-east-1:123456789012:service/prod/web because no identity-based policy allows the ecs:UpdateServicePrimaryTaskSet action"})"));
  EXPECT_EQ(error.code, "AccessDeniedException");
  EXPECT_EQ(error.resource, "arn:aws:ecs:us-east-1:123456789012:service/prod/web");
}

TEST(ParseJsonErrorTest, NonStringMessageIsShownNotLost) {
  const AwsError error =
      ParseJsonError(Response(400, R"({"__type":"ClientException","message":{"why":[1,2]}})"));
  EXPECT_EQ(error.code, "ClientException");
  EXPECT_EQ(error.message, R"({"why":[1,2]})");
}

TEST(ParseJsonErrorTest, ProxyHtmlPageGivesReasonCodeAndQuotedBody) {
  const std::string html =
      "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad "
      "Gateway</h1></center>\r\n"
      "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n" +
      std::string(300, ' ');
  const AwsError error = ParseJsonError(Response(502, html, {{"Content-Type", "text/html"}}));
  EXPECT_EQ(error.code, "BadGateway");
  EXPECT_EQ(error.http_status, 502);
  EXPECT_NE(error.message.find("not a JSON protocol error document"), std::string::npos)
      << error.message;
  EXPECT_NE(error.message.find("<title>502 Bad Gateway</title>"), std::string::npos)
      << error.message;
  EXPECT_LT(error.message.size(), 400u);
  EXPECT_EQ(StatusCodeForAwsError(error.code, error.http_status), StatusCode::kUnavailable);
}

TEST(ParseJsonErrorTest, EveryMalformedClassStillGivesAnError) {
  const std::string deep = std::string(10000, '{');
  for (const std::string& body :
       {std::string(""), std::string("{\"__type\":"), std::string("{\"__type\": 42}"),
        std::string("null"), std::string("[]"), std::string("\"text\""),
        std::string("\x00\xff\xfe", 3), deep, std::string("{\"__type\":\"\xff\"}"),
        std::string("{\"__type\":\"<script>\"}")}) {
    const AwsError error = ParseJsonError(Response(400, body));
    EXPECT_EQ(error.http_status, 400) << body.substr(0, 40);
    EXPECT_EQ(error.code, "UnknownError") << body.substr(0, 40);
    EXPECT_FALSE(error.message.empty()) << body.substr(0, 40);
    // Whatever the server sent, the error can be put into JSON output without throwing.
    EXPECT_NO_THROW(((void)json{{"code", error.code}, {"message", error.message}}.dump()));
  }
}

TEST(ParseJsonErrorTest, TruncatedBodyWithHeaderKeepsTheHeaderCode) {
  const AwsError error = ParseJsonError(Response(400, R"({"__type":"ThrottlingException","mess)",
                                                 {{"x-amzn-ErrorType", "ThrottlingException"}}));
  EXPECT_EQ(error.code, "ThrottlingException");
  EXPECT_NE(error.message.find("unreadable"), std::string::npos) << error.message;
}

TEST(ParseJsonErrorTest, ObjectWithoutCodeKeepsItsMessage) {
  const AwsError error = ParseJsonError(Response(503, R"({"message":"Service Unavailable"})"));
  EXPECT_EQ(error.code, "ServiceUnavailable");
  EXPECT_EQ(error.message, "Service Unavailable");
}

TEST(ParseJsonErrorTest, JunkInHeadersIsIgnored) {
  const AwsError error = ParseJsonError(Response(
      400, R"({"__type":"ClientException","message":"m"})",
      {{"x-amzn-ErrorType", "\xff\xfe bad"}, {"x-amzn-RequestId", "id\nwith\x01control"}}));
  EXPECT_EQ(error.code, "ClientException");
  EXPECT_EQ(error.request_id, "");
}

}  // namespace
}  // namespace kanaria::aws
