#include "emulator/emulated_service.h"

#include "aws/iso8601.h"

namespace kanaria::emulator {

nlohmann::json TimestampValue(const CallContext& context, WallTime time) {
  if (context.protocol == WireProtocol::kQuery) return aws::FormatIso8601(time);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  return static_cast<double>(millis) / 1000.0;
}

}  // namespace kanaria::emulator
