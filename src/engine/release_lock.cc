#include "engine/release_lock.h"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include "aws/iso8601.h"
#include "engine/release_tags.h"

namespace kanaria::engine {
namespace {

constexpr std::size_t kMaxTagValue = 256;

std::string Iso8601Seconds(WallTime t) {
  return aws::FormatIso8601(std::chrono::time_point_cast<std::chrono::seconds>(t));
}

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) return "unknown-host";
  std::string host(name);
  for (char& c : host) {
    // Only what AWS tag values allow.
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') c = '_';
  }
  return host.empty() ? "unknown-host" : host;
}

}  // namespace

std::string ShortDigest(std::string_view digest) { return std::string(digest.substr(0, 16)); }

std::string LocalHolder(std::string_view caller_arn) {
  return fmt::format("{} {} {}", caller_arn, HostName(), getpid());
}

std::string LockValue::Encode() const {
  std::string text = fmt::format("release={} digest={} started={} expires={} holder={}", release_id,
                                 digest, Iso8601Seconds(started), Iso8601Seconds(expires), holder);
  if (text.size() > kMaxTagValue) text.resize(kMaxTagValue);
  return text;
}

std::optional<LockValue> LockValue::Decode(std::string_view text) {
  LockValue value;
  bool have_started = false, have_expires = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(' ', pos);
    std::string_view field = text.substr(pos, end == std::string_view::npos ? text.npos : end - pos);
    if (field.starts_with("holder=")) {  // the holder runs to the end (it contains spaces)
      value.holder = std::string(text.substr(pos + 7));
      break;
    }
    std::size_t eq = field.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    std::string_view key = field.substr(0, eq), val = field.substr(eq + 1);
    if (key == "release") {
      value.release_id = std::string(val);
    } else if (key == "digest") {
      value.digest = std::string(val);
    } else if (key == "started" || key == "expires") {
      auto time = aws::ParseIso8601(val);
      if (!time.ok()) return std::nullopt;
      (key == "started" ? value.started : value.expires) = *time;
      (key == "started" ? have_started : have_expires) = true;
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  if (value.release_id.empty() || !have_started || !have_expires) return std::nullopt;
  return value;
}

bool LockValue::HeldByDeadLocalProcess() const {
  // holder = "<arn> <host> <pid>"
  std::size_t last = holder.rfind(' ');
  if (last == std::string::npos) return false;
  std::size_t before = holder.rfind(' ', last - 1);
  if (before == std::string::npos) return false;
  std::string host = holder.substr(before + 1, last - before - 1);
  if (host != HostName()) return false;
  char* end = nullptr;
  long pid = std::strtol(holder.c_str() + last + 1, &end, 10);
  if (pid <= 0 || *end != '\0') return false;
  if (pid == getpid()) return false;
  return kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

std::string LockValue::Describe() const {
  return fmt::format("release {} (holder {}), started {}, lock expires {}", release_id,
                     holder.empty() ? "unknown" : holder, Iso8601Seconds(started),
                     Iso8601Seconds(expires));
}

ReleaseLock::ReleaseLock(aws::ecs::EcsClient& ecs, Clock& clock, std::string service_arn,
                         Duration expiry, Duration pause)
    : ecs_(ecs),
      clock_(clock),
      service_arn_(std::move(service_arn)),
      expiry_(expiry),
      pause_(pause) {}

Status ReleaseLock::Write(const aws::ecs::Tags& extra_tags) {
  aws::ecs::Tags tags = extra_tags;
  tags.push_back({std::string(kLockTag), value_->Encode()});
  return ecs_.TagResource(service_arn_, tags);
}

Status ReleaseLock::Acquire(const std::string& release_id, const std::string& digest,
                            std::string_view holder, const aws::ecs::Tags& extra_tags) {
  const WallTime now = clock_.Now();
  value_ = LockValue{.release_id = release_id,
                     .digest = ShortDigest(digest),
                     .started = now,
                     .expires = now + expiry_,
                     .holder = std::string(holder)};
  RETURN_IF_ERROR(Write(extra_tags));
  clock_.SleepFor(pause_);
  auto tags = ecs_.ListTagsForResource(service_arn_);
  if (!tags.ok()) return tags.status();
  last_tags_ = *tags;
  const std::string* read = aws::ecs::FindTag(last_tags_, kLockTag);
  if (read == nullptr || *read != value_->Encode()) {
    auto winner = read ? LockValue::Decode(*read) : std::nullopt;
    value_.reset();
    return ConflictError(fmt::format(
        "another release took the lock at the same moment: {}",
        winner ? winner->Describe() : std::string(read ? *read : "the lock tag vanished")));
  }
  return Status::Ok();
}

Status ReleaseLock::Verify() {
  if (!value_) return ConflictError("the release lock is not held");
  auto tags = ecs_.ListTagsForResource(service_arn_);
  if (!tags.ok()) return tags.status();
  last_tags_ = *tags;
  const std::string* read = aws::ecs::FindTag(last_tags_, kLockTag);
  if (read == nullptr || *read != value_->Encode()) {
    auto other = read ? LockValue::Decode(*read) : std::nullopt;
    return Status(StatusCode::kConflict,
                  fmt::format("the release lock was lost: {}",
                              other ? "now held by " + other->Describe()
                                    : std::string("the kanaria:lock tag was removed from the service")),
                  std::make_shared<LockLostDetail>());
  }
  const WallTime now = clock_.Now();
  if (value_->expires - now < expiry_ / 2) {
    LockValue renewed = *value_;
    renewed.expires = now + expiry_;
    auto previous = value_;
    value_ = renewed;
    Status written = Write({});
    if (!written.ok()) {
      value_ = previous;
      return written;
    }
    ++renewals_;
  }
  return Status::Ok();
}

Status ReleaseLock::Release(const std::vector<std::string>& other_keys) {
  std::vector<std::string> keys = other_keys;
  keys.push_back(std::string(kLockTag));
  RETURN_IF_ERROR(ecs_.UntagResource(service_arn_, keys));
  value_.reset();
  return Status::Ok();
}

}  // namespace kanaria::engine
