#include "model/query_template.h"

#include <gtest/gtest.h>

namespace kanaria::model {
namespace {

using Lines = std::vector<std::string>;

TEST(QueryTemplateTest, PipeCdDataAndKanariasWindowAreAccepted) {
  const QueryTemplateCheck check = CheckQueryTemplate(
      R"(sum(rate(http_requests_total{app="{{ .App.Name }}",env="{{.App.Env}}",)"
      R"(variant="{{- .Variant.Name -}}",job="{{ .VariantCustomArgs.job }}"}[{{ .Window }}])))"
      R"( / {{ .VariantCustomArgs.job }} + {{ .VariantCustomArgs.pod_2 }})");
  EXPECT_EQ(check.problems, Lines{});
  EXPECT_EQ(check.variant_args, (Lines{"job", "pod_2"}));
}

TEST(QueryTemplateTest, TextWithoutPlaceholdersIsLeftAlone) {
  const QueryTemplateCheck check = CheckQueryTemplate(R"(up{job="a"} and on() vector(1) }})");
  EXPECT_EQ(check.problems, Lines{});
  EXPECT_TRUE(check.variant_args.empty());
}

TEST(QueryTemplateTest, DataPipeCdHasButAnEcsAppCannotUse) {
  EXPECT_EQ(CheckQueryTemplate("x{ns=\"{{ .K8s.Namespace }}\"}").problems,
            Lines{"`{{ .K8s.Namespace }}`: an ECS app has no Kubernetes namespace; remove it "
                  "(allowed: .App.Name, .App.Env, .Variant.Name, .VariantCustomArgs.KEY, "
                  ".Window)"});
  EXPECT_EQ(CheckQueryTemplate("x{id=\"{{ .AppCustomArgs.id }}\"}").problems,
            Lines{"`{{ .AppCustomArgs.id }}`: .AppCustomArgs come from an analysis template's "
                  "appArgs, which kanaria does not implement; use .VariantCustomArgs.KEY with "
                  "the metric's canaryArgs / primaryArgs"});
}

TEST(QueryTemplateTest, VariantArgsAsPipeCdsDocsWriteThemAreVariantCustomArgs) {
  const QueryTemplateCheck check = CheckQueryTemplate("x{job=\"{{ .VariantArgs.job }}\", tg=\"{{ .VariantCustomArgs.tg }}\"}");
  EXPECT_TRUE(check.problems.empty());
  EXPECT_EQ(check.variant_args, (std::vector<std::string>{"job", "tg"}));
  EXPECT_EQ(CheckQueryTemplate("{{ .Args.job }}").problems,
            Lines{"`{{ .Args.job }}`: .Args is not analysis template data (variant arguments "
                  "are .VariantCustomArgs); write {{ .VariantCustomArgs.job }}"});
}

TEST(QueryTemplateTest, RendersEveryPlaceholderForOneVariant) {
  const QueryTemplateData data{.app_name = "web", .variant = "canary",
                               .variant_args = {{"job", "web-canary"}}, .window = "3s"};
  auto rendered = RenderQueryTemplate(
      "sum(rate(http_requests_total{job=\"{{ .VariantCustomArgs.job }}\",app=\"{{.App.Name}}\","
      "variant=\"{{ .Variant.Name }}\",env=\"{{ .App.Env }}\"}[{{ .Window }}])) / {{ .VariantArgs.job }}",
      data);
  ASSERT_TRUE(rendered.ok()) << rendered.status().message();
  EXPECT_EQ(*rendered,
            "sum(rate(http_requests_total{job=\"web-canary\",app=\"web\",variant=\"canary\",env=\"\"}[3s])) / web-canary");
  EXPECT_EQ(RenderQueryTemplate("a  {{- .Window -}}  b", data).value(), "a3sb");
  EXPECT_EQ(RenderQueryTemplate("no placeholders }}", data).value(), "no placeholders }}");
  auto missing = RenderQueryTemplate("{{ .VariantCustomArgs.tg }}", data);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "{{ .VariantCustomArgs.tg }}: canaryArgs has no key tg");
}

TEST(QueryTemplateTest, MalformedPlaceholders) {
  EXPECT_EQ(CheckQueryTemplate("{{ .App.Nmae }} {{ index .VariantCustomArgs \"a-b\" }} "
                               "{{ .VariantCustomArgs }} {{ .Window")
                .problems,
            (Lines{"`{{ .App.Nmae }}` is not analysis template data; allowed: .App.Name, "
                   ".App.Env, .Variant.Name, .VariantCustomArgs.KEY, .Window",
                   "`{{ index .VariantCustomArgs \"a-b\" }}` is not a field reference; kanaria "
                   "renders placeholders such as {{ .App.Name }} or {{ .VariantCustomArgs.KEY }} "
                   "only (no functions, pipelines or variables)",
                   "`{{ .VariantCustomArgs }}` does not name one key; {{ .VariantCustomArgs.KEY "
                   "}} with KEY from the metric's canaryArgs / primaryArgs",
                   "`{{ .Window` is not closed by `}}`; a placeholder such as {{ .App.Name }}"}));
}

}  // namespace
}  // namespace kanaria::model
