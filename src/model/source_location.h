// Where a value came from, for messages that say "file:line".
#pragma once

#include <string>

namespace kanaria::model {

struct SourceLocation {
  std::string file;  // path as the user would type it (directory + name)
  int line = 0;      // from 1; 0 = the whole file
  // "file:line" ("file" when line is 0).
  std::string ToString() const;
};

}  // namespace kanaria::model
