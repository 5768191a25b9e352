// `kanaria status APP_DIR`: the service as it is now — the release in flight (lock, phase), its
// task sets and the selected routes' weights — read-only.
#include <fmt/format.h>

#include <iostream>

#include "aws/iso8601.h"
#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/release_session.h"
#include "core/redact.h"
#include "engine/release_lock.h"
#include "engine/release_tags.h"
#include "engine/routing/traffic_routers.h"

namespace kanaria::cli {
namespace {

int RunStatus(const std::string& app_dir, const GlobalOptions& globals) {
  int exit_code = kExitOk;
  auto session = OpenReleaseSession("status", app_dir, globals, exit_code);
  if (!session) return exit_code;
  const model::Application& app = session->app;
  auto service = session->ecs->DescribeService(app.cluster(), app.service_name());
  if (!service.ok()) {
    std::cerr << "kanaria status: " << Scrub(service.status().message()) << "\n";
    return service.status().code() == StatusCode::kNotFound ? kExitRefused : kExitFailed;
  }
  const std::string* lock_text = aws::ecs::FindTag(service->tags, engine::kLockTag);
  auto lock = lock_text ? engine::LockValue::Decode(*lock_text) : std::nullopt;
  const std::string* phase = aws::ecs::FindTag(service->tags, engine::kPhaseTag);
  const WallTime now = session->context->clock->Now();

  auto router = engine::MakeTrafficRouter(app, {.elbv2 = session->elbv2.get(), .cloudmap = session->cloudmap.get()});
  Status routes_read = router->Inspect(*service);

  std::optional<engine::ReleaseRecord> in_flight;
  if (session->journal) {
    auto record = session->journal->FindUnfinished(app.cluster(), app.service_name());
    if (record.ok() && record->has_value()) in_flight = **record;
  }

  nlohmann::json task_sets = nlohmann::json::array();
  for (const auto& ts : service->task_sets) {
    const std::string* role = aws::ecs::FindTag(ts.tags, engine::kRoleTag);
    task_sets.push_back({{"id", ts.id}, {"status", ts.status}, {"role", role ? *role : ""},
                         {"taskDefinition", std::string(aws::ecs::ResourceNameOf(ts.task_definition))},
                         {"scale", ts.scale ? ts.scale->value : 0}, {"running", ts.running_count},
                         {"desired", ts.computed_desired_count}, {"stability", ts.stability_status},
                         {"release", ts.external_id}});
  }
  nlohmann::json routes = nlohmann::json::array();
  for (const auto& route : router->routes()) {
    routes.push_back({{"route", route.description}, {"primary", route.primary_weight}, {"canary", route.canary_weight}});
  }

  if (globals.output == OutputFormat::kJson) {
    nlohmann::json out = {{"cluster", app.cluster()}, {"service", app.service_name()},
                          {"desiredCount", service->desired_count}, {"taskSets", task_sets}, {"routes", routes}};
    if (lock) {
      out["release"] = {{"id", lock->release_id}, {"holder", lock->holder},
                        {"started", aws::FormatIso8601(lock->started)}, {"expires", aws::FormatIso8601(lock->expires)},
                        {"expired", lock->ExpiredAt(now)}, {"phase", phase ? *phase : ""}};
    }
    if (!routes_read.ok()) out["routesError"] = routes_read.message();
    std::cout << Scrub(out.dump(2)) << "\n";
    return kExitOk;
  }
  std::string text = fmt::format("{}/{}: desiredCount {}\n", app.cluster(), app.service_name(), service->desired_count);
  if (lock) {
    text += fmt::format("  release in flight: {} ({}{})\n", lock->Describe(), phase ? "phase " + *phase : "phase unknown",
                        lock->ExpiredAt(now) ? "; lock EXPIRED: run `kanaria resume` or `kanaria abort`" : "");
  } else {
    text += "  no release in flight\n";
  }
  if (in_flight && (!lock || in_flight->release_id != lock->release_id)) {
    text += fmt::format("  journal: release {} is recorded as {} (started {})\n", in_flight->release_id,
                        in_flight->outcome, aws::FormatIso8601(in_flight->started_at));
  }
  text += "  task sets:\n";
  for (const auto& ts : task_sets) {
    text += fmt::format("    {:<28} {:<8} {:<8} {:<12} scale {:>5}%  {}/{} running  {}\n", ts["id"].get<std::string>(),
                        ts["status"].get<std::string>(), ts["role"].get<std::string>(),
                        ts["taskDefinition"].get<std::string>(), ts["scale"].get<double>(), ts["running"].get<int>(),
                        ts["desired"].get<int>(), ts["stability"].get<std::string>());
  }
  if (!routes_read.ok()) {
    text += "  routes: could not be read: " + routes_read.message() + "\n";
  } else if (!router->routes().empty()) {
    text += "  routes:\n";
    for (const auto& route : router->routes()) {
      text += fmt::format("    {}: primary {} / canary {}\n", route.description, route.primary_weight, route.canary_weight);
    }
  }
  std::cout << Scrub(text);
  return kExitOk;
}

}  // namespace

CommandAction ConfigureStatus(CLI::App& sub, const GlobalOptions& globals) {
  auto app_dir = std::make_shared<std::string>();
  sub.add_option("APP_DIR", *app_dir, "Directory with app.pipecd.yaml or kanaria.yaml")->required();
  return [app_dir, &globals] { return RunStatus(*app_dir, globals); };
}

}  // namespace kanaria::cli
