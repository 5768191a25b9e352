// STS state: the temporary credentials the emulator issued (AssumeRole,
// AssumeRoleWithWebIdentity), so that the SigV4 check (signature_check.h) accepts requests signed
// with them and GetCallerIdentity names the assumed role. Issued credentials are kept after they
// expire: the check must tell "expired" (ExpiredToken) from "never issued" (InvalidClientTokenId).
// Thread-safe on its own: the signature check looks keys up before the dispatcher takes the
// World's mutex.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.h"

namespace kanaria::emulator {

class World;

struct IssuedCredentials {
  std::string access_key_id;      // "ASIA" + 16 uppercase alphanumerics
  std::string secret_access_key;  // 40 characters
  std::string session_token;
  WallTime expiration;
  std::string role_arn;  // arn:aws:iam::A:role/PATH/NAME
  std::string session_name;
  std::string assumed_role_arn;  // arn:aws:sts::A:assumed-role/NAME/SESSION
  std::string assumed_role_id;   // "AROA...:SESSION", GetCallerIdentity's UserId
};

class StsState {
 public:
  explicit StsState(World& world) : world_(&world) {}

  // Issues fresh credentials for `role_arn` valid until `expiration` and remembers them.
  // REQUIRES: role_arn is an IAM role ARN (the handler validated it).
  IssuedCredentials Issue(const std::string& role_arn, const std::string& session_name,
                          WallTime expiration);
  // Credentials this emulator issued under `access_key_id`, expired ones included (the caller
  // compares expiration with its clock); nullopt when never issued.
  std::optional<IssuedCredentials> FindIssued(const std::string& access_key_id) const;

  // The stable unique id AWS gives a role ("AROA" + 17) and the emulator's default IAM user
  // ("AIDA" + 17), derived from the seed so a seeded run repeats them.
  std::string RoleId(const std::string& role_arn);
  std::string DefaultUserId();
  // The identity of requests signed with the configured (non-temporary) keys.
  std::string DefaultUserArn() const;

 private:
  std::string Draw(std::string_view alphabet, int n);
  World* world_;
  mutable std::mutex mu_;
  std::map<std::string, IssuedCredentials> issued_;  // by access key id
  std::map<std::string, std::string> role_ids_;      // by role ARN
  std::string default_user_id_;
};

}  // namespace kanaria::emulator
