#include "emulator/signature_check.h"

#include <openssl/crypto.h>

#include <chrono>
#include <cstdio>
#include <vector>

#include "aws/credentials/credentials.h"
#include "aws/sigv4.h"
#include "aws/url.h"
#include "core/ascii.h"
#include "emulator/services/sts/sts_state.h"

namespace kanaria::emulator {
namespace {

constexpr auto kAllowedSkew = std::chrono::minutes(15);

struct ParsedAuthorization {
  CredentialScope scope;
  std::vector<std::string> signed_headers;  // lowercase, as listed
  std::string signed_headers_text;
  std::string signature;
};

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

std::optional<ParsedAuthorization> ParseAuthorization(std::string_view header) {
  constexpr std::string_view kAlgorithm = aws::kSigV4Algorithm;
  header = TrimSpacesAndTabs(header);
  if (header.substr(0, kAlgorithm.size()) != kAlgorithm || header.size() == kAlgorithm.size() ||
      header[kAlgorithm.size()] != ' ') {
    return std::nullopt;
  }
  ParsedAuthorization parsed;
  bool has_credential = false;
  for (std::string_view part : Split(header.substr(kAlgorithm.size() + 1), ',')) {
    part = TrimSpacesAndTabs(part);
    const size_t equals = part.find('=');
    if (equals == std::string_view::npos) return std::nullopt;
    const std::string_view key = part.substr(0, equals);
    const std::string_view value = part.substr(equals + 1);
    if (key == "Credential") {
      const std::vector<std::string_view> pieces = Split(value, '/');
      if (pieces.size() != 5 || pieces[4] != "aws4_request" || pieces[0].empty() ||
          pieces[1].size() != 8 || pieces[2].empty() || pieces[3].empty()) {
        return std::nullopt;
      }
      parsed.scope = {std::string(pieces[0]), std::string(pieces[1]), std::string(pieces[2]),
                      std::string(pieces[3])};
      has_credential = true;
    } else if (key == "SignedHeaders") {
      parsed.signed_headers_text = std::string(value);
      for (std::string_view name : Split(value, ';')) {
        if (name.empty()) return std::nullopt;
        parsed.signed_headers.emplace_back(name);
      }
    } else if (key == "Signature") {
      parsed.signature = std::string(value);
    }
  }
  if (!has_credential || parsed.signed_headers.empty() || parsed.signature.empty()) {
    return std::nullopt;
  }
  return parsed;
}

// "20150830T123600Z" -> the instant; nullopt when not exactly that form.
std::optional<WallTime> ParseAmzDate(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  int fields[6];
  const int widths[6] = {4, 2, 2, 2, 2, 2};
  const size_t offsets[6] = {0, 4, 6, 9, 11, 13};
  for (int i = 0; i < 6; ++i) {
    int value = 0;
    for (int j = 0; j < widths[i]; ++j) {
      const char c = text[offsets[i] + j];
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    fields[i] = value;
  }
  using namespace std::chrono;
  const year_month_day date{year(fields[0]), month(fields[1]), day(fields[2])};
  if (!date.ok() || fields[3] > 23 || fields[4] > 59 || fields[5] > 60) return std::nullopt;
  return sys_days(date) + hours(fields[3]) + minutes(fields[4]) + seconds(fields[5]);
}

// "20150830T123600Z", for messages.
std::string AmzDateText(WallTime time) {
  using namespace std::chrono;
  const auto secs = floor<seconds>(time);
  const auto day_start = floor<days>(secs);
  const year_month_day date{day_start};
  const hh_mm_ss clock{secs - day_start};
  char text[32];
  std::snprintf(text, sizeof text, "%04d%02u%02uT%02d%02d%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return text;
}

SignatureCheck Failed(SignatureCheck check, SignatureFailure failure, std::string message = "") {
  check.failure = failure;
  check.message = std::move(message);
  return check;
}

}  // namespace

std::optional<CredentialScope> ParseCredentialScope(std::string_view authorization) {
  std::optional<ParsedAuthorization> parsed = ParseAuthorization(authorization);
  if (!parsed) return std::nullopt;
  return parsed->scope;
}

SecretLookup ConfiguredAndIssuedSecrets(std::string access_key_id, std::string secret_access_key,
                                        const StsState& sts) {
  return [access_key_id = std::move(access_key_id), secret = std::move(secret_access_key),
          &sts](const std::string& key) -> std::optional<KnownSecret> {
    if (!access_key_id.empty() && key == access_key_id)
      return KnownSecret{secret, "", std::nullopt};
    if (std::optional<IssuedCredentials> issued = sts.FindIssued(key)) {
      return KnownSecret{issued->secret_access_key, issued->session_token, issued->expiration};
    }
    return std::nullopt;
  };
}

SignatureCheck VerifySignature(const ReceivedRequest& request, const SecretLookup& lookup,
                               WallTime now) {
  SignatureCheck check;
  const std::string_view authorization = aws::FindHeader(request.headers, "Authorization");
  if (authorization.empty()) return Failed(check, SignatureFailure::kMissing);
  std::optional<ParsedAuthorization> parsed = ParseAuthorization(authorization);
  if (!parsed) {
    return Failed(check, SignatureFailure::kMalformed,
                  "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' "
                  "parameters with the AWS4-HMAC-SHA256 algorithm.");
  }
  check.scope = parsed->scope;
  const std::string_view amz_date_text = aws::FindHeader(request.headers, "X-Amz-Date");
  const std::optional<WallTime> amz_date = ParseAmzDate(amz_date_text);
  if (!amz_date) {
    return Failed(check, SignatureFailure::kMalformed,
                  "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
                  "header.");
  }
  bool host_signed = false;
  for (const std::string& name : parsed->signed_headers) host_signed |= name == "host";
  if (!host_signed) {
    return Failed(check, SignatureFailure::kMalformed,
                  "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }

  const std::optional<KnownSecret> secret = lookup(parsed->scope.access_key_id);
  if (!secret) return Failed(check, SignatureFailure::kUnknownAccessKey);
  // Temporary credentials are only valid with the token they were issued with.
  if (!secret->session_token.empty() &&
      aws::FindHeader(request.headers, "X-Amz-Security-Token") != secret->session_token) {
    return Failed(check, SignatureFailure::kUnknownAccessKey);
  }
  if (secret->expiration && *secret->expiration <= now) {
    return Failed(check, SignatureFailure::kExpiredToken);
  }
  if (*amz_date < now - kAllowedSkew) {
    return Failed(check, SignatureFailure::kSkew,
                  "Signature expired: " + std::string(amz_date_text) + " is now earlier than " +
                      AmzDateText(now - kAllowedSkew) + " (" + AmzDateText(now) + " - 15 min.)");
  }
  if (*amz_date > now + kAllowedSkew) {
    return Failed(check, SignatureFailure::kSkew,
                  "Signature not yet current: " + std::string(amz_date_text) +
                      " is still later than " + AmzDateText(now + kAllowedSkew) + " (" +
                      AmzDateText(now) + " + 15 min.)");
  }
  if (parsed->scope.date != amz_date_text.substr(0, 8)) {
    return Failed(check, SignatureFailure::kBadSignature);
  }

  // Re-sign a copy holding only the headers the client signed, in the order received (repeated
  // names join in that order), at the client's X-Amz-Date: the signer then rebuilds exactly the
  // client's canonical request.
  aws::HttpRequest copy;
  copy.method = request.method;
  copy.body = request.body;
  const std::string_view host = aws::FindHeader(request.headers, "Host");
  copy.url = "http://" + std::string(host) + request.target;
  if (host.empty() || request.target.empty() || request.target.front() != '/' ||
      !aws::ParseUrl(copy.url).ok()) {
    return Failed(check, SignatureFailure::kMalformed, "The request target is not valid.");
  }
  for (const auto& [name, value] : request.headers) {
    for (const std::string& signed_name : parsed->signed_headers) {
      if (EqualsIgnoreCase(name, signed_name)) copy.headers.emplace_back(name, value);
    }
  }
  // A signed payload hash must also be the body's hash, or the body could be swapped.
  const std::string_view content_hash = aws::FindHeader(copy.headers, "X-Amz-Content-SHA256");
  if (!content_hash.empty() && content_hash != "UNSIGNED-PAYLOAD" &&
      content_hash != aws::Sha256Hex(request.body)) {
    return Failed(check, SignatureFailure::kBadSignature);
  }
  aws::Credentials credentials;
  credentials.access_key_id = parsed->scope.access_key_id;
  credentials.secret_access_key = secret->secret_access_key;
  // No session token here: a signed X-Amz-Security-Token is already among the copied headers.
  aws::SigningParams params;
  params.region = parsed->scope.region;
  params.service = parsed->scope.service;
  params.time = *amz_date;
  const aws::SigningArtifacts artifacts = aws::SignRequest(copy, credentials, params);
  // A header listed but not sent (or one the signer never signs) changes the list: no match.
  const bool same_headers =
      artifacts.authorization.find("SignedHeaders=" + parsed->signed_headers_text + ",") !=
      std::string::npos;
  const bool same_signature = artifacts.signature.size() == parsed->signature.size() &&
                              CRYPTO_memcmp(artifacts.signature.data(), parsed->signature.data(),
                                            parsed->signature.size()) == 0;
  if (!same_headers || !same_signature) return Failed(check, SignatureFailure::kBadSignature);
  return check;
}

SignatureError SignatureErrorFor(const SignatureCheck& check, WireProtocol protocol) {
  static constexpr std::string_view kMismatch =
      "The request signature we calculated does not match the signature you provided. Check "
      "your AWS Secret Access Key and signing method. Consult the service documentation for "
      "details.";
  static constexpr std::string_view kInvalidToken =
      "The security token included in the request is invalid.";
  static constexpr std::string_view kExpired =
      "The security token included in the request is expired";
  const bool json = protocol == WireProtocol::kJson;
  // JSON services answer authentication failures with 400, query services with 403.
  const int status = json ? 400 : 403;
  switch (check.failure.value_or(SignatureFailure::kBadSignature)) {
    case SignatureFailure::kMissing:
      return json ? SignatureError{"MissingAuthenticationTokenException",
                                   "Missing Authentication Token", status}
                  : SignatureError{"MissingAuthenticationToken",
                                   "Request is missing Authentication Token", status};
    case SignatureFailure::kMalformed:
      return {json ? "IncompleteSignatureException" : "IncompleteSignature", check.message, 400};
    case SignatureFailure::kUnknownAccessKey:
      return {json ? "UnrecognizedClientException" : "InvalidClientTokenId",
              std::string(kInvalidToken), status};
    case SignatureFailure::kExpiredToken:
      return {json ? "ExpiredTokenException" : "ExpiredToken", std::string(kExpired), status};
    case SignatureFailure::kSkew:
      return {json ? "InvalidSignatureException" : "SignatureDoesNotMatch", check.message, status};
    case SignatureFailure::kBadSignature:
      break;
  }
  return {json ? "InvalidSignatureException" : "SignatureDoesNotMatch", std::string(kMismatch),
          status};
}

}  // namespace kanaria::emulator
