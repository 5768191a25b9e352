#!/usr/bin/env python3
"""boto3 drives the emulated CloudWatch in every wire form it accepts (query, the JSON 1.0 form,
and Smithy RPC v2 CBOR, which botocore 1.43 and the aws CLI send by default): every operation
with a success and a modelled error case.

Usage: boto3_cloudwatch.py KANARIA_BINARY
"""

import datetime
import sys

from harness import Conformance, assert_equal

UTC = datetime.timezone.utc


def main():
    failures = sum(run(protocol) for protocol in ("query", "json", "smithy-rpc-v2-cbor"))
    sys.exit(1 if failures else 0)


def run(protocol):
    print("CloudWatch over the %s protocol" % protocol)
    c = Conformance(sys.argv[1], "monitoring", "cloudwatch", protocol=protocol)
    now = datetime.datetime.now(UTC).replace(microsecond=0)
    dimensions = [{"Name": "LoadBalancer", "Value": "app/web/0123456789abcdef"},
                  {"Name": "TargetGroup", "Value": "targetgroup/blue/0123456789abcdef"}]
    c.ok("PutMetricData", Namespace="Custom/App",
         MetricData=[{"MetricName": "Errors", "Value": 3, "Unit": "Count", "Timestamp": now}])
    c.err("PutMetricData", "InvalidParameterValue", Namespace="AWS/Custom",
          MetricData=[{"MetricName": "Errors", "Value": 3}])
    c.ok("GetMetricData", StartTime=now - datetime.timedelta(minutes=10), EndTime=now + datetime.timedelta(minutes=1),
         MetricDataQueries=[
             {"Id": "requests", "MetricStat": {"Metric": {
                 "Namespace": "AWS/ApplicationELB", "MetricName": "RequestCount", "Dimensions": dimensions},
                 "Period": 60, "Stat": "Sum"}, "ReturnData": False},
             {"Id": "errors", "MetricStat": {"Metric": {
                 "Namespace": "Custom/App", "MetricName": "Errors"}, "Period": 60, "Stat": "Sum"}},
             {"Id": "rate", "Expression": "errors / requests * 100"}],
         check=lambda r: (assert_equal([x["Id"] for x in r["MetricDataResults"]], ["errors", "rate"]),
                          assert_equal(r["MetricDataResults"][0]["Values"], [3.0])))
    c.err("GetMetricData", "InvalidNextToken", NextToken="not-a-token",
          StartTime=now - datetime.timedelta(minutes=10), EndTime=now,
          MetricDataQueries=[{"Id": "errors", "MetricStat": {"Metric": {
              "Namespace": "Custom/App", "MetricName": "Errors"}, "Period": 60, "Stat": "Sum"}}])
    c.ok("GetMetricStatistics", Namespace="AWS/ApplicationELB", MetricName="RequestCount",
         Dimensions=dimensions, StartTime=now - datetime.timedelta(minutes=10), EndTime=now,
         Period=60, Statistics=["Sum"], check=lambda r: assert_equal(r["Datapoints"], []))
    c.err("GetMetricStatistics", "InvalidParameterCombination", Namespace="AWS/ApplicationELB",
          MetricName="RequestCount", StartTime=now - datetime.timedelta(minutes=10), EndTime=now, Period=60)
    c.ok("ListMetrics", Namespace="Custom/App",
         check=lambda r: assert_equal(r["Metrics"][0]["MetricName"], "Errors"))
    c.err("ListMetrics", "InvalidParameterValue", Namespace="")
    alarm = dict(AlarmName="web-5xx", Namespace="AWS/ApplicationELB", MetricName="HTTPCode_Target_5XX_Count",
                 Dimensions=dimensions, Statistic="Sum", Period=60, EvaluationPeriods=1, Threshold=5,
                 ComparisonOperator="GreaterThanThreshold", TreatMissingData="notBreaching")
    c.ok("PutMetricAlarm", **alarm)
    for i in range(4999):  # the account's quota is 5000 alarms
        c.client.put_metric_alarm(**dict(alarm, AlarmName="filler-%04d" % i))
    c.err("PutMetricAlarm", "LimitExceeded", **dict(alarm, AlarmName="one-too-many"))
    c.ok("DescribeAlarms", AlarmNames=["web-5xx"],
         check=lambda r: assert_equal(r["MetricAlarms"][0]["AlarmName"], "web-5xx"))
    c.err("DescribeAlarms", "InvalidNextToken", NextToken="not-a-token")
    c.ok("SetAlarmState", AlarmName="web-5xx", StateValue="ALARM", StateReason="conformance")
    c.err("SetAlarmState", "ResourceNotFound", AlarmName="nothing", StateValue="ALARM", StateReason="x")
    c.ok("DeleteAlarms", AlarmNames=["web-5xx"])
    c.err("DeleteAlarms", "ResourceNotFound", AlarmNames=["nothing"])
    return c.finish()


if __name__ == "__main__":
    main()
