#include "emulator/http_server.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdlib>

namespace kanaria::emulator {
namespace {

int SocketPort(int fd, bool peer) {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  const int rc = peer ? getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length)
                      : getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  if (rc != 0) return -1;
  if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
  }
  return -1;
}

// Calls `fn` with each of this process's descriptors that is a TCP socket bound locally to
// `local_port`: the listening socket and the server side of every accepted connection.
// cpp-httplib exposes none of its sockets, so they are found this way.
template <typename Fn>
void ForEachSocketOnPort(int local_port, Fn fn) {
  DIR* fds = opendir("/proc/self/fd");
  if (fds == nullptr) return;
  while (const dirent* entry = readdir(fds)) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == dirfd(fds)) continue;
    if (SocketPort(static_cast<int>(fd), false) == local_port) fn(static_cast<int>(fd));
  }
  closedir(fds);
}

bool IsListening(int fd) {
  int listening = 0;
  socklen_t length = sizeof(listening);
  return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) == 0 && listening != 0;
}

// shutdown() leaves the descriptor open: cpp-httplib owns it and closes it itself.
void ShutdownConnections(int server_port, int peer_port) {
  ForEachSocketOnPort(server_port, [&](int fd) {
    if (IsListening(fd)) return;
    const int peer = SocketPort(fd, true);
    if (peer < 0 || (peer_port >= 0 && peer != peer_port)) return;
    shutdown(fd, SHUT_RDWR);
  });
}

}  // namespace

HttpServer::HttpServer(size_t threads) : server_(std::make_unique<httplib::Server>()) {
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server_->set_keep_alive_max_count(100000);
  server_->set_tcp_nodelay(true);
}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::ServeEveryRequest(
    const std::function<void(const httplib::Request&, httplib::Response&)>& handler) {
  server_->Get(".*", handler);
  server_->Post(".*", handler);
  server_->Put(".*", handler);
  server_->Delete(".*", handler);
  server_->Patch(".*", handler);
  server_->Options(".*", handler);
}

Status HttpServer::Start(const std::string& host, int port) {
  const int bound = port == 0 ? server_->bind_to_any_port(host)
                              : (server_->bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    return Status(StatusCode::kUnavailable, "cannot listen on " + host + ":" + std::to_string(port));
  }
  port_ = bound;
  // listen() again on the same socket raises the backlog cpp-httplib set to 5.
  ForEachSocketOnPort(port_, [](int fd) {
    if (IsListening(fd)) listen(fd, SOMAXCONN);
  });
  thread_ = std::thread([server = server_.get()] { server->listen_after_bind(); });
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  running_ = true;
  return Status();
}

void HttpServer::Stop() {
  if (!running_) return;
  running_ = false;
  server_->stop();
  // A pool thread waits up to the keep-alive timeout on an idle connection before it notices
  // the stop; ending the connections lets the pool join at once.
  ShutdownConnections(port_, -1);
  if (thread_.joinable()) thread_.join();
}

void HttpServer::DropConnection(int remote_port) const { ShutdownConnections(port_, remote_port); }

}  // namespace kanaria::emulator
