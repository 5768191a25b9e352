#include "emulator/world.h"

#include <fmt/format.h>

namespace kanaria::emulator {

World::World(const WorldOptions& options, Clock& clock)
    : options_(options),
      time(clock, options.time_scale),
      random(options.seed),
      ids(random),
      faults(random),
      ecs(*this),
      elbv2(*this),
      cloudmap(*this),
      cloudwatch(*this),
      sts(*this) {
  ecs.SetLinks(&elbv2, &cloudmap);
  elbv2.SetBehaviourSource(&ecs);
}

void World::AdvanceTo(WallTime now) {
  // ELB health first: ECS replaces tasks on the health ELB reports.
  elbv2.Advance(now);
  ecs.Advance(now);
  cloudwatch.Advance(now);
}

std::string World::Arn(std::string_view service, std::string_view resource) const {
  return fmt::format("arn:aws:{}:{}:{}:{}", service, options_.region, options_.account_id,
                     resource);
}

}  // namespace kanaria::emulator
