// The typed ECS client against moto_server over real HTTP: a release's sequence of calls on an
// EXTERNAL-controller service (register, create service, task sets, scale, primary switch, tags,
// delete), read back from an independent implementation, and the error codes the engine
// branches on. Clusters are created with a raw CallJson("CreateCluster") so set-up exercises
// nothing of the code under test. Each test uses its own cluster, so tests do not depend on
// each other's state on the shared server.
// Only what both AWS and moto do is asserted; what moto does differently is listed in
// docs/moto-divergences.md.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>

#include "aws/aws_error.h"
#include "aws/curl_transport.h"
#include "aws/ecs/ecs_client.h"
#include "support/external_tools.h"
#include "support/moto_network.h"
#include "support/test_client_context.h"

namespace kanaria::aws::ecs {
namespace {

using nlohmann::json;
using testing::AwsErrorCode;
using testing::MotoServer;

// A complete task definition. The container's own cpu/memory are optional on Fargate, but moto
// cannot start tasks without them (docs/moto-divergences.md).
json WebTaskDefinition(const std::string& family, const std::string& image) {
  return {{"family", family},
          {"networkMode", "awsvpc"},
          {"requiresCompatibilities", {"FARGATE"}},
          {"cpu", "256"},
          {"memory", "512"},
          {"containerDefinitions",
           {{{"name", "web"},
             {"image", image},
             {"cpu", 128},
             {"memory", 256},
             {"essential", true},
             {"portMappings", {{{"containerPort", 80}, {"protocol", "tcp"}}}},
             {"environment", {{{"name", "MODE"}, {"value", "canary"}}}}}}},
          {"tags", {{{"key", "team"}, {"value", "web"}}}}};
}

class EcsMotoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { moto_ = new MotoServer(); }
  static void TearDownTestSuite() {
    delete moto_;
    moto_ = nullptr;
  }

  std::shared_ptr<ClientContext> Context(std::shared_ptr<HttpTransport> transport) {
    auto context = testing::TestClientContext(moto_->url(), std::move(transport));
    context->random = std::make_shared<SeededRandom>(42);
    return context;
  }

  // A VPC with one subnet and one security group in moto's EC2, as a task set's
  // networkConfiguration.
  json CreateNetwork() {
    const testing::MotoNetwork network =
        testing::CreateMotoNetwork(Context(std::make_shared<CurlTransport>()), "web-" + cluster_);
    EXPECT_FALSE(network.security_group.empty()) << "moto's EC2 did not create the network";
    return {{"awsvpcConfiguration", {{"subnets", {network.subnet_a}},
                                     {"securityGroups", {network.security_group}},
                                     {"assignPublicIp", "DISABLED"}}}};
  }

  void SetUp() override {
    KANARIA_REQUIRE_TOOL("moto_server");
    if (!moto_->ok()) {
      if (testing::RunningInCi()) FAIL() << "moto_server did not start: " << moto_->error();
      GTEST_SKIP() << "SKIPPED LOUDLY: moto_server did not start: " << moto_->error();
    }
    auto client = EcsClient::Create(Context(std::make_shared<CurlTransport>()));
    ASSERT_TRUE(client.ok()) << client.status().ToString();
    ecs_ = std::move(client).value();
    static std::atomic<int> next_cluster{0};
    cluster_ = "kanaria-" + std::to_string(next_cluster++);
    auto created = ecs_->service_client().CallJson("CreateCluster", {{"clusterName", cluster_}});
    ASSERT_TRUE(created.ok()) << created.status().ToString();
  }

  // Creates an EXTERNAL service `name` with `desired_count` tasks (task sets bring the rest).
  Service CreateExternalService(const std::string& name, int desired_count) {
    CreateServiceRequest request;
    request.cluster = cluster_;
    request.service_name = name;
    request.desired_count = desired_count;
    request.deployment_controller_type = std::string(kDeploymentControllerExternal);
    request.scheduling_strategy = "REPLICA";
    request.propagate_tags = "SERVICE";
    request.tags = {{"kanaria.io/managed", "true"}};
    request.client_token = "create-" + name;
    StatusOr<Service> service = ecs_->CreateService(request);
    EXPECT_TRUE(service.ok()) << service.status().ToString();
    return service.ok() ? *service : Service{};
  }

