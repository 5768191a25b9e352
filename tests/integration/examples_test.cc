// Every app under examples/ is released by the `kanaria` binary as a user would run it: the
// example is copied, its placeholder ARNs (target groups, listener, Cloud Map service) are
// pointed at an emulator world built to match it, and `plan` then `deploy --approve` must
// succeed and end in I4.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "scenarios/end_state.h"
#include "scenarios/kanaria_world.h"
#include "support/text_files.h"

namespace kanaria::testing {
namespace {

namespace fs = std::filesystem;

struct Example {
  std::string directory;  // under examples/
  std::string route;      // the scenario world that matches it
  std::string service;
  std::string released;   // the task definition the release registers
  std::string stage;      // a stage `plan` must list
};

void PrintTo(const Example& e, std::ostream* out) { *out << e.directory; }

// Copies the example, replacing each placeholder ARN by the world's resource of the same role.
void CopyPointedAt(const fs::path& from, const fs::path& to, const ScenarioWorld& world) {
  fs::create_directories(to);
  const std::vector<std::pair<std::regex, std::string>> replacements = {
      {std::regex(R"(arn:aws:elasticloadbalancing:[^\s"']*targetgroup/[A-Za-z0-9-]*-blue/[0-9a-f]+)"), world.blue_arn},
      {std::regex(R"(arn:aws:elasticloadbalancing:[^\s"']*targetgroup/[A-Za-z0-9-]*-green/[0-9a-f]+)"), world.green_arn},
      {std::regex(R"(arn:aws:elasticloadbalancing:[^\s"']*:listener/[^\s"']+)"),
       world.listener_arns.empty() ? "" : world.listener_arns[0]},
      {std::regex(R"(arn:aws:servicediscovery:[^\s"']+)"), world.registry_arn},
  };
  for (const auto& entry : fs::directory_iterator(from)) {
    std::string text = ReadTextFile(entry.path());
    for (const auto& [pattern, arn] : replacements) text = std::regex_replace(text, pattern, arn);
    std::ofstream(to / entry.path().filename()) << text;
  }
}

class ExampleTest : public ::testing::TestWithParam<Example> {};

TEST_P(ExampleTest, PlansAndReleasesAgainstAMatchingWorld) {
  const Example& example = GetParam();
  Scenario scenario;
  scenario.name = example.directory;
  scenario.route = example.route;
  scenario.service = example.service;
  KanariaWorld w(scenario);
  const fs::path app = fs::path(w.dir()) / "example";
  CopyPointedAt(fs::path(KANARIA_SOURCE_DIR) / "examples" / example.directory, app, w.world());

  const std::vector<std::string> env = {"SUBNET_ID=subnet-1"};
  CommandResult plan = w.Run({"plan", app.string()}, env);
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  EXPECT_THAT(plan.output, ::testing::HasSubstr(example.stage));

  CommandResult deploy = w.Run({"deploy", app.string(), "--approve", "--time-scale", "50"}, env);
  ASSERT_EQ(deploy.exit_code, 0) << deploy.output;
  ScenarioWorld world = w.world();
  world.v2 = example.released;
  ExpectEndState(w.fixture(), world, "released");
}

INSTANTIATE_TEST_SUITE_P(
    Examples, ExampleTest,
    ::testing::Values(Example{"canary", "weighted-listener", "web", "web:2", "ECS_TRAFFIC_ROUTING"},
                      Example{"blue-green", "weighted-listener", "checkout", "checkout:1", "WAIT_APPROVAL"},
                      Example{"cloud-map", "cloud-map", "orders", "orders:1", "ECS_CANARY_ROLLOUT"}),
    [](const auto& info) {
      std::string name = info.param.directory;
      std::replace(name.begin(), name.end(), '-', '_');
      return name;
    });

// Every directory under examples/ is in the list above.
TEST(ExamplesTest, EveryExampleIsReleasedByATest) {
  std::vector<std::string> directories;
  for (const auto& entry : fs::directory_iterator(fs::path(KANARIA_SOURCE_DIR) / "examples")) {
    if (entry.is_directory()) directories.push_back(entry.path().filename().string());
  }
  EXPECT_THAT(directories, ::testing::UnorderedElementsAre("canary", "blue-green", "cloud-map"));
}

}  // namespace
}  // namespace kanaria::testing
