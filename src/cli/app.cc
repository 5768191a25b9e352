#include "cli/app.h"

#include <CLI/CLI.hpp>

namespace kanaria::cli {

int RunApp(int argc, char** argv) {
  CLI::App app{"kanaria: progressive releases for Amazon ECS"};
  app.set_version_flag("--version", std::string("kanaria ") + KANARIA_VERSION);
  CLI11_PARSE(app, argc, argv);
  return 0;
}

}  // namespace kanaria::cli
