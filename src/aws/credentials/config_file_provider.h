// Static keys written in the config file (~/.aws/config, [profile NAME] or [default]) —
// botocore's ConfigProvider, tried after the credentials file and credential_process.
#pragma once

#include <memory>
#include <string>

#include "aws/credentials/credentials.h"
#include "aws/credentials/profile_files.h"

namespace kanaria::aws {

class ConfigFileProvider final : public CredentialsProvider {
 public:
  ConfigFileProvider(std::shared_ptr<const ProfileFiles> files, std::string profile)
      : files_(std::move(files)), profile_(std::move(profile)) {}
  StatusOr<Credentials> Resolve() override;
  std::string Name() const override { return "config-file"; }

 private:
  std::shared_ptr<const ProfileFiles> files_;
  std::string profile_;
};

}  // namespace kanaria::aws
