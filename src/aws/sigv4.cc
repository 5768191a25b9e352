// SigV4 as botocore's SigV4Auth computes it (botocore/auth.py), which is what AWS verifies:
//   canonical request = METHOD \n canonical URI \n canonical query \n canonical headers \n
//                       signed headers \n payload hash
//   string to sign    = AWS4-HMAC-SHA256 \n X-Amz-Date \n scope \n hex(sha256(canonical request))
//   signature         = hex(HMAC(signing key, string to sign)), where the signing key is
//                       HMAC chained over "AWS4"+secret, date, region, service, "aws4_request".
#include "aws/sigv4.h"
#include "core/ascii.h"

#include <openssl/crypto.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <utility>
#include <vector>

#include "aws/url.h"

namespace kanaria::aws {
namespace {

// Headers botocore never signs (SIGNED_HEADERS_BLACKLIST): hop-by-hop headers a proxy may rewrite,
// plus ones HTTP stacks add or change on their own (User-Agent, Expect, X-Amzn-Trace-Id).
constexpr std::array<std::string_view, 11> kUnsignedHeaders = {
    "connection", "expect",  "keep-alive", "proxy-authenticate", "proxy-authorization",
    "te",         "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id"};

using Digest = std::array<unsigned char, 32>;

// A broken OpenSSL installation is not a condition any caller can handle; a wrong signature
// would only surface later as a confusing SignatureDoesNotMatch.
[[noreturn]] void DieOnCryptoFailure(const char* what) {
  std::fprintf(stderr, "kanaria: OpenSSL failed to compute %s\n", what);
  std::abort();
}

// Algorithms are fetched once: an implicit fetch per call costs more than hashing a small request.
const EVP_MD* Sha256Algorithm() {
  static const EVP_MD* const algorithm = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return fetched != nullptr ? fetched : EVP_sha256();
  }();
  return algorithm;
}

Digest Sha256(std::string_view data) {
  Digest digest;
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, Sha256Algorithm(), nullptr) != 1 ||
      length != digest.size()) {
    DieOnCryptoFailure("SHA-256");
  }
  return digest;
}

struct MacContextDeleter {
  void operator()(EVP_MAC_CTX* context) const { EVP_MAC_CTX_free(context); }
};

// One HMAC-SHA256 context per thread, re-keyed for every MAC: creating a context and setting
// its digest dominate the cost of the five short MACs a signature needs.
EVP_MAC_CTX* ThreadHmacContext() {
  thread_local const std::unique_ptr<EVP_MAC_CTX, MacContextDeleter> context = [] {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (mac == nullptr) DieOnCryptoFailure("HMAC (no HMAC implementation)");
    std::unique_ptr<EVP_MAC_CTX, MacContextDeleter> created(EVP_MAC_CTX_new(mac));
    EVP_MAC_free(mac);  // the context holds its own reference
    char digest_name[] = "SHA256";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
        OSSL_PARAM_construct_end()};
    if (created == nullptr || EVP_MAC_CTX_set_params(created.get(), params) != 1) {
      DieOnCryptoFailure("HMAC-SHA256 (context setup)");
    }
    return created;
  }();
  return context.get();
}

Digest HmacSha256(std::string_view key, std::string_view data) {
  EVP_MAC_CTX* context = ThreadHmacContext();
  Digest mac;
  size_t length = 0;
  if (EVP_MAC_init(context, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                   nullptr) != 1 ||
      EVP_MAC_update(context, reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1 ||
      EVP_MAC_final(context, mac.data(), &length, mac.size()) != 1 || length != mac.size()) {
    DieOnCryptoFailure("HMAC-SHA256");
  }
  return mac;
}

std::string_view AsKey(const Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

std::string HexEncode(const Digest& digest) {
  static constexpr char kHexDigits[] = "0123456789abcdef";
  std::string hex(digest.size() * 2, '\0');
  for (size_t i = 0; i < digest.size(); ++i) {
    hex[2 * i] = kHexDigits[digest[i] >> 4];
    hex[2 * i + 1] = kHexDigits[digest[i] & 0x0f];
  }
  return hex;
}

bool HasHeader(const HttpHeaders& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& header) { return EqualsIgnoreCase(header.first, name); });
}

// Sets `name` to `value`, keeping the position of its first occurrence (so a signed request
// still reads in the order the caller built it) and dropping any other occurrence.
void ReplaceHeaderInPlace(HttpHeaders& headers, std::string_view name, std::string value) {
  auto first = std::find_if(headers.begin(), headers.end(),
                            [&](const auto& header) { return EqualsIgnoreCase(header.first, name); });
  if (first == headers.end()) {
    headers.emplace_back(std::string(name), std::move(value));
    return;
  }
  first->second = std::move(value);
  headers.erase(std::remove_if(std::next(first), headers.end(),
                               [&](const auto& header) { return EqualsIgnoreCase(header.first, name); }),
                headers.end());
}

