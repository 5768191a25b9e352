#include "engine/analysis/prometheus/prometheus_response.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "core/redact.h"

namespace kanaria::engine::analysis {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

aws::HttpResponse Answer(int status, std::string body) {
  aws::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

WallTime AtMs(long long ms) { return WallTime(std::chrono::milliseconds(ms)); }

TEST(PrometheusResponseTest, DecodesAMatrixWithLabelsAndSpecialValues) {
  auto series = DecodePrometheusAnswer(Answer(200, R"({"status":"success","data":{
      "resultType":"matrix","result":[
        {"metric":{"__name__":"up","job":"api"},
         "values":[[1700000000,"1"],[1700000000.5,"NaN"],[1700000001.25,"+Inf"],
                   [1700000002,"-Inf"],[1700000003,"2.5e-3"]]},
        {"metric":{},"values":[[1700000000,"0"]]}]}})"));
  ASSERT_TRUE(series.ok()) << series.status().ToString();
  ASSERT_EQ(series->size(), 2u);
  const MetricSeries& up = (*series)[0];
  EXPECT_EQ(up.labels, (std::map<std::string, std::string>{{"__name__", "up"}, {"job", "api"}}));
  ASSERT_EQ(up.points.size(), 5u);
  EXPECT_EQ(up.points[0].at, AtMs(1700000000000));
  EXPECT_EQ(up.points[0].value, 1);
  EXPECT_EQ(up.points[1].at, AtMs(1700000000500));
  EXPECT_TRUE(std::isnan(up.points[1].value));
  EXPECT_EQ(up.points[2].at, AtMs(1700000001250));
  EXPECT_EQ(up.points[2].value, INFINITY);
  EXPECT_EQ(up.points[3].value, -INFINITY);
  EXPECT_DOUBLE_EQ(up.points[4].value, 0.0025);
  EXPECT_TRUE((*series)[1].labels.empty());
}

TEST(PrometheusResponseTest, DecodesAVectorAsOnePointPerSeries) {
  auto series = DecodePrometheusAnswer(Answer(200, R"({"status":"success","data":{
      "resultType":"vector","result":[
        {"metric":{"code":"200"},"value":[1700000000.123,"42"]},
        {"metric":{"code":"500"},"value":[1700000000.123,"7"]}]}})"));
  ASSERT_TRUE(series.ok()) << series.status().ToString();
  ASSERT_EQ(series->size(), 2u);
  EXPECT_EQ((*series)[1].labels.at("code"), "500");
  ASSERT_EQ((*series)[1].points.size(), 1u);
  EXPECT_EQ((*series)[1].points[0].at, AtMs(1700000000123));
  EXPECT_EQ((*series)[1].points[0].value, 7);
}

TEST(PrometheusResponseTest, DecodesAScalarAsOneUnlabelledSeries) {
  auto series = DecodePrometheusAnswer(Answer(
      200, R"({"status":"success","data":{"resultType":"scalar","result":[1700000000,"0.25"]}})"));
  ASSERT_TRUE(series.ok()) << series.status().ToString();
  ASSERT_EQ(series->size(), 1u);
  EXPECT_TRUE((*series)[0].labels.empty());
  EXPECT_EQ((*series)[0].points[0].value, 0.25);
}

TEST(PrometheusResponseTest, EmptyResultIsNoDataNotAnError) {
  for (const char* type : {"matrix", "vector"}) {
    auto series = DecodePrometheusAnswer(Answer(
        200,
        fmt::format(R"({{"status":"success","data":{{"resultType":"{}","result":[]}}}})", type)));
    ASSERT_TRUE(series.ok()) << type << ": " << series.status().ToString();
    EXPECT_TRUE(series->empty()) << type;
  }
}

