// Profile-based sources botocore supports and kanaria does not: rather than skipping them (and
// silently using some other credentials further down the chain), kanaria stops at the point
// where botocore would have used them and says what to do instead.
//  - SSO (botocore's SSOProvider): the profile has sso_account_id or sso_role_name;
//  - login (botocore's LoginProvider, `aws login`): the profile has login_session.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "aws/credentials/credentials.h"
#include "aws/credentials/profile_files.h"

namespace kanaria::aws {

class UnsupportedProfileProvider final : public CredentialsProvider {
 public:
  // `name` is the source's name ("sso", "login"); `trigger_keys` are the keys that make botocore
  // use it; `what` describes it in the message ("SSO profiles").
  UnsupportedProfileProvider(std::shared_ptr<const ProfileFiles> files, std::string profile,
                             std::string name, std::vector<std::string> trigger_keys,
                             std::string what)
      : files_(std::move(files)),
        profile_(std::move(profile)),
        name_(std::move(name)),
        trigger_keys_(std::move(trigger_keys)),
        what_(std::move(what)) {}

  static std::unique_ptr<CredentialsProvider> Sso(std::shared_ptr<const ProfileFiles> files,
                                                  std::string profile);
  static std::unique_ptr<CredentialsProvider> Login(std::shared_ptr<const ProfileFiles> files,
                                                    std::string profile);

  // kNotFound unless the profile has a trigger key; then kInvalidInput naming the key, where it
  // is written, and the `aws configure export-credentials` command that works instead.
  StatusOr<Credentials> Resolve() override;
  std::string Name() const override { return name_; }

 private:
  std::shared_ptr<const ProfileFiles> files_;
  std::string profile_;
  std::string name_;
  std::vector<std::string> trigger_keys_;
  std::string what_;
};

}  // namespace kanaria::aws
