#include "engine/journal.h"

#include <sqlite3.h>

#include <fmt/format.h>

#include <string_view>

#include "engine/journal_schema.h"
#include "engine/sqlite.h"

namespace kanaria::engine {
namespace {

// Every query that returns releases selects these columns in this order (ReadRelease).
constexpr std::string_view kSelectRelease =
    "SELECT release_id, app_name, cluster, service, config_digest, task_definition,"
    " previous_task_definition, started_at_ms, finished_at_ms, outcome, summary, state"
    " FROM releases ";
// "Newest": latest start, then latest insert (rowid) for releases started in the same millisecond.
constexpr const char* kNewestFirst = " ORDER BY started_at_ms DESC, rowid DESC";

int64_t ToMillis(WallTime t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
WallTime FromMillis(int64_t ms) { return WallTime(std::chrono::milliseconds(ms)); }
std::optional<int64_t> ToMillis(const std::optional<WallTime>& t) {
  if (!t) return std::nullopt;
  return ToMillis(*t);
}
std::optional<WallTime> FromMillis(const std::optional<int64_t>& ms) {
  if (!ms) return std::nullopt;
  return FromMillis(*ms);
}

bool IsKnownOutcome(const std::string& outcome) {
  for (const char* known : {kOutcomeRunning, kOutcomeInterrupted, kOutcomeReleased,
                            kOutcomeRolledBack, kOutcomeNeedsAttention, kOutcomeUnchanged,
                            kOutcomeRefused}) {
    if (outcome == known) return true;
  }
  return false;
}

Status CheckOutcome(const ReleaseRecord& release) {
  if (IsKnownOutcome(release.outcome)) return Status::Ok();
  return InvalidInputError(fmt::format(
      "release {}: unknown outcome \"{}\" (expected running, interrupted, released, "
      "rolled_back, needs_attention, unchanged or refused)",
      release.release_id, release.outcome));
}

// nlohmann throws on strings that are not UTF-8; no exception leaves the journal.
StatusOr<std::string> DumpJson(const nlohmann::json& value, std::string_view what) {
  try {
    return value.dump();
  } catch (const nlohmann::json::exception& e) {
    return InvalidInputError(fmt::format("{} cannot be stored as JSON: {}", what, e.what()));
  }
}

StatusOr<nlohmann::json> ParseJson(const std::string& text, std::string_view what) {
  nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return InternalError(fmt::format("{} is not valid JSON", what));
  return value;
}

StatusOr<ReleaseRecord> ReadRelease(const SqliteStatement& row) {
  ReleaseRecord r;
  r.release_id = row.ColumnText(0);
  r.app_name = row.ColumnText(1);
  r.cluster = row.ColumnText(2);
  r.service = row.ColumnText(3);
  r.config_digest = row.ColumnText(4);
  r.task_definition = row.ColumnText(5);
  r.previous_task_definition = row.ColumnText(6);
  r.started_at = FromMillis(row.ColumnInt(7));
  r.finished_at = FromMillis(row.ColumnNullableInt(8));
  r.outcome = row.ColumnText(9);
  r.summary = row.ColumnText(10);
  ASSIGN_OR_RETURN(r.state,
                   ParseJson(row.ColumnText(11), fmt::format("release {} state", r.release_id)));
  return r;
}

}  // namespace

StatusOr<std::unique_ptr<Journal>> Journal::Open(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<SqliteDb> db, OpenJournalDatabase(path));
  return std::unique_ptr<Journal>(new Journal(std::move(db)));
}

Journal::Journal(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
Journal::~Journal() = default;

// ---- Releases ----

Status Journal::BeginRelease(const ReleaseRecord& release) {
  if (release.release_id.empty() || release.cluster.empty() || release.service.empty()) {
    return InvalidInputError("a release needs a release_id, a cluster and a service");
  }
  RETURN_IF_ERROR(CheckOutcome(release));
  ASSIGN_OR_RETURN(const std::string state,
                   DumpJson(release.state, fmt::format("release {} state", release.release_id)));
  ASSIGN_OR_RETURN(SqliteStatement stmt,
                   db_->Prepare("INSERT INTO releases (release_id, app_name, cluster, service,"
                                " config_digest, task_definition, previous_task_definition,"
                                " started_at_ms, finished_at_ms, outcome, summary, state)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"));
  stmt.BindText(1, release.release_id)
      .BindText(2, release.app_name)
      .BindText(3, release.cluster)
      .BindText(4, release.service)
      .BindText(5, release.config_digest)
      .BindText(6, release.task_definition)
      .BindText(7, release.previous_task_definition)
      .BindInt(8, ToMillis(release.started_at))
      .BindNullableInt(9, ToMillis(release.finished_at))
      .BindText(10, release.outcome)
      .BindText(11, release.summary)
      .BindText(12, state);
  Status status = stmt.Run();
  if (stmt.error_code() == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return ConflictError(fmt::format("release {} is already in the journal", release.release_id));
  }
  return status;
}

Status Journal::UpdateRelease(const ReleaseRecord& release) {
  RETURN_IF_ERROR(CheckOutcome(release));
  ASSIGN_OR_RETURN(const std::string state,
                   DumpJson(release.state, fmt::format("release {} state", release.release_id)));
  // The immutable fields are part of the match, so a caller holding the wrong record changes
  // nothing; the diagnosis below runs only on a miss.
  ASSIGN_OR_RETURN(SqliteStatement stmt,
                   db_->Prepare("UPDATE releases SET task_definition = ?7,"
                                " previous_task_definition = ?8, finished_at_ms = ?9,"
                                " outcome = ?10, summary = ?11, state = ?12"
                                " WHERE release_id = ?1 AND app_name = ?2 AND cluster = ?3"
                                " AND service = ?4 AND config_digest = ?5 AND started_at_ms = ?6"));
  stmt.BindText(1, release.release_id)
      .BindText(2, release.app_name)
      .BindText(3, release.cluster)
      .BindText(4, release.service)
      .BindText(5, release.config_digest)
      .BindInt(6, ToMillis(release.started_at))
      .BindText(7, release.task_definition)
      .BindText(8, release.previous_task_definition)
      .BindNullableInt(9, ToMillis(release.finished_at))
      .BindText(10, release.outcome)
      .BindText(11, release.summary)
      .BindText(12, state);
  RETURN_IF_ERROR(stmt.Run());
  if (db_->changes() > 0) return Status::Ok();

  ASSIGN_OR_RETURN(std::optional<ReleaseRecord> stored, FindRelease(release.release_id));
  if (!stored) {
    return NotFoundError(fmt::format("release {} is not in the journal", release.release_id));
  }
  return InvalidInputError(fmt::format(
      "release {}: an immutable field (app, cluster, service, config digest, start time) differs "
      "from the journal's; stored {}/{}/{} digest {}",
      release.release_id, stored->app_name, stored->cluster, stored->service,
      stored->config_digest));
}

StatusOr<std::optional<ReleaseRecord>> Journal::FindOneRelease(
    std::string_view where, std::initializer_list<std::string_view> params) {
  ASSIGN_OR_RETURN(SqliteStatement stmt, db_->Prepare(std::string(kSelectRelease) +
                                                      std::string(where)));
  int index = 1;
  for (std::string_view param : params) stmt.BindText(index++, param);
  ASSIGN_OR_RETURN(const bool row, stmt.Step());
  if (!row) return std::optional<ReleaseRecord>();
  ASSIGN_OR_RETURN(ReleaseRecord release, ReadRelease(stmt));
  return std::optional<ReleaseRecord>(std::move(release));
}

StatusOr<std::optional<ReleaseRecord>> Journal::FindRelease(const std::string& release_id) {
  return FindOneRelease("WHERE release_id = ?1", {release_id});
}

StatusOr<std::optional<ReleaseRecord>> Journal::FindUnfinished(const std::string& cluster,
                                                               const std::string& service) {
  static const std::string sql =
      std::string("WHERE cluster = ?1 AND service = ?2 AND outcome IN ('running', "
                  "'interrupted')") + kNewestFirst + " LIMIT 1";
  return FindOneRelease(sql, {cluster, service});
}

StatusOr<std::optional<ReleaseRecord>> Journal::LastReleased(const std::string& cluster,
                                                             const std::string& service) {
  static const std::string sql =
      std::string("WHERE cluster = ?1 AND service = ?2 AND outcome = 'released'") + kNewestFirst +
      " LIMIT 1";
  return FindOneRelease(sql, {cluster, service});
}

StatusOr<std::vector<ReleaseRecord>> Journal::History(const std::string& cluster,
                                                      const std::string& service, int limit) {
  if (limit < 1) return InvalidInputError(fmt::format("history limit {} is below 1", limit));
  ASSIGN_OR_RETURN(SqliteStatement stmt,
                   db_->Prepare(std::string(kSelectRelease) +
                                "WHERE cluster = ?1 AND service = ?2" + kNewestFirst +
                                " LIMIT ?3"));
  stmt.BindText(1, cluster).BindText(2, service).BindInt(3, limit);
  std::vector<ReleaseRecord> releases;
  while (true) {
    ASSIGN_OR_RETURN(const bool row, stmt.Step());
    if (!row) break;
    ASSIGN_OR_RETURN(ReleaseRecord release, ReadRelease(stmt));
    releases.push_back(std::move(release));
  }
  return releases;
}

// ---- Calls ----

StatusOr<int64_t> Journal::CallStarted(const std::string& release_id, const std::string& step,
                                       const std::string& operation,
                                       const std::string& client_token, WallTime at) {
  if (step.empty() || operation.empty()) {
    return InvalidInputError(fmt::format("release {}: a call needs a step and an operation",
                                         release_id));
  }
  // One statement, so the next sequence number is read and used under the same write lock
  // even when another process journals the same release.
  ASSIGN_OR_RETURN(SqliteStatement stmt,
                   db_->Prepare("INSERT INTO calls (release_id, sequence, step, operation,"
                                " client_token, started_at_ms, finished_at_ms, result)"
                                " SELECT ?1, COALESCE(MAX(sequence), 0) + 1, ?2, ?3, ?4, ?5,"
                                " NULL, '' FROM calls WHERE release_id = ?1"));
  stmt.BindText(1, release_id)
      .BindText(2, step)
      .BindText(3, operation)
      .BindText(4, client_token)
      .BindInt(5, ToMillis(at));
  Status status = stmt.Run();
  if (stmt.error_code() == SQLITE_CONSTRAINT_FOREIGNKEY) {
    return NotFoundError(fmt::format("release {} is not in the journal", release_id));
  }
  RETURN_IF_ERROR(status);
  return db_->last_insert_rowid();
}

Status Journal::CallFinished(int64_t call_id, const std::string& result, WallTime at) {
  if (result.empty()) {
    return InvalidInputError(fmt::format(
        "call {}: an empty result means \"in flight\"; pass \"ok\" or the error", call_id));
  }
  ASSIGN_OR_RETURN(SqliteStatement stmt,
                   db_->Prepare("UPDATE calls SET result = ?2, finished_at_ms = ?3"
                                " WHERE id = ?1 AND finished_at_ms IS NULL"));
  stmt.BindInt(1, call_id).BindText(2, result).BindInt(3, ToMillis(at));
  RETURN_IF_ERROR(stmt.Run());
  if (db_->changes() > 0) return Status::Ok();

  ASSIGN_OR_RETURN(SqliteStatement find, db_->Prepare("SELECT result FROM calls WHERE id = ?1"));
  find.BindInt(1, call_id);
  ASSIGN_OR_RETURN(const bool row, find.Step());
  if (!row) return NotFoundError(fmt::format("call {} is not in the journal", call_id));
  return ConflictError(fmt::format("call {} already finished with result \"{}\"", call_id,
                                   find.ColumnText(0)));
}

StatusOr<std::vector<CallRecord>> Journal::Calls(const std::string& release_id) {
  ASSIGN_OR_RETURN(SqliteStatement stmt,
                   db_->Prepare("SELECT id, release_id, sequence, step, operation, client_token,"
                                " started_at_ms, finished_at_ms, result FROM calls"
                                " WHERE release_id = ?1 ORDER BY sequence"));
  stmt.BindText(1, release_id);
  std::vector<CallRecord> calls;
  while (true) {
    ASSIGN_OR_RETURN(const bool row, stmt.Step());
    if (!row) break;
    CallRecord c;
    c.id = stmt.ColumnInt(0);
    c.release_id = stmt.ColumnText(1);
    c.sequence = stmt.ColumnInt(2);
    c.step = stmt.ColumnText(3);
    c.operation = stmt.ColumnText(4);
    c.client_token = stmt.ColumnText(5);
    c.started_at = FromMillis(stmt.ColumnInt(6));
    c.finished_at = FromMillis(stmt.ColumnNullableInt(7));
    c.result = stmt.ColumnText(8);
    calls.push_back(std::move(c));
  }
  return calls;
}

StatusOr<std::map<std::string, int>> Journal::CallCounts(const std::string& release_id) {
  ASSIGN_OR_RETURN(SqliteStatement stmt,
                   db_->Prepare("SELECT operation, count(*) FROM calls WHERE release_id = ?1"
                                " GROUP BY operation"));
  stmt.BindText(1, release_id);
  std::map<std::string, int> counts;
  while (true) {
    ASSIGN_OR_RETURN(const bool row, stmt.Step());
    if (!row) break;
    counts[stmt.ColumnText(0)] = static_cast<int>(stmt.ColumnInt(1));
  }
  return counts;
}

// ---- Events ----

Status Journal::AddEvent(const std::string& release_id, const std::string& type,
                         const nlohmann::json& data, WallTime at) {
  if (type.empty()) {
    return InvalidInputError(fmt::format("release {}: an event needs a type", release_id));
  }
  ASSIGN_OR_RETURN(const std::string text,
                   DumpJson(data, fmt::format("release {} event {} data", release_id, type)));
  ASSIGN_OR_RETURN(SqliteStatement stmt,
                   db_->Prepare("INSERT INTO events (release_id, at_ms, type, data)"
                                " VALUES (?1, ?2, ?3, ?4)"));
  stmt.BindText(1, release_id).BindInt(2, ToMillis(at)).BindText(3, type).BindText(4, text);
  Status status = stmt.Run();
  if (stmt.error_code() == SQLITE_CONSTRAINT_FOREIGNKEY) {
    return NotFoundError(fmt::format("release {} is not in the journal", release_id));
  }
  return status;
}

StatusOr<std::vector<EventRecord>> Journal::Events(const std::string& release_id) {
  ASSIGN_OR_RETURN(SqliteStatement stmt,
                   db_->Prepare("SELECT id, release_id, at_ms, type, data FROM events"
                                " WHERE release_id = ?1 ORDER BY id"));
  stmt.BindText(1, release_id);
  std::vector<EventRecord> events;
  while (true) {
    ASSIGN_OR_RETURN(const bool row, stmt.Step());
    if (!row) break;
    EventRecord e;
    e.id = stmt.ColumnInt(0);
    e.release_id = stmt.ColumnText(1);
    e.at = FromMillis(stmt.ColumnInt(2));
    e.type = stmt.ColumnText(3);
    ASSIGN_OR_RETURN(e.data, ParseJson(stmt.ColumnText(4),
                                       fmt::format("event {} data", e.id)));
    events.push_back(std::move(e));
  }
  return events;
}

}  // namespace kanaria::engine
