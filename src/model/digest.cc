#include "model/digest.h"

#include <openssl/evp.h>

#include <memory>

namespace kanaria::model {
namespace {

void AppendPart(std::string& out, std::string_view name, std::string_view bytes) {
  out += name;
  out += ' ';
  out += std::to_string(bytes.size());
  out += '\n';
  out += bytes;
  out += '\n';
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), digest, &length) != 1) {
    return std::string();  // only on allocation failure inside OpenSSL
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(static_cast<size_t>(length) * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xF];
  }
  return hex;
}

std::string CanonicalJson(const nlohmann::json& value) {
  // Replace invalid UTF-8 instead of throwing: the digest must never fail.
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ApplicationDigest(std::string_view config_bytes,
                              const nlohmann::json& service_definition,
                              const nlohmann::json& task_definition,
                              const nlohmann::json& user_settings) {
  std::string input;
  AppendPart(input, "config", config_bytes);
  AppendPart(input, "servicedef", CanonicalJson(service_definition));
  AppendPart(input, "taskdef", CanonicalJson(task_definition));
  if (!user_settings.is_null()) AppendPart(input, "user", CanonicalJson(user_settings));
  return Sha256Hex(input);
}

}  // namespace kanaria::model
