// `kanaria emulator`: serves the local AWS until SIGINT/SIGTERM.
#include <csignal>
#include <iostream>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "emulator/emulator.h"

namespace kanaria::cli {
namespace {

// Blocks SIGINT/SIGTERM in this thread and in every thread started after it, so that sigwait
// (not a handler running on a random thread) receives them.
sigset_t BlockStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

}  // namespace

CommandAction ConfigureEmulator(CLI::App& sub, const GlobalOptions& globals) {
  auto options = std::make_shared<emulator::EmulatorOptions>();
  sub.add_option("--port", options->port, "API port (0: any free port)")->default_val(0);
  sub.add_option("--host", options->host, "Address to listen on")->default_val("127.0.0.1");
  sub.add_option("--time-scale", options->time_scale,
                 "Divide every simulated duration (task start, health checks, draining, metric "
                 "delay) by X")
      ->option_text("X")
      ->default_val(1);
  sub.add_option("--traffic", options->traffic_rps,
                 "Send RPS requests per virtual second to every listener")
      ->option_text("RPS")
      ->default_val(0);
  sub.add_option("--seed", options->seed, "Seed of every random stream (ids, faults, errors)")
      ->default_val(1);
  sub.add_option("--account-id", options->account_id, "Account of every ARN")
      ->default_val("123456789012");
  sub.add_option("--access-key", options->access_key,
                 "Verify SigV4 signatures with this key pair (else accept any credentials)");
  sub.add_option("--secret-key", options->secret_key, "Secret of --access-key");
  return [options, &globals]() {
    if (globals.region) options->region = *globals.region;
    const sigset_t signals = BlockStopSignals();
    auto started = emulator::Emulator::Start(*options);
    if (!started.ok()) {
      std::cerr << "kanaria emulator: " << started.status().message() << "\n";
      return started.status().code() == StatusCode::kInvalidInput ? kExitRefused : kExitFailed;
    }
    std::cout << "kanaria emulator listening on " << (*started)->endpoint_url() << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    (*started)->Stop();
    return kExitOk;
  };
}

}  // namespace kanaria::cli
