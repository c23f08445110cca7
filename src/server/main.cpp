// main.cpp — the barkhordari command: serve (default), import, seed-demo, --version.
#include <csignal>
#include <cstdio>
#include <fstream>
#include <string>

#include "core/local_time.h"
#include "server/build_info.h"
#include "server/config.h"
#include "server/http_server.h"
#include "server/log.h"
#include "server/registry_import.h"
#include "server/server_app.h"
#include "server/server_store.h"
#include "server/sms_http.h"
#include "server/system_clock.h"
#include "service/registry_generator.h"


using namespace bk;
using namespace bk::server;

namespace {

int cmd_import(const ServerConfig& config) {
    std::ifstream in(config.importFile);
    if (!in) { std::fprintf(stderr, "cannot read %s\n", config.importFile.c_str()); return 1; }
    ImportResult r = parse_registry_csv(in);
    if (!r.problems.empty()) {
        for (const ImportProblem& p : r.problems) std::fprintf(stderr, "%s:%zu: %s\n", config.importFile.c_str(), p.line, p.reason.c_str());
        std::fprintf(stderr, "%zu rows rejected; nothing imported\n", r.problems.size());
        return 1;
    }
    auto store = open_store(config.db);
    if (!store) { std::fprintf(stderr, "%s\n", store.error().detail.c_str()); return 1; }
    auto ok = (*store)->put_persons([&](const ServerStore::PersonSink& sink) {
        for (const PersonRecord& p : r.persons) sink(p);
    });
    if (!ok) { std::fprintf(stderr, "import failed: %s\n", ok.error().detail.c_str()); return 1; }
    std::printf("imported %zu persons into %s\n", r.persons.size(), config.db.c_str());
    return 0;
}

int cmd_seed_demo(const ServerConfig& config) {
    RegistryGenOptions o;
    o.persons = static_cast<uint64_t>(config.persons);
    o.seed = static_cast<uint64_t>(config.seed);
    o.today = local_date(SystemClock().now_ms());
    auto store = open_store(config.db);
    if (!store) { std::fprintf(stderr, "%s\n", store.error().detail.c_str()); return 1; }
    // Generated in order and streamed into one transaction.
    auto ok = (*store)->put_persons([&](const ServerStore::PersonSink& sink) { generate_registry(o, sink); });
    if (!ok) { std::fprintf(stderr, "seed failed: %s\n", ok.error().detail.c_str()); return 1; }
    const DemoSamples s = demo_samples(o.seed);
    std::printf("seeded %llu persons into %s (seed %llu)\n", static_cast<unsigned long long>(o.persons), config.db.c_str(),
                static_cast<unsigned long long>(o.seed));
    std::printf("national IDs to try:\n  %s  eligible main insured\n  %s  son (10)\n  %s  pensioner\n  %s  lapsed policy\n  %s  revoked\n",
                s.eligibleMain.c_str(), s.son.c_str(), s.pensioner.c_str(), s.lapsed.c_str(), s.revoked.c_str());
    return 0;
}

int cmd_serve(const ServerConfig& config) {
    // A full disk or a file-size limit must fail the write, not kill the server.
    std::signal(SIGXFSZ, SIG_IGN);
    std::signal(SIGPIPE, SIG_IGN);
    const int64_t files = raise_open_files_limit();

    HttpOptions http;
    if (!split_host_port(config.listen, http.address, http.port)) { std::fprintf(stderr, "--listen must be host:port\n"); return 2; }
    http.ioThreads = config.ioThreads;
    http.readTimeoutSeconds = config.readTimeoutSeconds;
    http.idleTimeoutSeconds = config.idleTimeoutSeconds;
    http.maxConnections = config.maxConnections;
    http.maxConnectionsPerClient = config.maxConnectionsPerClient;
    // SQLite: a connection per worker, the clean-up and /healthz, each with its file, WAL and
    // shared-memory descriptors. PostgreSQL: one socket each.
    http.reserveFiles = (config.workers + 2) * (is_postgres_url(config.db) ? 1 : 3);
    http.connectionKey = [trusted = config.trusted](const std::string& peer) {
        return is_trusted(peer, trusted) ? std::string() : client_key(peer); // a trusted proxy carries many clients
    };

    auto app = ServerApp::create(config);
    if (!app) { std::fprintf(stderr, "cannot start: %s\n", app.error().detail.c_str()); return 1; }
    ServerApp& a = **app;
    http.bodyLimitFor = [&a](http::verb method, std::string_view target) { return a.body_limit(method, target); };
    HttpServer server(
        http, [&a](Request&& req, const std::string& peer, std::function<void(Response&&)> send) { a.handle(std::move(req), peer, std::move(send)); },
        [&a](int status, const char* code, const std::string& peer) { return a.http_error(status, code, peer); });
    std::string error;
    if (!server.listen(error)) { std::fprintf(stderr, "%s\n", error.c_str()); return 1; }
    // On stdout with the other log lines, so it comes before "listening" (stderr is another pipe).
    if (config.maxConnections > server.files_allowed())
        log_event("warning", {{"detail", "--max-connections " + std::to_string(config.maxConnections) + " is more than the open-files limit allows (" +
                                             std::to_string(server.files_allowed()) +
                                             "): new connections will wait whenever descriptors run out; raise LimitNOFILE"}});
    a.watch(&server);
    log_event("listening", {{"address", http.address},
                            {"port", static_cast<long long>(server.port())},
                            {"db", is_postgres_url(config.db) ? std::string("postgres") : config.db},
                            {"dev", config.dev},
                            {"client", a.has_client()},
                            {"sms", config.smsProvider},
                            {"open_files", static_cast<long long>(files)},
                            {"max_connections", static_cast<long long>(server.stats().limit)},
                            {"version", build_version()}});
    server.run();
    a.stop();
    log_event("stopped");
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    ServerConfig config;
    std::string message;
    switch (parse_config(argc, argv, config, message)) {
    case ParseOutcome::Help: std::fputs(config_help().c_str(), stdout); return 0;
    case ParseOutcome::HelpMarkdown: std::fputs(config_help_markdown().c_str(), stdout); return 0;
    case ParseOutcome::Version: std::printf("barkhordari %s (%s)\n", build_version(), build_revision()); return 0;
    case ParseOutcome::Error: std::fprintf(stderr, "%s\n", message.c_str()); return 2;
    case ParseOutcome::Run: break;
    }
    try {
        switch (config.command) {
        case Command::Import: return cmd_import(config);
        case Command::SeedDemo: return cmd_seed_demo(config);
        case Command::Serve: return cmd_serve(config);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fatal: %s\n", e.what());
        return 1;
    }
    return 0;
}
