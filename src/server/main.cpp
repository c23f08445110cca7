// main.cpp — the barkhordari command: serve (default), import, seed-demo.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "core/local_time.h"
#include "server/config.h"
#include "server/http_server.h"
#include "server/registry_import.h"
#include "server/server_app.h"
#include "server/server_store.h"
#include "server/system_clock.h"
#include "service/registry_generator.h"

using namespace bk;
using namespace bk::server;

namespace {

GregorianDate tehran_today() { return local_date(SystemClock().now_ms()); }

// Flags for the data commands: --db PATH, --persons N, --seed S.
bool data_flag(int argc, char** argv, int& i, const char* name, std::string& out) {
    const std::string arg = argv[i];
    const std::string flag = std::string("--") + name;
    if (arg == flag && i + 1 < argc) { out = argv[++i]; return true; }
    if (arg.rfind(flag + "=", 0) == 0) { out = arg.substr(flag.size() + 1); return true; }
    return false;
}

int cmd_import(int argc, char** argv) {
    std::string db = std::getenv("BK_DB") ? std::getenv("BK_DB") : "var/barkhordari.db", file;
    for (int i = 2; i < argc; ++i) {
        if (data_flag(argc, argv, i, "db", db)) continue;
        if (argv[i][0] == '-') { std::fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
        file = argv[i];
    }
    if (file.empty()) { std::fprintf(stderr, "usage: barkhordari import FILE.csv [--db PATH]\n"); return 2; }
    std::ifstream in(file);
    if (!in) { std::fprintf(stderr, "cannot read %s\n", file.c_str()); return 1; }
    ImportResult r = parse_registry_csv(in);
    if (!r.problems.empty()) {
        for (const ImportProblem& p : r.problems) std::fprintf(stderr, "%s:%zu: %s\n", file.c_str(), p.line, p.reason.c_str());
        std::fprintf(stderr, "%zu rows rejected; nothing imported\n", r.problems.size());
        return 1;
    }
    auto store = open_store(db);
    if (!store) { std::fprintf(stderr, "%s\n", store.error().detail.c_str()); return 1; }
    auto ok = (*store)->put_persons([&](const ServerStore::PersonSink& sink) {
        for (const PersonRecord& p : r.persons) sink(p);
    });
    if (!ok) { std::fprintf(stderr, "import failed: %s\n", ok.error().detail.c_str()); return 1; }
    std::printf("imported %zu persons into %s\n", r.persons.size(), db.c_str());
    return 0;
}

int cmd_seed_demo(int argc, char** argv) {
    std::string db = std::getenv("BK_DB") ? std::getenv("BK_DB") : "var/barkhordari.db", persons = "1000", seed = "1405";
    for (int i = 2; i < argc; ++i) {
        if (data_flag(argc, argv, i, "db", db) || data_flag(argc, argv, i, "persons", persons) || data_flag(argc, argv, i, "seed", seed)) continue;
        std::fprintf(stderr, "unknown option %s\nusage: barkhordari seed-demo --persons N [--seed S] [--db PATH]\n", argv[i]);
        return 2;
    }
    RegistryGenOptions o;
    o.persons = std::strtoull(persons.c_str(), nullptr, 10);
    o.seed = std::strtoull(seed.c_str(), nullptr, 10);
    o.today = tehran_today();
    if (o.persons == 0 || o.persons > 100000000) { std::fprintf(stderr, "--persons must be 1..100000000\n"); return 2; }
    auto store = open_store(db);
    if (!store) { std::fprintf(stderr, "%s\n", store.error().detail.c_str()); return 1; }
    // Generated in order and streamed into one transaction.
    auto ok = (*store)->put_persons([&](const ServerStore::PersonSink& sink) { generate_registry(o, sink); });
    if (!ok) { std::fprintf(stderr, "seed failed: %s\n", ok.error().detail.c_str()); return 1; }
    const DemoSamples s = demo_samples(o.seed);
    std::printf("seeded %llu persons into %s (seed %llu)\n", static_cast<unsigned long long>(o.persons), db.c_str(),
                static_cast<unsigned long long>(o.seed));
    std::printf("national IDs to try:\n  %s  eligible main insured\n  %s  son (10)\n  %s  pensioner\n  %s  lapsed policy\n  %s  revoked\n",
                s.eligibleMain.c_str(), s.son.c_str(), s.pensioner.c_str(), s.lapsed.c_str(), s.revoked.c_str());
    return 0;
}

int cmd_serve(int argc, char** argv, int first) {
    ServerConfig config;
    std::string message;
    switch (parse_config(argc, argv, first, config, message)) {
    case ParseOutcome::Help: std::fputs(config_help().c_str(), stdout); return 0;
    case ParseOutcome::Error: std::fprintf(stderr, "%s\n", message.c_str()); return 2;
    case ParseOutcome::Run: break;
    }
    HttpOptions http;
    if (!split_host_port(config.listen, http.address, http.port)) { std::fprintf(stderr, "--listen must be host:port\n"); return 2; }
    http.ioThreads = config.ioThreads;
    http.readTimeoutSeconds = config.readTimeoutSeconds;
    http.idleTimeoutSeconds = config.idleTimeoutSeconds;

    auto app = ServerApp::create(config);
    if (!app) { std::fprintf(stderr, "cannot start: %s %s\n", app.error().code.c_str(), app.error().detail.c_str()); return 1; }
    ServerApp& a = **app;
    HttpServer server(http, [&a](Request&& req, const std::string& ip, std::function<void(Response&&)> send) {
        a.handle(std::move(req), ip, std::move(send));
    });
    std::string error;
    if (!server.listen(error)) { std::fprintf(stderr, "%s\n", error.c_str()); return 1; }
    std::printf("{\"event\":\"listening\",\"address\":\"%s\",\"port\":%u,\"db\":\"%s\",\"dev\":%s,\"client\":%s}\n", http.address.c_str(),
                server.port(), config.db.c_str(), config.dev ? "true" : "false", a.has_client() ? "true" : "false");
    std::fflush(stdout);
    server.run();
    std::printf("{\"event\":\"stopped\"}\n");
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    if (argc >= 2 && std::strcmp(argv[1], "import") == 0) return cmd_import(argc, argv);
    if (argc >= 2 && std::strcmp(argv[1], "seed-demo") == 0) return cmd_seed_demo(argc, argv);
    if (argc >= 2 && std::strcmp(argv[1], "serve") == 0) return cmd_serve(argc, argv, 2);
    return cmd_serve(argc, argv, 1);
}
