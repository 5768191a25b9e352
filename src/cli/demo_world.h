// The starting point of `kanaria demo`, built on the in-process emulator over its AWS APIs: an
// ALB with two target groups (blue, green), a listener whose rule forwards to blue only, and an
// EXTERNAL ECS service running v1 on blue; plus the application directory that releases v2
// (and then v3).
#pragma once

#include <memory>
#include <string>

#include "aws/service_client.h"
#include "core/status.h"

namespace kanaria::cli {

struct DemoWorld {
  std::string cluster = "demo";
  std::string service = "web";
  std::string load_balancer_arn;
  std::string listener_arn;
  std::string blue_target_group_arn;
  std::string green_target_group_arn;
  std::string app_dir;  // app.pipecd.yaml, servicedef.yaml, taskdef.json (v2)
};

// Creates the infrastructure through `context` (pointed at the emulator) and writes the app
// into `work_dir`. Waits until v1 is steady.
StatusOr<DemoWorld> BuildDemoWorld(std::shared_ptr<aws::ClientContext> context, const std::string& work_dir);

// Rewrites the app's task definition to v3, whose tasks answer 5 % of requests with a 500 (the
// emulator's KANARIA_EMULATOR_ERROR_RATE): the release the analysis must stop.
Status WriteBadVersion(const DemoWorld& world);

}  // namespace kanaria::cli
