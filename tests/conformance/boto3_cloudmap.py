#!/usr/bin/env python3
"""boto3 drives the emulated Cloud Map: every operation with a success and a modelled error case.

Usage: boto3_cloudmap.py KANARIA_BINARY
"""

import sys

from harness import Conformance, assert_equal, assert_true

MISSING_SERVICE = "srv-0000000000000000"
MISSING_NAMESPACE = "ns-0000000000000000"


def main():
    c = Conformance(sys.argv[1], "servicediscovery", "servicediscovery")
    r = c.ok("CreateHttpNamespace", Name="internal",
             check=lambda r: assert_true(r["OperationId"], "an OperationId"))
    c.err("CreateHttpNamespace", "NamespaceAlreadyExists", Name="internal")
    operation = r["OperationId"] if r else "missing"
    c.ok("GetOperation", OperationId=operation,
         check=lambda r: assert_equal(r["Operation"]["Status"], "SUCCESS"))
    c.err("GetOperation", "OperationNotFound", OperationId="nothing")
    c.ok("ListOperations", check=lambda r: assert_true(r["Operations"], "operations"))
    c.err("ListOperations", "InvalidInput", MaxResults=0)
    c.ok("CreatePrivateDnsNamespace", Name="private.local", Vpc="vpc-1")
    c.err("CreatePrivateDnsNamespace", "InvalidInput", Name="", Vpc="vpc-1")
    namespaces = c.ok("ListNamespaces", check=lambda r: assert_equal(len(r["Namespaces"]), 2))
    namespace = next((n["Id"] for n in (namespaces or {}).get("Namespaces", []) if n["Name"] == "internal"),
                     MISSING_NAMESPACE)
    c.err("ListNamespaces", "InvalidInput", MaxResults=0)
    c.ok("GetNamespace", Id=namespace, check=lambda r: assert_equal(r["Namespace"]["Name"], "internal"))
    c.err("GetNamespace", "NamespaceNotFound", Id=MISSING_NAMESPACE)

    r = c.ok("CreateService", Name="web", NamespaceId=namespace,
             check=lambda r: assert_true(r["Service"]["Id"].startswith("srv-"), "a srv- id"))
    service = r["Service"]["Id"] if r else MISSING_SERVICE
    service_arn = r["Service"]["Arn"] if r else "arn:aws:servicediscovery:us-east-1:123456789012:service/none"
    c.err("CreateService", "NamespaceNotFound", Name="web", NamespaceId=MISSING_NAMESPACE)
    c.ok("GetService", Id=service, check=lambda r: assert_equal(r["Service"]["Name"], "web"))
    c.err("GetService", "ServiceNotFound", Id=MISSING_SERVICE)
    c.ok("ListServices", check=lambda r: assert_equal(len(r["Services"]), 1))
    c.err("ListServices", "InvalidInput", MaxResults=0)

    c.ok("RegisterInstance", ServiceId=service, InstanceId="task-1",
         Attributes={"AWS_INSTANCE_IPV4": "10.0.0.5", "ECS_TASK_SET_EXTERNAL_ID": "green"})
    c.err("RegisterInstance", "ServiceNotFound", ServiceId=MISSING_SERVICE, InstanceId="task-1",
          Attributes={"AWS_INSTANCE_IPV4": "10.0.0.5"})
    c.ok("GetInstance", ServiceId=service, InstanceId="task-1",
         check=lambda r: assert_equal(r["Instance"]["Attributes"]["ECS_TASK_SET_EXTERNAL_ID"], "green"))
    c.err("GetInstance", "InstanceNotFound", ServiceId=service, InstanceId="nothing")
    c.ok("ListInstances", ServiceId=service, check=lambda r: assert_equal(r["Instances"][0]["Id"], "task-1"))
    c.err("ListInstances", "ServiceNotFound", ServiceId=MISSING_SERVICE)
    c.ok("GetInstancesHealthStatus", ServiceId=service,
         check=lambda r: assert_equal(r["Status"], {"task-1": "HEALTHY"}))
    c.err("GetInstancesHealthStatus", "ServiceNotFound", ServiceId=MISSING_SERVICE)
    c.ok("DiscoverInstances", NamespaceName="internal", ServiceName="web",
         QueryParameters={"ECS_TASK_SET_EXTERNAL_ID": "green"},
         check=lambda r: assert_equal([i["InstanceId"] for i in r["Instances"]], ["task-1"]))
    c.err("DiscoverInstances", "NamespaceNotFound", NamespaceName="nothing", ServiceName="web")

    c.ok("TagResource", ResourceARN=service_arn, Tags=[{"Key": "team", "Value": "web"}])
    c.err("TagResource", "ResourceNotFoundException",
          ResourceARN="arn:aws:servicediscovery:us-east-1:123456789012:service/" + MISSING_SERVICE,
          Tags=[{"Key": "team", "Value": "web"}])
    c.ok("ListTagsForResource", ResourceARN=service_arn,
         check=lambda r: assert_equal(r["Tags"], [{"Key": "team", "Value": "web"}]))
    c.err("ListTagsForResource", "ResourceNotFoundException",
          ResourceARN="arn:aws:servicediscovery:us-east-1:123456789012:service/" + MISSING_SERVICE)
    c.ok("UntagResource", ResourceARN=service_arn, TagKeys=["team"])
    c.err("UntagResource", "ResourceNotFoundException",
          ResourceARN="arn:aws:servicediscovery:us-east-1:123456789012:service/" + MISSING_SERVICE,
          TagKeys=["team"])

    r = c.ok("CreateService", Name="custom", NamespaceId=namespace, HealthCheckCustomConfig={})
    custom = r["Service"]["Id"] if r else MISSING_SERVICE
    c.client.register_instance(ServiceId=custom, InstanceId="task-2", Attributes={"AWS_INSTANCE_IPV4": "10.0.0.6"})
    c.ok("UpdateInstanceCustomHealthStatus", ServiceId=custom, InstanceId="task-2", Status="UNHEALTHY")
    c.check(c.client.get_instances_health_status(ServiceId=custom)["Status"] == {"task-2": "UNHEALTHY"},
            "UpdateInstanceCustomHealthStatus changes the reported health")
    c.err("UpdateInstanceCustomHealthStatus", "CustomHealthNotFound", ServiceId=service, InstanceId="task-1",
          Status="UNHEALTHY")
    c.client.deregister_instance(ServiceId=custom, InstanceId="task-2")
    c.client.delete_service(Id=custom)
    c.err("DeleteService", "ResourceInUse", Id=service)
    c.ok("DeregisterInstance", ServiceId=service, InstanceId="task-1")
    c.err("DeregisterInstance", "InstanceNotFound", ServiceId=service, InstanceId="task-1")
    c.err("DeleteNamespace", "ResourceInUse", Id=namespace)
    c.ok("DeleteService", Id=service)
    c.err("DeleteService", "ServiceNotFound", Id=service)
    c.ok("DeleteNamespace", Id=namespace)
    c.err("DeleteNamespace", "NamespaceNotFound", Id=MISSING_NAMESPACE)
    sys.exit(1 if c.finish() else 0)


if __name__ == "__main__":
    main()
