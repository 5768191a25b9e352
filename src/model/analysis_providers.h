// Analysis providers: where an ANALYSIS metric's `provider` sends its query. PipeCD declares
// them in the piped's config (spec.analysisProviders); kanaria has no piped, so they are declared
// under the app's spec.kanaria.analysisProviders or in the user's config file (user_config.h),
// as a map from name to declaration, the same shape in both places:
//   analysisProviders:
//     prom:
//       type: prometheus              # or cloudwatch
//       address: https://prometheus.example:9090
//       auth:                          # prometheus only; one of
//         bearerToken: TOKEN           #   bearerToken
//                                      #   bearerTokenFile: PATH
//                                      #   username: U + password: P | passwordFile: PATH
//     cw:
//       type: cloudwatch
//       region: us-east-1              # optional; the release's region by default
//       address: http://127.0.0.1:4566 # optional endpoint override (an emulator)
// Keys are checked here rather than by key_policy, since the user config is not an app config
// and the map's keys are names, not schema keys. File paths are resolved against the directory
// of the file that declares them and must exist; their contents are read at run time (a rotated
// token is picked up). Secrets are kept as written: whoever builds a provider from them registers
// them with core/redact.h.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "model/source_location.h"
#include "model/value_reader.h"

namespace kanaria::model {

enum class AnalysisProviderType { kCloudWatch, kPrometheus };

// "cloudwatch", "prometheus".
std::string_view AnalysisProviderTypeName(AnalysisProviderType type);

// How kanaria authenticates to a Prometheus server.
struct ProviderAuth {
  enum class Kind { kNone, kBearerToken, kBearerTokenFile, kBasic };
  Kind kind = Kind::kNone;
  std::string bearer_token;       // kBearerToken
  std::string bearer_token_file;  // kBearerTokenFile (resolved path)
  std::string username;           // kBasic
  std::string password;           // kBasic with `password`
  std::string password_file;      // kBasic with `passwordFile` (resolved path)
};

struct AnalysisProvider {
  std::string name;
  AnalysisProviderType type = AnalysisProviderType::kCloudWatch;
  // prometheus: the server's base URL (required). cloudwatch: an endpoint override, "" = AWS's.
  std::string address;
  std::string region;    // cloudwatch only; "" = the release's region
  ProviderAuth auth;     // prometheus only
  SourceLocation where;  // the name's line, in the app config or the user config
  // The declaration as written, for the release digest (digest.h).
  nlohmann::json declaration;
};

// Reads an `analysisProviders` map at `path` (`value` may be nullptr: none). Problems go to
// `reader`. A provider with problems is still in the result, as far as it could be read: the
// problems fail the load anyway, and a metric naming it is then not also reported as naming an
// undeclared provider.
std::map<std::string, AnalysisProvider> ParseAnalysisProviders(const nlohmann::json* value,
                                                               const JsonPath& path,
                                                               ValueReader& reader);

}  // namespace kanaria::model
