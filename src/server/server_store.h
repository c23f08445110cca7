// server_store.h — what the server needs of a database: the service's storage contract
// (service/store.h) plus health, bulk loading, flushing batched writes and where reads may
// block; the retention clean-up is in service/store.h (MaintenanceStore). SQLite (embedded,
// default) and PostgreSQL (scale-out) implement it, and pass the same conformance suite.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "service/store.h"

namespace bk::server {

class ServerStore : public RegistryStore, public CreditStore, public SessionStore, public RateStore, public MaintenanceStore,
                    public InquiryReadStore {
public:
    using PersonSink = std::function<void(const PersonRecord&)>;

    // Reads answer, and writes do: a read probe every call, a write probe at most every few
    // seconds, and any write failure of the last 30 s (write_health.h). Unavailable otherwise.
    virtual StoreStatus health() = 0;
    // Bulk load in one transaction, all or nothing: `produce` is handed a sink and calls it for
    // every person (so a generator can stream 10M rows without holding them).
    virtual StoreStatus put_persons(const std::function<void(const PersonSink&)>& produce) = 0;
    // Waits until every batched write is in the database (no-op where nothing is batched).
    virtual void flush() {}
    // Whether a read may wait on something slow (a network round trip): then the server calls
    // reads from its workers, else from its I/O threads (routes.h, Work::Reads). SQLite's reads
    // are of a local file, mostly in the page cache, and never wait for a writer (WAL).
    virtual bool reads_may_block() const = 0;
    // From the single reads (SQLite: no round trips); PostgreSQL answers it in one statement.
    StoreResult<InquiryRead> read_for_inquiry(const std::string& token_hash, const std::string& national_id) override {
        return read_for_inquiry_in_parts(*this, *this, *this, token_hash, national_id);
    }
};

// "postgres://…" or "postgresql://…" → PostgreSQL with a pool of `connections`; anything else
// is a SQLite file path. Creates and migrates the schema. The error says what is wrong in words
// an operator can act on (a read-only file, a server that refuses the connection, …).
StoreResult<std::unique_ptr<ServerStore>> open_store(const std::string& db, int connections = 8);
bool is_postgres_url(const std::string& db);

} // namespace bk::server
