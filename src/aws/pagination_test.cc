#include "aws/pagination.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "aws/protocol/query_protocol.h"

namespace kanaria::aws {
namespace {

using nlohmann::json;

TEST(ForEachPageTest, WalksUntilTheEmptyToken) {
  std::vector<std::string> seen_tokens;
  const std::vector<std::string> next = {"t1", "t2", ""};
  const Status status = ForEachPage([&](const std::string& token) -> StatusOr<std::string> {
    seen_tokens.push_back(token);
    return next.at(seen_tokens.size() - 1);
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(seen_tokens, (std::vector<std::string>{"", "t1", "t2"}));
}

TEST(ForEachPageTest, RepeatedTokenIsAnInternalErrorNotALoop) {
  int calls = 0;
  const Status status = ForEachPage([&](const std::string&) -> StatusOr<std::string> {
    ++calls;
    return std::string(calls < 3 ? "t" + std::to_string(calls) : "t1");  // t1, t2, t1 again
  });
  EXPECT_EQ(status.code(), StatusCode::kInternal);
  EXPECT_NE(status.message().find("already seen (t1)"), std::string::npos) << status.message();
  EXPECT_EQ(calls, 3);
}

TEST(ForEachPageTest, SameTokenTwiceInARowIsCaught) {
  int calls = 0;
  const Status status = ForEachPage([&](const std::string&) -> StatusOr<std::string> {
    ++calls;
    return std::string("stuck");
  });
  EXPECT_EQ(status.code(), StatusCode::kInternal);
  EXPECT_EQ(calls, 2);
}

TEST(ForEachPageTest, EndlessDistinctTokensStopAtTheLimit) {
  int calls = 0;
  const Status status = ForEachPage(
      [&](const std::string&) -> StatusOr<std::string> { return "t" + std::to_string(++calls); },
      50);
  EXPECT_EQ(status.code(), StatusCode::kInternal);
  EXPECT_NE(status.message().find("after 50 pages"), std::string::npos) << status.message();
  EXPECT_EQ(calls, 50);
}

TEST(ForEachPageTest, FirstErrorEndsTheWalk) {
  int calls = 0;
  const Status status = ForEachPage([&](const std::string&) -> StatusOr<std::string> {
    if (++calls == 2) return Status(StatusCode::kThrottled, "slow down");
    return std::string("t" + std::to_string(calls));
  });
  EXPECT_EQ(status.code(), StatusCode::kThrottled);
  EXPECT_EQ(calls, 2);
}

TEST(NextPageTokenTest, ReadsStringsAndRefusesOtherTypes) {
  EXPECT_EQ(*NextPageToken(json{{"nextToken", "abc"}}, "nextToken"), "abc");
  EXPECT_EQ(*NextPageToken(json{{"nextToken", nullptr}}, "nextToken"), "");
  EXPECT_EQ(*NextPageToken(json::object(), "nextToken"), "");
  EXPECT_EQ(*NextPageToken(json{{"NextMarker", ""}}, "NextMarker"), "");  // <NextMarker/>
  EXPECT_EQ(NextPageToken(json{{"nextToken", 7}}, "nextToken").status().code(),
            StatusCode::kInternal);
}

TEST(ForEachJsonPageTest, EcsListTasksPagesCarryNextToken) {
  // ECS ListTasks: {"taskArns": [...], "nextToken": "..."}.
  const std::vector<json> pages = {
      json{{"taskArns", {"arn:task/1", "arn:task/2"}}, {"nextToken", "page-2"}},
      json{{"taskArns", {"arn:task/3"}}, {"nextToken", "page-3"}},
      json{{"taskArns", json::array()}},
  };
  std::vector<json> inputs;
  std::vector<std::string> arns;
  const Status status = ForEachJsonPage(
      json{{"cluster", "prod"}, {"serviceName", "web"}},
      [&](const json& input) -> StatusOr<json> {
        inputs.push_back(input);
        return pages.at(inputs.size() - 1);
      },
      [&](const json& page) {
        for (const auto& arn : page["taskArns"]) arns.push_back(arn.get<std::string>());
      });
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(arns, (std::vector<std::string>{"arn:task/1", "arn:task/2", "arn:task/3"}));
  ASSERT_EQ(inputs.size(), 3u);
  EXPECT_FALSE(inputs[0].contains("nextToken"));
  EXPECT_EQ(inputs[1]["nextToken"], "page-2");
  EXPECT_EQ(inputs[2]["nextToken"], "page-3");
  EXPECT_EQ(inputs[2]["cluster"], "prod");
}

TEST(ForEachJsonPageTest, OnPageErrorStopsTheWalk) {
  int calls = 0;
  const Status status = ForEachJsonPage(
      json::object(),
      [&](const json&) -> StatusOr<json> {
        ++calls;
        return json{{"nextToken", "more"}};
      },
      [](const json&) { return Status(StatusCode::kInternal, "bad page"); });
  EXPECT_EQ(status.message(), "bad page");
  EXPECT_EQ(calls, 1);
}

TEST(ForEachJsonPageTest, ServerRepeatingItsTokenIsCaught) {
  int calls = 0;
  const Status status = ForEachJsonPage(
      json::object(),
      [&](const json&) -> StatusOr<json> {
        ++calls;
        return json{{"nextToken", "same"}};
      },
      [](const json&) {});
  EXPECT_EQ(status.code(), StatusCode::kInternal);
  EXPECT_EQ(calls, 2);
}

TEST(ForEachQueryPageTest, Elbv2MarkerAndNextMarker) {
  // DescribeTargetGroups results as DecodeXmlResult returns them.
  const std::vector<json> pages = {
      json::parse(R"({"TargetGroups": [{"TargetGroupName": "a"}], "NextMarker": "m2"})"),
      json::parse(R"({"TargetGroups": [{"TargetGroupName": "b"}], "NextMarker": ""})"),
  };
  std::vector<QueryParams> requests;
  std::vector<std::string> names;
  const Status status = ForEachQueryPage(
      QueryParams{{"LoadBalancerArn", "arn:lb"}, {"Marker", "stale"}}, kElbv2Paging,
      [&](const QueryParams& params) -> StatusOr<json> {
        requests.push_back(params);
        return pages.at(requests.size() - 1);
      },
      [&](const json& page) -> Status {
        names.push_back(page["TargetGroups"][0]["TargetGroupName"].get<std::string>());
        return Status::Ok();
      });
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0], (QueryParams{{"LoadBalancerArn", "arn:lb"}}));
  EXPECT_EQ(requests[1], (QueryParams{{"LoadBalancerArn", "arn:lb"}, {"Marker", "m2"}}));
}

TEST(ForEachQueryPageTest, CloudWatchNextToken) {
  int calls = 0;
  std::vector<QueryParams> requests;
  const Status status = ForEachQueryPage(
      QueryParams{{"StartTime", "2024-05-01T10:00:00Z"}}, kCloudWatchPaging,
      [&](const QueryParams& params) -> StatusOr<json> {
        requests.push_back(params);
        if (++calls == 1) return json{{"MetricDataResults", ""}, {"NextToken", "tok=="}};
        return json{{"MetricDataResults", ""}};
      },
      [](const json&) {});
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].back(), (std::pair<std::string, std::string>{"NextToken", "tok=="}));
}

}  // namespace
}  // namespace kanaria::aws
