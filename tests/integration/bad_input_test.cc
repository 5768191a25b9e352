// I6: every broken application in tests/bad_inputs/cases.yaml is refused by `kanaria deploy`
// with exit 2, a message that names what is wrong, and no mutating call in the emulator's log.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <fstream>

#include "scenarios/kanaria_world.h"
#include "support/text_files.h"

namespace kanaria::testing {
namespace {

namespace fs = std::filesystem;

struct BadInput {
  std::string name;
  YAML::Node edit;
  std::string expect;
};

std::vector<BadInput> LoadCases() {
  std::vector<BadInput> cases;
  for (const auto& node : YAML::LoadFile(KANARIA_SOURCE_DIR "/tests/bad_inputs/cases.yaml")) {
    cases.push_back({node["name"].as<std::string>(), node["edit"], node["expect"].as<std::string>()});
  }
  return cases;
}

void Write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

// Applies one case's edit to a copy of the app; false (with a failure) when the edit no longer
// matches the app, so a stale case cannot pass by accident.
bool Apply(const YAML::Node& edit, const fs::path& dir, const std::map<std::string, std::string>& arns) {
  auto expand = [&](std::string text) {
    for (const auto& [name, arn] : arns) {
      for (auto at = text.find(name); at != std::string::npos; at = text.find(name)) text.replace(at, name.size(), arn);
    }
    return text;
  };
  const fs::path file = dir / edit["file"].as<std::string>();
  if (edit["replace"]) {
    std::string text = ReadTextFile(file);
    const std::string from = expand(edit["replace"].as<std::string>());
    const auto at = text.find(from);
    if (at == std::string::npos) {
      ADD_FAILURE() << "the edit's text is not in " << file << ": " << from << "\n" << text;
      return false;
    }
    text.replace(at, from.size(), expand(edit["with"].as<std::string>()));
    Write(file, text);
  } else if (edit["append"]) {
    Write(file, ReadTextFile(file) + edit["append"].as<std::string>());
  } else if (edit["copy_to"]) {
    fs::copy_file(file, dir / edit["copy_to"].as<std::string>());
  } else if (edit["remove"]) {
    fs::remove(file);
  }
  return true;
}

TEST(BadInputTest, EveryBrokenAppIsRefusedWithItsReasonAndChangesNothing) {
  const std::vector<BadInput> cases = LoadCases();
  ASSERT_GE(cases.size(), 30u);
  KanariaWorld w;
  EmulatorFixture& f = w.fixture();
  // Resources some cases point at: a service on the ECS controller, and a target group behind
  // another load balancer.
  ASSERT_TRUE(f.Ecs("CreateService", {{"cluster", "prod"}, {"serviceName", "legacy"}, {"desiredCount", 0},
                                      {"taskDefinition", w.world().v1}}).ok());
  auto lb = f.Elbv2("CreateLoadBalancer", {{"Name", "other-lb"}, {"Subnets", {"subnet-1", "subnet-2"}}});
  auto group = f.Elbv2("CreateTargetGroup", {{"Name", "elsewhere"}, {"Protocol", "HTTP"}, {"Port", "8080"},
                                             {"VpcId", "vpc-1"}, {"TargetType", "ip"}});
  ASSERT_TRUE(lb.ok() && group.ok());
  const std::string lb_arn = lb.value()["LoadBalancers"][0]["LoadBalancerArn"];
  const std::string elsewhere = group.value()["TargetGroups"][0]["TargetGroupArn"];
  ASSERT_TRUE(f.Elbv2("CreateListener",
                      {{"LoadBalancerArn", lb_arn}, {"Protocol", "HTTP"}, {"Port", "80"},
                       {"DefaultActions", nlohmann::json::array({{{"Type", "forward"}, {"TargetGroupArn", elsewhere}}})}})
                  .ok());
  const std::map<std::string, std::string> arns = {
      {"{blue}", w.world().blue_arn}, {"{green}", w.world().green_arn}, {"{elsewhere}", elsewhere}};

  for (const BadInput& c : cases) {
    SCOPED_TRACE(c.name);
    const fs::path dir = fs::path(w.dir()) / ("case-" + std::to_string(&c - cases.data()));
    fs::copy(w.app_dir(), dir, fs::copy_options::recursive);
    // `edit` is one edit or a list of them, applied in order.
    bool applied = true;
    if (c.edit.IsSequence()) {
      for (const auto& edit : c.edit) applied = applied && Apply(edit, dir, arns);
    } else {
      applied = Apply(c.edit, dir, arns);
    }
    if (!applied) continue;
    w.ClearLog();
    CommandResult result = w.Run({"deploy", dir.string(), "--time-scale", "50"});
    EXPECT_EQ(result.exit_code, 2) << result.output;
    EXPECT_THAT(result.output, ::testing::HasSubstr(c.expect));
    EXPECT_THAT(result.output, ::testing::HasSubstr("nothing was changed"));
    EXPECT_THAT(w.MutatingCalls(), ::testing::IsEmpty());
  }
}

}  // namespace
}  // namespace kanaria::testing
