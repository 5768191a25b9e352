// The shared config and credentials files, merged into profiles as botocore does.
//
//  - config file (AWS_CONFIG_FILE, default ~/.aws/config): `[profile NAME]` and `[default]` are
//    profiles (`[profile default]` too; NAME is read with shlex, so `[profile "a b"]` works);
//    `[sso-session NAME]` sections are kept apart; other sections are not profiles.
//  - credentials file (AWS_SHARED_CREDENTIALS_FILE, default ~/.aws/credentials): every section
//    `[NAME]` is the profile NAME as written (no "profile " prefix).
//  - merged view (botocore's session.full_config): the config file's profiles, with each
//    credentials-file section's keys laid over the profile of the same name (key by key).
// A missing file is an empty file; a malformed one is an error naming the file and line.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aws/credentials/ini_file.h"
#include "core/status.h"

namespace kanaria::aws {

// One profile's settings, each remembering where it was written.
class Profile {
 public:
  Profile() = default;
  Profile(std::string name, std::map<std::string, IniValue> values, std::string origin)
      : name_(std::move(name)), values_(std::move(values)), origin_(std::move(origin)) {}

  const std::string& name() const { return name_; }
  bool Has(const std::string& key) const { return values_.count(key) != 0; }
  // The value of `key` (for a nested block, its raw text), or nullopt when absent.
  std::optional<std::string> Get(const std::string& key) const;
  // "path:line" of `key` (or of the profile when the key is absent), for messages.
  std::string Where(const std::string& key) const;
  const std::map<std::string, IniValue>& values() const { return values_; }

 private:
  friend class ProfileFiles;
  std::string name_;
  std::map<std::string, IniValue> values_;
  // Key -> file that set it (values from the two files can mix in the merged view).
  std::map<std::string, std::string> files_;
  std::string origin_;  // "path:line" of the section header
};

class ProfileFiles {
 public:
  // Loads the files named by AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE (each expanded
  // like botocore: $VARS then ~), defaulting to ~/.aws/config and ~/.aws/credentials.
  static StatusOr<ProfileFiles> Load();
  static StatusOr<ProfileFiles> LoadFrom(const std::string& config_path,
                                         const std::string& credentials_path);
  // Parses in-memory contents (tests, and callers that already read the files).
  static StatusOr<ProfileFiles> FromText(const std::string& config_text,
                                         const std::string& config_path,
                                         const std::string& credentials_text,
                                         const std::string& credentials_path);

  const std::string& config_path() const { return config_path_; }
  const std::string& credentials_path() const { return credentials_path_; }

  // The merged profile (botocore's full_config["profiles"][name]); nullptr when neither file
  // defines it.
  const Profile* Find(const std::string& name) const;
  // The profile as the config file alone defines it (botocore's ConfigProvider view).
  const Profile* FindInConfigFile(const std::string& name) const;
  // The credentials-file section of that exact name (SharedCredentialProvider's view).
  const Profile* FindInCredentialsFile(const std::string& name) const;
  // A `[sso-session NAME]` section of the config file.
  const Profile* FindSsoSession(const std::string& name) const;
  // Every profile name of the merged view, sorted.
  std::vector<std::string> ProfileNames() const;

 private:
  static StatusOr<ProfileFiles> Build(std::optional<IniFile> config,
                                      std::optional<IniFile> credentials,
                                      const std::string& config_path,
                                      const std::string& credentials_path);
  std::string config_path_;
  std::string credentials_path_;
  std::map<std::string, Profile> config_profiles_;
  std::map<std::string, Profile> credentials_profiles_;
  std::map<std::string, Profile> merged_;
  std::map<std::string, Profile> sso_sessions_;
};

// The profile kanaria works with and how it was chosen.
struct ActiveProfile {
  std::string name = "default";
  // --profile was given: botocore then skips the environment-variable credentials provider and
  // AWS_WEB_IDENTITY_TOKEN_FILE / AWS_ROLE_ARN.
  bool explicitly_set = false;
  // The name came from --profile, AWS_DEFAULT_PROFILE or AWS_PROFILE (not the implicit
  // "default"): such a profile must exist in one of the files, as botocore requires.
  bool named = false;
  // "--profile", "AWS_DEFAULT_PROFILE", "AWS_PROFILE" or "" (the implicit default), for messages.
  std::string chosen_by;
};

// --profile > AWS_DEFAULT_PROFILE > AWS_PROFILE > "default" (botocore checks AWS_DEFAULT_PROFILE
// first; it is legacy but still honoured). As in botocore, a variable set to "" still counts
// (and CheckProfileExists then refuses the empty name).
ActiveProfile SelectProfile(const std::optional<std::string>& cli_profile);

// kInvalidInput when a named profile exists in neither file (botocore's ProfileNotFound), with
// the files and the available profile names.
Status CheckProfileExists(const ProfileFiles& files, const ActiveProfile& profile);

}  // namespace kanaria::aws
