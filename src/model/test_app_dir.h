// Test support (header-only, so the library glob does not compile it): an application directory
// in a fresh temporary folder, removed after the test, and the files of PipeCD's ECS canary
// example to start from.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "model/application.h"
#include "model/user_config.h"

namespace kanaria::model::test_app {

// PipeCD's canary guide (pipecd.dev "Canary ECS app", pipe-cd/examples ecs/canary), with the
// examples repo's name and labels. Line numbers matter to the tests.
inline constexpr char kCanaryConfig[] = R"(apiVersion: pipecd.dev/v1beta1
kind: ECSApp
spec:
  name: canary
  labels:
    env: example
    team: xyz
  input:
    serviceDefinitionFile: servicedef.yaml
    taskDefinitionFile: taskdef.yaml
    targetGroups:
      primary:
        targetGroupArn: arn:aws:elasticloadbalancing:ap-northeast-1:XXXX:targetgroup/ecs-canary-blue/YYYY
        containerName: web
        containerPort: 80
      canary:
        targetGroupArn: arn:aws:elasticloadbalancing:ap-northeast-1:XXXX:targetgroup/ecs-canary-green/ZZZZ
        containerName: web
        containerPort: 80
  pipeline:
    stages:
      - name: ECS_CANARY_ROLLOUT
        with:
          scale: 30
      - name: ECS_TRAFFIC_ROUTING
        with:
          canary: 20
      - name: WAIT
        with:
          duration: 150s
      - name: ECS_PRIMARY_ROLLOUT
      - name: ECS_TRAFFIC_ROUTING
        with:
          primary: 100
      - name: ECS_CANARY_CLEAN
)";

// kCanaryConfig's pipeline, for tests that replace it with a variation.
inline constexpr char kCanaryPipeline[] = R"(  pipeline:
    stages:
      - name: ECS_CANARY_ROLLOUT
        with:
          scale: 30
      - name: ECS_TRAFFIC_ROUTING
        with:
          canary: 20
      - name: WAIT
        with:
          duration: 150s
      - name: ECS_PRIMARY_ROLLOUT
      - name: ECS_TRAFFIC_ROUTING
        with:
          primary: 100
      - name: ECS_CANARY_CLEAN
)";

// pipe-cd/examples ecs/canary/servicedef.yaml (PipeCD's testdata has the same shape).
inline constexpr char kServiceDef[] =
    R"(cluster: arn:aws:ecs:ap-northeast-1:XXXX:cluster/test-cluster
serviceName: nginx-canary-service
desiredCount: 2
deploymentConfiguration:
  maximumPercent: 200
  minimumHealthyPercent: 0
schedulingStrategy: REPLICA
# Sample Comment for test
deploymentController:
  type: EXTERNAL
enableECSManagedTags: true
propagateTags: SERVICE
launchType: FARGATE
networkConfiguration:
  awsvpcConfiguration:
    assignPublicIp: ENABLED
    securityGroups:
      - sg-YYYY
    subnets:
      - subnet-YYYY
      - subnet-YYYY
tags:
  - key: Name
    value: nginx-canary-service
)";

// pipe-cd/examples ecs/canary/taskdef.yaml: `compatibilities` is describe output, `memory` and
// `cpu` are integers, `pidMode` is empty: all accepted as PipeCD accepts them.
inline constexpr char kTaskDef[] = R"(family: nginx-canary-fam-1
executionRoleArn: arn:aws:iam::XXXX:role/ecsTaskExecutionRole
containerDefinitions:
  - command: null
    cpu: 100
    image: XXXX.dkr.ecr.ap-northeast-1.amazonaws.com/nginx:1
    memory: 100
    mountPoints: []
    name: web
    portMappings:
      - containerPort: 80
compatibilities:
  - FARGATE
requiresCompatibilities:
  - FARGATE
networkMode: awsvpc
memory: 512
cpu: 256
pidMode: ""
volumes: []
)";

class AppDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("kanaria-modeltest-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
            "-" + info->name());
    root_ = dir_;
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);  // dir_ may have been pointed elsewhere
  }

  void Write(const std::string& name, const std::string& content) {
    const std::filesystem::path path = dir_ / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
  }
  // The canary example: app.pipecd.yaml, servicedef.yaml, taskdef.yaml.
  void WriteCanaryApp() {
    Write("app.pipecd.yaml", kCanaryConfig);
    Write("servicedef.yaml", kServiceDef);
    Write("taskdef.yaml", kTaskDef);
  }

  // The path as LoadApplication prints it.
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  std::string Dir() const { return dir_.string(); }

  StatusOr<Application> Load() {
    return LoadApplication(dir_.string(), [this](const std::string& name) {
      auto it = env_.find(name);
      return it == env_.end() ? std::nullopt : std::optional<std::string>(it->second);
    });
  }
  // The error message of a load that must fail with kInvalidInput.
  std::string LoadError() {
    StatusOr<Application> app = Load();
    EXPECT_FALSE(app.ok());
    if (app.ok()) return "";
    EXPECT_EQ(app.status().code(), StatusCode::kInvalidInput) << app.status().message();
    return app.status().message();
  }

  // Load() and LoadError() with the user's config (user_config.h).
  StatusOr<Application> LoadWith(const UserConfig& user) {
    return LoadApplication(
        dir_.string(),
        [this](const std::string& name) {
          auto it = env_.find(name);
          return it == env_.end() ? std::nullopt : std::optional<std::string>(it->second);
        },
        user);
  }
  std::string LoadErrorWith(const UserConfig& user) {
    StatusOr<Application> app = LoadWith(user);
    EXPECT_FALSE(app.ok());
    if (app.ok()) return "";
    EXPECT_EQ(app.status().code(), StatusCode::kInvalidInput) << app.status().message();
    return app.status().message();
  }

  std::filesystem::path dir_;  // the application directory Load() reads
  std::map<std::string, std::string> env_;

 private:
  std::filesystem::path root_;  // what SetUp created
};

// `text` with the first occurrence of `from` replaced by `to` (ADD_FAILURE when absent), for
// variations of the example files.
inline std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  if (at == std::string::npos) {
    ADD_FAILURE() << "`" << from << "` not found";
    return text;
  }
  return text.replace(at, from.size(), to);
}

}  // namespace kanaria::model::test_app
