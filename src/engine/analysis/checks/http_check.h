// An ANALYSIS stage's `https[]` entry: one request every interval, whose answer must have the
// expected code, contain the expected response (a substring of the body) and, when `maxLatency`
// is set, arrive within it.
#pragma once

#include <memory>
#include <string>

#include "engine/analysis/analysis_check.h"
#include "engine/analysis/http/http_probe.h"
#include "model/analysis_options.h"

namespace kanaria::engine::analysis {

class HttpCheck final : public AnalysisCheck {
 public:
  // `interval` is already divided by the time scale; `name` is "https[0] GET http://...".
  HttpCheck(std::shared_ptr<aws::HttpTransport> transport, Clock& clock, const model::AnalysisHttpCheck& config,
            std::string name, Duration interval);

  const std::string& name() const override { return name_; }
  Duration interval() const override { return interval_; }
  int failure_limit() const override { return config_.failure_limit; }
  LookResult Look(const LookContext& context) override;

 private:
  HttpProber prober_;
  const model::AnalysisHttpCheck& config_;
  HttpProbe probe_;
  std::string name_;
  Duration interval_;
};

}  // namespace kanaria::engine::analysis
