// An HTTP probe for the ANALYSIS stage (PipeCD's `http` analysis): one request, judged on its
// status code, a substring of its body and its latency. It goes through the project's
// HttpTransport, so it follows no redirect (a 301 is a code like any other) and honours the
// same proxy settings as every other call.
#pragma once

#include <memory>
#include <string>

#include "aws/http.h"
#include "core/clock.h"
#include "core/status.h"

namespace kanaria::engine::analysis {

struct HttpProbe {
  std::string url{};  // absolute http(s) URL, percent-encoded as it should be sent
  std::string method = "GET";
  aws::HttpHeaders headers{};  // sent as given; never repeated in a result or log
  int expected_code = 200;
  std::string expected_response{};  // a substring the body must contain; "" = any body
  Duration timeout{10'000};         // the whole exchange
  Duration latency_bound{0};        // a slower answer fails; 0 = no bound
};

struct ProbeResult {
  bool ok = false;
  int code = 0;         // 0 when no HTTP answer came
  Duration latency{0};  // until the whole answer arrived (or the failure)
  // "" when ok; otherwise every difference, "; "-separated: `code 503 ≠ expected 200`,
  // `body lacks "ok"`, `latency 812 ms > bound 500 ms`, `connection refused or unreachable:
  // ...`, `no response within 500 ms`. Scrubbed of registered secrets.
  std::string reason;
};

// Checks a probe once, at configuration time: kInvalidInput naming the field (never echoing the
// URL, which may carry a token in its query).
Status ValidateHttpProbe(const HttpProbe& probe);

class HttpProber {
 public:
  // `clock` measures latency (a fake clock in tests); both must outlive the prober.
  HttpProber(std::shared_ptr<aws::HttpTransport> transport, Clock& clock);

  // Sends one request and judges the answer. Never fails as a call: an invalid probe, a
  // transport failure or a wrong answer are all a result with ok = false and a reason.
  // Thread-safe when the transport is.
  ProbeResult Run(const HttpProbe& probe) const;

 private:
  std::shared_ptr<aws::HttpTransport> transport_;
  Clock& clock_;
};

}  // namespace kanaria::engine::analysis