TEST(PrometheusResponseTest, BadDataCarriesPrometheusOwnMessage) {
  auto series = DecodePrometheusAnswer(Answer(400, R"({"status":"error","errorType":"bad_data",
      "error":"1:14: parse error: unexpected \"}\" in label matching"})"));
  EXPECT_EQ(series.status().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(series.status().message(), HasSubstr("bad_data"));
  EXPECT_THAT(series.status().message(),
              HasSubstr("1:14: parse error: unexpected \"}\" in label matching"));
}

TEST(PrometheusResponseTest, ExecutionErrorIsInvalidInput) {
  auto series = DecodePrometheusAnswer(Answer(422, R"({"status":"error","errorType":"execution",
      "error":"found duplicate series for the match group"})"));
  EXPECT_EQ(series.status().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(series.status().message(), HasSubstr("found duplicate series"));
}

TEST(PrometheusResponseTest, RefusedCredentialsAreUnauthenticated) {
  EXPECT_EQ(DecodePrometheusAnswer(Answer(401, "Unauthorized\n")).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(DecodePrometheusAnswer(Answer(403, "")).status().code(), StatusCode::kUnauthenticated);
}

TEST(PrometheusResponseTest, ServerTroubleIsUnavailable) {
  auto timeout = DecodePrometheusAnswer(Answer(503, R"({"status":"error","errorType":"timeout",
      "error":"query timed out in expression evaluation"})"));
  EXPECT_EQ(timeout.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(timeout.status().message(), HasSubstr("query timed out"));
  EXPECT_EQ(DecodePrometheusAnswer(Answer(502, "<html>Bad Gateway</html>")).status().code(),
            StatusCode::kUnavailable);
  EXPECT_EQ(DecodePrometheusAnswer(Answer(429, "slow down")).status().code(),
            StatusCode::kUnavailable);
}

TEST(PrometheusResponseTest, NotFoundPointsAtTheAddress) {
  auto series = DecodePrometheusAnswer(Answer(404, "404 page not found"));
  EXPECT_EQ(series.status().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(series.status().message(), HasSubstr("path prefix"));
}

TEST(PrometheusResponseTest, ABodyThatIsNotTheApiIsUnavailableAndQuotedShortly) {
  const std::string page = "<html>" + std::string(1000, 'x') + "</html>";
  auto series = DecodePrometheusAnswer(Answer(200, page));
  EXPECT_EQ(series.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(series.status().message(), HasSubstr("<html>xxx"));
  EXPECT_LT(series.status().message().size(), 400u);
}

TEST(PrometheusResponseTest, MalformedSamplesAreRefused) {
  for (
      const char* body : {
          R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"x"]]}]}})",
          R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[["1","2"]]}]}})",
          R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{}}]}})",
          R"({"status":"success","data":{"resultType":"matrix"}})",
          R"({"status":"success","data":{"resultType":"heatmap","result":[]}})",
          R"({"status":"success"})",
          R"({"status":1,"errorType":2})",
      }) {
    auto series = DecodePrometheusAnswer(Answer(200, body));
    EXPECT_EQ(series.status().code(), StatusCode::kUnavailable) << body;
  }
}

TEST(PrometheusResponseTest, StringsAndNativeHistogramsAreNotJudgeable) {
  EXPECT_EQ(
      DecodePrometheusAnswer(
          Answer(200, R"({"status":"success","data":{"resultType":"string","result":[1,"a"]}})"))
          .status()
          .code(),
      StatusCode::kInvalidInput);
  auto native =
      DecodePrometheusAnswer(Answer(200, R"({"status":"success","data":{"resultType":"matrix",
      "result":[{"metric":{},"histograms":[[1,{"count":"3","sum":"1","buckets":[]}]]}]}})"));
  EXPECT_EQ(native.status().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(native.status().message(), HasSubstr("_bucket"));
}

TEST(PrometheusResponseTest, ParsesSampleValuesAsPrometheusWritesThem) {
  EXPECT_EQ(ParsePrometheusValue("1"), 1.0);
  EXPECT_EQ(ParsePrometheusValue("-0.5"), -0.5);
  EXPECT_EQ(ParsePrometheusValue("1e+06"), 1e6);
  EXPECT_EQ(ParsePrometheusValue("+Inf"), INFINITY);
  EXPECT_EQ(ParsePrometheusValue("Inf"), INFINITY);
  EXPECT_EQ(ParsePrometheusValue("-Inf"), -INFINITY);
  EXPECT_TRUE(std::isnan(*ParsePrometheusValue("NaN")));
  EXPECT_EQ(ParsePrometheusValue(""), std::nullopt);
  EXPECT_EQ(ParsePrometheusValue("1.5x"), std::nullopt);
  EXPECT_EQ(ParsePrometheusValue("abc"), std::nullopt);
}

TEST(PrometheusResponseTest, ErrorMessagesAreScrubbed) {
  RegisterSecret("s3cr3t-token-value");
  auto series = DecodePrometheusAnswer(Answer(
      400, R"({"status":"error","errorType":"bad_data","error":"bad token s3cr3t-token-value"})"));
  EXPECT_THAT(series.status().message(), Not(HasSubstr("s3cr3t-token-value")));
  EXPECT_THAT(series.status().message(), HasSubstr("[REDACTED]"));
}

}  // namespace
}  // namespace kanaria::engine::analysis
