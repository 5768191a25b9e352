// Test-only helpers shared by the credentials tests (header-only, so it never enters
// kanaria_lib): a temporary directory for config files and scripts, an isolated AWS
// environment, and a RoleAssumer fake that records what it was asked.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "aws/credentials/role_assumer.h"
#include "core/clock.h"
#include "support/scoped_env.h"

namespace kanaria::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it at the end.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/kanaria-creds-XXXXXX";
    char* made = mkdtemp(pattern.data());
    path_ = made ? made : "";
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string Path(const std::string& name) const { return path_ + "/" + name; }
  // Writes `contents` to `name` (mode 0755 when `executable`) and returns the full path.
  std::string Write(const std::string& name, const std::string& contents,
                    bool executable = false) const {
    const std::string full = Path(name);
    std::ofstream(full, std::ios::binary | std::ios::trunc) << contents;
    if (executable) chmod(full.c_str(), 0755);
    return full;
  }

 private:
  std::string path_;
};

// Unsets every AWS_* variable, points the config and credentials files into `dir` (files that
// do not exist until a test writes them), and disables IMDS so nothing reaches 169.254.169.254.
inline void IsolateAwsEnvironment(ScopedEnv& env, const TempDir& dir) {
  env.UnsetPrefix("AWS_");
  env.Set("AWS_CONFIG_FILE", dir.Path("config"));
  env.Set("AWS_SHARED_CREDENTIALS_FILE", dir.Path("credentials"));
  env.Set("AWS_EC2_METADATA_DISABLED", "true");
}

// Records every call; answers with credentials derived from the request so tests can tell which
// source signed which call: access key "ASSUMED(<role arn>)<-<source access key>" or
// "WEBID(<role arn>)", valid for `lifetime` from the clock's now.
class FakeRoleAssumer final : public aws::RoleAssumer {
 public:
  struct Call {
    aws::Credentials source;  // empty for web identity
    aws::AssumeRoleRequest request;
    std::string web_identity_token;
  };

  explicit FakeRoleAssumer(const Clock& clock, std::chrono::seconds lifetime = std::chrono::hours(1))
      : clock_(clock), lifetime_(lifetime) {}

  StatusOr<aws::Credentials> AssumeRole(const aws::Credentials& source,
                                        const aws::AssumeRoleRequest& request) override {
    std::lock_guard<std::mutex> lock(mu_);
    calls_.push_back({source, request, ""});
    if (!fail_with_.ok()) return fail_with_;
    return Make("ASSUMED(" + request.role_arn + ")<-" + source.access_key_id);
  }
  StatusOr<aws::Credentials> AssumeRoleWithWebIdentity(
      const aws::AssumeRoleRequest& request, const std::string& web_identity_token) override {
    std::lock_guard<std::mutex> lock(mu_);
    calls_.push_back({{}, request, web_identity_token});
    if (!fail_with_.ok()) return fail_with_;
    return Make("WEBID(" + request.role_arn + ")");
  }

  std::vector<Call> calls() const {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  void FailWith(Status status) {
    std::lock_guard<std::mutex> lock(mu_);
    fail_with_ = std::move(status);
  }
  void SetLifetime(std::chrono::seconds lifetime) {
    std::lock_guard<std::mutex> lock(mu_);
    lifetime_ = lifetime;
  }

 private:
  aws::Credentials Make(const std::string& access_key) {
    aws::Credentials credentials;
    credentials.access_key_id = access_key;
    credentials.secret_access_key = "assumed-secret-" + std::to_string(calls_.size());
    credentials.session_token = "assumed-token-" + std::to_string(calls_.size());
    credentials.expiration = clock_.Now() + lifetime_;
    return credentials;
  }

  const Clock& clock_;
  mutable std::mutex mu_;
  std::chrono::seconds lifetime_;
  std::vector<Call> calls_;
  Status fail_with_;
};

}  // namespace kanaria::testing
