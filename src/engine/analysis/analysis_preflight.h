// Pre-flight for ANALYSIS stages (I6): references that would otherwise fail the stage only once
// the canary runs, and roll back a release that never had a chance, are refused before the first
// mutating call instead.
#pragma once

#include "core/status.h"
#include "engine/release_clients.h"
#include "model/application.h"

namespace kanaria::engine::analysis {

// kInvalidInput naming the file and line when a provider an ANALYSIS metric uses cannot be made
// (an unreadable token file, a bad address) or spec.kanaria.alarms names an alarm CloudWatch
// does not have (one DescribeAlarms per 100 names). No call when the pipeline has no ANALYSIS.
Status CheckAnalysisReferences(const model::Application& app, const ReleaseClients& clients);

}  // namespace kanaria::engine::analysis
