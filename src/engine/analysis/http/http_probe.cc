#include "engine/analysis/http/http_probe.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "aws/http.h"
#include "aws/url.h"
#include "core/redact.h"

namespace kanaria::engine::analysis {
namespace {

constexpr size_t kQuoteLimit = 100;

// `text` for a message: scrubbed, at most kQuoteLimit bytes.
std::string Quote(std::string_view text) {
  std::string out = Scrub(text.substr(0, kQuoteLimit));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  if (text.size() > kQuoteLimit) out.append("...");
  return out;
}

long long Ms(Duration d) { return static_cast<long long>(d.count()); }

std::string JoinWithSemicolons(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out.append("; ");
    out.append(part);
  }
  return out;
}

std::string TransportReason(const Status& failed, const HttpProbe& probe) {
  const auto* error = failed.detail_as<aws::TransportError>();
  using Kind = aws::TransportError::Kind;
  if (failed.code() == StatusCode::kDeadlineExceeded) {
    if (error != nullptr && error->kind() == Kind::kConnectFailed) {
      return fmt::format("no connection within {} ms", Ms(probe.timeout));
    }
    return fmt::format("no response within {} ms", Ms(probe.timeout));
  }
  if (error != nullptr && error->kind() == Kind::kConnectFailed) {
    return "connection refused or unreachable: " + Scrub(failed.message());
  }
  if (error != nullptr && error->kind() == Kind::kDnsFailure) {
    return "host name did not resolve: " + Scrub(failed.message());
  }
  return "no HTTP answer: " + Scrub(failed.message());
}

}  // namespace

Status ValidateHttpProbe(const HttpProbe& probe) {
  auto url = aws::ParseUrl(probe.url);
  if (!url.ok()) return InvalidInputError("http probe url: " + url.status().message());
  if (url->scheme != "http" && url->scheme != "https") {
    return InvalidInputError("http probe url: the scheme must be http or https");
  }
  if (!aws::IsHttpToken(probe.method)) {
    return InvalidInputError("http probe method is not an HTTP method");
  }
  if (probe.expected_code < 100 || probe.expected_code > 599) {
    return InvalidInputError(fmt::format(
        "http probe expectedCode {} is not an HTTP status (100-599)", probe.expected_code));
  }
  if (probe.timeout <= Duration::zero())
    return InvalidInputError("http probe timeout must be positive");
  if (probe.latency_bound < Duration::zero()) {
    return InvalidInputError("http probe latency bound cannot be negative");
  }
  for (const auto& [name, value] : probe.headers) {
    if (!aws::IsHttpToken(name))
      return InvalidInputError(
          fmt::format("http probe header name \"{}\" is invalid", Quote(name)));
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      return InvalidInputError(
          fmt::format("http probe header \"{}\" has a line break or NUL in its value", name));
    }
  }
  return Status::Ok();
}

HttpProber::HttpProber(std::shared_ptr<aws::HttpTransport> transport, Clock& clock)
    : transport_(std::move(transport)), clock_(clock) {}

ProbeResult HttpProber::Run(const HttpProbe& probe) const {
  ProbeResult result;
  if (Status valid = ValidateHttpProbe(probe); !valid.ok()) {
    result.reason = "invalid probe: " + valid.message();
    return result;
  }
  aws::HttpRequest request;
  request.method = probe.method;
  request.url = probe.url;
  request.headers = probe.headers;
  request.total_timeout = probe.timeout;
  request.connect_timeout = std::min(request.connect_timeout, probe.timeout);

  const WallTime started = clock_.Now();
  StatusOr<aws::HttpResponse> response = transport_->Send(request);
  // The wall clock may step backwards; a latency is never negative.
  result.latency =
      std::max(Duration::zero(), std::chrono::duration_cast<Duration>(clock_.Now() - started));
  if (!response.ok()) {
    result.reason = TransportReason(response.status(), probe);
    return result;
  }
  result.code = response->status;
  std::vector<std::string> differences;
  if (response->status != probe.expected_code) {
    differences.push_back(
        fmt::format("code {} ≠ expected {}", response->status, probe.expected_code));
  }
  if (!probe.expected_response.empty() &&
      response->body.find(probe.expected_response) == std::string::npos) {
    differences.push_back(fmt::format("body lacks \"{}\" (body starts: \"{}\")",
                                      Quote(probe.expected_response), Quote(response->body)));
  }
  if (probe.latency_bound > Duration::zero() && result.latency > probe.latency_bound) {
    differences.push_back(
        fmt::format("latency {} ms > bound {} ms", Ms(result.latency), Ms(probe.latency_bound)));
  }
  result.ok = differences.empty();
  result.reason = JoinWithSemicolons(differences);
  return result;
}

}  // namespace kanaria::engine::analysis
