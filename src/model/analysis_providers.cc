#include "model/analysis_providers.h"

#include <fmt/format.h>

#include <filesystem>
#include <regex>
#include <span>

#include "model/nearest_name.h"

namespace kanaria::model {
namespace {

namespace fs = std::filesystem;

struct TypeRow {
  AnalysisProviderType type;
  std::string_view name;
};
constexpr TypeRow kTypes[] = {
    {AnalysisProviderType::kCloudWatch, "cloudwatch"},
    {AnalysisProviderType::kPrometheus, "prometheus"},
};
constexpr std::string_view kTypeNames[] = {"cloudwatch", "prometheus"};

constexpr std::string_view kProviderKeys[] = {"type", "address", "region", "auth"};
constexpr std::string_view kAuthKeys[] = {"bearerToken", "bearerTokenFile", "username", "password",
                                          "passwordFile"};
constexpr std::string_view kAuthWays =
    "one of bearerToken, bearerTokenFile, or username with password or passwordFile";

bool IsHttpUrl(std::string_view text) {
  return text.starts_with("http://") || text.starts_with("https://");
}

bool IsRegion(std::string_view text) {
  // us-east-1, eu-central-2, ap-southeast-4, us-gov-west-1, cn-north-1, us-isob-east-1.
  static const std::regex re("^[a-z]{2}(-[a-z]+)+-[0-9]+$");
  return std::regex_match(text.begin(), text.end(), re);
}

class ProviderReader {
 public:
  explicit ProviderReader(ValueReader& reader)
      : reader_(reader), base_(fs::path(reader.file()).parent_path()) {}

  AnalysisProvider Read(const std::string& name, const nlohmann::json& value,
                        const JsonPath& path) {
    AnalysisProvider p;
    p.name = name;
    p.where = reader_.Where(path);
    p.declaration = value;
    if (name.empty()) {
      reader_.Error(path, "a provider needs a non-empty name; the name metrics give as provider");
    }
    if (!reader_.IsObject(&value, path,
                          "a provider declaration: a map with type (cloudwatch or prometheus), "
                          "address, ...")) {
      return p;
    }
    UnknownKeys(value, path, kProviderKeys);

    const JsonPath type_path = path.Key("type");
    const nlohmann::json* type = ValueReader::Member(&value, "type");
    if (type == nullptr) {
      reader_.Error(path, "type is missing; cloudwatch or prometheus");
      return p;
    }
    std::optional<std::string> type_name =
        reader_.String(type, type_path, "cloudwatch or prometheus");
    if (!type_name) return p;
    const TypeRow* row = nullptr;
    for (const TypeRow& r : kTypes) {
      if (r.name == *type_name) row = &r;
    }
    if (row == nullptr) {
      reader_.Error(type_path, fmt::format("{} is not an analysis provider type; {}", *type_name,
                                           SuggestName(*type_name, kTypeNames)));
      return p;
    }
    p.type = row->type;

    const JsonPath address_path = path.Key("address");
    const nlohmann::json* address = ValueReader::Member(&value, "address");
    const std::string address_allowed =
        p.type == AnalysisProviderType::kPrometheus
            ? "the Prometheus server's URL, such as http://prometheus:9090"
            : "a CloudWatch endpoint URL (only to reach an emulator; AWS's endpoint by default)";
    if (address == nullptr) {
      if (p.type == AnalysisProviderType::kPrometheus) {
        reader_.Error(path, fmt::format("address is missing; {}", address_allowed));
      }
    } else if (auto text = reader_.String(address, address_path, address_allowed)) {
      if (IsHttpUrl(*text)) {
        p.address = *text;
      } else {
        reader_.Error(address_path, fmt::format("\"{}\" is not an http:// or https:// URL; {}",
                                                *text, address_allowed));
      }
    }

    const JsonPath region_path = path.Key("region");
    const nlohmann::json* region = ValueReader::Member(&value, "region");
    if (region != nullptr) {
      if (p.type != AnalysisProviderType::kCloudWatch) {
        reader_.Error(region_path, "only a cloudwatch provider has a region; remove it");
      } else if (auto text =
                     reader_.String(region, region_path, "an AWS region such as us-east-1")) {
        if (IsRegion(*text)) {
          p.region = *text;
        } else {
          reader_.Error(
              region_path,
              fmt::format("\"{}\" is not an AWS region; a region such as us-east-1", *text));
        }
      }
    }

    const JsonPath auth_path = path.Key("auth");
    const nlohmann::json* auth = ValueReader::Member(&value, "auth");
    if (auth != nullptr) {
      if (p.type == AnalysisProviderType::kCloudWatch) {
        reader_.Error(auth_path,
                      "a cloudwatch provider signs its requests with the release's AWS "
                      "credentials; remove auth");
      } else if (reader_.IsObject(auth, auth_path, fmt::format("a map with {}", kAuthWays))) {
        ReadAuth(*auth, auth_path, p.auth);
      }
    }
    return p;
  }

