// CreateLoadBalancer, DescribeLoadBalancers, DeleteLoadBalancer.
#include <fmt/format.h>

#include <algorithm>

#include "emulator/api_error.h"
#include "emulator/services/elbv2/elbv2_handlers.h"
#include "emulator/world.h"

namespace kanaria::emulator::elbv2 {
namespace {

// The emulated account has one VPC; target groups name their own.
constexpr char kDefaultVpcId[] = "vpc-0e1f2a3b4c5d60718";
constexpr char kDefaultSecurityGroup[] = "sg-0a1b2c3d4e5f60718";
// Route 53 zone of ALBs in us-east-1; other regions have other ids, which no caller checks.
constexpr char kCanonicalHostedZoneId[] = "Z35SXDOTRQ7X7K";

nlohmann::json LoadBalancerJson(const CallContext& context, const LoadBalancer& lb) {
  nlohmann::json zones = nlohmann::json::array();
  for (size_t i = 0; i < lb.subnets.size(); ++i) {
    zones.push_back({{"ZoneName", context.world.region() + static_cast<char>('a' + i % 6)},
                     {"SubnetId", lb.subnets[i]},
                     {"LoadBalancerAddresses", nlohmann::json::array()}});
  }
  return {{"LoadBalancerArn", lb.arn},
          {"DNSName", lb.dns_name},
          {"CanonicalHostedZoneId", kCanonicalHostedZoneId},
          {"CreatedTime", TimestampValue(context, lb.created)},
          {"LoadBalancerName", lb.name},
          {"Scheme", lb.scheme},
          {"VpcId", kDefaultVpcId},
          {"State", {{"Code", "active"}}},
          {"Type", lb.type},
          {"AvailabilityZones", std::move(zones)},
          {"SecurityGroups", lb.security_groups},
          {"IpAddressType", lb.ip_address_type}};
}

std::vector<std::string> SubnetsOf(const InputFields& fields) {
  std::vector<std::string> subnets = fields.StringList("Subnets");
  for (const nlohmann::json& mapping : fields.List("SubnetMappings")) {
    subnets.push_back(FieldsOf(mapping).RequiredString("SubnetId"));
  }
  return subnets;
}

}  // namespace

nlohmann::json CreateLoadBalancer(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const InputFields fields = FieldsOf(input);
  const std::string name = fields.RequiredString("Name");
  CheckResourceName(name, "Load balancer");
  if (name.rfind("internal-", 0) == 0) {
    Fail(kValidationError, "Load balancer names cannot begin with 'internal-'");
  }
  const std::string type = fields.String("Type").value_or("application");
  if (type != "application") {
    Fail(kValidationError,
         fmt::format("Load balancer type '{}' is not supported by this emulator", type));
  }
  const std::string scheme = fields.String("Scheme").value_or("internet-facing");
  if (scheme != "internet-facing" && scheme != "internal") {
    Fail("InvalidScheme", fmt::format("Scheme '{}' is not valid", scheme));
  }
  nlohmann::json settings = input;
  settings.erase("Tags");
  for (const auto& [arn, existing] : state.load_balancers()) {
    if (existing.name != name) continue;
    // CreateLoadBalancer is idempotent for the same settings, as in AWS.
    if (existing.settings != settings) {
      Fail("DuplicateLoadBalancerName",
           fmt::format("A load balancer with the name '{}' already exists", name));
    }
    return {{"LoadBalancers", nlohmann::json::array({LoadBalancerJson(context, existing)})}};
  }
  std::vector<nlohmann::json> tags = fields.List("Tags");

  LoadBalancer lb;
  lb.name = name;
  lb.id = context.world.ids.Hex(16);
  lb.arn =
      context.world.Arn("elasticloadbalancing", fmt::format("loadbalancer/app/{}/{}", name, lb.id));
  lb.dns_name = fmt::format("{}{}-{}.{}.elb.amazonaws.com", scheme == "internal" ? "internal-" : "",
                            name, context.world.ids.Digits(10), context.world.region());
  lb.scheme = scheme;
  lb.type = type;
  lb.ip_address_type = fields.String("IpAddressType").value_or("ipv4");
  lb.subnets = SubnetsOf(fields);
  lb.security_groups = fields.StringList("SecurityGroups");
  if (lb.security_groups.empty()) lb.security_groups.push_back(kDefaultSecurityGroup);
  lb.created = context.now;
  lb.settings = std::move(settings);
  lb.seq = state.NextSeq();
  lb.attributes = DefaultLoadBalancerAttributes();
  ApplyTags(state, lb.arn, tags);
  const std::string arn = lb.arn;
  state.load_balancers()[arn] = std::move(lb);
  // AWS answers the create while the load balancer is still provisioning; the emulator's is
  // ready at once, so every later Describe says active.
  nlohmann::json created = LoadBalancerJson(context, state.load_balancers()[arn]);
  created["State"]["Code"] = "provisioning";
  return {{"LoadBalancers", nlohmann::json::array({created})}};
}

nlohmann::json DescribeLoadBalancers(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const InputFields fields = FieldsOf(input);
  const std::vector<std::string> arns = fields.StringList("LoadBalancerArns");
  const std::vector<std::string> names = fields.StringList("Names");
  if (!arns.empty() && !names.empty()) {
    Fail(kValidationError,
         "Load balancer names and load balancer ARNs cannot be specified at the same time");
  }
  std::vector<const LoadBalancer*> selected;
  if (!arns.empty()) {
    for (const std::string& arn : arns) {
      const auto it = state.load_balancers().find(arn);
      if (it == state.load_balancers().end()) {
        Fail("LoadBalancerNotFound", "One or more load balancers not found");
      }
      selected.push_back(&it->second);
    }
  } else if (!names.empty()) {
    std::vector<std::string> missing;
    for (const std::string& name : names) {
      const auto it = std::find_if(state.load_balancers().begin(), state.load_balancers().end(),
                                   [&](const auto& entry) { return entry.second.name == name; });
      if (it == state.load_balancers().end()) {
        missing.push_back(name);
      } else {
        selected.push_back(&it->second);
      }
    }
    if (!missing.empty()) {
      Fail("LoadBalancerNotFound",
           fmt::format("Load balancers '[{}]' not found", fmt::join(missing, ", ")));
    }
  } else {
    for (const auto& [arn, lb] : state.load_balancers()) selected.push_back(&lb);
    std::sort(selected.begin(), selected.end(),
              [](const auto* a, const auto* b) { return a->seq < b->seq; });
  }
  std::vector<nlohmann::json> items;
  for (const LoadBalancer* lb : selected) items.push_back(LoadBalancerJson(context, *lb));
  return Page(std::move(items), fields, "LoadBalancers");
}

nlohmann::json DeleteLoadBalancer(CallContext& context, const nlohmann::json& input) {
  Elbv2State& state = StateOf(context);
  const std::string arn = FieldsOf(input).RequiredString("LoadBalancerArn");
  // Deleting a load balancer that does not exist succeeds, as in AWS.
  const auto found = state.load_balancers().find(arn);
  if (found == state.load_balancers().end()) return nlohmann::json::object();
  if (found->second.attributes["deletion_protection.enabled"] == "true") {
    Fail("OperationNotPermitted",
         fmt::format("Load balancer '{}' cannot be deleted because deletion protection is enabled",
                     arn));
  }
  std::vector<std::string> listeners;
  for (const auto& [listener_arn, listener] : state.listeners()) {
    if (listener.load_balancer_arn == arn) listeners.push_back(listener_arn);
  }
  for (const std::string& listener_arn : listeners) state.EraseListener(listener_arn);
  state.tags().erase(arn);
  state.load_balancers().erase(arn);
  state.RefreshAssociations(context.now);
  return nlohmann::json::object();
}

}  // namespace kanaria::emulator::elbv2
