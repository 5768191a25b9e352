#include "cli/stage_line.h"

#include <gtest/gtest.h>

namespace kanaria::cli {
namespace {

model::Stage Analysis(bool default_elb_analysis) {
  model::Stage stage;
  stage.kind = model::StageKind::kAnalysis;
  stage.analysis.duration = std::chrono::minutes(6);
  stage.analysis.default_elb_analysis = default_elb_analysis;
  return stage;
}

TEST(StageLineTest, AnAnalysisSaysWhatItJudgesForHowLongAndWhatItTolerates) {
  model::Application app;
  EXPECT_EQ(StageLine(Analysis(true), app, 4),
            "analyse for 6m: the canary against the primary on the load balancer's 5xx rate and response time");

  model::Stage checks = Analysis(false);
  checks.analysis.metrics.resize(2);
  checks.analysis.https.resize(1);
  checks.analysis.restart_threshold = 2;
  app.kanaria.alarms = {"web-5xx"};
  EXPECT_EQ(StageLine(checks, app, 4),
            "analyse for 6m: 2 metrics, 1 HTTP check, 1 alarm gate(s), up to 2 canary task stop(s) tolerated");
}

}  // namespace
}  // namespace kanaria::cli
