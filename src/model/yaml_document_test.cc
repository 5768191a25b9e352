#include "model/yaml_document.h"

#include <gtest/gtest.h>

namespace kanaria::model {
namespace {

using nlohmann::json;

json Parse(const std::string& text) {
  StatusOr<YamlDocument> doc = ParseYamlDocument(text, "f.yaml");
  EXPECT_TRUE(doc.ok()) << doc.status().message();
  return doc.ok() ? doc->json : json();
}

std::string Error(const std::string& text) {
  StatusOr<YamlDocument> doc = ParseYamlDocument(text, "f.yaml");
  EXPECT_FALSE(doc.ok());
  return doc.ok() ? "" : doc.status().message();
}

TEST(ResolvePlainScalarTest, CoreSchemaRestrictedToJson) {
  EXPECT_EQ(ResolvePlainScalar(""), json(nullptr));
  EXPECT_EQ(ResolvePlainScalar("~"), json(nullptr));
  EXPECT_EQ(ResolvePlainScalar("NULL"), json(nullptr));
  EXPECT_EQ(ResolvePlainScalar("true"), json(true));
  EXPECT_EQ(ResolvePlainScalar("False"), json(false));
  EXPECT_EQ(ResolvePlainScalar("yes"), json("yes"));  // YAML 1.1 booleans stay strings
  EXPECT_EQ(ResolvePlainScalar("off"), json("off"));
  EXPECT_EQ(ResolvePlainScalar("80"), json(80));
  EXPECT_TRUE(ResolvePlainScalar("80").is_number_integer());
  EXPECT_EQ(ResolvePlainScalar("-3"), json(-3));
  EXPECT_EQ(ResolvePlainScalar("+3"), json(3));
  EXPECT_EQ(ResolvePlainScalar("0"), json(0));
  EXPECT_EQ(ResolvePlainScalar("007"), json("007"));
  EXPECT_EQ(ResolvePlainScalar("0x1F"), json("0x1F"));
  EXPECT_EQ(ResolvePlainScalar("12.5"), json(12.5));
  EXPECT_TRUE(ResolvePlainScalar("10.0").is_number_float());
  EXPECT_EQ(ResolvePlainScalar("1e3"), json(1000.0));
  EXPECT_EQ(ResolvePlainScalar(".5"), json(0.5));
  EXPECT_EQ(ResolvePlainScalar(".inf"), json(".inf"));
  EXPECT_EQ(ResolvePlainScalar("1.2.3"), json("1.2.3"));
  EXPECT_EQ(ResolvePlainScalar("30s"), json("30s"));
  EXPECT_EQ(ResolvePlainScalar("99999999999999999999"), json(1e20));
}

TEST(ParseYamlDocumentTest, QuotedAndBlockScalarsAreStrings) {
  const json j =
      Parse("a: \"80\"\nb: '1.5'\nc: |\n  true\nd: !!str 7\ne: !!int \"8\"\nf: >-\n  x\n");
  EXPECT_EQ(j["a"], "80");
  EXPECT_EQ(j["b"], "1.5");
  EXPECT_EQ(j["c"], "true\n");
  EXPECT_EQ(j["d"], "7");
  EXPECT_EQ(j["e"], 8);
  EXPECT_EQ(j["f"], "x");
}

TEST(ParseYamlDocumentTest, JsonRoundTrips) {
  const std::string text =
      R"({"a": [1, -2, 2.5, "3", true, null, {}], "b": {"c": "", "d": 1e-3}, "e": 0.1})";
  EXPECT_EQ(Parse(text), json::parse(text));
}

TEST(ParseYamlDocumentTest, LinesOfKeysAndElements) {
  StatusOr<YamlDocument> doc = ParseYamlDocument(R"(# comment
spec:
  input:
    file: x
  stages:
    - name: A
      with:
        scale: 10
    -
      name: B
  "a/b~c": 1
)",
                                                 "f.yaml");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  const auto& lines = doc->lines;
  EXPECT_EQ(lines.at("/spec"), 2);
  EXPECT_EQ(lines.at("/spec/input"), 3);  // a member: the line of its key
  EXPECT_EQ(lines.at("/spec/input/file"), 4);
  EXPECT_EQ(lines.at("/spec/stages/0"), 6);  // an element: where it starts
  EXPECT_EQ(lines.at("/spec/stages/0/with/scale"), 8);
  EXPECT_EQ(lines.at("/spec/stages/1"), 10);
  EXPECT_EQ(lines.at("/spec/a~1b~0c"), 11);
  EXPECT_FALSE(lines.contains(""));
  EXPECT_EQ(LocateInLines(lines, "f.yaml", "/spec/stages/0/with/missing").line, 7);
  EXPECT_EQ(LocateInLines(lines, "f.yaml", "/other").ToString(), "f.yaml");
}

TEST(ParseYamlDocumentTest, SyntaxErrorsCarryTheLine) {
  EXPECT_EQ(Error("a: 1\nb: [1, 2\nc: 3\n"),
            "f.yaml:3: syntax error: end of sequence flow not found");
  EXPECT_EQ(Error("a: 1\n  b: 2\n"), "f.yaml:2: syntax error: illegal map value");
}

TEST(ParseYamlDocumentTest, EveryDuplicateKeyIsReported) {
  EXPECT_EQ(Error("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n"),
            "f.yaml:4: b.c: duplicate key; first written on line 3; a key may appear once per "
            "object\n"
            "f.yaml:5: a: duplicate key; first written on line 1; a key may appear once per "
            "object");
  EXPECT_EQ(Error("{\"a\": 1,\n \"a\": 2}"),
            "f.yaml:2: a: duplicate key; first written on line 1; a key may appear once per "
            "object");
}

TEST(ParseYamlDocumentTest, RefusedConstructs) {
  EXPECT_EQ(Error("base: &b {x: 1}\nderived:\n  <<: *b\n"),
            "f.yaml:3: derived.<<: YAML merge keys are not supported; write the merged keys out");
  EXPECT_EQ(Error("a: !Sub x\n"),
            "f.yaml:1: a: custom YAML tag !Sub is not supported; write the plain value");
  EXPECT_EQ(Error("a: !!int x\n"), "f.yaml:1: a: `x` is not a valid !!int");
  EXPECT_EQ(Error("? [a]\n: 1\n"), "f.yaml:1: a key must be a plain string, not a list or a map");
  EXPECT_EQ(Error("a: 1\n---\nb: 2\n"),
            "f.yaml:3: a second YAML document starts here; the file must hold one document");
}

TEST(ParseYamlDocumentTest, AnchorsAndAliasesAreExpanded) {
  EXPECT_EQ(Parse("x: &A {k: 1}\ny: *A\n"), json::parse(R"({"x": {"k": 1}, "y": {"k": 1}})"));
}

TEST(ParseYamlDocumentTest, EmptyFileIsNull) {
  EXPECT_TRUE(Parse("").is_null());
  EXPECT_TRUE(Parse("# only a comment\n").is_null());
}

}  // namespace
}  // namespace kanaria::model
