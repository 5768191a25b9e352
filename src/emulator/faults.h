// Injected faults (admin API `/_emulator/faults`, docs/emulator.md). API faults apply per service
// and operation ("*" for every operation): throttling, HTTP 500/503, access denied, added
// latency, dropped connections and "applied but response lost". Task-definition faults (per family, or
// family:revision) make tasks fail to start, turn unhealthy after start or keep their task set
// STABILIZING. Rates are drawn from seeded streams keyed by service and operation. Thread-safe.
#pragma once

#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "emulator/random_streams.h"

namespace kanaria::emulator {

struct ApiFault {
  std::string service{};       // signing name: "ecs", "elasticloadbalancing", ...
  std::string operation = "*";
  double throttle_rate = 0;    // share of calls answered with the service's throttling error
  double error500_rate = 0;
  double error503_rate = 0;
  double latency_ms = 0;       // real added latency (not scaled: it models the network)
  double drop_rate = 0;        // connection dropped before the call is executed
  double response_lost_rate = 0;  // the call takes effect, then the connection is dropped
  double access_denied_rate = 0;  // answered with the service's access-denied error, not executed
  // Applies to the next `count` matching calls only, then is removed (unset = until cleared):
  // rate 1 with count 1 hits exactly the next call, a deterministic point for crash tests.
  std::optional<int> count{};
  int skip = 0;  // the first `skip` matching calls pass untouched (and do not use up `count`)
};

struct TaskDefinitionFault {
  std::string task_definition{};  // "family" or "family:revision"
  std::string start_failure{};  // non-empty: tasks stop at start with this stoppedReason
  bool unhealthy_after_start = false;
  bool stuck_stabilizing = false;
};

// What the dispatcher does with one call.
struct ApiFaultDecision {
  enum class Outcome { kNone, kThrottle, kError500, kError503, kDrop, kResponseLost, kAccessDenied };
  Outcome outcome = Outcome::kNone;
  double latency_ms = 0;
};

class Faults {
 public:
  explicit Faults(RandomStreams& random) : random_(&random) {}

  // Adds faults from the admin API body: {"api": [ApiFault...], "taskDefinitions": [...]}.
  // kInvalidInput naming the field when a rate is outside 0..1 or a field is unknown.
  Status AddFromJson(const nlohmann::json& body);
  void Clear();
  nlohmann::json ToJson() const;

  ApiFaultDecision Decide(std::string_view service, std::string_view operation);
  // The fault for a task definition: an exact "family:revision" entry wins over "family".
  std::optional<TaskDefinitionFault> ForTaskDefinition(std::string_view family,
                                                       int revision) const;

  void Add(ApiFault fault);
  void Add(TaskDefinitionFault fault);

 private:
  RandomStreams* random_;
  mutable std::mutex mu_;
  std::vector<ApiFault> api_;
  std::vector<TaskDefinitionFault> task_definitions_;
};

}  // namespace kanaria::emulator
