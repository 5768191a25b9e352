#include "model/json_diff.h"

#include <fmt/format.h>

namespace kanaria::model {
namespace {

using nlohmann::json;

std::string ChildPath(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

void Diff(const json& a, const json& b, const std::string& path, std::vector<std::string>& out) {
  if (a.is_object() && b.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      if (!b.contains(it.key())) {
        out.push_back(fmt::format("- {}: {}", ChildPath(path, it.key()), it.value().dump()));
      } else {
        Diff(it.value(), b[it.key()], ChildPath(path, it.key()), out);
      }
    }
    for (auto it = b.begin(); it != b.end(); ++it) {
      if (!a.contains(it.key())) out.push_back(fmt::format("+ {}: {}", ChildPath(path, it.key()), it.value().dump()));
    }
    return;
  }
  if (a.is_array() && b.is_array()) {
    const std::size_t common = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < common; ++i) Diff(a[i], b[i], fmt::format("{}[{}]", path, i), out);
    for (std::size_t i = common; i < a.size(); ++i) out.push_back(fmt::format("- {}[{}]: {}", path, i, a[i].dump()));
    for (std::size_t i = common; i < b.size(); ++i) out.push_back(fmt::format("+ {}[{}]: {}", path, i, b[i].dump()));
    return;
  }
  if (a.is_number() && b.is_number() && a.get<double>() == b.get<double>()) return;
  if (a != b) out.push_back(fmt::format("~ {}: {} -> {}", path.empty() ? "(document)" : path, a.dump(), b.dump()));
}

}  // namespace

std::vector<std::string> DiffJson(const json& before, const json& after) {
  std::vector<std::string> out;
  Diff(before, after, "", out);
  return out;
}

}  // namespace kanaria::model
