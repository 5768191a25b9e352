#!/usr/bin/env python3
"""boto3 drives the emulated ELBv2: every operation with a success and a modelled error case.

Usage: boto3_elbv2.py KANARIA_BINARY
"""

import sys

from harness import Conformance, assert_equal, assert_in

MISSING_TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/none/0000000000000000"
MISSING_LB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/none/0000000000000000"
MISSING_LISTENER = ("arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/none/"
                    "0000000000000000/0000000000000000")
MISSING_RULE = ("arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/none/"
                "0000000000000000/0000000000000000/0000000000000000")


def main():
    c = Conformance(sys.argv[1], "elasticloadbalancing", "elbv2")
    r = c.ok("CreateLoadBalancer", Name="web", Subnets=["subnet-1", "subnet-2"],
             check=lambda r: assert_equal(r["LoadBalancers"][0]["Type"], "application"))
    lb = r["LoadBalancers"][0]["LoadBalancerArn"] if r else MISSING_LB
    c.err("CreateLoadBalancer", "DuplicateLoadBalancerName", Name="web", Subnets=["subnet-1", "subnet-2"],
          Scheme="internal")
    c.ok("DescribeLoadBalancers", Names=["web"], check=lambda r: assert_equal(len(r["LoadBalancers"]), 1))
    c.err("DescribeLoadBalancers", "LoadBalancerNotFound", LoadBalancerArns=[MISSING_LB])

    def group(name):
        r = c.ok("CreateTargetGroup", Name=name, Protocol="HTTP", Port=80, VpcId="vpc-1", TargetType="ip",
                 HealthCheckIntervalSeconds=10)
        return r["TargetGroups"][0]["TargetGroupArn"] if r else MISSING_TG

    blue, green, spare = group("blue"), group("green"), group("spare")
    c.err("CreateTargetGroup", "DuplicateTargetGroupName", Name="blue", Protocol="HTTP", Port=80,
          VpcId="vpc-1", TargetType="ip")
    c.ok("DescribeTargetGroups", Names=["blue", "green"], check=lambda r: assert_equal(len(r["TargetGroups"]), 2))
    c.err("DescribeTargetGroups", "TargetGroupNotFound", TargetGroupArns=[MISSING_TG])
    c.ok("ModifyTargetGroup", TargetGroupArn=spare, HealthCheckPath="/health",
         check=lambda r: assert_equal(r["TargetGroups"][0]["HealthCheckPath"], "/health"))
    c.err("ModifyTargetGroup", "TargetGroupNotFound", TargetGroupArn=MISSING_TG, HealthCheckPath="/x")
    c.ok("ModifyTargetGroupAttributes", TargetGroupArn=blue,
         Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "30"}])
    c.err("ModifyTargetGroupAttributes", "TargetGroupNotFound", TargetGroupArn=MISSING_TG,
          Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "30"}])
    c.ok("DescribeTargetGroupAttributes", TargetGroupArn=blue,
         check=lambda r: assert_in({"Key": "deregistration_delay.timeout_seconds", "Value": "30"},
                                   r["Attributes"]))
    c.err("DescribeTargetGroupAttributes", "TargetGroupNotFound", TargetGroupArn=MISSING_TG)

    forward = [{"Type": "forward", "ForwardConfig": {"TargetGroups": [
        {"TargetGroupArn": blue, "Weight": 90}, {"TargetGroupArn": green, "Weight": 10}]}}]
    r = c.ok("CreateListener", LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=forward)
    listener = r["Listeners"][0]["ListenerArn"] if r else MISSING_LISTENER
    c.err("CreateListener", "LoadBalancerNotFound", LoadBalancerArn=MISSING_LB, Protocol="HTTP", Port=80,
          DefaultActions=forward)
    c.ok("DescribeListeners", LoadBalancerArn=lb, check=lambda r: assert_equal(r["Listeners"][0]["Port"], 80))
    c.err("DescribeListeners", "ListenerNotFound", ListenerArns=[MISSING_LISTENER])
    c.ok("ModifyListener", ListenerArn=listener, DefaultActions=[
        {"Type": "forward", "ForwardConfig": {"TargetGroups": [
            {"TargetGroupArn": blue, "Weight": 100}, {"TargetGroupArn": green, "Weight": 0}]}}])
    c.err("ModifyListener", "ListenerNotFound", ListenerArn=MISSING_LISTENER, Port=81)

    r = c.ok("CreateRule", ListenerArn=listener, Priority=10,
             Conditions=[{"Field": "path-pattern", "Values": ["/api/*"]}], Actions=forward)
    rule = r["Rules"][0]["RuleArn"] if r else MISSING_RULE
    c.err("CreateRule", "PriorityInUse", ListenerArn=listener, Priority=10,
          Conditions=[{"Field": "path-pattern", "Values": ["/other/*"]}], Actions=forward)
    c.err("CreateRule", "TooManyTargetGroups", ListenerArn=listener, Priority=11,
          Conditions=[{"Field": "path-pattern", "Values": ["/six/*"]}],
          Actions=[{"Type": "forward", "ForwardConfig": {"TargetGroups": [
              {"TargetGroupArn": t, "Weight": 1} for t in [blue, green, spare, blue, green, spare]]}}])
    c.ok("DescribeRules", ListenerArn=listener,
         check=lambda r: assert_equal([x["Priority"] for x in r["Rules"]], ["10", "default"]))
    c.err("DescribeRules", "RuleNotFound", RuleArns=[MISSING_RULE])
    c.ok("ModifyRule", RuleArn=rule, Actions=[{"Type": "forward", "ForwardConfig": {"TargetGroups": [
        {"TargetGroupArn": blue, "Weight": 50}, {"TargetGroupArn": green, "Weight": 50}]}}],
        check=lambda r: assert_equal(
            [g["Weight"] for g in r["Rules"][0]["Actions"][0]["ForwardConfig"]["TargetGroups"]], [50, 50]))
    c.err("ModifyRule", "RuleNotFound", RuleArn=MISSING_RULE, Actions=forward)
    c.ok("SetRulePriorities", RulePriorities=[{"RuleArn": rule, "Priority": 20}],
         check=lambda r: assert_equal(r["Rules"][0]["Priority"], "20"))
    c.err("SetRulePriorities", "RuleNotFound", RulePriorities=[{"RuleArn": MISSING_RULE, "Priority": 30}])

    c.ok("RegisterTargets", TargetGroupArn=blue, Targets=[{"Id": "10.0.0.5", "Port": 8080}])
    c.err("RegisterTargets", "TargetGroupNotFound", TargetGroupArn=MISSING_TG,
          Targets=[{"Id": "10.0.0.5", "Port": 8080}])
    c.ok("DescribeTargetHealth", TargetGroupArn=blue,
         check=lambda r: assert_equal(r["TargetHealthDescriptions"][0]["TargetHealth"]["State"], "initial"))
    c.err("DescribeTargetHealth", "TargetGroupNotFound", TargetGroupArn=MISSING_TG)
    c.ok("DeregisterTargets", TargetGroupArn=blue, Targets=[{"Id": "10.0.0.5", "Port": 8080}])
    c.err("DeregisterTargets", "TargetGroupNotFound", TargetGroupArn=MISSING_TG,
          Targets=[{"Id": "10.0.0.5", "Port": 8080}])

    c.ok("AddTags", ResourceArns=[lb], Tags=[{"Key": "team", "Value": "web"}])
    c.err("AddTags", "LoadBalancerNotFound", ResourceArns=[MISSING_LB], Tags=[{"Key": "a", "Value": "b"}])
    c.ok("DescribeTags", ResourceArns=[lb],
         check=lambda r: assert_equal(r["TagDescriptions"][0]["Tags"], [{"Key": "team", "Value": "web"}]))
    c.err("DescribeTags", "LoadBalancerNotFound", ResourceArns=[MISSING_LB])
    c.ok("RemoveTags", ResourceArns=[lb], TagKeys=["team"])
    c.err("RemoveTags", "LoadBalancerNotFound", ResourceArns=[MISSING_LB], TagKeys=["team"])

    c.err("DeleteTargetGroup", "ResourceInUse", TargetGroupArn=blue)
    c.ok("DeleteRule", RuleArn=rule)
    c.err("DeleteRule", "RuleNotFound", RuleArn=MISSING_RULE)
    c.ok("DeleteListener", ListenerArn=listener)
    c.err("DeleteListener", "ListenerNotFound", ListenerArn=MISSING_LISTENER)
    c.ok("DeleteTargetGroup", TargetGroupArn=spare)
    c.ok("ModifyLoadBalancerAttributes", LoadBalancerArn=lb,
         Attributes=[{"Key": "deletion_protection.enabled", "Value": "true"}])
    c.err("ModifyLoadBalancerAttributes", "LoadBalancerNotFound", LoadBalancerArn=MISSING_LB,
          Attributes=[{"Key": "deletion_protection.enabled", "Value": "true"}])
    c.ok("DescribeLoadBalancerAttributes", LoadBalancerArn=lb,
         check=lambda r: assert_in({"Key": "deletion_protection.enabled", "Value": "true"}, r["Attributes"]))
    c.err("DescribeLoadBalancerAttributes", "LoadBalancerNotFound", LoadBalancerArn=MISSING_LB)
    c.err("DeleteLoadBalancer", "OperationNotPermitted", LoadBalancerArn=lb)
    c.client.modify_load_balancer_attributes(
        LoadBalancerArn=lb, Attributes=[{"Key": "deletion_protection.enabled", "Value": "false"}])
    c.ok("DeleteLoadBalancer", LoadBalancerArn=lb)
    sys.exit(1 if c.finish() else 0)


if __name__ == "__main__":
    main()
