#include "model/diagnostics.h"

#include <gtest/gtest.h>

namespace kanaria::model {
namespace {

TEST(JsonPathTest, PointerAndDisplay) {
  const JsonPath p = JsonPath().Key("spec").Key("stages").Index(2).Key("a/b~c");
  EXPECT_EQ(p.pointer(), "/spec/stages/2/a~1b~0c");
  EXPECT_EQ(p.display(), "spec.stages[2].a/b~c");
  EXPECT_TRUE(JsonPath().IsRoot());
  EXPECT_EQ(JsonPath().Index(0).display(), "[0]");
}

TEST(DiagnosticsTest, FormatAndOrder) {
  Diagnostics d;
  EXPECT_TRUE(d.ToStatus().ok());
  d.Error({"b.yaml", 3}, "x", "late file");
  d.Error({"a.yaml", 9}, "y", "second");
  d.Error({"a.yaml", 2}, "", "no key");
  d.Error({"b.yaml", 1}, "z", "first of b");
  d.Warning({"a.yaml", 0}, "w", "whole file");
  const Status s = d.ToStatus();
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  // Files in the order first mentioned, lines ascending within a file.
  EXPECT_EQ(s.message(),
            "b.yaml:1: z: first of b\nb.yaml:3: x: late file\n"
            "a.yaml:2: no key\na.yaml:9: y: second");
  EXPECT_EQ(d.warnings(), (std::vector<std::string>{"a.yaml: w: whole file"}));
}

TEST(DiagnosticsTest, AddErrorsKeepsFormattedLinesAndTheirOrder) {
  Diagnostics d;
  d.Error({"f.json", 7}, "k", "seven");
  d.AddErrors(InvalidInputError("f.json:4: four\nf.json:9: nine"));
  d.AddErrors(Status::Ok());
  EXPECT_EQ(d.errors(),
            (std::vector<std::string>{"f.json:4: four", "f.json:7: k: seven", "f.json:9: nine"}));
}

}  // namespace
}  // namespace kanaria::model
