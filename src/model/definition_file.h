// A service or task definition file (JSON or YAML in the AWS API's camelCase shapes), templated
// and parsed, with the line of every value so later checks (the engine's pre-flight too) can say
// "taskdef.json:14: containerDefinitions[0].portMappings[0].containerPort: ...".
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "model/source_location.h"

namespace kanaria::model {

struct DefinitionFile {
  std::string path;     // as the user would type it
  nlohmann::json json;  // the templated document (an object)
  // JSON pointer ("/containerDefinitions/0/name") -> line (from 1) of that value: for an object
  // member the line of its key, for a list element the line where it starts (yaml_document.h).
  std::map<std::string, int> lines;

  // Where the value at `pointer` is written; the nearest written ancestor when the value itself
  // is absent (so a missing key points at its parent object); the file when nothing matches.
  SourceLocation LocationOf(const std::string& pointer) const;
};

}  // namespace kanaria::model
