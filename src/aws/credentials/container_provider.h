// ECS task roles and EKS Pod Identity (botocore's ContainerProvider + ContainerMetadataFetcher):
//  - AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: GET http://169.254.170.2<uri>;
//  - else AWS_CONTAINER_CREDENTIALS_FULL_URI: GET that URL, allowed only over https, or over
//    http to a loopback address or one of 169.254.170.2, 169.254.170.23, fd00:ec2::23,
//    localhost (anything else is refused: the Authorization token must not leak);
//  - Authorization header: the contents of AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (read again
//    at every fetch: it rotates) or else AWS_CONTAINER_AUTHORIZATION_TOKEN; a token containing
//    CR or LF is refused.
// The answer is JSON with AccessKeyId, SecretAccessKey, Token, Expiration. Each fetch makes up
// to 3 attempts 1 s apart with a 2 s timeout, botocore's values; after that it is kUnavailable
// (the source is configured, so the chain stops there).
#pragma once

#include <memory>

#include "aws/credentials/credentials.h"
#include "aws/http.h"
#include "core/clock.h"

namespace kanaria::aws {

class ContainerProvider final : public CredentialsProvider {
 public:
  static constexpr int kAttempts = 3;
  static constexpr std::chrono::seconds kTimeout{2};
  static constexpr std::chrono::seconds kRetryDelay{1};

  // REQUIRES: clock outlives this object. A null transport makes a configured provider fail.
  ContainerProvider(std::shared_ptr<HttpTransport> transport, Clock& clock)
      : transport_(std::move(transport)), clock_(clock) {}

  StatusOr<Credentials> Resolve() override;
  std::string Name() const override { return "container"; }

 private:
  std::shared_ptr<HttpTransport> transport_;
  Clock& clock_;
};

// Whether botocore would send container credentials requests to `url` (FULL_URI): https, or a
// loopback or allow-listed host. Exposed for tests.
bool IsAllowedContainerCredentialsUrl(const std::string& url);

}  // namespace kanaria::aws
