// The VPC, two subnets and a security group that moto_server needs before load balancers and
// awsvpc task sets can name them (moto checks they exist, as AWS does). EC2 answers have no
// <...Result> element for ServiceClient::CallQuery to return, so the ids are read from the XML.
#pragma once

#include <memory>
#include <string>

#include "aws/service_client.h"

namespace kanaria::testing {

struct MotoNetwork {
  std::string vpc_id;
  std::string subnet_a;
  std::string subnet_b;
  std::string security_group;
};

// Creates them through `context` (pointed at moto_server). Fields are "" when a call failed.
MotoNetwork CreateMotoNetwork(const std::shared_ptr<aws::ClientContext>& context, const std::string& name);

}  // namespace kanaria::testing
