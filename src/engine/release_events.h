// What a release reports while it runs. The engine emits events; the CLI renders them as a live
// view (terminal), timestamped lines (CI) or one JSON object per line (--output json), and the
// journal keeps them for `kanaria history`.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.h"

namespace kanaria::engine {

struct ReleaseEvent {
  WallTime at;
  // "release.started", "stage.started", "stage.finished", "weights", "task-sets", "call",
  // "message", "rollback.started", "release.finished".
  std::string type;
  std::string text;     // one line for people
  nlohmann::json data;  // the same facts for machines (an object)
};

class ReleaseEventSink {
 public:
  virtual ~ReleaseEventSink() = default;
  virtual void Emit(const ReleaseEvent& event) = 0;
};

// Drops everything (plan, tests that do not look).
class NullEventSink final : public ReleaseEventSink {
 public:
  void Emit(const ReleaseEvent&) override {}
};

}  // namespace kanaria::engine
