// Whole files as text, for tests that compare files or edit copies of them.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace kanaria::testing {

// The file's contents; "" when it cannot be read.
inline std::string ReadTextFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace kanaria::testing
