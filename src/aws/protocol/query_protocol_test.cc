#include "aws/protocol/query_protocol.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace kanaria::aws {
namespace {

using nlohmann::json;

constexpr std::string_view kElbNamespace =
    "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

HttpResponse QueryResponse(int status, std::string body, HttpHeaders headers = {}) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

// A ModifyRule input as the ELB router sends it: an authenticate-oidc action (with a map of
// extra parameters) followed by a weighted forward.
json ModifyRuleInput() {
  return json::parse(R"({
    "RuleArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/my-alb/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee",
    "Actions": [
      {"Type": "authenticate-oidc", "Order": 1,
       "AuthenticateOidcConfig": {
         "Issuer": "https://idp.example.com", "AuthorizationEndpoint": "https://idp.example.com/auth",
         "TokenEndpoint": "https://idp.example.com/token", "UserInfoEndpoint": "https://idp.example.com/userinfo",
         "ClientId": "kanaria", "UseExistingClientSecret": true,
         "AuthenticationRequestExtraParams": {"entry": [{"key": "display", "value": "page"}, {"key": "prompt", "value": "login"}]},
         "Scope": "openid email"}},
      {"Type": "forward", "Order": 2,
       "ForwardConfig": {
         "TargetGroups": [{"TargetGroupArn": "arn:tg/primary", "Weight": 90}, {"TargetGroupArn": "arn:tg/canary", "Weight": 10}],
         "TargetGroupStickinessConfig": {"Enabled": false}}}
    ]})");
}

// --- flattening and percent-encoding (expectations generated once with botocore 1.43) ----------

TEST(FlattenQueryParamsTest, ProducesBotocoresParameterNamesAndValues) {
  QueryParams params;
  FlattenQueryParams(ModifyRuleInput(), "", params);
  // botocore's QuerySerializer for the same input, as a set (botocore keeps input order;
  // nlohmann's objects sort members, which AWS does not care about).
  const QueryParams expected = {
      {"RuleArn",
       "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/my-alb/"
       "50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee"},
      {"Actions.member.1.Type", "authenticate-oidc"},
      {"Actions.member.1.Order", "1"},
      {"Actions.member.1.AuthenticateOidcConfig.Issuer", "https://idp.example.com"},
      {"Actions.member.1.AuthenticateOidcConfig.AuthorizationEndpoint",
       "https://idp.example.com/auth"},
      {"Actions.member.1.AuthenticateOidcConfig.TokenEndpoint", "https://idp.example.com/token"},
      {"Actions.member.1.AuthenticateOidcConfig.UserInfoEndpoint",
       "https://idp.example.com/userinfo"},
      {"Actions.member.1.AuthenticateOidcConfig.ClientId", "kanaria"},
      {"Actions.member.1.AuthenticateOidcConfig.UseExistingClientSecret", "true"},
      {"Actions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.1.key",
       "display"},
      {"Actions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.1.value",
       "page"},
      {"Actions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.2.key",
       "prompt"},
      {"Actions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.2.value",
       "login"},
      {"Actions.member.1.AuthenticateOidcConfig.Scope", "openid email"},
      {"Actions.member.2.Type", "forward"},
      {"Actions.member.2.Order", "2"},
      {"Actions.member.2.ForwardConfig.TargetGroups.member.1.TargetGroupArn", "arn:tg/primary"},
      {"Actions.member.2.ForwardConfig.TargetGroups.member.1.Weight", "90"},
      {"Actions.member.2.ForwardConfig.TargetGroups.member.2.TargetGroupArn", "arn:tg/canary"},
      {"Actions.member.2.ForwardConfig.TargetGroups.member.2.Weight", "10"},
      {"Actions.member.2.ForwardConfig.TargetGroupStickinessConfig.Enabled", "false"},
  };
  EXPECT_EQ(std::multiset(params.begin(), params.end()),
            std::multiset(expected.begin(), expected.end()));
}

TEST(FlattenQueryParamsTest, GetMetricDataNestedListsAndPrefix) {
  const json queries = json::parse(R"([{"Id": "errors", "ReturnData": true,
    "MetricStat": {"Period": 60, "Stat": "Sum", "Metric": {"Namespace": "AWS/ApplicationELB",
      "MetricName": "HTTPCode_Target_5XX_Count",
      "Dimensions": [{"Name": "TargetGroup", "Value": "targetgroup/canary/abc"}, {"Name": "LoadBalancer", "Value": "app/my-alb/50dc"}]}}}])");
  QueryParams params;
  FlattenQueryParams(queries, "MetricDataQueries", params);
  const QueryParams expected = {
      {"MetricDataQueries.member.1.Id", "errors"},
      {"MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name", "TargetGroup"},
      {"MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value",
       "targetgroup/canary/abc"},
      {"MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.2.Name", "LoadBalancer"},
      {"MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.2.Value", "app/my-alb/50dc"},
      {"MetricDataQueries.member.1.MetricStat.Metric.MetricName", "HTTPCode_Target_5XX_Count"},
      {"MetricDataQueries.member.1.MetricStat.Metric.Namespace", "AWS/ApplicationELB"},
      {"MetricDataQueries.member.1.MetricStat.Period", "60"},
      {"MetricDataQueries.member.1.MetricStat.Stat", "Sum"},
      {"MetricDataQueries.member.1.ReturnData", "true"},
  };
  EXPECT_EQ(params, expected);
}

