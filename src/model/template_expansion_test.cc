#include "model/template_expansion.h"

#include <gtest/gtest.h>

#include <map>

namespace kanaria::model {
namespace {

class TemplateExpansionTest : public ::testing::Test {
 protected:
  std::string Expand(std::string_view text) {
    return ExpandTemplates(
        text, "t.json",
        [this](const std::string& name) {
          auto it = env_.find(name);
          return it == env_.end() ? std::nullopt : std::optional<std::string>(it->second);
        },
        diagnostics_);
  }
  std::map<std::string, std::string> env_;
  Diagnostics diagnostics_;
};

TEST_F(TemplateExpansionTest, EnvWithAndWithoutDefault) {
  env_["TAG"] = "v2";
  env_["EMPTY"] = "";
  EXPECT_EQ(Expand(R"(image: app:{{ env "TAG" "latest" }})"), "image: app:v2");
  EXPECT_EQ(Expand(R"(image: app:{{env "MISSING" "latest"}})"), "image: app:latest");
  EXPECT_EQ(Expand(R"(x: "{{ env "MISSING" }}")"), "x: \"\"");
  EXPECT_EQ(Expand(R"(x: "{{ env "EMPTY" "default" }}")"), "x: \"\"");  // set, even if empty
  EXPECT_EQ(Expand(R"({{must_env "TAG"}})"), "v2");
  EXPECT_EQ(Expand("{{\n  env\t\"TAG\"\n}}"), "v2");
  EXPECT_EQ(Expand(R"({{ env "MISSING" "say \"hi\"" }})"), "say \"hi\"");
  // Go raw strings, as ecspresso users write them inside JSON strings.
  EXPECT_EQ(Expand(R"("image": "web:{{ env `TAG` `latest` }}")"), R"("image": "web:v2")");
  // A template inside a JSON string written by a JSON serializer: its quotes are escaped.
  EXPECT_EQ(Expand(R"("image": "web:{{ env \"MISSING\" \"v1\" }}")"), R"("image": "web:v1")");
  EXPECT_FALSE(diagnostics_.HasErrors());
}

TEST_F(TemplateExpansionTest, ShellVariablesAndSingleBracesAreLeftAlone) {
  EXPECT_EQ(Expand("command: [\"sh\", \"-c\", \"echo ${HOME} {x} $PATH\"]"),
            "command: [\"sh\", \"-c\", \"echo ${HOME} {x} $PATH\"]");
  EXPECT_FALSE(diagnostics_.HasErrors());
}

TEST_F(TemplateExpansionTest, EveryProblemIsReportedWithItsLine) {
  const std::string text =
      "a: {{ must_env \"A\" }}\nb: {{ must_env \"B\" }}\n"
      "c: {{ upper \"x\" }}\nd: {{ env }}\ne: {{ env \"X\" \"Y\" \"Z\" }}\n"
      "f: {{ env X }}\ng: {{ env \"X\n";
  EXPECT_EQ(Expand(text), text);  // unexpanded where wrong
  const std::vector<std::string> errors = diagnostics_.errors();
  ASSERT_EQ(errors.size(), 7u);
  EXPECT_EQ(errors[0],
            "t.json:1: {{ must_env \"A\" }}: environment variable A is not set; set it, "
            "or use {{ env \"A\" \"default\" }} to allow a default");
  EXPECT_EQ(errors[1].substr(0, 35), "t.json:2: {{ must_env \"B\" }}: envir");
  EXPECT_EQ(errors[2],
            "t.json:3: {{ upper \"x\" }}: unknown template function `upper`; only env "
            "and must_env are supported (allowed: {{ env \"NAME\" \"default\" }}, {{ "
            "env \"NAME\" }}, {{ must_env \"NAME\" }})");
  EXPECT_EQ(errors[3],
            "t.json:4: {{ env }}: wrong number of arguments to env; allowed: {{ env "
            "\"NAME\" \"default\" }}, {{ env \"NAME\" }}, {{ must_env \"NAME\" }}");
  EXPECT_EQ(errors[4].substr(0, 62),
            "t.json:5: {{ env \"X\" \"Y\" \"Z\" }}: wrong number of arguments to ");
  EXPECT_EQ(errors[5],
            "t.json:6: {{ env X }}: arguments must be quoted strings (\"NAME\" or "
            "`NAME`); allowed: {{ env \"NAME\" \"default\" }}, {{ env \"NAME\" }}, {{ "
            "must_env \"NAME\" }}");
  EXPECT_EQ(errors[6],
            "t.json:7: {{: unterminated template: no closing }}; allowed: {{ env "
            "\"NAME\" \"default\" }}, {{ env \"NAME\" }}, {{ must_env \"NAME\" }}");
}

TEST_F(TemplateExpansionTest, LinesCountNewlinesInsideTemplates) {
  Expand("{{ env\n\"A\" }}\n\n{{ must_env \"B\" }}");
  ASSERT_EQ(diagnostics_.errors().size(), 1u);
  EXPECT_EQ(diagnostics_.errors()[0].substr(0, 9), "t.json:4:");
}

}  // namespace
}  // namespace kanaria::model
