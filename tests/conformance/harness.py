"""Shared harness of the conformance tests: real AWS clients (boto3, the aws CLI) drive
`kanaria emulator` over HTTP, and every operation the emulator serves must have a success case
and an error case whose code botocore's model lists for that operation.

Each test script calls `Conformance(binary, service)`, runs its cases with `ok`/`err`, and ends
with `finish()`, which checks coverage against the emulator's own operation table
(GET /_emulator/operations), prints every failure and returns their number (the script exits
non-zero when it is not 0).

Never touches the network beyond loopback: the emulator listens on 127.0.0.1, credentials are
explicit, and instance-metadata look-ups are disabled.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request

os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
os.environ["AWS_DISABLE_HOST_PREFIX_INJECTION"] = "true"
for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "HTTP_PROXY", "HTTPS_PROXY",
             "http_proxy", "https_proxy"):
    os.environ.pop(name, None)

import boto3  # noqa: E402
import botocore.session  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402
from botocore import xform_name  # noqa: E402

ACCESS_KEY = "AKIDCONFORMANCE00001"
SECRET_KEY = "conformance-secret-key-0000000000000000"
REGION = "us-east-1"


def botocore_session_speaking(service, protocol):
    """A botocore session whose model of `service` names only `protocol` (None: unchanged)."""
    session = botocore.session.get_session()
    if protocol is None:
        return session
    model = botocore.session.get_session().get_component("data_loader").load_service_model(
        service, "service-2")
    model["metadata"]["protocol"] = protocol
    model["metadata"]["protocols"] = [protocol]
    directory = tempfile.mkdtemp(prefix="kanaria-model-")
    version_dir = os.path.join(directory, service, model["metadata"]["apiVersion"])
    os.makedirs(version_dir)
    with open(os.path.join(version_dir, "service-2.json"), "w") as out:
        json.dump(model, out)
    session.get_component("data_loader").search_paths.insert(0, directory)
    return session


class EmulatorProcess:
    """`kanaria emulator --port 0` as a child process, stopped on close()."""

    def __init__(self, binary, *args):
        self.process = subprocess.Popen(
            [binary, "emulator", "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        match = re.match(r"kanaria emulator listening on (http://\S+)", line)
        if not match:
            self.process.kill()
            raise SystemExit("emulator did not start: %r %s" % (line, self.process.stderr.read()))
        self.url = match.group(1)

    def admin(self, path, method="GET", body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + "/_emulator/" + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read().decode()
            return json.loads(text) if text else None

    def close(self):
        self.process.terminate()
        try:
            code = self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise SystemExit("emulator did not stop within 10 s of SIGTERM")
        if code != 0:
            raise SystemExit("emulator exited %d: %s" % (code, self.process.stderr.read()))


class Conformance:
    def __init__(self, binary, signing_name, boto_name, emulator_args=(), protocol=None):
        self.signing_name = signing_name
        self.emulator = EmulatorProcess(binary, *emulator_args)
        self.client = self.make_client(boto_name, protocol)
        self.model = self.client.meta.service_model
        self.succeeded = set()
        self.failed_as_expected = set()
        self.failures = []

    def make_client(self, boto_name, protocol=None, **credentials):
        """A boto3 client of the emulator; `protocol` forces one of the model's wire protocols
        (CloudWatch's model lists smithy-rpc-v2-cbor, json and query; botocore picks the first)."""
        session = boto3.Session(botocore_session=botocore_session_speaking(boto_name, protocol))
        return session.client(
            boto_name, endpoint_url=self.emulator.url, region_name=REGION,
            aws_access_key_id=credentials.get("access_key", ACCESS_KEY),
            aws_secret_access_key=credentials.get("secret_key", SECRET_KEY),
            aws_session_token=credentials.get("session_token"),
            # The emulator, not botocore, must refuse bad input: client-side validation is off.
            config=Config(retries={"max_attempts": 1}, parameter_validation=False))

    def _call(self, operation, params):
        return getattr(self.client, xform_name(operation))(**params)

    def ok(self, operation, check=None, **params):
        """Calls `operation`; it must succeed (and pass `check(response)` when given)."""
        try:
            response = self._call(operation, params)
        except Exception as error:  # noqa: BLE001 - every failure is reported, not raised
            self.failures.append("%s %s: expected success, got %s" % (self.signing_name, operation, error))
            return None
        if check is not None:
            try:
                check(response)
            except AssertionError as error:
                self.failures.append("%s %s: %s" % (self.signing_name, operation, error))
                return response
        self.succeeded.add(operation)
        return response

    def err(self, operation, code, **params):
        """Calls `operation`; it must fail with `code`, a code the model lists for it."""
        modelled = self.modelled_error_codes(operation)
        if code not in modelled:
            self.failures.append("%s %s: test expects %s, which botocore's model does not list "
                                 "for it (%s)" % (self.signing_name, operation, code, sorted(modelled)))
        try:
            self._call(operation, params)
        except ClientError as error:
            got = error.response["Error"]["Code"]
            if got != code:
                self.failures.append("%s %s: expected %s, got %s (%s)" % (
                    self.signing_name, operation, code, got, error.response["Error"].get("Message")))
                return None
            self.failed_as_expected.add(operation)
            return error
        except Exception as error:  # noqa: BLE001
            self.failures.append("%s %s: expected %s, got %s" % (self.signing_name, operation, code, error))
            return None
        self.failures.append("%s %s: expected %s, but it succeeded" % (self.signing_name, operation, code))
        return None

    def modelled_error_codes(self, operation):
        codes = set()
        for shape in self.model.operation_model(operation).error_shapes:
            codes.add(shape.name)
            codes.add(shape.metadata.get("error", {}).get("code", shape.name))
        return codes

    def check(self, condition, message):
        if not condition:
            self.failures.append("%s: %s" % (self.signing_name, message))

    def finish(self):
        operations = [entry["operation"] for entry in self.emulator.admin("operations")
                      if entry["service"] == self.signing_name]
        self.emulator.close()
        if not operations:
            self.failures.append("the emulator serves no %s operation" % self.signing_name)
        for operation in operations:
            if operation not in self.succeeded:
                self.failures.append("%s %s: no passing success case" % (self.signing_name, operation))
            has_modelled_errors = bool(self.model.operation_model(operation).error_shapes)
            if has_modelled_errors and operation not in self.failed_as_expected:
                self.failures.append("%s %s: no passing error case" % (self.signing_name, operation))
        for failure in self.failures:
            print("FAIL " + failure)
        print("%s: %d operations, %d with a success case, %d with an error case, %d failures" % (
            self.signing_name, len(operations), len(self.succeeded & set(operations)),
            len(self.failed_as_expected & set(operations)), len(self.failures)))
        return len(self.failures)


def assert_equal(actual, expected):
    assert actual == expected, "expected %r, got %r" % (expected, actual)


def assert_in(item, container):
    assert item in container, "expected %r in %r" % (item, container)


def assert_true(value, what):
    assert value, "expected %s, got %r" % (what, value)
