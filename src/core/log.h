// Logging: levelled, scrubbed of secrets (core/redact.h), colour only on a terminal without
// NO_COLOR. spdlog stays inside log.cc so its headers are compiled once.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace kanaria::log {

enum class Level { kDebug, kInfo, kWarn, kError, kOff };

// Sets the minimum level printed (default kWarn; --verbose/-v lowers it). Thread-safe.
void SetLevel(Level level);
Level GetLevel();

// Writes one line to stderr after Scrub(). Thread-safe.
void Write(Level level, std::string_view message);

template <typename... Args>
void Debug(fmt::format_string<Args...> f, Args&&... args) {
  if (GetLevel() <= Level::kDebug) Write(Level::kDebug, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void Info(fmt::format_string<Args...> f, Args&&... args) {
  if (GetLevel() <= Level::kInfo) Write(Level::kInfo, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void Warn(fmt::format_string<Args...> f, Args&&... args) {
  if (GetLevel() <= Level::kWarn) Write(Level::kWarn, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void Error(fmt::format_string<Args...> f, Args&&... args) {
  if (GetLevel() <= Level::kError) Write(Level::kError, fmt::format(f, std::forward<Args>(args)...));
}

// Test hook: every line written after this call is also appended to *capture (scrubbed), until
// called again with nullptr. Not for production use.
void CaptureForTest(std::string* capture);

}  // namespace kanaria::log
