// The data plane's contract with ELBv2: which listeners exist and where a request goes.
// ELBv2 implements it (services/elbv2); the listener servers and the load generator use it.
// Called with the World's mutex held.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "emulator/services/links.h"

namespace kanaria::emulator {

struct IncomingRequest {
  std::string method = "GET";
  std::string path = "/";        // without the query string
  std::string query;             // "a=1&b=2", without '?'
  std::string host;              // Host header, port removed
  std::map<std::string, std::string> headers;  // lowercase names
};

struct RouteDecision {
  enum class Kind {
    kForward,        // to `target` of `target_group_arn`
    kFixedResponse,  // answer `status`/`content_type`/`body` (fixed-response action)
    kUnavailable,    // 503: the chosen group has no registered target
    kNotRoutable,    // listener unknown or no action applies (answered 404/503 by the caller)
  };
  Kind kind = Kind::kNotRoutable;
  std::string load_balancer_arn;
  std::string target_group_arn;
  TargetAddress target;
  int status = 0;
  std::string content_type;
  std::string body;
  std::string set_cookie;  // group stickiness (AWSALBTG), empty when none
};

struct ListenerInfo {
  std::string listener_arn;
  std::string load_balancer_arn;
};

class ListenerRouting {
 public:
  virtual ~ListenerRouting() = default;
  virtual std::vector<ListenerInfo> Listeners() const = 0;
  // Routes as an ALB does: rules by priority (conditions AND-ed, values OR-ed), then the default
  // action; a weighted forward picks a group with `group_draw`, then a healthy target of it
  // (all targets when none is healthy) with `target_draw`. Draws are uniform in [0, 1).
  virtual RouteDecision Route(const std::string& listener_arn, const IncomingRequest& request,
                              double group_draw, double target_draw) const = 0;
  // One request matching each rule's conditions (in priority order) and one for the default
  // action, for the load generator to spread its traffic over.
  virtual std::vector<IncomingRequest> SampleRequests(const std::string& listener_arn) const = 0;
};

}  // namespace kanaria::emulator
