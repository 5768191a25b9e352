#include "emulator/credential_scope.h"

#include <vector>

namespace kanaria::emulator {

std::optional<CredentialScope> ParseCredentialScope(std::string_view authorization) {
  constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
  if (authorization.substr(0, kAlgorithm.size()) != kAlgorithm) return std::nullopt;
  const size_t start = authorization.find("Credential=");
  if (start == std::string_view::npos) return std::nullopt;
  std::string_view credential = authorization.substr(start + 11);
  credential = credential.substr(0, credential.find_first_of(", "));
  std::vector<std::string> parts;
  size_t from = 0;
  while (true) {
    const size_t slash = credential.find('/', from);
    parts.emplace_back(credential.substr(from, slash - from));
    if (slash == std::string_view::npos) break;
    from = slash + 1;
  }
  if (parts.size() != 5 || parts[4] != "aws4_request" || parts[0].empty()) return std::nullopt;
  return CredentialScope{parts[0], parts[1], parts[2], parts[3]};
}

}  // namespace kanaria::emulator
