// The journal's file: where it lives, how it is opened, and its schema and migrations
// (documented in journal_schema.cc). Journal (journal.h) is the only user.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "engine/sqlite.h"

namespace kanaria::engine {

// Opens the journal database at `path` ready for use: missing parent directories created with
// mode 0700, the file with 0600; WAL mode, 5 s busy timeout, synchronous=FULL, foreign keys on;
// the schema created or migrated to the current version under the write lock (safe when several
// processes open a new file at once).
// Errors: kInvalidInput for an empty path; kConflict for a schema version newer than this build's;
// kUnavailable naming the path, with advice to move the file aside, for a file that is not an
// SQLite database, is corrupt or holds someone else's tables; kUnavailable for I/O failures.
StatusOr<std::unique_ptr<SqliteDb>> OpenJournalDatabase(const std::string& path);

}  // namespace kanaria::engine
