// A scripted HTTP server on 127.0.0.1 (ephemeral port) for transport, retry and credential
// tests. Each request is recorded; the handler decides the answer (status, headers, body,
// a delay, or dropping the connection).
//
// It serves up to 64 connections at once (so a test can put dozens of requests in flight),
// keeps connections alive for reuse, and stops promptly: the destructor closes idle keep-alive
// connections and cuts short any pending `delay`.
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
  std::string path;   // without query, percent-decoded (as cpp-httplib gives it)
  std::string query;  // raw, without '?'
  // The request target exactly as it appeared on the request line: "/p%20q?x=1", or an
  // absolute URI ("http://host:port/p") when the client sent the request to us as a proxy.
  std::string target;
  // As the client sent them (names as spelled on the wire, grouped by name), with two
  // cpp-httplib 0.11 quirks: a header with an empty value is missing, and values are
  // percent-decoded ("a%2Fb" arrives as "a/b"). Tests of exact wire bytes need a raw socket.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string Header(const std::string& name) const;  // case-insensitive, "" when absent
};

struct StubResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Sent as Content-Type unless `headers` has one; "" sends none (for an empty body).
  std::string content_type = "application/json";
  std::chrono::milliseconds delay{0};  // wait before answering (cut short when the server stops)
  // Close the connection without sending a single byte of response (the client sees an empty
  // reply). The request has been read and recorded by then.
  bool drop_connection = false;
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
