// Keeps secrets out of every line kanaria prints. Two layers:
//  1. values registered at run time (secret keys, session tokens, web identity tokens) are
//     replaced wherever they appear;
//  2. well-known shapes are masked even when nobody registered them: the Signature= part of an
//     Authorization header, X-Amz-Security-Token / X-Amz-Signature query or header values,
//     "SecretAccessKey"/"SessionToken"/"Token" JSON or XML fields.
// Every log sink, error message shown to users and --output json event passes through Scrub().
#pragma once

#include <string>
#include <string_view>

namespace kanaria {

inline constexpr std::string_view kRedacted = "[REDACTED]";

// Remembers `secret` for the rest of the process. Values shorter than 8 characters are ignored
// (too likely to collide with ordinary text). Thread-safe.
void RegisterSecret(std::string_view secret);

// Returns `text` with every registered secret and every known secret shape replaced by
// kRedacted. Thread-safe.
std::string Scrub(std::string_view text);

}  // namespace kanaria
