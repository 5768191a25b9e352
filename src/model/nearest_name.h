// "did you mean `serviceDefinitionFile`?" for a misspelt key or stage name.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace kanaria::model {

// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), comparing
// ASCII letters case-insensitively: "ContainerName" is 0 from "containerName", "scael" 1 from
// "scale".
int EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word`, when it is close enough to be a plausible typo: at most
// max(2, length/3) edits. Ties go to the earlier candidate.
std::optional<std::string> NearestName(std::string_view word,
                                       std::span<const std::string_view> candidates);

// "did you mean `x`?" when a candidate is near, else "allowed: a, b, c" (or "no keys are allowed
// here" when there are none). Meant to follow "...; " in a message.
std::string SuggestName(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace kanaria::model
