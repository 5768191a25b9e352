// `credential_process` (botocore's ProcessProvider): the profile names a command whose standard
// output is JSON
//   {"Version": 1, "AccessKeyId": ..., "SecretAccessKey": ..., "SessionToken": ...,
//    "Expiration": "2024-03-01T10:00:00Z"}
// The command line is split with shlex and run without a shell (PATH is searched for argv[0]),
// with kanaria's stdin and stderr, so prompts and diagnostics reach the user. A non-zero exit,
// output that is not JSON, Version other than 1 or a missing key is an error naming the profile;
// the output itself never appears in a message (it holds the secret). With an Expiration the
// credentials are temporary and a refresh runs the command again.
#pragma once

#include <memory>
#include <string>

#include "aws/credentials/credentials.h"
#include "aws/credentials/profile_files.h"

namespace kanaria::aws {

class ProcessProvider final : public CredentialsProvider {
 public:
  ProcessProvider(std::shared_ptr<const ProfileFiles> files, std::string profile)
      : files_(std::move(files)), profile_(std::move(profile)) {}
  StatusOr<Credentials> Resolve() override;
  std::string Name() const override { return "credential-process"; }

 private:
  std::shared_ptr<const ProfileFiles> files_;
  std::string profile_;
};

// Parses the command's JSON output (exposed for tests). `what` names the profile in messages.
StatusOr<Credentials> ParseCredentialProcessOutput(const std::string& output,
                                                   const std::string& what);

}  // namespace kanaria::aws
