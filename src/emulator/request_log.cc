#include "emulator/request_log.h"

#include <nlohmann/json.hpp>

#include "aws/iso8601.h"

namespace kanaria::emulator {

void RequestLog::Append(LoggedRequest entry) {
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.size() >= kCapacity) {
    entries_.pop_front();
    ++dropped_;
  }
  entries_.push_back(std::move(entry));
}

void RequestLog::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.clear();
  dropped_ = 0;
}

nlohmann::json RequestLog::ToJson() const {
  std::lock_guard<std::mutex> lock(mu_);
  nlohmann::json out = nlohmann::json::array();
  for (const LoggedRequest& entry : entries_) {
    out.push_back({{"time", aws::FormatIso8601(entry.time)},
                   {"service", entry.service},
                   {"operation", entry.operation},
                   {"status", entry.status},
                   {"errorCode", entry.error_code}});
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
