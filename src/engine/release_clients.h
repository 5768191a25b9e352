// The AWS clients a release uses. Cloud Map is only needed for accessType SERVICE_DISCOVERY and
// ELBv2 only for ELB; the others are always set.
#pragma once

namespace kanaria::aws::ecs { class EcsClient; }
namespace kanaria::aws::elbv2 { class Elbv2Client; }
namespace kanaria::aws::servicediscovery { class ServiceDiscoveryClient; }
namespace kanaria::aws::sts { class StsClient; }

namespace kanaria::engine {

struct ReleaseClients {
  aws::ecs::EcsClient* ecs = nullptr;
  aws::elbv2::Elbv2Client* elbv2 = nullptr;
  aws::servicediscovery::ServiceDiscoveryClient* cloudmap = nullptr;
  aws::sts::StsClient* sts = nullptr;
};

}  // namespace kanaria::engine