  TaskDefinition Register(const std::string& family, const std::string& image) {
    StatusOr<TaskDefinitionWithTags> registered =
        ecs_->RegisterTaskDefinition(WebTaskDefinition(family, image));
    EXPECT_TRUE(registered.ok()) << registered.status().ToString();
    return registered.ok() ? registered->task_definition : TaskDefinition{};
  }

  CreateTaskSetRequest TaskSetRequest(const std::string& service, const TaskDefinition& definition,
                                      double percent, const std::string& role) {
    CreateTaskSetRequest request;
    request.cluster = cluster_;
    request.service = service;
    request.task_definition = definition.task_definition_arn;
    request.external_id = "rel-0001";
    request.client_token = "rel-0001-" + role;
    request.scale = Scale{percent, std::string(kScaleUnitPercent)};
    request.launch_type = "FARGATE";
    request.platform_version = "1.4.0";
    if (network_.is_null()) network_ = CreateNetwork();
    request.network_configuration = network_;
    request.tags = {{"kanaria.io/release", "rel-0001"}, {"kanaria.io/role", role}};
    return request;
  }

  static MotoServer* moto_;
  std::unique_ptr<EcsClient> ecs_;
  std::string cluster_;
  json network_;  // the awsvpc networkConfiguration of this test's task sets
};

MotoServer* EcsMotoTest::moto_ = nullptr;

TEST_F(EcsMotoTest, TaskDefinitionRegisterDescribeReRegisterDeregister) {
  const TaskDefinition first = Register("web-td", "nginx:1.25");
  EXPECT_EQ(first.family, "web-td");
  EXPECT_EQ(first.revision, 1);
  EXPECT_EQ(first.status, "ACTIVE");
  EXPECT_EQ(first.task_definition_arn,
            "arn:aws:ecs:us-east-1:123456789012:task-definition/web-td:1");
  ASSERT_EQ(first.container_definitions.size(), 1u);
  EXPECT_EQ(first.container_definitions[0].image, "nginx:1.25");
  ASSERT_EQ(first.container_definitions[0].port_mappings.size(), 1u);
  EXPECT_EQ(first.container_definitions[0].port_mappings[0].container_port, 80);
  ASSERT_EQ(first.container_definitions[0].environment.size(), 1u);
  EXPECT_EQ(first.container_definitions[0].environment[0].value, "canary");

  StatusOr<TaskDefinitionWithTags> described = ecs_->DescribeTaskDefinition("web-td:1");
  ASSERT_TRUE(described.ok()) << described.status().ToString();
  EXPECT_EQ(described->task_definition.task_definition_arn, first.task_definition_arn);
  EXPECT_EQ(described->task_definition.network_mode, "awsvpc");
  EXPECT_EQ(described->task_definition.cpu, "256");
  ASSERT_NE(FindTag(described->tags, "team"), nullptr);
  EXPECT_EQ(*FindTag(described->tags, "team"), "web");

  // A described definition (read-only members and all) registers again as the next revision.
  StatusOr<TaskDefinitionWithTags> again =
      ecs_->RegisterTaskDefinition(described->task_definition.raw);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->task_definition.revision, 2);
  EXPECT_EQ(again->task_definition.container_definitions[0].image, "nginx:1.25");

  StatusOr<TaskDefinition> deregistered = ecs_->DeregisterTaskDefinition("web-td:1");
  ASSERT_TRUE(deregistered.ok()) << deregistered.status().ToString();
  EXPECT_EQ(deregistered->status, "INACTIVE");
  EXPECT_EQ(deregistered->revision, 1);
}

