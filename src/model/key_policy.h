// Which keys of the app config kanaria reads, which it ignores with a warning, and which it
// refuses; one static table (STYLE.md 2). kanaria reads PipeCD's `kind: ECSApp` schema as is:
//   kSupported    read and validated by app_config_parser / stage_parser;
//   kIgnored      a PipeCD key that does not change what a release does (trigger, labels, ...):
//                 a warning "FILE:LINE: KEY is not used by kanaria (ignored); why";
//   kUnsupported  a PipeCD key that would change what a release does and that kanaria does not
//                 implement (postSync, encryption, ...): an error naming it;
//   no row        unknown to both: an error with the nearest valid name.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string_view>
#include <vector>

#include "model/diagnostics.h"
#include "model/yaml_document.h"

namespace kanaria::model {

enum class KeyPolicy { kSupported, kIgnored, kUnsupported };

struct KeyRule {
  // Where the key may appear: "" (the root), "spec", "spec.input", "targetGroup", "stage",
  // "with ECS_CANARY_ROLLOUT", "spec.kanaria", ...
  std::string_view schema;
  std::string_view key;
  KeyPolicy policy;
  // The schema of the value when it is an object, or of each element when it is a list of
  // objects; empty = the value's inside is not checked here. "with" stands for
  // "with <the stage's name>".
  std::string_view child;
  // kIgnored / kUnsupported: why, shown to the user (with PipeCD's meaning where it helps).
  std::string_view why;
};

std::span<const KeyRule> KeyRules();
const KeyRule* FindKeyRule(std::string_view schema, std::string_view key);
// Every key of `schema`, in table order (for suggestions).
std::vector<std::string_view> KeysOf(std::string_view schema);

// Walks the app config from the root and reports every key that is not kSupported: warnings
// for kIgnored, errors for kUnsupported and unknown keys. Values are not checked here.
void CheckConfigKeys(const YamlDocument& doc, const std::string& file, Diagnostics& diagnostics);

}  // namespace kanaria::model
