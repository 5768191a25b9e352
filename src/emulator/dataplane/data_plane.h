// The data plane: one HTTP server per emulated listener on 127.0.0.1 (ephemeral port), which
// routes each request as the ALB would (ListenerRouting) and answers as the emulated container
// behind the chosen target would (TargetBehaviourSource), recording every request in
// TrafficMetrics.
//
// How a request is answered:
//  - forward, live task: after the task's latency_ms / time scale of real time, 200 with a JSON
//    body naming the task definition ("family:revision"), image, task ARN and target group; a
//    share `error_rate` of the requests (drawn from the stream "dataplane/error/<task ARN>")
//    gets 500 instead (the application failing, so it counts as HTTPCode_Target_5XX). The
//    recorded latency is the full simulated latency_ms plus kBaseLatencyMs.
//  - forward to an address with no live task: 502, as the ALB answers when a target is gone.
//  - fixed response: the action's status, content type and body.
//  - unavailable (the group has no registered target): 503.
//  - not routable (no listener, no action): 404.
// Group stickiness cookies from the routing decision are sent as Set-Cookie.
//
// Dependencies are narrow so tests need no World: the routing and behaviour sources are read
// with `world_mutex` held (their contract), everything else is thread-safe on its own.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "emulator/dataplane/routing.h"
#include "emulator/dataplane/traffic_metrics.h"
#include "emulator/random_streams.h"
#include "emulator/services/links.h"
#include "emulator/sim_time.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace kanaria::emulator {

struct ListenerPort {
  std::string listener_arn;
  int port = 0;
};

class DataPlane {
 public:
  // Simulated processing time added to every target's latency (virtual milliseconds).
  static constexpr double kBaseLatencyMs = 5;
  // Pool threads per listener server: cpp-httplib serves a connection on one thread for its
  // whole keep-alive life, so this is the number of clients one listener serves at once.
  static constexpr size_t kThreadsPerListener = 32;

  // Every reference outlives the data plane.
  DataPlane(std::mutex& world_mutex, ListenerRouting& routing, TargetBehaviourSource& behaviours,
            TrafficMetrics& metrics, const SimTime& time, RandomStreams& random);
  DataPlane(const DataPlane&) = delete;
  DataPlane& operator=(const DataPlane&) = delete;
  ~DataPlane();  // Stop()

  // Opens a server for each listener Listeners() names that has none, closes the servers of
  // listeners that are gone. Takes `world_mutex` itself: REQUIRES it is not held by the caller.
  // An error when a server cannot bind (the others are still reconciled).
  Status Reconcile();
  // The open servers, ordered by listener ARN.
  std::vector<ListenerPort> Ports() const;
  // The port of `listener_arn`'s server, 0 when it has none.
  int PortOf(const std::string& listener_arn) const;
  // Closes every server and waits for their threads; requests in their simulated latency end
  // at once without an answer. Idempotent; Reconcile() after Stop() opens nothing.
  void Stop();

 private:
  struct ListenerServer;

  void Serve(const std::string& listener_arn, const httplib::Request& request,
             httplib::Response& response);
  // False when the data plane stopped during the wait.
  bool Wait(std::chrono::microseconds real);
  void CloseServer(ListenerServer& server);

  std::mutex& world_mutex_;
  ListenerRouting& routing_;
  TargetBehaviourSource& behaviours_;
  TrafficMetrics& metrics_;
  const SimTime& time_;
  RandomStreams& random_;

  mutable std::mutex servers_mu_;  // never held with world_mutex_ taken after it
  std::map<std::string, std::unique_ptr<ListenerServer>> servers_;
  bool stopped_ = false;

  std::mutex wait_mu_;
  std::condition_variable wait_cv_;
  bool stopping_ = false;
};

}  // namespace kanaria::emulator
