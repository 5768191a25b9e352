// EC2 instance profile credentials from the instance metadata service, IMDSv2 first (botocore's
// InstanceMetadataProvider + InstanceMetadataFetcher):
//   PUT  /latest/api/token  (x-aws-ec2-metadata-token-ttl-seconds: 21600)  -> session token
//   GET  /latest/meta-data/iam/security-credentials/          -> role name
//   GET  /latest/meta-data/iam/security-credentials/<role>    -> JSON credentials
// The GETs carry x-aws-ec2-metadata-token. As botocore: a token request answered 403/404/405
// or timing out falls back to IMDSv1 (GETs without a token) unless AWS_EC2_METADATA_V1_DISABLED
// (or ec2_metadata_v1_disabled) is true, in which case that is an error. A GET answered 401
// (the token expired) gets one new token and is retried once.
// Settings (environment first, then the active profile):
//   AWS_EC2_METADATA_DISABLED=true              -> not configured (kNotFound), nothing is sent
//   AWS_EC2_METADATA_SERVICE_ENDPOINT / ec2_metadata_service_endpoint (default
//     http://169.254.169.254, or http://[fd00:ec2::254] in ipv6 mode)
//   AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE / ec2_metadata_service_endpoint_mode (ipv4|ipv6)
//   AWS_IMDS_USE_IPV6 / imds_use_ipv6 (older spelling of ipv6 mode)
//   AWS_METADATA_SERVICE_TIMEOUT / metadata_service_timeout        (seconds, default 1)
//   AWS_METADATA_SERVICE_NUM_ATTEMPTS / metadata_service_num_attempts (default 1)
// Every failure to get credentials is kNotFound (the last source in the chain: botocore treats
// an unreachable IMDS as "no credentials here"). Errors: invalid settings (kInvalidInput), and
// no IMDSv2 token while IMDSv1 is disabled (kUnavailable; botocore raises there too).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "aws/credentials/credentials.h"
#include "aws/credentials/profile_files.h"
#include "aws/http.h"

namespace kanaria::aws {

struct ImdsSettings {
  bool disabled = false;
  std::string endpoint = "http://169.254.169.254";
  std::chrono::seconds timeout{1};
  int attempts = 1;
  bool v1_disabled = false;

  // Reads the variables and profile keys listed above. `profile` may be null.
  static StatusOr<ImdsSettings> Resolve(const Profile* profile);
};

class ImdsProvider final : public CredentialsProvider {
 public:
  // `files` and `profile` supply the profile keys; a null transport means "not available".
  ImdsProvider(std::shared_ptr<HttpTransport> transport, std::shared_ptr<const ProfileFiles> files,
               std::string profile)
      : transport_(std::move(transport)), files_(std::move(files)), profile_(std::move(profile)) {}

  StatusOr<Credentials> Resolve() override;
  std::string Name() const override { return "imds"; }

 private:
  std::shared_ptr<HttpTransport> transport_;
  std::shared_ptr<const ProfileFiles> files_;
  std::string profile_;
};

}  // namespace kanaria::aws
