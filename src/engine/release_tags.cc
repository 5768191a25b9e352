#include "engine/release_tags.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <cstdlib>

namespace kanaria::engine {

std::string EncodePreviousTaskSet(const std::string& task_set_id, double scale) {
  return fmt::format("{} scale={}", task_set_id, scale);
}

std::optional<PreviousTaskSet> DecodePreviousTaskSet(std::string_view value) {
  std::size_t space = value.find(' ');
  PreviousTaskSet previous;
  previous.id = std::string(value.substr(0, space));
  if (previous.id.empty()) return std::nullopt;
  if (space != std::string_view::npos && value.substr(space + 1).starts_with("scale=")) {
    previous.scale = std::strtod(std::string(value.substr(space + 7)).c_str(), nullptr);
  }
  return previous;
}

std::optional<std::string> EncodeServiceAttributes(const nlohmann::json& attributes) {
  const std::string text = attributes.dump();
  std::string out(4 * ((text.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  out.resize(static_cast<std::size_t>(n));
  if (out.size() > 256) return std::nullopt;
  return out;
}

nlohmann::json DecodeServiceAttributes(std::string_view value) {
  std::string out(3 * (value.size() / 4) + 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(value.data()),
                          static_cast<int>(value.size()));
  if (n < 0) return nlohmann::json::object();
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '\0') out.pop_back();  // base64 padding
  auto parsed = nlohmann::json::parse(out, nullptr, /*allow_exceptions=*/false);
  return parsed.is_object() ? parsed : nlohmann::json::object();
}

}  // namespace kanaria::engine
