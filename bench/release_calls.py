#!/usr/bin/env python3
"""Whole-process benchmark of `kanaria deploy` on the reference canary (one listener whose one
rule forwards blue 100 / green 0; 10 % canary, 90/10, wait 1m, primary rollout, 100/0, clean),
against `kanaria emulator` at a high time scale.

Reports, from kanaria's own split (engine/polling_scope.h) and cross-checked against the
emulator's request log:
  - the calls by operation, polling (waiting for a state change) and the rest
    (target: the rest <= 16);
  - CPU time (user + system) and peak RSS of the `kanaria deploy` process
    (targets: <= 50 ms CPU, waits excluded since sleeping costs none; <= 20 MiB).
Two releases are measured: v2 replacing a primary another tool created (kanaria describes the
running task definition once), then v3 replacing the primary kanaria created (it carries
kanaria:taskdef-digest, so no describe is needed).

Usage: bench/release_calls.py KANARIA_BINARY [TIME_SCALE=100]
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

import boto3


def start_emulator(binary, time_scale):
    process = subprocess.Popen([binary, "emulator", "--port", "0", "--time-scale", str(time_scale)],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline()
    if "listening on" not in line:
        process.kill()
        sys.exit("the emulator did not start: " + line)
    return process, line.split()[-1]


def build_world(url):
    session = boto3.session.Session(aws_access_key_id="bench", aws_secret_access_key="bench",
                                    region_name="us-east-1")
    elbv2 = session.client("elbv2", endpoint_url=url)
    ecs = session.client("ecs", endpoint_url=url)
    lb = elbv2.create_load_balancer(Name="web", Subnets=["subnet-1", "subnet-2"])["LoadBalancers"][0]
    groups = {}
    for name in ("blue", "green"):
        groups[name] = elbv2.create_target_group(
            Name=name, Protocol="HTTP", Port=8080, VpcId="vpc-1", TargetType="ip",
            HealthCheckIntervalSeconds=10)["TargetGroups"][0]["TargetGroupArn"]
    elbv2.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80, DefaultActions=[{
        "Type": "forward", "ForwardConfig": {"TargetGroups": [
            {"TargetGroupArn": groups["blue"], "Weight": 100}, {"TargetGroupArn": groups["green"], "Weight": 0}]}}])
    ecs.create_cluster(clusterName="prod")
    ecs.create_service(cluster="prod", serviceName="web", desiredCount=4,
                       deploymentController={"type": "EXTERNAL"})
    v1 = ecs.register_task_definition(**task_definition("v1"))["taskDefinition"]["taskDefinitionArn"]
    task_set = ecs.create_task_set(
        cluster="prod", service="web", taskDefinition=v1, launchType="FARGATE",
        networkConfiguration=network(), scale={"value": 100, "unit": "PERCENT"},
        loadBalancers=[{"targetGroupArn": groups["blue"], "containerName": "app", "containerPort": 8080}])["taskSet"]
    ecs.update_service_primary_task_set(cluster="prod", service="web", primaryTaskSet=task_set["id"])
    for _ in range(600):
        sets = ecs.describe_task_sets(cluster="prod", service="web")["taskSets"]
        if sets[0]["stabilityStatus"] == "STEADY_STATE":
            return groups
        time.sleep(0.05)
    sys.exit("v1 did not become steady")


def network():
    return {"awsvpcConfiguration": {"subnets": ["subnet-1"]}}


def task_definition(version):
    return {"family": "web", "networkMode": "awsvpc", "cpu": "256", "memory": "512",
            "containerDefinitions": [{"name": "app", "image": "registry.example/web:" + version,
                                      "essential": True, "portMappings": [{"containerPort": 8080}]}]}


def write_app(directory, groups, version):
    os.makedirs(directory, exist_ok=True)
    target = lambda name: ("        targetGroupArn: %s\n        containerName: app\n"
                           "        containerPort: 8080\n" % groups[name])
    with open(os.path.join(directory, "app.pipecd.yaml"), "w") as f:
        f.write("apiVersion: pipecd.dev/v1beta1\nkind: ECSApp\nspec:\n  input:\n"
                "    serviceDefinitionFile: servicedef.json\n    taskDefinitionFile: taskdef.json\n"
                "    targetGroups:\n      primary:\n" + target("blue") + "      canary:\n" + target("green") +
                "  pipeline:\n    stages:\n"
                "      - name: ECS_CANARY_ROLLOUT\n        with: {scale: 10}\n"
                "      - name: ECS_TRAFFIC_ROUTING\n        with: {canary: 10}\n"
                "      - name: WAIT\n        with: {duration: 1m}\n"
                "      - name: ECS_PRIMARY_ROLLOUT\n"
                "      - name: ECS_TRAFFIC_ROUTING\n        with: {primary: 100}\n"
                "      - name: ECS_CANARY_CLEAN\n")
    with open(os.path.join(directory, "servicedef.json"), "w") as f:
        json.dump({"cluster": "prod", "serviceName": "web", "desiredCount": 4, "launchType": "FARGATE",
                   "networkConfiguration": network(), "deploymentController": {"type": "EXTERNAL"}}, f)
    with open(os.path.join(directory, "taskdef.json"), "w") as f:
        json.dump(task_definition(version), f)


def emulator_log(url, method="GET"):
    request = urllib.request.Request(url + "/_emulator/requests", method=method)
    with urllib.request.urlopen(request) as response:
        body = response.read()
        return json.loads(body) if body else []


def deploy(binary, url, app, state, time_scale):
    emulator_log(url, "DELETE")
    started = time.monotonic()
    env = dict(os.environ, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_EC2_METADATA_DISABLED="true")
    # CPU: wait4's rusage of GNU time, which includes the kanaria it waited for, to the
    # microsecond. Peak RSS: GNU time's %M, from its own fork of kanaria (a child spawned by
    # python starts from python's address space, which the kernel counts in the child's peak).
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        pid = os.posix_spawn("/usr/bin/time", ["/usr/bin/time", "-f", "KANARIA_PEAK_RSS_KIB %M", binary, "deploy", app, "--time-scale", str(time_scale), "--output", "json",
                                      "--endpoint-url", url, "--region", "us-east-1", "--state-dir", state],
                             env, file_actions=[(os.POSIX_SPAWN_DUP2, out.fileno(), 1),
                                                (os.POSIX_SPAWN_DUP2, err.fileno(), 2)])
        _, status, usage = os.wait4(pid, 0)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    if returncode != 0:
        sys.exit("kanaria deploy exited %d:\n%s%s" % (returncode, stdout, stderr))
    calls = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")][-1]["data"]
    logged = len(emulator_log(url))
    counted = sum(calls["polling"].values()) + sum(calls["other"].values())
    if logged != counted:
        sys.exit("kanaria counted %d calls but the emulator logged %d" % (counted, logged))
    cpu_ms = (usage.ru_utime + usage.ru_stime) * 1000
    peak_kib = int([line.split()[1] for line in stderr.splitlines() if line.startswith("KANARIA_PEAK_RSS_KIB")][-1])
    return {"polling": calls["polling"], "other": calls["other"], "mutating": calls["mutating"],
            "cpu_ms": round(cpu_ms, 1), "peak_rss_mib": round(peak_kib / 1024, 1), "wall_s": round(wall, 2)}


def show(title, result):
    print(title)
    for kind in ("other", "polling"):
        calls = result[kind]
        print("  %-8s %3d  %s" % ("rest" if kind == "other" else kind, sum(calls.values()),
                                 ", ".join("%s %d" % item for item in sorted(calls.items()))))
    print("  mutating %d, CPU %.1f ms, peak RSS %.1f MiB, wall %.2f s" % (
        result["mutating"], result["cpu_ms"], result["peak_rss_mib"], result["wall_s"]))


def main():
    binary = os.path.abspath(sys.argv[1])
    time_scale = float(sys.argv[2]) if len(sys.argv) > 2 else 100
    emulator, url = start_emulator(binary, time_scale)
    try:
        groups = build_world(url)
        with tempfile.TemporaryDirectory() as work:
            write_app(os.path.join(work, "app"), groups, "v2")
            first = deploy(binary, url, os.path.join(work, "app"), os.path.join(work, "state"), time_scale)
            write_app(os.path.join(work, "app"), groups, "v3")
            second = deploy(binary, url, os.path.join(work, "app"), os.path.join(work, "state"), time_scale)
        show("v1 -> v2 (the running primary came from another tool)", first)
        show("v2 -> v3 (the running primary came from kanaria)", second)
        print(json.dumps({"first": first, "second": second}))
    finally:
        emulator.terminate()
        emulator.wait()


if __name__ == "__main__":
    main()
