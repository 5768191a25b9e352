// The emulated STS: who is calling, and temporary credentials for any role. There is no IAM:
// every syntactically valid role can be assumed by anyone, which is what rehearsals need (the
// release engine assumes a deploy role; nothing here decides permissions).
// Query protocol: every input scalar arrives as a string (InputFields converts).
#include "emulator/services/sts/sts_operations.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "emulator/api_error.h"
#include "emulator/input_fields.h"
#include "emulator/world.h"

namespace kanaria::emulator {
namespace {

constexpr int kDefaultDurationSeconds = 3600;

[[noreturn]] void Invalid(const std::string& value, const std::string& member,
                          const std::string& constraint) {
  Fail("ValidationError", "1 validation error detected: Value '" + value + "' at '" + member +
                              "' failed to satisfy constraint: " + constraint);
}

std::string NullMessage(const std::string& member) {
  return "1 validation error detected: Value null at '" + member +
         "' failed to satisfy constraint: Member must not be null";
}

bool AllOf(const std::string& text, std::string_view extra) {
  for (char c : text) {
    const bool word = std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    if (!word && extra.find(c) == std::string_view::npos) return false;
  }
  return true;
}

// "arn:aws:iam::<12 digits>:role/<path/>name"
std::string ReadRoleArn(const InputFields& fields) {
  const std::string arn = fields.RequiredString("RoleArn", NullMessage("roleArn"));
  if (arn.size() < 20)
    Invalid(arn, "roleArn", "Member must have length greater than or equal to 20");
  const std::string prefix = "arn:aws:iam::";
  const size_t role = arn.find(":role/");
  const bool account_ok = role == prefix.size() + 12 &&
                          std::all_of(arn.begin() + static_cast<std::ptrdiff_t>(prefix.size()),
                                      arn.begin() + static_cast<std::ptrdiff_t>(role), ::isdigit);
  if (arn.rfind(prefix, 0) != 0 || !account_ok || arn.back() == '/') {
    Fail("ValidationError", arn + " is not a valid role ARN");
  }
  return arn;
}

std::string ReadSessionName(const InputFields& fields) {
  const std::string name = fields.RequiredString("RoleSessionName", NullMessage("roleSessionName"));
  if (name.size() < 2) {
    Invalid(name, "roleSessionName", "Member must have length greater than or equal to 2");
  }
  if (name.size() > 64) {
    Invalid(name, "roleSessionName", "Member must have length less than or equal to 64");
  }
  if (!AllOf(name, "+=,.@-")) {
    Invalid(name, "roleSessionName",
            "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
  }
  return name;
}

WallTime ReadExpiration(const CallContext& context, const InputFields& fields) {
  const int64_t seconds = fields.Integer("DurationSeconds").value_or(kDefaultDurationSeconds);
  const std::string text = std::to_string(seconds);
  if (seconds < 900) {
    Invalid(text, "durationSeconds", "Member must have value greater than or equal to 900");
  }
  if (seconds > 43200) {
    Invalid(text, "durationSeconds", "Member must have value less than or equal to 43200");
  }
  // Whole seconds, as AWS reports Expiration.
  return std::chrono::floor<std::chrono::seconds>(context.now) + std::chrono::seconds(seconds);
}

// A session policy must be a JSON policy document; AWS refuses anything else before issuing.
void CheckSessionPolicy(const InputFields& fields) {
  const std::optional<std::string> policy = fields.String("Policy");
  if (!policy) return;
  const nlohmann::json parsed = nlohmann::json::parse(*policy, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    Fail("MalformedPolicyDocument", "The policy is not in the valid JSON format.");
  }
  if (policy->size() > 2048) {
    Fail("PackedPolicyTooLarge", "The inline session policy is too large: at most 2048 characters.");
  }
}

nlohmann::json CredentialsResult(const CallContext& context, const IssuedCredentials& issued) {
  return {{"Credentials",
           {{"AccessKeyId", issued.access_key_id},
            {"SecretAccessKey", issued.secret_access_key},
            {"SessionToken", issued.session_token},
            {"Expiration", TimestampValue(context, issued.expiration)}}},
          {"AssumedRoleUser",
           {{"AssumedRoleId", issued.assumed_role_id}, {"Arn", issued.assumed_role_arn}}}};
}

nlohmann::json GetCallerIdentity(CallContext& context, const nlohmann::json&) {
  StsState& sts = context.world.sts;
  if (!context.access_key_id.empty()) {
    if (const std::optional<IssuedCredentials> issued = sts.FindIssued(context.access_key_id)) {
      const std::string account = issued->role_arn.substr(13, 12);  // ReadRoleArn checked it
      return {{"UserId", issued->assumed_role_id},
              {"Account", account},
              {"Arn", issued->assumed_role_arn}};
    }
  }
  return {{"UserId", sts.DefaultUserId()},
          {"Account", context.world.account_id()},
          {"Arn", sts.DefaultUserArn()}};
}

nlohmann::json AssumeRole(CallContext& context, const nlohmann::json& input) {
  const InputFields fields(input, "ValidationError");
  const std::string role_arn = ReadRoleArn(fields);
  const std::string session_name = ReadSessionName(fields);
  CheckSessionPolicy(fields);
  const WallTime expiration = ReadExpiration(context, fields);
  if (const std::optional<std::string> external_id = fields.String("ExternalId")) {
    if (external_id->size() < 2 || external_id->size() > 1224 || !AllOf(*external_id, "+=,.@:/-")) {
      Invalid(*external_id, "externalId",
              "Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*");
    }
  }
  return CredentialsResult(context, context.world.sts.Issue(role_arn, session_name, expiration));
}

// Unsigned on the wire: the token is the credential. Its signature is not checked (there is no
// identity provider); it must at least be shaped like a JWT, as AWS requires.
nlohmann::json AssumeRoleWithWebIdentity(CallContext& context, const nlohmann::json& input) {
  const InputFields fields(input, "ValidationError");
  const std::string role_arn = ReadRoleArn(fields);
  const std::string session_name = ReadSessionName(fields);
  const std::string token =
      fields.RequiredString("WebIdentityToken", NullMessage("webIdentityToken"));
  if (token.size() < 4) {
    Invalid("******", "webIdentityToken", "Member must have length greater than or equal to 4");
  }
  const size_t first_dot = token.find('.');
  const size_t second_dot =
      first_dot == std::string::npos ? first_dot : token.find('.', first_dot + 1);
  if (first_dot == 0 || second_dot == std::string::npos || second_dot == first_dot + 1 ||
      token.find('.', second_dot + 1) != std::string::npos) {
    Fail("InvalidIdentityToken",
         "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access "
         "Token)");
  }
  CheckSessionPolicy(fields);
  const WallTime expiration = ReadExpiration(context, fields);
  nlohmann::json result =
      CredentialsResult(context, context.world.sts.Issue(role_arn, session_name, expiration));
  result["SubjectFromWebIdentityToken"] = session_name;
  result["Provider"] = fields.String("ProviderId").value_or("kanaria-emulator");
  result["Audience"] = "sts.amazonaws.com";
  return result;
}

}  // namespace

std::span<const EmulatedOperation> StsOperations() {
  static const EmulatedOperation kOperations[] = {
      {"GetCallerIdentity", GetCallerIdentity},
      {"AssumeRole", AssumeRole},
      {"AssumeRoleWithWebIdentity", AssumeRoleWithWebIdentity},
  };
  return kOperations;
}

}  // namespace kanaria::emulator
