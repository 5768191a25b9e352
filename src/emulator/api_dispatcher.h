// Turns one HTTP request on the emulator's API port into an emulated AWS call and back:
// identifies the service and operation (X-Amz-Target for JSON; Action + Version and the SigV4
// credential scope's service for the query protocol), authenticates, applies injected faults,
// decodes the input, runs the operation under the World's mutex and encodes the output or the
// error exactly as that protocol does. Every call is appended to the RequestLog.
#pragma once

#include <functional>
#include <string>

#include "aws/http.h"
#include "emulator/emulated_service.h"
#include "emulator/ids.h"
#include "emulator/request_log.h"
#include "emulator/world.h"

namespace kanaria::emulator {

struct WireRequest {
  std::string method;
  std::string target;  // the raw request target (path and query) as on the request line
  std::string path;   // without the query string
  std::string query;  // raw, without '?'
  aws::HttpHeaders headers;
  std::string body;
};

struct WireResponse {
  int status = 200;
  aws::HttpHeaders headers;
  std::string body;
  // End the connection without an answer (drop fault, or "applied but response lost").
  bool drop_connection = false;
};

// What authentication decided about a request.
struct AuthVerdict {
  bool accepted = true;
  std::string error_code;  // the protocol's AWS code when refused
  std::string message;
  int http_status = 403;
};
// Null: every request is accepted, whatever credentials signed it.
using Authenticator =
    std::function<AuthVerdict(const WireRequest&, WireProtocol, std::string_view operation)>;

class ApiDispatcher {
 public:
  // `after_call(service signing name)` runs after each executed call, outside the world mutex
  // (the emulator reconciles the data plane's listeners after ELBv2 calls).
  ApiDispatcher(World& world, RequestLog& log, Authenticator authenticator,
                std::function<void(std::string_view)> after_call);

  WireResponse Handle(const WireRequest& request);

 private:
  World* world_;
  RequestLog* log_;
  Authenticator authenticator_;
  std::function<void(std::string_view)> after_call_;
  std::mutex ids_mu_;
  IdGenerator request_ids_;
};

}  // namespace kanaria::emulator
