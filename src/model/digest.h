// The release digest: the same config and definitions give the same digest, so re-running a
// crashed release resumes it and a different release is refused while the lock is held (I3).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace kanaria::model {

// Lower-case hex SHA-256 of `bytes` (OpenSSL EVP).
std::string Sha256Hex(std::string_view bytes);

// The JSON text the digest covers: keys sorted (nlohmann's default object is a sorted map),
// no whitespace, so formatting, key order and comments in the definition files do not change
// the digest while any value does.
std::string CanonicalJson(const nlohmann::json& value);

// Hex SHA-256 over the config file's bytes and both templated definitions in canonical JSON,
// and `user_settings` in canonical JSON unless it is null (settings from outside the app
// directory that the release uses: the user config's analysis providers). Each part is preceded
// by its name and length so no two different inputs hash the same bytes; a null `user_settings`
// adds no part, so digests of apps that use no user settings are what they always were.
std::string ApplicationDigest(std::string_view config_bytes,
                              const nlohmann::json& service_definition,
                              const nlohmann::json& task_definition,
                              const nlohmann::json& user_settings = nullptr);

}  // namespace kanaria::model
