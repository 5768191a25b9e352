// Where each service is reached: the AWS default for the region, or an override from
// --endpoint-url, AWS_ENDPOINT_URL_<SERVICE> or AWS_ENDPOINT_URL (in that order, as botocore).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace kanaria::aws {

struct ServiceDescriptor;

struct Endpoint {
  std::string base_url;  // "https://ecs.us-east-1.amazonaws.com" or "http://127.0.0.1:4566"
  std::string host;      // "ecs.us-east-1.amazonaws.com"
  bool overridden = false;
  // True for *.amazonaws.com (and .com.cn) hosts: host prefixes such as Cloud Map's "data-"
  // apply only there.
  bool is_aws_host = false;
};

// Reads the environment overrides. `cli_endpoint_url` (from --endpoint-url) wins over all.
// http:// is allowed only when the override says so; other schemes are kInvalidInput.
StatusOr<Endpoint> ResolveEndpoint(const ServiceDescriptor& service, std::string_view region,
                                   const std::optional<std::string>& cli_endpoint_url);

// True when the URL's host is loopback (127.0.0.0/8, ::1, localhost).
bool IsLoopbackUrl(std::string_view url);

}  // namespace kanaria::aws
