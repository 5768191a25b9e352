// The table of every AWS operation kanaria calls: which service, whether it mutates, how it may
// be retried and which IAM action it needs. Retries, `plan`'s call list and
// docs/iam-policy.json are all derived from this one table.
#pragma once

#include <span>
#include <string_view>

namespace kanaria::aws {

enum class RetryClass {
  kRead,             // no side effect: retry on 5xx and timeouts
  kSetToValue,       // writes a value; repeating it is harmless: retry on 5xx and timeouts
  kClientToken,      // carries a clientToken: the service de-duplicates retries
  kNonIdempotent,    // retried only when the call provably did not run (throttled, not sent)
};

struct OperationInfo {
  std::string_view service;     // signing name: "ecs", "elasticloadbalancing", ...
  std::string_view name;        // "CreateTaskSet"
  bool mutating;                // changes AWS state
  RetryClass retry_class;
  std::string_view iam_action;  // "ecs:CreateTaskSet"; "" when no permission is needed
};

std::span<const OperationInfo> AllOperations();

// nullptr when the operation is not in the table.
const OperationInfo* FindOperation(std::string_view service, std::string_view name);

}  // namespace kanaria::aws
