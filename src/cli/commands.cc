#include <array>

#include "cli/command.h"

namespace kanaria::cli {

CommandAction ConfigureWhoami(CLI::App& sub, const GlobalOptions& globals);

namespace {

constexpr std::array kCommands = {
    Command{"whoami", "Show the AWS account, identity, region and credential source in use",
            &ConfigureWhoami},
};

}  // namespace

std::span<const Command> AllCommands() { return kCommands; }

}  // namespace kanaria::cli
