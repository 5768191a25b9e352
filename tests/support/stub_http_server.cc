#include "support/stub_http_server.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <httplib.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>

#include <condition_variable>
#include <cstdlib>
#include <stdexcept>

namespace kanaria::testing {
namespace {

// cpp-httplib serves each connection on one pool thread for the connection's whole keep-alive
// life, so the pool size is the number of clients served at once. Its default (8 here) would
// queue a test's 32 parallel requests into four waves.
constexpr size_t kServerThreads = 64;

// Headers cpp-httplib adds to the request it hands over; the client never sent them.
bool IsHttplibPseudoHeader(const std::string& name) {
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
         name == "LOCAL_PORT";
}

int LocalPort(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return -1;
  if (address.ss_family != AF_INET) return -1;
  return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
}

int PeerPort(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return -1;
  if (address.ss_family != AF_INET) return -1;
  return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
}

// Calls `fn` with each of this process's descriptors that is a TCP socket bound to
// 127.0.0.1:`local_port` (the listening socket and the server side of every accepted
// connection; a client's socket to that port has it as its peer port, not its local one).
// cpp-httplib exposes none of its sockets, so they are found this way.
template <typename Fn>
void ForEachSocketOnPort(int local_port, Fn fn) {
  DIR* fds = opendir("/proc/self/fd");
  if (fds == nullptr) return;
  while (const dirent* entry = readdir(fds)) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == dirfd(fds)) continue;
    if (LocalPort(static_cast<int>(fd)) == local_port) fn(static_cast<int>(fd));
  }
  closedir(fds);
}

bool IsListening(int fd) {
  int listening = 0;
  socklen_t length = sizeof(listening);
  return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) == 0 && listening != 0;
}

// Ends the server side of the connection from `peer_port` (every accepted connection when
// peer_port < 0) without answering. shutdown() leaves the descriptor open: cpp-httplib owns
// it and closes it itself.
void ShutdownServerConnections(int server_port, int peer_port) {
  ForEachSocketOnPort(server_port, [&](int fd) {
    const int peer = PeerPort(fd);
    if (peer < 0 || (peer_port >= 0 && peer != peer_port)) return;
    shutdown(fd, SHUT_RDWR);
  });
}

// cpp-httplib 0.11 listens with a backlog of 5: a burst of parallel connects overflows it, and
// the kernel drops the extra SYNs, which clients resend only after a second. listen() again
// on the same socket raises the backlog.
void RaiseListenBacklog(int server_port) {
  ForEachSocketOnPort(server_port, [](int fd) {
    if (IsListening(fd)) listen(fd, SOMAXCONN);
  });
}

}  // namespace

std::string StubRequest::Header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (strcasecmp(k.c_str(), name.c_str()) == 0) return v;
  }
  return "";
}

struct StubHttpServer::Impl {
  httplib::Server server;
  std::thread thread;
  int port = 0;
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
    ShutdownServerConnections(port, req.remote_port);
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
  impl_->server.new_task_queue = [] { return new httplib::ThreadPool(kServerThreads); };
  auto serve = [impl = impl_.get()](const httplib::Request& req, httplib::Response& res) {
    impl->Serve(req, res);
  };
  impl_->server.set_keep_alive_max_count(1000);
  // Without it the response body waits on the client's delayed ACK of the headers (~40 ms).
  impl_->server.set_tcp_nodelay(true);
  impl_->server.Get(".*", serve);  // also serves HEAD
  impl_->server.Post(".*", serve);
  impl_->server.Put(".*", serve);
  impl_->server.Delete(".*", serve);
  impl_->server.Patch(".*", serve);
  impl_->server.Options(".*", serve);
  port_ = impl_->server.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("stub server: cannot bind 127.0.0.1");
  impl_->port = port_;
  RaiseListenBacklog(port_);
  impl_->thread = std::thread([impl = impl_.get()] { impl->server.listen_after_bind(); });
  while (!impl_->server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

StubHttpServer::~StubHttpServer() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->stopping_cv.notify_all();
  impl_->server.stop();  // closes the listening socket: no new connections
  // A pool thread waits up to the keep-alive timeout (5 s) on an idle connection before it
  // notices the stop; ending the connections lets the pool join at once.
  ShutdownServerConnections(port_, -1);
  if (impl_->thread.joinable()) impl_->thread.join();
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
