#include "aws/credentials/profile_files.h"

#include <fmt/format.h>

#include "aws/credentials/env_vars.h"
#include "aws/credentials/shlex.h"

namespace kanaria::aws {
namespace {

Profile MakeProfile(const std::string& name, const IniSection& section, const std::string& path,
                    std::map<std::string, std::string>& files) {
  for (const auto& [key, value] : section.values) files[key] = path;
  return Profile(name, section.values, fmt::format("{}:{}", path, section.line));
}

// botocore's _parse_section: shlex-split the header; exactly two words name the entry.
std::optional<std::string> SecondWord(const std::string& header) {
  auto words = ShellSplit(header);
  if (!words.ok() || words->size() != 2) return std::nullopt;
  return (*words)[1];
}

StatusOr<std::optional<IniFile>> LoadOptional(const std::string& path) {
  auto file = LoadIniFile(path);
  if (file.ok()) return std::optional<IniFile>(std::move(file).value());
  if (file.status().code() == StatusCode::kNotFound) return std::optional<IniFile>();
  return file.status();
}

}  // namespace

std::optional<std::string> Profile::Get(const std::string& key) const {
  auto it = values_.find(key);
  if (it == values_.end()) return std::nullopt;
  return it->second.value;
}

std::string Profile::Where(const std::string& key) const {
  auto it = values_.find(key);
  auto file = files_.find(key);
  if (it == values_.end() || file == files_.end()) return origin_;
  return fmt::format("{}:{}", file->second, it->second.line);
}

StatusOr<ProfileFiles> ProfileFiles::Load() {
  const std::string config = ExpandPath(GetEnv("AWS_CONFIG_FILE").value_or("~/.aws/config"));
  const std::string credentials =
      ExpandPath(GetEnv("AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials"));
  return LoadFrom(config, credentials);
}

StatusOr<ProfileFiles> ProfileFiles::LoadFrom(const std::string& config_path,
                                              const std::string& credentials_path) {
  ASSIGN_OR_RETURN(auto config, LoadOptional(config_path));
  ASSIGN_OR_RETURN(auto credentials, LoadOptional(credentials_path));
  return Build(std::move(config), std::move(credentials), config_path, credentials_path);
}

StatusOr<ProfileFiles> ProfileFiles::FromText(const std::string& config_text,
                                              const std::string& config_path,
                                              const std::string& credentials_text,
                                              const std::string& credentials_path) {
  ASSIGN_OR_RETURN(auto config, ParseIni(config_text, config_path));
  ASSIGN_OR_RETURN(auto credentials, ParseIni(credentials_text, credentials_path));
  return Build(std::move(config), std::move(credentials), config_path, credentials_path);
}

StatusOr<ProfileFiles> ProfileFiles::Build(std::optional<IniFile> config,
                                           std::optional<IniFile> credentials,
                                           const std::string& config_path,
                                           const std::string& credentials_path) {
  ProfileFiles files;
  files.config_path_ = config_path;
  files.credentials_path_ = credentials_path;
  if (config) {
    // File order matters: `[default]` and `[profile default]` both name "default" and the
    // later section replaces the earlier one, as botocore's dict updates do.
    for (const auto& section : config->sections) {
      std::map<std::string, std::string> key_files;
      if (section.name.rfind("profile", 0) == 0) {
        if (auto name = SecondWord(section.name)) {
          Profile profile = MakeProfile(*name, section, config_path, key_files);
          profile.files_ = std::move(key_files);
          files.config_profiles_[*name] = std::move(profile);
        }
      } else if (section.name.rfind("sso-session", 0) == 0) {
        if (auto name = SecondWord(section.name)) {
          Profile session = MakeProfile(*name, section, config_path, key_files);
          session.files_ = std::move(key_files);
          files.sso_sessions_[*name] = std::move(session);
        }
      } else if (section.name == "default") {
        Profile profile = MakeProfile("default", section, config_path, key_files);
        profile.files_ = std::move(key_files);
        files.config_profiles_["default"] = std::move(profile);
      }
    }
  }
  if (credentials) {
    for (const auto& section : credentials->sections) {
      std::map<std::string, std::string> key_files;
      Profile profile = MakeProfile(section.name, section, credentials_path, key_files);
      profile.files_ = std::move(key_files);
      files.credentials_profiles_[section.name] = std::move(profile);
    }
  }
  files.merged_ = files.config_profiles_;
  for (const auto& [name, from_credentials] : files.credentials_profiles_) {
    auto it = files.merged_.find(name);
    if (it == files.merged_.end()) {
      files.merged_[name] = from_credentials;
      continue;
    }
    for (const auto& [key, value] : from_credentials.values_) {
      it->second.values_[key] = value;
      it->second.files_[key] = credentials_path;
    }
  }
  return files;
}

const Profile* ProfileFiles::Find(const std::string& name) const {
  auto it = merged_.find(name);
  return it == merged_.end() ? nullptr : &it->second;
}

const Profile* ProfileFiles::FindInConfigFile(const std::string& name) const {
  auto it = config_profiles_.find(name);
  return it == config_profiles_.end() ? nullptr : &it->second;
}

const Profile* ProfileFiles::FindInCredentialsFile(const std::string& name) const {
  auto it = credentials_profiles_.find(name);
  return it == credentials_profiles_.end() ? nullptr : &it->second;
}

const Profile* ProfileFiles::FindSsoSession(const std::string& name) const {
  auto it = sso_sessions_.find(name);
  return it == sso_sessions_.end() ? nullptr : &it->second;
}

std::vector<std::string> ProfileFiles::ProfileNames() const {
  std::vector<std::string> names;
  for (const auto& [name, profile] : merged_) names.push_back(name);
  return names;
}

ActiveProfile SelectProfile(const std::optional<std::string>& cli_profile) {
  ActiveProfile active;
  if (cli_profile) {
    active.name = *cli_profile;
    active.explicitly_set = true;
    active.named = true;
    active.chosen_by = "--profile";
    return active;
  }
  // botocore takes the first of these that is set at all, even to "" (which then names no
  // profile and fails in CheckProfileExists, as botocore's ProfileNotFound does).
  for (const char* variable : {"AWS_DEFAULT_PROFILE", "AWS_PROFILE"}) {
    if (auto value = GetEnv(variable)) {
      active.name = *value;
      active.named = true;
      active.chosen_by = variable;
      return active;
    }
  }
  return active;
}

Status CheckProfileExists(const ProfileFiles& files, const ActiveProfile& profile) {
  if (!profile.named || files.Find(profile.name) != nullptr) return Status::Ok();
  if (profile.name.empty()) {
    return InvalidInputError(fmt::format("{} is set to an empty profile name; unset it or name a "
                                         "profile",
                                         profile.chosen_by));
  }
  const auto names = files.ProfileNames();
  const std::string& how = profile.chosen_by;
  return InvalidInputError(fmt::format(
      "profile \"{}\" (from {}) is defined in neither {} (as [profile {}]) nor {} (as [{}]); {}",
      profile.name, how, files.config_path(), profile.name, files.credentials_path(),
      profile.name,
      names.empty() ? std::string("neither file defines any profile")
                    : fmt::format("defined profiles: {}", fmt::join(names, ", "))));
}

}  // namespace kanaria::aws
