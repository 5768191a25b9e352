#include "emulator/services/elbv2/rule_matching.h"

#include <gtest/gtest.h>

#include "emulator/api_error.h"
#include "emulator/services/elbv2/conditions.h"

namespace kanaria::emulator::elbv2 {
namespace {

using nlohmann::json;

struct WildcardCase {
  const char* pattern;
  const char* text;
  bool case_insensitive;
  bool matches;
};

TEST(Elbv2WildcardTest, Table) {
  const WildcardCase cases[] = {
      {"/api/*", "/api/", false, true},
      {"/api/*", "/api/v1/users", false, true},
      {"/api/*", "/api", false, false},
      {"/api/*", "/API/v1", false, false},  // paths are case-sensitive
      {"/img/?.png", "/img/a.png", false, true},
      {"/img/?.png", "/img/ab.png", false, false},
      {"/img/?.png", "/img/.png", false, false},
      {"*.example.com", "www.example.com", true, true},
      {"*.example.com", "WWW.Example.COM", true, true},
      {"*.example.com", "example.com", true, false},
      {"a*b*c", "aXXbYYc", false, true},
      {"a*b*c", "aXXcYYb", false, false},
      {"*", "", false, true},
      {"", "", false, true},
      {"", "x", false, false},
      {"**?", "x", false, true},
      {"exact", "exact", false, true},
      {"exact", "exactly", false, false},
  };
  for (const WildcardCase& c : cases) {
    EXPECT_EQ(WildcardMatch(c.pattern, c.text, c.case_insensitive), c.matches)
        << c.pattern << " vs " << c.text;
  }
}

IncomingRequest Incoming(std::string host, std::string path, std::string method = "GET",
                         std::map<std::string, std::string> headers = {}, std::string query = "") {
  IncomingRequest request;
  request.host = std::move(host);
  request.path = std::move(path);
  request.method = std::move(method);
  request.headers = std::move(headers);
  request.query = std::move(query);
  return request;
}

struct ConditionCase {
  const char* name;
  json conditions;  // request form, before normalisation
  IncomingRequest request;
  bool matches;
};

TEST(Elbv2RuleMatchingTest, Table) {
  const json legacy_path = {{{"Field", "path-pattern"}, {"Values", {"/api/*"}}}};
  const json config_host = {{{"Field", "host-header"},
                             {"HostHeaderConfig", {{"Values", {"*.example.com", "example.org"}}}}}};
  const json header = {
      {{"Field", "http-header"},
       {"HttpHeaderConfig", {{"HttpHeaderName", "X-Canary"}, {"Values", {"yes", "t?ue"}}}}}};
  const json host_and_path = {
      {{"Field", "host-header"}, {"Values", {"api.example.com"}}},
      {{"Field", "path-pattern"}, {"PathPatternConfig", {{"Values", {"/v1/*", "/v2/*"}}}}}};
  const json method = {
      {{"Field", "http-request-method"}, {"HttpRequestMethodConfig", {{"Values", {"POST"}}}}}};
  const json query = {
      {{"Field", "query-string"},
       {"QueryStringConfig",
        {{"Values", {{{"Key", "version"}, {"Value", "v2*"}}, {{"Value", "beta"}}}}}}}};
  const json source = {{{"Field", "source-ip"}, {"SourceIpConfig", {{"Values", {"10.0.0.0/8"}}}}}};

  const ConditionCase cases[] = {
      {"legacy path matches", legacy_path, Incoming("h", "/api/users"), true},
      {"legacy path other", legacy_path, Incoming("h", "/web"), false},
      {"path case-sensitive", legacy_path, Incoming("h", "/API/users"), false},
      {"host wildcard", config_host, Incoming("www.example.com", "/"), true},
      {"host case-insensitive", config_host, Incoming("WWW.EXAMPLE.COM", "/"), true},
      {"host second value (OR)", config_host, Incoming("example.org", "/"), true},
      {"host none", config_host, Incoming("example.net", "/"), false},
      {"header name case-insensitive", header, Incoming("h", "/", "GET", {{"x-canary", "YES"}}),
       true},
      {"header value wildcard", header, Incoming("h", "/", "GET", {{"x-canary", "true"}}), true},
      {"header wrong value", header, Incoming("h", "/", "GET", {{"x-canary", "no"}}), false},
      {"header missing", header, Incoming("h", "/"), false},
      {"AND both", host_and_path, Incoming("api.example.com", "/v2/x"), true},
      {"AND host only", host_and_path, Incoming("api.example.com", "/v3/x"), false},
      {"AND path only", host_and_path, Incoming("www.example.com", "/v1/x"), false},
      {"method", method, Incoming("h", "/", "POST"), true},
      {"method case-sensitive", method, Incoming("h", "/", "post"), false},
      {"method other", method, Incoming("h", "/", "GET"), false},
      {"query key/value", query, Incoming("h", "/", "GET", {}, "a=1&version=v2.1"), true},
      {"query value only", query, Incoming("h", "/", "GET", {}, "x=BETA"), true},
      {"query no match", query, Incoming("h", "/", "GET", {}, "version=v1"), false},
      {"source ip loopback", source, Incoming("h", "/"), false},
      {"source ip forwarded", source,
       Incoming("h", "/", "GET", {{"x-forwarded-for", "10.1.2.3, 127.0.0.1"}}), true},
  };
  for (const ConditionCase& c : cases) {
    const json normalised = NormalizeConditions(c.conditions);
    EXPECT_EQ(ConditionsMatch(normalised, c.request), c.matches) << c.name;
  }
}

TEST(Elbv2RuleMatchingTest, RequestMatchingSatisfiesEveryCondition) {
  const json conditions = NormalizeConditions(json::array({
      {{"Field", "host-header"}, {"Values", {"*.Example.com"}}},
      {{"Field", "path-pattern"}, {"Values", {"/v?/items/*"}}},
      {{"Field", "http-header"},
       {"HttpHeaderConfig", {{"HttpHeaderName", "X-Env"}, {"Values", {"can*"}}}}},
      {{"Field", "query-string"}, {"QueryStringConfig", {{"Values", {{{"Value", "on"}}}}}}},
      {{"Field", "http-request-method"}, {"HttpRequestMethodConfig", {{"Values", {"PUT"}}}}},
      {{"Field", "source-ip"}, {"SourceIpConfig", {{"Values", {"192.168.0.0/16"}}}}},
  }));
  const IncomingRequest request = RequestMatching(conditions, IncomingRequest{});
  EXPECT_TRUE(ConditionsMatch(conditions, request));
  EXPECT_EQ(request.method, "PUT");
  EXPECT_EQ(request.host, "a.example.com");
}

TEST(Elbv2ConditionsTest, NormalisedFormCarriesBothShapes) {
  const json out = NormalizeConditions(
      json::array({{{"Field", "path-pattern"}, {"PathPatternConfig", {{"Values", {"/a"}}}}}}));
  EXPECT_EQ(out[0]["Values"], json({"/a"}));
  EXPECT_EQ(out[0]["PathPatternConfig"]["Values"], json({"/a"}));
}

TEST(Elbv2ConditionsTest, Rejections) {
  const json bad[] = {
      json::array({{{"Field", "cookie"}, {"Values", {"x"}}}}),
      json::array({{{"Field", "path-pattern"}}}),
      json::array({{{"Field", "http-header"}, {"Values", {"x"}}}}),
      json::array({{{"Field", "path-pattern"}, {"Values", {"/a"}}},
                   {{"Field", "path-pattern"}, {"Values", {"/b"}}}}),
      json::array({{{"Field", "path-pattern"},
                    {"Values", {"/a"}},
                    {"PathPatternConfig", {{"Values", {"/b"}}}}}}),
  };
  for (const json& conditions : bad) {
    try {
      NormalizeConditions(conditions);
      ADD_FAILURE() << "accepted " << conditions.dump();
    } catch (const ApiError& error) {
      EXPECT_EQ(error.code, "ValidationError") << conditions.dump();
    }
  }
}

}  // namespace
}  // namespace kanaria::emulator::elbv2
