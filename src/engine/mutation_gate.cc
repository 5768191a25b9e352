#include "engine/mutation_gate.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/journal.h"
#include "engine/polling_scope.h"
#include "engine/release_events.h"
#include "engine/release_lock.h"
#include "model/digest.h"

namespace kanaria::engine {
namespace {

Status Interrupted() { return Status(StatusCode::kCancelled, "interrupted"); }


}  // namespace

std::string ClientToken(const std::string& release_id, const std::string& step) {
  return "kanaria-" + model::Sha256Hex(release_id + "/" + step).substr(0, 28);
}

MutationGate::MutationGate(Clock& clock, ReleaseEventSink& events, Hooks hooks)
    : clock_(clock), events_(events), hooks_(std::move(hooks)) {}

Status MutationGate::Run(const PlannedCall& planned, const std::string& client_token,
                         const std::function<Status()>& call) {
  return RunChecked(planned, client_token, call, /*verify_lock=*/true);
}

Status MutationGate::RunWithoutLockCheck(const PlannedCall& planned,
                                         const std::string& client_token,
                                         const std::function<Status()>& call) {
  return RunChecked(planned, client_token, call, /*verify_lock=*/false);
}

Status MutationGate::RunChecked(const PlannedCall& planned, const std::string& client_token,
                                const std::function<Status()>& call, bool verify_lock) {
  if (hooks_.interrupted()) return Interrupted();
  if (verify_lock && lock_ != nullptr) {
    PollingScope polling;  // a lock re-read (and renewal)
    RETURN_IF_ERROR(RetryTransient([&] { return lock_->Verify(); }));
  }

  int64_t journal_id = 0;
  if (journal_ != nullptr) {
    auto id = journal_->CallStarted(release_id_, planned.step, planned.operation, client_token,
                                    clock_.Now());
    if (!id.ok()) return id.status().WithContext("journal");
    journal_id = *id;
  }
  calls_made_.push_back(planned);
  hooks_.after_journal_write(static_cast<int>(calls_made_.size()));

  Status result = call();
  for (int attempt = 0; attempt < kThrottleRetries && result.code() == StatusCode::kThrottled; ++attempt) {
    if (!Sleep(ThrottleBackoff(attempt)).ok()) break;
    result = call();
  }
  hooks_.after_call(static_cast<int>(calls_made_.size()));

  if (journal_ != nullptr) {
    Status written = journal_->CallFinished(
        journal_id, result.ok() ? "ok" : result.ToString(), clock_.Now());
    if (!written.ok() && result.ok()) return written.WithContext("journal");
  }
  events_.Emit({.at = clock_.Now(),
                .type = "call",
                .text = fmt::format("{} {}{}", planned.operation, planned.target,
                                    result.ok() ? "" : " failed: " + result.message()),
                .data = {{"step", planned.step},
                         {"operation", planned.operation},
                         {"target", planned.target},
                         {"ok", result.ok()}}});
  return result;
}

Status MutationGate::Sleep(Duration d) {
  constexpr Duration kSlice{200};
  while (d > Duration::zero()) {
    if (hooks_.interrupted()) return Interrupted();
    Duration step = std::min(d, kSlice);
    clock_.SleepFor(step);
    d -= step;
  }
  return hooks_.interrupted() ? Interrupted() : Status::Ok();
}

}  // namespace kanaria::engine
