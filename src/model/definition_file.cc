#include "model/definition_file.h"

#include "model/yaml_document.h"

namespace kanaria::model {

SourceLocation DefinitionFile::LocationOf(const std::string& pointer) const {
  return LocateInLines(lines, path, pointer);
}

}  // namespace kanaria::model
