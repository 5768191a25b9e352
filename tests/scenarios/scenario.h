// A release scenario file (tests/scenarios/*.yaml): the starting infrastructure, the app, the
// faults, what happens during the release, and the expected exit code and end state. The runner
// (scenario_test.cc) checks I1 and I2 after every mutating call and I4/I5 at the end.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kanaria::testing {

struct ScenarioAction {
  std::string when_stage;        // fire at stage.started of the first stage with this name
  std::string when_call;         // ... or after the first mutating call with this operation
  int when_look = 0;             // ... or at the first analysis verdict of this look (1, 2, ...)
  nlohmann::json faults;         // POST /_emulator/faults body
  std::optional<int> desired_count;  // UpdateService desiredCount (as auto scaling would)
  std::optional<int> second_deploy_exit;  // run another release of different content now
  bool abort = false;            // leave a kanaria:abort request (as `kanaria abort` would)
  std::string alarm_to_alarm;    // SetAlarmState of this alarm to ALARM
  int stop_canary_tasks = 0;     // StopTask this many of the canary's running tasks (a crash)
  bool fired = false;
};

struct Scenario {
  std::string file;
  std::string name;
  std::string service = "web";  // the ECS service's name
  int desired_count = 4;
  // weighted-listener | primary-only-rule | rule-with-conditions | sticky-oidc |
  // several-listeners | cloud-map
  std::string route = "weighted-listener";
  nlohmann::json new_environment = nlohmann::json::object();  // v2's KANARIA_EMULATOR_* variables
  nlohmann::json primary_environment = nlohmann::json::object();  // v1's
  double traffic = 20;         // requests per virtual second to every listener
  uint64_t seed = 1;           // the emulator's random streams (errors, weighted picks)
  std::vector<std::string> alarms;  // CloudWatch metric alarms created (state OK) before the release
  std::string pipeline_yaml;   // the spec.pipeline.stages list, as YAML ("" = no pipeline: quick sync)
  bool quick_sync_recreate = false;  // pipeline quick-sync-recreate: spec.quickSync.recreate
  std::string kanaria_yaml;    // spec.kanaria, as YAML ("" = none)
  std::string release_timeout; // spec.timeout ("" = the default)
  nlohmann::json faults;       // applied before the release (null = none)
  std::vector<ScenarioAction> during;
  double time_scale = 50;
  bool approve = true;         // deploy --approve (false: WAIT_APPROVAL waits for a request)
  int expect_exit = 0;
  std::string expect_end;      // "released" | "rolled_back"
  std::string expect_message;  // the summary contains it
};

// Reads and checks one scenario file; throws std::runtime_error naming the file and the key.
Scenario LoadScenario(const std::string& path);
// The stages of a named pipeline (canary, bluegreen, cloudmap-canary, analysis) as YAML; nullptr
// otherwise.
const char* NamedPipeline(const std::string& name);
// Every tests/scenarios/*.yaml, sorted.
std::vector<std::string> ScenarioFiles();

}  // namespace kanaria::testing
