#include "aws/credentials/imds_provider.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws/credentials/env_vars.h"
#include "aws/credentials/register_secrets.h"
#include "aws/iso8601.h"
#include "core/ascii.h"

namespace kanaria::aws {
namespace {

constexpr const char* kTokenPath = "latest/api/token";
constexpr const char* kRolePath = "latest/meta-data/iam/security-credentials/";
constexpr const char* kTokenTtlHeader = "x-aws-ec2-metadata-token-ttl-seconds";
constexpr const char* kTokenHeader = "x-aws-ec2-metadata-token";
constexpr const char* kTokenTtl = "21600";

// The environment variable when set and non-empty, else the profile key; `where` names it.
std::optional<std::string> Lookup(const char* env, const char* key, const Profile* profile,
                                  std::string* where) {
  if (auto value = GetNonEmptyEnv(env)) {
    *where = env;
    return value;
  }
  if (profile != nullptr) {
    if (auto value = profile->Get(key)) {
      *where = fmt::format("{} ({})", key, profile->Where(key));
      return value;
    }
  }
  return std::nullopt;
}

StatusOr<int> PositiveInt(const std::string& text, const std::string& where) {
  int value = 0;
  size_t used = 0;
  try {
    value = std::stoi(text, &used);
  } catch (...) {
    used = 0;
  }
  if (used != text.size() || text.empty() || value <= 0) {
    return InvalidInputError(fmt::format("{} is \"{}\"; it must be a positive whole number",
                                         where, text));
  }
  return value;
}

// The requests of one Resolve(): remembers the session token and re-fetches it once on 401.
class ImdsSession {
 public:
  ImdsSession(HttpTransport& transport, const ImdsSettings& settings)
      : transport_(transport), settings_(settings) {}

  // Gets a token, or decides to go on without one (IMDSv1) as botocore does.
  Status Start() {
    ASSIGN_OR_RETURN(token_, FetchToken());
    if (!token_ && settings_.v1_disabled) {
      return UnavailableError(fmt::format(
          "no IMDSv2 token from {} and IMDSv1 is disabled (AWS_EC2_METADATA_V1_DISABLED / "
          "ec2_metadata_v1_disabled)",
          settings_.endpoint));
    }
    return Status::Ok();
  }

  // GETs `path`, retrying (up to the configured attempts) non-200 and empty answers, and JSON
  // that does not parse when `json` is set. Failures are kNotFound with the reason.
  StatusOr<std::string> Get(const std::string& path, bool json) {
    std::string last = "no attempt made";
    for (int attempt = 0; attempt < settings_.attempts; ++attempt) {
      auto response = transport_.Send(Request("GET", path));
      if (response.ok() && response->status == 401 && token_ && !retokened_) {
        // The token expired (or the instance restarted): IMDSv2 asks for a new one.
        retokened_ = true;
        auto fresh = FetchToken();
        if (fresh.ok() && *fresh) {
          token_ = *fresh;
          response = transport_.Send(Request("GET", path));
        }
      }
      if (!response.ok()) {
        last = response.status().message();
        continue;
      }
      if (response->status != 200) {
        last = fmt::format("HTTP {}", response->status);
        continue;
      }
      if (response->body.empty()) {
        last = "an empty answer";
        continue;
      }
      if (json && nlohmann::json::parse(response->body, nullptr, false).is_discarded()) {
        last = "an answer that is not JSON";
        continue;
      }
      return response->body;
    }
    return NotFoundError(fmt::format("GET {} gave {}", Url(path), last));
  }

 private:
  std::string Url(const std::string& path) const {
    const std::string& base = settings_.endpoint;
    return base + (!base.empty() && base.back() == '/' ? "" : "/") + path;
  }

  HttpRequest Request(const std::string& method, const std::string& path) const {
    HttpRequest request;
    request.method = method;
    request.url = Url(path);
    request.connect_timeout = settings_.timeout;
    request.total_timeout = settings_.timeout;
    if (method == "PUT") {
      request.headers.emplace_back(kTokenTtlHeader, kTokenTtl);
    } else if (token_) {
      request.headers.emplace_back(kTokenHeader, *token_);
    }
    return request;
  }

  // botocore's _fetch_metadata_token: 200 -> token; 403/404/405 or a timeout -> none (fall back
  // to IMDSv1); 400 -> give up; anything else is retried, then none.
  StatusOr<std::optional<std::string>> FetchToken() {
    for (int attempt = 0; attempt < settings_.attempts; ++attempt) {
      auto response = transport_.Send(Request("PUT", kTokenPath));
      if (!response.ok()) {
        if (response.status().code() == StatusCode::kDeadlineExceeded) break;
        continue;
      }
      if (response->status == 200) {
        RegisterSecret(response->body);
        return std::optional<std::string>(response->body);
      }
      if (response->status == 403 || response->status == 404 || response->status == 405) break;
      if (response->status == 400) {
        return NotFoundError(fmt::format("PUT {} was refused with HTTP 400", Url(kTokenPath)));
      }
    }
    return std::optional<std::string>();
  }