TEST(FlattenQueryParamsTest, EmptyListIsSentAndNullIsNot) {
  QueryParams params;
  FlattenQueryParams(json{{"ResourceArns", json::array()}, {"Marker", nullptr}}, "", params);
  EXPECT_EQ(params, (QueryParams{{"ResourceArns", ""}}));  // botocore: ResourceArns=
}

TEST(FlattenQueryParamsTest, NumbersAsPythonWritesThem) {
  QueryParams params;
  FlattenQueryParams(json{{"a", 0.5},
                          {"b", 100.0},
                          {"c", 1e-05},
                          {"d", -3},
                          {"e", std::nan("")},
                          {"f", INFINITY},
                          {"g", -INFINITY}},
                     "", params);
  EXPECT_EQ(params, (QueryParams{{"a", "0.5"},
                                 {"b", "100.0"},
                                 {"c", "1e-05"},
                                 {"d", "-3"},
                                 {"e", "NaN"},
                                 {"f", "Infinity"},
                                 {"g", "-Infinity"}}));
}

struct EncodingCase {
  const char* raw;
  const char* encoded;  // botocore.utils.percent_encode(raw)
};

TEST(EncodeQueryBodyTest, PercentEncodesExactlyAsBotocore) {
  const EncodingCase cases[] = {
      {"plain", "plain"},
      {"a b", "a%20b"},
      {"a+b", "a%2Bb"},
      {"arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/my-alb/"
       "50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee",
       "arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%3A123456789012%3Alistener-rule%2Fapp%2Fmy-alb%"
       "2F50dc6c495c0c9188%2Ff2f7dc8efc522ab2%2F9683b2d02a6cabee"},
      {"/path?x=1&y=2", "%2Fpath%3Fx%3D1%26y%3D2"},
      {"-_.~", "-_.~"},
      {"!*'();:@&=+$,/?#[]", "%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D"},
      {"\xc3\xa9", "%C3%A9"},
      {"\xe6\x97\xa5\xe6\x9c\xac", "%E6%97%A5%E6%9C%AC"},
      {"\xf0\x9f\x98\x80", "%F0%9F%98%80"},
      {"%", "%25"},
      {"\t\n", "%09%0A"},
      {"a=b&c", "a%3Db%26c"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(EncodeQueryBody("A", "V", {{"k", c.raw}}),
              std::string("Action=A&Version=V&k=") + c.encoded)
        << c.raw;
    EXPECT_EQ(EncodeQueryBody("A", "V", {{c.raw, ""}}),
              std::string("Action=A&Version=V&") + c.encoded + "=")
        << c.raw;
  }
}

TEST(EncodeQueryBodyTest, WholeBodyMatchesBotocoresPercentEncodeSequence) {
  const QueryParams params = {
      {"RuleArn",
       "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/my-alb/"
       "50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee"},
      {"Actions.member.1.Type", "authenticate-oidc"},
      {"Actions.member.1.AuthenticateOidcConfig.Scope", "openid email"},
      {"Actions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.1.key",
       "display"},
      {"Actions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.1.value",
       "page"},
      {"Tags.member.1.Value", "a+b \xc3\xa9/~*"},
  };
  EXPECT_EQ(
      EncodeQueryBody("ModifyRule", "2015-12-01", params),
      "Action=ModifyRule&Version=2015-12-01&RuleArn=arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%"
      "3A123456789012"
      "%3Alistener-rule%2Fapp%2Fmy-alb%2F50dc6c495c0c9188%2Ff2f7dc8efc522ab2%2F9683b2d02a6cabee"
      "&Actions.member.1.Type=authenticate-oidc&Actions.member.1.AuthenticateOidcConfig.Scope="
      "openid%20email"
      "&Actions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.1.key="
      "display"
      "&Actions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.1.value=page"
      "&Tags.member.1.Value=a%2Bb%20%C3%A9%2F~%2A");
}

// --- the emulator side: form parsing and unflattening ----------------------------------------

TEST(ParseFormBodyTest, DecodesWhatBotocoreActuallySends) {
  // botocore builds the wire body with urllib's urlencode: spaces become '+'.
  const std::string body =
      "Action=ModifyRule&Version=2015-12-01&RuleArn=arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%"
      "3A123456789012"
      "%3Alistener-rule%2Fapp%2Fmy-alb%2F50dc6c495c0c9188%2Ff2f7dc8efc522ab2%2F9683b2d02a6cabee"
      "&Actions.member.1.AuthenticateOidcConfig.Scope=openid+email&Tags.member.1.Value=a%2Bb+%C3%"
      "A9%2F~%2A";
  StatusOr<QueryParams> params = ParseFormBody(body);
  ASSERT_TRUE(params.ok()) << params.status().ToString();
  const QueryParams expected = {
      {"Action", "ModifyRule"},
      {"Version", "2015-12-01"},
      {"RuleArn",
       "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/my-alb/"
       "50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee"},
      {"Actions.member.1.AuthenticateOidcConfig.Scope", "openid email"},
      {"Tags.member.1.Value", "a+b \xc3\xa9/~*"},
  };
  EXPECT_EQ(*params, expected);
}

TEST(ParseFormBodyTest, ToleratesEmptySegmentsAndBareNames) {
  StatusOr<QueryParams> params = ParseFormBody("a=1&&b&c=&");
  ASSERT_TRUE(params.ok()) << params.status().ToString();
  EXPECT_EQ(*params, (QueryParams{{"a", "1"}, {"b", ""}, {"c", ""}}));
  StatusOr<QueryParams> empty = ParseFormBody("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(ParseFormBodyTest, RefusesBadEscapesAndInvalidUtf8) {
  for (const std::string body :
       {"a=%", "a=%4", "a=%zz", "%g1=b", "a=1&b=%C3", "a=%FF%FE", "a=%ED%A0%80"}) {
    StatusOr<QueryParams> params = ParseFormBody(body);
    ASSERT_FALSE(params.ok()) << body;
    EXPECT_EQ(params.status().code(), StatusCode::kInvalidInput) << body;
  }
  EXPECT_NE(ParseFormBody("abc=%zz").status().message().find("byte 4"), std::string::npos)
      << ParseFormBody("abc=%zz").status().message();
}

TEST(UnflattenQueryParamsTest, OrdersListItemsByIndexNotByArrival) {
  const QueryParams params = {
      {"TargetGroups.member.10.Weight", "10"},
      {"TargetGroups.member.2.Weight", "2"},
      {"TargetGroups.member.9.Weight", "9"},
      {"TargetGroups.member.1.Weight", "1"},
  };
  EXPECT_EQ(
      UnflattenQueryParams(params),
      json::parse(
          R"({"TargetGroups":[{"Weight":"1"},{"Weight":"2"},{"Weight":"9"},{"Weight":"10"}]})"));
}

TEST(UnflattenQueryParamsTest, MapsEmptyListsAndConflicts) {
  const QueryParams params = {
      {"Attributes.entry.2.key", "b"},
      {"Attributes.entry.2.value", "2"},
      {"Attributes.entry.1.key", "a"},
      {"Attributes.entry.1.value", "1"},
      {"ResourceArns", ""},
      {"Names.member.1", "x"},
      {"Conflict", "scalar"},
      {"Conflict.Field", "structured"},
      {"Repeated", "first"},
      {"Repeated", "second"},
      {"member.1", "top-level member is a plain field"},
  };
  EXPECT_EQ(UnflattenQueryParams(params), json::parse(R"({
    "Attributes": {"entry": [{"key": "a", "value": "1"}, {"key": "b", "value": "2"}]},
    "ResourceArns": "",
    "Names": ["x"],
    "Conflict": {"Field": "structured"},
    "Repeated": "second",
    "member": {"1": "top-level member is a plain field"}})"));
}

TEST(UnflattenQueryParamsTest, MapEntriesSitBesideFields) {
  // Found by form_body_fuzzer: a field named "entry" holding a list flattens to entry.N, which
  // must read back beside the node's other fields rather than be dropped.
  const json tree = UnflattenQueryParams({{"A.b", "1"}, {"A.entry.member.1.key", "k"}});
  EXPECT_EQ(tree, json::parse(R"({"A":{"b":"1","entry":[{"key":"k"}]}})"));
  QueryParams flat;
  FlattenQueryParams(tree, "", flat);
  EXPECT_EQ(flat, (QueryParams{{"A.b", "1"}, {"A.entry.1.key", "k"}}));
  EXPECT_EQ(UnflattenQueryParams(flat), tree);
}

TEST(UnflattenQueryParamsTest, DropsNamesDeeperThanAnyShape) {
  std::string deep = "A";
  for (int i = 0; i < 100; ++i) deep += ".B";
  EXPECT_EQ(UnflattenQueryParams({{deep, "x"}, {"Ok", "y"}}), json({{"Ok", "y"}}));
}

TEST(QueryRoundTripTest, FlattenEncodeParseUnflattenGivesTheStringTreeBack) {
  const json input = ModifyRuleInput();
  QueryParams flat;
  FlattenQueryParams(input, "", flat);
  const std::string body = EncodeQueryBody("ModifyRule", "2015-12-01", flat);
  StatusOr<QueryParams> parsed = ParseFormBody(body);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  json tree = UnflattenQueryParams(*parsed);
  EXPECT_EQ(tree["Action"], "ModifyRule");
  EXPECT_EQ(tree["Version"], "2015-12-01");
  tree.erase("Action");
  tree.erase("Version");
  // Every scalar comes back as the string the wire carried.
  json expected = input;
  expected["Actions"][0]["Order"] = "1";
  expected["Actions"][0]["AuthenticateOidcConfig"]["UseExistingClientSecret"] = "true";
  expected["Actions"][1]["Order"] = "2";
  expected["Actions"][1]["ForwardConfig"]["TargetGroups"][0]["Weight"] = "90";
  expected["Actions"][1]["ForwardConfig"]["TargetGroups"][1]["Weight"] = "10";
  expected["Actions"][1]["ForwardConfig"]["TargetGroupStickinessConfig"]["Enabled"] = "false";
  EXPECT_EQ(tree, expected);
}

TEST(QueryRoundTripTest, OddCharactersSurvive) {
  json input = json::object();
  input["Tags"] = json::array(
      {json{{"Key", "a b+c&d=e%f"}, {"Value", "\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 ~*'"}}});
  input["Empty"] = "";
  QueryParams flat;
  FlattenQueryParams(input, "", flat);
  StatusOr<QueryParams> parsed = ParseFormBody(EncodeQueryBody("TagResource", "1", flat));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  json tree = UnflattenQueryParams(*parsed);
  tree.erase("Action");
  tree.erase("Version");
  EXPECT_EQ(tree, input);
}

// --- the client side: XML results -------------------------------------------------------------

// DescribeRules as ELBv2 answers it (AWS API reference example, extended with a weighted forward,
// an authenticate-oidc action and several condition kinds).
constexpr std::string_view kDescribeRulesResponse =
    R"(<DescribeRulesResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
  <DescribeRulesResult>
    <Rules>
      <member>
        <IsDefault>false</IsDefault>
        <Conditions>
          <member>
            <Field>path-pattern</Field>
            <Values>
              <member>/api/*</member>
            </Values>
            <PathPatternConfig>
              <Values>
                <member>/api/*</member>
              </Values>
            </PathPatternConfig>
          </member>
          <member>
            <Field>http-header</Field>
            <HttpHeaderConfig>
              <HttpHeaderName>X-Canary</HttpHeaderName>
              <Values>
                <member>always</member>
                <member>sometimes &amp; maybe</member>
              </Values>
            </HttpHeaderConfig>
          </member>
        </Conditions>
        <Priority>10</Priority>
        <Actions>
          <member>
            <Type>authenticate-oidc</Type>
            <Order>1</Order>
            <AuthenticateOidcConfig>
              <Issuer>https://idp.example.com</Issuer>
              <AuthorizationEndpoint>https://idp.example.com/auth</AuthorizationEndpoint>
              <TokenEndpoint>https://idp.example.com/token</TokenEndpoint>
              <UserInfoEndpoint>https://idp.example.com/userinfo</UserInfoEndpoint>
              <ClientId>kanaria</ClientId>
              <AuthenticationRequestExtraParams>
                <entry>
                  <key>display</key>
                  <value>page</value>
                </entry>
              </AuthenticationRequestExtraParams>
              <OnUnauthenticatedRequest>authenticate</OnUnauthenticatedRequest>
              <Scope>openid email</Scope>
              <SessionCookieName>AWSELBAuthSessionCookie</SessionCookieName>
              <SessionTimeout>604800</SessionTimeout>
            </AuthenticateOidcConfig>
          </member>
          <member>
            <Type>forward</Type>
            <Order>2</Order>
            <ForwardConfig>
              <TargetGroups>
                <member>
                  <TargetGroupArn>arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/primary/73e2d6bc24d8a067</TargetGroupArn>
                  <Weight>90</Weight>
                </member>
                <member>
                  <TargetGroupArn>arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/canary/2453ed029918f21f</TargetGroupArn>
                  <Weight>10</Weight>
                </member>
              </TargetGroups>
              <TargetGroupStickinessConfig>
                <Enabled>false</Enabled>
              </TargetGroupStickinessConfig>
            </ForwardConfig>
          </member>
        </Actions>
        <RuleArn>arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/my-alb/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee</RuleArn>
      </member>
    </Rules>
  </DescribeRulesResult>
  <ResponseMetadata>
    <RequestId>74926cf3-f3a3-11e5-b543-9f2680eb0b4c</RequestId>
  </ResponseMetadata>
</DescribeRulesResponse>
)";

TEST(DecodeXmlResultTest, DescribeRulesWithWeightedForwardConditionsAndOidc) {
  StatusOr<json> decoded = DecodeXmlResult(kDescribeRulesResponse, "DescribeRules");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  const json& rule = (*decoded)["Rules"][0];
  EXPECT_EQ(rule["Priority"], "10");
  EXPECT_EQ(rule["IsDefault"], "false");
  EXPECT_EQ(rule["Conditions"][0]["PathPatternConfig"]["Values"], json({"/api/*"}));
  EXPECT_EQ(rule["Conditions"][1]["HttpHeaderConfig"]["Values"],
            json({"always", "sometimes & maybe"}));
  const json& oidc = rule["Actions"][0]["AuthenticateOidcConfig"];
  EXPECT_EQ(oidc["AuthenticationRequestExtraParams"],
            json::parse(R"({"entry":[{"key":"display","value":"page"}]})"));
  EXPECT_EQ(oidc["SessionTimeout"], "604800");
  const json& groups = rule["Actions"][1]["ForwardConfig"]["TargetGroups"];
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0]["Weight"], "90");
  EXPECT_EQ(groups[1]["Weight"], "10");
  EXPECT_EQ(rule["Actions"][1]["ForwardConfig"]["TargetGroupStickinessConfig"]["Enabled"], "false");
}

TEST(DecodeXmlResultTest, DecodedRuleFlattensBackToWhatBotocoreWouldSend) {
  // Invariant I2 rests on this: a rule read with DescribeRules and sent back with ModifyRule
  // keeps every field, maps included.
  StatusOr<json> decoded = DecodeXmlResult(kDescribeRulesResponse, "DescribeRules");
  ASSERT_TRUE(decoded.ok());
  QueryParams params;
  FlattenQueryParams((*decoded)["Rules"][0]["Actions"], "Actions", params);
  const std::multiset<std::pair<std::string, std::string>> got(params.begin(), params.end());
  EXPECT_TRUE(got.count(
      {"Actions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.1.key",
       "display"}));
  EXPECT_TRUE(got.count(
      {"Actions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.1.value",
       "page"}));
  EXPECT_TRUE(got.count({"Actions.member.2.ForwardConfig.TargetGroups.member.2.Weight", "10"}));
  EXPECT_TRUE(
      got.count({"Actions.member.2.ForwardConfig.TargetGroupStickinessConfig.Enabled", "false"}));
  EXPECT_EQ(params.size(), 20u);
}

TEST(DecodeXmlResultTest, StsGetCallerIdentity) {
  constexpr std::string_view body =
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
  StatusOr<json> decoded = DecodeXmlResult(body, "GetCallerIdentity");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, json({{"Arn", "arn:aws:iam::123456789012:user/Alice"},
                            {"UserId", "AKIAI44QH8DHBEXAMPLE"},
                            {"Account", "123456789012"}}));
}

TEST(DecodeXmlResultTest, CloudWatchGetMetricDataValuesAndTimestamps) {
  constexpr std::string_view body = R"(<?xml version="1.0" encoding="UTF-8"?>
<GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
  <GetMetricDataResult>
    <MetricDataResults>
      <member>
        <Timestamps>
          <member>2024-05-01T10:04:00Z</member>
          <member>2024-05-01T10:03:00Z</member>
        </Timestamps>
        <Label>HTTPCode_Target_5XX_Count</Label>
        <Id>errors</Id>
        <StatusCode>Complete</StatusCode>
        <Values>
          <member>3.0</member>
          <member>1.0</member>
        </Values>
      </member>
      <member>
        <Timestamps/>
        <Label>RequestCount</Label>
        <Id>requests</Id>
        <StatusCode>PartialData</StatusCode>
        <Values/>
      </member>
    </MetricDataResults>
    <NextToken>eyJwYWdlIjoyfQ==</NextToken>
    <Messages/>
  </GetMetricDataResult>
  <ResponseMetadata>
    <RequestId>d6a7c3f5-2b1e-4c4d-9a8b-7f6e5d4c3b2a</RequestId>
  </ResponseMetadata>
</GetMetricDataResponse>)";
  StatusOr<json> decoded = DecodeXmlResult(body, "GetMetricData");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  const json& results = (*decoded)["MetricDataResults"];
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0]["Values"], json({"3.0", "1.0"}));
  EXPECT_EQ(results[0]["Timestamps"], json({"2024-05-01T10:04:00Z", "2024-05-01T10:03:00Z"}));
  // Empty lists arrive as empty elements: "" by the tree's convention.
  EXPECT_EQ(results[1]["Values"], "");
  EXPECT_EQ(results[1]["Timestamps"], "");
  EXPECT_EQ((*decoded)["NextToken"], "eyJwYWdlIjoyfQ==");
  EXPECT_EQ((*decoded)["Messages"], "");
}

TEST(DecodeXmlResultTest, NamespacePrefixesAreIgnored) {
  constexpr std::string_view body =
      R"(<e:DescribeTagsResponse xmlns:e="urn:x"><e:DescribeTagsResult><e:TagDescriptions><e:member><e:ResourceArn>r</e:ResourceArn></e:member></e:TagDescriptions></e:DescribeTagsResult></e:DescribeTagsResponse>)";
  StatusOr<json> decoded = DecodeXmlResult(body, "DescribeTags");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, json::parse(R"({"TagDescriptions":[{"ResourceArn":"r"}]})"));
}

TEST(DecodeXmlResultTest, AbsentOrEmptyResultIsAnEmptyObject) {
  for (
      const std::string_view body :
      {R"(<DeleteRuleResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><DeleteRuleResult/><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DeleteRuleResponse>)",
       R"(<DeleteRuleResponse><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DeleteRuleResponse>)",
       R"(<DeleteRuleResponse><DeleteRuleResult>
           </DeleteRuleResult></DeleteRuleResponse>)"}) {
    StatusOr<json> decoded = DecodeXmlResult(body, "DeleteRule");
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_EQ(*decoded, json::object());
  }
}

TEST(DecodeXmlResultTest, TextIsKeptVerbatimIncludingCdataAndWhitespace) {
  constexpr std::string_view body =
      "<XResponse><XResult><A>  padded  </A><B><![CDATA[<raw> & ]]>tail</B><C> "
      "</C><D>line1\r\nline2</D></XResult></XResponse>";
  StatusOr<json> decoded = DecodeXmlResult(body, "X");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ((*decoded)["A"], "  padded  ");
  EXPECT_EQ((*decoded)["B"], "<raw> & tail");
  EXPECT_EQ((*decoded)["C"], " ");
  EXPECT_EQ((*decoded)["D"], "line1\nline2");
}

void ExpectMalformedXml(std::string_view body, std::string_view operation,
                        std::string_view expected_in_message) {
  StatusOr<json> decoded = DecodeXmlResult(body, operation);
  ASSERT_FALSE(decoded.ok()) << body.substr(0, 80);
  EXPECT_EQ(decoded.status().code(), StatusCode::kInternal);
  const AwsError* error = AsAwsError(decoded.status());
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->code, "MalformedResponse");
  EXPECT_NE(decoded.status().message().find(expected_in_message), std::string::npos)
      << decoded.status().message();
  EXPECT_LT(decoded.status().message().size(), 500u);
}

TEST(DecodeXmlResultTest, EveryMalformedClassIsAnError) {
  ExpectMalformedXml("", "DescribeRules", "empty");
  ExpectMalformedXml(kDescribeRulesResponse.substr(0, 300), "DescribeRules", "not well-formed XML");
  ExpectMalformedXml("<html><body><h1>502 Bad Gateway</h1></body></html>", "DescribeRules",
                     "not a <DescribeRulesResponse> document (found <html>)");
  ExpectMalformedXml("<!DOCTYPE html><html><body>oops", "DescribeRules", "not well-formed");
  ExpectMalformedXml(kDescribeRulesResponse, "DescribeListeners",
                     "not a <DescribeListenersResponse>");
  ExpectMalformedXml(std::string("\x00\x01\xff\xfe", 4), "DescribeRules", "\\x00\\x01\\xff\\xfe");
  ExpectMalformedXml("{\"Rules\": []}", "DescribeRules", "not well-formed XML");
  ExpectMalformedXml(
      "<DescribeRulesResponse><DescribeRulesResult><Rules><member><RuleArn>\xff</RuleArn></"
      "member></Rules>"
      "</DescribeRulesResult></DescribeRulesResponse>",
      "DescribeRules", "not valid UTF-8");
  ExpectMalformedXml("<ErrorResponse><Error><Code>Throttling</Code></Error></ErrorResponse>",
                     "DescribeRules", "found <ErrorResponse>");
}

TEST(DecodeXmlResultTest, DeepNestingIsRefused) {
  std::string body = "<XResponse><XResult>";
  for (int i = 0; i < 10000; ++i) body += "<a>";
  for (int i = 0; i < 10000; ++i) body += "</a>";
  body += "</XResult></XResponse>";
  ExpectMalformedXml(body, "X", "nested more than 64");

  // 63 levels below the result object are fine.
  std::string ok = "<XResponse><XResult>";
  for (int i = 0; i < 63; ++i) ok += "<a>";
  for (int i = 0; i < 63; ++i) ok += "</a>";
  ok += "</XResult></XResponse>";
  EXPECT_TRUE(DecodeXmlResult(ok, "X").ok()) << DecodeXmlResult(ok, "X").status().ToString();
}

TEST(DecodeXmlResultTest, EntitiesAreNotExpanded) {
  // No DTD processing: an entity bomb neither explodes nor decodes.
  const std::string bomb =
      R"(<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<XResponse><XResult><V>&b;</V></XResult></XResponse>)";
  StatusOr<json> decoded = DecodeXmlResult(bomb, "X");
  if (decoded.ok()) {
    EXPECT_LT((*decoded)["V"].get<std::string>().size(), 16u);
  }
}

// --- XML errors -------------------------------------------------------------------------------

TEST(ParseXmlErrorTest, Elbv2RuleNotFound) {
  const AwsError error = ParseXmlError(QueryResponse(
      400, R"(<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
  <Error>
    <Type>Sender</Type>
    <Code>RuleNotFound</Code>
    <Message>One or more rules not found</Message>
  </Error>
  <RequestId>c3b1a3e6-8f5d-11e9-b6a1-2f3b4c5d6e7f</RequestId>
</ErrorResponse>)"));
  EXPECT_EQ(error.code, "RuleNotFound");
  EXPECT_EQ(error.message, "One or more rules not found");
  EXPECT_EQ(error.http_status, 400);
  EXPECT_EQ(error.request_id, "c3b1a3e6-8f5d-11e9-b6a1-2f3b4c5d6e7f");
}

TEST(ParseXmlErrorTest, StsAccessDeniedFillsResource) {
  const AwsError error = ParseXmlError(
      QueryResponse(403, R"(<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>AccessDenied</Code>
    <Message>User: arn:aws:iam::123456789012:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/deploy</Message>
  </Error>
  <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>
</ErrorResponse>)"));
  EXPECT_EQ(error.code, "AccessDenied");
  EXPECT_EQ(error.resource, "arn:aws:iam::123456789012:role/deploy");
  EXPECT_EQ(StatusCodeForAwsError(error.code, error.http_status), StatusCode::kPermissionDenied);
}

TEST(ParseXmlErrorTest, CloudWatchThrottling) {
  const AwsError error = ParseXmlError(
      QueryResponse(400, R"(<ErrorResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
  <Error>
    <Type>Sender</Type>
    <Code>Throttling</Code>
    <Message>Rate exceeded</Message>
  </Error>
  <RequestId>5f2a0c6e-1b1d-4b8e-8a35-9d5c0c1f0e2a</RequestId>
</ErrorResponse>)"));
  EXPECT_EQ(error.code, "Throttling");
  EXPECT_EQ(StatusCodeForAwsError(error.code, error.http_status), StatusCode::kThrottled);
}

TEST(ParseXmlErrorTest, Ec2StyleResponseErrors) {
  const AwsError error = ParseXmlError(QueryResponse(403, R"(<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>)"));
  EXPECT_EQ(error.code, "UnauthorizedOperation");
  EXPECT_EQ(error.message, "You are not authorized to perform this operation.");
  EXPECT_EQ(error.request_id, "ea966190-f9aa-478e-9ede-example");
}

TEST(ParseXmlErrorTest, RequestIdFallsBackToHeaders) {
  const AwsError error = ParseXmlError(QueryResponse(
      400, "<ErrorResponse><Error><Code>ValidationError</Code></Error></ErrorResponse>",
      {{"x-amzn-RequestId", "hdr-1"}}));
  EXPECT_EQ(error.code, "ValidationError");
  EXPECT_EQ(error.request_id, "hdr-1");
  EXPECT_EQ(error.message, "");
}

TEST(ParseXmlErrorTest, EveryMalformedClassStillGivesAnError) {
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "<ErrorResponse>";
  const std::string cases[] = {
      "",
      "<ErrorResponse><Error><Type>Sender</Type><Code>Thrott",
      "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
      "<ErrorResponse><Error><Message>no code</Message></Error></ErrorResponse>",
      "<ErrorResponse><Error><Code>has spaces and &lt;junk&gt;</Code></Error></ErrorResponse>",
      "<Other><Error><Code>X</Code></Error></Other>",
      std::string("\xff\xfe<\x00E\x00", 6),
      deep,
      "{\"__type\":\"ThrottlingException\"}",
  };
  for (const std::string& body : cases) {
    const AwsError error = ParseXmlError(QueryResponse(502, body));
    EXPECT_EQ(error.http_status, 502) << body.substr(0, 40);
    EXPECT_EQ(error.code, "BadGateway") << body.substr(0, 40);
    EXPECT_FALSE(error.message.empty());
    EXPECT_LT(error.message.size(), 400u);
    EXPECT_NO_THROW(((void)json{{"message", error.message}}.dump()));
  }
  EXPECT_EQ(ParseXmlError(QueryResponse(400, "<html/>")).code, "UnknownError");
}

TEST(ParseXmlErrorTest, InvalidUtf8MessageIsRepaired) {
  const AwsError error = ParseXmlError(
      QueryResponse(400,
                    "<ErrorResponse><Error><Code>ValidationError</Code><Message>bad \xff "
                    "byte</Message></Error></ErrorResponse>"));
  EXPECT_EQ(error.code, "ValidationError");
  EXPECT_EQ(error.message, "bad \xef\xbf\xbd byte");
}

// --- XML writing (the emulator side) and its round trip ---------------------------------------

TEST(EncodeXmlResponseTest, WritesTheAwsShape) {
  const json result = json::parse(R"({"Rules":[{"RuleArn":"arn:r","Priority":"10","IsDefault":false,
     "Actions":[{"Type":"forward","ForwardConfig":{"TargetGroups":[{"TargetGroupArn":"arn:tg","Weight":100}]}}],
     "Conditions":[]}], "NextMarker": null})");
  EXPECT_EQ(
      EncodeXmlResponse("DescribeRules", kElbNamespace, result, "req-1"),
      "<DescribeRulesResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">"
      "<DescribeRulesResult><Rules><member><Actions><member><ForwardConfig><TargetGroups><member>"
      "<TargetGroupArn>arn:tg</TargetGroupArn><Weight>100</Weight></member></TargetGroups></"
      "ForwardConfig>"
      "<Type>forward</Type></member></Actions><Conditions/><IsDefault>false</"
      "IsDefault><Priority>10</Priority>"
      "<RuleArn>arn:r</RuleArn></member></Rules></DescribeRulesResult>"
      "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></DescribeRulesResponse>");
}

TEST(EncodeXmlResponseTest, EmptyResultAndEscaping) {
  EXPECT_EQ(EncodeXmlResponse("DeleteRule", "urn:\"x\"&y", json::object(), "<id>"),
            "<DeleteRuleResponse xmlns=\"urn:&quot;x&quot;&amp;y\"><DeleteRuleResult/>"
            "<ResponseMetadata><RequestId>&lt;id&gt;</RequestId></ResponseMetadata></"
            "DeleteRuleResponse>");
}

TEST(XmlRoundTripTest, DecodeEncodeDecodeIsStable) {
  StatusOr<json> first = DecodeXmlResult(kDescribeRulesResponse, "DescribeRules");
  ASSERT_TRUE(first.ok());
  const std::string encoded = EncodeXmlResponse("DescribeRules", kElbNamespace, *first, "r");
  StatusOr<json> second = DecodeXmlResult(encoded, "DescribeRules");
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(*second, *first);
}

TEST(XmlRoundTripTest, HostileStringsSurvive) {
  const json result = {
      {"Markup", "<b>&amp;</b> ]]> \"quotes\" 'single'"},
      {"Controls", "tab\there\nnewline\rcarriage\x01\x1f"},
      {"Unicode", "\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80"},
      {"Spaces", "   "},
      {"List", {"a", "", "c"}},
      {"Nested", {{"member", "not a list"}, {"other", "x"}}},
  };
  const std::string encoded = EncodeXmlResponse("Op", "urn:test", result, "id");
  StatusOr<json> decoded = DecodeXmlResult(encoded, "Op");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString() << "\n" << encoded;
  EXPECT_EQ(*decoded, result) << encoded;
}

TEST(XmlRoundTripTest, InvalidUtf8AndNulAreRepairedOnTheWayOut) {
  const json result = {{"Bad", std::string("a\xff"
                                           "b\0c",
                                           5)}};
  StatusOr<json> decoded = DecodeXmlResult(EncodeXmlResponse("Op", "", result, "id"), "Op");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ((*decoded)["Bad"],
            "a\xef\xbf\xbd"
            "b\xef\xbf\xbd"
            "c");
}

TEST(XmlRoundTripTest, ErrorDocumentParsesBack) {
  const std::string encoded = EncodeXmlError(kElbNamespace, "Sender", "PriorityInUse",
                                             "Priority '10' is in use & <taken>", "req-9");
  EXPECT_EQ(encoded,
            "<ErrorResponse "
            "xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"
            "\"><Error><Type>Sender</Type>"
            "<Code>PriorityInUse</Code><Message>Priority '10' is in use &amp; "
            "&lt;taken&gt;</Message></Error>"
            "<RequestId>req-9</RequestId></ErrorResponse>");
  const AwsError error = ParseXmlError(QueryResponse(400, encoded));
  EXPECT_EQ(error.code, "PriorityInUse");
  EXPECT_EQ(error.message, "Priority '10' is in use & <taken>");
  EXPECT_EQ(error.request_id, "req-9");
}

}  // namespace
}  // namespace kanaria::aws
