// An ordered list of providers, botocore's CredentialResolver: the first provider that does not
// answer kNotFound decides — with credentials, or with its error (a source that is configured
// but broken stops the search, as in botocore). Once a provider has produced credentials the
// chain keeps asking that one (it refreshes them), like botocore's Credentials object that
// remembers its source.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "aws/credentials/credentials.h"
#include "core/status.h"

namespace kanaria::aws {

class ProviderChain final : public CredentialsProvider {
 public:
  // `name` is this chain's Name(); `not_found_code` is what Resolve() returns when every
  // provider answered kNotFound (the top-level chain says kUnauthenticated, a source-profile
  // chain inside assume-role keeps kNotFound so its caller can word the error).
  ProviderChain(std::string name, std::vector<std::unique_ptr<CredentialsProvider>> providers,
                StatusCode not_found_code = StatusCode::kUnauthenticated)
      : name_(std::move(name)), providers_(std::move(providers)), not_found_code_(not_found_code) {}

  // Credentials from the first configured provider; when none is configured, `not_found_code`
  // with a message listing each provider tried and why it did not apply.
  StatusOr<Credentials> Resolve() override;
  std::string Name() const override { return name_; }

  // The Name() of each provider, in order (tests assert botocore's order).
  std::vector<std::string> ProviderNames() const;

 private:
  std::string name_;
  std::vector<std::unique_ptr<CredentialsProvider>> providers_;
  StatusCode not_found_code_;
  std::mutex mu_;
  CredentialsProvider* winner_ = nullptr;
};

}  // namespace kanaria::aws