  HttpTransport& transport_;
  const ImdsSettings& settings_;
  std::optional<std::string> token_;
  bool retokened_ = false;
};

}  // namespace

StatusOr<ImdsSettings> ImdsSettings::Resolve(const Profile* profile) {
  ImdsSettings settings;
  settings.disabled =
      AsciiLowercase(GetEnv("AWS_EC2_METADATA_DISABLED").value_or("false")) == "true";
  std::string where;
  bool ipv6 = false;
  if (auto mode = Lookup("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
                         "ec2_metadata_service_endpoint_mode", profile, &where)) {
    const std::string lowered = AsciiLowercase(*mode);
    if (lowered != "ipv4" && lowered != "ipv6") {
      return InvalidInputError(
          fmt::format("{} is \"{}\"; it must be ipv4 or ipv6", where, *mode));
    }
    ipv6 = lowered == "ipv6";
  } else if (auto use_ipv6 = Lookup("AWS_IMDS_USE_IPV6", "imds_use_ipv6", profile, &where)) {
    ipv6 = AsciiLowercase(*use_ipv6) == "true";
  }
  if (ipv6) settings.endpoint = "http://[fd00:ec2::254]";
  if (auto endpoint = Lookup("AWS_EC2_METADATA_SERVICE_ENDPOINT",
                             "ec2_metadata_service_endpoint", profile, &where)) {
    if (endpoint->rfind("http://", 0) != 0 && endpoint->rfind("https://", 0) != 0) {
      return InvalidInputError(fmt::format(
          "{} is \"{}\"; it must be a URL such as http://169.254.169.254", where, *endpoint));
    }
    settings.endpoint = *endpoint;
  }
  if (auto timeout = Lookup("AWS_METADATA_SERVICE_TIMEOUT", "metadata_service_timeout", profile,
                            &where)) {
    ASSIGN_OR_RETURN(const int seconds, PositiveInt(*timeout, where));
    settings.timeout = std::chrono::seconds(seconds);
  }
  if (auto attempts = Lookup("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "metadata_service_num_attempts",
                             profile, &where)) {
    ASSIGN_OR_RETURN(settings.attempts, PositiveInt(*attempts, where));
  }
  if (auto v1 = Lookup("AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled", profile,
                       &where)) {
    settings.v1_disabled = AsciiLowercase(*v1) == "true";
  }
  return settings;
}

StatusOr<Credentials> ImdsProvider::Resolve() {
  if (AsciiLowercase(GetEnv("AWS_EC2_METADATA_DISABLED").value_or("false")) == "true") {
    return NotFoundError("disabled by AWS_EC2_METADATA_DISABLED=true");
  }
  ASSIGN_OR_RETURN(const ImdsSettings settings, ImdsSettings::Resolve(files_->Find(profile_)));
  if (transport_ == nullptr) return NotFoundError("no HTTP transport configured");
  ImdsSession session(*transport_, settings);
  RETURN_IF_ERROR(session.Start());
  ASSIGN_OR_RETURN(std::string role, session.Get(kRolePath, /*json=*/false));
  // IMDS lists one role per line; an instance profile has exactly one.
  role = role.substr(0, role.find_first_of("\r\n"));
  ASSIGN_OR_RETURN(const std::string body, session.Get(kRolePath + role, /*json=*/true));
  const auto parsed = nlohmann::json::parse(body, nullptr, false);
  Credentials credentials;
  for (const auto& [field, target] :
       {std::pair<const char*, std::string*>{"AccessKeyId", &credentials.access_key_id},
        {"SecretAccessKey", &credentials.secret_access_key},
        {"Token", &credentials.session_token}}) {
    const auto it = parsed.is_object() ? parsed.find(field) : parsed.end();
    if (!parsed.is_object() || it == parsed.end() || !it->is_string()) {
      // IMDS answers 200 with {"Code": ..., "Message": ...} when the role cannot be used.
      std::string code;
      if (parsed.is_object() && parsed.contains("Code") && parsed["Code"].is_string()) {
        code = fmt::format(" (Code {})", parsed["Code"].get<std::string>());
      }
      return NotFoundError(fmt::format("the credentials of role {} have no \"{}\"{}", role,
                                       field, code));
    }
    *target = it->get<std::string>();
  }
  RegisterSecrets(credentials);
  const auto expiration = parsed.find("Expiration");
  if (expiration == parsed.end() || !expiration->is_string()) {
    return NotFoundError(fmt::format("the credentials of role {} have no \"Expiration\"", role));
  }
  auto when = ParseIso8601(expiration->get<std::string>());
  if (!when.ok()) {
    return NotFoundError(fmt::format("the credentials of role {} expire at \"{}\", which is not "
                                     "an ISO 8601 time",
                                     role, expiration->get<std::string>()));
  }
  credentials.expiration = *when;
  credentials.source = "imds";
  return credentials;
}

}  // namespace kanaria::aws
