// An in-process `kanaria emulator` with kanaria's own AWS clients pointed at it, and the release
// topology most tests start from: an ALB "web" with target groups "blue" and "green" (ip
// targets, 5 s health-check interval) behind a listener forwarding blue 100 / green 0, and an
// EXTERNAL ECS service "prod/web". Everything goes over HTTP, as kanaria's engine will.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "aws/service_client.h"
#include "core/status.h"
#include "emulator/emulator.h"

namespace kanaria::testing {

struct ReleaseTopology {
  std::string load_balancer_arn;
  std::string listener_arn;
  std::string blue_target_group_arn;
  std::string green_target_group_arn;
  std::string cluster = "prod";
  std::string service = "web";
};

class EmulatorFixture {
 public:
  explicit EmulatorFixture(emulator::EmulatorOptions options = {});
  ~EmulatorFixture();

  emulator::Emulator& emulator() { return *emulator_; }
  std::shared_ptr<aws::ClientContext> context() { return context_; }

  // One raw call each; the input is the operation's tree (query_protocol.h conventions for ELBv2).
  StatusOr<nlohmann::json> Ecs(std::string_view operation, const nlohmann::json& input);
  StatusOr<nlohmann::json> Elbv2(std::string_view operation, const nlohmann::json& input);
  StatusOr<nlohmann::json> Admin(std::string_view method, std::string_view path,
                                 const nlohmann::json& body = nullptr);

  // Creates the topology above, and a service with `desired_count` tasks.
  // REQUIRES: called once.
  ReleaseTopology CreateReleaseTopology(int desired_count = 4);
  // Registers task definition family "web" with `environment` (KANARIA_EMULATOR_* variables);
  // returns "web:N".
  std::string RegisterVersion(const nlohmann::json& environment = nlohmann::json::object());
  // A task set of `task_definition` at `percent` scale behind `target_group_arn`; its id.
  std::string CreateTaskSet(const std::string& task_definition,
                            const std::string& target_group_arn, double percent);
  // Sets the listener's default forward weights.
  void SetWeights(int blue, int green);
  // The loopback port of the listener's data plane (admin API).
  int ListenerPort(const std::string& listener_arn);

  // Polls `done` every 10 ms of real time until it holds or `timeout` passes.
  static bool WaitUntil(const std::function<bool()>& done,
                        std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  std::unique_ptr<emulator::Emulator> emulator_;
  std::shared_ptr<aws::ClientContext> context_;
  std::unique_ptr<aws::ServiceClient> ecs_;
  std::unique_ptr<aws::ServiceClient> elbv2_;
  ReleaseTopology topology_;
};

// The stabilityStatus of `task_set` in `topology`'s service ("STEADY_STATE", "STABILIZING"), or
// "missing" when DescribeTaskSets does not return it.
std::string StabilityOf(EmulatorFixture& fixture, const ReleaseTopology& topology,
                        const std::string& task_set);

}  // namespace kanaria::testing
