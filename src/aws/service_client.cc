#include "aws/service_client.h"

#include <nlohmann/json.hpp>

#include "aws/operations.h"
#include "aws/protocol/json_protocol.h"
#include "aws/protocol/query_protocol.h"
#include "aws/sigv4.h"
#include "core/log.h"

namespace kanaria::aws {
namespace {

// Operations outside the table (tests' set-up calls) get the most cautious retry class.
OperationInfo LookupOperation(std::string_view service, std::string_view name) {
  if (const OperationInfo* op = FindOperation(service, name)) return *op;
  return OperationInfo{service, name, true, RetryClass::kNonIdempotent, ""};
}

std::string InvocationId(RandomSource& random) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) id.push_back('-');
    id.push_back(kHex[static_cast<int>(random.NextUnit() * 16) & 15]);
  }
  return id;
}

bool IsTimeout(const Status& status) { return status.code() == StatusCode::kDeadlineExceeded; }

std::string WithHostPrefix(const Endpoint& endpoint, const std::string& prefix) {
  if (prefix.empty() || !endpoint.is_aws_host) return endpoint.base_url;
  const auto scheme_end = endpoint.base_url.find("://");
  if (scheme_end == std::string::npos) return endpoint.base_url;
  return endpoint.base_url.substr(0, scheme_end + 3) + prefix + endpoint.base_url.substr(scheme_end + 3);
}

}  // namespace

