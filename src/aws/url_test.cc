#include "aws/url.h"

#include <gtest/gtest.h>

namespace kanaria::aws {
namespace {

TEST(UrlTest, SplitsAFullUrl) {
  const auto url = ParseUrl("HTTPS://user:pw@ECS.Example.com:8443/a/b%20c?x=1&y#frag");
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "ecs.example.com");
  EXPECT_EQ(url->port, 8443);
  EXPECT_EQ(url->path, "/a/b%20c");
  EXPECT_EQ(url->query, "x=1&y");
}

TEST(UrlTest, DefaultsPortAndPath) {
  const auto https = ParseUrl("https://ecs.us-east-1.amazonaws.com");
  ASSERT_TRUE(https.ok());
  EXPECT_EQ(https->port, 443);
  EXPECT_EQ(https->path, "/");
  EXPECT_EQ(https->query, "");

  const auto http = ParseUrl("http://localhost:?Action=X");
  ASSERT_TRUE(http.ok());
  EXPECT_EQ(http->port, 80);
  EXPECT_EQ(http->path, "/");
  EXPECT_EQ(http->query, "Action=X");
}

TEST(UrlTest, KeepsPathAndQueryBytesAsGiven) {
  const auto url = ParseUrl("http://h/example space/\xE1\x88\xB4?%e1%88%b4=a+b");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->path, "/example space/\xE1\x88\xB4");
  EXPECT_EQ(url->query, "%e1%88%b4=a+b");
}

TEST(UrlTest, ParsesIpv6Hosts) {
  const auto url = ParseUrl("http://[::1]:9000/p");
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, 9000);
  EXPECT_EQ(HostHeaderValue(*url), "[::1]:9000");

  const auto default_port = ParseUrl("https://[FE80::1]/");
  ASSERT_TRUE(default_port.ok());
  EXPECT_EQ(HostHeaderValue(*default_port), "[fe80::1]");
}

TEST(UrlTest, HostHeaderOmitsOnlyTheDefaultPort) {
  EXPECT_EQ(HostHeaderValue(*ParseUrl("https://a.example:443/")), "a.example");
  EXPECT_EQ(HostHeaderValue(*ParseUrl("http://a.example:80/")), "a.example");
  EXPECT_EQ(HostHeaderValue(*ParseUrl("https://a.example:80/")), "a.example:80");
  EXPECT_EQ(HostHeaderValue(*ParseUrl("http://127.0.0.1:4566/")), "127.0.0.1:4566");
}

TEST(UrlTest, RejectsMalformedUrls) {
  for (const char* bad : {"", "ecs.amazonaws.com/", "/relative", "://host/", "1http://host/",
                          "https:///path", "https://:443/", "https://[::1/", "https://[::1]x/",
                          "https://host:0/", "https://host:65536/", "https://host:12a/",
                          "ftp://host/", "https://host/a\r\nInjected: 1", "https://ho st/"}) {
    const auto url = ParseUrl(bad);
    EXPECT_FALSE(url.ok()) << "accepted: " << bad;
    EXPECT_EQ(url.status().code(), StatusCode::kInvalidInput) << bad;
  }
}

TEST(UrlTest, ErrorsDoNotRepeatTheUrl) {
  const auto url = ParseUrl("https://user:s3cr3t@host:99999/");
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(url.status().message().find("s3cr3t"), std::string::npos);
}

TEST(UrlTest, UriEncodeKeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(UriEncode("AZaz09-_.~", true), "AZaz09-_.~");
  EXPECT_EQ(UriEncode("a b/c+d=e&f%g*h!", true), "a%20b%2Fc%2Bd%3De%26f%25g%2Ah%21");
  EXPECT_EQ(UriEncode("a b/c", false), "a%20b/c");
  EXPECT_EQ(UriEncode("\xE1\x88\xB4", true), "%E1%88%B4");
  EXPECT_EQ(UriEncode(std::string_view("\0\xff", 2), true), "%00%FF");
}

TEST(UrlTest, UriDecodeDecodesOnlyWellFormedEscapes) {
  EXPECT_EQ(UriDecode("%e1%88%B4"), "\xE1\x88\xB4");
  EXPECT_EQ(UriDecode("a+b%20c"), "a+b c");
  EXPECT_EQ(UriDecode("100%"), "100%");
  EXPECT_EQ(UriDecode("%4"), "%4");
  EXPECT_EQ(UriDecode("%zz%2"), "%zz%2");
  EXPECT_EQ(UriDecode("%2541"), "%41");
}

TEST(UrlTest, EncodeOfDecodeIsCanonical) {
  EXPECT_EQ(UriEncode(UriDecode("%7e%2a!"), true), "~%2A%21");
}

}  // namespace
}  // namespace kanaria::aws
