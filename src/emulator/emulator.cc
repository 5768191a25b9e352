#include "emulator/emulator.h"

#include <fmt/format.h>
#include <httplib.h>

#include <condition_variable>
#include <nlohmann/json.hpp>
#include <thread>

#include "emulator/admin_api.h"
#include "emulator/api_dispatcher.h"
#include "emulator/dataplane/data_plane.h"
#include "emulator/dataplane/load_generator.h"
#include "emulator/http_server.h"
#include "emulator/request_log.h"
#include "emulator/signature_check.h"
#include "emulator/world.h"

namespace kanaria::emulator {
namespace {

// How often simulations move without API calls (task starts, health checks, alarms): fine
// enough that a time-scaled 30 s health-check interval is not late by much.
constexpr auto kTickInterval = std::chrono::milliseconds(20);
constexpr double kMaxTimeScale = 10000;

Status ValidateOptions(const EmulatorOptions& options) {
  auto invalid = [](std::string message) { return Status(StatusCode::kInvalidInput, std::move(message)); };
  if (options.port < 0 || options.port > 65535) {
    return invalid(fmt::format("--port {} is not a port: use 0 (any free port) to 65535", options.port));
  }
  if (!(options.time_scale > 0) || options.time_scale > kMaxTimeScale) {
    return invalid(fmt::format("--time-scale {} is out of range: use a number above 0, at most {}",
                               options.time_scale, kMaxTimeScale));
  }
  if (!(options.traffic_rps >= 0)) {
    return invalid(fmt::format("--traffic {} must be 0 or more requests per virtual second",
                               options.traffic_rps));
  }
  if (options.access_key.empty() != options.secret_key.empty()) {
    return invalid("--access-key and --secret-key go together: give both, or neither to accept "
                   "any credentials");
  }
  if (options.account_id.size() != 12 ||
      options.account_id.find_first_not_of("0123456789") != std::string::npos) {
    return invalid(fmt::format("account id \"{}\" must be 12 digits", options.account_id));
  }
  return Status();
}

WireRequest ToWireRequest(const httplib::Request& req) {
  WireRequest wire;
  wire.method = req.method;
  wire.target = req.target;
  wire.path = req.path;
  if (const size_t q = req.target.find('?'); q != std::string::npos) {
    wire.query = req.target.substr(q + 1);
  }
  for (const auto& [name, value] : req.headers) {
    // cpp-httplib adds these; the client never sent them.
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
        name == "LOCAL_PORT") {
      continue;
    }
    wire.headers.emplace_back(name, value);
  }
  wire.body = req.body;
  return wire;
}

// With a configured key pair, every call but STS's unsigned AssumeRoleWithWebIdentity must be
// signed by that pair or by credentials STS issued; the skew is checked against real time.
Authenticator MakeAuthenticator(const EmulatorOptions& options, World& world) {
  if (options.access_key.empty()) return nullptr;
  SecretLookup secrets = ConfiguredAndIssuedSecrets(options.access_key, options.secret_key, world.sts);
  return [secrets, &world](const WireRequest& request, WireProtocol protocol,
                           std::string_view operation) {
    if (operation == "AssumeRoleWithWebIdentity" &&
        aws::FindHeader(request.headers, "Authorization").empty()) {
      return AuthVerdict{};
    }
    const SignatureCheck check = VerifySignature(
        ReceivedRequest{request.method, request.target, request.headers, request.body}, secrets,
        world.time.clock().Now());
    if (check.ok()) return AuthVerdict{};
    const SignatureError error = SignatureErrorFor(check, protocol);
    return AuthVerdict{false, error.code, error.message, error.http_status};
  };
}

}  // namespace

struct Emulator::Impl {
  EmulatorOptions options;
  World world;
  RequestLog log;
  ApiDispatcher dispatcher;
  HttpServer api_server;
  DataPlane data_plane;
  LoadGenerator load_generator;
  std::thread ticker;
  std::mutex ticker_mu;
  std::condition_variable ticker_cv;
  bool stopping = false;
  bool stopped = false;

