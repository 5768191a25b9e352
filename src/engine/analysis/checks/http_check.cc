#include "engine/analysis/checks/http_check.h"

#include <fmt/format.h>

namespace kanaria::engine::analysis {

HttpCheck::HttpCheck(std::shared_ptr<aws::HttpTransport> transport, Clock& clock,
                     const model::AnalysisHttpCheck& config, std::string name, Duration interval)
    : prober_(std::move(transport), clock), config_(config), name_(std::move(name)), interval_(interval) {
  probe_.url = config.url;
  probe_.method = config.method;
  for (const auto& header : config.headers) aws::SetHeader(probe_.headers, header.key, header.value);
  probe_.expected_code = config.expected_code;
  probe_.expected_response = config.expected_response.value_or("");
  probe_.timeout = config.timeout;
  probe_.latency_bound = config.max_latency.value_or(Duration::zero());
}

LookResult HttpCheck::Look(const LookContext&) {
  const ProbeResult result = prober_.Run(probe_);
  LookResult look;
  look.measurements = {{"code", result.code}, {"latencyMs", result.latency.count()}};
  if (result.ok) {
    look.outcome = LookOutcome::kPass;
    look.line = fmt::format("{}: {} in {} ms → pass", name_, result.code, result.latency.count());
  } else {
    // No HTTP answer at all is the endpoint's failure too: it is what users would see.
    look.outcome = LookOutcome::kFail;
    look.line = fmt::format("{}: {} → fail", name_, result.reason);
  }
  return look;
}

}  // namespace kanaria::engine::analysis
