// The metric providers an ANALYSIS stage's metrics name, made from their declarations
// (spec.kanaria.analysisProviders or the user's config) by one table, once per release stage.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "engine/analysis/metric_provider.h"
#include "engine/release_clients.h"
#include "model/analysis_providers.h"

namespace kanaria::engine::analysis {

class MetricProviders {
 public:
  explicit MetricProviders(const ReleaseClients& clients) : clients_(clients) {}

  // The provider `declaration` describes, made on first use. kInvalidInput when it cannot be
  // made (an unreadable token file, an endpoint that does not resolve).
  StatusOr<MetricProvider*> Get(const model::AnalysisProvider& declaration);

 private:
  const ReleaseClients& clients_;
  std::map<std::string, std::unique_ptr<MetricProvider>> made_;
};

}  // namespace kanaria::engine::analysis
