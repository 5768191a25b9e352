#include <gtest/gtest.h>

#include <set>

#include "emulator/services/ecs/ecs_test_fixture.h"

namespace kanaria::emulator::testing {
namespace {

class EcsLifecycleTest : public EcsWorldTest {
 protected:
  explicit EcsLifecycleTest(double time_scale = 1) : EcsWorldTest(time_scale) {}
  void SetUp() override { CreateCluster(); }
  std::optional<TargetBehaviour> BehaviourAt(const std::string& ip) {
    std::lock_guard<std::mutex> lock(world_.mutex());
    return world_.ecs.BehaviourAt({ip, 8080});
  }
  static std::string IpOf(const nlohmann::json& task) {
    return task["attachments"][0]["details"][1]["value"];
  }
};

class EcsScaledLifecycleTest : public EcsLifecycleTest {
 protected:
  EcsScaledLifecycleTest() : EcsLifecycleTest(10) {}
};

TEST_F(EcsLifecycleTest, TasksProvisionThenRunAndRegisterAsTargets) {
  const std::string web = RegisterWeb();
  CreateExternalService(2);
  const std::string id = CreateTaskSet(web, 100)["id"];
  nlohmann::json tasks = DescribeTasksOf(id);
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(tasks[0]["lastStatus"], "PROVISIONING");
  AdvanceSeconds(kProvisioningSeconds);
  EXPECT_EQ(DescribeTasksOf(id)[0]["lastStatus"], "PENDING");
  EXPECT_TRUE(load_balancers_.registrations.empty());
  AdvanceSeconds(kPendingSeconds);
  tasks = DescribeTasksOf(id);
  std::set<std::string> ips;
  for (const nlohmann::json& task : tasks) {
    EXPECT_EQ(task["lastStatus"], "RUNNING");
    EXPECT_EQ(task["desiredStatus"], "RUNNING");
    EXPECT_EQ(task["startedBy"], id);
    EXPECT_EQ(task["group"], "service:api");
    EXPECT_EQ(task["taskDefinitionArn"], web);
    EXPECT_EQ(task["containers"][0]["name"], "web");
    EXPECT_EQ(task["containers"][0]["image"], "nginx:1.25");
    EXPECT_EQ(task["containers"][0]["lastStatus"], "RUNNING");
    EXPECT_EQ(task["attachments"][0]["type"], "ElasticNetworkInterface");
    const std::string arn = task["taskArn"];
    EXPECT_TRUE(arn.starts_with("arn:aws:ecs:us-east-1:123456789012:task/prod/"));
    EXPECT_EQ(arn.size(), std::string("arn:aws:ecs:us-east-1:123456789012:task/prod/").size() + 32);
    EXPECT_TRUE(IpOf(task).starts_with("10.0."));
    ips.insert(IpOf(task));
  }
  EXPECT_EQ(ips.size(), 2u);
  ASSERT_EQ(load_balancers_.registrations.size(), 2u);
  EXPECT_EQ(load_balancers_.registrations[0].first, kTargetGroup);
  EXPECT_EQ(load_balancers_.registrations[0].second.port, 8080);
  EXPECT_TRUE(ips.contains(load_balancers_.registrations[0].second.ip));
}

TEST_F(EcsScaledLifecycleTest, TimeScaleShortensEveryTaskDuration) {
  const std::string web = RegisterWeb();
  CreateExternalService(1);
  const std::string id = CreateTaskSet(web, 100)["id"];
  AdvanceSeconds((kProvisioningSeconds + kPendingSeconds) / 10 - 0.1);
  EXPECT_EQ(DescribeTasksOf(id)[0]["lastStatus"], "PENDING");
  AdvanceSeconds(0.1);
  EXPECT_EQ(DescribeTasksOf(id)[0]["lastStatus"], "RUNNING");
}

TEST_F(EcsLifecycleTest, SteadyOnlyWhenRunningCountMatchesAndTargetsAreHealthy) {
  const std::string web = RegisterWeb();
  CreateExternalService(2);
  const std::string id = CreateTaskSet(web, 50)["id"];
  EXPECT_EQ(DescribeTaskSet(id)["stabilityStatus"], "STABILIZING");
  AdvanceSeconds(kProvisioningSeconds + kPendingSeconds);
  nlohmann::json task_set = DescribeTaskSet(id);
  EXPECT_EQ(task_set["runningCount"], 1);
  EXPECT_EQ(task_set["stabilityStatus"], "STABILIZING");  // target still `initial`
  AdvanceSeconds(3);
  load_balancers_.SetAll(kTargetGroup, TargetHealthState::kInitial, TargetHealthState::kHealthy);
  task_set = DescribeTaskSet(id);
  EXPECT_EQ(task_set["stabilityStatus"], "STEADY_STATE");
  const double expected_at = std::chrono::duration<double>(clock_.Now().time_since_epoch()).count();
  EXPECT_DOUBLE_EQ(task_set["stabilityStatusAt"].get<double>(), expected_at);
  const nlohmann::json service =
      Call("DescribeServices", {{"cluster", "prod"}, {"services", {"api"}}})["services"][0];
  EXPECT_EQ(service["runningCount"], 1);
  EXPECT_EQ(service["pendingCount"], 0);
}

TEST_F(EcsLifecycleTest, StuckStabilizingFaultKeepsTheTaskSetStabilizing) {
  const std::string web = RegisterWeb();
  TaskDefinitionFault fault;
  fault.task_definition = "web";
  fault.stuck_stabilizing = true;
  world_.faults.Add(fault);
  load_balancers_.initial_health = TargetHealthState::kHealthy;
  CreateExternalService(1);
  const std::string id = CreateTaskSet(web, 100)["id"];
  AdvanceSeconds(60);
  EXPECT_EQ(DescribeTaskSet(id)["runningCount"], 1);
  EXPECT_EQ(DescribeTaskSet(id)["stabilityStatus"], "STABILIZING");
}

TEST_F(EcsLifecycleTest, TasksFailingElbHealthChecksAfterGraceAreReplaced) {
  const std::string web = RegisterWeb();
  CreateExternalService(1, /*grace_seconds=*/30);
  const std::string id = CreateTaskSet(web, 100)["id"];
  AdvanceSeconds(kProvisioningSeconds + kPendingSeconds);
  const std::string first = DescribeTasksOf(id)[0]["taskArn"];
  load_balancers_.SetAll(kTargetGroup, TargetHealthState::kInitial, TargetHealthState::kUnhealthy);
  AdvanceSeconds(29);
  EXPECT_EQ(DescribeTasksOf(id)[0]["taskArn"], first);  // within the grace period
  AdvanceSeconds(1);
  const nlohmann::json stopped = DescribeTasksOf(id, "STOPPED");
  ASSERT_EQ(stopped.size(), 1u);
  EXPECT_EQ(stopped[0]["stoppedReason"],
            std::string("Task failed ELB health checks in (target-group ") + kTargetGroup + ")");
  EXPECT_EQ(stopped[0]["lastStatus"], "DEACTIVATING");
  EXPECT_EQ(load_balancers_.deregistrations.size(), 1u);
  const nlohmann::json replacement = DescribeTasksOf(id);
  ASSERT_EQ(replacement.size(), 1u);
  EXPECT_NE(replacement[0]["taskArn"], first);
  EXPECT_EQ(replacement[0]["lastStatus"], "PROVISIONING");
}

TEST_F(EcsLifecycleTest, StopTaskStopsOneTaskWithTheReasonAndTheTaskSetReplacesIt) {
  const std::string web = RegisterWeb();
  CreateExternalService(2);
  const std::string id = CreateTaskSet(web, 100)["id"];
  AdvanceSeconds(kProvisioningSeconds + kPendingSeconds);
  const std::string first = DescribeTasksOf(id)[0]["taskArn"];
  const nlohmann::json stopped =
      Call("StopTask", {{"cluster", "prod"}, {"task", first}, {"reason", "OOM drill"}})["task"];
  EXPECT_EQ(stopped["desiredStatus"], "STOPPED");
  EXPECT_EQ(stopped["stoppedReason"], "OOM drill");
  EXPECT_EQ(stopped["stopCode"], "UserInitiated");
  EXPECT_EQ(DescribeTasksOf(id, "STOPPED").size(), 1u);
  const nlohmann::json live = DescribeTasksOf(id);
  ASSERT_EQ(live.size(), 2u);  // the survivor and a replacement
  EXPECT_NE(live[0]["taskArn"], first);
  EXPECT_NE(live[1]["taskArn"], first);
  EXPECT_EQ(DescribeTaskSet(id)["stabilityStatus"], "STABILIZING");
  EXPECT_EQ(ErrorOf("StopTask", {{"cluster", "prod"}, {"task", "0123"}}), "InvalidParameterException");
}

TEST_F(EcsLifecycleTest, StartFailureFromTheEnvironmentStopsTasksAndRetriesLater) {
  const std::string web =
      RegisterWeb({{"KANARIA_EMULATOR_START_FAILURE", "CannotPullContainerError: nope"}});
  CreateExternalService(1);
  const std::string id = CreateTaskSet(web, 100)["id"];
  AdvanceSeconds(kProvisioningSeconds);
  nlohmann::json stopped = DescribeTasksOf(id, "STOPPED");
  ASSERT_EQ(stopped.size(), 1u);
  EXPECT_EQ(stopped[0]["stoppedReason"], "CannotPullContainerError: nope");
  EXPECT_EQ(stopped[0]["stopCode"], "TaskFailedToStart");
  EXPECT_TRUE(DescribeTasksOf(id).empty());  // replacement waits
  AdvanceSeconds(kDeprovisioningSeconds);
  EXPECT_EQ(DescribeTasksOf(id, "STOPPED")[0]["lastStatus"], "STOPPED");
  AdvanceSeconds(kStartFailureRetrySeconds);
  EXPECT_EQ(DescribeTasksOf(id).size(), 1u);
  EXPECT_TRUE(load_balancers_.registrations.empty());
  EXPECT_EQ(DescribeTaskSet(id)["stabilityStatus"], "STABILIZING");
}

TEST_F(EcsLifecycleTest, StartFailureFaultAppliesToItsRevisionOnly) {
  const std::string web1 = RegisterWeb();
  const std::string web2 = RegisterWeb();
  world_.faults.Add(TaskDefinitionFault{.task_definition = "web:2",
                                        .start_failure = "ResourceInitializationError"});
  CreateExternalService(1);
  const std::string good = CreateTaskSet(web1, 100)["id"];
  const std::string bad = CreateTaskSet(web2, 100)["id"];
  AdvanceSeconds(kProvisioningSeconds + kPendingSeconds);
  EXPECT_EQ(DescribeTasksOf(good)[0]["lastStatus"], "RUNNING");
  EXPECT_EQ(DescribeTasksOf(bad, "STOPPED")[0]["stoppedReason"], "ResourceInitializationError");
}

TEST_F(EcsLifecycleTest, BehaviourComesFromTheEssentialContainerAndFaults) {
  const std::string web =
      RegisterWeb({{"KANARIA_EMULATOR_ERROR_RATE", "0.25"}, {"KANARIA_EMULATOR_LATENCY_MS", "40"}});
  CreateExternalService(1);
  const std::string id = CreateTaskSet(web, 100)["id"];
  AdvanceSeconds(kProvisioningSeconds + kPendingSeconds);
  const nlohmann::json task = DescribeTasksOf(id)[0];
  std::optional<TargetBehaviour> behaviour = BehaviourAt(IpOf(task));
  ASSERT_TRUE(behaviour.has_value());
  EXPECT_EQ(behaviour->task_arn, task["taskArn"]);
  EXPECT_EQ(behaviour->task_definition, "web:1");
  EXPECT_EQ(behaviour->image, "nginx:1.25");
  EXPECT_DOUBLE_EQ(behaviour->error_rate, 0.25);
  EXPECT_DOUBLE_EQ(behaviour->latency_ms, 40);
  EXPECT_FALSE(behaviour->fails_health_checks);
  TaskDefinitionFault fault;
  fault.task_definition = "web";
  fault.unhealthy_after_start = true;
  world_.faults.Add(fault);
  EXPECT_TRUE(BehaviourAt(IpOf(task))->fails_health_checks);
  EXPECT_FALSE(BehaviourAt("10.9.9.9").has_value());
}

TEST_F(EcsLifecycleTest, UnhealthyEnvironmentFailsHealthChecks) {
  const std::string web = RegisterWeb({{"KANARIA_EMULATOR_UNHEALTHY", "1"}});
  CreateExternalService(1);
  const std::string id = CreateTaskSet(web, 100)["id"];
  AdvanceSeconds(kProvisioningSeconds + kPendingSeconds);
  EXPECT_TRUE(BehaviourAt(IpOf(DescribeTasksOf(id)[0]))->fails_health_checks);
}

TEST_F(EcsLifecycleTest, TasksJoinAndLeaveCloudMapWithEcsAttributes) {
  const std::string web = RegisterWeb();
  CreateExternalService(1);
  nlohmann::json input = TaskSetInput(web, 100);
  input["externalId"] = "release-7";
  nlohmann::json registry = {
      {"registryArn", kRegistry}, {"containerName", "web"}, {"containerPort", 8080}};
  input["serviceRegistries"] = nlohmann::json::array({registry});
  const std::string id = Call("CreateTaskSet", input)["taskSet"]["id"];
  AdvanceSeconds(kProvisioningSeconds + kPendingSeconds);
  const nlohmann::json task = DescribeTasksOf(id)[0];
  const std::string task_arn = task["taskArn"];
  const std::string task_id = task_arn.substr(task_arn.rfind('/') + 1);
  ASSERT_TRUE(registries_.instances.contains({kRegistry, task_id}));
  const std::map<std::string, std::string>& attributes =
      registries_.instances[{kRegistry, task_id}];
  EXPECT_EQ(attributes.at("AWS_INSTANCE_IPV4"), IpOf(task));
  EXPECT_EQ(attributes.at("AWS_INSTANCE_PORT"), "8080");
  EXPECT_EQ(attributes.at("AVAILABILITY_ZONE"), task["availabilityZone"]);
  EXPECT_EQ(attributes.at("ECS_CLUSTER_NAME"), "prod");
  EXPECT_EQ(attributes.at("ECS_SERVICE_NAME"), "api");
  EXPECT_EQ(attributes.at("ECS_TASK_DEFINITION_FAMILY"), "web");
  EXPECT_EQ(attributes.at("ECS_TASK_SET_EXTERNAL_ID"), "release-7");
  Call("DeleteTaskSet",
       {{"cluster", "prod"}, {"service", "api"}, {"taskSet", id}, {"force", true}});
  EXPECT_TRUE(registries_.instances.empty());
  ASSERT_EQ(load_balancers_.deregistrations.size(), 1u);
  EXPECT_EQ(load_balancers_.deregistrations[0].second.ip, IpOf(task));
}

TEST_F(EcsLifecycleTest, StoppedTasksStayDescribableForAnHour) {
  const std::string web = RegisterWeb();
  CreateExternalService(1);
  const std::string id = CreateTaskSet(web, 100)["id"];
  const std::string task = DescribeTasksOf(id)[0]["taskArn"];
  Call("UpdateTaskSet", {{"cluster", "prod"},
                         {"service", "api"},
                         {"taskSet", id},
                         {"scale", {{"value", 0}, {"unit", "PERCENT"}}}});
  AdvanceSeconds(kDeprovisioningSeconds);
  nlohmann::json described = Call("DescribeTasks", {{"cluster", "prod"}, {"tasks", {task}}});
  EXPECT_EQ(described["tasks"][0]["lastStatus"], "STOPPED");
  AdvanceSeconds(kStoppedTaskRetentionSeconds);
  described = Call("DescribeTasks", {{"cluster", "prod"}, {"tasks", {task}}});
  EXPECT_TRUE(described["tasks"].empty());
  EXPECT_EQ(described["failures"][0]["reason"], "MISSING");
}

}  // namespace
}  // namespace kanaria::emulator::testing
