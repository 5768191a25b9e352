#include "aws/credentials/refreshing_provider.h"

#include "aws/iso8601.h"
#include "core/log.h"

namespace kanaria::aws {
namespace {

Duration Remaining(const Credentials& credentials, WallTime now) {
  return std::chrono::duration_cast<Duration>(*credentials.expiration - now);
}

}  // namespace

StatusOr<Credentials> RefreshingProvider::Resolve() {
  std::lock_guard<std::mutex> lock(mu_);
  const WallTime now = clock_.Now();
  if (cached_ && (!cached_->expiration || Remaining(*cached_, now) >= kAdvisoryRefresh)) {
    return *cached_;
  }
  StatusOr<Credentials> fresh = inner_->Resolve();
  if (fresh.ok() && fresh->expiration && Remaining(*fresh, now) <= Duration::zero()) {
    fresh = Status(StatusCode::kUnauthenticated,
                   fmt::format("{} returned credentials that expired at {}", fresh->source,
                               FormatIso8601(*fresh->expiration)));
  }
  if (fresh.ok()) {
    cached_ = *fresh;
    return fresh;
  }
  if (cached_ && Remaining(*cached_, now) > kMandatoryRefresh) {
    log::Warn("refreshing credentials from {} failed ({}); the current ones are valid until {}, "
              "trying again later",
              cached_->source, fresh.status().ToString(), FormatIso8601(*cached_->expiration));
    return *cached_;
  }
  return fresh;
}

void RefreshingProvider::Invalidate() {
  std::lock_guard<std::mutex> lock(mu_);
  cached_.reset();
}

}  // namespace kanaria::aws
