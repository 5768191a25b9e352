// The placeholders an ANALYSIS metric's query may hold, checked when the config is loaded. The
// query is kept as written; the engine renders it at run time, once per variant it reads.
//
// PipeCD renders queries with Go's text/template over this data (argsTemplate in
// pkg/app/pipedv1/executor/analysis/metrics_analyzer.go, filled by buildAppArgs in analysis.go):
//   .App.Name  .App.Env  .K8s.Namespace  .Variant.Name  .VariantCustomArgs.KEY  .AppCustomArgs.KEY
// kanaria accepts
//   .App.Name                the application's name (spec.name or the directory's name)
//   .App.Env                 always empty, as PipeCD leaves it ("TODO: Populate Env")
//   .Variant.Name            "canary" or "primary": the variant the query is rendered for
//   .VariantCustomArgs.KEY   KEY from the metric's canaryArgs / primaryArgs for that variant
//                            (also written .VariantArgs.KEY, as PipeCD's documentation does)
//   .Window                  kanaria's own: the query window as a duration ("1m"), for PromQL
//                            ranges such as rate(x[{{ .Window }}])
// and refuses .K8s.Namespace (an ECS app has no namespace) and .AppCustomArgs (filled from an
// analysis template's appArgs, which kanaria does not implement).
//
// Only plain field references are accepted ({{ .App.Name }}, with Go's optional {{- -}} trim
// markers); functions, pipelines, variables and comments are refused, so what a query sends is
// always predictable from the config. Text outside {{ }} is not looked at (a stray `}}` is
// literal text to Go's templates too).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace kanaria::model {

struct QueryTemplateCheck {
  // One message per bad placeholder, in order, each "`{{ ... }}` ...; what is allowed" (no file
  // or key: the caller adds them).
  std::vector<std::string> problems;
  // KEYs used as .VariantCustomArgs.KEY, in order of first use, without repeats.
  std::vector<std::string> variant_args;
};

QueryTemplateCheck CheckQueryTemplate(std::string_view query);

// What a query is rendered with, for one variant.
struct QueryTemplateData {
  std::string app_name;
  std::string variant;  // "canary" or "primary"
  std::map<std::string, std::string> variant_args;
  std::string window;   // "1m", "3s": the query window, already divided by the time scale
};

// The query with every placeholder replaced (Go's {{- -}} trim the spaces beside them).
// REQUIRES: CheckQueryTemplate(query) found no problems (a loaded application guarantees it);
// otherwise kInvalidInput, as for a .VariantCustomArgs key `data` lacks.
StatusOr<std::string> RenderQueryTemplate(std::string_view query, const QueryTemplateData& data);

}  // namespace kanaria::model
