// The AWS clients a release uses, made from one context (the emulator's), for tests that run the
// engine in-process.
#pragma once

#include <memory>

#include "aws/cloudwatch/cloudwatch_client.h"
#include "aws/ecs/ecs_client.h"
#include "aws/elbv2/elbv2_client.h"
#include "aws/servicediscovery/servicediscovery_client.h"
#include "aws/sts/sts_client.h"
#include "engine/release_clients.h"

namespace kanaria::testing {

struct ScenarioClients {
  std::unique_ptr<aws::ecs::EcsClient> ecs;
  std::unique_ptr<aws::elbv2::Elbv2Client> elbv2;
  std::unique_ptr<aws::servicediscovery::ServiceDiscoveryClient> cloudmap;
  std::unique_ptr<aws::sts::StsClient> sts;
  std::unique_ptr<aws::cloudwatch::CloudWatchClient> cloudwatch;
  std::shared_ptr<aws::ClientContext> context;

  explicit ScenarioClients(std::shared_ptr<aws::ClientContext> context)
      : ecs(aws::ecs::EcsClient::Create(context).value()),
        elbv2(aws::elbv2::Elbv2Client::Create(context).value()),
        cloudmap(aws::servicediscovery::ServiceDiscoveryClient::Create(context).value()),
        sts(aws::sts::StsClient::Create(context).value()),
        cloudwatch(aws::cloudwatch::CloudWatchClient::Create(context).value()),
        context(context) {}

  engine::ReleaseClients Get() const {
    return {.ecs = ecs.get(), .elbv2 = elbv2.get(), .cloudmap = cloudmap.get(), .sts = sts.get(),
            .cloudwatch = cloudwatch.get(), .context = context};
  }
};

}  // namespace kanaria::testing
