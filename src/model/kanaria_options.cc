#include "model/kanaria_options.h"

#include <fmt/format.h>

#include <limits>
#include <regex>
#include <set>

#include "model/analysis_providers.h"
#include "model/duration.h"

namespace kanaria::model {
namespace {

// The account is not checked for 12 digits: PipeCD's documentation writes "XXXX" there, and a
// wrong account fails the engine's pre-flight DescribeTargetGroups with a clear message anyway.
#define KANARIA_ELB_ARN_PREFIX "^arn:aws[-a-z]*:elasticloadbalancing:[a-z0-9-]+:[^:/]+:"

bool Matches(std::string_view text, const std::regex& re) {
  return std::regex_match(text.begin(), text.end(), re);
}

void ReadArns(const nlohmann::json* value, const JsonPath& path, ValueReader& reader,
              bool (*valid)(std::string_view), std::string_view shape,
              std::vector<std::string>& out) {
  if (value == nullptr) return;
  const std::string allowed = "a list of " + std::string(shape);
  if (!value->is_array()) {
    reader.WrongType(*value, path, allowed);
    return;
  }
  for (size_t i = 0; i < value->size(); ++i) {
    const JsonPath element = path.Index(i);
    std::optional<std::string> arn = reader.String(&(*value)[i], element, shape);
    if (!arn) continue;
    if (!valid(*arn)) {
      reader.Error(element, "\"" + *arn + "\" is not " + std::string(shape));
      continue;
    }
    out.push_back(*arn);
  }
}

void ReadAnalysisSettings(const nlohmann::json* value, const JsonPath& path, ValueReader& reader,
                          KanariaOptions& options) {
  options.analysis_providers = ParseAnalysisProviders(
      ValueReader::Member(value, "analysisProviders"), path.Key("analysisProviders"), reader);

  const JsonPath samples_path = path.Key("minSamples");
  constexpr std::string_view kSamples =
      "the fewest points a comparison needs on each side before it can pass or fail, 0 or more";
  if (auto n = reader.Integer(ValueReader::Member(value, "minSamples"), samples_path, kSamples)) {
    if (*n < 0 || *n > std::numeric_limits<int>::max()) {
      reader.Error(samples_path, fmt::format("{} is out of range; {}", *n, kSamples));
    } else {
      options.min_samples = static_cast<int>(*n);
    }
  }

  const JsonPath inconclusive_path = path.Key("onInconclusive");
  constexpr std::string_view kInconclusive =
      "FAIL (an analysis without enough data fails the release, the default) or PASS";
  if (auto text = reader.String(ValueReader::Member(value, "onInconclusive"), inconclusive_path,
                                kInconclusive)) {
    if (*text == "FAIL") {
      options.on_inconclusive = KanariaOptions::Inconclusive::kFail;
    } else if (*text == "PASS") {
      options.on_inconclusive = KanariaOptions::Inconclusive::kPass;
    } else {
      reader.Error(inconclusive_path, fmt::format("{} is not FAIL or PASS; {}", *text, kInconclusive));
    }
  }

  const JsonPath significance_path = path.Key("significance");
  constexpr std::string_view kSignificance =
      "a significance level above 0 and below 1, such as 0.05 (a difference whose p-value is "
      "below it fails the comparison)";
  if (auto a = reader.Number(ValueReader::Member(value, "significance"), significance_path,
                             kSignificance)) {
    if (!(*a > 0 && *a < 1)) {
      reader.Error(significance_path,
                   fmt::format("{} is not between 0 and 1; {}", *a, kSignificance));
    } else {
      options.significance = *a;
    }
  }

  const JsonPath alarms_path = path.Key("alarms");
  const nlohmann::json* alarms = ValueReader::Member(value, "alarms");
  constexpr std::string_view kAlarm = "a CloudWatch alarm name, 1 to 255 characters";
  if (alarms == nullptr) return;
  if (!alarms->is_array()) {
    reader.WrongType(*alarms, alarms_path, "a list of CloudWatch alarm names");
    return;
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < alarms->size(); ++i) {
    const JsonPath element = alarms_path.Index(i);
    std::optional<std::string> name = reader.String(&(*alarms)[i], element, kAlarm);
    if (!name) continue;
    if (name->empty() || name->size() > 255) {
      reader.Error(element, fmt::format("\"{}\" has {} characters; {}",
                                        name->size() > 60 ? fmt::format("{}...", name->substr(0, 57)) : *name,
                                        name->size(), kAlarm));
    } else if (!seen.insert(*name).second) {
      reader.Error(element, fmt::format("{} is listed twice; each alarm once", *name));
    } else {
      options.alarms.push_back(*name);
    }
  }
}

}  // namespace

bool IsTargetGroupArn(std::string_view arn) {
  static const std::regex re(KANARIA_ELB_ARN_PREFIX "targetgroup/[^/]+/[^/]+$");
  return Matches(arn, re);
}

bool IsListenerArn(std::string_view arn) {
  static const std::regex re(KANARIA_ELB_ARN_PREFIX "listener/(app|net|gwy)/[^/]+/[^/]+/[^/]+$");
  return Matches(arn, re);
}

bool IsListenerRuleArn(std::string_view arn) {
  static const std::regex re(KANARIA_ELB_ARN_PREFIX
                             "listener-rule/(app|net)/[^/]+/[^/]+/[^/]+/[^/]+$");
  return Matches(arn, re);
}

KanariaOptions ParseKanariaOptions(const nlohmann::json* value, const JsonPath& path,
                                   ValueReader& reader) {
  KanariaOptions options;
  options.where = reader.Where(path);
  if (value == nullptr) {
    options.where.line = 0;  // absent: the file
    return options;
  }
  if (!reader.IsObject(value, path, "kanaria's options (a map)")) return options;
  ReadArns(ValueReader::Member(value, "listenerArns"), path.Key("listenerArns"), reader,
           IsListenerArn,
           "listener ARNs (arn:aws:elasticloadbalancing:REGION:ACCOUNT:listener/app/NAME/ID/ID)",
           options.listener_arns);
  ReadArns(ValueReader::Member(value, "ruleArns"), path.Key("ruleArns"), reader, IsListenerRuleArn,
           "listener rule ARNs "
           "(arn:aws:elasticloadbalancing:REGION:ACCOUNT:listener-rule/app/NAME/ID/ID/ID)",
           options.rule_arns);

  const JsonPath timeout_path = path.Key("stabilityTimeout");
  const JsonPath poll_path = path.Key("stabilityPollInterval");
  const JsonPath lock_path = path.Key("lockExpiry");
  if (auto d = reader.DurationValue(ValueReader::Member(value, "stabilityTimeout"), timeout_path,
                                    /*positive=*/true)) {
    options.stability_timeout = *d;
  }
  const nlohmann::json* poll = ValueReader::Member(value, "stabilityPollInterval");
  if (auto d = reader.DurationValue(poll, poll_path, /*positive=*/false)) {
    if (*d < std::chrono::seconds(1)) {
      reader.Error(poll_path, FormatDuration(*d) +
                                  " is below 1s; a poll interval of at least 1s "
                                  "(ECS and ELB throttle faster polling)");
    } else {
      options.stability_poll_interval = *d;
    }
  }
  if (options.stability_poll_interval >= options.stability_timeout) {
    reader.Error(poll != nullptr ? poll_path : timeout_path,
                 "stabilityPollInterval " + FormatDuration(options.stability_poll_interval) +
                     " is not below stabilityTimeout " + FormatDuration(options.stability_timeout) +
                     "; a poll interval shorter than the timeout");
  }
  if (auto d = reader.DurationValue(ValueReader::Member(value, "lockExpiry"), lock_path,
                                    /*positive=*/false)) {
    if (*d < std::chrono::minutes(1)) {
      reader.Error(lock_path, FormatDuration(*d) +
                                  " is below 1m; a lock expiry of at least 1m (a shorter one "
                                  "could expire while a step is still running)");
    } else {
      options.lock_expiry = *d;
    }
  }
  ReadAnalysisSettings(value, path, reader, options);
  return options;
}

}  // namespace kanaria::model
