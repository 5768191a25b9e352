#include "aws/credentials/shlex.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/external_tools.h"

namespace kanaria::aws {
namespace {

using Words = std::vector<std::string>;

TEST(ShlexTest, SplitsLikePythonShlex) {
  EXPECT_EQ(*ShellSplit("aws-vault export  --format=json dev"),
            (Words{"aws-vault", "export", "--format=json", "dev"}));
  EXPECT_EQ(*ShellSplit("'/opt/my tool/bin' \"a b\" c\\ d"),
            (Words{"/opt/my tool/bin", "a b", "c d"}));
  EXPECT_EQ(*ShellSplit(R"("q\"uote" "back\\slash" "keep\n" 'single\x')"),
            (Words{"q\"uote", "back\\slash", "keep\\n", "single\\x"}));
  EXPECT_EQ(*ShellSplit("a '' b"), (Words{"a", "", "b"}));
  EXPECT_EQ(*ShellSplit("  "), Words{});
  EXPECT_EQ(*ShellSplit("pre'fix'\"ed\" # not a comment"),
            (Words{"prefixed", "#", "not", "a", "comment"}));
}

TEST(ShlexTest, UnbalancedInputIsAnError) {
  EXPECT_EQ(ShellSplit("a 'open").status().message(), "No closing quotation");
  EXPECT_EQ(ShellSplit("a \"open").status().message(), "No closing quotation");
  EXPECT_EQ(ShellSplit("trailing\\").status().message(), "No escaped character");
}

TEST(ShlexTest, MatchesPythonShlexSplit) {
  KANARIA_REQUIRE_TOOL("python3");
  const std::vector<std::string> inputs = {
      "a b c",  "'a b' c", "\"a\\\"b\" c", "a\\ b", "\"\\$x\\`y\\\\z\"", "'\\''", "x''y",
      "a\tb\nc", "\"\"",    "''a",         "\\'a",  "mix'ed'\"quo\"tes", "open 'quote", "trailing\\",
  };
  for (const auto& input : inputs) {
    const auto result = testing::RunCommand(
        {"python3", "-c",
         "import json,shlex,sys\n"
         "try:\n"
         "  print(json.dumps(shlex.split(sys.argv[1])))\n"
         "except ValueError as e:\n"
         "  print(json.dumps(str(e)))\n",
         input});
    ASSERT_EQ(result.exit_code, 0) << result.output;
    auto words = ShellSplit(input);
    const nlohmann::json actual =
        words.ok() ? nlohmann::json(*words) : nlohmann::json(words.status().message());
    EXPECT_EQ(actual, nlohmann::json::parse(result.output)) << input;
  }
}

}  // namespace
}  // namespace kanaria::aws