  explicit Impl(const EmulatorOptions& opts)
      : options(opts),
        world(WorldOptions{opts.account_id, opts.region, opts.seed, opts.time_scale},
              opts.clock != nullptr ? *opts.clock : SystemClock::Instance()),
        dispatcher(world, log, MakeAuthenticator(opts, world),
                   [this](std::string_view service) {
                     // A listener created or deleted gets (or loses) its data plane port before
                     // the call is answered, so the admin API lists it at once.
                     if (service == aws::kElbv2Service.signing_name) (void)data_plane.Reconcile();
                   }),
        data_plane(world.mutex(), world.elbv2, world.ecs, world.traffic, world.time, world.random),
        load_generator(world.mutex(), world.elbv2, data_plane, world.time) {}

  nlohmann::json ListenerPorts() const {
    nlohmann::json out = nlohmann::json::array();
    for (const ListenerPort& listener : data_plane.Ports()) {
      out.push_back({{"listenerArn", listener.listener_arn}, {"port", listener.port}});
    }
    return out;
  }

  nlohmann::json TrafficState() const {
    const LoadGeneratorCounters counters = load_generator.counters();
    return {{"rps", load_generator.rate()},
            {"timeScale", world.time.scale()},
            {"realRequestsPerSecondPerListener", load_generator.rate() * world.time.scale()},
            {"maxRealRequestsPerSecondPerListener", LoadGenerator::kMaxRealRequestsPerSecond},
            {"sent", counters.sent},
            {"failed", counters.failed},
            {"skipped", counters.skipped}};
  }

  void Serve(const httplib::Request& req, httplib::Response& res) {
    WireResponse answer = dispatcher.Handle(ToWireRequest(req));
    if (answer.drop_connection) {
      api_server.DropConnection(req.remote_port);
      res.status = 500;
      return;
    }
    res.status = answer.status;
    std::string content_type;
    for (auto& [name, value] : answer.headers) {
      if (name == "Content-Type") {
        content_type = value;
      } else {
        res.set_header(name, value);
      }
    }
    res.set_content(std::move(answer.body), content_type);
  }

  void Tick() {
    std::unique_lock<std::mutex> lock(ticker_mu);
    while (!ticker_cv.wait_for(lock, kTickInterval, [this] { return stopping; })) {
      lock.unlock();
      {
        std::lock_guard<std::mutex> world_lock(world.mutex());
        world.AdvanceTo(world.time.Now());
      }
      (void)data_plane.Reconcile();  // never with the world mutex held: it takes it
      lock.lock();
    }
  }
};

StatusOr<std::unique_ptr<Emulator>> Emulator::Start(const EmulatorOptions& options) {
  RETURN_IF_ERROR(ValidateOptions(options));
  auto impl = std::make_unique<Impl>(options);
  Impl* self = impl.get();
  RegisterAdminApi(self->api_server.routes(), self->world, self->log,
                   AdminHooks{[self] { return self->ListenerPorts(); },
                              [self] { return self->TrafficState(); },
                              [self](double rps) { return self->load_generator.SetRate(rps); }});
  if (options.traffic_rps > 0) {
    if (Status status = self->load_generator.SetRate(options.traffic_rps); !status.ok()) {
      return Status(StatusCode::kInvalidInput, "--traffic: " + status.message());
    }
  }
  auto serve = [self](const httplib::Request& req, httplib::Response& res) { self->Serve(req, res); };
  self->api_server.routes().Post(".*", serve);
  self->api_server.routes().Get("/", serve);  // the query protocol also comes as GET
  RETURN_IF_ERROR(self->api_server.Start(options.host, options.port));
  self->ticker = std::thread([self] { self->Tick(); });
  return std::unique_ptr<Emulator>(new Emulator(std::move(impl)));
}

Emulator::Emulator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Emulator::~Emulator() { Stop(); }

void Emulator::Stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  {
    std::lock_guard<std::mutex> lock(impl_->ticker_mu);
    impl_->stopping = true;
  }
  impl_->ticker_cv.notify_all();
  if (impl_->ticker.joinable()) impl_->ticker.join();
  impl_->load_generator.Stop();  // before the listeners it sends to
  impl_->api_server.Stop();
  impl_->data_plane.Stop();
}

int Emulator::port() const { return impl_->api_server.port(); }

std::string Emulator::endpoint_url() const {
  const std::string& host = impl_->options.host;
  return host.find(':') != std::string::npos ? fmt::format("http://[{}]:{}", host, port())
                                              : fmt::format("http://{}:{}", host, port());
}

World& Emulator::world() { return impl_->world; }

}  // namespace kanaria::emulator
