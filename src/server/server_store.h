// server_store.h — what the server needs of a database: the service's storage interfaces plus a
// health probe and bulk loading. SQLite (embedded, default) and PostgreSQL (scale-out) implement it.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "service/store.h"

namespace bk::server {

class ServerStore : public RegistryStore, public CreditStore, public SessionStore, public RateStore {
public:
    using PersonSink = std::function<void(const PersonRecord&)>;

    virtual Status<> ping() = 0; // is the database answering?
    // Bulk load in one transaction, all or nothing: `produce` is handed a sink and calls it for
    // every person (so a generator can stream 10M rows without holding them).
    virtual Status<> put_persons(const std::function<void(const PersonSink&)>& produce) = 0;
    // Waits until every queued write is in the database (no-op where nothing is queued).
    virtual void flush_receipts() {}
};

// "postgres://…" or "postgresql://…" → PostgreSQL; anything else is a SQLite file path.
Result<std::unique_ptr<ServerStore>> open_store(const std::string& db);
bool is_postgres_url(const std::string& db);

} // namespace bk::server
