// AWS Signature Version 4 (header form), on OpenSSL. Verified against the official test suite
// (../shared/testdata/aws-sig-v4-test-suite/) and botocore's SigV4Auth.
#pragma once

#include <string>
#include <string_view>

#include "aws/credentials/credentials.h"
#include "aws/http.h"
#include "core/clock.h"

namespace kanaria::aws {

// The algorithm that opens the string to sign and the Authorization header.
inline constexpr std::string_view kSigV4Algorithm = "AWS4-HMAC-SHA256";

struct SigningParams {
  std::string region;   // "us-east-1"
  std::string service;  // signing name: "ecs", "elasticloadbalancing", "sts", ...
  WallTime time;        // becomes X-Amz-Date
  // Normalise the path (remove dot segments, collapse '//') and encode it once more, as every
  // service but S3 expects.
  bool normalize_path = true;
};

// The intermediate artefacts, exposed so tests can compare them with the suite's .creq/.sts.
struct SigningArtifacts {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;      // lowercase hex
  std::string authorization;  // the Authorization header value
};

// Signs `request` in place: adds X-Amz-Date, X-Amz-Security-Token (when the credentials have a
// session token) and Authorization; adds Host when missing (from the URL). Existing headers are
// signed as they are (values trimmed and inner spaces collapsed in the canonical form only).
// Like botocore, it never signs User-Agent, Expect, X-Amzn-Trace-Id or hop-by-hop headers
// (Connection, Keep-Alive, TE, Trailer, Transfer-Encoding, Upgrade, Proxy-*), and a caller's
// X-Amz-Content-SHA256 header (e.g. UNSIGNED-PAYLOAD) stands for the payload hash.
// REQUIRES: request.url is absolute.
SigningArtifacts SignRequest(HttpRequest& request, const Credentials& credentials,
                             const SigningParams& params);

// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace kanaria::aws
