// kanaria's SigV4 signer against botocore's SigV4Auth, the implementation AWS's own CLI uses.
// A deterministic generator builds a few hundred awkward requests; scripts/sigv4_oracle.py signs
// each offline with botocore at the same fixed time; every Authorization header must match.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "aws/sigv4.h"
#include "support/external_tools.h"

namespace kanaria {
namespace {

using aws::HttpHeaders;

constexpr int kRequestCount = 320;
constexpr uint64_t kSeed = 0x5167'7634'2025'0001;

// SplitMix64: tiny and fully specified, so the same seed yields the same requests with any
// standard library (std::uniform_int_distribution is implementation-defined).
class DeterministicRandom {
 public:
  explicit DeterministicRandom(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  size_t Below(size_t bound) { return static_cast<size_t>(Next() % bound); }
  bool OneIn(size_t n) { return Below(n) == 0; }
  template <typename T, size_t N>
  const T& Pick(const T (&options)[N]) {
    return options[Below(N)];
  }

 private:
  uint64_t state_;
};

struct GeneratedRequest {
  int id = 0;
  aws::HttpRequest request;
  aws::Credentials credentials;
  aws::SigningParams params;
  std::string timestamp;  // the same instant as params.time, as botocore's clock will read it
};

// What made the generated set varied, so a generator change cannot quietly make it bland.
struct Coverage {
  std::map<std::string, int> counts;
  void Note(const std::string& feature) { ++counts[feature]; }
};

// Path segments: raw spaces and UTF-8, escapes (which the canonical form encodes again),
// sub-delimiters, and dot segments.
const char* const kPathSegments[] = {
    "services", "a", "b c", "%20x", "caf\xC3\xA9", "%C3%A9t%C3%A9", "\xE1\x88\xB4", "$delete",
    "foo+bar", "~user", "semi;colon", "a=b", "@at", "!bang", "*star", "(paren)", "%2F",
    "%25", "'quoted'", ",comma", ":colon", "UPPER", "-._~", "%7e", "2015-12-01", "x%2Fy"};
const char* const kDotSegments[] = {".", "..", ""};

const char* const kQueryKeys[] = {
    "Action", "Version", "a", "A", "b", "%E1%88%B4", "\xE1\x88\xB4", "key with space",
    "k%20e", "x+y", "Filter.1.Name", "reserved!*'()", "%7e", "%2a", "Marker", "", "caf\xC3\xA9",
    "a%3Db", "%41"};
const char* const kQueryValues[] = {
    "", "1", "value with space", "a%20b", "a+b", "%2B", "caf\xC3\xA9", "%C3%A9", "x=y", "~-._",
    "%7E", "/slash/", "?q", "100%", "%zz", "!$'()*,;:@", "2015-12-01", "DescribeServices",
    "arn%3Aaws%3Aecs%3Aus-east-1%3A123456789012%3Aservice%2Fweb", "\xE1\x88\xB4", "%e1%88%b4"};

struct HeaderTemplate {
  const char* name;
  const char* value;
};
const HeaderTemplate kHeaders[] = {
    {"Content-Type", "application/x-amz-json-1.1"},
    {"X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DescribeServices"},
    {"X-Custom", "  leading and trailing  "},
    {"X-Custom", "inner   spaces\tand\ttabs"},
    {"X-Custom", "third"},
    {"My-Header", ""},
    {"My-Header", "   "},
    {"User-Agent", "kanaria/0.1.0 md/sigv4-oracle"},
    {"Accept", "*/*"},
    {"Accept-Encoding", "identity"},
    {"Content-Length", "42"},
    {"X-Amz-Date", "20000101T000000Z"},      // stale: must be replaced by the signing time
    {"Authorization", "AWS4-HMAC-SHA256 stale"},  // a previous attempt's signature
    {"X-Amz-Security-Token", "stale-token"},  // replaced when the credentials carry a token
    {"Expect", "100-continue"},
    {"X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793"},
    {"Connection", "keep-alive"},
    {"Transfer-Encoding", "chunked"},
    {"TE", "trailers"},
    {"Keep-Alive", "timeout=5"},
    {"Proxy-Authorization", "Basic dGVzdDp0ZXN0"},
    {"Upgrade", "h2c"},
    {"Trailer", "X-Checksum"},
    {"x-amz-meta-quote", "\"a   b   c\""},
    {"x-amz-user-agent", "aws-cli/2"},
    {"X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD"},
    {"x-amzn-query-mode", "true"},
    {"If-Match", "\"etag\" , \"other\""},
};

struct Endpoint {
  const char* base;  // scheme://authority
  bool loopback;
};
const Endpoint kEndpoints[] = {
    {"https://ecs.us-east-1.amazonaws.com", false},
    {"https://elasticloadbalancing.eu-west-1.amazonaws.com", false},
    {"https://monitoring.ap-southeast-2.amazonaws.com", false},
    {"https://sts.amazonaws.com", false},
    {"https://servicediscovery.us-west-2.amazonaws.com", false},
    {"https://ECS.Example.COM:443", false},
    {"https://example.com:8443", false},
    {"http://example.com:80", false},
    {"http://localhost:4566", true},
    {"http://127.0.0.1:5000", true},
    {"http://[::1]:9000", true},
    {"https://user@ecs.cn-north-1.amazonaws.com.cn", false},
};

struct Scope {
  const char* region;
  const char* service;
};
const Scope kScopes[] = {{"us-east-1", "ecs"},
                         {"eu-west-1", "elasticloadbalancing"},
                         {"ap-southeast-2", "monitoring"},
                         {"us-east-1", "sts"},
                         {"us-west-2", "servicediscovery"},
                         {"cn-north-1", "ecs"},
                         {"us-gov-west-1", "sts"}};

struct Instant {
  const char* timestamp;
  std::chrono::sys_seconds time;
};

std::vector<Instant> Instants() {
  using namespace std::chrono;
  return {{"20150830T123600Z", sys_days{2015y / 8 / 30} + 12h + 36min},
          {"20240229T235959Z", sys_days{2024y / 2 / 29} + 23h + 59min + 59s},
          {"20000101T000000Z", sys_days{2000y / 1 / 1} + 0s},
          {"20380119T031408Z", sys_days{2038y / 1 / 19} + 3h + 14min + 8s}};
}

const char* const kMethods[] = {"GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "post", "get"};

const char* const kBodies[] = {
    "{}",
    "{\"cluster\":\"prod\",\"services\":[\"web\"],\"include\":[\"TAGS\"]}",
    "Action=DescribeLoadBalancers&Version=2015-12-01&Names.member.1=web%20lb",
    "{\"name\":\"caf\xC3\xA9 \xE1\x88\xB4\",\"note\":\"  spaces  \"}",
    "\n",
};

std::string RandomCase(DeterministicRandom& random, std::string_view name) {
  std::string out(name);
  switch (random.Below(4)) {
    case 0: return out;
    case 1:
      for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return out;
    case 2:
      for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return out;
    default:
      for (char& c : out) {
        if (random.OneIn(2)) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        else c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      return out;
  }
}

std::string GeneratePath(DeterministicRandom& random, Coverage& coverage) {
  std::string path = random.OneIn(6) ? "//" : "/";
  if (path == "//") coverage.Note("double slash");
  const size_t segments = random.Below(6);
  for (size_t i = 0; i < segments; ++i) {
    if (i > 0) path += random.OneIn(8) ? "//" : "/";
    if (random.OneIn(5)) {
      const char* dot = random.Pick(kDotSegments);
      path += dot;
      if (*dot != '\0') coverage.Note("dot segment");
    } else {
      const std::string segment = random.Pick(kPathSegments);
      if (segment.find(' ') != std::string::npos) coverage.Note("space in path");
      if (segment.find('\xE1') != std::string::npos || segment.find('\xC3') != std::string::npos) {
        coverage.Note("raw unicode in path");
      }
      path += segment;
    }
  }
  if (segments > 0 && random.OneIn(3)) path += "/";
  if (path.find("//", 1) != std::string::npos) coverage.Note("double slash");
  return path;
}

std::string GenerateQuery(DeterministicRandom& random, Coverage& coverage) {
  const size_t count = random.Below(7);
  std::string query;
  std::map<std::string, int> seen;
  for (size_t i = 0; i < count; ++i) {
    // Keys come mostly from a short list, so repeats are common.
    const std::string key = random.OneIn(2) ? random.Pick(kQueryKeys) : std::string(kQueryKeys[random.Below(3)]);
    if (++seen[key] == 2) coverage.Note("repeated query key");
    if (!query.empty()) query += "&";
    query += key;
    if (random.OneIn(6)) {
      coverage.Note("query key without '='");
      continue;
    }
    const std::string value = random.Pick(kQueryValues);
    if (value.empty()) coverage.Note("empty query value");
    query += "=" + value;
  }
  if (query.find_first_of("!*'()$@:;,") != std::string::npos) coverage.Note("reserved characters in query");
  if (query.find('\xE1') != std::string::npos) coverage.Note("raw unicode in query");
  return query;
}

std::vector<GeneratedRequest> GenerateRequests(Coverage& coverage) {
  DeterministicRandom random(kSeed);
  const std::vector<Instant> instants = Instants();
  std::vector<GeneratedRequest> generated;
  for (int id = 0; id < kRequestCount; ++id) {
    GeneratedRequest g;
    g.id = id;
    g.request.method = random.Pick(kMethods);
    const Endpoint& endpoint = random.Pick(kEndpoints);
    const std::string query = GenerateQuery(random, coverage);
    g.request.url = endpoint.base + GeneratePath(random, coverage) + (query.empty() && random.OneIn(3) ? "" : "?" + query);

    const size_t header_count = random.Below(6);
    std::map<std::string, int> names;
    for (size_t i = 0; i < header_count; ++i) {
      const HeaderTemplate& header = random.Pick(kHeaders);
      std::string lowercase_name = RandomCase(random, header.name);
      for (char& c : lowercase_name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (++names[lowercase_name] == 2) coverage.Note("repeated header");
      g.request.headers.emplace_back(RandomCase(random, header.name), header.value);
    }
    if (random.OneIn(8)) {
      // A caller-chosen Host header wins over the URL's (a proxy or an endpoint override).
      g.request.headers.emplace_back(random.OneIn(2) ? "host" : "Host", "  override.Example.com:8080 ");
      coverage.Note("explicit host header");
    }
    if (!random.OneIn(3)) {
      g.request.body = random.Pick(kBodies);
      coverage.Note("body");
    }

    const Scope& scope = random.Pick(kScopes);
    g.params.region = scope.region;
    g.params.service = scope.service;
    const Instant& instant = instants[random.Below(instants.size())];
    g.params.time = instant.time;
    g.timestamp = instant.timestamp;

    g.credentials.access_key_id = random.OneIn(2) ? "AKIDEXAMPLE" : "ASIAIOSFODNN7EXAMPLE";
    g.credentials.secret_access_key =
        random.OneIn(2) ? "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" : "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
    if (random.OneIn(2)) {
      g.credentials.session_token =
          "IQoJb3JpZ2luX2VjEPT//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+token/" + std::to_string(id) + "==";
      coverage.Note("session token");
    }
    generated.push_back(std::move(g));
  }
  return generated;
}

nlohmann::json HeadersToJson(const HttpHeaders& headers) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [name, value] : headers) list.push_back({name, value});
  return list;
}

std::string Describe(const GeneratedRequest& g) {
  std::ostringstream out;
  out << "request #" << g.id << ": " << g.request.method << " " << g.request.url << "\n  headers:";
  for (const auto& [name, value] : g.request.headers) out << " [" << name << ": " << value << "]";
  out << "\n  body: " << nlohmann::json(g.request.body).dump() << "\n  scope: " << g.params.region << "/"
      << g.params.service << " at " << g.timestamp << (g.credentials.session_token.empty() ? "" : " with token");
  return out.str();
}

// A private temporary directory, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "kanaria-sigv4-oracle-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

TEST(SigV4BotocoreOracleTest, AuthorizationMatchesBotocoreForGeneratedRequests) {
  KANARIA_REQUIRE_TOOL("python3");
  const std::string oracle = KANARIA_SOURCE_DIR "/scripts/sigv4_oracle.py";
  ASSERT_TRUE(std::filesystem::exists(oracle)) << oracle;

  Coverage coverage;
  std::vector<GeneratedRequest> generated = GenerateRequests(coverage);
  ASSERT_GE(generated.size(), 250u);
  for (const char* feature :
       {"double slash", "dot segment", "space in path", "raw unicode in path", "repeated query key",
        "query key without '='", "empty query value", "reserved characters in query", "raw unicode in query",
        "repeated header", "explicit host header", "body", "session token"}) {
    EXPECT_GE(coverage.counts[feature], 5) << "the generator rarely produces: " << feature;
  }

  // The oracle signs the requests as the caller built them, before kanaria touches them.
  nlohmann::json input;
  input["requests"] = nlohmann::json::array();
  for (const GeneratedRequest& g : generated) {
    input["requests"].push_back({{"id", g.id},
                                 {"method", g.request.method},
                                 {"url", g.request.url},
                                 {"headers", HeadersToJson(g.request.headers)},
                                 {"body", g.request.body},
                                 {"access_key", g.credentials.access_key_id},
                                 {"secret_key", g.credentials.secret_access_key},
                                 {"session_token", g.credentials.session_token},
                                 {"region", g.params.region},
                                 {"service", g.params.service},
                                 {"timestamp", g.timestamp}});
  }
  TempDir temp;
  ASSERT_FALSE(temp.path().empty()) << "cannot create a temporary directory";
  const std::string in_path = (temp.path() / "requests.json").string();
  const std::string out_path = (temp.path() / "signed.json").string();
  {
    std::ofstream in_file(in_path);
    in_file << input.dump();
    ASSERT_TRUE(in_file.good()) << "cannot write " << in_path;
  }

  const testing::CommandResult run = testing::RunCommand(
      {"python3", oracle, in_path, out_path},
      {"AWS_EC2_METADATA_DISABLED=true", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
       "PYTHONDONTWRITEBYTECODE=1"});
  if (run.exit_code == 3) {
    if (testing::RunningInCi()) FAIL() << "botocore is required under CI=true:\n" << run.output;
    GTEST_SKIP() << "SKIPPED LOUDLY: botocore is not importable:\n" << run.output;
  }
  ASSERT_EQ(run.exit_code, 0) << "sigv4_oracle.py failed:\n" << run.output;

  std::ifstream out_file(out_path);
  const nlohmann::json output = nlohmann::json::parse(out_file, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(output.is_discarded()) << "oracle output is not JSON";
  const nlohmann::json& results = output["results"];
  ASSERT_EQ(results.size(), generated.size());

  int mismatches = 0;
  std::ostringstream report;
  for (size_t i = 0; i < generated.size(); ++i) {
    GeneratedRequest& g = generated[i];
    const nlohmann::json& expected = results[i];
    ASSERT_EQ(expected["id"].get<int>(), g.id);
    const std::string description = Describe(g);
    const aws::SigningArtifacts artifacts = aws::SignRequest(g.request, g.credentials, g.params);

    // Both must leave the same date and token on the wire, not only agree on the signature.
    aws::HttpHeaders botocore_headers;
    for (const auto& header : expected["headers"]) botocore_headers.emplace_back(header[0].get<std::string>(), header[1].get<std::string>());
    const bool same_wire_headers =
        aws::FindHeader(g.request.headers, "X-Amz-Date") == aws::FindHeader(botocore_headers, "X-Amz-Date") &&
        aws::FindHeader(g.request.headers, "X-Amz-Security-Token") ==
            aws::FindHeader(botocore_headers, "X-Amz-Security-Token");

    if (artifacts.authorization == expected["authorization"].get<std::string>() && same_wire_headers) continue;
    if (++mismatches > 5) continue;
    report << "\n=== " << description << "\n--- kanaria Authorization: " << artifacts.authorization
           << "\n--- botocore Authorization: " << expected["authorization"].get<std::string>()
           << "\n--- kanaria canonical request:\n" << artifacts.canonical_request
           << "\n--- botocore canonical request:\n" << expected["canonical_request"].get<std::string>()
           << "\n--- kanaria string to sign:\n" << artifacts.string_to_sign
           << "\n--- botocore string to sign:\n" << expected["string_to_sign"].get<std::string>() << "\n";
    if (!same_wire_headers) {
      report << "--- X-Amz-Date / X-Amz-Security-Token differ: kanaria ["
             << aws::FindHeader(g.request.headers, "X-Amz-Date") << "] ["
             << aws::FindHeader(g.request.headers, "X-Amz-Security-Token") << "], botocore ["
             << aws::FindHeader(botocore_headers, "X-Amz-Date") << "] ["
             << aws::FindHeader(botocore_headers, "X-Amz-Security-Token") << "]\n";
    }
  }
  EXPECT_EQ(mismatches, 0) << mismatches << " of " << generated.size() << " requests differ from botocore "
                           << output.value("botocore_version", "?") << " (first 5 shown):" << report.str();
  RecordProperty("requests", static_cast<int>(generated.size()));
  RecordProperty("botocore_version", output.value("botocore_version", "?"));
}

}  // namespace
}  // namespace kanaria
