// AWS credentials and the interface every credential source implements (one per file in this
// folder, chained in botocore's order by chain.h).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/status.h"

namespace kanaria::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;          // empty for long-term keys
  std::optional<WallTime> expiration; // set for temporary credentials
  // Where they came from, for `kanaria whoami` and errors: "environment",
  // "shared-credentials-file (profile dev)", "assume-role (profile ci)", "container", "imds", ...
  std::string source;

  bool empty() const { return access_key_id.empty() || secret_access_key.empty(); }
};

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  // Returns credentials, or:
  //  kNotFound   — this source is not configured (the chain moves on to the next one);
  //  any other   — the source is configured but failed (the chain stops and reports it, as
  //                botocore does, e.g. a credential_process that exits non-zero).
  // Implementations that return temporary credentials refresh them before they expire.
  virtual StatusOr<Credentials> Resolve() = 0;
  // Short name of the source, as used in Credentials::source.
  virtual std::string Name() const = 0;
};

}  // namespace kanaria::aws
