// A tiny RAII layer over the SQLite C API: one connection, prepared statements with bound
// parameters, and an IMMEDIATE transaction guard. Every failure becomes a Status that names the
// database file:
//   busy/locked, I/O, can't open, disk full, read-only   -> kUnavailable
//   corrupt or not a database                             -> kUnavailable + the caller's advice
//   constraint violation                                  -> kConflict (callers refine it)
//   value too big                                         -> kInvalidInput
//   anything else (misuse, ...)                           -> kInternal
// SQL text passed here is always a constant of the caller; values go through Bind*() only.
// Not thread-safe: one connection per owner.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace kanaria::engine {

class SqliteDb;

// A prepared statement; finalized on destruction. Move-only.
class SqliteStatement {
 public:
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  // Parameters are 1-based (`?1`, `?2`, ...). A failed bind is reported by the next Step().
  SqliteStatement& BindText(int index, std::string_view text);
  SqliteStatement& BindInt(int index, int64_t value);
  SqliteStatement& BindNullableInt(int index, std::optional<int64_t> value);  // NULL when empty

  // Runs one step: true when a row is ready to read, false when the statement is done.
  StatusOr<bool> Step();
  // Steps to completion ignoring rows (INSERT, UPDATE, DDL).
  Status Run();

  // Columns are 0-based. REQUIRES: the last Step() returned true.
  int64_t ColumnInt(int column) const;
  std::optional<int64_t> ColumnNullableInt(int column) const;
  std::string ColumnText(int column) const;  // "" for NULL; keeps embedded NULs

  // The extended SQLite result code of the last failure (bind or step), 0 when none. Lets callers
  // tell a duplicate key (SQLITE_CONSTRAINT_PRIMARYKEY) from a missing parent
  // (SQLITE_CONSTRAINT_FOREIGNKEY).
  int error_code() const { return error_code_; }

 private:
  friend class SqliteDb;
  SqliteStatement(const SqliteDb* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  void NoteBindResult(int rc);

  const SqliteDb* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  int error_code_ = 0;
};

// One open connection; closed on destruction (after every statement has been destroyed).
class SqliteDb {
 public:
  // Opens `path` read-write, creating an empty database when missing. Opening succeeds even for a
  // file that is not a database: SQLite reads the header lazily, so the first statement reports
  // it. `corruption_advice` is appended to every corrupt/not-a-database error.
  static StatusOr<std::unique_ptr<SqliteDb>> Open(const std::string& path,
                                                  std::string corruption_advice);
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  ~SqliteDb();

  StatusOr<SqliteStatement> Prepare(std::string_view sql) const;
  // Runs constant SQL that takes no values (pragmas, DDL, BEGIN/COMMIT); may hold several
  // statements.
  Status Exec(const char* sql) const;
  Status SetBusyTimeout(int milliseconds) const;

  int64_t changes() const;
  int64_t last_insert_rowid() const;
  const std::string& path() const { return path_; }

  // The Status for a failed SQLite result code `rc` (see the table at the top of this file).
  Status ErrorStatus(int rc) const;

 private:
  SqliteDb(sqlite3* db, std::string path, std::string corruption_advice)
      : db_(db), path_(std::move(path)), corruption_advice_(std::move(corruption_advice)) {}

  sqlite3* db_;
  std::string path_;
  std::string corruption_advice_;
};

// BEGIN IMMEDIATE on construction (taking the write lock up front, so the busy timeout applies
// and no read-to-write upgrade can deadlock); ROLLBACK on destruction unless Commit() succeeded.
class SqliteTransaction {
 public:
  static StatusOr<std::unique_ptr<SqliteTransaction>> BeginImmediate(const SqliteDb& db);
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  ~SqliteTransaction();
  Status Commit();

 private:
  explicit SqliteTransaction(const SqliteDb& db) : db_(db) {}
  const SqliteDb& db_;
  bool open_ = true;
};

}  // namespace kanaria::engine
