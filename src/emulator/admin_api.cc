#include "emulator/admin_api.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "emulator/request_log.h"
#include "emulator/service_table.h"
#include "emulator/world.h"

namespace kanaria::emulator {
namespace {

constexpr const char* kJson = "application/json";

void Answer(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), kJson);
}

void AnswerError(httplib::Response& res, int status, const std::string& message) {
  Answer(res, status, {{"message", message}});
}

// The request's JSON object body; answers 400 and returns nullopt otherwise.
std::optional<nlohmann::json> JsonBody(const httplib::Request& req, httplib::Response& res) {
  nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    AnswerError(res, 400, "the body must be a JSON object (see docs/emulator.md)");
    return std::nullopt;
  }
  return body;
}

}  // namespace

void RegisterAdminApi(httplib::Server& server, World& world, RequestLog& log, AdminHooks hooks) {
  server.Get("/_emulator/health", [&world](const httplib::Request&, httplib::Response& res) {
    Answer(res, 200,
           {{"status", "ok"},
            {"version", KANARIA_VERSION},
            {"timeScale", world.time.scale()},
            {"seed", world.random.seed()},
            {"accountId", world.account_id()},
            {"region", world.region()}});
  });
  server.Get("/_emulator/operations", [](const httplib::Request&, httplib::Response& res) {
    nlohmann::json operations = nlohmann::json::array();
    for (const EmulatedService& service : EmulatedServices()) {
      for (const EmulatedOperation& operation : service.operations) {
        operations.push_back({{"service", service.descriptor->signing_name},
                              {"operation", operation.name}});
      }
    }
    Answer(res, 200, operations);
  });
  server.Get("/_emulator/listeners", [hooks](const httplib::Request&, httplib::Response& res) {
    Answer(res, 200, hooks.listeners ? hooks.listeners() : nlohmann::json::array());
  });
  server.Get("/_emulator/requests", [&log](const httplib::Request&, httplib::Response& res) {
    Answer(res, 200, log.ToJson());
  });
  server.Delete("/_emulator/requests", [&log](const httplib::Request&, httplib::Response& res) {
    log.Clear();
    res.status = 204;
  });
  server.Get("/_emulator/faults", [&world](const httplib::Request&, httplib::Response& res) {
    Answer(res, 200, world.faults.ToJson());
  });
  server.Post("/_emulator/faults", [&world](const httplib::Request& req, httplib::Response& res) {
    const std::optional<nlohmann::json> body = JsonBody(req, res);
    if (!body) return;
    if (Status status = world.faults.AddFromJson(*body); !status.ok()) {
      AnswerError(res, 400, status.message());
      return;
    }
    Answer(res, 200, world.faults.ToJson());
  });
  server.Delete("/_emulator/faults", [&world](const httplib::Request&, httplib::Response& res) {
    world.faults.Clear();
    res.status = 204;
  });
  server.Get("/_emulator/traffic", [hooks](const httplib::Request&, httplib::Response& res) {
    Answer(res, 200, hooks.traffic ? hooks.traffic() : nlohmann::json::object());
  });
  auto set_traffic = [hooks](const httplib::Request& req, httplib::Response& res) {
    const std::optional<nlohmann::json> body = JsonBody(req, res);
    if (!body) return;
    if (!body->contains("rps") || !(*body)["rps"].is_number() || (*body)["rps"].get<double>() < 0 ||
        body->size() != 1) {
      AnswerError(res, 400, "expected {\"rps\": N} with N >= 0 requests per virtual second");
      return;
    }
    if (Status status = hooks.set_traffic((*body)["rps"].get<double>()); !status.ok()) {
      AnswerError(res, 400, status.message());
      return;
    }
    Answer(res, 200, hooks.traffic());
  };
  server.Post("/_emulator/traffic", set_traffic);
  server.Put("/_emulator/traffic", set_traffic);
  server.Delete("/_emulator/traffic", [hooks](const httplib::Request&, httplib::Response& res) {
    (void)hooks.set_traffic(0);
    res.status = 204;
  });
  server.Get("/_emulator/metrics", [&world](const httplib::Request&, httplib::Response& res) {
    res.set_content(world.traffic.PrometheusText(), "text/plain; version=0.0.4");
  });
  auto unknown = [](const httplib::Request& req, httplib::Response& res) {
    AnswerError(res, 404,
                req.method + " " + req.path +
                    " is not an admin endpoint: health, operations, listeners, requests, faults, "
                    "traffic and metrics are (docs/emulator.md)");
  };
  server.Get("/_emulator/.*", unknown);
  server.Post("/_emulator/.*", unknown);
  server.Put("/_emulator/.*", unknown);
  server.Delete("/_emulator/.*", unknown);
}

}  // namespace kanaria::emulator
