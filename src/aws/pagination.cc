#include "aws/pagination.h"

namespace kanaria::aws {

StatusOr<std::string> NextPageToken(const nlohmann::json& page, std::string_view field) {
  if (!page.is_object()) return std::string();
  const auto it = page.find(field);
  if (it == page.end() || it->is_null()) return std::string();
  if (!it->is_string()) {
    return InternalError("page token " + std::string(field) + " is a " + it->type_name() +
                         ", not a string");
  }
  return it->get<std::string>();
}

}  // namespace kanaria::aws
