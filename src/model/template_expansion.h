// ecspresso-style templating of service and task definitions, applied to the raw text before
// it is parsed:
//   {{ env "NAME" "default" }}   the variable's value, or "default" when it is unset
//   {{ env "NAME" }}             the variable's value, or empty when it is unset
//   {{ must_env "NAME" }}        the variable's value; unset is an error naming NAME
// Whitespace inside the braces is optional. Arguments are quoted strings: "NAME" (a backslash
// escapes the next character), `NAME` (Go's raw string, as ecspresso users write templates inside
// JSON strings) or \"NAME\" (a template inside a JSON string that a JSON serializer wrote, its
// quotes escaped). Any other {{ ... }} is an error naming the function; `${...}` is left alone
// (it usually belongs to the container's shell). Values are inserted as they are, unescaped, as
// ecspresso does; keep the template inside a quoted string ("image": "web:{{ env `TAG` }}") when
// the value must stay a string.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "model/application.h"
#include "model/diagnostics.h"

namespace kanaria::model {

// Returns the expanded text. Every problem (unset must_env, unknown function, malformed
// template) is added to `diagnostics` as "FILE:LINE: {{ ... }}: what is wrong; what is allowed",
// with the line of the `{{`; the text returned then keeps the offending templates as written.
std::string ExpandTemplates(std::string_view text, const std::string& file, const EnvLookup& env,
                            Diagnostics& diagnostics);

}  // namespace kanaria::model