 private:
  void UnknownKeys(const nlohmann::json& object, const JsonPath& path,
                   std::span<const std::string_view> keys) {
    for (const auto& [key, value] : object.items()) {
      bool known = false;
      for (std::string_view k : keys) known = known || k == key;
      if (!known) {
        reader_.Error(path.Key(key), fmt::format("unknown key; {}", SuggestName(key, keys)));
      }
    }
  }

  void ReadAuth(const nlohmann::json& auth, const JsonPath& path, ProviderAuth& out) {
    UnknownKeys(auth, path, kAuthKeys);
    const auto text = [&](std::string_view key,
                          std::string_view what) -> std::optional<std::string> {
      const JsonPath key_path = path.Key(key);
      std::optional<std::string> s =
          reader_.String(ValueReader::Member(&auth, key), key_path, what);
      if (s && s->empty()) {
        reader_.Error(key_path, fmt::format("\"\" is empty; {}", what));
        return std::nullopt;
      }
      return s;
    };
    const std::optional<std::string> token = text("bearerToken", "a bearer token (a string)");
    const std::optional<std::string> token_file =
        text("bearerTokenFile", "the path of a file holding the bearer token");
    const std::optional<std::string> username = text("username", "a user name (a string)");
    const std::optional<std::string> password = text("password", "a password (a string)");
    const std::optional<std::string> password_file =
        text("passwordFile", "the path of a file holding the password");

    const int ways =
        (token ? 1 : 0) + (token_file ? 1 : 0) + (username || password || password_file ? 1 : 0);
    if (ways == 0) {
      if (auth.empty()) {
        reader_.Error(path, fmt::format("names no way to authenticate; {}", kAuthWays));
      }
      return;
    }
    if (ways > 1 || (password && password_file)) {
      reader_.Error(path, fmt::format("gives more than one way to authenticate; {}", kAuthWays));
      return;
    }
    if (token) {
      out.kind = ProviderAuth::Kind::kBearerToken;
      out.bearer_token = *token;
    } else if (token_file) {
      out.kind = ProviderAuth::Kind::kBearerTokenFile;
      out.bearer_token_file = ExistingFile(*token_file, path.Key("bearerTokenFile"));
    } else if (!username) {
      reader_.Error(path, fmt::format("{} needs username; {}",
                                      password ? "password" : "passwordFile", kAuthWays));
    } else if (!password && !password_file) {
      reader_.Error(path, fmt::format("username needs password or passwordFile; {}", kAuthWays));
    } else {
      out.kind = ProviderAuth::Kind::kBasic;
      out.username = *username;
      if (password) {
        out.password = *password;
      } else {
        out.password_file = ExistingFile(*password_file, path.Key("passwordFile"));
      }
    }
  }

  // `name` resolved against the declaring file's directory; reported when it is not a file.
  std::string ExistingFile(const std::string& name, const JsonPath& path) {
    const fs::path resolved = fs::path(name).is_absolute() ? fs::path(name) : base_ / name;
    std::error_code ec;
    if (!fs::is_regular_file(resolved, ec)) {
      reader_.Error(path, fmt::format("{} does not exist; a readable file (a relative path is "
                                      "read from the directory of {})",
                                      resolved.string(), reader_.file()));
    }
    return resolved.string();
  }

  ValueReader& reader_;
  fs::path base_;
};

}  // namespace

std::string_view AnalysisProviderTypeName(AnalysisProviderType type) {
  for (const TypeRow& row : kTypes) {
    if (row.type == type) return row.name;
  }
  return "unknown";
}

std::map<std::string, AnalysisProvider> ParseAnalysisProviders(const nlohmann::json* value,
                                                               const JsonPath& path,
                                                               ValueReader& reader) {
  std::map<std::string, AnalysisProvider> out;
  if (value == nullptr) return out;
  if (!reader.IsObject(value, path,
                       "a map from provider names to declarations ({type: prometheus, "
                       "address: URL} or {type: cloudwatch})")) {
    return out;
  }
  ProviderReader provider_reader(reader);
  for (const auto& [name, declaration] : value->items()) {
    out.emplace(name, provider_reader.Read(name, declaration, path.Key(name)));
  }
  return out;
}

}  // namespace kanaria::model
