// What a stage will do, in one line of `kanaria plan`'s text and JSON ("weights primary 80 /
// canary 20", "analyse for 6m: ...").
#pragma once

#include <string>

#include "model/application.h"

namespace kanaria::cli {

// `desired`: the service's desiredCount, which a canary's scale is a share of.
std::string StageLine(const model::Stage& stage, const model::Application& app, int desired);

}  // namespace kanaria::cli
