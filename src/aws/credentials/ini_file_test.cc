#include "aws/credentials/ini_file.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "aws/credentials/credentials_test_support.h"
#include "support/external_tools.h"

namespace kanaria::aws {
namespace {

IniFile MustParse(const std::string& text) {
  auto file = ParseIni(text, "/cfg");
  EXPECT_TRUE(file.ok()) << file.status().ToString();
  return file.ok() ? *file : IniFile{};
}

std::string Value(const IniFile& file, const std::string& section, const std::string& key) {
  const IniSection* s = file.Find(section);
  if (s == nullptr) return "<no section>";
  auto it = s->values.find(key);
  return it == s->values.end() ? "<no key>" : it->second.value;
}

TEST(IniFileTest, SectionsKeysAndBothDelimiters) {
  const IniFile file = MustParse(
      "[default]\n"
      "region = eu-west-1\n"
      "Output: json\n"
      "[profile dev]\n"
      "  aws_access_key_id=AKID  \n");
  ASSERT_EQ(file.sections.size(), 2u);
  EXPECT_EQ(Value(file, "default", "region"), "eu-west-1");
  EXPECT_EQ(Value(file, "default", "output"), "json");  // keys are lower-cased
  EXPECT_EQ(Value(file, "profile dev", "aws_access_key_id"), "AKID");
  EXPECT_EQ(file.Find("profile dev")->values.at("aws_access_key_id").line, 5);
}

TEST(IniFileTest, CommentsAreWholeLinesOnly) {
  const IniFile file = MustParse(
      "# leading comment\n"
      "; another\n"
      "[default]\n"
      "  # indented comment\n"
      "region = us-east-1 # not a comment\n");
  EXPECT_EQ(Value(file, "default", "region"), "us-east-1 # not a comment");
}

TEST(IniFileTest, ContinuationLinesAndNestedSubsections) {
  const IniFile file = MustParse(
      "[default]\n"
      "s3 =\n"
      "  addressing_style = path\n"
      "\n"
      "  # comment inside\n"
      "  signature_version = s3v4\n"
      "note = first\n"
      "  second\n"
      "region = x\n");
  const IniValue& s3 = file.Find("default")->values.at("s3");
  EXPECT_TRUE(s3.nested);
  EXPECT_EQ(s3.subsection.at("addressing_style"), "path");
  EXPECT_EQ(s3.subsection.at("signature_version"), "s3v4");
  EXPECT_EQ(Value(file, "default", "note"), "first\nsecond");
  EXPECT_EQ(Value(file, "default", "region"), "x");
}

TEST(IniFileTest, DefaultSectionIsInheritedByEverySection) {
  const IniFile file = MustParse(
      "[DEFAULT]\n"
      "region = ap-south-1\n"
      "[a]\n"
      "[b]\n"
      "region = us-west-2\n");
  EXPECT_EQ(file.Find("DEFAULT"), nullptr);
  EXPECT_EQ(Value(file, "a", "region"), "ap-south-1");
  EXPECT_EQ(Value(file, "b", "region"), "us-west-2");
}

TEST(IniFileTest, CrLfAndBom) {
  const IniFile file = MustParse("\xEF\xBB\xBF[default]\r\nregion = r1\r\n");
  EXPECT_EQ(Value(file, "default", "region"), "r1");
}

TEST(IniFileTest, ErrorsNameFileAndLine) {
  struct Case {
    const char* text;
    const char* expected;
  } cases[] = {
      {"region = x\n", "/cfg:1: a setting before the first section header"},
      {"[a]\nk = 1\n[a]\n", "/cfg:3: section [a] already appeared at line 1"},
      {"[a]\nk = 1\nK = 2\n", "/cfg:3: \"k\" is set twice in section [a] (first at line 2)"},
      {"[a]\njust words\n", "/cfg:2: \"just words\" is not a section header"},
      {"[a]\n= value\n", "/cfg:2: a setting with no name"},
      {"[a]\ns3 =\n  broken\n", "/cfg:3: line \"broken\" in the nested block of \"s3\" has no '='"},
  };
  for (const auto& c : cases) {
    auto file = ParseIni(c.text, "/cfg");
    ASSERT_FALSE(file.ok()) << c.text;
    EXPECT_EQ(file.status().code(), StatusCode::kInvalidInput);
    EXPECT_NE(file.status().message().find(c.expected), std::string::npos)
        << file.status().message();
  }
}

TEST(IniFileTest, MissingFileIsNotFound) {
  auto file = LoadIniFile("/nonexistent/kanaria/config");
  EXPECT_EQ(file.status().code(), StatusCode::kNotFound);
}

// botocore's raw_config_parse is the reference: the same bytes must give the same sections,
// keys and values (or both fail).
TEST(IniFileTest, MatchesBotocoreRawConfigParse) {
  KANARIA_REQUIRE_TOOL("python3");
  const std::vector<std::string> texts = {
      "[default]\nregion = us-east-1 ; trailing\noutput:json\n",
      "[profile a]\nk = v1\n  v2\n\n  v3\n\nother = 1\n",
      "[x]\ns3 =\n  a = 1\n  b=2\n[y]\nk=\n",
      "[DEFAULT]\nshared = 1\n[a]\n[b]\nshared = 2\n",
      "  [indented section]\n  key = v\n",
      "[a]\nkey = one\n  [not a section]\n",
      "[a]]\nk = a:b=c\n",
      "[a]\nk = 1\n[a]\n",
      "[a]\nnovalue\n",
      "k = 1\n[a]\n",
      "[a]\nK = 1\nk = 2\n",
      "[a]\n\tk = tab indented\n\t\tcontinued\n",
  };
  testing::TempDir dir;
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::string path = dir.Write("ini" + std::to_string(i), texts[i]);
    const auto result = testing::RunCommand(
        {"python3", "-c",
         "import json,sys\n"
         "try:\n"
         "  import botocore.configloader as c\n"
         "except ImportError:\n"
         "  print('NO-BOTOCORE'); sys.exit(3)\n"
         "try:\n"
         "  print(json.dumps(c.raw_config_parse(sys.argv[1]), sort_keys=True))\n"
         "except Exception as e:\n"
         "  print(json.dumps('error'))\n",
         path});
    if (result.exit_code == 3 && testing::RunningInCi()) FAIL() << "botocore missing";
    if (result.exit_code == 3) GTEST_SKIP() << "SKIPPED LOUDLY: python3 has no botocore";
    ASSERT_EQ(result.exit_code, 0) << result.output;
    const auto expected = nlohmann::json::parse(result.output);
    nlohmann::json actual;
    auto file = ParseIni(texts[i], path);
    if (!file.ok()) {
      actual = "error";
    } else {
      actual = nlohmann::json::object();
      for (const auto& section : file->sections) {
        nlohmann::json values = nlohmann::json::object();
        for (const auto& [key, value] : section.values) {
          if (value.nested) {
            values[key] = value.subsection;
          } else {
            values[key] = value.value;
          }
        }
        actual[section.name] = values;
      }
    }
    EXPECT_EQ(actual, expected) << "input:\n" << texts[i];
  }
}

}  // namespace
}  // namespace kanaria::aws
