#include "emulator/services/sts/sts_state.h"

#include "emulator/world.h"

namespace kanaria::emulator {
namespace {
constexpr std::string_view kUpperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// "arn:aws:iam::123456789012:role/path/name" -> "name".
std::string RoleName(const std::string& role_arn) {
  const size_t slash = role_arn.rfind('/');
  return slash == std::string::npos ? role_arn : role_arn.substr(slash + 1);
}

// "arn:aws:iam::123456789012:role/..." -> "123456789012".
std::string AccountOf(const std::string& arn) {
  size_t start = 0;
  for (int colons = 0; colons < 4; ++colons) start = arn.find(':', start) + 1;
  return arn.substr(start, arn.find(':', start) - start);
}
}  // namespace

// Draws from its own stream: credentials must not shift the resource ids of a seeded run.
std::string StsState::Draw(std::string_view alphabet, int n) {
  std::string out;
  out.reserve(n);
  for (int i = 0; i < n; ++i) {
    out += alphabet[static_cast<size_t>(world_->random.Next("sts") * alphabet.size())];
  }
  return out;
}

IssuedCredentials StsState::Issue(const std::string& role_arn, const std::string& session_name,
                                  WallTime expiration) {
  IssuedCredentials credentials;
  credentials.role_arn = role_arn;
  credentials.session_name = session_name;
  credentials.expiration = expiration;
  std::lock_guard<std::mutex> lock(mu_);
  do {
    credentials.access_key_id = "ASIA" + Draw(kUpperAlnum, 16);
  } while (issued_.contains(credentials.access_key_id));
  credentials.secret_access_key = Draw(kBase64, 40);
  // Real session tokens are long opaque base64 blobs; clients only echo them back.
  credentials.session_token = "IQoJb3JpZ2luX2VjE" + Draw(kBase64, 300);
  credentials.assumed_role_arn = "arn:aws:sts::" + AccountOf(role_arn) + ":assumed-role/" +
                                 RoleName(role_arn) + "/" + session_name;
  std::string& role_id = role_ids_[role_arn];
  if (role_id.empty()) role_id = "AROA" + Draw(kUpperAlnum, 17);
  credentials.assumed_role_id = role_id + ":" + session_name;
  issued_[credentials.access_key_id] = credentials;
  return credentials;
}

std::optional<IssuedCredentials> StsState::FindIssued(const std::string& access_key_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = issued_.find(access_key_id);
  if (it == issued_.end()) return std::nullopt;
  return it->second;
}

std::string StsState::RoleId(const std::string& role_arn) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string& role_id = role_ids_[role_arn];
  if (role_id.empty()) role_id = "AROA" + Draw(kUpperAlnum, 17);
  return role_id;
}

std::string StsState::DefaultUserId() {
  std::lock_guard<std::mutex> lock(mu_);
  if (default_user_id_.empty()) default_user_id_ = "AIDA" + Draw(kUpperAlnum, 17);
  return default_user_id_;
}

std::string StsState::DefaultUserArn() const {
  return "arn:aws:iam::" + world_->account_id() + ":user/kanaria-emulator";
}

}  // namespace kanaria::emulator
