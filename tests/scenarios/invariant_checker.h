// Watches a release through its events and, after every mutating call, reads the emulator's
// state over the AWS APIs to check:
//  I1  a target group whose weight rose had only STEADY_STATE task sets behind it;
//  I2  every rule and listener default action is what it was before the release, except the
//      two target groups' weights (and the canary group the prepare step adds);
// and fires the scenario's `during` actions.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/release_events.h"
#include "scenarios/scenario.h"
#include "scenarios/scenario_world.h"
#include "support/emulator_fixture.h"

namespace kanaria::testing {

// Every rule of every listener of the world's load balancer, by ARN ("default" rules by their
// listener ARN): actions and conditions as DescribeRules returns them.
std::map<std::string, nlohmann::json> SnapshotRules(EmulatorFixture& fixture, const ScenarioWorld& world);
// The weights of (primary, canary) in the forward action of `rule`; absent groups count 0.
std::pair<int, int> WeightsOf(const nlohmann::json& rule, const ScenarioWorld& world);

class InvariantChecker final : public engine::ReleaseEventSink {
 public:
  InvariantChecker(EmulatorFixture& fixture, const ScenarioWorld& world, Scenario& scenario,
                   std::function<void(ScenarioAction&)> fire);

  void Emit(const engine::ReleaseEvent& event) override;

  const std::vector<std::string>& violations() const { return violations_; }
  const std::vector<engine::ReleaseEvent>& events() const { return events_; }

 private:
  void CheckAfterCall(const engine::ReleaseEvent& event);

  EmulatorFixture& fixture_;
  const ScenarioWorld& world_;
  Scenario& scenario_;
  std::function<void(ScenarioAction&)> fire_;
  std::map<std::string, nlohmann::json> initial_rules_;
  std::map<std::string, std::pair<int, int>> weights_;
  std::vector<std::string> violations_;
  std::vector<engine::ReleaseEvent> events_;
};

}  // namespace kanaria::testing
