// HTTP as the AWS client sees it: a request, a response and a transport that sends them.
// The libcurl implementation is curl_transport.h; tests may fake this interface.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace kanaria::aws {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// Case-insensitive header lookup; returns "" when absent (first match wins).
std::string_view FindHeader(const HttpHeaders& headers, std::string_view name);
// Replaces every header named `name` (case-insensitive) with one `name: value`.
void SetHeader(HttpHeaders& headers, std::string_view name, std::string value);
// An RFC 9110 token (one or more tchar), what a method or a header name must be.
bool IsHttpToken(std::string_view text);

struct HttpRequest {
  std::string method = "POST";
  // Absolute URL: scheme://host[:port]/path[?query]. Path and query are sent exactly as given
  // (already percent-encoded), because the signature covers them byte for byte.
  std::string url;
  HttpHeaders headers;
  std::string body;
  std::chrono::milliseconds connect_timeout{3100};
  std::chrono::milliseconds total_timeout{60000};
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;
  std::string_view Header(std::string_view name) const { return FindHeader(headers, name); }
};

// Why a request produced no HTTP response. Attached to the Status a transport returns.
class TransportError final : public StatusDetail {
 public:
  enum class Kind {
    kDnsFailure,        // host name did not resolve
    kConnectFailed,     // TCP/TLS connect refused or timed out: nothing was sent
    kTlsFailure,        // certificate verification or handshake failed: nothing was sent
    kTimeout,           // the total timeout elapsed after the request was (maybe) sent
    kConnectionReset,   // the peer closed or reset the connection mid-exchange
    kMalformedResponse, // the bytes that came back are not HTTP
    kOther,
  };
  TransportError(Kind kind, bool request_sent) : kind_(kind), request_sent_(request_sent) {}
  Kind kind() const { return kind_; }
  // False only when we know no byte of the request reached the server (safe to retry anything).
  bool request_sent() const { return request_sent_; }

 private:
  Kind kind_;
  bool request_sent_;
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Sends one request and waits for the whole response. Any HTTP status is a success here; a
  // failure to get a response is kUnavailable (or kDeadlineExceeded) with a TransportError.
  virtual StatusOr<HttpResponse> Send(const HttpRequest& request) = 0;
  // Sends all requests concurrently from the calling thread and returns the results in order.
  virtual std::vector<StatusOr<HttpResponse>> SendAll(const std::vector<HttpRequest>& requests) = 0;
};

}  // namespace kanaria::aws
