#include "model/stage_parser.h"

#include <map>
#include <string>

#include "model/analysis_options.h"
#include "model/nearest_name.h"

namespace kanaria::model {
namespace {

struct StageKindRow {
  StageKind kind;
  std::string_view name;
};

constexpr StageKindRow kStageKinds[] = {
    {StageKind::kSync, "ECS_SYNC"},
    {StageKind::kCanaryRollout, "ECS_CANARY_ROLLOUT"},
    {StageKind::kTrafficRouting, "ECS_TRAFFIC_ROUTING"},
    {StageKind::kPrimaryRollout, "ECS_PRIMARY_ROLLOUT"},
    {StageKind::kCanaryClean, "ECS_CANARY_CLEAN"},
    {StageKind::kWait, "WAIT"},
    {StageKind::kWaitApproval, "WAIT_APPROVAL"},
    {StageKind::kAnalysis, "ANALYSIS"},
};

// PipeCD stage names kanaria knows and does not accept, with why.
struct RefusedStage {
  std::string_view name;
  std::string_view why;
};

constexpr RefusedStage kRefused[] = {
    {"ECS_ROLLBACK",
     "ECS_ROLLBACK is added automatically (spec.input.autoRollback); remove it from the pipeline"},
    {"ROLLBACK",
     "ROLLBACK is added automatically (spec.input.autoRollback); remove it from the pipeline"},
    {"CUSTOM_SYNC", "CUSTOM_SYNC (scripts) is not supported by kanaria; remove the stage"},
    {"SCRIPT_RUN", "SCRIPT_RUN (scripts) is not supported by kanaria; remove the stage"},
};

constexpr Duration kDefaultApprovalTimeout = std::chrono::hours(6);  // PipeCD's default

class StageReader {
 public:
  StageReader(ValueReader& reader, const StageDefaults& defaults)
      : reader_(reader), defaults_(defaults) {}

  // nullopt when the stage has a problem (already reported).
  std::optional<Stage> Read(const nlohmann::json& value, const JsonPath& path, int index) {
    if (!reader_.IsObject(&value, path, "a stage: a map with `name` and, for some, `with`")) {
      return std::nullopt;
    }
    Stage stage;
    stage.index = index;
    stage.where = reader_.Where(path);
    const JsonPath name_path = path.Key("name");
    const nlohmann::json* name_value = ValueReader::Member(&value, "name");
    if (name_value == nullptr) {
      reader_.Error(path, "the stage has no `name`; one of " + JoinedNames());
      return std::nullopt;
    }
    const std::optional<std::string> name =
        reader_.String(name_value, name_path, "a stage name: one of " + JoinedNames());
    if (!name) return std::nullopt;
    std::optional<StageKind> kind = ParseStageKind(*name);
    if (!kind) {
      RefuseName(*name, name_path);
      return std::nullopt;
    }
    stage.kind = *kind;

    bool ok = true;
    const JsonPath id_path = path.Key("id");
    if (const nlohmann::json* id = ValueReader::Member(&value, "id")) {
      std::optional<std::string> text = reader_.String(id, id_path, "a stage id (a string)");
      if (text && text->empty()) {
        reader_.Error(id_path, "\"\" is empty; a non-empty stage id, or no `id` for stage-" +
                                   std::to_string(index));
        ok = false;
      } else if (!text) {
        ok = false;
      } else {
        stage.id = *text;
      }
    }
    if (stage.id.empty()) stage.id = "stage-" + std::to_string(index);
    if (auto [it, inserted] = ids_.emplace(stage.id, path.display()); !inserted) {
      reader_.Error(ValueReader::Member(&value, "id") ? id_path : path,
                    "stage id " + stage.id + " is already used by " + it->second +
                        "; stage ids must be unique");
      ok = false;
    }
    if (const nlohmann::json* timeout = ValueReader::Member(&value, "timeout")) {
      stage.timeout = reader_.DurationValue(timeout, path.Key("timeout"), /*positive=*/true);
      ok = ok && stage.timeout.has_value();
    }

    const JsonPath with_path = path.Key("with");
    const nlohmann::json* with = ValueReader::Member(&value, "with");
    if (with != nullptr && !reader_.IsObject(with, with_path, "the stage's options (a map)")) {
      return std::nullopt;
    }
    ok = ReadOptions(stage, with, path) && ok;
    if (!ok) return std::nullopt;
    return stage;
  }

