#include "core/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <mutex>

#include "core/redact.h"

namespace kanaria::log {
namespace {

std::atomic<Level> g_level{Level::kWarn};
std::mutex g_capture_mu;
std::string* g_capture = nullptr;

spdlog::logger& Logger() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    const bool color = isatty(STDERR_FILENO) && std::getenv("NO_COLOR") == nullptr;
    sink->set_color_mode(color ? spdlog::color_mode::always : spdlog::color_mode::never);
    auto l = std::make_shared<spdlog::logger>("kanaria", sink);
    l->set_pattern("%^%l%$ %v");
    l->set_level(spdlog::level::trace);
    return l;
  }();
  return *logger;
}

spdlog::level::level_enum ToSpd(Level level) {
  switch (level) {
    case Level::kDebug: return spdlog::level::debug;
    case Level::kInfo: return spdlog::level::info;
    case Level::kWarn: return spdlog::level::warn;
    case Level::kError: return spdlog::level::err;
    case Level::kOff: return spdlog::level::off;
  }
  return spdlog::level::info;
}

}  // namespace

void SetLevel(Level level) { g_level = level; }
Level GetLevel() { return g_level; }

void Write(Level level, std::string_view message) {
  if (level < g_level || level == Level::kOff) return;
  const std::string clean = Scrub(message);
  {
    std::lock_guard<std::mutex> lock(g_capture_mu);
    if (g_capture != nullptr) {
      g_capture->append(clean);
      g_capture->push_back('\n');
    }
  }
  Logger().log(ToSpd(level), "{}", clean);
}

void CaptureForTest(std::string* capture) {
  std::lock_guard<std::mutex> lock(g_capture_mu);
  g_capture = capture;
}

}  // namespace kanaria::log
