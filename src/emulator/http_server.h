// A cpp-httplib server on a loopback (or given) address, set up the way the emulator's API port,
// the data plane's listeners and the tests' stub servers all need it:
//  - a thread pool sized for many concurrent keep-alive clients (cpp-httplib serves each
//    connection on one pool thread for its whole life);
//  - keep-alive raised from cpp-httplib's 5 requests per connection;
//  - TCP_NODELAY (else the body waits on the client's delayed ACK of the headers, ~40 ms);
//  - a listen backlog raised from cpp-httplib's 5 (bursts of connects would lose SYNs);
//  - a prompt stop (idle keep-alive connections are cut instead of timing out) and a way to
//    drop one client's connection without answering.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "core/status.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}

namespace kanaria::emulator {

class HttpServer {
 public:
  explicit HttpServer(size_t threads = 64);
  ~HttpServer();  // Stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Register handlers on this before Start().
  httplib::Server& routes() { return *server_; }
  // Routes every path of every method (GET also answers HEAD) to `handler`.
  void ServeEveryRequest(
      const std::function<void(const httplib::Request&, httplib::Response&)>& handler);

  // Binds `host`:`port` (0 = an ephemeral port) and serves on a background thread.
  // kUnavailable naming the address when it cannot bind.
  Status Start(const std::string& host, int port);
  // Stops accepting, ends open connections, joins the serving thread. Idempotent.
  void Stop();
  int port() const { return port_; }

  // Ends the server side of the connection from the client's `remote_port` without an answer
  // (call it from a handler: the response cpp-httplib then writes fails and is discarded).
  void DropConnection(int remote_port) const;

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  bool running_ = false;
};

}  // namespace kanaria::emulator
