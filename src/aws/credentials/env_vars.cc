#include "aws/credentials/env_vars.h"

#include <pwd.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>

namespace kanaria::aws {
namespace {

bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string HomeDirectory() {
  if (auto home = GetEnv("HOME")) return *home;
  // Python falls back to the password database when HOME is unset.
  if (const passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_dir != nullptr) {
    return pw->pw_dir;
  }
  return "~";
}

}  // namespace

std::optional<std::string> GetEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::optional<std::string> GetNonEmptyEnv(const char* name) {
  auto value = GetEnv(name);
  if (!value || value->empty()) return std::nullopt;
  return value;
}

std::string ExpandPath(const std::string& path) {
  std::string expanded;
  for (size_t i = 0; i < path.size();) {
    if (path[i] != '$') {
      expanded += path[i++];
      continue;
    }
    size_t name_begin = i + 1;
    size_t name_end = name_begin;
    size_t next = name_begin;
    if (name_begin < path.size() && path[name_begin] == '{') {
      const size_t close = path.find('}', name_begin);
      if (close == std::string::npos) {
        expanded += path[i++];
        continue;
      }
      name_begin += 1;
      name_end = close;
      next = close + 1;
    } else {
      while (name_end < path.size() && IsNameChar(path[name_end])) ++name_end;
      next = name_end;
    }
    const std::string name = path.substr(name_begin, name_end - name_begin);
    auto value = name.empty() ? std::nullopt : GetEnv(name.c_str());
    if (value) {
      expanded += *value;
    } else {
      expanded += path.substr(i, next - i);
    }
    i = next;
  }
  if (expanded == "~" || expanded.rfind("~/", 0) == 0) {
    std::string home = HomeDirectory();
    // Python strips a trailing slash from HOME before joining.
    while (home.size() > 1 && home.back() == '/') home.pop_back();
    expanded = home + expanded.substr(1);
  }
  return expanded;
}

}  // namespace kanaria::aws
