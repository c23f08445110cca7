#include "server/server_store.h"

#include "server/pg_store.h"
#include "server/sqlite_store.h"

namespace bk::server {

bool is_postgres_url(const std::string& db) { return db.rfind("postgres://", 0) == 0 || db.rfind("postgresql://", 0) == 0; }

StoreResult<std::unique_ptr<ServerStore>> open_store(const std::string& db, int connections) {
    if (is_postgres_url(db)) {
        auto pg = PgStore::open(db, connections);
        if (!pg) return pg.error();
        return std::unique_ptr<ServerStore>(std::move(*pg));
    }
    auto lite = SqliteStore::open(db);
    if (!lite) return lite.error();
    return std::unique_ptr<ServerStore>(std::move(*lite));
}

} // namespace bk::server
