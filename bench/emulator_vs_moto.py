#!/usr/bin/env python3
"""Whole-process benchmark: `kanaria emulator` against `moto_server` on the same machine, in one
run, with the same native load client (wrk, keep-alive) and the same request.

Measured for each server:
  - start: time from process start to the first answered ECS call (DescribeClusters);
  - peak RSS over start-up and load (VmHWM from /proc);
  - DescribeServices throughput with 4 keep-alive clients (wrk -t4 -c4) for DURATION seconds,
    on a cluster with one EXTERNAL service.

Usage: bench/emulator_vs_moto.py KANARIA_BINARY [DURATION_SECONDS=10]
Prints a table and one JSON line; exits 1 when a server fails to start or answer.
Targets (issue 3): start <= 1/50 of moto's, RSS <= 1/10, throughput >= 50x.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

TARGET = "AmazonEC2ContainerServiceV20141113."
# A syntactically valid SigV4 header: neither server verifies it here, and moto reads the
# region and account from it.
AUTHORIZATION = ("AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/ecs/aws4_request, "
                 "SignedHeaders=host;x-amz-date;x-amz-target, Signature=" + "0" * 64)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def call(url, operation, body):
    request = urllib.request.Request(url + "/", data=json.dumps(body).encode(), method="POST", headers={
        "X-Amz-Target": TARGET + operation, "Content-Type": "application/x-amz-json-1.1",
        "Authorization": AUTHORIZATION, "X-Amz-Date": "20260101T000000Z"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read() or b"{}")


def peak_rss_kib(pid):
    with open("/proc/%d/status" % pid) as status:
        return int(re.search(r"VmHWM:\s+(\d+) kB", status.read()).group(1))


def measure(name, argv, port):
    url = "http://127.0.0.1:%d" % port
    started = time.monotonic()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                call(url, "DescribeClusters", {})
                break
            except Exception:  # noqa: BLE001 - not up yet
                if time.monotonic() - started > 60 or process.poll() is not None:
                    raise SystemExit("%s did not answer an ECS call within 60 s" % name)
                time.sleep(0.002)
        start_seconds = time.monotonic() - started
        call(url, "CreateCluster", {"clusterName": "bench"})
        call(url, "CreateService", {"cluster": "bench", "serviceName": "web", "desiredCount": 0,
                                    "deploymentController": {"type": "EXTERNAL"}})
        throughput = wrk(url, DURATION)
        rss = peak_rss_kib(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=15)
    return {"server": name, "start_ms": start_seconds * 1000, "peak_rss_mib": rss / 1024,
            "describe_services_per_s": throughput}


def wrk(url, seconds):
    body = json.dumps({"cluster": "bench", "services": ["web"]})
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write('wrk.method = "POST"\nwrk.body = %s\n' % json.dumps(body))
    for name, value in (("X-Amz-Target", TARGET + "DescribeServices"),
                        ("Content-Type", "application/x-amz-json-1.1"),
                        ("Authorization", AUTHORIZATION), ("X-Amz-Date", "20260101T000000Z")):
        script.write('wrk.headers[%s] = %s\n' % (json.dumps(name), json.dumps(value)))
    script.write('done = function(summary, latency, requests)\n'
                 '  io.write(string.format("NON2XX %d\\n", summary.errors.status))\nend\n')
    script.close()
    output = subprocess.run(["wrk", "-t4", "-c4", "-d%ds" % seconds, "-s", script.name, url + "/"],
                            capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    if not re.search(r"NON2XX 0\b", output):
        raise SystemExit("non-2xx answers under load:\n" + output)
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


DURATION = int(sys.argv[2]) if len(sys.argv) > 2 else 10


def main():
    for tool in ("wrk", "moto_server"):
        if shutil.which(tool) is None:
            raise SystemExit("%s is not on the PATH (scripts/setup)" % tool)
    import moto  # noqa: PLC0415 - only for its version
    port = free_port()
    ours = measure("kanaria emulator", [sys.argv[1], "emulator", "--port", str(port)], port)
    port = free_port()
    theirs = measure("moto_server " + moto.__version__, ["moto_server", "-H", "127.0.0.1", "-p", str(port)], port)
    print("%-22s %12s %14s %22s" % ("server", "start (ms)", "peak RSS (MiB)", "DescribeServices/s"))
    for row in (ours, theirs):
        print("%-22s %12.1f %14.1f %22.0f" % (row["server"], row["start_ms"], row["peak_rss_mib"],
                                              row["describe_services_per_s"]))
    ratios = {"start": theirs["start_ms"] / ours["start_ms"], "rss": theirs["peak_rss_mib"] / ours["peak_rss_mib"],
              "throughput": ours["describe_services_per_s"] / theirs["describe_services_per_s"]}
    print("kanaria is %.0fx faster to start (target 50x), uses %.0fx less memory (target 10x), "
          "serves %.0fx the throughput (target 50x)" % (ratios["start"], ratios["rss"], ratios["throughput"]))
    print(json.dumps({"kanaria": ours, "moto": theirs, "ratios": ratios, "nproc": os.cpu_count(),
                      "load_average": os.getloadavg()}))


if __name__ == "__main__":
    main()
