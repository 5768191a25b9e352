#include "aws/credentials/refreshing_provider.h"

#include <deque>

#include <gtest/gtest.h>

#include "fakes/manual_clock.h"

namespace kanaria::aws {
namespace {

using std::chrono::minutes;

// Answers from a script; counts calls.
class ScriptedProvider final : public CredentialsProvider {
 public:
  explicit ScriptedProvider(int* calls) : calls_(calls) {}
  StatusOr<Credentials> Resolve() override {
    ++*calls_;
    if (answers_.empty()) return InternalError("script exhausted");
    auto answer = answers_.front();
    answers_.pop_front();
    return answer;
  }
  std::string Name() const override { return "scripted"; }
  std::deque<StatusOr<Credentials>> answers_;

 private:
  int* calls_;
};

Credentials Temporary(const std::string& key, WallTime expiration) {
  Credentials credentials;
  credentials.access_key_id = key;
  credentials.secret_access_key = "s";
  credentials.session_token = "t";
  credentials.expiration = expiration;
  credentials.source = "scripted";
  return credentials;
}

class RefreshingProviderTest : public ::testing::Test {
 protected:
  RefreshingProviderTest() {
    auto inner = std::make_unique<ScriptedProvider>(&calls_);
    script_ = inner.get();
    provider_ = std::make_unique<RefreshingProvider>(std::move(inner), clock_);
  }
  testing::ManualClock clock_;
  int calls_ = 0;
  ScriptedProvider* script_;
  std::unique_ptr<RefreshingProvider> provider_;
};

TEST_F(RefreshingProviderTest, CachesUntilTheAdvisoryWindow) {
  script_->answers_.push_back(Temporary("first", clock_.Now() + minutes(60)));
  script_->answers_.push_back(Temporary("second", clock_.Now() + minutes(120)));
  EXPECT_EQ(provider_->Resolve()->access_key_id, "first");
  clock_.Advance(minutes(44));  // 16 minutes left
  EXPECT_EQ(provider_->Resolve()->access_key_id, "first");
  EXPECT_EQ(calls_, 1);
  clock_.Advance(minutes(2));  // 14 minutes left: refresh
  EXPECT_EQ(provider_->Resolve()->access_key_id, "second");
  EXPECT_EQ(calls_, 2);
  EXPECT_EQ(provider_->Resolve()->access_key_id, "second");
  EXPECT_EQ(calls_, 2);
}

TEST_F(RefreshingProviderTest, FailedAdvisoryRefreshKeepsTheOldCredentials) {
  script_->answers_.push_back(Temporary("first", clock_.Now() + minutes(60)));
  script_->answers_.push_back(UnavailableError("sts down"));
  script_->answers_.push_back(UnavailableError("sts still down"));
  EXPECT_EQ(provider_->Resolve()->access_key_id, "first");
  clock_.Advance(minutes(48));  // 12 minutes left: advisory window
  auto kept = provider_->Resolve();
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  EXPECT_EQ(kept->access_key_id, "first");
  EXPECT_EQ(calls_, 2);
  clock_.Advance(minutes(3));  // 9 minutes left: mandatory window, the error surfaces
  auto failed = provider_->Resolve();
  EXPECT_EQ(failed.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(failed.status().message(), "sts still down");
  EXPECT_EQ(calls_, 3);
}

TEST_F(RefreshingProviderTest, CredentialsWithoutExpirationAreKeptForever) {
  Credentials static_keys = Temporary("static", WallTime());
  static_keys.expiration.reset();
  script_->answers_.push_back(static_keys);
  EXPECT_EQ(provider_->Resolve()->access_key_id, "static");
  clock_.Advance(std::chrono::hours(24 * 365));
  EXPECT_EQ(provider_->Resolve()->access_key_id, "static");
  EXPECT_EQ(calls_, 1);
}

TEST_F(RefreshingProviderTest, AlreadyExpiredCredentialsAreAnError) {
  script_->answers_.push_back(Temporary("stale", clock_.Now() - minutes(1)));
  const Status status = provider_->Resolve().status();
  EXPECT_EQ(status.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(status.message().find("expired at"), std::string::npos) << status.message();
}

TEST_F(RefreshingProviderTest, ShortLivedCredentialsAreReturnedOnceThenRefreshed) {
  // Less than the advisory window from the start (e.g. a 15-minute role session).
  script_->answers_.push_back(Temporary("short", clock_.Now() + minutes(12)));
  script_->answers_.push_back(Temporary("next", clock_.Now() + minutes(13)));
  EXPECT_EQ(provider_->Resolve()->access_key_id, "short");
  EXPECT_EQ(provider_->Resolve()->access_key_id, "next");
  EXPECT_EQ(calls_, 2);
}

TEST_F(RefreshingProviderTest, InvalidateForcesAFetch) {
  script_->answers_.push_back(Temporary("first", clock_.Now() + minutes(60)));
  script_->answers_.push_back(Temporary("second", clock_.Now() + minutes(60)));
  EXPECT_EQ(provider_->Resolve()->access_key_id, "first");
  provider_->Invalidate();
  EXPECT_EQ(provider_->Resolve()->access_key_id, "second");
}

}  // namespace
}  // namespace kanaria::aws
