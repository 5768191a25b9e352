#include "emulator/dataplane/data_plane.h"
#include "core/ascii.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "emulator/http_server.h"

namespace kanaria::emulator {
namespace {

// Headers cpp-httplib adds to the request it hands over; the client never sent them.
bool IsHttplibPseudoHeader(const std::string& name) {
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
         name == "LOCAL_PORT";
}

IncomingRequest ToIncoming(const httplib::Request& request) {
  IncomingRequest incoming;
  incoming.method = request.method;
  incoming.path = request.path;
  const size_t question = request.target.find('?');
  if (question != std::string::npos) incoming.query = request.target.substr(question + 1);
  for (const auto& [name, value] : request.headers) {
    if (!IsHttplibPseudoHeader(name)) incoming.headers[AsciiLowercase(name)] = value;
  }
  std::string host = request.get_header_value("Host");
  // Strip the port, leaving IPv6 literals ("[::1]:80") bracketed.
  const size_t colon = host.rfind(':');
  if (colon != std::string::npos && host.find(']', colon) == std::string::npos) {
    host.resize(colon);
  }
  incoming.host = AsciiLowercase(host);
  return incoming;
}

}  // namespace

struct DataPlane::ListenerServer {
  HttpServer server{kThreadsPerListener};
  int port = 0;
};

DataPlane::DataPlane(std::mutex& world_mutex, ListenerRouting& routing,
                     TargetBehaviourSource& behaviours, TrafficMetrics& metrics,
                     const SimTime& time, RandomStreams& random)
    : world_mutex_(world_mutex),
      routing_(routing),
      behaviours_(behaviours),
      metrics_(metrics),
      time_(time),
      random_(random) {}

DataPlane::~DataPlane() {
  Stop();
}

Status DataPlane::Reconcile() {
  std::vector<ListenerInfo> listeners;
  {
    std::lock_guard<std::mutex> lock(world_mutex_);
    listeners = routing_.Listeners();
  }
  std::set<std::string> wanted;
  for (const ListenerInfo& listener : listeners) wanted.insert(listener.listener_arn);

  std::lock_guard<std::mutex> lock(servers_mu_);
  if (stopped_) return Status::Ok();
  for (auto it = servers_.begin(); it != servers_.end();) {
    if (wanted.count(it->first) != 0) {
      ++it;
      continue;
    }
    CloseServer(*it->second);
    it = servers_.erase(it);
  }
  Status result;
  for (const std::string& arn : wanted) {
    if (servers_.count(arn) != 0) continue;
    auto listener = std::make_unique<ListenerServer>();
    auto serve = [this, arn](const httplib::Request& req, httplib::Response& res) {
      Serve(arn, req, res);
    };
    listener->server.ServeEveryRequest(serve);
    if (Status started = listener->server.Start("127.0.0.1", 0); !started.ok()) {
      result = UnavailableError("data plane: cannot bind 127.0.0.1 for " + arn);
      continue;
    }
    listener->port = listener->server.port();
    servers_.emplace(arn, std::move(listener));
  }
  return result;
}

std::vector<ListenerPort> DataPlane::Ports() const {
  std::lock_guard<std::mutex> lock(servers_mu_);
  std::vector<ListenerPort> out;
  for (const auto& [arn, server] : servers_) out.push_back({arn, server->port});
  return out;
}

int DataPlane::PortOf(const std::string& listener_arn) const {
  std::lock_guard<std::mutex> lock(servers_mu_);
  const auto it = servers_.find(listener_arn);
  return it == servers_.end() ? 0 : it->second->port;
}

void DataPlane::CloseServer(ListenerServer& listener) { listener.server.Stop(); }

void DataPlane::Stop() {
  {
    std::lock_guard<std::mutex> lock(wait_mu_);
    stopping_ = true;
  }
  wait_cv_.notify_all();
  std::map<std::string, std::unique_ptr<ListenerServer>> closing;
  {
    std::lock_guard<std::mutex> lock(servers_mu_);
    stopped_ = true;
    closing.swap(servers_);
  }
  for (auto& [arn, listener] : closing) CloseServer(*listener);
}

bool DataPlane::Wait(std::chrono::microseconds real) {
  if (real.count() <= 0) return true;
  std::unique_lock<std::mutex> lock(wait_mu_);
  return !wait_cv_.wait_for(lock, real, [this] { return stopping_; });
}

void DataPlane::Serve(const std::string& listener_arn, const httplib::Request& request,
                      httplib::Response& response) {
  const IncomingRequest incoming = ToIncoming(request);
  RouteDecision decision;
  std::optional<TargetBehaviour> behaviour;
  {
    std::lock_guard<std::mutex> lock(world_mutex_);
    // Streams keyed by the listener: a seeded run replays each listener's choices.
    const double group_draw = random_.Next("dataplane/" + listener_arn + "/group");
    const double target_draw = random_.Next("dataplane/" + listener_arn + "/target");
    decision = routing_.Route(listener_arn, incoming, group_draw, target_draw);
    if (decision.kind == RouteDecision::Kind::kForward) {
      behaviour = behaviours_.BehaviourAt(decision.target);
    }
  }

  ServedRequest served;
  served.load_balancer_arn = decision.load_balancer_arn;
  if (!decision.set_cookie.empty()) response.set_header("Set-Cookie", decision.set_cookie);

  switch (decision.kind) {
    case RouteDecision::Kind::kFixedResponse:
      response.status = decision.status;
      response.set_content(decision.body,
                           decision.content_type.empty() ? "text/plain" : decision.content_type);
      break;
    case RouteDecision::Kind::kUnavailable:
      response.status = 503;
      response.set_content("503 Service Temporarily Unavailable", "text/plain");
      break;
    case RouteDecision::Kind::kNotRoutable:
      response.status = 404;
      response.set_content("404 Not Found: no listener rule or default action applies",
                           "text/plain");
      break;
    case RouteDecision::Kind::kForward: {
      served.target_group_arn = decision.target_group_arn;
      if (!behaviour) {
        served.target_answered = false;
        response.status = 502;
        response.set_content("502 Bad Gateway", "text/plain");
        break;
      }
      const bool fails =
          behaviour->error_rate > 0 &&
          random_.Next("dataplane/error/" + behaviour->task_arn) < behaviour->error_rate;
      if (!Wait(time_.Real(std::chrono::duration<double, std::milli>(behaviour->latency_ms)))) {
        response.status = 503;  // shutting down: the answer is never recorded
        return;
      }
      response.status = fails ? 500 : 200;
      served.latency_ms = behaviour->latency_ms + kBaseLatencyMs;
      const nlohmann::json body = {
          {"status", response.status},
          {"taskDefinition", behaviour->task_definition},
          {"image", behaviour->image},
          {"taskArn", behaviour->task_arn},
          {"targetGroupArn", decision.target_group_arn},
          {"target", decision.target.ip + ":" + std::to_string(decision.target.port)},
      };
      response.set_content(body.dump(), "application/json");
      break;
    }
  }
  served.status = response.status;
  served.at = time_.Now();
  // A request no load balancer owns (the listener vanished) belongs to no metric.
  if (!served.load_balancer_arn.empty()) metrics_.Record(served);
}

}  // namespace kanaria::emulator
