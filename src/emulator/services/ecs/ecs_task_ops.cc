// Tasks: listed, described and stopped, never started directly (task sets and deployments own
// them, and replace a task that stops).
#include "emulator/api_error.h"
#include "emulator/input_fields.h"
#include "emulator/services/ecs/ecs_handlers.h"
#include "emulator/services/ecs/ecs_json.h"
#include "emulator/world.h"

namespace kanaria::emulator::ecs_handlers {
namespace {

constexpr std::size_t kDescribeTasksLimit = 100;
constexpr std::size_t kStopReasonLimit = 255;

}  // namespace

json ListTasks(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  EcsState& state = context.world.ecs;
  EcsCluster& cluster = state.ActiveCluster(fields.String("cluster").value_or(""));
  const std::string started_by = fields.String("startedBy").value_or("");
  const std::string family = fields.String("family").value_or("");
  const std::string launch_type = fields.String("launchType").value_or("");
  const std::string desired_status = fields.String("desiredStatus").value_or("RUNNING");
  if (desired_status != "RUNNING" && desired_status != "PENDING" && desired_status != "STOPPED") {
    Fail(kInvalidParameter, "desiredStatus must be RUNNING, PENDING or STOPPED.");
  }
  std::string service_name;
  if (std::optional<std::string> service = fields.String("serviceName");
      service && !service->empty()) {
    const EcsService* found = state.FindService(cluster, *service);
    if (found == nullptr) Fail("ServiceNotFoundException", "Service not found.");
    service_name = found->name;
  }
  std::vector<std::string> arns;
  for (const auto& [id, task] : state.tasks()) {
    if (task.cluster_name != cluster.name || task.desired_status != desired_status) continue;
    if (!started_by.empty() && task.task_set_id != started_by) continue;
    if (!service_name.empty() && task.service_name != service_name) continue;
    if (!family.empty() && task.family != family) continue;
    if (!launch_type.empty() && task.launch_type != launch_type) continue;
    arns.push_back(task.arn);
  }
  return PageOf(arns, input, "taskArns");
}

json DescribeTasks(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  EcsState& state = context.world.ecs;
  EcsCluster& cluster = state.ActiveCluster(fields.String("cluster").value_or(""));
  const std::vector<std::string> ids = fields.StringList("tasks");
  if (ids.empty()) Fail(kInvalidParameter, "Tasks cannot be empty.");
  if (ids.size() > kDescribeTasksLimit) {
    Fail(kInvalidParameter, "tasks can have at most 100 items.");
  }
  json tasks = json::array();
  json failures = json::array();
  for (const std::string& id_or_arn : ids) {
    if (const EcsTask* task = state.FindTask(cluster, id_or_arn)) {
      tasks.push_back(TaskJson(context, state, *task));
    } else {
      const std::string arn =
          id_or_arn.starts_with("arn:")
              ? id_or_arn
              : context.world.Arn("ecs", "task/" + cluster.name + "/" + id_or_arn);
      failures.push_back(FailureJson(arn, "MISSING"));
    }
  }
  return {{"tasks", tasks}, {"failures", failures}};
}

json StopTask(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  EcsState& state = context.world.ecs;
  EcsCluster& cluster = state.ActiveCluster(fields.String("cluster").value_or(""));
  const std::string id = fields.String("task").value_or("");
  if (id.empty()) Fail(kInvalidParameter, "Task cannot be empty.");
  const std::string reason = fields.String("reason").value_or("");
  if (reason.size() > kStopReasonLimit) Fail(kInvalidParameter, "Reason must be 255 characters or fewer.");
  EcsTask* task = state.FindTask(cluster, id);
  if (task == nullptr) Fail(kInvalidParameter, "The referenced task was not found.");
  state.StopTask(*task, reason.empty() ? "Task stopped by user" : reason, "UserInitiated", context.now);
  state.Advance(context.now);
  return {{"task", TaskJson(context, state, *task)}};
}

}  // namespace kanaria::emulator::ecs_handlers
