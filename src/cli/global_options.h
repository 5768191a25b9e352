// Options every command accepts (placed before or after the command name).
#pragma once

#include <optional>
#include <string>

namespace kanaria::cli {

enum class OutputFormat { kText, kJson };

struct GlobalOptions {
  std::optional<std::string> endpoint_url;  // --endpoint-url
  std::optional<std::string> region;        // --region
  std::optional<std::string> profile;       // --profile
  OutputFormat output = OutputFormat::kText;
  std::string state_dir;                    // --state-dir ("" = ~/.local/state/kanaria)
  bool verbose = false;                     // -v: debug logging
};

}  // namespace kanaria::cli
