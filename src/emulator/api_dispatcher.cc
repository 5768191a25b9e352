#include "emulator/api_dispatcher.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "aws/protocol/cbor_decode.h"
#include "aws/protocol/json_protocol.h"
#include "aws/protocol/query_protocol.h"
#include "core/log.h"
#include "emulator/api_error.h"
#include "emulator/signature_check.h"
#include "emulator/service_table.h"

namespace kanaria::emulator {
namespace {

// What a request asks for, or why it cannot be run.
struct Identified {
  const EmulatedService* service = nullptr;
  const EmulatedOperation* operation = nullptr;
  std::string operation_name;
  WireProtocol protocol = WireProtocol::kJson;
  bool json10 = false;  // CloudWatch's JSON 1.0 form
  bool cbor = false;    // Smithy RPC v2 CBOR (CloudWatch's newest form)
  nlohmann::json input;
  std::optional<ApiError> error;
};

std::string_view Header(const WireRequest& request, std::string_view name) {
  return aws::FindHeader(request.headers, name);
}

void IdentifyJson(const WireRequest& request, std::string_view target, Identified& out) {
  out.protocol = WireProtocol::kJson;
  const size_t dot = target.rfind('.');
  const std::string_view prefix = dot == std::string_view::npos ? "" : target.substr(0, dot);
  out.operation_name = std::string(dot == std::string_view::npos ? target : target.substr(dot + 1));
  for (const EmulatedService& service : EmulatedServices()) {
    if (service.descriptor->target_prefix == prefix ||
        (!service.json10_target_prefix.empty() && service.json10_target_prefix == prefix)) {
      out.service = &service;
      out.json10 = service.descriptor->target_prefix != prefix;
    }
  }
  if (out.service == nullptr) {
    out.error = ApiError("UnknownOperationException",
                         fmt::format("Unknown operation target {}", target));
    return;
  }
  out.operation = FindOperation(*out.service, out.operation_name);
  if (out.operation == nullptr) {
    out.error = ApiError("UnknownOperationException",
                         fmt::format("Unknown operation {}", out.operation_name));
    return;
  }
  StatusOr<nlohmann::json> body = aws::DecodeJsonBody(request.body);
  if (!body.ok()) {
    out.error = ApiError("SerializationException", "Request body is not a JSON object.");
    return;
  }
  out.input = std::move(*body);
}

const EmulatedService* QueryServiceFor(std::string_view scope_service, std::string_view version,
                                       std::string_view action) {
  for (const EmulatedService& service : EmulatedServices()) {
    if (service.descriptor->protocol == aws::Protocol::kQuery &&
        service.descriptor->signing_name == scope_service) {
      return &service;
    }
  }
  for (const EmulatedService& service : EmulatedServices()) {
    if (service.descriptor->protocol == aws::Protocol::kQuery &&
        service.descriptor->api_version == version) {
      return &service;
    }
  }
  for (const EmulatedService& service : EmulatedServices()) {
    if (service.descriptor->protocol == aws::Protocol::kQuery && FindOperation(service, action)) {
      return &service;
    }
  }
  return nullptr;
}

void IdentifyQuery(const WireRequest& request, Identified& out) {
  out.protocol = WireProtocol::kQuery;
  std::string form = request.query;
  if (request.method == "POST" && !request.body.empty()) {
    form = form.empty() ? request.body : form + "&" + request.body;
  }
  StatusOr<aws::QueryParams> params = aws::ParseFormBody(form);
  if (!params.ok()) {
    out.error = ApiError("MalformedQueryString", params.status().message());
    return;
  }
  std::string action;
  std::string version;
  aws::QueryParams rest;
  for (auto& [name, value] : *params) {
    if (name == "Action") {
      action = value;
    } else if (name == "Version") {
      version = value;
    } else {
      rest.emplace_back(std::move(name), std::move(value));
    }
  }
  out.operation_name = action;
  if (action.empty()) {
    out.error = ApiError("MissingAction", "Could not find operation: the request has no Action.");
    return;
  }
  const std::optional<CredentialScope> scope =
      ParseCredentialScope(Header(request, "Authorization"));
  out.service = QueryServiceFor(scope ? scope->service : "", version, action);
  if (out.service != nullptr) out.operation = FindOperation(*out.service, action);
  if (out.operation == nullptr) {
    out.error = ApiError("InvalidAction",
                         fmt::format("Could not find operation {} for version {}", action,
                                     version.empty() ? "NO_VERSION_SPECIFIED" : version));
    return;
  }
  out.input = aws::UnflattenQueryParams(rest);
}

// Smithy RPC v2 CBOR: POST /service/<ServiceShape>/operation/<Operation>, which botocore 1.43
// (and so the aws CLI) speaks to CloudWatch by default. The tree is the JSON protocol's:
// timestamps are epoch seconds, which botocore reads for timestamp members with or without
// CBOR's tag 1.
void IdentifyRpcV2Cbor(const WireRequest& request, Identified& out) {
  out.protocol = WireProtocol::kJson;
  out.json10 = true;
  out.cbor = true;
  constexpr std::string_view kService = "/service/";
  const std::string_view path = request.path;
  const size_t operation_at = path.find("/operation/");
  if (operation_at == std::string_view::npos) {
    out.error = ApiError("UnknownOperationException", "Unknown operation path " + request.path);
    return;
  }
  const std::string target = std::string(path.substr(kService.size(), operation_at - kService.size())) +
                             "." + std::string(path.substr(operation_at + 11));
  WireRequest as_json = request;
  as_json.body = "{}";
  IdentifyJson(as_json, target, out);
  out.json10 = true;
  if (out.error) return;
  if (request.body.empty()) {
    out.input = nlohmann::json::object();
    return;
  }
  StatusOr<nlohmann::json> input = aws::DecodeCbor(request.body);
  if (!input.ok() || !input->is_object()) {
    out.error = ApiError("SerializationException",
                         input.ok() ? "Request body is not a CBOR map." : input.status().message());
    return;
  }
  out.input = std::move(*input);
}

Identified Identify(const WireRequest& request) {
  Identified out;
  if (request.path.rfind("/service/", 0) == 0 &&
      Header(request, "smithy-protocol") == "rpc-v2-cbor") {
    IdentifyRpcV2Cbor(request, out);
  } else if (const std::string_view target = Header(request, "X-Amz-Target"); !target.empty()) {
    IdentifyJson(request, target, out);
  } else {
    IdentifyQuery(request, out);
  }
  return out;
}

std::string ThrottlingCode(const Identified& call) {
  return call.protocol == WireProtocol::kJson && !call.json10 ? "ThrottlingException"
                                                               : "Throttling";
}

WireResponse EncodeError(const Identified& call, const ApiError& error,
                         const std::string& request_id) {
  WireResponse response;
  response.status = error.http_status;
  response.headers.emplace_back("x-amzn-RequestId", request_id);
  if (call.cbor) {
    response.headers.emplace_back("Content-Type", "application/cbor");
    response.headers.emplace_back("smithy-protocol", "rpc-v2-cbor");
    response.headers.emplace_back(
        "x-amzn-query-error", error.code + (error.sender_fault ? ";Sender" : ";Receiver"));
    const std::vector<uint8_t> body =
        nlohmann::json::to_cbor(nlohmann::json{{"__type", error.code}, {"message", error.message}});
    response.body.assign(body.begin(), body.end());
  } else if (call.protocol == WireProtocol::kJson) {
    response.headers.emplace_back("Content-Type", aws::JsonContentType(call.json10 ? "1.0" : "1.1"));
    response.headers.emplace_back("x-amzn-ErrorType", error.code);
    if (call.json10) {
      // Query-compatible JSON (CloudWatch): SDKs read the query-protocol code from here.
      response.headers.emplace_back(
          "x-amzn-query-error", error.code + (error.sender_fault ? ";Sender" : ";Receiver"));
    }
    response.body = nlohmann::json{{"__type", error.code}, {"message", error.message}}.dump();
  } else {
    const std::string_view xml_namespace =
        call.service != nullptr ? call.service->descriptor->xml_namespace : "";
    response.headers.emplace_back("Content-Type", "text/xml");
    response.body = aws::EncodeXmlError(xml_namespace, error.sender_fault ? "Sender" : "Receiver",
                                        error.code, error.message, request_id);
  }
  return response;
}

WireResponse EncodeResult(const Identified& call, const nlohmann::json& result,
                          const std::string& request_id) {
  WireResponse response;
  response.headers.emplace_back("x-amzn-RequestId", request_id);
  if (call.cbor) {
    response.headers.emplace_back("Content-Type", "application/cbor");
    response.headers.emplace_back("smithy-protocol", "rpc-v2-cbor");
    const std::vector<uint8_t> body =
        nlohmann::json::to_cbor(result.is_null() ? nlohmann::json::object() : result);
    response.body.assign(body.begin(), body.end());
  } else if (call.protocol == WireProtocol::kJson) {
    response.headers.emplace_back("Content-Type", aws::JsonContentType(call.json10 ? "1.0" : "1.1"));
    response.body = result.is_null() ? "{}" : result.dump();
  } else {
    response.headers.emplace_back("Content-Type", "text/xml");
    response.body = aws::EncodeXmlResponse(call.operation_name,
                                           call.service->descriptor->xml_namespace,
                                           result.is_null() ? nlohmann::json::object() : result,
                                           request_id);
  }
  return response;
}

// The IAM action prefix of each emulated service (its signing name, but CloudWatch's).
std::string_view IamPrefix(std::string_view signing_name) {
  return signing_name == aws::kCloudWatchService.signing_name ? "cloudwatch" : signing_name;
}

// The error an injected fault answers with; nullopt when the call runs. `caller_arn` names the
// caller in an access-denied message, as AWS does.
std::optional<ApiError> FaultError(const Identified& call, ApiFaultDecision::Outcome outcome,
                                   const std::string& caller_arn) {
  switch (outcome) {
    case ApiFaultDecision::Outcome::kAccessDenied: {
      const bool json = call.protocol == WireProtocol::kJson && !call.json10;
      return ApiError(json ? "AccessDeniedException" : "AccessDenied",
                      fmt::format("User: {} is not authorized to perform: {}:{} on resource: *",
                                  caller_arn, IamPrefix(call.service->descriptor->signing_name),
                                  call.operation_name),
                      json ? 400 : 403);
    }
    case ApiFaultDecision::Outcome::kThrottle:
      return ApiError(ThrottlingCode(call), "Rate exceeded", 400);
    case ApiFaultDecision::Outcome::kError500:
      return ApiError(call.protocol == WireProtocol::kJson && !call.json10 ? "ServerException"
                                                                           : "InternalFailure",
                      "We encountered an internal error. Please try again.", 500, false);
    case ApiFaultDecision::Outcome::kError503:
      return ApiError("ServiceUnavailable", "Service is unavailable. Please try again.", 503,
                      false);
    default:
      return std::nullopt;
  }
}

}  // namespace

ApiDispatcher::ApiDispatcher(World& world, RequestLog& log, Authenticator authenticator,
                             std::function<void(std::string_view)> after_call)
    : world_(&world),
      log_(&log),
      authenticator_(std::move(authenticator)),
      after_call_(std::move(after_call)),
      request_ids_(world.random, "request-ids") {}

WireResponse ApiDispatcher::Handle(const WireRequest& request) {
  const WallTime received = world_->time.Now();
  Identified call = Identify(request);
  const std::string service_name =
      call.service != nullptr ? std::string(call.service->descriptor->signing_name) : "";
  std::string request_id;
  {
    std::lock_guard<std::mutex> lock(ids_mu_);
    request_id = request_ids_.Uuid();
  }
  auto finish = [&](WireResponse response, const std::string& error_code) {
    log_->Append({received, service_name, call.operation_name,
                  response.drop_connection ? 0 : response.status, error_code});
    return response;
  };
  if (call.error) return finish(EncodeError(call, *call.error, request_id), call.error->code);

  if (authenticator_) {
    const AuthVerdict verdict = authenticator_(request, call.protocol, call.operation_name);
    if (!verdict.accepted) {
      const ApiError error(verdict.error_code, verdict.message, verdict.http_status);
      return finish(EncodeError(call, error, request_id), error.code);
    }
  }

  const ApiFaultDecision fault = world_->faults.Decide(service_name, call.operation_name);
  if (fault.latency_ms > 0) {
    std::this_thread::sleep_for(std::chrono::microseconds(static_cast<int64_t>(fault.latency_ms * 1000)));
  }
  if (fault.outcome == ApiFaultDecision::Outcome::kDrop) {
    WireResponse dropped;
    dropped.drop_connection = true;
    return finish(std::move(dropped), "");
  }
  const std::optional<CredentialScope> scope =
      ParseCredentialScope(Header(request, "Authorization"));
  if (fault.outcome != ApiFaultDecision::Outcome::kNone) {
    const std::optional<IssuedCredentials> issued =
        scope ? world_->sts.FindIssued(scope->access_key_id) : std::nullopt;
    const std::string caller = issued ? issued->assumed_role_arn : world_->sts.DefaultUserArn();
    if (std::optional<ApiError> error = FaultError(call, fault.outcome, caller)) {
      return finish(EncodeError(call, *error, request_id), error->code);
    }
  }

  CallContext context{*world_, world_->time.Now(), request_id, call.protocol,
                      scope ? scope->access_key_id : ""};
  WireResponse response;
  std::string error_code;
  {
    std::lock_guard<std::mutex> lock(world_->mutex());
    world_->AdvanceTo(context.now);
    try {
      response = EncodeResult(call, call.operation->handler(context, call.input), request_id);
    } catch (const ApiError& error) {
      response = EncodeError(call, error, request_id);
      error_code = error.code;
    } catch (const std::exception& unexpected) {
      log::Error("emulator: {} {} failed: {}", service_name, call.operation_name,
                 unexpected.what());
      response = EncodeError(call,
                             ApiError("InternalFailure",
                                      fmt::format("internal error: {}", unexpected.what()), 500,
                                      false),
                             request_id);
      error_code = "InternalFailure";
    }
  }
  if (after_call_) after_call_(service_name);
  if (fault.outcome == ApiFaultDecision::Outcome::kResponseLost) {
    WireResponse lost;
    lost.drop_connection = true;
    return finish(std::move(lost), "");
  }
  return finish(std::move(response), error_code);
}

}  // namespace kanaria::emulator
