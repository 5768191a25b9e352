// The INI dialect of ~/.aws/config and ~/.aws/credentials, read exactly as botocore reads it
// (Python's configparser.RawConfigParser in strict mode, then botocore's nested sub-sections):
//  - `[name]` starts a section (the name is everything between the first '[' and the last ']');
//    `[DEFAULT]` is configparser's defaults section, whose keys every other section inherits;
//  - `key = value` or `key: value` (the first '=' or ':' splits; keys are lower-cased; both sides
//    are trimmed);
//  - a line starting with '#' or ';' (after indentation) is a comment; there are no inline
//    comments, so `region = us-east-1 # prod` has the value "us-east-1 # prod";
//  - a line indented deeper than its key line continues the value (blank lines inside kept);
//  - a value that starts on the line after its key (`s3 =` then indented `k = v` lines) is a
//    nested sub-section;
//  - a repeated section or a repeated key within a section is an error, as is a key line before
//    any section or a line that is neither a section, a key nor a continuation.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace kanaria::aws {

struct IniValue {
  std::string value;                              // joined continuation lines
  std::map<std::string, std::string> subsection;  // set when the value is a nested block
  bool nested = false;
  int line = 0;  // 1-based line of the key
};

struct IniSection {
  std::string name;
  int line = 0;
  std::map<std::string, IniValue> values;  // keys lower-cased
};

struct IniFile {
  std::string path;
  std::vector<IniSection> sections;  // in file order, DEFAULT keys already merged in

  const IniSection* Find(std::string_view name) const;
};

// Parses `text` read from `path` (used in messages as "path:line: ...").
StatusOr<IniFile> ParseIni(std::string_view text, const std::string& path);

// Reads and parses the file. A path that does not name a regular file is kNotFound (botocore's
// ConfigNotFound: the caller treats it as an empty file); a read or parse failure is
// kInvalidInput naming the path and line.
StatusOr<IniFile> LoadIniFile(const std::string& path);

}  // namespace kanaria::aws
