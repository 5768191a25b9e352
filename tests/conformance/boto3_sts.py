#!/usr/bin/env python3
"""boto3 drives the emulated STS with signature checking on: identities, issued temporary
credentials that the emulator then accepts, and the signature errors of both protocols.

Usage: boto3_sts.py KANARIA_BINARY
"""

import sys

from botocore.exceptions import ClientError

from harness import ACCESS_KEY, Conformance, SECRET_KEY, assert_equal, assert_true


def main():
    c = Conformance(sys.argv[1], "sts", "sts",
                    ["--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY])
    c.ok("GetCallerIdentity", check=lambda r: assert_equal(r["Account"], "123456789012"))
    role = "arn:aws:iam::123456789012:role/deployer"
    r = c.ok("AssumeRole", RoleArn=role, RoleSessionName="release", DurationSeconds=900,
             check=lambda r: assert_true(r["Credentials"]["AccessKeyId"].startswith("ASIA"), "an ASIA key"))
    c.err("AssumeRole", "MalformedPolicyDocument", RoleArn=role, RoleSessionName="release",
          Policy="{not json")
    c.ok("AssumeRoleWithWebIdentity", RoleArn=role, RoleSessionName="ci", WebIdentityToken="header.payload.sig")
    c.err("AssumeRoleWithWebIdentity", "InvalidIdentityToken", RoleArn=role, RoleSessionName="ci",
          WebIdentityToken="not-a-jwt")

    if r:
        creds = r["Credentials"]
        assumed = c.make_client("sts", access_key=creds["AccessKeyId"], secret_key=creds["SecretAccessKey"],
                                session_token=creds["SessionToken"])
        identity = assumed.get_caller_identity()
        c.check(identity["Arn"] == "arn:aws:sts::123456789012:assumed-role/deployer/release",
                "issued credentials are accepted and name the assumed role, got %s" % identity["Arn"])
        ecs = c.make_client("ecs", access_key=creds["AccessKeyId"], secret_key=creds["SecretAccessKey"],
                            session_token=creds["SessionToken"])
        c.check("clusterArns" in ecs.list_clusters(), "issued credentials sign JSON calls too")

    expect_code(c, c.make_client("sts", secret_key="wrong"), "get_caller_identity", "SignatureDoesNotMatch")
    expect_code(c, c.make_client("sts", access_key="AKIDUNKNOWN000000000"), "get_caller_identity",
                "InvalidClientTokenId")
    expect_code(c, c.make_client("ecs", secret_key="wrong"), "list_clusters", "InvalidSignatureException")
    expect_code(c, c.make_client("ecs", access_key="AKIDUNKNOWN000000000"), "list_clusters",
                "UnrecognizedClientException")
    sys.exit(1 if c.finish() else 0)


def expect_code(c, client, method, code):
    try:
        getattr(client, method)()
    except ClientError as error:
        got = error.response["Error"]["Code"]
        c.check(got == code, "%s: expected %s, got %s" % (method, code, got))
        return
    c.check(False, "%s: expected %s, but it succeeded" % (method, code))


if __name__ == "__main__":
    main()
