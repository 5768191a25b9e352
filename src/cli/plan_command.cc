// `kanaria plan APP_DIR`: pre-flight with read-only calls, then what a release would do: the
// stages and weights, the task definition diff against what runs, and the exact mutating calls.
#include <fmt/format.h>

#include <iostream>

#include "aws/ecs/task_definition_input.h"
#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/release_session.h"
#include "cli/stage_line.h"
#include "core/redact.h"
#include "engine/iam_policy.h"
#include "engine/release_runner.h"
#include "engine/stage.h"
#include "model/duration.h"
#include "model/json_diff.h"

namespace kanaria::cli {
namespace {

int RunPlan(const std::string& app_dir, const GlobalOptions& globals) {
  int exit_code = kExitOk;
  auto session = OpenReleaseSession("plan", app_dir, globals, exit_code);
  if (!session) return exit_code;
  const model::Application& app = session->app;
  auto plan = engine::PlanRelease(app, session->clients(), SystemClock().Now());
  if (!plan.ok()) {
    std::cerr << "kanaria plan: refused: " << Scrub(plan.status().message()) << "\n";
    return kExitRefused;
  }
  const engine::LiveService& live = plan->live;
  std::vector<std::string> diff;
  if (live.running_task_definition) {
    auto desired = aws::ecs::RegisterTaskDefinitionInput(app.task_definition.json);
    auto running = aws::ecs::RegisterTaskDefinitionInput(live.running_task_definition->raw);
    if (desired.ok() && running.ok()) diff = model::DiffJson(*running, *desired);
  }
  const auto iam = engine::IamActionsFor(app);

  if (globals.output == OutputFormat::kJson) {
    nlohmann::json out = {{"app", app.name},
                          {"cluster", app.cluster()},
                          {"service", app.service_name()},
                          {"unchanged", plan->unchanged},
                          {"resumes", plan->resumes},
                          {"runningTaskDefinition", live.primary ? live.primary->task_definition : ""},
                          {"reusedTaskDefinition", live.identical_task_definition},
                          {"taskDefinitionDiff", diff},
                          {"serviceUpdates", live.service_updates},
                          {"iamActions", iam},
                          {"warnings", app.warnings}};
    out["stages"] = nlohmann::json::array();
    for (const auto& stage : app.stages) {
      out["stages"].push_back({{"id", stage.id}, {"name", model::StageKindName(stage.kind)},
                               {"what", StageLine(stage, app, live.service.desired_count)}});
    }
    out["routes"] = nlohmann::json::array();
    for (const auto& route : plan->routes) {
      out["routes"].push_back({{"route", route.description}, {"arn", route.arn},
                               {"primary", route.primary_weight}, {"canary", route.canary_weight}});
    }
    out["mutatingCalls"] = nlohmann::json::array();
    for (const auto& call : plan->calls) {
      out["mutatingCalls"].push_back({{"step", call.step}, {"operation", call.operation}, {"target", call.target}});
    }
    std::cout << Scrub(out.dump(2)) << "\n";
    return kExitOk;
  }

  std::string text = fmt::format("plan for {}/{} ({})\n", app.cluster(), app.service_name(), app.config_file);
  text += fmt::format("  service: EXTERNAL, desiredCount {}, {}\n", live.service.desired_count,
                      live.primary ? "PRIMARY task set " + live.primary->id + " runs " +
                                         std::string(aws::ecs::ResourceNameOf(live.primary->task_definition))
                                   : std::string("no task set yet"));
  if (!plan->resumes.empty()) {
    text += fmt::format("  release {} of this configuration did not finish and its lock has expired: deploy resumes "
                        "it (the interrupted stage runs again; steps already done are skipped) rather than "
                        "starting a new one\n", plan->resumes);
  }
  if (plan->unchanged) {
    text += "  nothing to release: the task definition and the service already match\n";
    std::cout << Scrub(text);
    return kExitOk;
  }
  text += !live.identical_task_definition.empty()
              ? fmt::format("  task definition: {} has this content already (reused, not registered again)\n",
                            aws::ecs::ResourceNameOf(live.identical_task_definition))
              : std::string("  task definition: a new revision will be registered\n");
  if (!diff.empty()) {
    text += "  task definition diff (running -> new):\n";
    for (const auto& line : diff) text += "    " + line + "\n";
  }
  if (!live.service_updates.empty()) text += "  service changes: " + live.service_updates.dump() + "\n";
  if (!plan->routes.empty()) {
    text += "  routes:\n";
    for (const auto& route : plan->routes) {
      text += fmt::format("    {}: primary {} / canary {}{}\n", route.description, route.primary_weight,
                          route.canary_weight, route.has_canary ? "" : " (forwards to the primary only: prepared first)");
    }
  }
  text += "  stages (the whole release times out after " + model::FormatDuration(app.timeout) + ", spec.timeout):\n";
  int n = 0;
  for (const auto& stage : app.stages) {
    std::string line = StageLine(stage, app, live.service.desired_count);
    if (stage.timeout) line += " (stage timeout " + model::FormatDuration(*stage.timeout) + ")";
    text += fmt::format("    {}. {:<28} {}\n", ++n, engine::StageLabel(stage), line);
  }
  if (app.stages.empty()) text += "    1. ECS_SYNC (quick sync)\n";
  text += fmt::format("  mutating calls ({}):\n", plan->calls.size());
  for (const auto& call : plan->calls) text += "    " + call.ToString() + "\n";
  text += "  IAM actions needed (docs/iam-policy.json has them all):\n    ";
  for (std::size_t i = 0; i < iam.size(); ++i) text += (i ? ", " : "") + iam[i];
  text += "\n";
  std::cout << Scrub(text);
  return kExitOk;
}

}  // namespace

CommandAction ConfigurePlan(CLI::App& sub, const GlobalOptions& globals) {
  auto app_dir = std::make_shared<std::string>();
  sub.add_option("APP_DIR", *app_dir, "Directory with app.pipecd.yaml or kanaria.yaml")->required();
  return [app_dir, &globals] { return RunPlan(*app_dir, globals); };
}

}  // namespace kanaria::cli
