#include "engine/analysis/metric_providers.h"

#include "aws/cloudwatch/cloudwatch_client.h"
#include "aws/service_client.h"
#include "engine/analysis/cloudwatch/cloudwatch_provider.h"
#include "engine/analysis/prometheus/prometheus_provider.h"

#include <fstream>
#include <sstream>

namespace kanaria::engine::analysis {

namespace {

using Maker = StatusOr<std::unique_ptr<MetricProvider>> (*)(const model::AnalysisProvider&, const ReleaseClients&);

StatusOr<std::unique_ptr<MetricProvider>> MakeCloudWatch(const model::AnalysisProvider& declaration,
                                                        const ReleaseClients& clients) {
  if (declaration.address.empty() && declaration.region.empty()) {
    if (clients.cloudwatch == nullptr) return InternalError("no CloudWatch client for the release");
    return std::unique_ptr<MetricProvider>(std::make_unique<CloudWatchProvider>(*clients.cloudwatch));
  }
  if (clients.context == nullptr) return InternalError("no AWS client context for the release");
  auto context = std::make_shared<aws::ClientContext>(*clients.context);
  if (!declaration.address.empty()) context->endpoint_url = declaration.address;
  if (!declaration.region.empty()) context->region = declaration.region;
  ASSIGN_OR_RETURN(std::unique_ptr<aws::cloudwatch::CloudWatchClient> client,
                   aws::cloudwatch::CloudWatchClient::Create(std::move(context)));
  return std::unique_ptr<MetricProvider>(std::make_unique<CloudWatchProvider>(std::move(client)));
}

// A token or password file's content without its trailing newline.
StatusOr<std::string> ReadSecretFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return InvalidInputError("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  std::string secret = text.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  return secret;
}

StatusOr<std::unique_ptr<MetricProvider>> MakePrometheus(const model::AnalysisProvider& declaration,
                                                        const ReleaseClients& clients) {
  if (clients.context == nullptr || clients.context->transport == nullptr) {
    return InternalError("no HTTP transport for the release");
  }
  PrometheusOptions options;
  options.address = declaration.address;
  const model::ProviderAuth& auth = declaration.auth;
  switch (auth.kind) {
    case model::ProviderAuth::Kind::kNone:
      break;
    case model::ProviderAuth::Kind::kBearerToken:
      options.bearer_token = auth.bearer_token;
      break;
    case model::ProviderAuth::Kind::kBearerTokenFile: {
      ASSIGN_OR_RETURN(options.bearer_token, ReadSecretFile(auth.bearer_token_file));
      break;
    }
    case model::ProviderAuth::Kind::kBasic:
      options.username = auth.username;
      if (auth.password_file.empty()) {
        options.password = auth.password;
      } else {
        ASSIGN_OR_RETURN(options.password, ReadSecretFile(auth.password_file));
      }
      break;
  }
  ASSIGN_OR_RETURN(std::unique_ptr<PrometheusProvider> provider,
                   PrometheusProvider::Create(options, clients.context->transport));
  return std::unique_ptr<MetricProvider>(std::move(provider));
}

struct ProviderRow {
  model::AnalysisProviderType type;
  Maker make;
};

constexpr ProviderRow kProviders[] = {
    {model::AnalysisProviderType::kCloudWatch, MakeCloudWatch},
    {model::AnalysisProviderType::kPrometheus, MakePrometheus},
};

}  // namespace

StatusOr<MetricProvider*> MetricProviders::Get(const model::AnalysisProvider& declaration) {
  if (auto it = made_.find(declaration.name); it != made_.end()) return it->second.get();
  for (const auto& row : kProviders) {
    if (row.type != declaration.type) continue;
    auto made = row.make(declaration, clients_);
    if (!made.ok()) return made.status().WithContext("analysis provider " + declaration.name);
    MetricProvider* provider = made->get();
    made_[declaration.name] = std::move(*made);
    return provider;
  }
  return InvalidInputError("analysis provider " + declaration.name + ": its type has no implementation");
}

}  // namespace kanaria::engine::analysis
