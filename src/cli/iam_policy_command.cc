// `kanaria iam-policy`: the IAM policy document a release needs (docs/iam-policy.json).
#include <iostream>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "engine/iam_policy.h"

namespace kanaria::cli {

CommandAction ConfigureIamPolicy(CLI::App& /*sub*/, const GlobalOptions& /*globals*/) {
  return [] {
    std::cout << engine::IamPolicyDocument().dump(2) << "\n";
    return kExitOk;
  };
}

}  // namespace kanaria::cli
