// kanaria's own keys under `spec.kanaria` (KanariaOptions in application.h), and the ARN shapes
// kanaria checks without calling AWS.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "model/application.h"
#include "model/value_reader.h"

namespace kanaria::model {

// arn:aws[-a-z]*:elasticloadbalancing:REGION:ACCOUNT:targetgroup/NAME/ID
bool IsTargetGroupArn(std::string_view arn);
// ...:listener/app|net|gwy/LB-NAME/LB-ID/LISTENER-ID
bool IsListenerArn(std::string_view arn);
// ...:listener-rule/app|net/LB-NAME/LB-ID/LISTENER-ID/RULE-ID
bool IsListenerRuleArn(std::string_view arn);

// Reads `spec.kanaria` (`value` may be nullptr: the defaults). Durations: stabilityTimeout > 0,
// 1s <= stabilityPollInterval < stabilityTimeout, lockExpiry >= 1m. Analysis: analysisProviders
// (analysis_providers.h; the user config's are merged in later, by LoadApplication),
// minSamples >= 0 (100), onInconclusive FAIL | PASS (FAIL), 0 < significance < 1 (0.05), alarms
// (CloudWatch alarm names, 1-255 characters, each once).
KanariaOptions ParseKanariaOptions(const nlohmann::json* value, const JsonPath& path,
                                   ValueReader& reader);

}  // namespace kanaria::model
