#include "engine/release_lock.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "aws/iso8601.h"

namespace kanaria::engine {
namespace {

LockValue Sample() {
  return {.release_id = "kr-20261127-010203-beef",
          .digest = "0123456789abcdef",
          .started = *aws::ParseIso8601("2026-11-27T01:02:03Z"),
          .expires = *aws::ParseIso8601("2026-11-27T01:12:03Z"),
          .holder = "arn:aws:sts::123456789012:assumed-role/deploy/ci host-1 4242"};
}

TEST(LockValueTest, EncodesWithinTagRulesAndDecodesBack) {
  const std::string text = Sample().Encode();
  EXPECT_LE(text.size(), 256u);
  for (char c : text) {
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || std::string(" +-=._:/@").find(c) != std::string::npos) << c;
  }
  auto decoded = LockValue::Decode(text);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->release_id, "kr-20261127-010203-beef");
  EXPECT_EQ(decoded->digest, "0123456789abcdef");
  EXPECT_EQ(decoded->holder, Sample().holder);
  EXPECT_EQ(decoded->expires, Sample().expires);
  EXPECT_EQ(decoded->Encode(), text);
}

TEST(LockValueTest, ForeignValuesDoNotDecode) {
  EXPECT_FALSE(LockValue::Decode("someone else's tag").has_value());
  EXPECT_FALSE(LockValue::Decode("release=kr-1 started=yesterday expires=never").has_value());
}

TEST(LockValueTest, ExpiryAndDeadLocalHolder) {
  LockValue lock = Sample();
  EXPECT_FALSE(lock.ExpiredAt(lock.expires - std::chrono::seconds(1)));
  EXPECT_TRUE(lock.ExpiredAt(lock.expires));
  // This process is alive; pid 2^22+1 is above Linux's pid_max default and cannot run.
  lock.holder = LocalHolder("arn:aws:iam::1:user/me");
  EXPECT_FALSE(lock.HeldByDeadLocalProcess());
  const std::string alive = lock.holder;
  lock.holder = alive.substr(0, alive.rfind(' ')) + " 4194305";
  EXPECT_TRUE(lock.HeldByDeadLocalProcess());
  lock.holder = "arn:aws:iam::1:user/me some-other-host 4194305";
  EXPECT_FALSE(lock.HeldByDeadLocalProcess());
}

}  // namespace
}  // namespace kanaria::engine
