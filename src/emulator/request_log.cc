#include "emulator/request_log.h"

#include <nlohmann/json.hpp>

#include "aws/iso8601.h"

namespace kanaria::emulator {
namespace {
constexpr std::string_view kOtherName = "(other)";
}

RequestLog::RequestLog() {
  names_ = {"", std::string(kOtherName)};
  name_ids_ = {{"", 0}, {std::string(kOtherName), 1}};
}

uint16_t RequestLog::Intern(std::string_view name) {
  if (const auto found = name_ids_.find(std::string(name)); found != name_ids_.end()) {
    return found->second;
  }
  if (names_.size() >= kMaxNames) return 1;
  const auto id = static_cast<uint16_t>(names_.size());
  names_.emplace_back(name);
  name_ids_.emplace(std::string(name), id);
  return id;
}

void RequestLog::Append(const LoggedRequest& entry) {
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.size() >= kCapacity) {
    entries_.pop_front();
    ++dropped_;
  }
  entries_.push_back(Entry{std::chrono::duration_cast<std::chrono::milliseconds>(
                               entry.time.time_since_epoch())
                               .count(),
                           Intern(entry.service), Intern(entry.operation),
                           Intern(entry.error_code), static_cast<uint16_t>(entry.status)});
}

void RequestLog::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.clear();
  entries_.shrink_to_fit();
  dropped_ = 0;
}

nlohmann::json RequestLog::ToJson() const {
  std::lock_guard<std::mutex> lock(mu_);
  nlohmann::json out = nlohmann::json::array();
  for (const Entry& entry : entries_) {
    out.push_back({{"time", aws::FormatIso8601(WallTime(std::chrono::milliseconds(entry.time_ms)))},
                   {"service", names_[entry.service]},
                   {"operation", names_[entry.operation]},
                   {"status", entry.status},
                   {"errorCode", names_[entry.error_code]}});
  }
  return out;
}

size_t RequestLog::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

uint64_t RequestLog::dropped() const {
  std::lock_guard<std::mutex> lock(mu_);
  return dropped_;
}

}  // namespace kanaria::emulator