StatusOr<std::unique_ptr<ServiceClient>> ServiceClient::Create(const ServiceDescriptor& service,
                                                               std::shared_ptr<ClientContext> context) {
  if (context == nullptr || context->transport == nullptr) {
    return InternalError("ServiceClient needs a context with a transport");
  }
  ASSIGN_OR_RETURN(Endpoint endpoint, ResolveEndpoint(service, context->region, context->endpoint_url));
  if (context->region.empty()) {
    return InvalidInputError("no region: set --region, AWS_REGION or a profile's region");
  }
  if (context->random == nullptr) {
    context->random = std::make_shared<SeededRandom>(
        static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  }
  return std::unique_ptr<ServiceClient>(new ServiceClient(service, std::move(context), std::move(endpoint)));
}

ServiceClient::ServiceClient(const ServiceDescriptor& service, std::shared_ptr<ClientContext> context,
                             Endpoint endpoint)
    : service_(service), context_(std::move(context)), endpoint_(std::move(endpoint)) {}

StatusOr<nlohmann::json> ServiceClient::CallJson(std::string_view operation, const nlohmann::json& input,
                                                 const CallOptions& options) {
  HttpRequest request;
  request.method = "POST";
  request.url = WithHostPrefix(endpoint_, options.host_prefix) + "/";
  request.headers = {
      {"Content-Type", JsonContentType(service_.json_version)},
      {"X-Amz-Target", std::string(service_.target_prefix) + "." + std::string(operation)},
  };
  request.body = input.is_null() ? "{}" : input.dump();
  return Invoke(operation, std::move(request), options,
                [](const HttpResponse& response) { return DecodeJsonBody(response.body); },
                [](const HttpResponse& response) { return ParseJsonError(response); });
}

StatusOr<nlohmann::json> ServiceClient::CallQuery(std::string_view operation, const QueryParams& params,
                                                  const CallOptions& options) {
  HttpRequest request;
  request.method = "POST";
  request.url = WithHostPrefix(endpoint_, options.host_prefix) + "/";
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  request.body = EncodeQueryBody(operation, service_.api_version, params);
  const std::string op(operation);
  return Invoke(operation, std::move(request), options,
                [op](const HttpResponse& response) { return DecodeXmlResult(response.body, op); },
                [](const HttpResponse& response) { return ParseXmlError(response); });
}

StatusOr<nlohmann::json> ServiceClient::Invoke(
    std::string_view operation, HttpRequest request, const CallOptions& options,
    const std::function<StatusOr<nlohmann::json>(const HttpResponse&)>& decode,
    const std::function<AwsError(const HttpResponse&)>& parse_error) {
  ClientContext& ctx = *context_;
  const OperationInfo op = LookupOperation(service_.signing_name, operation);
  request.connect_timeout = ctx.connect_timeout;
  request.total_timeout = ctx.request_timeout;
  SetHeader(request.headers, "User-Agent", std::string("kanaria/") + KANARIA_VERSION);
  SetHeader(request.headers, "amz-sdk-invocation-id", InvocationId(*ctx.random));

  const int max_attempts = std::max(1, ctx.retry.max_attempts);
  int quota_taken = 0;
  for (int attempt = 1;; ++attempt) {
    HttpRequest attempt_request = request;
    SetHeader(attempt_request.headers, "amz-sdk-request",
              "attempt=" + std::to_string(attempt) + "; max=" + std::to_string(max_attempts));
    if (!options.unsigned_request) {
      Credentials credentials;
      if (options.credentials != nullptr) {
        credentials = *options.credentials;
      } else if (ctx.credentials == nullptr) {
        return UnauthenticatedError("no credentials provider configured");
      } else {
        ASSIGN_OR_RETURN(credentials, ctx.credentials->Resolve());
      }
      SigningParams params{ctx.region, std::string(service_.signing_name), ctx.clock->Now()};
      SignRequest(attempt_request, credentials, params);
    }

    AwsError error;
    error.service = std::string(service_.signing_name);
    error.operation = std::string(operation);
    Status failure;
    StatusOr<HttpResponse> response = ctx.transport->Send(attempt_request);
    if (!response.ok()) {
      failure = response.status();
      error.message = response.status().message();
    } else if (response->status >= 200 && response->status < 300) {
      StatusOr<nlohmann::json> decoded = decode(*response);
      if (decoded.ok()) {
        if (ctx.on_attempt) ctx.on_attempt({service_.signing_name, operation, attempt, response->status, ""});
        if (quota_taken > 0) {
          ctx.retry_quota->Refund(quota_taken);
        } else if (attempt == 1) {
          ctx.retry_quota->RecordFirstAttemptSuccess();
        }
        return decoded;
      }
      error.code = "MalformedResponse";
      error.message = decoded.status().message();
      error.http_status = response->status;
      error.request_id = std::string(response->Header("x-amzn-RequestId"));
    } else {
      AwsError parsed = parse_error(*response);
      parsed.service = std::move(error.service);
      parsed.operation = std::move(error.operation);
      parsed.http_status = response->status;
      error = std::move(parsed);
    }
    if (!response.ok()) {
      // Keep the transport detail for the retry decision, then report it as an AwsError.
      error.retryable = IsRetryableFailure(op, failure);
    } else {
      error.retryable = IsRetryableFailure(
          op, Status(StatusCode::kUnavailable, "", std::make_shared<AwsError>(error)));
    }
    if (ctx.on_attempt) {
      ctx.on_attempt({service_.signing_name, operation, attempt, error.http_status,
                      error.code.empty() ? std::string("TransportError") : error.code});
    }
    const bool timed_out = !response.ok() && IsTimeout(failure);
    bool retry = error.retryable && attempt < max_attempts;
    if (retry && ctx.retry.mode == RetryMode::kStandard) {
      int cost = 0;
      retry = ctx.retry_quota->Acquire(timed_out, &cost);
      if (retry) quota_taken = cost;
    }
    if (!retry) {
      if (!response.ok()) {
        // No HTTP answer: keep the transport's code (Unavailable / DeadlineExceeded).
        const std::string message = error.Describe();
        return Status(failure.code(), message, std::make_shared<AwsError>(std::move(error)));
      }
      return MakeAwsStatus(std::move(error));
    }
    const Duration delay = BackoffDelay(attempt, ctx.retry.mode, *ctx.random);
    log::Debug("{} {}: attempt {} failed ({}), retrying in {} ms", service_.signing_name, operation,
               attempt, error.code.empty() ? error.message : error.code, delay.count());
    ctx.clock->SleepFor(delay);
  }
}

}  // namespace kanaria::aws
