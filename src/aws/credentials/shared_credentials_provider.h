// Static keys from the shared credentials file (~/.aws/credentials), section [PROFILE] — botocore's
// SharedCredentialProvider. Only that file is read here: keys in the config file are the
// config-file provider's, later in the chain.
#pragma once

#include <memory>
#include <string>

#include "aws/credentials/credentials.h"
#include "aws/credentials/profile_files.h"

namespace kanaria::aws {

class SharedCredentialsProvider final : public CredentialsProvider {
 public:
  SharedCredentialsProvider(std::shared_ptr<const ProfileFiles> files, std::string profile)
      : files_(std::move(files)), profile_(std::move(profile)) {}
  StatusOr<Credentials> Resolve() override;
  std::string Name() const override { return "shared-credentials-file"; }

 private:
  std::shared_ptr<const ProfileFiles> files_;
  std::string profile_;
};

}  // namespace kanaria::aws
