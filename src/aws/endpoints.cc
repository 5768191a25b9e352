#include "aws/endpoints.h"
#include "aws/credentials/env_vars.h"

#include <cstdlib>

#include "aws/service_descriptor.h"
#include "aws/url.h"

namespace kanaria::aws {
namespace {

std::string EnvOrEmpty(const char* name) { return GetEnv(name).value_or(""); }

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsAwsHost(std::string_view host) {
  return EndsWith(host, ".amazonaws.com") || EndsWith(host, ".amazonaws.com.cn") ||
         EndsWith(host, ".api.aws");
}

StatusOr<Endpoint> FromOverride(const std::string& url, const std::string& origin) {
  auto parsed = ParseUrl(url);
  if (!parsed.ok()) {
    return InvalidInputError(origin + " is not a valid URL (" + parsed.status().message() +
                             "); expected e.g. https://ecs.eu-west-1.amazonaws.com or "
                             "http://127.0.0.1:4566");
  }
  if (parsed->scheme != "http" && parsed->scheme != "https") {
    return InvalidInputError(origin + " must start with http:// or https://, got \"" + url + "\"");
  }
  if (parsed->host.empty()) return InvalidInputError(origin + " has no host: \"" + url + "\"");
  Endpoint endpoint;
  endpoint.base_url = url;
  while (!endpoint.base_url.empty() && endpoint.base_url.back() == '/') endpoint.base_url.pop_back();
  endpoint.host = parsed->host;
  endpoint.overridden = true;
  endpoint.is_aws_host = IsAwsHost(parsed->host);
  return endpoint;
}

}  // namespace

StatusOr<Endpoint> ResolveEndpoint(const ServiceDescriptor& service, std::string_view region,
                                   const std::optional<std::string>& cli_endpoint_url) {
  if (cli_endpoint_url && !cli_endpoint_url->empty()) {
    return FromOverride(*cli_endpoint_url, "--endpoint-url");
  }
  // botocore: AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true turns the environment overrides off.
  if (EnvOrEmpty("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") != "true") {
    const std::string service_var = "AWS_ENDPOINT_URL_" + std::string(service.env_name);
    if (const std::string url = EnvOrEmpty(service_var.c_str()); !url.empty()) {
      return FromOverride(url, service_var);
    }
    if (const std::string url = EnvOrEmpty("AWS_ENDPOINT_URL"); !url.empty()) {
      return FromOverride(url, "AWS_ENDPOINT_URL");
    }
  }
  if (region.empty()) {
    return InvalidInputError("no region: set --region, AWS_REGION or a profile's region");
  }
  for (const char c : region) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-')) {
      return InvalidInputError("region \"" + std::string(region) +
                               "\" is not a valid region name (e.g. eu-west-1)");
    }
  }
  const bool china = region.substr(0, 3) == "cn-";
  Endpoint endpoint;
  endpoint.host = std::string(service.endpoint_prefix) + "." + std::string(region) +
                  (china ? ".amazonaws.com.cn" : ".amazonaws.com");
  endpoint.base_url = "https://" + endpoint.host;
  endpoint.is_aws_host = true;
  return endpoint;
}

bool IsLoopbackUrl(std::string_view url) {
  auto parsed = ParseUrl(url);
  if (!parsed.ok()) return false;
  const std::string& host = parsed->host;
  return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

}  // namespace kanaria::aws
