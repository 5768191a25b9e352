#include "engine/polling_scope.h"

namespace kanaria::engine {
namespace {

thread_local int polling_depth = 0;

}  // namespace

PollingScope::PollingScope() { ++polling_depth; }
PollingScope::~PollingScope() { --polling_depth; }
bool InPollingScope() { return polling_depth > 0; }

}  // namespace kanaria::engine
