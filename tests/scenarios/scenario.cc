#include "scenarios/scenario.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

namespace kanaria::testing {
namespace {

}  // namespace

const char* NamedPipeline(const std::string& name) {
  if (name == "canary") {
    return R"(- name: ECS_CANARY_ROLLOUT
  with: {scale: 10}
- name: ECS_TRAFFIC_ROUTING
  with: {canary: 10}
- name: WAIT
  with: {duration: 30s}
- name: ECS_PRIMARY_ROLLOUT
- name: ECS_TRAFFIC_ROUTING
  with: {primary: 100}
- name: ECS_CANARY_CLEAN
)";
  }
  if (name == "bluegreen") {
    return R"(- name: ECS_CANARY_ROLLOUT
  with: {scale: 100}
- name: ECS_TRAFFIC_ROUTING
  with: {canary: 100}
- name: WAIT
  with: {duration: 30s}
- name: ECS_PRIMARY_ROLLOUT
- name: ECS_TRAFFIC_ROUTING
  with: {primary: 100}
- name: ECS_CANARY_CLEAN
)";
  }
  if (name == "analysis") {  // the analysis issue's: 20 % canary, the default analysis for 10m
    return R"(- name: ECS_CANARY_ROLLOUT
  with: {scale: 20}
- name: ECS_TRAFFIC_ROUTING
  with: {canary: 20}
- name: ANALYSIS
  with: {duration: 10m}
- name: ECS_PRIMARY_ROLLOUT
- name: ECS_TRAFFIC_ROUTING
  with: {primary: 100}
- name: ECS_CANARY_CLEAN
)";
  }
  if (name == "cloudmap-canary") {
    return R"(- name: ECS_CANARY_ROLLOUT
  with: {scale: 25}
- name: WAIT
  with: {duration: 30s}
- name: ECS_PRIMARY_ROLLOUT
- name: ECS_CANARY_CLEAN
)";
  }
  return nullptr;
}

namespace {

nlohmann::json ToJson(const YAML::Node& node) {
  if (node.IsMap()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& item : node) out[item.first.as<std::string>()] = ToJson(item.second);
    return out;
  }
  if (node.IsSequence()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : node) out.push_back(ToJson(item));
    return out;
  }
  if (node.IsNull()) return nullptr;
  const std::string text = node.as<std::string>();
  if (node.Tag() == "!") return text;
  if (text == "true" || text == "false") return text == "true";
  try {
    std::size_t used = 0;
    double number = std::stod(text, &used);
    if (used == text.size()) {
      if (text.find('.') == std::string::npos) return static_cast<int64_t>(number);
      return number;
    }
  } catch (...) {
  }
  return text;
}

}  // namespace

Scenario LoadScenario(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
  auto fail = [&](const std::string& what) { throw std::runtime_error(path + ": " + what); };
  Scenario s;
  s.file = path;
  if (!root["scenario"]) fail("`scenario:` (a title) is required");
  s.name = root["scenario"].as<std::string>();
  if (auto infra = root["infrastructure"]) {
    if (infra["desiredCount"]) s.desired_count = infra["desiredCount"].as<int>();
    if (infra["route"]) s.route = infra["route"].as<std::string>();
    if (infra["traffic"]) s.traffic = infra["traffic"].as<double>();
    if (infra["seed"]) s.seed = infra["seed"].as<uint64_t>();
    if (infra["primaryEnvironment"]) s.primary_environment = ToJson(infra["primaryEnvironment"]);
    for (const auto& alarm : infra["alarms"]) s.alarms.push_back(alarm.as<std::string>());
  }
  if (root["timeScale"]) s.time_scale = root["timeScale"].as<double>();
  if (root["approve"]) s.approve = root["approve"].as<bool>();
  if (auto version = root["newVersion"]) {
    if (version["environment"]) s.new_environment = ToJson(version["environment"]);
  }
  const YAML::Node pipeline = root["pipeline"];
  if (!pipeline) fail("`pipeline:` is required (canary, bluegreen, cloudmap-canary, analysis, quick-sync, quick-sync-recreate or a list of stages)");
  if (pipeline.IsScalar() && pipeline.as<std::string>().starts_with("quick-sync")) {
    s.quick_sync_recreate = pipeline.as<std::string>() == "quick-sync-recreate";
  } else if (pipeline.IsScalar()) {
    const char* named = NamedPipeline(pipeline.as<std::string>());
    if (named == nullptr) fail("unknown pipeline " + pipeline.as<std::string>());
    s.pipeline_yaml = named;
  } else {
    YAML::Emitter out;
    out << pipeline;
    s.pipeline_yaml = std::string(out.c_str()) + "\n";
  }
  if (root["kanaria"]) {
    YAML::Emitter out;
    out << root["kanaria"];
    s.kanaria_yaml = out.c_str();
  }
  if (root["timeout"]) s.release_timeout = root["timeout"].as<std::string>();
  if (root["faults"]) s.faults = ToJson(root["faults"]);
  for (const auto& item : root["during"]) {
    ScenarioAction action;
    if (item["when"]["stage"]) action.when_stage = item["when"]["stage"].as<std::string>();
    if (item["when"]["call"]) action.when_call = item["when"]["call"].as<std::string>();
    if (item["when"]["look"]) action.when_look = item["when"]["look"].as<int>();
    if (action.when_stage.empty() && action.when_call.empty() && action.when_look == 0) {
      fail("during[].when needs `stage`, `call` or `look`");
    }
    const YAML::Node act = item["do"];
    if (act["faults"]) action.faults = ToJson(act["faults"]);
    if (act["desiredCount"]) action.desired_count = act["desiredCount"].as<int>();
    if (act["secondDeploy"]) action.second_deploy_exit = act["secondDeploy"]["exit"].as<int>();
    if (act["abort"]) action.abort = act["abort"].as<bool>();
    if (act["alarm"]) action.alarm_to_alarm = act["alarm"].as<std::string>();
    if (act["stopCanaryTasks"]) action.stop_canary_tasks = act["stopCanaryTasks"].as<int>();
    s.during.push_back(action);
  }
  const YAML::Node expect = root["expect"];
  if (!expect || !expect["exit"] || !expect["end"]) fail("`expect: {exit, end}` is required");
  s.expect_exit = expect["exit"].as<int>();
  s.expect_end = expect["end"].as<std::string>();
  if (s.expect_end != "released" && s.expect_end != "rolled_back") fail("expect.end is released or rolled_back");
  if (expect["message"]) s.expect_message = expect["message"].as<std::string>();
  return s;
}

std::vector<std::string> ScenarioFiles() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(KANARIA_SOURCE_DIR "/tests/scenarios")) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace kanaria::testing
