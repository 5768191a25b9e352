#include "model/source_location.h"

namespace kanaria::model {

std::string SourceLocation::ToString() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line);
}

}  // namespace kanaria::model
