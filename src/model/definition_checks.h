// Checks of the service and task definitions that need no AWS call: the shape ECS's API takes
// (member names and JSON kinds from botocore's model, ecs_shapes.h), the members kanaria needs,
// and that the target groups' containers and ports exist.
//
// Task definition: an object; `family` (1-255 letters, digits, _ and -) and a non-empty
// `containerDefinitions`, each with a unique `name`. Top-level keys must be
// RegisterTaskDefinition members; the read-only members DescribeTaskDefinition returns
// (taskDefinitionArn, revision, status, ...) are dropped with a warning, since users paste
// `aws ecs describe-task-definition` output. `cpu` and `memory` are strings in the API; an
// integer (as PipeCD's examples write them) is accepted and stored as its string. Enum members
// accept "" as "not set" (AWS SDKs omit empty enums; PipeCD's examples write `pidMode: ""`).
//
// Service definition: an object with `cluster` and `serviceName`; top-level keys must be
// CreateService members; `deploymentController.type`, when written, must be EXTERNAL;
// `desiredCount` an integer >= 0; `loadBalancers`, `taskDefinition` and `clientToken` are
// refused (kanaria sets them from targetGroups, the task definition file and its own tokens).
#pragma once

#include "model/application.h"
#include "model/definition_file.h"
#include "model/diagnostics.h"

namespace kanaria::model {

// May modify `taskdef.json` (drops read-only members, turns integer cpu/memory into strings).
void CheckTaskDefinition(DefinitionFile& taskdef, Diagnostics& diagnostics);
void CheckServiceDefinition(const DefinitionFile& servicedef, Diagnostics& diagnostics);

// The binding's container exists in the task definition and maps its containerPort; errors
// are located at the binding in the app config and name the containers / ports that exist.
// Does nothing when the task definition's containers are malformed (already reported).
void CheckContainerBinding(const DefinitionFile& taskdef, const TargetGroupBinding& binding,
                           Diagnostics& diagnostics);

}  // namespace kanaria::model
