// The AWS clients a release uses. Cloud Map is only needed for accessType SERVICE_DISCOVERY,
// ELBv2 only for ELB and CloudWatch only for ANALYSIS stages; the others are always set.
#pragma once

#include <memory>

namespace kanaria::aws::ecs { class EcsClient; }
namespace kanaria::aws::elbv2 { class Elbv2Client; }
namespace kanaria::aws::servicediscovery { class ServiceDiscoveryClient; }
namespace kanaria::aws::sts { class StsClient; }
namespace kanaria::aws::cloudwatch { class CloudWatchClient; }
namespace kanaria::aws { struct ClientContext; }

namespace kanaria::engine {

struct ReleaseClients {
  aws::ecs::EcsClient* ecs = nullptr;
  aws::elbv2::Elbv2Client* elbv2 = nullptr;
  aws::servicediscovery::ServiceDiscoveryClient* cloudmap = nullptr;
  aws::sts::StsClient* sts = nullptr;
  aws::cloudwatch::CloudWatchClient* cloudwatch = nullptr;
  // What the clients above were made with: metric providers declared with an endpoint or region
  // of their own, and Prometheus providers, make their clients from it.
  std::shared_ptr<aws::ClientContext> context;
};

}  // namespace kanaria::engine
