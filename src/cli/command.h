// A subcommand is one row of the table in commands.cc and one file that configures it.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <span>
#include <string_view>

#include "cli/global_options.h"

namespace kanaria::cli {

// Runs the command after parsing; returns the exit code.
using CommandAction = std::function<int()>;

struct Command {
  std::string_view name;
  std::string_view summary;
  // Declares the command's own options and arguments on `sub`; returns what runs it.
  // `globals` is filled by the parser before the action runs.
  CommandAction (*configure)(CLI::App& sub, const GlobalOptions& globals);
};

std::span<const Command> AllCommands();

}  // namespace kanaria::cli
