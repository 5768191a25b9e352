#include "aws/aws_error.h"

#include <gtest/gtest.h>

#include <string>

#include "core/redact.h"

namespace kanaria::aws {
namespace {

struct CodeCase {
  const char* code;
  int http_status;
  StatusCode expected;
};

class StatusCodeForAwsErrorTest : public ::testing::TestWithParam<CodeCase> {};

TEST_P(StatusCodeForAwsErrorTest, MapsCodeAndStatus) {
  const CodeCase& c = GetParam();
  EXPECT_EQ(StatusCodeForAwsError(c.code, c.http_status), c.expected)
      << c.code << " / HTTP " << c.http_status << " gave "
      << StatusCodeName(StatusCodeForAwsError(c.code, c.http_status));
}

INSTANTIATE_TEST_SUITE_P(
    AllFamilies, StatusCodeForAwsErrorTest,
    ::testing::Values(
        // Throttling: every service's spelling, always HTTP 400 in practice.
        CodeCase{"ThrottlingException", 400, StatusCode::kThrottled},
        CodeCase{"Throttling", 400, StatusCode::kThrottled},
        CodeCase{"TooManyRequestsException", 400, StatusCode::kThrottled},
        CodeCase{"RequestLimitExceeded", 503, StatusCode::kThrottled},
        CodeCase{"", 429, StatusCode::kThrottled},
        // Not found.
        CodeCase{"ServiceNotFoundException", 400, StatusCode::kNotFound},
        CodeCase{"ClusterNotFoundException", 400, StatusCode::kNotFound},
        CodeCase{"TaskSetNotFoundException", 400, StatusCode::kNotFound},
        CodeCase{"RuleNotFound", 400, StatusCode::kNotFound},
        CodeCase{"ListenerNotFound", 400, StatusCode::kNotFound},
        CodeCase{"TargetGroupNotFound", 400, StatusCode::kNotFound},
        CodeCase{"LoadBalancerNotFound", 400, StatusCode::kNotFound},
        CodeCase{"NoSuchEntity", 404, StatusCode::kNotFound},
        CodeCase{"ServiceNotFound", 400, StatusCode::kNotFound},  // Cloud Map
        CodeCase{"ResourceNotFoundException", 400, StatusCode::kNotFound},
        // Permission.
        CodeCase{"AccessDenied", 403, StatusCode::kPermissionDenied},
        CodeCase{"AccessDeniedException", 400, StatusCode::kPermissionDenied},
        CodeCase{"UnauthorizedOperation", 403, StatusCode::kPermissionDenied},
        CodeCase{"UnknownError", 403, StatusCode::kPermissionDenied},
        // Authentication.
        CodeCase{"InvalidSignatureException", 400, StatusCode::kUnauthenticated},
        CodeCase{"SignatureDoesNotMatch", 403, StatusCode::kUnauthenticated},
        CodeCase{"UnrecognizedClientException", 400, StatusCode::kUnauthenticated},
        CodeCase{"InvalidClientTokenId", 403, StatusCode::kUnauthenticated},
        CodeCase{"ExpiredToken", 400, StatusCode::kUnauthenticated},
        CodeCase{"ExpiredTokenException", 400, StatusCode::kUnauthenticated},
        CodeCase{"UnknownError", 401, StatusCode::kUnauthenticated},
        // Invalid input.
        CodeCase{"ValidationError", 400, StatusCode::kInvalidInput},
        CodeCase{"InvalidParameterException", 400, StatusCode::kInvalidInput},
        CodeCase{"ClientException", 400, StatusCode::kInvalidInput},
        CodeCase{"InvalidParameterValue", 400, StatusCode::kInvalidInput},
        CodeCase{"InvalidInput", 400, StatusCode::kInvalidInput},
        CodeCase{"IncompatibleProtocols", 400, StatusCode::kInvalidInput},  // unknown 4xx code
        // Conflict: state or quota forbids the call.
        CodeCase{"ResourceInUse", 400, StatusCode::kConflict},
        CodeCase{"PriorityInUse", 400, StatusCode::kConflict},
        CodeCase{"TooManyRules", 400, StatusCode::kConflict},
        CodeCase{"ServiceNotActiveException", 400, StatusCode::kConflict},
        // Server side and transport.
        CodeCase{"ServerException", 500, StatusCode::kUnavailable},
        CodeCase{"InternalFailure", 500, StatusCode::kUnavailable},
        CodeCase{"BadGateway", 502, StatusCode::kUnavailable},
        CodeCase{"SomethingNew", 503, StatusCode::kUnavailable},
        CodeCase{"", 0, StatusCode::kUnavailable},
        CodeCase{"RequestTimeout", 400, StatusCode::kUnavailable},
        // Unreadable answers are kanaria's problem, not the caller's input.
        CodeCase{"UnknownError", 404, StatusCode::kInternal},
        CodeCase{"", 400, StatusCode::kInternal},
        CodeCase{"MalformedResponse", 200, StatusCode::kInternal}));

TEST(AwsErrorDescribeTest, NamesServiceOperationCodeMessageStatusAndRequestId) {
  AwsError error;
  error.service = "ecs";
  error.operation = "DescribeServices";
  error.code = "ServiceNotFoundException";
  error.message = "Service not found.";
  error.http_status = 400;
  error.request_id = "8f6b1c2e-0000-4000-8000-000000000000";
  EXPECT_EQ(error.Describe(),
            "ecs DescribeServices: ServiceNotFoundException: Service not found. "
            "(HTTP 400, request id 8f6b1c2e-0000-4000-8000-000000000000)");
}

TEST(AwsErrorDescribeTest, TransportFailureSaysNoResponse) {
  AwsError error;
  error.service = "elasticloadbalancing";
  error.operation = "DescribeRules";
  error.message = "connection refused";
  EXPECT_EQ(error.Describe(),
            "elasticloadbalancing DescribeRules: connection refused (no HTTP response)");
}

TEST(AwsErrorDescribeTest, WorksWithoutServiceOrMessage) {
  AwsError error;
  error.code = "Throttling";
  error.http_status = 400;
  EXPECT_EQ(error.Describe(), "Throttling (HTTP 400)");
}

TEST(AwsErrorDescribeTest, AccessDeniedNamesActionAndResourceFromMessage) {
  AwsError error;
  error.service = "ecs";
  error.operation = "CreateTaskSet";
  error.code = "AccessDeniedException";
  error.http_status = 400;
  error.message =
      "User: arn:aws:sts::123456789012:assumed-role/ci/run-42 is not authorized to perform: "
      "ecs:CreateTaskSet on resource: arn:aws:ecs:us-east-1:123456789012:service/prod/web because "
      "no "
      "identity-based policy allows the ecs:CreateTaskSet action";
  const std::string text = error.Describe();
  EXPECT_EQ(
      text.rfind(
          "ecs CreateTaskSet: access denied: not allowed to call ecs:CreateTaskSet on "
          "arn:aws:ecs:us-east-1:123456789012:service/prod/web (AccessDeniedException: User: ",
          0),
      0u)
      << text;
  EXPECT_NE(text.find("because no identity-based policy allows"), std::string::npos) << text;
  EXPECT_NE(text.find("; HTTP 400)"), std::string::npos) << text;
}

TEST(AwsErrorDescribeTest, AccessDeniedWithoutResourceUsesOperationTableForAction) {
  // CloudWatch signs as "monitoring" but its IAM actions are "cloudwatch:*".
  AwsError error;
  error.service = "monitoring";
  error.operation = "GetMetricData";
  error.code = "AccessDenied";
  error.http_status = 403;
  error.message = "Access denied";
  EXPECT_EQ(error.Describe(),
            "monitoring GetMetricData: access denied: not allowed to call cloudwatch:GetMetricData "
            "(AccessDenied: Access denied; HTTP 403)");
}

TEST(AwsErrorDescribeTest, AccessDeniedPrefersTheParsedResourceField) {
  AwsError error;
  error.service = "sts";
  error.operation = "AssumeRole";
  error.code = "AccessDenied";
  error.resource = "arn:aws:iam::123456789012:role/deploy";
  EXPECT_NE(error.Describe().find("sts:AssumeRole on arn:aws:iam::123456789012:role/deploy"),
            std::string::npos)
      << error.Describe();
}

TEST(AwsErrorDescribeTest, UnknownOperationDerivesTheAction) {
  AwsError error;
  error.service = "ecs";
  error.operation = "DeleteCluster";  // not in the operations table
  error.code = "AccessDeniedException";
  EXPECT_NE(error.Describe().find("not allowed to call ecs:DeleteCluster"), std::string::npos)
      << error.Describe();
}

TEST(AwsErrorDescribeTest, ScrubsSecretsEchoedByTheServer) {
  RegisterSecret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  AwsError error;
  error.code = "ValidationException";
  error.message =
      "bad header: Authorization: AWS4-HMAC-SHA256 Credential=AKID/x, Signature=0123456789abcdef "
      "key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  const std::string text = error.Describe();
  EXPECT_EQ(text.find("0123456789abcdef"), std::string::npos) << text;
  EXPECT_EQ(text.find("wJalrXUtnFEMI"), std::string::npos) << text;
  EXPECT_NE(text.find(kRedacted), std::string::npos) << text;
}

TEST(AwsErrorDescribeTest, LongMessagesAreCutAtWhitespace) {
  AwsError error;
  error.code = "ValidationException";
  std::string words;
  while (words.size() < 10000) words += "word ";
  error.message = words;
  const std::string text = error.Describe();
  EXPECT_LT(text.size(), 2200u);
  EXPECT_NE(text.find("word ...["), std::string::npos) << text.substr(text.size() - 60);
  EXPECT_NE(text.find(" more bytes]"), std::string::npos);
}

TEST(AwsErrorDescribeTest, HugeSecretShapedTokenNeitherCrashesNorLeaks) {
  // A hostile server echoing a 100 KB "Signature=..." token: the token is dropped whole.
  AwsError error;
  error.code = "ValidationException";
  error.message = "header was Signature=" + std::string(100000, 'A') + " end";
  const std::string text = error.Describe();
  EXPECT_LT(text.size(), 300u) << text;
  EXPECT_EQ(text.find("AAAA"), std::string::npos) << text;
}

TEST(AwsErrorDescribeTest, SecretStraddlingTheCutIsNotPartlyShown) {
  const std::string secret = "ZmFrZVNlc3Npb25Ub2tlbkZvclRlc3RzT25seQ==";
  RegisterSecret(secret);
  AwsError error;
  error.code = "ValidationException";
  // The secret starts 10 bytes before the display limit.
  error.message = std::string(2038, 'x') + " " + secret + " tail";
  const std::string text = error.Describe();
  EXPECT_EQ(text.find(secret.substr(0, 8)), std::string::npos) << text.substr(text.size() - 80);
}

TEST(ResourceFromAccessDeniedMessageTest, ReadsTheResourceOrNothing) {
  EXPECT_EQ(
      ResourceFromAccessDeniedMessage(
          "User: arn:aws:iam::1:user/a is not authorized to perform: sts:AssumeRole on resource: "
          "arn:aws:iam::1:role/deploy"),
      "arn:aws:iam::1:role/deploy");
  EXPECT_EQ(ResourceFromAccessDeniedMessage("... on resource: arn:aws:ecs:r:1:service/c/s."),
            "arn:aws:ecs:r:1:service/c/s");
  EXPECT_EQ(ResourceFromAccessDeniedMessage(
                "User: x is not authorized to perform: cloudwatch:GetMetricData"),
            "");
  EXPECT_EQ(ResourceFromAccessDeniedMessage(""), "");
  EXPECT_EQ(ResourceFromAccessDeniedMessage("on resource:"), "");
}

TEST(MakeAwsStatusTest, CarriesCodeMessageAndDetail) {
  AwsError error;
  error.service = "elasticloadbalancing";
  error.operation = "ModifyRule";
  error.code = "RuleNotFound";
  error.message = "One or more rules not found";
  error.http_status = 400;
  const Status status = MakeAwsStatus(error);
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(status.message(), error.Describe());
  const AwsError* detail = AsAwsError(status);
  ASSERT_NE(detail, nullptr);
  EXPECT_EQ(detail->code, "RuleNotFound");
  EXPECT_EQ(detail->http_status, 400);
  // The detail survives added context.
  EXPECT_NE(AsAwsError(status.WithContext("prepare")), nullptr);
}

TEST(QuoteBodyTest, KeepsPrintableAsciiEscapesTheRestAndCuts) {
  EXPECT_EQ(QuoteBody("<html>502</html>"), "\"<html>502</html>\"");
  EXPECT_EQ(QuoteBody(std::string("a\r\n\tb\x01\xff\"\\", 9)), "\"a b\\x01\\xff\\\"\\\\\"");
  const std::string long_body(1000, 'x');
  const std::string quoted = QuoteBody(long_body);
  EXPECT_EQ(quoted, "\"" + std::string(kMaxQuotedBodyBytes, 'x') + "\"...");
  EXPECT_EQ(QuoteBody(""), "\"\"");
}

TEST(UnrecognizedErrorResponseTest, UsesReasonForServerErrorsAndUnknownErrorOtherwise) {
  const AwsError bad_gateway = UnrecognizedErrorResponse(
      502, "an XML error document", "<html><body>502 Bad Gateway</body></html>");
  EXPECT_EQ(bad_gateway.code, "BadGateway");
  EXPECT_EQ(bad_gateway.http_status, 502);
  EXPECT_NE(bad_gateway.message.find("is not an XML error document"), std::string::npos)
      << bad_gateway.message;
  EXPECT_NE(bad_gateway.message.find("502 Bad Gateway"), std::string::npos) << bad_gateway.message;
  EXPECT_EQ(StatusCodeForAwsError(bad_gateway.code, 502), StatusCode::kUnavailable);

  // A proxy's 404 page must not read as an AWS *NotFound* verdict.
  const AwsError not_found =
      UnrecognizedErrorResponse(404, "a JSON protocol error document", "<h1>Not Found</h1>");
  EXPECT_EQ(not_found.code, "UnknownError");
  EXPECT_EQ(StatusCodeForAwsError(not_found.code, 404), StatusCode::kInternal);

  const AwsError empty = UnrecognizedErrorResponse(503, "a JSON protocol error document", "");
  EXPECT_EQ(empty.code, "ServiceUnavailable");
  EXPECT_NE(empty.message.find("empty body"), std::string::npos) << empty.message;

  EXPECT_EQ(UnrecognizedErrorResponse(429, "x", "slow down").code, "TooManyRequests");
}

TEST(UnrecognizedErrorResponseTest, QuotesAtMostTwoHundredBytes) {
  const std::string body = std::string(150, 'a') + std::string(500, 'b');
  const AwsError error = UnrecognizedErrorResponse(500, "a JSON protocol error document", body);
  EXPECT_NE(error.message.find(std::string(150, 'a') + std::string(50, 'b') + "\"..."),
            std::string::npos);
  EXPECT_EQ(error.message.find(std::string(51, 'b')), std::string::npos);
  EXPECT_NE(error.message.find("650 bytes"), std::string::npos) << error.message;
}

}  // namespace
}  // namespace kanaria::aws
