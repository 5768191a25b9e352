// The starting infrastructure of a scenario on the in-process emulator (v1 running as the
// PRIMARY task set behind the "blue" target group, or in Cloud Map), and the app directory that
// releases v2.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "scenarios/scenario.h"
#include "support/emulator_fixture.h"

namespace kanaria::testing {

struct ScenarioWorld {
  std::string cluster = "prod";
  std::string service = "web";
  std::string service_arn;
  std::string load_balancer_arn;
  std::vector<std::string> listener_arns;
  std::string blue_arn;   // primary target group
  std::string green_arn;  // canary target group
  std::string other_arn;  // a target group of another app (rules to it must never change)
  std::string registry_arn;  // Cloud Map service (route cloud-map)
  std::string v1;            // "web:1"
  std::string v2 = "web:2";  // what a release registers
  std::string v1_task_set;
  std::string app_dir;
};

// REQUIRES: `fixture` is fresh. Throws std::runtime_error on any failure.
ScenarioWorld BuildScenarioWorld(EmulatorFixture& fixture, const Scenario& scenario, const std::string& work_dir);

// Writes an app for `world` into `dir` whose v2 has `environment` and whose image tag is `tag`.
void WriteScenarioApp(const ScenarioWorld& world, const Scenario& scenario, const std::string& dir,
                      const nlohmann::json& environment, const std::string& tag);

}  // namespace kanaria::testing
