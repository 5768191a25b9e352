// The end of a release as the invariants define it, read from the emulator over the AWS APIs:
// I4 after a release (one live PRIMARY task set of this release on web:2 at 100 %, every rule
// 100 % to the primary, no release tags) and I5 after a rollback (the same on the previous
// version).
#pragma once

#include <string>

#include "scenarios/scenario_world.h"
#include "support/emulator_fixture.h"

namespace kanaria::testing {

// `end`: "released" or "rolled_back"; `release_id` is checked against the task set's externalId
// after a release when not empty. Records gtest failures.
void ExpectEndState(EmulatorFixture& fixture, const ScenarioWorld& world, const std::string& end,
                    const std::string& release_id = "");

}  // namespace kanaria::testing
