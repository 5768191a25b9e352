#include "model/user_config.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "model/diagnostics.h"
#include "model/nearest_name.h"
#include "model/value_reader.h"
#include "model/yaml_document.h"

namespace kanaria::model {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kKeys[] = {"analysisProviders"};

}  // namespace

std::string DefaultUserConfigPath(const EnvLookup& env) {
  if (std::optional<std::string> xdg = env("XDG_CONFIG_HOME");
      xdg && !xdg->empty() && fs::path(*xdg).is_absolute()) {
    return (fs::path(*xdg) / "kanaria" / "config.yaml").string();
  }
  if (std::optional<std::string> home = env("HOME"); home && !home->empty()) {
    return (fs::path(*home) / ".config" / "kanaria" / "config.yaml").string();
  }
  return "";
}

StatusOr<UserConfig> LoadUserConfig(const std::string& path) {
  UserConfig config;
  config.file = path;
  if (path.empty()) return config;
  std::error_code ec;
  if (!fs::exists(path, ec)) return config;
  if (!fs::is_regular_file(path, ec)) {
    return InvalidInputError(
        fmt::format("{}: not a file; kanaria's user configuration is a YAML file", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidInputError(fmt::format("{}: cannot read the file", path));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return InvalidInputError(fmt::format("{}: cannot read the file", path));
  config.exists = true;

  ASSIGN_OR_RETURN(YamlDocument doc, ParseYamlDocument(bytes.str(), path));
  if (doc.json.is_null()) return config;  // an empty file
  Diagnostics diagnostics;
  if (!doc.json.is_object()) {
    diagnostics.Error(SourceLocation{path, 1}, "",
                      "the file is not a map; kanaria's user configuration is a map with "
                      "analysisProviders");
    return diagnostics.ToStatus();
  }
  ValueReader reader(path, doc.lines, diagnostics);
  for (const auto& [key, value] : doc.json.items()) {
    bool known = false;
    for (std::string_view k : kKeys) known = known || k == key;
    if (!known) {
      reader.Error(JsonPath().Key(key), fmt::format("unknown key; {}", SuggestName(key, kKeys)));
    }
  }
  const JsonPath providers_path = JsonPath().Key("analysisProviders");
  config.analysis_providers = ParseAnalysisProviders(
      ValueReader::Member(&doc.json, "analysisProviders"), providers_path, reader);
  RETURN_IF_ERROR(diagnostics.ToStatus());
  return config;
}

}  // namespace kanaria::model