struct AmzDate {
  std::string date_time;  // 20150830T123600Z
  std::string date;       // 20150830
};

void AppendDigits(std::string& out, int value, int width) {
  char digits[8];
  for (int i = width - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(digits, static_cast<size_t>(width));
}

AmzDate FormatAmzDate(WallTime time) {
  using namespace std::chrono;
  const auto seconds_since_epoch = floor<seconds>(time);
  const auto day = floor<days>(seconds_since_epoch);
  const year_month_day calendar_date{day};
  const hh_mm_ss time_of_day{seconds_since_epoch - day};
  AmzDate formatted;
  std::string& text = formatted.date_time;
  text.reserve(16);
  // SigV4 has no representation for years outside 0000-9999; clamp rather than overflow.
  AppendDigits(text, std::clamp(static_cast<int>(calendar_date.year()), 0, 9999), 4);
  AppendDigits(text, static_cast<int>(static_cast<unsigned>(calendar_date.month())), 2);
  AppendDigits(text, static_cast<int>(static_cast<unsigned>(calendar_date.day())), 2);
  text.push_back('T');
  AppendDigits(text, static_cast<int>(time_of_day.hours().count()), 2);
  AppendDigits(text, static_cast<int>(time_of_day.minutes().count()), 2);
  AppendDigits(text, static_cast<int>(time_of_day.seconds().count()), 2);
  text.push_back('Z');
  formatted.date = text.substr(0, 8);
  return formatted;
}

// botocore.utils.remove_dot_segments: RFC 3986 dot-segment removal that also drops empty
// segments ('//'), keeping a leading '/' and a trailing '/' when anything remains.
std::string RemoveDotSegments(std::string_view path) {
  if (path.empty()) return "/";
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t slash = std::min(path.find('/', start), path.size());
    const std::string_view segment = path.substr(start, slash - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = slash + 1;
  }
  std::string out;
  out.reserve(path.size());
  if (path.front() == '/') out.push_back('/');
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out.push_back('/');
    out.append(segments[i]);
  }
  if (path.back() == '/' && !segments.empty()) out.push_back('/');
  return out;
}

// Services other than S3 expect the path encoded a second time: the wire path "/a%20b" is
// "/a%2520b" in the canonical request (the suite's normalize-path cases, botocore's quote()).
std::string CanonicalUri(std::string_view path, bool normalize) {
  if (!normalize) return path.empty() ? std::string("/") : std::string(path);
  return UriEncode(RemoveDotSegments(path), /*encode_slash=*/false);
}

// Pairs are decoded and re-encoded so that every spelling of the same parameters (raw UTF-8,
// lowercase hex, needlessly escaped unreserved characters) signs the same, as the server reads
// them. Empty pieces ("a=1&&b=2") carry no parameter and are skipped.
std::string CanonicalQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t start = 0;
  while (start <= query.size()) {
    const size_t amp = std::min(query.find('&', start), query.size());
    const std::string_view piece = query.substr(start, amp - start);
    start = amp + 1;
    if (piece.empty()) continue;
    const size_t equals = piece.find('=');
    const std::string_view key = piece.substr(0, equals);
    const std::string_view value =
        equals == std::string_view::npos ? std::string_view() : piece.substr(equals + 1);
    pairs.emplace_back(UriEncode(UriDecode(key), true), UriEncode(UriDecode(value), true));
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [key, value] : pairs) {
    if (!out.empty()) out.push_back('&');
    out.append(key).push_back('=');
    out.append(value);
  }
  return out;
}

bool IsHeaderWhitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Trims the value and turns every run of whitespace (including folded line breaks) into a
// single space, as botocore's ' '.join(value.split()).
void AppendTrimmedHeaderValue(std::string_view value, std::string& out) {
  size_t position = 0;
  bool first_word = true;
  while (true) {
    while (position < value.size() && IsHeaderWhitespace(value[position])) ++position;
    if (position == value.size()) return;
    size_t word_end = position;
    while (word_end < value.size() && !IsHeaderWhitespace(value[word_end])) ++word_end;
    if (!first_word) out.push_back(' ');
    out.append(value.substr(position, word_end - position));
    first_word = false;
    position = word_end;
  }
}

bool IsUnsignedHeader(std::string_view lowercase_name) {
  return std::find(kUnsignedHeaders.begin(), kUnsignedHeaders.end(), lowercase_name) !=
         kUnsignedHeaders.end();
}

struct CanonicalHeaders {
  std::string block;           // "name:value\n" for every signed name
  std::string signed_headers;  // "name;name"
};

