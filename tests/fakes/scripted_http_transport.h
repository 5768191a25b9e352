// An in-memory aws::HttpTransport: every request is recorded and answered by a handler (a
// response, or a failure Status as the real transport would return it). Thread-safe.
#pragma once

#include <functional>
#include <mutex>
#include <utility>
#include <vector>

#include "aws/http.h"

namespace kanaria::testing {

class ScriptedHttpTransport final : public aws::HttpTransport {
 public:
  using Handler = std::function<StatusOr<aws::HttpResponse>(const aws::HttpRequest&)>;

  explicit ScriptedHttpTransport(Handler handler) : handler_(std::move(handler)) {}

  StatusOr<aws::HttpResponse> Send(const aws::HttpRequest& request) override {
    Handler handler;
    {
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back(request);
      handler = handler_;
    }
    return handler(request);
  }
  std::vector<StatusOr<aws::HttpResponse>> SendAll(
      const std::vector<aws::HttpRequest>& requests) override {
    std::vector<StatusOr<aws::HttpResponse>> out;
    for (const aws::HttpRequest& request : requests) out.push_back(Send(request));
    return out;
  }

  void set_handler(Handler handler) {
    std::lock_guard<std::mutex> lock(mu_);
    handler_ = std::move(handler);
  }
  std::vector<aws::HttpRequest> requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

  // A response with `status` and `body` (Content-Type: application/json).
  static aws::HttpResponse Answer(int status, std::string body) {
    aws::HttpResponse response;
    response.status = status;
    response.headers = {{"Content-Type", "application/json"}};
    response.body = std::move(body);
    return response;
  }
  // What CurlTransport returns when nothing answered: kUnavailable (connect) or
  // kDeadlineExceeded (timeout) with a TransportError.
  static Status Failure(aws::TransportError::Kind kind, std::string message) {
    const bool timeout = kind == aws::TransportError::Kind::kTimeout;
    return Status(timeout ? StatusCode::kDeadlineExceeded : StatusCode::kUnavailable,
                  std::move(message),
                  std::make_shared<aws::TransportError>(kind, /*request_sent=*/timeout));
  }

 private:
  mutable std::mutex mu_;
  Handler handler_;
  std::vector<aws::HttpRequest> requests_;
};

}  // namespace kanaria::testing