TEST_F(EcsMotoTest, ExternalServiceReleaseSequence) {
  const TaskDefinition v1 = Register("web", "nginx:1.24");
  const TaskDefinition v2 = Register("web", "nginx:1.25");
  ASSERT_EQ(v2.revision, v1.revision + 1);

  // desiredCount 0 while the task sets are created: moto 5.2.1 fails (HTTP 500) to start awsvpc
  // tasks, so this test keeps it from starting any; TasksOfATaskSet covers tasks.
  const Service created = CreateExternalService("web", 0);
  EXPECT_EQ(created.service_name, "web");
  EXPECT_TRUE(created.IsExternal());
  EXPECT_EQ(created.desired_count, 0);
  EXPECT_EQ(created.status, "ACTIVE");
  EXPECT_EQ(created.service_arn, "arn:aws:ecs:us-east-1:123456789012:service/" + cluster_ + "/web");
  EXPECT_TRUE(created.task_sets.empty());

  // 1. The previous release's primary, then the canary at 25 %.
  StatusOr<TaskSet> primary = ecs_->CreateTaskSet(TaskSetRequest("web", v1, 100, "primary"));
  ASSERT_TRUE(primary.ok()) << primary.status().ToString();
  EXPECT_TRUE(primary->id.starts_with("ecs-svc/")) << primary->id;
  EXPECT_TRUE(primary->task_set_arn.ends_with("/" + primary->id)) << primary->task_set_arn;
  EXPECT_EQ(primary->service_arn, created.service_arn);
  EXPECT_EQ(primary->cluster_arn, created.cluster_arn);
  EXPECT_EQ(primary->task_definition, v1.task_definition_arn);
  EXPECT_EQ(primary->external_id, "rel-0001");
  EXPECT_EQ(primary->launch_type, "FARGATE");
  EXPECT_EQ(primary->platform_version, "1.4.0");
  EXPECT_EQ(primary->network_configuration, network_);
  ASSERT_TRUE(primary->scale.has_value());
  EXPECT_EQ(*primary->scale, (Scale{100, "PERCENT"}));
  ASSERT_NE(FindTag(primary->tags, "kanaria.io/role"), nullptr);
  EXPECT_EQ(*FindTag(primary->tags, "kanaria.io/role"), "primary");
  EXPECT_TRUE(primary->stability_status == kSteadyState || primary->stability_status == kStabilizing)
      << primary->stability_status;
  ASSERT_TRUE(primary->created_at.has_value());
  EXPECT_LT(std::chrono::abs(std::chrono::system_clock::now() - *primary->created_at),
            std::chrono::hours(1));

  StatusOr<TaskSet> moved = ecs_->UpdateServicePrimaryTaskSet(cluster_, "web", primary->task_set_arn);
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_EQ(moved->id, primary->id);
  EXPECT_TRUE(moved->IsPrimary()) << moved->status;

  StatusOr<TaskSet> canary = ecs_->CreateTaskSet(TaskSetRequest("web", v2, 25, "canary"));
  ASSERT_TRUE(canary.ok()) << canary.status().ToString();
  EXPECT_NE(canary->id, primary->id);
  EXPECT_EQ(canary->task_definition, v2.task_definition_arn);
  EXPECT_FALSE(canary->IsPrimary());

  // 2. Both read back, with their tags, by id and by ARN.
  StatusOr<DescribeTaskSetsResult> described = ecs_->DescribeTaskSets(cluster_, "web");
  ASSERT_TRUE(described.ok()) << described.status().ToString();
  ASSERT_EQ(described->task_sets.size(), 2u);
  const TaskSet* described_primary = described->Find(primary->id);
  const TaskSet* described_canary = described->Find(canary->task_set_arn);
  ASSERT_NE(described_primary, nullptr);
  ASSERT_NE(described_canary, nullptr);
  EXPECT_TRUE(described_primary->IsPrimary());
  EXPECT_EQ(described_primary->status, kTaskSetPrimary);
  EXPECT_EQ(described_canary->status, kTaskSetActive);
  EXPECT_EQ(described_canary->scale->value, 25);
  ASSERT_NE(FindTag(described_canary->tags, "kanaria.io/release"), nullptr);
  EXPECT_EQ(*FindTag(described_canary->tags, "kanaria.io/release"), "rel-0001");

  StatusOr<DescribeTaskSetsResult> only_canary = ecs_->DescribeTaskSets(cluster_, "web", {canary->id});
  ASSERT_TRUE(only_canary.ok()) << only_canary.status().ToString();
  ASSERT_EQ(only_canary->task_sets.size(), 1u);
  EXPECT_EQ(only_canary->task_sets[0].id, canary->id);

  // 3. Scale the canary up.
  StatusOr<TaskSet> scaled = ecs_->UpdateTaskSet(cluster_, "web", canary->id, Scale{50, "PERCENT"});
  ASSERT_TRUE(scaled.ok()) << scaled.status().ToString();
  EXPECT_EQ(scaled->scale->value, 50);
  StatusOr<DescribeTaskSetsResult> rescaled = ecs_->DescribeTaskSets(cluster_, "web", {canary->id});
  ASSERT_TRUE(rescaled.ok()) << rescaled.status().ToString();
  ASSERT_EQ(rescaled->task_sets.size(), 1u);
  EXPECT_EQ(rescaled->task_sets[0].scale->value, 50);

  StatusOr<Service> service = ecs_->DescribeService(cluster_, "web");
  ASSERT_TRUE(service.ok()) << service.status().ToString();
  EXPECT_TRUE(service->IsExternal());
  EXPECT_EQ(service->task_sets.size(), 2u);
  ASSERT_NE(FindTag(service->tags, "kanaria.io/managed"), nullptr);

  // 4. Primary rollout: v2 at 100 % becomes primary, the old primary and the canary go.
  StatusOr<TaskSet> next = ecs_->CreateTaskSet(TaskSetRequest("web", v2, 100, "next-primary"));
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  ASSERT_TRUE(ecs_->UpdateServicePrimaryTaskSet(cluster_, "web", next->task_set_arn).ok());
  StatusOr<TaskSet> deleted_old = ecs_->DeleteTaskSet(cluster_, "web", primary->id, true);
  ASSERT_TRUE(deleted_old.ok()) << deleted_old.status().ToString();
  EXPECT_EQ(deleted_old->id, primary->id);
  StatusOr<TaskSet> deleted_canary = ecs_->DeleteTaskSet(cluster_, "web", canary->task_set_arn, true);
  ASSERT_TRUE(deleted_canary.ok()) << deleted_canary.status().ToString();
  EXPECT_EQ(deleted_canary->id, canary->id);

  // AWS keeps deleted task sets DRAINING for a while; moto drops them at once.
  StatusOr<DescribeTaskSetsResult> remaining = ecs_->DescribeTaskSets(cluster_, "web");
  ASSERT_TRUE(remaining.ok()) << remaining.status().ToString();
  int live = 0;
  for (const TaskSet& ts : remaining->task_sets) {
    if (ts.status != kTaskSetDraining) ++live;
  }
  EXPECT_EQ(live, 1);
  const TaskSet* now_primary = remaining->Find(next->id);
  ASSERT_NE(now_primary, nullptr);
  EXPECT_TRUE(now_primary->IsPrimary());
  EXPECT_EQ(now_primary->task_definition, v2.task_definition_arn);

  // 5. The service's own attributes change through UpdateService (last: with a non-zero
  // desiredCount moto could no longer create awsvpc task sets).
  UpdateServiceRequest update;
  update.cluster = cluster_;
  update.service = "web";
  update.desired_count = 6;
  update.health_check_grace_period_seconds = 30;
  StatusOr<Service> updated = ecs_->UpdateService(update);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->desired_count, 6);

  StatusOr<Service> described_service = ecs_->DescribeService(cluster_, "web");
  ASSERT_TRUE(described_service.ok()) << described_service.status().ToString();
  EXPECT_EQ(described_service->desired_count, 6);
  EXPECT_EQ(described_service->health_check_grace_period_seconds, 30);
}

