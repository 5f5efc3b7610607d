#pragma once
// The session database's schema and its migrations. The version lives in PRAGMA user_version;
// each migration takes the schema from version N-1 to N inside one transaction.

#include "storage/sqlite.hpp"

namespace midline::storage {

inline constexpr int kSchemaVersion = 11;

int schema_version(Database& db);
// Brings the schema up to `target` (default: this program's). Throws StorageError when the file
// was written by a newer Midline (its version is above kSchemaVersion), leaving it untouched.
void migrate(Database& db, int target = kSchemaVersion);

}  // namespace midline::storage
