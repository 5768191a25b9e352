#include "support/moto_network.h"

#include <nlohmann/json.hpp>

#include "aws/http.h"
#include "aws/service_descriptor.h"

namespace kanaria::testing {
namespace {

constexpr aws::ServiceDescriptor kEc2Service{"ec2", "ec2", "EC2", aws::Protocol::kQuery, "", "",
                                             "2016-11-15", "http://ec2.amazonaws.com/doc/2016-11-15/"};

class LastBodyTransport final : public aws::HttpTransport {
 public:
  explicit LastBodyTransport(std::shared_ptr<aws::HttpTransport> inner) : inner_(std::move(inner)) {}
  StatusOr<aws::HttpResponse> Send(const aws::HttpRequest& request) override {
    StatusOr<aws::HttpResponse> response = inner_->Send(request);
    if (response.ok()) last_body_ = response->body;
    return response;
  }
  std::vector<StatusOr<aws::HttpResponse>> SendAll(const std::vector<aws::HttpRequest>& requests) override {
    return inner_->SendAll(requests);
  }
  const std::string& last_body() const { return last_body_; }

 private:
  std::shared_ptr<aws::HttpTransport> inner_;
  std::string last_body_;
};

std::string FirstElementText(const std::string& xml, const std::string& tag) {
  const std::string open = "<" + tag + ">";
  const size_t start = xml.find(open);
  if (start == std::string::npos) return "";
  const size_t end = xml.find("</" + tag + ">", start);
  return end == std::string::npos ? "" : xml.substr(start + open.size(), end - start - open.size());
}

}  // namespace

MotoNetwork CreateMotoNetwork(const std::shared_ptr<aws::ClientContext>& context, const std::string& name) {
  auto ec2_context = std::make_shared<aws::ClientContext>(*context);
  auto recorder = std::make_shared<LastBodyTransport>(context->transport);
  ec2_context->transport = recorder;
  MotoNetwork network;
  auto ec2 = aws::ServiceClient::Create(kEc2Service, ec2_context);
  if (!ec2.ok()) return network;
  auto call = [&](const char* operation, const aws::QueryParams& params, const char* tag) {
    (void)(*ec2)->CallQuery(operation, params);
    return FirstElementText(recorder->last_body(), tag);
  };
  network.vpc_id = call("CreateVpc", {{"CidrBlock", "10.0.0.0/16"}}, "vpcId");
  network.subnet_a = call("CreateSubnet", {{"VpcId", network.vpc_id}, {"CidrBlock", "10.0.1.0/24"},
                                           {"AvailabilityZone", "us-east-1a"}}, "subnetId");
  network.subnet_b = call("CreateSubnet", {{"VpcId", network.vpc_id}, {"CidrBlock", "10.0.2.0/24"},
                                           {"AvailabilityZone", "us-east-1b"}}, "subnetId");
  network.security_group = call("CreateSecurityGroup", {{"GroupName", name}, {"GroupDescription", name},
                                                        {"VpcId", network.vpc_id}}, "groupId");
  return network;
}

}  // namespace kanaria::testing
