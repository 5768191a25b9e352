#include "support/stub_http_server.h"

#include <httplib.h>
#include <strings.h>
#include <sys/socket.h>

#include <stdexcept>

namespace kanaria::testing {

std::string StubRequest::Header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (strcasecmp(k.c_str(), name.c_str()) == 0) return v;
  }
  return "";
}

struct StubHttpServer::Impl {
  httplib::Server server;
  std::thread thread;
  mutable std::mutex mu;
  Handler handler;
  std::vector<StubRequest> requests;
};

StubHttpServer::StubHttpServer(Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  auto serve = [impl = impl_.get()](const httplib::Request& req, httplib::Response& res) {
    StubRequest recorded;
    recorded.method = req.method;
    recorded.path = req.path;
    const auto q = req.target.find('?');
    if (q != std::string::npos) recorded.query = req.target.substr(q + 1);
    for (const auto& [k, v] : req.headers) recorded.headers.emplace_back(k, v);
    recorded.body = req.body;
    Handler handler;
    {
      std::lock_guard<std::mutex> lock(impl->mu);
      impl->requests.push_back(recorded);
      handler = impl->handler;
    }
    StubResponse answer = handler(recorded);
    if (answer.delay.count() > 0) std::this_thread::sleep_for(answer.delay);
    if (answer.drop_connection) {
      // httplib cannot abort a socket; a chunked provider that fails ends the exchange mid-body,
      // which the client sees as a connection closed before the response was complete.
      res.status = 200;
      res.set_chunked_content_provider("application/json",
                                       [](size_t, httplib::DataSink&) { return false; });
      return;
    }
    res.status = answer.status;
    for (const auto& [k, v] : answer.headers) res.set_header(k, v);
    res.set_content(answer.body, answer.content_type);
  };
  impl_->server.set_keep_alive_max_count(1000);
  impl_->server.Get(".*", serve);
  impl_->server.Post(".*", serve);
  impl_->server.Put(".*", serve);
  impl_->server.Delete(".*", serve);
  impl_->server.Patch(".*", serve);
  port_ = impl_->server.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("stub server: cannot bind 127.0.0.1");
  impl_->thread = std::thread([impl = impl_.get()] { impl->server.listen_after_bind(); });
  while (!impl_->server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

StubHttpServer::~StubHttpServer() {
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

std::string StubHttpServer::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

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