// The set-up is moto's: it starts Fargate tasks only without awsvpc networking, which AWS
// requires on Fargate. What is asserted holds on both.
TEST_F(EcsMotoTest, TasksOfATaskSetListAndDescribe) {
  json definition = WebTaskDefinition("plain", "nginx:1.25");
  definition.erase("networkMode");
  definition.erase("requiresCompatibilities");
  StatusOr<TaskDefinitionWithTags> registered = ecs_->RegisterTaskDefinition(definition);
  ASSERT_TRUE(registered.ok()) << registered.status().ToString();
  CreateExternalService("plain", 3);
  CreateTaskSetRequest request = TaskSetRequest("plain", registered->task_definition, 100, "primary");
  request.network_configuration = nullptr;
  StatusOr<TaskSet> task_set = ecs_->CreateTaskSet(request);
  ASSERT_TRUE(task_set.ok()) << task_set.status().ToString();

  ListTasksRequest by_service;
  by_service.cluster = cluster_;
  by_service.service_name = "plain";
  StatusOr<std::vector<std::string>> task_arns = ecs_->ListTasks(by_service);
  ASSERT_TRUE(task_arns.ok()) << task_arns.status().ToString();
  // AWS starts them asynchronously; moto at once (without the startedBy below).
  EXPECT_LE(task_arns->size(), 3u);

  ListTasksRequest by_task_set;
  by_task_set.cluster = cluster_;
  by_task_set.started_by = task_set->id;
  StatusOr<std::vector<std::string>> started_by_task_set = ecs_->ListTasks(by_task_set);
  ASSERT_TRUE(started_by_task_set.ok()) << started_by_task_set.status().ToString();

  StatusOr<DescribeTasksResult> tasks = ecs_->DescribeTasks(cluster_, *task_arns);
  ASSERT_TRUE(tasks.ok()) << tasks.status().ToString();
  EXPECT_EQ(tasks->tasks.size(), task_arns->size());
  EXPECT_TRUE(tasks->failures.empty());
  for (const std::string& arn : *task_arns) {
    const Task* task = tasks->Find(arn);
    ASSERT_NE(task, nullptr) << arn;
    EXPECT_FALSE(task->last_status.empty());
    EXPECT_EQ(task->task_definition_arn, registered->task_definition.task_definition_arn);
  }

  // A task that does not exist is not an error (AWS reports it MISSING in failures; moto
  // leaves it out).
  StatusOr<DescribeTasksResult> missing = ecs_->DescribeTasks(
      cluster_, {"arn:aws:ecs:us-east-1:123456789012:task/" + cluster_ + "/0123456789abcdef0123456789abcdef"});
  ASSERT_TRUE(missing.ok()) << missing.status().ToString();
  EXPECT_TRUE(missing->tasks.empty());
}

