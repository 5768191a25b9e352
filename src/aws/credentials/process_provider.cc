#include "aws/credentials/process_provider.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws/credentials/register_secrets.h"
#include "aws/credentials/shlex.h"
#include "aws/iso8601.h"

extern char** environ;

namespace kanaria::aws {
namespace {

struct ProcessResult {
  int exit_code = -1;
  int signal = 0;
  std::string output;
};

// Runs argv (PATH lookup like execvp) with stdout captured; stdin and stderr are inherited.
StatusOr<ProcessResult> Run(const std::vector<std::string>& argv) {
  int out_pipe[2];
  if (pipe(out_pipe) != 0) return InternalError(fmt::format("pipe: {}", std::strerror(errno)));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
  posix_spawn_file_actions_addclose(&actions, out_pipe[1]);
  std::vector<char*> args;
  std::vector<std::string> storage = argv;
  for (auto& a : storage) args.push_back(a.data());
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, storage[0].c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  if (rc != 0) {
    close(out_pipe[0]);
    return Status(StatusCode::kUnauthenticated,
                  fmt::format("cannot run \"{}\": {}", argv[0], std::strerror(rc)));
  }
  ProcessResult result;
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(out_pipe[0], buffer, sizeof(buffer));
    if (n > 0) {
      result.output.append(buffer, static_cast<size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      break;
    }
  }
  close(out_pipe[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

Status Failure(const std::string& what, const std::string& detail) {
  return Status(StatusCode::kUnauthenticated, fmt::format("credential_process of {} {}", what,
                                                          detail));
}

}  // namespace

StatusOr<Credentials> ParseCredentialProcessOutput(const std::string& output,
                                                   const std::string& what) {
  // No exceptions, and no parser message: it would quote the output, which holds the secret.
  const nlohmann::json parsed = nlohmann::json::parse(output, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return Failure(what, fmt::format("printed {} bytes that are not a JSON object; it must print "
                                     "{{\"Version\": 1, \"AccessKeyId\": ..., "
                                     "\"SecretAccessKey\": ...}}",
                                     output.size()));
  }
  const auto version = parsed.find("Version");
  if (version == parsed.end() || !version->is_number() || version->get<double>() != 1.0) {
    return Failure(what, fmt::format("printed Version {}; the only supported version is 1",
                                     version == parsed.end() ? "<not provided>" : version->dump()));
  }
  auto string_field = [&](const char* key, bool required) -> StatusOr<std::string> {
    const auto it = parsed.find(key);
    if (it == parsed.end() || it->is_null()) {
      if (required) return Failure(what, fmt::format("printed no \"{}\"", key));
      return std::string();
    }
    if (!it->is_string()) return Failure(what, fmt::format("printed a non-string \"{}\"", key));
    return it->get<std::string>();
  };
  Credentials credentials;
  ASSIGN_OR_RETURN(credentials.access_key_id, string_field("AccessKeyId", true));
  ASSIGN_OR_RETURN(credentials.secret_access_key, string_field("SecretAccessKey", true));
  ASSIGN_OR_RETURN(credentials.session_token, string_field("SessionToken", false));
  RegisterSecrets(credentials);
  ASSIGN_OR_RETURN(const std::string expiration, string_field("Expiration", false));
  if (!expiration.empty()) {
    auto when = ParseIso8601(expiration);
    if (!when.ok()) {
      return Failure(what, fmt::format("printed Expiration \"{}\", which is not an ISO 8601 time "
                                       "such as 2024-03-01T10:00:00Z",
                                       expiration));
    }
    credentials.expiration = *when;
  }
  return credentials;
}

StatusOr<Credentials> ProcessProvider::Resolve() {
  const Profile* profile = files_->Find(profile_);
  const auto command = profile == nullptr ? std::nullopt : profile->Get("credential_process");
  if (!command) {
    return NotFoundError(fmt::format("profile {} has no credential_process", profile_));
  }
  const std::string what = fmt::format("profile {} ({})", profile_,
                                       profile->Where("credential_process"));
  auto argv = ShellSplit(*command);
  if (!argv.ok()) {
    return InvalidInputError(fmt::format("credential_process of {} cannot be split into words: "
                                         "{}; check its quotes and backslashes",
                                         what, argv.status().message()));
  }
  if (argv->empty()) {
    return InvalidInputError(fmt::format("credential_process of {} is empty", what));
  }
  auto result = Run(*argv);
  if (!result.ok()) return result.status().WithContext(fmt::format("credential_process of {}", what));
  if (result->signal != 0) {
    return Failure(what, fmt::format("was killed by signal {} (its stderr is above)",
                                     result->signal));
  }
  if (result->exit_code != 0) {
    return Failure(what, fmt::format("exited with status {} (its stderr is above)",
                                     result->exit_code));
  }
  ASSIGN_OR_RETURN(Credentials credentials, ParseCredentialProcessOutput(result->output, what));
  credentials.source = fmt::format("credential-process (profile {})", profile_);
  return credentials;
}

}  // namespace kanaria::aws
