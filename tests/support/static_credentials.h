// A CredentialsProvider that always returns the same keys: integration tests sign requests for
// moto_server and the emulator without touching the environment, files or IMDS.
#pragma once

#include <string>
#include <utility>

#include "aws/credentials/credentials.h"

namespace kanaria::testing {

class StaticCredentialsProvider final : public aws::CredentialsProvider {
 public:
  // moto accepts any keys; these are the documented AWS example keys.
  explicit StaticCredentialsProvider(std::string access_key_id = "AKIAIOSFODNN7EXAMPLE",
                                     std::string secret_access_key =
                                         "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                     std::string session_token = "") {
    credentials_.access_key_id = std::move(access_key_id);
    credentials_.secret_access_key = std::move(secret_access_key);
    credentials_.session_token = std::move(session_token);
    credentials_.source = "static (test)";
  }

  StatusOr<aws::Credentials> Resolve() override { return credentials_; }
  std::string Name() const override { return "static"; }

 private:
  aws::Credentials credentials_;
};

}  // namespace kanaria::testing
