// A readable diff of two JSON documents, for `plan`'s "task definition against what runs".
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kanaria::model {

// One line per difference, in document order:
//   "~ containerDefinitions[0].image: \"web:1\" -> \"web:2\""
//   "+ containerDefinitions[0].environment[1]: {\"name\":\"X\",\"value\":\"1\"}"
//   "- cpu: \"256\""
// Arrays are compared element by element (an inserted element shows as changes after it).
std::vector<std::string> DiffJson(const nlohmann::json& before, const nlohmann::json& after);

}  // namespace kanaria::model
