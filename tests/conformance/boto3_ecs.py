#!/usr/bin/env python3
"""boto3 drives the emulated ECS: every operation with a success and a modelled error case.

Usage: boto3_ecs.py KANARIA_BINARY
"""

import sys

from harness import Conformance, assert_equal, assert_in


def main():
    c = Conformance(sys.argv[1], "ecs", "ecs", ["--time-scale", "100"])
    elb = c.make_client("elbv2")
    lb = elb.create_load_balancer(Name="web", Subnets=["subnet-1", "subnet-2"])["LoadBalancers"][0]
    blue = elb.create_target_group(Name="blue", Protocol="HTTP", Port=80, VpcId="vpc-1",
                                   TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]
    green = elb.create_target_group(Name="green", Protocol="HTTP", Port=80, VpcId="vpc-1",
                                    TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]
    orphan = elb.create_target_group(Name="orphan", Protocol="HTTP", Port=80, VpcId="vpc-1",
                                     TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]
    elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
                        DefaultActions=[{"Type": "forward", "ForwardConfig": {"TargetGroups": [
                            {"TargetGroupArn": blue, "Weight": 100},
                            {"TargetGroupArn": green, "Weight": 0}]}}])

    c.err("DescribeClusters", "InvalidParameterException", clusters=["c%d" % i for i in range(101)])
    c.ok("CreateCluster", clusterName="prod",
         check=lambda r: assert_equal(r["cluster"]["clusterArn"],
                                      "arn:aws:ecs:us-east-1:123456789012:cluster/prod"))
    c.err("CreateCluster", "InvalidParameterException", clusterName="bad name!")
    c.ok("DescribeClusters", clusters=["prod", "missing"],
         check=lambda r: (assert_equal(r["clusters"][0]["status"], "ACTIVE"),
                          assert_equal(r["failures"][0]["reason"], "MISSING")))
    c.ok("ListClusters", check=lambda r: assert_in(
        "arn:aws:ecs:us-east-1:123456789012:cluster/prod", r["clusterArns"]))
    c.err("ListClusters", "InvalidParameterException", maxResults=0)

    container = {"name": "app", "image": "nginx:1", "essential": True, "memory": 128,
                 "portMappings": [{"containerPort": 8080}],
                 "environment": [{"name": "KANARIA_EMULATOR_ERROR_RATE", "value": "0"}]}
    r = c.ok("RegisterTaskDefinition", family="web", containerDefinitions=[container],
             networkMode="awsvpc", cpu="256", memory="512", requiresCompatibilities=["FARGATE"],
             check=lambda r: assert_equal(r["taskDefinition"]["revision"], 1))
    c.ok("RegisterTaskDefinition", family="web", containerDefinitions=[container],
         networkMode="awsvpc", cpu="256", memory="512",
         check=lambda r: assert_equal(r["taskDefinition"]["revision"], 2))
    c.err("RegisterTaskDefinition", "ClientException", family="web", containerDefinitions=[])
    c.ok("DescribeTaskDefinition", taskDefinition="web:1",
         check=lambda r: assert_equal(r["taskDefinition"]["containerDefinitions"][0]["image"], "nginx:1"))
    c.err("DescribeTaskDefinition", "ClientException", taskDefinition="nothing:9")
    c.ok("ListTaskDefinitions", familyPrefix="web",
         check=lambda r: assert_equal(len(r["taskDefinitionArns"]), 2))
    c.err("ListTaskDefinitions", "InvalidParameterException", maxResults=0)
    c.ok("ListTaskDefinitionFamilies", check=lambda r: assert_in("web", r["families"]))
    c.err("ListTaskDefinitionFamilies", "InvalidParameterException", maxResults=0)

    network = {"awsvpcConfiguration": {"subnets": ["subnet-1"], "assignPublicIp": "DISABLED"}}
    c.err("CreateService", "ClusterNotFoundException", cluster="nope", serviceName="web",
          desiredCount=2, deploymentController={"type": "EXTERNAL"})
    c.ok("CreateService", cluster="prod", serviceName="web", desiredCount=2,
         deploymentController={"type": "EXTERNAL"},
         check=lambda r: assert_equal(r["service"]["deploymentController"]["type"], "EXTERNAL"))
    c.ok("DescribeServices", cluster="prod", services=["web", "ghost"],
         check=lambda r: assert_equal(r["failures"][0]["reason"], "MISSING"))
    c.err("DescribeServices", "ClusterNotFoundException", cluster="nope", services=["web"])
    c.ok("ListServices", cluster="prod", check=lambda r: assert_equal(len(r["serviceArns"]), 1))
    c.err("ListServices", "ClusterNotFoundException", cluster="nope")

    c.err("CreateTaskSet", "ServiceNotFoundException", cluster="prod", service="ghost",
          taskDefinition="web:1")
    c.err("CreateTaskSet", "InvalidParameterException", cluster="prod", service="web",
          taskDefinition="web:1", launchType="FARGATE", networkConfiguration=network,
          loadBalancers=[{"targetGroupArn": orphan, "containerName": "app", "containerPort": 8080}])
    r = c.ok("CreateTaskSet", cluster="prod", service="web", taskDefinition="web:1",
             launchType="FARGATE", networkConfiguration=network, externalId="v1",
             scale={"value": 50, "unit": "PERCENT"}, clientToken="token-1",
             loadBalancers=[{"targetGroupArn": blue, "containerName": "app", "containerPort": 8080}],
             check=lambda r: assert_equal(r["taskSet"]["computedDesiredCount"], 1))
    task_set = r["taskSet"]["id"] if r else "missing"
    again = c.ok("CreateTaskSet", cluster="prod", service="web", taskDefinition="web:1",
                 launchType="FARGATE", networkConfiguration=network, externalId="v1",
                 scale={"value": 50, "unit": "PERCENT"}, clientToken="token-1",
                 loadBalancers=[{"targetGroupArn": blue, "containerName": "app", "containerPort": 8080}])
    c.check(again is not None and again["taskSet"]["id"] == task_set,
            "CreateTaskSet with the same clientToken must return the same task set")
    c.ok("UpdateTaskSet", cluster="prod", service="web", taskSet=task_set,
         scale={"value": 100, "unit": "PERCENT"},
         check=lambda r: assert_equal(r["taskSet"]["computedDesiredCount"], 2))
    c.err("UpdateTaskSet", "TaskSetNotFoundException", cluster="prod", service="web",
          taskSet="ecs-svc/0000000000000000000", scale={"value": 10, "unit": "PERCENT"})
    c.ok("UpdateServicePrimaryTaskSet", cluster="prod", service="web", primaryTaskSet=task_set,
         check=lambda r: assert_equal(r["taskSet"]["status"], "PRIMARY"))
    c.err("UpdateServicePrimaryTaskSet", "TaskSetNotFoundException", cluster="prod", service="web",
          primaryTaskSet="ecs-svc/0000000000000000000")
    c.ok("DescribeTaskSets", cluster="prod", service="web", taskSets=[task_set],
         check=lambda r: assert_equal(r["taskSets"][0]["externalId"], "v1"))
    c.err("DescribeTaskSets", "ServiceNotFoundException", cluster="prod", service="ghost")

    c.ok("ListTasks", cluster="prod", serviceName="web")
    c.err("ListTasks", "ClusterNotFoundException", cluster="nope")
    tasks = c.client.list_tasks(cluster="prod", startedBy=task_set)["taskArns"]
    c.ok("DescribeTasks", cluster="prod", tasks=tasks + ["0" * 32],
         check=lambda r: assert_equal(r["failures"][0]["reason"], "MISSING"))
    c.err("DescribeTasks", "ClusterNotFoundException", cluster="nope", tasks=["0" * 32])
    c.ok("StopTask", cluster="prod", task=tasks[0], reason="drill",
         check=lambda r: (assert_equal(r["task"]["desiredStatus"], "STOPPED"),
                          assert_equal(r["task"]["stopCode"], "UserInitiated")))
    c.err("StopTask", "InvalidParameterException", cluster="prod", task="0" * 32)

    service_arn = "arn:aws:ecs:us-east-1:123456789012:service/prod/web"
    c.ok("TagResource", resourceArn=service_arn, tags=[{"key": "team", "value": "web"}])
    c.err("TagResource", "ResourceNotFoundException",
          resourceArn="arn:aws:ecs:us-east-1:123456789012:service/prod/ghost", tags=[{"key": "team", "value": "web"}])
    c.ok("ListTagsForResource", resourceArn=service_arn,
         check=lambda r: assert_equal(r["tags"], [{"key": "team", "value": "web"}]))
    c.err("ListTagsForResource", "InvalidParameterException", resourceArn="not-an-arn")
    c.ok("UntagResource", resourceArn=service_arn, tagKeys=["team"])
    c.err("UntagResource", "ResourceNotFoundException",
          resourceArn="arn:aws:ecs:us-east-1:123456789012:service/prod/ghost", tagKeys=["team"])

    c.ok("UpdateService", cluster="prod", service="web", desiredCount=3,
         check=lambda r: assert_equal(r["service"]["desiredCount"], 3))
    c.err("UpdateService", "ServiceNotFoundException", cluster="prod", service="ghost", desiredCount=1)
    c.err("DeleteTaskSet", "TaskSetNotFoundException", cluster="prod", service="web",
          taskSet="ecs-svc/0000000000000000000")
    c.ok("DeleteTaskSet", cluster="prod", service="web", taskSet=task_set, force=True,
         check=lambda r: assert_equal(r["taskSet"]["status"], "DRAINING"))
    c.ok("DeregisterTaskDefinition", taskDefinition="web:2",
         check=lambda r: assert_equal(r["taskDefinition"]["status"], "INACTIVE"))
    c.err("DeregisterTaskDefinition", "ClientException", taskDefinition="nothing:9")
    c.err("DeleteService", "ServiceNotFoundException", cluster="prod", service="ghost")
    c.ok("DeleteService", cluster="prod", service="web", force=True)
    c.err("UpdateService", "ServiceNotActiveException", cluster="prod", service="web", desiredCount=1)
    c.ok("CreateCluster", clusterName="empty")
    c.ok("DeleteCluster", cluster="empty", check=lambda r: assert_equal(r["cluster"]["status"], "INACTIVE"))
    c.err("DeleteCluster", "ClusterNotFoundException", cluster="never")
    sys.exit(1 if c.finish() else 0)


if __name__ == "__main__":
    main()
