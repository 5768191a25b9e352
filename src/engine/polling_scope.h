// Marks the AWS calls that only wait for a state change (stability reads, lock re-reads and
// renewals): the benchmark and the end-of-release summary count them apart from the rest
// (pre-flight reads, read-backs, lock acquire and release, every mutation).
#pragma once

namespace kanaria::engine {

// While an instance lives, calls made on this thread are polling. Nests.
class PollingScope {
 public:
  PollingScope();
  ~PollingScope();
  PollingScope(const PollingScope&) = delete;
  PollingScope& operator=(const PollingScope&) = delete;
};

// True inside a PollingScope on this thread.
bool InPollingScope();

}  // namespace kanaria::engine
