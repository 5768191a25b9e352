// One mutating AWS call, as `kanaria plan` lists it and as `deploy` records it when it makes it:
// the two lists are compared by tests, entry by entry.
#pragma once

#include <string>

namespace kanaria::engine {

struct PlannedCall {
  std::string step;       // "canary-rollout", "traffic-routing", "lock", ...
  std::string operation;  // the IAM action: "ecs:CreateTaskSet"
  std::string target;     // what it acts on, for people: "rule .../listener-rule/app/web/..."

  bool operator==(const PlannedCall&) const = default;
  // "canary-rollout  ecs:CreateTaskSet  task set of web:7 on green at 10%"
  std::string ToString() const;
};

}  // namespace kanaria::engine