CanonicalHeaders BuildCanonicalHeaders(const HttpHeaders& headers) {
  std::vector<std::pair<std::string, std::string_view>> signed_entries;
  signed_entries.reserve(headers.size());
  size_t total_size = 0;
  for (const auto& [name, value] : headers) {
    total_size += name.size() + value.size() + 2;
    std::string lowercase_name = AsciiLowercase(name);
    if (!IsUnsignedHeader(lowercase_name)) signed_entries.emplace_back(std::move(lowercase_name), value);
  }
  // Stable, so repeated names keep their order of appearance when their values are joined.
  std::stable_sort(signed_entries.begin(), signed_entries.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  CanonicalHeaders canonical;
  canonical.block.reserve(total_size);
  for (size_t i = 0; i < signed_entries.size(); ++i) {
    const bool same_as_previous = i > 0 && signed_entries[i].first == signed_entries[i - 1].first;
    if (same_as_previous) {
      canonical.block.push_back(',');
    } else {
      if (i > 0) canonical.block.push_back('\n');
      canonical.block.append(signed_entries[i].first).push_back(':');
      if (!canonical.signed_headers.empty()) canonical.signed_headers.push_back(';');
      canonical.signed_headers.append(signed_entries[i].first);
    }
    AppendTrimmedHeaderValue(signed_entries[i].second, canonical.block);
  }
  if (!signed_entries.empty()) canonical.block.push_back('\n');
  return canonical;
}

}  // namespace

std::string Sha256Hex(std::string_view data) { return HexEncode(Sha256(data)); }

SigningArtifacts SignRequest(HttpRequest& request, const Credentials& credentials,
                             const SigningParams& params) {
  const AmzDate amz_date = FormatAmzDate(params.time);

  // A retry re-signs the same request: the old signature must not be signed itself.
  std::erase_if(request.headers,
                [](const auto& header) { return EqualsIgnoreCase(header.first, "Authorization"); });
  ReplaceHeaderInPlace(request.headers, "X-Amz-Date", amz_date.date_time);
  // Signed, as botocore does: the header is added before the canonical request is built.
  if (!credentials.session_token.empty()) {
    ReplaceHeaderInPlace(request.headers, "X-Amz-Security-Token", credentials.session_token);
  }

  // An unparsable URL breaks the REQUIRES; it still signs deterministically (path "/", no
  // query) and the server rejects the signature rather than this function failing silently.
  StatusOr<ParsedUrl> url = ParseUrl(request.url);
  if (url.ok() && !HasHeader(request.headers, "Host")) {
    request.headers.emplace_back("Host", HostHeaderValue(*url));
  }

  std::string method = request.method;
  for (char& c : method) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  const CanonicalHeaders headers = BuildCanonicalHeaders(request.headers);
  // A caller-provided X-Amz-Content-SHA256 (e.g. UNSIGNED-PAYLOAD) stands for the payload hash.
  const std::string payload_hash = HasHeader(request.headers, "X-Amz-Content-SHA256")
                                       ? std::string(FindHeader(request.headers, "X-Amz-Content-SHA256"))
                                       : Sha256Hex(request.body);

  SigningArtifacts artifacts;
  std::string& canonical = artifacts.canonical_request;
  canonical.reserve(256 + request.url.size() + headers.block.size());
  canonical.append(method).push_back('\n');
  canonical.append(CanonicalUri(url.ok() ? url->path : "/", params.normalize_path)).push_back('\n');
  canonical.append(url.ok() ? CanonicalQuery(url->query) : "").push_back('\n');
  canonical.append(headers.block).push_back('\n');
  canonical.append(headers.signed_headers).push_back('\n');
  canonical.append(payload_hash);

  const std::string scope = amz_date.date + "/" + params.region + "/" + params.service + "/aws4_request";
  std::string& string_to_sign = artifacts.string_to_sign;
  string_to_sign.reserve(kSigV4Algorithm.size() + amz_date.date_time.size() + scope.size() + 67);
  string_to_sign.append(kSigV4Algorithm).push_back('\n');
  string_to_sign.append(amz_date.date_time).push_back('\n');
  string_to_sign.append(scope).push_back('\n');
  string_to_sign.append(Sha256Hex(canonical));

  std::string secret_key = "AWS4" + credentials.secret_access_key;
  Digest signing_key = HmacSha256(secret_key, amz_date.date);
  OPENSSL_cleanse(secret_key.data(), secret_key.size());
  signing_key = HmacSha256(AsKey(signing_key), params.region);
  signing_key = HmacSha256(AsKey(signing_key), params.service);
  signing_key = HmacSha256(AsKey(signing_key), "aws4_request");
  artifacts.signature = HexEncode(HmacSha256(AsKey(signing_key), string_to_sign));
  OPENSSL_cleanse(signing_key.data(), signing_key.size());

  artifacts.authorization.append(kSigV4Algorithm)
      .append(" Credential=")
      .append(credentials.access_key_id)
      .append("/")
      .append(scope)
      .append(", SignedHeaders=")
      .append(headers.signed_headers)
      .append(", Signature=")
      .append(artifacts.signature);
  request.headers.emplace_back("Authorization", artifacts.authorization);
  return artifacts;
}

}  // namespace kanaria::aws
