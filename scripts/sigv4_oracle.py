#!/usr/bin/env python3
"""Signs requests with botocore's SigV4Auth, offline, as the oracle for kanaria's signer.

Usage: sigv4_oracle.py IN.json OUT.json

IN:  {"requests": [{"id": 0, "method": "GET", "url": "https://host/path?query",
                    "headers": [["Name", "value"], ...], "body": "text",
                    "access_key": "...", "secret_key": "...", "session_token": "",
                    "region": "us-east-1", "service": "ecs", "timestamp": "20150830T123600Z"}]}
OUT: {"botocore_version": "1.43.11",
      "results": [{"id": 0, "authorization": "...", "canonical_request": "...",
                   "string_to_sign": "...", "headers": [["Name", "value"], ...]}]}

The URL's query is what a server receives: it is percent-decoded here (urllib's unquote, which
keeps '+' as '+') and handed to botocore as parameters, which botocore re-encodes and sorts.
That is the canonical query AWS computes from the wire, independently of kanaria's decoder.

Never touches the network: credentials are explicit objects (no provider chain), the clock is
patched to each request's timestamp, and nothing is sent.

Exit codes: 0 signed everything, 2 bad usage or input, 3 botocore cannot be imported.
"""

import datetime
import json
import os
import sys
from unittest import mock
from urllib.parse import unquote, urlsplit, urlunsplit

# Belt and braces: nothing here resolves credentials, but if anything ever tried, it must not
# reach for the instance metadata service or a developer's real profile.
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull

try:
    import botocore
    import botocore.auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError as error:  # pragma: no cover - depends on the machine
    print(f"sigv4_oracle: cannot import botocore: {error}", file=sys.stderr)
    sys.exit(3)

SIGV4_TIMESTAMP = "%Y%m%dT%H%M%SZ"


class RecordingSigV4Auth(botocore.auth.SigV4Auth):
    """SigV4Auth that keeps the intermediate strings, for readable failure messages."""

    canonical = ""
    string_to_sign_text = ""

    def canonical_request(self, request):
        self.canonical = super().canonical_request(request)
        return self.canonical

    def string_to_sign(self, request, canonical_request):
        self.string_to_sign_text = super().string_to_sign(request, canonical_request)
        return self.string_to_sign_text


def query_params(query):
    """Decoded (key, value) pairs of a raw query; a key without '=' has an empty value."""
    pairs = []
    for piece in query.split("&"):
        if not piece:
            continue  # "a=1&&b=2": an empty piece carries no parameter
        key, _, value = piece.partition("=")
        pairs.append((unquote(key), unquote(value)))
    return pairs


def sign(spec):
    parts = urlsplit(spec["url"])
    url_without_query = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    request = AWSRequest(
        method=spec["method"],
        url=url_without_query,
        data=spec["body"].encode("utf-8"),
        params=query_params(parts.query),
    )
    for name, value in spec["headers"]:
        request.headers[name] = value  # appends: repeated names are kept in order

    credentials = Credentials(
        spec["access_key"], spec["secret_key"], spec.get("session_token") or None
    )
    signer = RecordingSigV4Auth(credentials, spec["service"], spec["region"])
    now = datetime.datetime.strptime(spec["timestamp"], SIGV4_TIMESTAMP)
    # add_auth reads the clock through botocore.auth.get_current_datetime (botocore >= 1.34;
    # older releases called datetime.utcnow(), which botocore's own tests patch instead).
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=now):
        signer.add_auth(request)
    return {
        "id": spec["id"],
        "authorization": request.headers["Authorization"],
        "canonical_request": signer.canonical,
        "string_to_sign": signer.string_to_sign_text,
        "headers": [[name, value] for name, value in request.headers.items()],
    }


def main(argv):
    if len(argv) != 3:
        print("usage: sigv4_oracle.py IN.json OUT.json", file=sys.stderr)
        return 2
    if not hasattr(botocore.auth, "get_current_datetime"):
        print(
            f"sigv4_oracle: botocore {botocore.__version__} has no "
            "botocore.auth.get_current_datetime to pin the signing time",
            file=sys.stderr,
        )
        return 3
    try:
        with open(argv[1], encoding="utf-8") as source:
            specs = json.load(source)["requests"]
    except (OSError, ValueError, KeyError) as error:
        print(f"sigv4_oracle: cannot read {argv[1]}: {error}", file=sys.stderr)
        return 2
    results = [sign(spec) for spec in specs]
    with open(argv[2], "w", encoding="utf-8") as sink:
        json.dump({"botocore_version": botocore.__version__, "results": results}, sink,
                  ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
