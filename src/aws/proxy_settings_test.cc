// The proxy decision against urllib's rules (what botocore and the AWS CLI use).
#include "aws/proxy_settings.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace kanaria::aws {
namespace {

ProxySettings Settings(std::string http_proxy, std::string https_proxy, std::string no_proxy) {
  ProxySettings settings;
  settings.http_proxy = std::move(http_proxy);
  settings.https_proxy = std::move(https_proxy);
  settings.no_proxy = std::move(no_proxy);
  return settings;
}

ProxySettings NoProxy(std::string hosts) {
  return Settings("", "", std::move(hosts));
}

class ProxyEnvironmentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : kNames) {
      if (const char* value = std::getenv(name)) saved_.emplace_back(name, value);
      unsetenv(name);
    }
  }
  void TearDown() override {
    for (const char* name : kNames) unsetenv(name);
    for (const auto& [name, value] : saved_) setenv(name.c_str(), value.c_str(), 1);
  }
  static constexpr const char* kNames[] = {"http_proxy",    "HTTP_PROXY", "https_proxy",
                                           "HTTPS_PROXY",   "no_proxy",   "NO_PROXY",
                                           "REQUEST_METHOD"};
  std::vector<std::pair<std::string, std::string>> saved_;
};

TEST_F(ProxyEnvironmentTest, ReadsBothSpellingsAndPrefersLowercase) {
  setenv("HTTP_PROXY", "http://upper:1", 1);
  setenv("HTTPS_PROXY", "http://upper:2", 1);
  setenv("NO_PROXY", "upper.example", 1);
  ProxySettings settings = ProxySettings::FromEnvironment();
  EXPECT_EQ(settings.http_proxy, "http://upper:1");
  EXPECT_EQ(settings.https_proxy, "http://upper:2");
  EXPECT_EQ(settings.no_proxy, "upper.example");

  setenv("http_proxy", "http://lower:1", 1);
  setenv("https_proxy", "", 1);  // set but empty: switches the inherited uppercase one off
  setenv("no_proxy", "lower.example", 1);
  settings = ProxySettings::FromEnvironment();
  EXPECT_EQ(settings.http_proxy, "http://lower:1");
  EXPECT_EQ(settings.https_proxy, "");
  EXPECT_EQ(settings.no_proxy, "lower.example");
}

TEST_F(ProxyEnvironmentTest, UnderCgiUppercaseHttpProxyIsDistrusted) {
  setenv("REQUEST_METHOD", "GET", 1);
  setenv("HTTP_PROXY", "http://injected:1", 1);
  setenv("HTTPS_PROXY", "http://upper:2", 1);
  const ProxySettings settings = ProxySettings::FromEnvironment();
  EXPECT_EQ(settings.http_proxy, "");
  EXPECT_EQ(settings.https_proxy, "http://upper:2");
}

TEST(ProxySettings, PicksTheProxyByScheme) {
  const ProxySettings settings = Settings("http://p1:3128", "p2:3129", "");
  EXPECT_EQ(settings.ProxyFor("http", "ecs.us-east-1.amazonaws.com", 80, true), "http://p1:3128");
  // Without a scheme a proxy is http://, as botocore reads it.
  EXPECT_EQ(settings.ProxyFor("https", "ecs.us-east-1.amazonaws.com", 443, true), "http://p2:3129");
  const ProxySettings only_http = Settings("http://p1:3128", "", "");
  EXPECT_EQ(only_http.ProxyFor("https", "ecs.us-east-1.amazonaws.com", 443, true), "");
  const ProxySettings slashes = Settings("", "//p3:8080", "");
  EXPECT_EQ(slashes.ProxyFor("https", "h", 443, true), "http://p3:8080");
}

TEST(ProxySettings, NoProxyMatchesHostsAndDomainSuffixes) {
  const ProxySettings settings =
      Settings("", "http://proxy:3128",
               " localhost , .internal.example,169.254.169.254,Amazonaws.COM.cn, api.test:8443");
  EXPECT_TRUE(settings.Bypasses("localhost", 443, true));
  EXPECT_TRUE(settings.Bypasses("svc.internal.example", 443, true));
  EXPECT_TRUE(settings.Bypasses("internal.example", 443, true));  // leading dot ignored
  EXPECT_TRUE(settings.Bypasses("169.254.169.254", 80, true));
  EXPECT_TRUE(settings.Bypasses("ecs.cn-north-1.amazonaws.com.cn", 443, true));  // any case
  EXPECT_TRUE(settings.Bypasses("api.test", 8443, false));     // entry with a port
  EXPECT_FALSE(settings.Bypasses("api.test", 443, true));      // ... matches that port only
  EXPECT_FALSE(settings.Bypasses("notlocalhost", 443, true));  // suffixes match at a dot
  EXPECT_FALSE(settings.Bypasses("ecs.us-east-1.amazonaws.com", 443, true));
  EXPECT_EQ(settings.ProxyFor("https", "svc.internal.example", 443, true), "");
  EXPECT_EQ(settings.ProxyFor("https", "ecs.us-east-1.amazonaws.com", 443, true),
            "http://proxy:3128");
}

TEST(ProxySettings, NoProxyStarBypassesEverythingAndCidrIsNotSupported) {
  EXPECT_TRUE(NoProxy("*").Bypasses("anything.example", 443, true));
  // botocore compares names only; a range is not a name.
  EXPECT_FALSE(NoProxy("127.0.0.0/8").Bypasses("127.0.0.1", 80, true));
  EXPECT_FALSE(NoProxy("").Bypasses("127.0.0.1", 80, true));
}

TEST(ProxySettings, NoProxyMatchesIpv6LiteralsWithOrWithoutBrackets) {
  EXPECT_TRUE(NoProxy("[::1]").Bypasses("::1", 443, true));
  EXPECT_TRUE(NoProxy("::1").Bypasses("::1", 443, true));
  EXPECT_TRUE(NoProxy("[::1]:8080").Bypasses("::1", 8080, false));
}

}  // namespace
}  // namespace kanaria::aws
