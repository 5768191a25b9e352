// The IAM permissions a release needs, derived from the operation table (aws/operations.h):
// `plan` prints them, `kanaria iam-policy` prints the policy document, and docs/iam-policy.json
// is that output (a test keeps the file equal to it and checks that every call the engine makes
// against the emulator is covered).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/application.h"

namespace kanaria::engine {

// The IAM actions the engine's calls need, sorted, for every kind of app.
std::vector<std::string> EngineIamActions();
// The actions this app's release needs: without Cloud Map or ELB actions it does not use, plus
// iam:PassRole when its task definition names a task or execution role.
std::vector<std::string> IamActionsFor(const model::Application& app);
// A policy document allowing EngineIamActions() (plus iam:PassRole restricted to ECS tasks).
nlohmann::json IamPolicyDocument();

}  // namespace kanaria::engine
