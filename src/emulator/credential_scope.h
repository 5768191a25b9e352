// The credential scope of a SigV4 Authorization header:
// "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/ecs/aws4_request, SignedHeaders=..., ...".
// The dispatcher reads it even when signatures are not verified: the scope's service routes
// query-protocol calls, and its access key names the caller.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kanaria::emulator {

struct CredentialScope {
  std::string access_key_id;
  std::string date;     // yyyymmdd
  std::string region;
  std::string service;  // signing name
};

// nullopt unless the header is AWS4-HMAC-SHA256 with a five-part Credential.
std::optional<CredentialScope> ParseCredentialScope(std::string_view authorization);

}  // namespace kanaria::emulator
