// A scripted HTTP server on 127.0.0.1 (ephemeral port) for transport, retry and credential
// tests. Each request is recorded; the handler decides the answer (status, headers, body,
// a delay, or dropping the connection).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace kanaria::testing {

struct StubRequest {
  std::string method;
  std::string path;    // without query
  std::string query;   // raw, without '?'
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string Header(const std::string& name) const;  // case-insensitive, "" when absent
};

struct StubResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string content_type = "application/json";
  std::chrono::milliseconds delay{0};  // wait before answering
  bool drop_connection = false;        // close the socket without answering
};

class StubHttpServer {
 public:
  using Handler = std::function<StubResponse(const StubRequest&)>;

  explicit StubHttpServer(Handler handler);
  ~StubHttpServer();  // stops the server
  StubHttpServer(const StubHttpServer&) = delete;
  StubHttpServer& operator=(const StubHttpServer&) = delete;

  int port() const { return port_; }
  std::string url() const;  // "http://127.0.0.1:PORT"
  std::vector<StubRequest> requests() const;
  size_t request_count() const;
  void set_handler(Handler handler);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace kanaria::testing
