// YAML (and JSON, which yaml-cpp reads as YAML flow style) turned into nlohmann::json plus the
// line of every value, so later checks can say "taskdef.json:14: containerDefinitions[0]...".
//
// Scalars follow the YAML 1.2 core schema, restricted so that JSON input round-trips exactly:
//   - quoted and block scalars ('x', "x", |, >) and `!!str` are strings;
//   - plain `null`, `Null`, `NULL`, `~` and empty values are null;
//   - plain `true`/`True`/`TRUE`/`false`/`False`/`FALSE` are booleans (YAML 1.1's yes/no/on/off
//     stay strings: PipeCD's reader would take them as booleans, but a string is what a service
//     or task definition means by `value: yes`, and AWS would refuse a boolean there anyway);
//   - plain decimal integers without leading zeros are integers, decimal numbers with a fraction
//     or an exponent are floats (`007`, `0x1F`, `.inf`, `.nan` stay strings: JSON has no such
//     numbers and an env value of "007" must not become 7);
//   - everything else is a string.
// Refused, with the line: syntax errors, duplicate keys (each one), merge keys (`<<`, which
// yaml-cpp 0.7 does not expand), custom tags (`!Ref`), non-scalar keys, several documents in one
// file. Exceptions from yaml-cpp never escape.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/status.h"
#include "model/source_location.h"

namespace kanaria::model {

struct YamlDocument {
  nlohmann::json json;  // null for an empty file
  // JSON pointer -> line (from 1). An object member maps to the line of its key (where a person
  // looks for `containerPort:`), an array element to the line where the element starts (the
  // `- name:` line). The root is not in the map.
  std::map<std::string, int> lines;
};

// REQUIRES: `file` is the path to show in messages.
StatusOr<YamlDocument> ParseYamlDocument(std::string_view text, const std::string& file);

// The JSON value of a plain (unquoted, untagged) YAML scalar, by the rules above.
nlohmann::json ResolvePlainScalar(const std::string& text);

// Where `pointer` is written in a document whose lines are `lines`: its own line, else the
// nearest ancestor's, else the whole file (line 0).
SourceLocation LocateInLines(const std::map<std::string, int>& lines, const std::string& file,
                             const std::string& pointer);

}  // namespace kanaria::model
