#!/usr/bin/env python3
"""The `aws` CLI drives the emulator through what a user does by hand before a release: a load
balancer with two target groups and a weighted listener, a cluster, a task definition, an
EXTERNAL service with a task set, a Cloud Map namespace, and errors as the CLI reports them.

Usage: awscli_walkthrough.py KANARIA_BINARY
"""

import json
import os
import shutil
import subprocess
import sys
import time

from harness import ACCESS_KEY, SECRET_KEY, EmulatorProcess

failures = []


def main():
    if shutil.which("aws") is None:
        raise SystemExit("the aws CLI is not on the PATH (scripts/setup checks for it)")
    emulator = EmulatorProcess(sys.argv[1], "--time-scale", "200")
    env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY,
               AWS_DEFAULT_REGION="us-east-1", AWS_CONFIG_FILE=os.devnull,
               AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_MAX_ATTEMPTS="1")

    def aws(*args, expect_error=None):
        result = subprocess.run(["aws", "--endpoint-url", emulator.url, "--output", "json", *args],
                                capture_output=True, text=True, env=env, timeout=60)
        if expect_error is not None:
            if result.returncode == 0 or "(%s)" % expect_error not in result.stderr:
                failures.append("aws %s: expected error %s, got exit %d: %s" % (
                    " ".join(args[:2]), expect_error, result.returncode, result.stderr.strip()))
            return None
        if result.returncode != 0:
            failures.append("aws %s: exit %d: %s" % (" ".join(args[:2]), result.returncode, result.stderr.strip()))
            return {}
        return json.loads(result.stdout) if result.stdout.strip() else {}

    def check(condition, message):
        if not condition:
            failures.append(message)

    lb = aws("elbv2", "create-load-balancer", "--name", "web", "--subnets", "subnet-1", "subnet-2")
    lb_arn = lb.get("LoadBalancers", [{}])[0].get("LoadBalancerArn", "")
    groups = {}
    for name in ("blue", "green"):
        tg = aws("elbv2", "create-target-group", "--name", name, "--protocol", "HTTP", "--port", "80",
                 "--vpc-id", "vpc-1", "--target-type", "ip", "--health-check-interval-seconds", "10")
        groups[name] = tg.get("TargetGroups", [{}])[0].get("TargetGroupArn", "")
    actions = [{"Type": "forward", "ForwardConfig": {"TargetGroups": [
        {"TargetGroupArn": groups["blue"], "Weight": 100}, {"TargetGroupArn": groups["green"], "Weight": 0}]}}]
    listener = aws("elbv2", "create-listener", "--load-balancer-arn", lb_arn, "--protocol", "HTTP",
                   "--port", "80", "--default-actions", json.dumps(actions))
    listener_arn = listener.get("Listeners", [{}])[0].get("ListenerArn", "")
    aws("elbv2", "describe-rules", "--listener-arn", "arn:aws:elasticloadbalancing:us-east-1:123456789012:"
        "listener/app/none/0000000000000000/0000000000000000", expect_error="ListenerNotFound")

    aws("ecs", "create-cluster", "--cluster-name", "prod")
    task_definition = {"family": "web", "networkMode": "awsvpc", "cpu": "256", "memory": "512",
                       "containerDefinitions": [{"name": "app", "image": "nginx:1", "essential": True,
                                                 "portMappings": [{"containerPort": 8080}]}]}
    registered = aws("ecs", "register-task-definition", "--cli-input-json", json.dumps(task_definition))
    check(registered.get("taskDefinition", {}).get("revision") == 1, "register-task-definition: revision 1")
    aws("ecs", "create-service", "--cluster", "prod", "--service-name", "web", "--desired-count", "2",
        "--deployment-controller", "type=EXTERNAL")
    task_set = aws("ecs", "create-task-set", "--cluster", "prod", "--service", "web", "--task-definition", "web:1",
                   "--external-id", "v1", "--launch-type", "FARGATE",
                   "--network-configuration", "awsvpcConfiguration={subnets=[subnet-1]}",
                   "--load-balancers", "targetGroupArn=%s,containerName=app,containerPort=8080" % groups["blue"],
                   "--scale", "value=100,unit=PERCENT")
    task_set_id = task_set.get("taskSet", {}).get("id", "")
    check(task_set.get("taskSet", {}).get("computedDesiredCount") == 2, "create-task-set: computedDesiredCount 2")
    aws("ecs", "update-service-primary-task-set", "--cluster", "prod", "--service", "web",
        "--primary-task-set", task_set_id)
    steady = False
    for _ in range(100):  # time scale 200: start and one health check take well under 2 s
        sets = aws("ecs", "describe-task-sets", "--cluster", "prod", "--service", "web", "--task-sets", task_set_id)
        if sets.get("taskSets", [{}])[0].get("stabilityStatus") == "STEADY_STATE":
            steady = True
            break
        time.sleep(0.1)
    check(steady, "the task set reaches STEADY_STATE")
    health = aws("elbv2", "describe-target-health", "--target-group-arn", groups["blue"])
    states = [t["TargetHealth"]["State"] for t in health.get("TargetHealthDescriptions", [])]
    check(states == ["healthy", "healthy"], "two healthy targets registered by ECS, got %s" % states)
    aws("ecs", "describe-services", "--cluster", "nope", "--services", "web", expect_error="ClusterNotFoundException")

    aws("servicediscovery", "create-http-namespace", "--name", "internal")
    aws("servicediscovery", "get-service", "--id", "srv-0000000000000000", expect_error="ServiceNotFound")
    identity = aws("sts", "get-caller-identity")
    check(identity.get("Account") == "123456789012", "sts get-caller-identity: the default account")

    listeners = emulator.admin("listeners")
    check([l["listenerArn"] for l in listeners] == [listener_arn], "admin listeners names the listener")
    emulator.close()
    for failure in failures:
        print("FAIL " + failure)
    print("aws CLI walkthrough: %d failures" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