TEST_F(EcsMotoTest, TagsRoundTripOnServiceAndTaskSet) {
  const TaskDefinition v1 = Register("tagged", "nginx:1.25");
  const Service service = CreateExternalService("tagged", 0);  // no tasks: see ReleaseSequence
  StatusOr<TaskSet> task_set = ecs_->CreateTaskSet(TaskSetRequest("tagged", v1, 100, "primary"));
  ASSERT_TRUE(task_set.ok()) << task_set.status().ToString();

  for (const std::string& arn : {service.service_arn, task_set->task_set_arn}) {
    SCOPED_TRACE(arn);
    ASSERT_TRUE(ecs_->TagResource(arn, {{"kanaria.io/phase", "canary-rollout"},
                                        {"kanaria.io/previous", "web:3@100"}})
                    .ok());
    StatusOr<Tags> tags = ecs_->ListTagsForResource(arn);
    ASSERT_TRUE(tags.ok()) << tags.status().ToString();
    ASSERT_NE(FindTag(*tags, "kanaria.io/phase"), nullptr);
    EXPECT_EQ(*FindTag(*tags, "kanaria.io/phase"), "canary-rollout");
    EXPECT_EQ(*FindTag(*tags, "kanaria.io/previous"), "web:3@100");

    // Re-tagging a key replaces its value.
    ASSERT_TRUE(ecs_->TagResource(arn, {{"kanaria.io/phase", "primary-rollout"}}).ok());
    tags = ecs_->ListTagsForResource(arn);
    ASSERT_TRUE(tags.ok());
    EXPECT_EQ(*FindTag(*tags, "kanaria.io/phase"), "primary-rollout");

    ASSERT_TRUE(ecs_->UntagResource(arn, {"kanaria.io/phase", "kanaria.io/previous"}).ok());
    tags = ecs_->ListTagsForResource(arn);
    ASSERT_TRUE(tags.ok());
    EXPECT_EQ(FindTag(*tags, "kanaria.io/phase"), nullptr);
    EXPECT_EQ(FindTag(*tags, "kanaria.io/previous"), nullptr);
  }
  // The service's creation tags survive the release tags' removal.
  StatusOr<Tags> service_tags = ecs_->ListTagsForResource(service.service_arn);
  ASSERT_TRUE(service_tags.ok());
  EXPECT_NE(FindTag(*service_tags, "kanaria.io/managed"), nullptr);
}

