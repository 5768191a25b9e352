#include "emulator/dataplane/load_generator.h"

#include <httplib.h>

#include <cmath>
#include <map>
#include <memory>

namespace kanaria::emulator {
namespace {

using SteadyClock = std::chrono::steady_clock;

// How often the workers re-read listeners and sample requests (rules change during a release).
constexpr auto kSnapshotInterval = std::chrono::seconds(1);

httplib::Request ToHttp(const IncomingRequest& sample) {
  httplib::Request request;
  request.method = sample.method.empty() ? "GET" : sample.method;
  request.path = sample.path.empty() ? "/" : sample.path;
  if (!sample.query.empty()) request.path += "?" + sample.query;
  for (const auto& [name, value] : sample.headers) {
    if (name != "host" && name != "content-length") request.set_header(name, value);
  }
  // Host-header rules match on it; cpp-httplib keeps a Host header it is given.
  if (!sample.host.empty()) request.set_header("Host", sample.host);
  return request;
}

}  // namespace

LoadGenerator::LoadGenerator(std::mutex& world_mutex, ListenerRouting& routing,
                             const DataPlane& data_plane, const SimTime& time, int threads)
    : world_mutex_(world_mutex),
      routing_(routing),
      data_plane_(data_plane),
      time_(time),
      thread_count_(threads > 0 ? threads : 1) {}

LoadGenerator::~LoadGenerator() {
  Stop();
}

Status LoadGenerator::SetRate(double rps) {
  if (!std::isfinite(rps) || rps < 0) {
    return InvalidInputError("load generator: the rate must be a number >= 0");
  }
  const double real_rate = rps * time_.scale();
  if (real_rate > kMaxRealRequestsPerSecond) {
    return InvalidInputError("load generator: " + std::to_string(rps) +
                             " requests per virtual second at time scale " +
                             std::to_string(time_.scale()) + " is " + std::to_string(real_rate) +
                             " real requests per second per listener, above the cap of " +
                             std::to_string(kMaxRealRequestsPerSecond));
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    rps_ = rps;
    real_rate_ = real_rate;
    // A new schedule from now: the old rate's backlog is not carried over.
    epoch_ = SteadyClock::now();
    next_ticket_ = 0;
    if (workers_.empty() && real_rate > 0) {
      stopping_ = false;
      for (int i = 0; i < thread_count_; ++i) workers_.emplace_back([this] { Run(); });
    }
  }
  cv_.notify_all();
  return Status::Ok();
}

double LoadGenerator::rate() const {
  std::lock_guard<std::mutex> lock(mu_);
  return rps_;
}

void LoadGenerator::Stop() {
  std::vector<std::thread> joining;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    rps_ = 0;
    real_rate_ = 0;
    joining.swap(workers_);
  }
  cv_.notify_all();
  for (std::thread& worker : joining) worker.join();
}

LoadGeneratorCounters LoadGenerator::counters() const {
  return {sent_.load(), failed_.load(), skipped_.load()};
}

std::vector<LoadGenerator::Target> LoadGenerator::Snapshot() {
  std::vector<Target> targets;
  const std::vector<ListenerPort> ports = data_plane_.Ports();
  std::lock_guard<std::mutex> lock(world_mutex_);
  for (const ListenerPort& listener : ports) {
    Target target;
    target.port = listener.port;
    target.samples = routing_.SampleRequests(listener.listener_arn);
    if (target.samples.empty()) target.samples.push_back(IncomingRequest{});
    targets.push_back(std::move(target));
  }
  return targets;
}

void LoadGenerator::Run() {
  std::map<int, std::unique_ptr<httplib::Client>> clients;  // by port, kept alive
  std::vector<Target> targets;
  SteadyClock::time_point snapshot_at;

  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    cv_.wait(lock, [this] { return stopping_ || real_rate_ > 0; });
    if (stopping_) break;
    const SteadyClock::time_point now = SteadyClock::now();
    if (targets.empty() || now - snapshot_at >= kSnapshotInterval) {
      // Not under mu_: the snapshot takes the world's mutex, which API calls hold for long.
      lock.unlock();
      targets = Snapshot();
      lock.lock();
      snapshot_at = now;
      if (stopping_) break;
      if (targets.empty()) {
        cv_.wait_for(lock, std::chrono::milliseconds(100));
        continue;
      }
    }
    // Tickets go to listeners in turn, so each listener gets real_rate_ requests a second.
    const size_t listeners = targets.size();
    const std::chrono::duration<double> period(1.0 / (real_rate_ * listeners));
    const auto due = epoch_ + std::chrono::duration_cast<SteadyClock::duration>(
                                  period * static_cast<double>(next_ticket_));
    if (now - due > std::chrono::duration<double>(kMaxLagSeconds)) {
      const auto caught_up = static_cast<uint64_t>((now - epoch_) / period);
      skipped_ += caught_up - next_ticket_;
      next_ticket_ = caught_up;
      continue;
    }
    if (due > now) {
      // Re-check after waking: the rate may have changed or another worker taken the ticket.
      cv_.wait_until(lock, due);
      continue;
    }
    const uint64_t ticket = next_ticket_++;
    const Target& target = targets[ticket % listeners];
    const int port = target.port;
    httplib::Request request = ToHttp(target.samples[(ticket / listeners) % target.samples.size()]);
    lock.unlock();

    std::unique_ptr<httplib::Client>& client = clients[port];
    if (!client) {
      client = std::make_unique<httplib::Client>("127.0.0.1", port);
      client->set_keep_alive(true);
      client->set_tcp_nodelay(true);
      client->set_connection_timeout(std::chrono::seconds(2));
      client->set_read_timeout(std::chrono::seconds(10));
    }
    const httplib::Result result = client->send(request);
    if (result) {
      ++sent_;
    } else {
      ++failed_;
      client.reset();  // reconnect next time
    }
    lock.lock();
  }
}

}  // namespace kanaria::emulator
