#include "engine/release_requests.h"

#include <fmt/format.h>

#include "aws/ecs/ecs_client.h"
#include "aws/sts/sts_client.h"
#include "engine/release_lock.h"
#include "engine/release_tags.h"

namespace kanaria::engine {

Status LeaveRequest(const model::Application& app, const ReleaseClients& clients,
                    std::string_view tag_key) {
  auto identity = clients.sts->GetCallerIdentity();
  if (!identity.ok()) return identity.status();
  auto service = clients.ecs->DescribeService(app.cluster(), app.service_name());
  if (!service.ok()) return service.status();
  const std::string* lock_text = aws::ecs::FindTag(service->tags, kLockTag);
  auto lock = lock_text ? LockValue::Decode(*lock_text) : std::nullopt;
  if (!lock) {
    return InvalidInputError(fmt::format("no release holds service {}/{}", app.cluster(), app.service_name()));
  }
  aws::ecs::Tags request = {{std::string(tag_key), lock->release_id + " by=" + identity->arn}};
  return clients.ecs->TagResource(service->service_arn, request);
}

}  // namespace kanaria::engine
