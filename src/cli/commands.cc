#include <array>

#include "cli/command.h"

namespace kanaria::cli {

CommandAction ConfigureWhoami(CLI::App& sub, const GlobalOptions& globals);
CommandAction ConfigureEmulator(CLI::App& sub, const GlobalOptions& globals);

namespace {

constexpr std::array kCommands = {
    Command{"whoami", "Show the AWS account, identity, region and credential source in use",
            &ConfigureWhoami},
    Command{"emulator",
            "Serve a local AWS (ECS, ELBv2, Cloud Map, CloudWatch, STS) with real traffic",
            &ConfigureEmulator},
};

}  // namespace

std::span<const Command> AllCommands() { return kCommands; }

}  // namespace kanaria::cli
