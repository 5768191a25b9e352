#pragma once

namespace kanaria::cli {

// Parses the command line, runs the chosen command and returns the process exit code.
int RunApp(int argc, char** argv);

}  // namespace kanaria::cli
