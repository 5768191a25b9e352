// Problems found while loading an application, in the one format every message uses:
//   FILE:LINE: KEY.PATH: what is wrong; what is allowed
// Loading collects every problem instead of stopping at the first, so a user fixes a file in one
// round; Diagnostics is the collector, JsonPath names a value both ways (the JSON pointer that
// finds its line, and the dotted path a person reads).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "model/source_location.h"

namespace kanaria::model {

// A position in a JSON document: pointer "/spec/pipeline/stages/2/with" and display
// "spec.pipeline.stages[2].with". The root is ("", "").
class JsonPath {
 public:
  JsonPath() = default;
  JsonPath Key(std::string_view key) const;
  JsonPath Index(size_t index) const;

  const std::string& pointer() const { return pointer_; }
  const std::string& display() const { return display_; }
  bool IsRoot() const { return pointer_.empty(); }

 private:
  std::string pointer_;
  std::string display_;
};

class Diagnostics {
 public:
  // `path` may be empty (a problem with the whole file, or with text that is not a key yet).
  void Error(const SourceLocation& where, std::string_view path, std::string_view message);
  void Warning(const SourceLocation& where, std::string_view path, std::string_view message);

  // Adds each line of a failed Status whose message is already in the format above (as
  // ParseYamlDocument returns it). Does nothing for OK.
  void AddErrors(const Status& status);

  bool HasErrors() const { return !errors_.empty(); }
  size_t error_count() const { return errors_.size(); }
  // Formatted lines, ordered by file (in the order files were first mentioned) and line, so a
  // user reads them top-down whatever order the checks ran in.
  std::vector<std::string> errors() const { return Sorted(errors_); }
  std::vector<std::string> warnings() const { return Sorted(warnings_); }

  // OK when there are no errors; otherwise kInvalidInput with one line per error, as errors().
  Status ToStatus() const;

  // "FILE:LINE: PATH: MESSAGE" (PATH and its colon are left out when empty).
  static std::string Format(const SourceLocation& where, std::string_view path,
                            std::string_view message);

 private:
  struct Entry {
    int file_rank;  // order in which the file was first mentioned
    int line;
    std::string text;
  };
  int FileRank(const std::string& file);
  std::vector<std::string> Sorted(std::vector<Entry> entries) const;

  std::vector<std::string> files_;
  std::vector<Entry> errors_;
  std::vector<Entry> warnings_;
};

}  // namespace kanaria::model
