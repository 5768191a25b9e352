#include "engine/journal_schema.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iterator>

#include "core/log.h"

namespace kanaria::engine {
namespace {

// ---- Schema ----
//
// Migrations, applied in order inside one IMMEDIATE transaction to a file whose
// `PRAGMA user_version` is below their version. Each ends by setting user_version, so a crash
// mid-migration leaves the previous version (the transaction rolls back). Append a row to change
// the schema; never edit a shipped one. A file above kSchemaVersion is refused, not downgraded.
//
// Version 1:
//   releases  one row per release; finished_at_ms NULL until it ends; state is JSON text.
//   calls     one row per mutating AWS call; the row is written before the call with result ''
//             and finished_at_ms NULL, and completed after it. sequence is 1, 2, ... per release.
//   events    free-form, typed notes per release (JSON data), in id order.
// Times are INTEGER milliseconds since the Unix epoch. STRICT tables reject mistyped values.
struct Migration {
  int version;
  const char* sql;
};

constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE releases (
  release_id               TEXT NOT NULL PRIMARY KEY,
  app_name                 TEXT NOT NULL,
  cluster                  TEXT NOT NULL,
  service                  TEXT NOT NULL,
  config_digest            TEXT NOT NULL,
  task_definition          TEXT NOT NULL,
  previous_task_definition TEXT NOT NULL,
  started_at_ms            INTEGER NOT NULL,
  finished_at_ms           INTEGER,
  outcome                  TEXT NOT NULL,
  summary                  TEXT NOT NULL,
  state                    TEXT NOT NULL
) STRICT;
CREATE INDEX releases_by_service ON releases (cluster, service, started_at_ms);
CREATE TABLE calls (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  release_id     TEXT NOT NULL REFERENCES releases (release_id),
  sequence       INTEGER NOT NULL,
  step           TEXT NOT NULL,
  operation      TEXT NOT NULL,
  client_token   TEXT NOT NULL,
  started_at_ms  INTEGER NOT NULL,
  finished_at_ms INTEGER,
  result         TEXT NOT NULL DEFAULT '',
  UNIQUE (release_id, sequence)
) STRICT;
CREATE TABLE events (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  release_id TEXT NOT NULL REFERENCES releases (release_id),
  at_ms      INTEGER NOT NULL,
  type       TEXT NOT NULL,
  data       TEXT NOT NULL
) STRICT;
CREATE INDEX events_by_release ON events (release_id, id);
PRAGMA user_version = 1;
)sql"},
};
constexpr int kSchemaVersion = 1;
static_assert(kMigrations[std::size(kMigrations) - 1].version == kSchemaVersion);

constexpr int kBusyTimeoutMs = 5000;

// Creates each missing directory above `file` with mode 0700 (exactly: chmod undoes the umask).
// Directories that already exist are left as they are: they belong to the user.
Status CreateParentDirectories(const std::string& file) {
  const std::filesystem::path parent = std::filesystem::path(file).parent_path();
  std::filesystem::path current;
  for (const auto& part : parent) {
    current /= part;
    if (::mkdir(current.c_str(), 0700) == 0) {
      ::chmod(current.c_str(), 0700);
      continue;
    }
    const int err = errno;
    struct stat st {};
    if (err == EEXIST && ::stat(current.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) continue;
    return UnavailableError(fmt::format("cannot create directory {} for the journal {}: {}",
                                        current.string(), file,
                                        err == EEXIST ? "a file is in the way" : std::strerror(err)));
  }
  return Status::Ok();
}

// Creates `path` empty with mode 0600 when missing, so that SQLite (which would use 0644) and its
// -wal/-shm files (which copy the database's mode) are private to the user. An empty file is a
// valid empty database.
Status CreatePrivateFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return UnavailableError(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  }
  ::close(fd);
  return Status::Ok();
}

StatusOr<int> ReadUserVersion(const SqliteDb& db) {
  ASSIGN_OR_RETURN(SqliteStatement stmt, db.Prepare("PRAGMA user_version"));
  ASSIGN_OR_RETURN(const bool row, stmt.Step());
  if (!row) return InternalError(fmt::format("{}: PRAGMA user_version returned no row", db.path()));
  return static_cast<int>(stmt.ColumnInt(0));
}

Status RefuseNewerSchema(const SqliteDb& db, int version) {
  return ConflictError(fmt::format(
      "journal {} has schema version {}, newer than this kanaria understands ({}): it was written "
      "by a newer kanaria; upgrade kanaria or use another state directory",
      db.path(), version, kSchemaVersion));
}

Status Migrate(const SqliteDb& db) {
  ASSIGN_OR_RETURN(int version, ReadUserVersion(db));
  if (version > kSchemaVersion) return RefuseNewerSchema(db, version);
  if (version == kSchemaVersion) return Status::Ok();

  // Another process may be migrating too: decide again under the write lock.
  ASSIGN_OR_RETURN(auto transaction, SqliteTransaction::BeginImmediate(db));
  ASSIGN_OR_RETURN(version, ReadUserVersion(db));
  if (version > kSchemaVersion) return RefuseNewerSchema(db, version);
  if (version == 0) {
    // Version 0 is a fresh file, unless it already holds someone else's tables.
    ASSIGN_OR_RETURN(SqliteStatement count, db.Prepare("SELECT count(*) FROM sqlite_schema"));
    ASSIGN_OR_RETURN(const bool row, count.Step());
    if (row && count.ColumnInt(0) > 0) {
      return UnavailableError(fmt::format(
          "{} is an SQLite database but not a kanaria journal (it has tables and no schema "
          "version); move it aside or choose another state directory",
          db.path()));
    }
  }
  for (const Migration& migration : kMigrations) {
    if (migration.version <= version) continue;
    RETURN_IF_ERROR(db.Exec(migration.sql)
                        .WithContext(fmt::format("migrating the journal to schema version {}",
                                                 migration.version)));
  }
  return transaction->Commit();
}

}  // namespace

StatusOr<std::unique_ptr<SqliteDb>> OpenJournalDatabase(const std::string& path) {
  if (path.empty()) return InvalidInputError("journal path is empty");
  RETURN_IF_ERROR(CreateParentDirectories(path));
  RETURN_IF_ERROR(CreatePrivateFile(path));
  ASSIGN_OR_RETURN(
      std::unique_ptr<SqliteDb> db,
      SqliteDb::Open(path, fmt::format("move it aside (e.g. mv '{0}' '{0}.broken') and run "
                                       "kanaria again: it recovers the release state from AWS",
                                       path)));
  RETURN_IF_ERROR(db->SetBusyTimeout(kBusyTimeoutMs));

  {
    // The first statement reads the header: a file that is not a database fails here. The
    // statement must be gone before the migration commits.
    ASSIGN_OR_RETURN(SqliteStatement wal, db->Prepare("PRAGMA journal_mode = WAL"));
    ASSIGN_OR_RETURN(const bool row, wal.Step());
    const std::string mode = row ? wal.ColumnText(0) : "";
    if (mode != "wal") {
      // Still correct (rollback journal + busy timeout), only less concurrent. Happens on
      // filesystems without shared memory support.
      log::Warn("journal {}: WAL mode unavailable (journal_mode is \"{}\")", path, mode);
    }
  }
  RETURN_IF_ERROR(db->Exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"));
  RETURN_IF_ERROR(Migrate(*db));
  return db;
}

}  // namespace kanaria::engine
