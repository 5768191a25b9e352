// The ClientContext tests use against a loopback endpoint (a stub, moto_server, the emulator):
// region us-east-1, fixed test keys, a real libcurl transport unless one is given; and the AWS
// error code a call through it failed with.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "aws/aws_error.h"
#include "aws/curl_transport.h"
#include "aws/service_client.h"
#include "support/static_credentials.h"

namespace kanaria::testing {

inline std::shared_ptr<aws::ClientContext> TestClientContext(
    std::optional<std::string> endpoint_url, std::shared_ptr<aws::HttpTransport> transport = nullptr) {
  auto context = std::make_shared<aws::ClientContext>();
  context->region = "us-east-1";
  context->endpoint_url = std::move(endpoint_url);
  context->credentials = std::make_shared<StaticCredentialsProvider>();
  context->transport = transport ? std::move(transport) : std::make_shared<aws::CurlTransport>();
  return context;
}

// The AwsError code of a failed call, "" when it succeeded or carries none.
template <typename T>
std::string AwsErrorCode(const StatusOr<T>& result) {
  const aws::AwsError* error = aws::AsAwsError(result.status());
  return error == nullptr ? "" : error->code;
}

}  // namespace kanaria::testing
