#include "engine/analysis/prometheus/prometheus_provider.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>

#include "aws/url.h"
#include "core/redact.h"
#include "engine/analysis/prometheus/prometheus_response.h"

namespace kanaria::engine::analysis {
namespace {

// Above this URL length the query goes in a POST body: proxies and servers commonly cap
// request lines at 8 KiB, and templated PromQL with long regexes gets there.
constexpr size_t kMaxGetUrl = 8 * 1024;

std::string Base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

// "<whole>[.mmm]" of a millisecond count, trailing zeros of the fraction dropped.
std::string DecimalSeconds(long long ms) {
  const bool negative = ms < 0;
  const long long abs_ms = negative ? -ms : ms;
  std::string out = fmt::format("{}{}", negative ? "-" : "", abs_ms / 1000);
  long long fraction = abs_ms % 1000;
  if (fraction == 0) return out;
  std::string digits = fmt::format("{:03}", fraction);
  while (digits.back() == '0') digits.pop_back();
  out.push_back('.');
  out.append(digits);
  return out;
}

Status ValidateAddress(const std::string& address) {
  if (address.empty()) return InvalidInputError("prometheus address is empty");
  auto parsed = aws::ParseUrl(address);
  if (!parsed.ok()) {
    return InvalidInputError("prometheus address: " + parsed.status().message());
  }
  if (parsed->scheme != "http" && parsed->scheme != "https") {
    return InvalidInputError("prometheus address: the scheme must be http or https");
  }
  const size_t authority = address.find("://") + 3;
  const size_t authority_end = address.find_first_of("/?#", authority);
  if (address.substr(authority, authority_end - authority).find('@') != std::string::npos) {
    return InvalidInputError(
        "prometheus address: credentials in the address are not accepted; use username and "
        "password (or a bearer token)");
  }
  if (address.find_first_of("?#") != std::string::npos) {
    return InvalidInputError(
        "prometheus address: no query or fragment allowed (only a path prefix)");
  }
  return Status::Ok();
}

}  // namespace

std::string PrometheusTime(WallTime t) {
  return DecimalSeconds(
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count());
}

std::string PrometheusSeconds(Duration d) { return DecimalSeconds(d.count()); }

StatusOr<std::unique_ptr<PrometheusProvider>> PrometheusProvider::Create(
    const PrometheusOptions& options, std::shared_ptr<aws::HttpTransport> transport) {
  RETURN_IF_ERROR(ValidateAddress(options.address));
  if (options.timeout <= Duration::zero()) {
    return InvalidInputError("prometheus timeout must be positive");
  }
  if (!options.bearer_token.empty() && !options.username.empty()) {
    return InvalidInputError(
        "prometheus: give either a bearer token or basic auth (username/password), not both");
  }
  if (options.username.empty() && !options.password.empty()) {
    return InvalidInputError("prometheus: a password without a username");
  }
  for (const std::string* field : {&options.bearer_token, &options.username, &options.password}) {
    if (std::any_of(field->begin(), field->end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
      return InvalidInputError("prometheus: a credential contains a control character");
    }
  }
  if (options.username.find(':') != std::string::npos) {
    return InvalidInputError("prometheus: a basic-auth username cannot contain ':'");
  }
  std::string authorization;
  if (!options.bearer_token.empty()) {
    RegisterSecret(options.bearer_token);
    authorization = "Bearer " + options.bearer_token;
  } else if (!options.username.empty()) {
    RegisterSecret(options.password);
    std::string pair = options.username;
    pair.push_back(':');
    pair.append(options.password);
    std::string encoded = Base64(pair);
    RegisterSecret(encoded);
    authorization = "Basic " + encoded;
  }
  std::string base = options.address;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return std::unique_ptr<PrometheusProvider>(new PrometheusProvider(
      std::move(base), std::move(authorization), options.timeout, std::move(transport)));
}

PrometheusProvider::PrometheusProvider(std::string base_url, std::string authorization,
                                       Duration timeout,
                                       std::shared_ptr<aws::HttpTransport> transport)
    : base_url_(std::move(base_url)),
      authorization_(std::move(authorization)),
      timeout_(timeout),
      transport_(std::move(transport)) {}

StatusOr<std::vector<MetricSeries>> PrometheusProvider::QueryRange(const std::string& query,
                                                                   const TimeWindow& window) {
  if (window.step <= Duration::zero()) {
    return InvalidInputError("prometheus query_range: the step must be positive");
  }
  if (window.end <= window.start) {
    return InvalidInputError("prometheus query_range: the window is empty (end <= start)");
  }
  const WallTime first = std::min(window.start + window.step, window.end);
  const std::string params =
      fmt::format("query={}&start={}&end={}&step={}&timeout={}", aws::UriEncode(query, true),
                  PrometheusTime(first), PrometheusTime(window.end), PrometheusSeconds(window.step),
                  PrometheusSeconds(timeout_));
  return Call("query_range", params);
}

StatusOr<std::vector<MetricSeries>> PrometheusProvider::QueryInstant(const std::string& query,
                                                                     std::optional<WallTime> at) {
  std::string params =
      fmt::format("query={}&timeout={}", aws::UriEncode(query, true), PrometheusSeconds(timeout_));
  if (at) {
    params.append("&time=");
    params.append(PrometheusTime(*at));
  }
  return Call("query", params);
}

StatusOr<std::vector<MetricSeries>> PrometheusProvider::Call(std::string_view endpoint,
                                                             const std::string& params) {
  aws::HttpRequest request;
  request.url = fmt::format("{}/api/v1/{}", base_url_, endpoint);
  if (request.url.size() + 1 + params.size() <= kMaxGetUrl) {
    request.method = "GET";
    request.url.push_back('?');
    request.url.append(params);
  } else {
    request.method = "POST";
    request.body = params;
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  }
  request.headers.emplace_back("Accept", "application/json");
  if (!authorization_.empty()) request.headers.emplace_back("Authorization", authorization_);
  request.total_timeout = timeout_;
  request.connect_timeout = std::min(request.connect_timeout, timeout_);

  StatusOr<aws::HttpResponse> response = transport_->Send(request);
  if (!response.ok()) {
    const Status& failed = response.status();
    // Unreachable and timed out alike: the next analysis interval may get an answer. Only a
    // request the transport refused to send (kInvalidInput) keeps its code.
    const StatusCode code = failed.code() == StatusCode::kInvalidInput ? StatusCode::kInvalidInput
                                                                       : StatusCode::kUnavailable;
    return Status(code, fmt::format("prometheus {}: {}", endpoint, Scrub(failed.message())),
                  failed.detail());
  }
  auto series = DecodePrometheusAnswer(*response);
  if (!series.ok()) return series.status().WithContext(fmt::format("prometheus {}", endpoint));
  return series;
}

}  // namespace kanaria::engine::analysis