 private:
  // `stage_path` is the stage's; a missing option is reported at `with:` when it is written,
  // else at the stage's `- name:` line.
  bool ReadOptions(Stage& stage, const nlohmann::json* with, const JsonPath& stage_path) {
    const size_t errors_before = reader_.diagnostics().error_count();
    const JsonPath path = stage_path.Key("with");
    const JsonPath& missing_at = with != nullptr ? path : stage_path;
    // False when a reader left the stage out without an error of its own (an ANALYSIS metric
    // with a `template`, which key_policy reports).
    bool read = true;
    switch (stage.kind) {
      case StageKind::kSync: {
        std::optional<bool> recreate =
            reader_.Bool(ValueReader::Member(with, "recreate"), path.Key("recreate"));
        stage.recreate = recreate.value_or(defaults_.recreate);
        break;
      }
      case StageKind::kCanaryRollout: {
        const JsonPath scale_path = path.Key("scale");
        const nlohmann::json* scale = ValueReader::Member(with, "scale");
        if (scale == nullptr) {
          reader_.Error(missing_at,
                        "ECS_CANARY_ROLLOUT needs `with: {scale: N}`; the canary task set's size "
                        "in percent of the service's desiredCount, above 0 and at most 100");
          break;
        }
        if (std::optional<Percentage> p = reader_.PercentageValue(scale, scale_path)) {
          if (p->IsZero()) {
            reader_.Error(scale_path,
                          "0 creates no canary task; a percentage above 0 and at most 100");
          } else {
            stage.scale = *p;
          }
        }
        break;
      }
      case StageKind::kTrafficRouting: {
        const nlohmann::json* primary = ValueReader::Member(with, "primary");
        const nlohmann::json* canary = ValueReader::Member(with, "canary");
        if ((primary == nullptr) == (canary == nullptr)) {
          reader_.Error(missing_at,
                        std::string(primary ? "both `primary` and `canary` are given"
                                            : "no traffic split is given") +
                            "; exactly one of `primary: P` or `canary: C` (percentages; the "
                            "other target group gets the rest)");
          break;
        }
        if (primary != nullptr) {
          if (auto p = reader_.PercentageValue(primary, path.Key("primary"))) {
            // PipeCD reads `primary: 0` as "primary 100" (ECSTrafficRoutingStageOptions.
            // Percentage() ignores 0 and falls back to its default), the opposite of what it
            // says; kanaria refuses it rather than pick one of the two meanings.
            if (p->IsZero()) {
              reader_.Error(path.Key("primary"),
                            "0 is ambiguous (PipeCD routes everything to primary for it); write "
                            "`canary: 100` to send all traffic to the canary");
            } else {
              stage.canary_share = p->Complement();
            }
          }
        } else if (auto c = reader_.PercentageValue(canary, path.Key("canary"))) {
          stage.canary_share = *c;
        }
        break;
      }
      case StageKind::kWait: {
        const nlohmann::json* duration = ValueReader::Member(with, "duration");
        if (duration == nullptr) {
          reader_.Error(missing_at,
                        "WAIT needs `with: {duration: D}`; a duration above 0 such as 30s or 5m");
          break;
        }
        if (auto d = reader_.DurationValue(duration, path.Key("duration"), /*positive=*/true)) {
          stage.duration = *d;
        }
        break;
      }
      case StageKind::kWaitApproval: {
        stage.duration = kDefaultApprovalTimeout;
        if (auto d = reader_.DurationValue(ValueReader::Member(with, "timeout"),
                                           path.Key("timeout"), /*positive=*/true)) {
          stage.duration = *d;
        }
        const JsonPath min_path = path.Key("minApproverNum");
        if (auto n = reader_.Integer(ValueReader::Member(with, "minApproverNum"), min_path,
                                     "1 (one approval)")) {
          if (*n != 1) {
            reader_.Error(min_path, std::to_string(*n) +
                                        " approvals are not supported; kanaria takes one "
                                        "approval (1, PipeCD's default)");
          }
        }
        break;
      }
      case StageKind::kAnalysis: {
        std::optional<AnalysisStage> analysis =
            ParseAnalysisOptions(with, path, missing_at, reader_);
        read = analysis.has_value();
        if (analysis) stage.analysis = std::move(*analysis);
        break;
      }
      case StageKind::kPrimaryRollout:
      case StageKind::kCanaryClean:
        break;
    }
    return read && reader_.diagnostics().error_count() == errors_before;
  }

  void RefuseName(const std::string& name, const JsonPath& path) {
    for (const RefusedStage& refused : kRefused) {
      if (refused.name == name) {
        reader_.Error(path, refused.why);
        return;
      }
    }
    const std::vector<std::string_view> names = StageNames();
    reader_.Error(
        path, name + " is not a stage kanaria runs for an ECS app; " + SuggestName(name, names));
  }

  static std::string JoinedNames() {
    std::string out;
    for (std::string_view name : StageNames()) {
      if (!out.empty()) out += ", ";
      out += name;
    }
    return out;
  }

  ValueReader& reader_;
  const StageDefaults& defaults_;
  std::map<std::string, std::string> ids_;  // id -> display path of the stage that has it
};

}  // namespace

std::string_view StageKindName(StageKind kind) {
  for (const StageKindRow& row : kStageKinds) {
    if (row.kind == kind) return row.name;
  }
  return "UNKNOWN";
}

std::string StagePath(const Stage& stage) {
  return "spec.pipeline.stages[" + std::to_string(stage.index) + "]";
}

std::optional<StageKind> ParseStageKind(std::string_view name) {
  for (const StageKindRow& row : kStageKinds) {
    if (row.name == name) return row.kind;
  }
  return std::nullopt;
}

std::vector<std::string_view> StageNames() {
  std::vector<std::string_view> names;
  for (const StageKindRow& row : kStageKinds) names.push_back(row.name);
  return names;
}

std::vector<Stage> ParseStages(const nlohmann::json* stages, const JsonPath& path,
                               const StageDefaults& defaults, ValueReader& reader) {
  std::vector<Stage> out;
  if (stages == nullptr) return out;
  if (!stages->is_array()) {
    reader.WrongType(*stages, path, "a list of stages (`- name: ECS_CANARY_ROLLOUT` ...)");
    return out;
  }
  StageReader stage_reader(reader, defaults);
  for (size_t i = 0; i < stages->size(); ++i) {
    if (auto stage = stage_reader.Read((*stages)[i], path.Index(i), static_cast<int>(i))) {
      out.push_back(std::move(*stage));
    }
  }
  return out;
}

}  // namespace kanaria::model
