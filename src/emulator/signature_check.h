// Verifying the SigV4 signature of a request the emulator received, as AWS does: the same
// canonical request rebuilt from the headers the client says it signed, the same secret, the
// same signature, a date within 15 minutes of real time, and for temporary credentials the
// session token they were issued with. The canonical request comes from aws::SignRequest (the
// client's signer, itself checked against botocore and the AWS test suite), so the emulator and
// the client can never disagree about canonicalisation without a test noticing.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "aws/http.h"
#include "core/clock.h"
#include "emulator/emulated_service.h"

namespace kanaria::emulator {

class StsState;

// The Credential part of an Authorization header: "AK/20150830/us-east-1/ecs/aws4_request".
struct CredentialScope {
  std::string access_key_id;
  std::string date;  // YYYYMMDD
  std::string region;
  std::string service;  // signing name: the dispatcher routes on it
};

// Reads the scope from an "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..."
// value without verifying anything (the dispatcher routes on it even when verification is off).
// nullopt when the header is not a well-formed SigV4 header.
std::optional<CredentialScope> ParseCredentialScope(std::string_view authorization);

// What the emulator knows about an access key.
struct KnownSecret {
  std::string secret_access_key;
  std::string session_token;           // empty for long-term keys: no token is then required
  std::optional<WallTime> expiration;  // temporary credentials only
};
// nullopt: an access key the emulator never heard of.
using SecretLookup = std::function<std::optional<KnownSecret>(const std::string& access_key_id)>;

// The configured long-term pair (--access-key/--secret-key) plus every credential `sts` issued.
// `sts` outlives the returned function.
SecretLookup ConfiguredAndIssuedSecrets(std::string access_key_id, std::string secret_access_key,
                                        const StsState& sts);

// A request as received: `target` is the raw request target (path and query string, exactly
// as on the request line), headers in the order and spelling they arrived.
struct ReceivedRequest {
  std::string method;
  std::string target;
  aws::HttpHeaders headers;
  std::string body;
};

enum class SignatureFailure {
  kMissing,           // no Authorization header
  kMalformed,         // not a SigV4 header, no X-Amz-Date, Host not signed, ...
  kUnknownAccessKey,  // no such key, or a temporary key sent with the wrong session token
  kExpiredToken,      // temporary credentials past their expiration
  kSkew,              // X-Amz-Date more than 15 minutes from now
  kBadSignature,      // the signature (or the signed payload hash) does not match
};

struct SignatureCheck {
  std::optional<SignatureFailure> failure;  // nullopt: verified
  CredentialScope scope;                    // set whenever the header parsed
  std::string message;                      // AWS's wording when it depends on the request
  bool ok() const { return !failure.has_value(); }
};

// Verifies `request` against `lookup` at real time `now`. Never throws.
SignatureCheck VerifySignature(const ReceivedRequest& request, const SecretLookup& lookup,
                               WallTime now);

// The error AWS answers a failed check with, for the protocol the request used.
struct SignatureError {
  std::string code;
  std::string message;
  int http_status;
};
// REQUIRES: !check.ok().
SignatureError SignatureErrorFor(const SignatureCheck& check, WireProtocol protocol);

}  // namespace kanaria::emulator
