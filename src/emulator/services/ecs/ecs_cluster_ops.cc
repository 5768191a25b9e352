// Clusters and resource tags.
#include <algorithm>

#include "emulator/api_error.h"
#include "emulator/input_fields.h"
#include "emulator/services/ecs/ecs_handlers.h"
#include "emulator/services/ecs/ecs_json.h"
#include "emulator/world.h"

namespace kanaria::emulator::ecs_handlers {
json CreateCluster(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  const std::string name = fields.String("clusterName").value_or("default");
  if (!IsValidEcsName(name)) {
    Fail(kInvalidParameter,
         "Cluster name can contain up to 255 letters, numbers, hyphens and underscores.");
  }
  EcsState& state = context.world.ecs;
  EcsCluster* existing = state.FindCluster(name);
  // CreateCluster of an ACTIVE cluster answers with it, unchanged (AWS is idempotent here).
  if (existing != nullptr && existing->status == "ACTIVE") {
    return {{"cluster", ClusterJson(context, state, *existing, true)}};
  }
  EcsCluster& cluster = state.PutCluster(name);
  cluster.tags = TagsFromInput(input);
  if (fields.Has("settings")) cluster.settings = fields.Object("settings");
  return {{"cluster", ClusterJson(context, state, cluster, true)}};
}

json DescribeClusters(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  std::vector<std::string> names = fields.StringList("clusters");
  if (names.empty()) names.push_back("default");
  if (names.size() > 100) Fail(kInvalidParameter, "clusters can have at most 100 items.");
  EcsState& state = context.world.ecs;
  const bool with_tags = IncludesTags(input);
  json clusters = json::array();
  json failures = json::array();
  for (const std::string& name : names) {
    if (const EcsCluster* cluster = state.FindCluster(name)) {
      clusters.push_back(ClusterJson(context, state, *cluster, with_tags));
    } else {
      const std::string arn =
          name.starts_with("arn:") ? name : context.world.Arn("ecs", "cluster/" + name);
      failures.push_back(FailureJson(arn, "MISSING"));
    }
  }
  return {{"clusters", clusters}, {"failures", failures}};
}

json DeleteCluster(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  EcsState& state = context.world.ecs;
  EcsCluster& cluster = state.ActiveCluster(fields.RequiredString("cluster"));
  for (const EcsService* service : state.ServicesOf(cluster)) {
    if (service->status != "INACTIVE") {
      Fail("ClusterContainsServicesException",
           "The Cluster cannot be deleted while Services are active.");
    }
  }
  for (const auto& [id, task] : state.tasks()) {
    if (task.cluster_name == cluster.name && task.last_status != "STOPPED") {
      Fail("ClusterContainsTasksException",
           "The Cluster cannot be deleted while Tasks are active.");
    }
  }
  cluster.status = "INACTIVE";
  return {{"cluster", ClusterJson(context, state, cluster, false)}};
}

json ListClusters(CallContext& context, const json& input) {
  std::vector<std::string> arns;
  for (const auto& [name, cluster] : context.world.ecs.clusters()) {
    if (cluster.status == "ACTIVE") arns.push_back(cluster.arn);
  }
  return PageOf(arns, input, "clusterArns");
}

json TagResource(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  EcsTags* tags = context.world.ecs.TagsOf(fields.RequiredString("resourceArn"));
  if (tags == nullptr) Fail("ResourceNotFoundException", "The specified resource is not found.");
  const EcsTags added = TagsFromInput(input);
  if (added.empty()) Fail(kInvalidParameter, "tags must be specified.");
  MergeTags(*tags, added);
  if (tags->size() > 50) Fail(kInvalidParameter, "A resource can have at most 50 tags.");
  return json::object();
}

json UntagResource(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  EcsTags* tags = context.world.ecs.TagsOf(fields.RequiredString("resourceArn"));
  if (tags == nullptr) Fail("ResourceNotFoundException", "The specified resource is not found.");
  const std::vector<std::string> keys = fields.StringList("tagKeys");
  if (keys.empty()) Fail(kInvalidParameter, "tagKeys must be specified.");
  std::erase_if(*tags, [&](const EcsTag& tag) {
    return std::find(keys.begin(), keys.end(), tag.key) != keys.end();
  });
  return json::object();
}

json ListTagsForResource(CallContext& context, const json& input) {
  const InputFields fields(input, kInvalidParameter);
  const EcsTags* tags = context.world.ecs.TagsOf(fields.RequiredString("resourceArn"));
  if (tags == nullptr) Fail(kInvalidParameter, "The specified resource is not found.");
  return {{"tags", TagsJson(*tags)}};
}

}  // namespace kanaria::emulator::ecs_handlers
