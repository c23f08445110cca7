// migrations.h — the database schema, as one versioned list for both SQL dialects. A store
// applies, in order and each in its own transaction, every migration above the version the
// database records (SQLite: PRAGMA user_version; PostgreSQL: the schema_version table, under an
// advisory lock, so servers may start together). A migration is never edited once released:
// a change is a new one at the end (and a test opens a database of every older version).
#pragma once
#include <span>

namespace bk::server {

struct Migration {
    int version;
    const char* what;
    const char* sqlite;
    const char* postgres;
};

std::span<const Migration> migrations();
int schema_version(); // the newest

} // namespace bk::server
