// One AWS service over its wire protocol: resolves the endpoint, signs with SigV4, sends through
// the transport, retries per retry.h and turns failures into a Status with an AwsError.
// Typed operations (ecs/, elbv2/, servicediscovery/, cloudwatch/, sts/) are thin layers on this.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "aws/credentials/credentials.h"
#include "aws/endpoints.h"
#include "aws/http.h"
#include "aws/protocol/query_protocol.h"
#include "aws/retry.h"
#include "aws/service_descriptor.h"
#include "core/clock.h"
#include "core/random.h"

namespace kanaria::aws {

// One attempt as observed by ClientContext::on_attempt (tests, `plan`, request accounting).
struct AttemptRecord {
  std::string_view service;
  std::string_view operation;
  int attempt = 1;           // 1-based
  int http_status = 0;       // 0 when no response
  std::string error_code;    // "" on success
};

// Shared by all service clients of one kanaria invocation.
struct ClientContext {
  std::string region;
  std::optional<std::string> endpoint_url;        // --endpoint-url
  std::shared_ptr<CredentialsProvider> credentials;
  std::shared_ptr<HttpTransport> transport;
  Clock* clock = &SystemClock::Instance();
  std::shared_ptr<RandomSource> random;           // backoff jitter; seeded from time if null
  RetryConfig retry;
  std::shared_ptr<RetryQuota> retry_quota = std::make_shared<RetryQuota>();
  std::chrono::milliseconds connect_timeout{3100};
  std::chrono::milliseconds request_timeout{60000};
  std::function<void(const AttemptRecord&)> on_attempt;  // optional observer
};

struct CallOptions {
  std::string host_prefix;                  // e.g. "data-" (applied only on AWS hosts)
  bool unsigned_request = false;            // AssumeRoleWithWebIdentity
  const Credentials* credentials = nullptr; // sign with these instead of the context's
};

class ServiceClient {
 public:
  // Fails (kInvalidInput) when the endpoint cannot be resolved or the region is missing.
  static StatusOr<std::unique_ptr<ServiceClient>> Create(const ServiceDescriptor& service,
                                                         std::shared_ptr<ClientContext> context);

  // JSON protocol: POST / with X-Amz-Target: <target_prefix>.<operation>.
  // REQUIRES: service.protocol == kJson.
  StatusOr<nlohmann::json> CallJson(std::string_view operation, const nlohmann::json& input,
                                    const CallOptions& options = {});

  // Query protocol: POST / with Action=<operation>&Version=...; returns the <...Result> tree
  // (see query_protocol.h). REQUIRES: service.protocol == kQuery.
  StatusOr<nlohmann::json> CallQuery(std::string_view operation, const QueryParams& params,
                                     const CallOptions& options = {});

  const Endpoint& endpoint() const { return endpoint_; }
  const ServiceDescriptor& service() const { return service_; }
  ClientContext& context() { return *context_; }

 private:
  ServiceClient(const ServiceDescriptor& service, std::shared_ptr<ClientContext> context,
                Endpoint endpoint);
  // Sign, send and retry one call; `decode` turns a 2xx response into the result tree.
  StatusOr<nlohmann::json> Invoke(std::string_view operation, HttpRequest request,
                                  const CallOptions& options,
                                  const std::function<StatusOr<nlohmann::json>(const HttpResponse&)>& decode,
                                  const std::function<AwsError(const HttpResponse&)>& parse_error);

  const ServiceDescriptor& service_;
  std::shared_ptr<ClientContext> context_;
  Endpoint endpoint_;
};

}  // namespace kanaria::aws
