#include "engine/sqlite.h"

#include <sqlite3.h>

#include <fmt/format.h>

#include <utility>

namespace kanaria::engine {

// ---- SqliteStatement ----

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      error_code_(other.error_code_) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
    error_code_ = other.error_code_;
  }
  return *this;
}

SqliteStatement::~SqliteStatement() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

void SqliteStatement::NoteBindResult(int rc) {
  if (rc != SQLITE_OK && error_code_ == 0) error_code_ = rc;
}

SqliteStatement& SqliteStatement::BindText(int index, std::string_view text) {
  // SQLITE_TRANSIENT: SQLite copies the bytes, so callers may bind temporaries.
  NoteBindResult(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT,
                                     SQLITE_UTF8));
  return *this;
}

SqliteStatement& SqliteStatement::BindInt(int index, int64_t value) {
  NoteBindResult(sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

SqliteStatement& SqliteStatement::BindNullableInt(int index, std::optional<int64_t> value) {
  NoteBindResult(value ? sqlite3_bind_int64(stmt_, index, *value) : sqlite3_bind_null(stmt_, index));
  return *this;
}

StatusOr<bool> SqliteStatement::Step() {
  if (error_code_ != 0) return db_->ErrorStatus(error_code_);
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  error_code_ = rc;
  return db_->ErrorStatus(rc);
}

Status SqliteStatement::Run() {
  while (true) {
    ASSIGN_OR_RETURN(const bool row, Step());
    if (!row) return Status::Ok();
  }
}

int64_t SqliteStatement::ColumnInt(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::optional<int64_t> SqliteStatement::ColumnNullableInt(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(stmt_, column);
}

std::string SqliteStatement::ColumnText(int column) const {
  // Text first, then bytes: the documented order that avoids a second conversion.
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  const int size = sqlite3_column_bytes(stmt_, column);
  return text == nullptr ? std::string() : std::string(text, static_cast<size_t>(size));
}

// ---- SqliteDb ----

StatusOr<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::string& path,
                                                   std::string corruption_advice) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                 nullptr);
  // SQLite hands back a handle even on failure (to carry the message); the owner closes it.
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw, path, std::move(corruption_advice)));
  if (raw == nullptr) return UnavailableError(fmt::format("cannot open {}: out of memory", path));
  sqlite3_extended_result_codes(raw, 1);
  if (rc != SQLITE_OK) return db->ErrorStatus(rc);
  return db;
}

SqliteDb::~SqliteDb() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

StatusOr<SqliteStatement> SqliteDb::Prepare(std::string_view sql) const {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return ErrorStatus(rc);
  }
  if (stmt == nullptr) return InternalError(fmt::format("{}: empty SQL statement", path_));
  return SqliteStatement(this, stmt);
}

Status SqliteDb::Exec(const char* sql) const {
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status::Ok() : ErrorStatus(rc);
}

Status SqliteDb::SetBusyTimeout(int milliseconds) const {
  const int rc = sqlite3_busy_timeout(db_, milliseconds);
  return rc == SQLITE_OK ? Status::Ok() : ErrorStatus(rc);
}

int64_t SqliteDb::changes() const { return sqlite3_changes64(db_); }

int64_t SqliteDb::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

Status SqliteDb::ErrorStatus(int rc) const {
  // sqlite3_errmsg describes the most recent failure on this connection, which is `rc`'s.
  const std::string detail = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return UnavailableError(fmt::format("{} is corrupt or not an SQLite database ({}){}{}", path_,
                                          detail, corruption_advice_.empty() ? "" : "; ",
                                          corruption_advice_));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return UnavailableError(fmt::format(
          "{}: {} (busy: another process may be holding it)", path_, detail));
    case SQLITE_CANTOPEN:
      return UnavailableError(fmt::format("cannot open {}: {}", path_, detail));
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_PROTOCOL:
    case SQLITE_NOLFS:
    case SQLITE_AUTH:
      return UnavailableError(fmt::format("{}: {}", path_, detail));
    case SQLITE_CONSTRAINT:
      return ConflictError(fmt::format("{}: {}", path_, detail));
    case SQLITE_TOOBIG:
      return InvalidInputError(fmt::format("{}: {}", path_, detail));
    default:
      return InternalError(fmt::format("{}: {} (sqlite code {})", path_, detail, rc));
  }
}

// ---- SqliteTransaction ----

StatusOr<std::unique_ptr<SqliteTransaction>> SqliteTransaction::BeginImmediate(
    const SqliteDb& db) {
  RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  return std::unique_ptr<SqliteTransaction>(new SqliteTransaction(db));
}

SqliteTransaction::~SqliteTransaction() {
  // A failed ROLLBACK leaves nothing to do: SQLite rolls back when the connection closes.
  if (open_) (void)db_.Exec("ROLLBACK");
}

Status SqliteTransaction::Commit() {
  RETURN_IF_ERROR(db_.Exec("COMMIT"));
  open_ = false;
  return Status::Ok();
}

}  // namespace kanaria::engine
