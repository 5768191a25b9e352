// Caches what another provider returns and refreshes temporary credentials before they expire,
// with botocore's windows (RefreshableCredentials):
//  - credentials without an expiration are kept for the life of the process;
//  - with less than 15 minutes left (advisory window) the next Resolve() fetches new ones;
//  - if that fetch fails while more than 10 minutes are left, the old ones are still good
//    enough and are returned (a warning is logged); inside the last 10 minutes (mandatory
//    window) the error is returned;
//  - fresh credentials that are already expired are an error (botocore: "Credentials were
//    refreshed, but the refreshed credentials are still expired").
// The clock is injected so tests drive expiry by hand. Thread-safe: concurrent callers wait for
// one refresh rather than each starting their own.
#pragma once

#include <memory>
#include <mutex>
#include <optional>

#include "aws/credentials/credentials.h"
#include "core/clock.h"

namespace kanaria::aws {

class RefreshingProvider final : public CredentialsProvider {
 public:
  static constexpr std::chrono::minutes kAdvisoryRefresh{15};
  static constexpr std::chrono::minutes kMandatoryRefresh{10};

  // REQUIRES: inner != nullptr; clock outlives this object.
  RefreshingProvider(std::unique_ptr<CredentialsProvider> inner, Clock& clock)
      : inner_(std::move(inner)), clock_(clock) {}

  StatusOr<Credentials> Resolve() override;
  std::string Name() const override { return inner_->Name(); }

  // Forgets the cached credentials (e.g. after the service rejected them as expired).
  void Invalidate();

 private:
  std::unique_ptr<CredentialsProvider> inner_;
  Clock& clock_;
  std::mutex mu_;
  std::optional<Credentials> cached_;
};

}  // namespace kanaria::aws
