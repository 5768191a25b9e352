#include "aws/credentials/provider_chain.h"

#include <fmt/format.h>

#include "core/log.h"

namespace kanaria::aws {

StatusOr<Credentials> ProviderChain::Resolve() {
  std::lock_guard<std::mutex> lock(mu_);
  if (winner_ != nullptr) return winner_->Resolve();
  std::vector<std::string> tried;
  for (const auto& provider : providers_) {
    StatusOr<Credentials> credentials = provider->Resolve();
    if (credentials.ok()) {
      log::Debug("credentials from {}", credentials->source);
      winner_ = provider.get();
      return credentials;
    }
    if (credentials.status().code() != StatusCode::kNotFound) {
      return credentials.status().WithContext(provider->Name());
    }
    log::Debug("credentials: {} not configured: {}", provider->Name(),
               credentials.status().message());
    tried.push_back(fmt::format("{} ({})", provider->Name(), credentials.status().message()));
  }
  return Status(not_found_code_, fmt::format("no AWS credentials found; tried: {}",
                                             fmt::join(tried, "; ")));
}

std::vector<std::string> ProviderChain::ProviderNames() const {
  std::vector<std::string> names;
  for (const auto& provider : providers_) names.push_back(provider->Name());
  return names;
}

}  // namespace kanaria::aws
