#include "support/stub_http_server.h"

#include <httplib.h>
#include <strings.h>

#include <condition_variable>
#include <stdexcept>

#include "emulator/http_server.h"

namespace kanaria::testing {
namespace {

// Headers cpp-httplib adds to the request it hands over; the client never sent them.
bool IsHttplibPseudoHeader(const std::string& name) {
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
         name == "LOCAL_PORT";
}

}  // namespace

std::string StubRequest::Header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (strcasecmp(k.c_str(), name.c_str()) == 0) return v;
  }
  return "";
}

struct StubHttpServer::Impl {
  emulator::HttpServer server;
  mutable std::mutex mu;
  std::condition_variable stopping_cv;
  bool stopping = false;
  Handler handler;
  std::vector<StubRequest> requests;

  void Serve(const httplib::Request& req, httplib::Response& res);
};

void StubHttpServer::Impl::Serve(const httplib::Request& req, httplib::Response& res) {
  StubRequest recorded;
  recorded.method = req.method;
  recorded.path = req.path;
  recorded.target = req.target;
  const auto q = req.target.find('?');
  if (q != std::string::npos) recorded.query = req.target.substr(q + 1);
  for (const auto& [k, v] : req.headers) {
    if (!IsHttplibPseudoHeader(k)) recorded.headers.emplace_back(k, v);
  }
  recorded.body = req.body;
  Handler current_handler;
  {
    std::lock_guard<std::mutex> lock(mu);
    requests.push_back(recorded);
    current_handler = handler;
  }
  StubResponse answer = current_handler(recorded);
  if (answer.delay.count() > 0) {
    std::unique_lock<std::mutex> lock(mu);
    // A server stopping mid-delay answers nothing rather than answering early.
    if (stopping_cv.wait_for(lock, answer.delay, [this] { return stopping; })) {
      answer.drop_connection = true;
    }
  }
  if (answer.drop_connection) {
    server.DropConnection(req.remote_port);
    // cpp-httplib still writes a response; the send fails on the shut-down socket (it ignores
    // SIGPIPE) and the connection is closed.
    res.status = 500;
    return;
  }
  res.status = answer.status;
  bool has_content_type = false;
  for (const auto& [k, v] : answer.headers) {
    if (strcasecmp(k.c_str(), "Content-Type") == 0) has_content_type = true;
    res.set_header(k, v);
  }
  if (!has_content_type && !answer.content_type.empty()) {
    res.set_header("Content-Type", answer.content_type);
  }
  res.body = std::move(answer.body);
}

StubHttpServer::StubHttpServer(Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  auto serve = [impl = impl_.get()](const httplib::Request& req, httplib::Response& res) {
    impl->Serve(req, res);
  };
  impl_->server.ServeEveryRequest(serve);
  if (!impl_->server.Start("127.0.0.1", 0).ok()) {
    throw std::runtime_error("stub server: cannot bind 127.0.0.1");
  }
  port_ = impl_->server.port();
}

StubHttpServer::~StubHttpServer() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->stopping_cv.notify_all();
  impl_->server.Stop();
}

std::string StubHttpServer::url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

std::vector<StubRequest> StubHttpServer::requests() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->requests;
}

size_t StubHttpServer::request_count() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->requests.size();
}

void StubHttpServer::set_handler(Handler handler) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->handler = std::move(handler);
}

}  // namespace kanaria::testing
