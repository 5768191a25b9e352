// Environment variables set or unset for one test and restored afterwards (RAII). Tests of code
// that reads the environment (credentials, region, proxies) use it so no test leaks settings
// into the next. Not thread-safe: setenv/unsetenv race with any thread reading the environment,
// so use it only while the test runs single-threaded code or before starting threads.
#pragma once

#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

extern char** environ;

namespace kanaria::testing {

class ScopedEnv {
 public:
  ScopedEnv() = default;
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
  // Puts back every variable touched to the value it had before the first change.
  ~ScopedEnv() {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
      if (it->second) {
        setenv(it->first.c_str(), it->second->c_str(), 1);
      } else {
        unsetenv(it->first.c_str());
      }
    }
  }

  ScopedEnv& Set(const std::string& name, const std::string& value) {
    Remember(name);
    setenv(name.c_str(), value.c_str(), 1);
    return *this;
  }
  ScopedEnv& Unset(const std::string& name) {
    Remember(name);
    unsetenv(name.c_str());
    return *this;
  }
  // Unsets every variable whose name starts with `prefix` ("AWS_" gives a clean AWS setup).
  ScopedEnv& UnsetPrefix(const std::string& prefix) {
    std::vector<std::string> names;
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string entry(*e);
      const std::string name = entry.substr(0, entry.find('='));
      if (name.rfind(prefix, 0) == 0) names.push_back(name);
    }
    for (const auto& name : names) Unset(name);
    return *this;
  }

 private:
  void Remember(const std::string& name) {
    for (const auto& entry : saved_) {
      if (entry.first == name) return;
    }
    const char* value = std::getenv(name.c_str());
    saved_.emplace_back(name, value ? std::optional<std::string>(value) : std::nullopt);
  }

  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

}  // namespace kanaria::testing
