#include <array>

#include "cli/command.h"

namespace kanaria::cli {

CommandAction ConfigurePlan(CLI::App& sub, const GlobalOptions& globals);
CommandAction ConfigureDeploy(CLI::App& sub, const GlobalOptions& globals);
CommandAction ConfigureStatus(CLI::App& sub, const GlobalOptions& globals);
CommandAction ConfigureHistory(CLI::App& sub, const GlobalOptions& globals);
CommandAction ConfigureApprove(CLI::App& sub, const GlobalOptions& globals);
CommandAction ConfigureAbort(CLI::App& sub, const GlobalOptions& globals);
CommandAction ConfigureResume(CLI::App& sub, const GlobalOptions& globals);
CommandAction ConfigureRollback(CLI::App& sub, const GlobalOptions& globals);
CommandAction ConfigureDemo(CLI::App& sub, const GlobalOptions& globals);
CommandAction ConfigureIamPolicy(CLI::App& sub, const GlobalOptions& globals);
CommandAction ConfigureWhoami(CLI::App& sub, const GlobalOptions& globals);
CommandAction ConfigureEmulator(CLI::App& sub, const GlobalOptions& globals);

namespace {

constexpr std::array kCommands = {
    Command{"plan", "Check an app against AWS (read-only) and show what a release would do", &ConfigurePlan},
    Command{"deploy", "Release an app through its pipeline (resumes the same release after a crash)",
            &ConfigureDeploy},
    Command{"status", "Show the service's task sets, weights and the release in flight", &ConfigureStatus},
    Command{"history", "List past releases from the journal", &ConfigureHistory},
    Command{"approve", "Approve the WAIT_APPROVAL stage of the release in flight (from any machine)",
            &ConfigureApprove},
    Command{"abort", "Roll back the release in flight (from any machine)", &ConfigureAbort},
    Command{"resume", "Finish an interrupted release", &ConfigureResume},
    Command{"rollback", "Go back to the task definition that ran before the last release", &ConfigureRollback},
    Command{"demo", "Run a canary release on the built-in emulator (no AWS account needed)", &ConfigureDemo},
    Command{"iam-policy", "Print the IAM policy a release needs", &ConfigureIamPolicy},
    Command{"whoami", "Show the AWS account, identity, region and credential source in use",
            &ConfigureWhoami},
    Command{"emulator",
            "Serve a local AWS (ECS, ELBv2, Cloud Map, CloudWatch, STS) with real traffic",
            &ConfigureEmulator},
};

}  // namespace

std::span<const Command> AllCommands() { return kCommands; }

}  // namespace kanaria::cli