TEST_F(EcsMotoTest, DescribeServicesBatchesAndReportsMissingPerService) {
  std::vector<std::string> names;
  for (int i = 0; i < 11; ++i) {
    names.push_back("svc-" + std::to_string(i));
    CreateExternalService(names.back(), 1);
  }
  names.push_back("does-not-exist");
  StatusOr<DescribeServicesResult> result = ecs_->DescribeServices(cluster_, names);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->services.size(), 11u);
  for (int i = 0; i < 11; ++i) {
    const Service* found = result->Find("svc-" + std::to_string(i));
    ASSERT_NE(found, nullptr) << i;
    EXPECT_TRUE(found->IsExternal());
  }
  ASSERT_EQ(result->failures.size(), 1u);
  EXPECT_EQ(result->failures[0].reason, kFailureMissing);
  EXPECT_TRUE(result->IsMissing("does-not-exist"));
  EXPECT_FALSE(result->IsMissing("svc-3"));

  StatusOr<Service> missing = ecs_->DescribeService(cluster_, "does-not-exist");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound) << missing.status().ToString();
}

TEST_F(EcsMotoTest, ErrorsCarryTheAwsCodeTheEngineBranchesOn) {
  const TaskDefinition v1 = Register("errors", "nginx:1.25");
  CreateExternalService("present", 1);

  StatusOr<DescribeServicesResult> no_cluster = ecs_->DescribeServices("no-such-cluster", {"present"});
  EXPECT_EQ(AwsErrorCode(no_cluster), "ClusterNotFoundException") << no_cluster.status().ToString();
  EXPECT_EQ(no_cluster.status().code(), StatusCode::kNotFound);

  StatusOr<DescribeTaskSetsResult> no_service = ecs_->DescribeTaskSets(cluster_, "absent");
  EXPECT_EQ(AwsErrorCode(no_service), "ServiceNotFoundException") << no_service.status().ToString();
  EXPECT_EQ(no_service.status().code(), StatusCode::kNotFound);

  StatusOr<DescribeTaskSetsResult> no_cluster_sets = ecs_->DescribeTaskSets("no-such-cluster", "present");
  EXPECT_EQ(AwsErrorCode(no_cluster_sets), "ClusterNotFoundException");

  StatusOr<TaskSet> create_in_absent = ecs_->CreateTaskSet(TaskSetRequest("absent", v1, 100, "x"));
  EXPECT_EQ(AwsErrorCode(create_in_absent), "ServiceNotFoundException")
      << create_in_absent.status().ToString();

  UpdateServiceRequest update;
  update.cluster = cluster_;
  update.service = "absent";
  update.desired_count = 1;
  EXPECT_EQ(AwsErrorCode(ecs_->UpdateService(update)), "ServiceNotFoundException");

  ListTasksRequest list;
  list.cluster = "no-such-cluster";
  EXPECT_EQ(AwsErrorCode(ecs_->ListTasks(list)), "ClusterNotFoundException");

  // ECS answers an unknown task definition with a ClientException, not a *NotFound code.
  StatusOr<TaskDefinitionWithTags> no_definition = ecs_->DescribeTaskDefinition("errors:99");
  EXPECT_EQ(AwsErrorCode(no_definition), "ClientException") << no_definition.status().ToString();

  // AWS: TaskSetNotFoundException; moto: ClientException (docs/moto-divergences.md). Both are a
  // 400 the engine must not retry.
  StatusOr<TaskSet> no_task_set = ecs_->DeleteTaskSet(cluster_, "present", "ecs-svc/0000000000", true);
  ASSERT_FALSE(no_task_set.ok());
  const AwsError* error = AsAwsError(no_task_set.status());
  ASSERT_NE(error, nullptr) << no_task_set.status().ToString();
  EXPECT_TRUE(error->code == "TaskSetNotFoundException" || error->code == "ClientException") << error->code;
  EXPECT_EQ(error->http_status, 400);
  EXPECT_EQ(error->operation, "DeleteTaskSet");

  // Refused before any call: nothing reaches the server.
  StatusOr<TaskSet> bad_scale = ecs_->UpdateTaskSet(cluster_, "present", "ecs-svc/1", Scale{120, "PERCENT"});
  EXPECT_EQ(bad_scale.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(AsAwsError(bad_scale.status()), nullptr);
}

}  // namespace
}  // namespace kanaria::aws::ecs
