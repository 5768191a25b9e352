// The tags kanaria keeps on the ECS service and on task sets while a release runs. Together with
// the task sets' externalId (the release id) they let a fresh machine finish an interrupted
// release from AWS alone (I7). Values stay within AWS's tag rules: at most 256 characters of
// letters, digits, spaces and + - = . _ : / @.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace kanaria::engine {

// On the service.
inline constexpr std::string_view kLockTag = "kanaria:lock";
inline constexpr std::string_view kPhaseTag = "kanaria:phase";  // "forward" | "rollback"
// "<task set id> scale=<percent>" of the PRIMARY task set the release started from.
inline constexpr std::string_view kPreviousTaskSetTag = "kanaria:prev-taskset";
inline constexpr std::string_view kPreviousTaskDefinitionTag = "kanaria:prev-taskdef";
// base64 of the JSON of ReleaseState::previous_service_attributes (absent when nothing changed).
inline constexpr std::string_view kPreviousServiceTag = "kanaria:prev-service";
// Requests left by `kanaria approve` / `kanaria abort`: "<release id> by=<caller ARN>".
inline constexpr std::string_view kApproveRequestTag = "kanaria:approve";
inline constexpr std::string_view kAbortRequestTag = "kanaria:abort";

// On task sets (set inside CreateTaskSet).
inline constexpr std::string_view kReleaseTag = "kanaria:release";
inline constexpr std::string_view kRoleTag = "kanaria:role";  // "canary" | "primary" | "restored"
// TaskDefinitionDigest() of what the task set runs: the next release compares without a call.
inline constexpr std::string_view kTaskDefinitionDigestTag = "kanaria:taskdef-digest";
inline constexpr std::string_view kRoleCanary = "canary";
inline constexpr std::string_view kRolePrimary = "primary";
inline constexpr std::string_view kRoleRestored = "restored";

// kanaria:prev-taskset's value, both ways.
std::string EncodePreviousTaskSet(const std::string& task_set_id, double scale);
struct PreviousTaskSet {
  std::string id;
  double scale = 100;
};
std::optional<PreviousTaskSet> DecodePreviousTaskSet(std::string_view value);

// kanaria:prev-service's value: base64 of compact JSON (base64's alphabet is within the tag
// rules). nullopt when it would not fit in a tag value (the journal still has it).
std::optional<std::string> EncodeServiceAttributes(const nlohmann::json& attributes);
nlohmann::json DecodeServiceAttributes(std::string_view value);

}  // namespace kanaria::engine
