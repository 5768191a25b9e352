#include "aws/credentials/container_provider.h"

#include <arpa/inet.h>

#include <cstring>

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws/credentials/env_vars.h"
#include "aws/credentials/register_secrets.h"
#include "aws/iso8601.h"
#include "aws/url.h"

namespace kanaria::aws {
namespace {

constexpr const char* kRelativeUri = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
constexpr const char* kFullUri = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
constexpr const char* kToken = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
constexpr const char* kTokenFile = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
constexpr const char* kEcsAgentHost = "http://169.254.170.2";

bool IsLoopback(const std::string& host) {
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    static const in6_addr kLoopback = IN6ADDR_LOOPBACK_INIT;
    return std::memcmp(&v6, &kLoopback, sizeof(v6)) == 0;
  }
  return false;
}

StatusOr<std::string> AuthorizationToken() {
  std::string token;
  if (auto path = GetEnv(kTokenFile)) {
    std::ifstream in(*path, std::ios::binary);
    if (!in) {
      return InvalidInputError(
          fmt::format("cannot read {} ({}); it must name a readable file", kTokenFile, *path));
    }
    std::ostringstream contents;
    contents << in.rdbuf();
    token = contents.str();
    RegisterSecret(token);
    if (token.find_first_of("\r\n") != std::string::npos) {
      return InvalidInputError(fmt::format(
          "the authorization token in {} ({}) contains a line break, which cannot be sent in a "
          "header; write the file without a trailing newline",
          kTokenFile, *path));
    }
  } else if (auto value = GetEnv(kToken)) {
    token = *value;
    RegisterSecret(token);
    if (token.find_first_of("\r\n") != std::string::npos) {
      return InvalidInputError(
          fmt::format("{} contains a line break, which cannot be sent in a header", kToken));
    }
  }
  return token;
}

// One GET; a failure says why in the message (without the body, which may hold a secret).
StatusOr<Credentials> FetchOnce(HttpTransport& transport, const std::string& url) {
  HttpRequest request;
  request.method = "GET";
  request.url = url;
  request.headers.emplace_back("Accept", "application/json");
  ASSIGN_OR_RETURN(const std::string token, AuthorizationToken());
  if (!token.empty()) request.headers.emplace_back("Authorization", token);
  request.connect_timeout = ContainerProvider::kTimeout;
  request.total_timeout = ContainerProvider::kTimeout;
  ASSIGN_OR_RETURN(HttpResponse response, transport.Send(request));
  if (response.status != 200) {
    return UnavailableError(fmt::format("HTTP {}", response.status));
  }
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return UnavailableError("the answer is not a JSON object");
  }
  Credentials credentials;
  for (const auto& [field, target] :
       {std::pair<const char*, std::string*>{"AccessKeyId", &credentials.access_key_id},
        {"SecretAccessKey", &credentials.secret_access_key},
        {"Token", &credentials.session_token}}) {
    const auto it = body.find(field);
    if (it == body.end() || !it->is_string()) {
      return UnavailableError(fmt::format("the answer has no string \"{}\"", field));
    }
    *target = it->get<std::string>();
  }
  RegisterSecrets(credentials);
  const auto expiration = body.find("Expiration");
  if (expiration == body.end() || !expiration->is_string()) {
    return UnavailableError("the answer has no string \"Expiration\"");
  }
  auto when = ParseIso8601(expiration->get<std::string>());
  if (!when.ok()) {
    return UnavailableError(fmt::format("the answer's Expiration \"{}\" is not an ISO 8601 time",
                                        expiration->get<std::string>()));
  }
  credentials.expiration = *when;
  credentials.source = "container";
  return credentials;
}

}  // namespace

bool IsAllowedContainerCredentialsUrl(const std::string& url) {
  const auto parts = ParseUrl(url);
  if (!parts.ok()) return false;
  if (parts->scheme == "https") return true;
  if (IsLoopback(parts->host)) return true;
  for (const char* allowed : {"169.254.170.2", "169.254.170.23", "fd00:ec2::23", "localhost"}) {
    if (parts->host == allowed) return true;
  }
  return false;
}

StatusOr<Credentials> ContainerProvider::Resolve() {
  const auto relative = GetEnv(kRelativeUri);
  const auto full = GetEnv(kFullUri);
  if (!relative && !full) {
    return NotFoundError(fmt::format("neither {} nor {} is set", kRelativeUri, kFullUri));
  }
  std::string url;
  if (relative) {
    url = kEcsAgentHost + *relative;
  } else {
    url = *full;
    if (!IsAllowedContainerCredentialsUrl(url)) {
      return InvalidInputError(fmt::format(
          "{}={} is not allowed: it must be https, or http to a loopback address or one of "
          "169.254.170.2, 169.254.170.23, fd00:ec2::23, localhost",
          kFullUri, url));
    }
  }
  if (transport_ == nullptr) {
    return InternalError("container credentials need an HTTP transport and none was configured");
  }
  Status last;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    auto credentials = FetchOnce(*transport_, url);
    if (credentials.ok()) return credentials;
    // A bad token setting will not get better by retrying.
    if (credentials.status().code() == StatusCode::kInvalidInput) return credentials.status();
    last = credentials.status();
    if (attempt < kAttempts) clock_.SleepFor(kRetryDelay);
  }
  return UnavailableError(fmt::format("container credentials from {} failed after {} attempts: {}",
                                      url, kAttempts, last.message()));
}

}  // namespace kanaria::aws
