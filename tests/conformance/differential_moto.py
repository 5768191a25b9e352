#!/usr/bin/env python3
"""Differential test: the same boto3 call sequences against `kanaria emulator` and `moto_server`
(an independent implementation). Keys present in both answers must agree: ARNs by partition,
service, region, account and resource type; generated ids against the model's pattern (or as
non-empty strings); timestamps by type; everything else by value. Every value difference must be
listed in the `differential` block of docs/moto-divergences.md, with the AWS behaviour as the
reference; a listed difference that no longer occurs is reported too.

Usage: differential_moto.py KANARIA_BINARY
"""

import datetime
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from harness import ACCESS_KEY, REGION, SECRET_KEY, EmulatorProcess

import boto3
from botocore.config import Config

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIVERGENCES = os.path.join(ROOT, "docs", "moto-divergences.md")
ID_KEYS = re.compile(r"(^id$|Id$|^DNSName$|^CanonicalHostedZoneId$|^CreatorRequestId$)")


class MotoProcess:
    def __init__(self):
        if shutil.which("moto_server") is None:
            raise SystemExit("moto_server is not on the PATH (scripts/setup checks for it)")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.process = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = "http://127.0.0.1:%d" % port
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + "/moto-api/", timeout=1)
                return
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.2)
        self.process.kill()
        raise SystemExit("moto_server did not answer within 30 s")

    def close(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def client(url, service):
    return boto3.client(service, endpoint_url=url, region_name=REGION, aws_access_key_id=ACCESS_KEY,
                        aws_secret_access_key=SECRET_KEY, config=Config(retries={"max_attempts": 1}))


def listed_divergences():
    text = open(DIVERGENCES).read()
    block = re.search(r"```differential\n(.*?)```", text, re.S)
    if not block:
        raise SystemExit("%s has no ```differential block" % DIVERGENCES)
    return {line.strip() for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")}


def compare(where, ours, theirs, shape, differences):
    """Appends "<where>" for each key whose values disagree (see the module docstring)."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in sorted(ours.keys() & theirs.keys()):
            member = shape.members.get(key) if shape is not None and shape.type_name == "structure" else None
            if member is None and shape is not None and shape.type_name == "map":
                member = shape.value
            compare_key(where + "." + key, key, ours[key], theirs[key], member, differences)
        return
    if isinstance(ours, list) and isinstance(theirs, list):
        if len(ours) != len(theirs):
            differences.append("%s (length %d vs %d)" % (where + "[]", len(ours), len(theirs)))
        member = shape.member if shape is not None and shape.type_name == "list" else None
        for a, b in zip(ours, theirs):
            compare_key(where + "[]", "", a, b, member, differences)
        return
    if ours != theirs:
        differences.append("%s (%r vs %r)" % (where, ours, theirs))


def compare_key(where, key, ours, theirs, shape, differences):
    if isinstance(ours, (dict, list)) or isinstance(theirs, (dict, list)):
        if type(ours) is not type(theirs):
            differences.append("%s (type %s vs %s)" % (where, type(ours).__name__, type(theirs).__name__))
            return
        compare(where, ours, theirs, shape, differences)
        return
    if isinstance(ours, datetime.datetime) or isinstance(theirs, datetime.datetime):
        if not (isinstance(ours, datetime.datetime) and isinstance(theirs, datetime.datetime)):
            differences.append("%s (timestamp %r vs %r)" % (where, ours, theirs))
        return
    if isinstance(ours, str) and isinstance(theirs, str) and ours.startswith("arn:") and theirs.startswith("arn:"):
        if arn_kind(ours) != arn_kind(theirs):
            differences.append("%s (%s vs %s)" % (where, arn_kind(ours), arn_kind(theirs)))
        return
    if isinstance(ours, str) and isinstance(theirs, str) and ID_KEYS.search(key):
        pattern = shape.metadata.get("pattern") if shape is not None else None
        for value, side in ((ours, "kanaria"), (theirs, "moto")):
            if not value or (pattern and not re.fullmatch(pattern, value)):
                differences.append("%s (%s id %r does not match %r)" % (where, side, value, pattern))
        return
    if ours != theirs:
        differences.append("%s (%r vs %r)" % (where, ours, theirs))


def arn_kind(arn):
    """arn:partition:service:region:account:type/... -> the parts that must agree."""
    parts = arn.split(":", 5)
    if len(parts) < 6:
        return arn
    resource_type = re.split(r"[/:]", parts[5])[0]
    return ":".join(parts[:5] + [resource_type])


class Target:
    """One implementation under test, with the setup it alone needs (moto validates subnets)."""

    def __init__(self, name, url):
        self.name = name
        self.url = url
        self.clients = {}
        self.subnets = ["subnet-1", "subnet-2"]
        self.vpc = "vpc-1"
        if name == "moto":
            ec2 = client(url, "ec2")
            self.vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
            self.subnets = [ec2.create_subnet(VpcId=self.vpc, CidrBlock="10.0.%d.0/24" % i,
                                              AvailabilityZone="us-east-1" + zone)["Subnet"]["SubnetId"]
                            for i, zone in ((1, "a"), (2, "b"))]

    def call(self, service, operation, params):
        if service not in self.clients:
            self.clients[service] = client(self.url, service)
        method = getattr(self.clients[service], re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower())
        response = method(**params)
        response.pop("ResponseMetadata", None)
        return self.normalised(response)

    def normalised(self, value):
        """The answer with this target's own VPC and subnet ids (inputs, not results) replaced by
        the names both targets share."""
        shared = dict(zip(self.subnets, ["subnet-1", "subnet-2"]), **{self.vpc: "vpc-1"})
        if isinstance(value, dict):
            return {k: self.normalised(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.normalised(v) for v in value]
        return shared.get(value, value) if isinstance(value, str) else value


def sequence(t, saved):
    """The calls, as (service, operation, params) built from what earlier answers returned."""
    yield "elbv2", "CreateLoadBalancer", dict(Name="web", Subnets=t.subnets)
    lb = saved["CreateLoadBalancer"]["LoadBalancers"][0]["LoadBalancerArn"]
    for name in ("blue", "green"):
        yield "elbv2", "CreateTargetGroup", dict(Name=name, Protocol="HTTP", Port=80, VpcId=t.vpc,
                                                 TargetType="ip")
        saved[name] = saved["CreateTargetGroup"]["TargetGroups"][0]["TargetGroupArn"]
    forward = [{"Type": "forward", "ForwardConfig": {"TargetGroups": [
        {"TargetGroupArn": saved["blue"], "Weight": 100}, {"TargetGroupArn": saved["green"], "Weight": 0}]}}]
    yield "elbv2", "CreateListener", dict(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=forward)
    listener = saved["CreateListener"]["Listeners"][0]["ListenerArn"]
    yield "elbv2", "CreateRule", dict(ListenerArn=listener, Priority=10, Actions=forward,
                                      Conditions=[{"Field": "path-pattern", "Values": ["/api/*"]}])
    rule = saved["CreateRule"]["Rules"][0]["RuleArn"]
    yield "elbv2", "ModifyRule", dict(RuleArn=rule, Actions=[{"Type": "forward", "ForwardConfig": {
        "TargetGroups": [{"TargetGroupArn": saved["blue"], "Weight": 90},
                         {"TargetGroupArn": saved["green"], "Weight": 10}]}}])
    yield "elbv2", "DescribeRules", dict(ListenerArn=listener)
    yield "elbv2", "DescribeTargetGroups", dict(Names=["blue", "green"])
    yield "elbv2", "DescribeListeners", dict(LoadBalancerArn=lb)

    yield "ecs", "CreateCluster", dict(clusterName="prod")
    container = {"name": "app", "image": "nginx:1", "essential": True, "memory": 128, "cpu": 64,
                 "portMappings": [{"containerPort": 8080, "hostPort": 8080}]}
    yield "ecs", "RegisterTaskDefinition", dict(family="web", containerDefinitions=[container],
                                                networkMode="awsvpc", cpu="256", memory="512")
    yield "ecs", "DescribeTaskDefinition", dict(taskDefinition="web:1")
    yield "ecs", "CreateService", dict(cluster="prod", serviceName="web", desiredCount=0,
                                       deploymentController={"type": "EXTERNAL"})
    network = {"awsvpcConfiguration": {"subnets": t.subnets[:1], "securityGroups": ["sg-1"]}}
    yield "ecs", "CreateTaskSet", dict(cluster="prod", service="web", taskDefinition="web:1", externalId="v1",
                                       launchType="FARGATE", networkConfiguration=network,
                                       scale={"value": 100, "unit": "PERCENT"},
                                       loadBalancers=[{"targetGroupArn": saved["blue"], "containerName": "app",
                                                       "containerPort": 8080}])
    task_set = saved["CreateTaskSet"]["taskSet"]["taskSetArn"]
    yield "ecs", "UpdateServicePrimaryTaskSet", dict(cluster="prod", service="web", primaryTaskSet=task_set)
    yield "ecs", "UpdateTaskSet", dict(cluster="prod", service="web", taskSet=task_set,
                                       scale={"value": 50, "unit": "PERCENT"})
    yield "ecs", "DescribeTaskSets", dict(cluster="prod", service="web", taskSets=[task_set])
    yield "ecs", "DescribeServices", dict(cluster="prod", services=["web"])
    yield "ecs", "TagResource", dict(resourceArn=saved["DescribeServices"]["services"][0]["serviceArn"],
                                     tags=[{"key": "kanaria:release", "value": "1"}])
    yield "ecs", "ListTagsForResource", dict(resourceArn=saved["DescribeServices"]["services"][0]["serviceArn"])

    yield "servicediscovery", "CreateHttpNamespace", dict(Name="internal")
    yield "servicediscovery", "ListNamespaces", dict()
    namespace = saved["ListNamespaces"]["Namespaces"][0]["Id"]
    yield "servicediscovery", "CreateService", dict(Name="web", NamespaceId=namespace)
    service = saved["CreateService"]["Service"]["Id"]
    yield "servicediscovery", "RegisterInstance", dict(ServiceId=service, InstanceId="i-1",
                                                       Attributes={"AWS_INSTANCE_IPV4": "10.0.0.5"})
    yield "servicediscovery", "ListInstances", dict(ServiceId=service)
    yield "sts", "GetCallerIdentity", dict()


def run(target):
    answers = []
    saved = {}
    for service, operation, params in sequence(target, saved):
        response = target.call(service, operation, params)
        saved[operation] = response
        answers.append((service, operation, response))
    return answers


def main():
    moto = MotoProcess()
    emulator = EmulatorProcess(sys.argv[1])
    try:
        ours = run(Target("kanaria", emulator.url))
        theirs = run(Target("moto", moto.url))
    finally:
        emulator.close()
        moto.close()
    listed = listed_divergences()
    seen = set()
    unlisted = []
    session = boto3.session.Session()
    for (service, operation, a), (_, _, b) in zip(ours, theirs):
        shape = session._session.get_service_model(service).operation_model(operation).output_shape
        differences = []
        compare("", a, b, shape, differences)
        for difference in differences:
            key = "%s %s %s" % (service, operation, difference.split(" (")[0].lstrip("."))
            seen.add(key)
            if key not in listed:
                unlisted.append("%s %s: %s" % (service, operation, difference))
    for line in unlisted:
        print("UNLISTED DIFFERENCE " + line)
    for stale in sorted(listed - seen):
        print("LISTED BUT NOT SEEN " + stale)
    print("differential: %d calls compared, %d listed divergences seen, %d unlisted, %d stale" % (
        len(ours), len(listed & seen), len(unlisted), len(listed - seen)))
    sys.exit(1 if unlisted or (listed - seen) else 0)


if __name__ == "__main__":
    main()
